"""End to end in a real headless Chromium (issue 15, "Tests and figures").

One story, in order, against a live server (tests/web/live.py), as a coach and a client
would click through it; screenshots at phone (375×812) and desktop width go to
out/screenshots/ (look at them). Each step checks what the person would see, not the
database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.live import (
    DESKTOP,
    PHONE,
    ROOT,
    Live,
    chromium,
    quick_live_server,
    require_browser,
    shoot,
)
from tests.web.mailbox import SMTPServer
from tests.web.world import PASSWORD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, smtp_server: SMTPServer) -> Iterator[Live]:
    require_browser()
    with quick_live_server(tmp_path_factory.mktemp("e2e"), smtp_server) as server:
        yield server


@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[Any]:
    with chromium(require_browser()) as chromium_browser:
        yield chromium_browser


def sign_in(page: Any, live: Live, email: str) -> None:
    """The login form, as a person fills it in."""
    page.goto(f"{live.url}/login")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    page.wait_for_load_state()


def session_of(page: Any, live: Live) -> dict[str, Any]:
    """What the server says about this browser's session (``GET /api/session``)."""
    data: dict[str, Any] = page.request.get(f"{live.url}/api/session").json()
    return data


def test_the_login_page_at_phone_and_desktop_width(browser: Any, live: Live) -> None:
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{live.url}/login")
        assert page.locator("#f-email").is_visible()
        # nothing wider than the screen: no sideways scrolling on a phone
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name}: the page is {width} px wide"
        shot = shoot(page, f"00-login-{name}")
        assert shot.stat().st_size > 0
        context.close()


