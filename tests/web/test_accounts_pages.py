"""Invites, sign-up, password change and reset, through the browser, with real mail."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from slingcoach.app.accounts import INVALID_LINK
from slingcoach.web.routes.accounts import RESET_SENT
from slingcoach.web.security import SESSION_COOKIE
from tests.web.conftest import Browser
from tests.web.mailbox import Mailbox
from tests.web.world import PASSWORD, World

LINK = re.compile(r"https://testserver(/(?:invite|reset)/[\w-]+)")


def _link_in(mailbox: Mailbox, address: str) -> str:
    [message] = mailbox.to(address)
    found = LINK.search(Mailbox.text(message))
    assert found, Mailbox.text(message)
    return found.group(1)


def test_a_coach_invites_a_new_client_who_signs_up_once(
    world: World, browser_for: Callable[..., Browser], anon: Callable[[], Browser], mailbox: Mailbox
) -> None:
    coach = browser_for(world.coach_a)
    sent = coach.post("/coach/invites", data={"name": "Casey Lee", "email": "Casey@Example.com"})
    assert sent.status_code == 200 and "Invitation sent to casey@example.com." in sent.text
    assert "Casey Lee" in sent.text and "waiting until" in sent.text
    [mail] = mailbox.to("casey@example.com")
    assert mail["Subject"] == "Alex Morgan invites you to slingcoach"
    link = _link_in(mailbox, "casey@example.com")

    guest = anon()
    form = guest.get(link)
    assert form.status_code == 200 and "Alex Morgan has invited you" in form.text
    short = guest.post(
        link, data={"name": "Casey Lee", "password": "short", "confirm": "short", "timezone": "UTC"}
    )
    assert short.status_code == 422
    assert 'id="f-password-error">the password needs at least 8 characters' in short.text
    joined = guest.post(
        link,
        data={
            "name": "Casey Lee",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "timezone": "Europe/Berlin",
        },
        follow_redirects=False,
    )
    assert joined.status_code == 303 and joined.headers["location"] == "/me/today"
    guest.refresh_csrf()
    me = guest.get("/api/session").json()["user"]
    assert me == {
        "email": "casey@example.com",
        "name": "Casey Lee",
        "role": "client",
        "timezone": "Europe/Berlin",
    }
    # the link worked once
    assert anon().get(link).status_code == 404
    again = anon().post(link, data={"name": "X", "password": PASSWORD, "confirm": PASSWORD})
    assert again.status_code == 404 and INVALID_LINK in again.text.lower()
    assert "joined" in coach.get("/coach/invites").text


def test_an_invite_links_an_existing_client_and_expires(
    world: World,
    web_app: FastAPI,
    browser_for: Callable[..., Browser],
    anon: Callable[[], Browser],
    mailbox: Mailbox,
) -> None:
    from slingcoach.app.clients import ClientCreate, add_client

    walk_in = add_client(web_app.state.db, ClientCreate(name="Dana Walk"))
    # not A's client yet: the coach cannot invite them
    coach = browser_for(world.coach_a)
    refused = coach.post(
        "/coach/invites", data={"name": "Dana", "email": "dana@example.com", "client": walk_in.slug}
    )
    assert refused.status_code == 422 and f"no client {walk_in.slug!r}" in html.unescape(
        refused.text
    )
    taken = coach.post(
        "/coach/invites", data={"name": "A2", "email": "x@example.com", "client": world.a2_slug}
    )
    assert taken.status_code == 409 and "has an account already" in taken.text
    existing = coach.post("/coach/invites", data={"name": "Sam", "email": "a1@example.com"})
    assert existing.status_code == 409 and "exists already" in existing.text
    bad = coach.post("/coach/invites", data={"name": "", "email": "not-mail"})
    assert bad.status_code == 422
    assert "id=\"f-email-error\">'not-mail' is not an e-mail address" in html.unescape(bad.text)
    assert not mailbox.messages

    ok = coach.post("/api/invites", json={"name": "Evan", "email": "evan@example.com"})
    assert ok.status_code == 201 and ok.json()["email"] == "evan@example.com"
    link = _link_in(mailbox, "evan@example.com")
    hours = web_app.state.settings.invite_hours
    web_app.state.clock = lambda: world.now + dt.timedelta(hours=hours)
    assert anon().get(link).status_code == 404


def test_changing_the_password_signs_out_the_other_sessions(
    world: World, browser_for: Callable[..., Browser], anon: Callable[[], Browser]
) -> None:
    phone, laptop = browser_for(world.a1), browser_for(world.a1)
    wrong = laptop.post(
        "/password", data={"current": "nope", "new": "new password 1", "confirm": "new password 1"}
    )
    assert wrong.status_code == 422 and "the current password is not right" in wrong.text
    differ = laptop.post(
        "/password", data={"current": PASSWORD, "new": "new password 1", "confirm": "other one"}
    )
    assert differ.status_code == 422 and "the two new passwords differ" in differ.text
    done = laptop.post(
        "/password",
        data={"current": PASSWORD, "new": "new password 1", "confirm": "new password 1"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/me/today"
    assert "1 other session signed out" in laptop.get("/password").text
    assert laptop.get("/api/session").json()["signed_in"] is True
    assert phone.get("/api/session").json()["signed_in"] is False
    old = anon().post("/login", data={"email": "a1@example.com", "password": PASSWORD})
    assert old.status_code == 401
    new = anon().post(
        "/login",
        data={"email": "a1@example.com", "password": "new password 1"},
        follow_redirects=False,
    )
    assert new.status_code == 303


def test_a_password_reset_by_mail_works_once_and_tells_nobody_who_has_an_account(
    world: World, browser_for: Callable[..., Browser], anon: Callable[[], Browser], mailbox: Mailbox
) -> None:
    signed_in = browser_for(world.coach_b)
    guest = anon()
    answers = [
        guest.post("/reset", data={"email": address}).text
        for address in ("coach-b@example.com", "nobody@example.com", "not an address")
    ]
    expected = RESET_SENT.format(minutes=60)
    assert all(expected in answer for answer in answers)
    assert [m["To"] for m in mailbox.messages] == ["coach-b@example.com"]
    link = _link_in(mailbox, "coach-b@example.com")
    form = guest.get(link)
    assert form.status_code == 200 and "Choose a new password" in form.text
    short = guest.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 422 and "at least 8 characters" in short.text
    done = guest.post(link, data={"password": "brand new pass", "confirm": "brand new pass"})
    assert done.status_code == 200 and "Your password is changed" in done.text
    assert signed_in.get("/api/session").json()["signed_in"] is False  # signed out everywhere
    assert guest.get(link).status_code == 404
    login = anon().post(
        "/login",
        data={"email": "coach-b@example.com", "password": "brand new pass"},
        follow_redirects=False,
    )
    assert login.status_code == 303 and SESSION_COOKIE in login.headers["set-cookie"]


def test_reset_mails_are_limited_per_address(
    world: World, anon: Callable[[], Browser], mailbox: Mailbox
) -> None:
    guest = anon()
    for _ in range(5):
        assert guest.post("/reset", data={"email": "a2@example.com"}).status_code == 200
    assert len(mailbox.to("a2@example.com")) == 3


@pytest.mark.parametrize("path", ["/invite/made-up-token", "/reset/made-up-token"])
def test_a_made_up_link_is_a_plain_404(
    world: World, anon: Callable[[], Browser], path: str
) -> None:
    response = anon().get(path)
    assert response.status_code == 404 and INVALID_LINK in response.text.lower()


def test_an_empty_required_field_says_so_beside_it(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    page = browser_for(world.coach_a).post("/coach/invites", data={"name": "", "email": ""})
    assert page.status_code == 422
    assert 'id="f-name-error">this field is required' in page.text
