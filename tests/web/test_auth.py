"""Signing in and out, the session cookie, CSRF, and the home redirect by role."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from slingcoach.web.security import CSRF_REFUSED, SESSION_COOKIE, unmask_token
from tests.web.conftest import Browser
from tests.web.world import PASSWORD, World

pytestmark = pytest.mark.usefixtures("world")


def test_the_login_page_is_a_real_page_with_its_csrf_token(anon: Callable[[], Browser]) -> None:
    browser = anon()
    page = browser.get("/login")
    assert page.status_code == 200
    assert "<h1>Sign in</h1>" in page.text
    # the token is masked afresh for each response (BREACH): the same token, other bytes
    (field,) = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)
    (meta,) = re.findall(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    again = re.findall(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
    assert field == meta and len({field, again[0], browser.csrf_token}) == 3
    assert unmask_token(field) == unmask_token(again[0]) == unmask_token(browser.csrf_token)
    assert page.headers["content-type"].startswith("text/html")
    signed = browser.post(
        "/login",
        data={"email": "a1@example.com", "password": PASSWORD, "csrf_token": field},
        follow_redirects=False,
        headers={"X-CSRF-Token": ""},
    )
    assert signed.status_code == 303


def test_a_masked_token_that_is_garbage_is_refused(anon: Callable[[], Browser]) -> None:
    browser = anon()
    for bad in ("m.", "m.!!!", "m.YWJj", browser.csrf_token[:-2]):
        browser.csrf_token = bad
        answer = browser.post("/login", data={"email": "a1@example.com", "password": PASSWORD})
        assert answer.status_code == 403 and "did not come from this site" in answer.text


@pytest.mark.parametrize(
    ("user", "home"), [("coach-a@example.com", "/coach/"), ("a1@example.com", "/me/today")]
)
def test_signing_in_sets_a_strict_cookie_and_goes_to_the_roles_home(
    anon: Callable[[], Browser], user: str, home: str
) -> None:
    browser = anon()
    response = browser.post(
        "/login", data={"email": user.upper(), "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == home
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and SESSION_COOKIE in v
    )
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "max-age", "path"} <= flags
    assert "samesite=lax" in cookie.lower()
    assert browser.get("/", follow_redirects=False).headers["location"] == home


def test_next_takes_the_user_back_but_never_off_site(anon: Callable[[], Browser]) -> None:
    browser = anon()
    back = browser.post(
        "/login",
        data={"email": "a1@example.com", "password": PASSWORD, "next": "/me/progress"},
        follow_redirects=False,
    )
    assert back.headers["location"] == "/me/progress"
    other = anon()
    off = other.post(
        "/login",
        data={"email": "a1@example.com", "password": PASSWORD, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert off.headers["location"] == "/me/today"


@pytest.mark.parametrize(
    ("email", "password"),
    [("a1@example.com", "wrong password"), ("nobody@example.com", PASSWORD), ("", "")],
)
def test_a_failed_login_says_the_same_thing_whatever_was_wrong(
    anon: Callable[[], Browser], email: str, password: str
) -> None:
    browser = anon()
    response = browser.post("/login", data={"email": email, "password": password})
    assert response.status_code == 401
    assert "wrong e-mail or password" in response.text
    assert SESSION_COOKIE not in browser.cookies


def test_logout_ends_the_session_in_the_database(
    browser_for: Callable[..., Browser], world: World
) -> None:
    browser = browser_for(world.coach_a)
    token = browser.cookies[SESSION_COOKIE]
    response = browser.post("/logout", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert browser.get("/api/session").json()["signed_in"] is False
    # the old cookie, replayed, opens nothing
    replay = Browser(browser.app, base_url="https://testserver", cookies={SESSION_COOKIE: token})
    assert replay.get("/api/session").json()["signed_in"] is False
    assert "You are signed out." in browser.get("/login").text


def test_a_session_expires(
    web_app: FastAPI, browser_for: Callable[..., Browser], world: World
) -> None:
    browser = browser_for(world.a1)
    assert browser.get("/api/session").json()["signed_in"] is True
    hours = web_app.state.settings.session_hours
    web_app.state.clock = lambda: world.now + dt.timedelta(hours=hours, seconds=1)
    assert browser.get("/api/session").json()["signed_in"] is False
    assert browser.get("/", follow_redirects=False).headers["location"] == "/login"


def test_writes_without_the_csrf_token_are_refused(
    anon: Callable[[], Browser], browser_for: Callable[..., Browser], world: World
) -> None:
    browser = anon()
    browser.send_csrf = False
    refused = browser.post("/login", data={"email": "a1@example.com", "password": PASSWORD})
    assert refused.status_code == 403 and CSRF_REFUSED in refused.text.lower()
    forged = browser.post(
        "/login",
        data={"email": "a1@example.com", "password": PASSWORD, "csrf_token": "forged.token"},
    )
    assert forged.status_code == 403
    signed_in = browser_for(world.coach_a)
    signed_in.send_csrf = False
    for method in ("POST", "DELETE"):
        response = signed_in.request(method, "/api/session")
        assert response.status_code == 403, method
        assert response.json() == {"detail": CSRF_REFUSED}
    # the pre-login token is not the session's: after signing in it no longer works
    stale = signed_in.post("/logout", data={"csrf_token": browser.csrf_token})
    assert stale.status_code == 403
    assert signed_in.get("/api/session").json()["signed_in"] is True


def test_the_json_api_signs_in_and_out(anon: Callable[[], Browser]) -> None:
    browser = anon()
    wrong = browser.post("/api/session", json={"email": "a2@example.com", "password": "nope"})
    assert wrong.status_code == 401 and wrong.json() == {"detail": "wrong e-mail or password"}
    ok = browser.post("/api/session", json={"email": "a2@example.com", "password": PASSWORD})
    assert ok.status_code == 200
    body = ok.json()
    assert body["signed_in"] is True and body["user"]["role"] == "client"
    browser.csrf_token = body["csrf_token"]
    assert browser.delete("/api/session").status_code == 204
    assert browser.get("/api/session").json()["signed_in"] is False


def test_anonymous_pages_redirect_to_login_and_the_api_answers_401(
    anon: Callable[[], Browser],
) -> None:
    browser = anon()
    page = browser.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"


def test_every_response_has_the_security_headers(anon: Callable[[], Browser]) -> None:
    browser = anon()
    for path in ("/login", "/api/session", "/static/app.css", "/no/such/page"):
        headers = browser.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path


def test_unknown_pages_get_a_friendly_404_and_the_api_json(anon: Callable[[], Browser]) -> None:
    browser = anon()
    page = browser.get("/no/such/page")
    assert page.status_code == 404 and "there is no page at this address" in page.text.lower()
    assert "Traceback" not in page.text
    api = browser.get("/api/no/such/thing")
    assert api.status_code == 404
    assert api.json() == {"detail": "there is no page at this address"}


def test_the_login_limit_slides_and_says_when_to_try_again(
    web_app: FastAPI, anon: Callable[[], Browser]
) -> None:
    from slingcoach.app.accounts import LOGIN_FAILURES_PER_ACCOUNT
    from tests.web.world import NOW

    minute = dt.timedelta(minutes=1)
    browser = anon()
    wrong = {"email": "a1@example.com", "password": "not the password"}
    for n in range(LOGIN_FAILURES_PER_ACCOUNT):
        web_app.state.clock = lambda n=n: NOW + (10 + n) * minute
        assert browser.post("/login", data=wrong).status_code == 401
    # 16 minutes in, a fixed window would have started afresh; the sliding one still counts
    web_app.state.clock = lambda: NOW + 16 * minute
    right = {"email": "a1@example.com", "password": PASSWORD}
    page = browser.post("/login", data=right)
    assert page.status_code == 429 and page.headers["retry-after"] == "540"
    assert "too many failed logins; try again in 9 minutes" in page.text
    api = browser.post("/api/session", json=right)
    assert api.status_code == 429 and api.headers["retry-after"] == "540"
    assert api.json() == {"detail": "too many failed logins; try again in 9 minutes"}
    web_app.state.clock = lambda: NOW + 25 * minute  # the oldest failure left the window
    assert browser.post("/login", data=right, follow_redirects=False).status_code == 303