def test_a_coach_and_a_client_sign_in_and_out(browser: Any, live: Live) -> None:
    for email, role in ((live.world.coach_a.email, "coach"), (live.world.a1.email, "client")):
        context = browser.new_context(viewport=DESKTOP if role == "coach" else PHONE)
        page = context.new_page()
        sign_in(page, live, email)
        session = session_of(page, live)
        assert session["signed_in"] and session["user"]["role"] == role
        cookie = next(c for c in context.cookies() if c["name"] == "sc_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        context.close()


def test_a_wrong_password_is_said_next_to_the_form(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live.url}/login")
    page.locator("#f-email").fill(live.world.coach_b.email)
    page.locator("#f-password").fill("not the password")
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    page.wait_for_load_state()
    assert not session_of(page, live)["signed_in"]
    assert page.get_by_text(re.compile("wrong|incorrect|not match", re.IGNORECASE)).count() > 0
    shoot(page, "00-login-wrong-password-phone")
    context.close()


# --- the story of issue 15 ------------------------------------------------------------------
# Steps run in order in one test (each needs the one before). A step whose pages have not
# landed yet is not here: the closing note lists them.


def field(page: Any, name: str) -> Any:
    """A form field by the id the ``_forms.html`` macros give it (``f-<name>``)."""
    return page.locator(f'[id="f-{name}"]')


def press(page: Any, text: str) -> None:
    """Click the button named ``text`` and wait for the next page."""
    page.get_by_role("button", name=text).click()
    page.wait_for_load_state()


def no_sideways_scroll(page: Any, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{where}: {width} px wide on a {viewport} px screen"


def test_the_coaching_story(browser: Any, live: Live, smtp_server: SMTPServer) -> None:
    world = live.world
    mailbox = smtp_server.mailbox
    coach = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(coach, live, world.coach_a.email)

    # 1. the coach invites a client
    mailbox.clear()
    coach.goto(f"{live.url}/coach/invites")
    field(coach, "name").fill("Jamie Park")
    field(coach, "email").fill("jamie@example.com")
    press(coach, "Send the invitation")
    assert coach.get_by_text("Invitation sent to jamie@example.com").is_visible()
    shoot(coach, "01-coach-invited-desktop")
    [mail] = mailbox.to("jamie@example.com")
    link = re.search(r"(http://\S+/invite/\S+)", mailbox.text(mail))
    assert link, mailbox.text(mail)

    # 2. the client signs up on a phone (the intake form: see the note)
    jamie = browser.new_context(viewport=PHONE).new_page()
    jamie.goto(link.group(1))
    no_sideways_scroll(jamie, "sign-up")
    field(jamie, "password").fill("a long enough password")
    field(jamie, "confirm").fill("a long enough password")
    shoot(jamie, "02-client-sign-up-phone")
    press(jamie, "Open my account")
    assert session_of(jamie, live)["user"]["email"] == "jamie@example.com"
    shoot(jamie, "02-client-first-page-phone")

    # 2b. ... and fills in the intake on the phone, step by step (a reload keeps the answers)
    def next_step() -> None:
        jamie.get_by_role("button", name=re.compile("^Next")).click()
        jamie.wait_for_load_state()

    jamie.goto(f"{live.url}/me/intake")
    no_sideways_scroll(jamie, "intake")
    assert jamie.get_by_text("Step 1 of 6").is_visible()
    field(jamie, "person.age").fill("34")
    field(jamie, "person.body_mass_kg").fill("72")
    field(jamie, "person.dominant_hand").select_option("right")
    field(jamie, "person.dominant_leg").select_option("right")
    next_step()
    jamie.reload()
    field(jamie, "training.level").select_option("2")
    field(jamie, "training.days_per_week").fill("3")
    field(jamie, "training.minutes_per_session").fill("45")
    shoot(jamie, "02-client-intake-step-2-phone")
    next_step()
    next_step()  # how the back and hips feel: nothing to tell
    next_step()  # no injuries
    for answer in jamie.locator("input[type=radio][value=no]").all():
        answer.check()
    next_step()
    assert jamie.get_by_text("Step 6 of 6").is_visible()
    press(jamie, "Save my answers")
    assert jamie.locator(".field__error").count() == 0, jamie.locator(
        ".field__error"
    ).all_inner_texts()
    shoot(jamie, "02-client-intake-saved-phone")

    # 3. the coach enters field tests (left and right side by side) and uploads a recording
    coach.goto(f"{live.url}/coach/")
    coach.get_by_role("link", name="Jamie Park").click()
    coach.wait_for_load_state()
    jamie_page = coach.url
    coach.get_by_text("Enter field tests").click()
    for test, left, right in (
        ("single-leg-glute-bridge-reps", "25", "19"),
        ("single-leg-hip-thrust-reps", "20", "15"),
        ("side-plank-hold", "60", "58"),
    ):
        coach.locator(f'input[name="{test}.left"]').fill(left)
        coach.locator(f'input[name="{test}.right"]').fill(right)
    shoot(coach, "03-coach-field-tests-desktop")
    press(coach, "Keep the tests and assess again")
    assert coach.locator(".field__error, .alert--error").count() == 0
    assert coach.get_by_text("right posterior oblique sling", exact=False).count() > 0
    coach.get_by_text("Upload a recording").click()
    coach.locator("#f-file").set_input_files(
        str(ROOT / "samples" / "recordings" / "sam-phe-right.csv")
    )
    coach.locator("#f-kind").select_option("emg")
    field(coach, "task").fill("prone-hip-extension")
    press(coach, "Upload and analyse")
    analysis = coach.locator("#analysis")
    assert analysis.is_visible() and "alert--error" not in (analysis.get_attribute("class") or "")
    shoot(coach, "03-coach-recording-analysed-desktop")

    # 4. a program is generated, starting today
    coach.goto(jamie_page)
    coach.get_by_text("Make a new program from the latest assessment").click()
    field(coach, "weeks").fill("4")
    field(coach, "start_date").fill(world.today.isoformat())
    press(coach, "Make the program")
    assert coach.locator(".alert--error, .field__error").count() == 0
    shoot(coach, "04-coach-program-made-desktop")

    # 5. the client logs today's session on the phone, set by set, weaker side first
    jamie.goto(f"{live.url}/me/today")
    no_sideways_scroll(jamie, "today")
    shoot(jamie, "05-client-today-phone")
    for done in range(2):  # the next set twice (htmx swaps the exercise's card)
        jamie.locator("form.set__form button.set__tick").first.click()
        jamie.locator(".set--done").nth(done).wait_for()
    shoot(jamie, "05-client-two-sets-logged-phone")
    jamie.reload()  # what is logged survives a reload
    assert jamie.locator(".set--done").count() == 2
    jamie.locator("input[name=session_rpe][value='6']").check(force=True)
    jamie.locator("input[name=pain][value='2']").check(force=True)
    press(jamie, "Save how it went")
    shoot(jamie, "05-client-session-saved-phone")

    # 6. the client sends a message and books a strategy session
    jamie.goto(f"{live.url}/me/messages")
    no_sideways_scroll(jamie, "messages")
    field(jamie, "body").fill("Right hip felt tight on the bridges today.")
    press(jamie, "Send")
    assert jamie.get_by_text("Right hip felt tight on the bridges today.").is_visible()
    shoot(jamie, "06-client-message-sent-phone")
    jamie.goto(f"{live.url}/me/book")
    no_sideways_scroll(jamie, "booking")
    jamie.locator("input[name=starts_at]").first.check(force=True)
    field(jamie, "topic").fill("Plan for the next block")
    mailbox.clear()
    press(jamie, "Book this time")
    assert jamie.get_by_text("Plan for the next block").count() > 0
    shoot(jamie, "06-client-booked-phone")
    calendars = [
        m
        for m in mailbox.messages
        if any(p.get_content_type() == "text/calendar" for p in m.walk())
    ]
    assert len(calendars) >= 2, [str(m["To"]) for m in mailbox.messages]  # client and coach

    # 7. the coach sees the booking, the message and the logged session
    coach.goto(f"{live.url}/coach/bookings")
    assert coach.get_by_text("Plan for the next block").is_visible()
    shoot(coach, "07-coach-bookings-desktop")
    coach.goto(f"{live.url}/coach/messages")
    assert coach.get_by_text("Right hip felt tight", exact=False).is_visible()
    shoot(coach, "07-coach-messages-desktop")
    coach.goto(jamie_page)
    logs = coach.locator("section", has=coach.get_by_role("heading", name="Logs and progress"))
    assert re.search(r"\b1 sessions? logged, the last on 09 Dec", logs.inner_text()), (
        logs.inner_text()
    )
    shoot(coach, "07-coach-client-logged-desktop")
