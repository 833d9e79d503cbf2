"""Booking pages and API: availability editor, free slots, book/cancel/reschedule with the
.ics mailed to both sides, bad input next to the field, and the race through HTTP."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import Browser
from tests.web.mailbox import Mailbox
from tests.web.world import World

FRIDAY_9 = dt.datetime(2026, 12, 11, 9, 0, tzinfo=dt.UTC)
FRIDAY_11 = dt.datetime(2026, 12, 11, 11, 0, tzinfo=dt.UTC)
MONDAY_9 = dt.datetime(2026, 12, 14, 9, 0, tzinfo=dt.UTC)


def hours_form(**changes: str) -> dict[str, str]:
    form = {
        "timezone": "Europe/London",
        "session_minutes": "45",
        "buffer_before_minutes": "0",
        "buffer_after_minutes": "15",
        "notice_hours": "12",
        "step_minutes": "",
        "horizon_days": "30",
        "w0_0_start": "09:00",
        "w0_0_end": "12:00",
        "w0_1_start": "14:00",
        "w0_1_end": "16:00",
        "w2_0_start": "08:00",
        "w2_0_end": "10:00",
    }
    form.update(changes)
    return form


def test_the_coach_edits_the_availability(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.get("/coach/availability")
    assert page.status_code == 200
    assert 'name="w0_0_start" value="09:00"' in page.text  # the world's hours
    saved = coach.post("/coach/availability", data=hours_form(), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    again = coach.get("/coach/availability").text
    assert "Availability saved." in again
    assert (
        'name="w0_1_start" value="14:00"' in again
        and 'name="session_minutes" type="number" value="45"' in again
    )
    api = coach.get("/api/coach/availability").json()
    assert api["session_minutes"] == 45 and api["notice_minutes"] == 720
    assert [w["weekday"] for w in api["windows"]] == [0, 0, 2]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"w0_0_end": "08:00"}, "windows", "Monday: the end 08:00 is not after the start 09:00"),
        ({"w0_1_start": "11:00"}, "windows", "Monday 09:00-12:00 overlaps Monday 11:00-16:00"),
        ({"timezone": "Mars/Base"}, "timezone", "not a time zone in the tz database"),
        ({"session_minutes": "5"}, "session_minutes", "greater than or equal to 15"),
        ({"notice_hours": "lots"}, "notice_hours", "valid integer"),
        ({"w2_0_end": ""}, "windows", "Input should be a valid time"),
    ],
)
def test_bad_availability_shows_the_message_next_to_the_field(
    world: World,
    browser_for: Callable[..., Browser],
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    coach = browser_for(world.coach_a)
    response = coach.post("/coach/availability", data=hours_form(**changes))
    assert response.status_code == 422
    assert message in response.text
    assert "field__error" in response.text
    assert coach.get("/api/coach/availability").json()["session_minutes"] == 60  # unchanged


def test_days_off_are_added_and_removed(world: World, browser_for: Callable[..., Browser]) -> None:
    coach = browser_for(world.coach_a)
    added = coach.post(
        "/coach/availability/days-off",
        data={"day": "2026-12-24", "note": "Eve"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert "Thu 24 Dec 2026" in coach.get("/coach/availability").text
    bad = coach.post("/coach/availability/days-off", data={"day": "24/12/2026"})
    assert bad.status_code == 422 and "is not a date (YYYY-MM-DD)" in bad.text
    gone = coach.post("/coach/availability/days-off/2026-12-24/delete", follow_redirects=False)
    assert gone.status_code == 303
    missing = coach.post("/coach/availability/days-off/2026-12-24/delete")
    assert missing.status_code == 404


def test_the_client_books_and_both_sides_get_the_invitation(
    world: World, browser_for: Callable[..., Browser], mailbox: Mailbox
) -> None:
    import icalendar

    client = browser_for(world.b1)  # B1 is in New York; coach B has no hours yet
    page = client.get("/me/book")
    assert page.status_code == 200 and "has not set their availability" in page.text
    a2 = browser_for(world.a2)
    page = a2.get("/me/book")
    assert page.status_code == 200
    assert f'value="{FRIDAY_9.isoformat()}"' in page.text
    done = a2.post(
        "/me/book", data={"starts_at": FRIDAY_9.isoformat(), "topic": "Hip"}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    assert "Booked: Friday 11 December, 09:00" in a2.get("/me/book").text
    assert {str(m["To"]) for m in mailbox.messages} == {"a2@example.com", "coach-a@example.com"}
    for message in mailbox.messages:
        (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        calendar = icalendar.Calendar.from_ical(part.get_content())
        assert calendar["METHOD"] == "REQUEST"
    coach_page = browser_for(world.coach_a).get("/coach/bookings").text
    assert world.a2.name in coach_page and "Fri 11 Dec" in coach_page and "Hip" in coach_page


def test_a_taken_or_missing_slot_is_explained_on_the_page(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    a2 = browser_for(world.a2)
    taken = a2.post("/me/book", data={"starts_at": world_booking_start(world).isoformat()})
    assert taken.status_code == 409 and "has just been taken" in taken.text
    empty = a2.post("/me/book", data={"starts_at": ""})
    assert empty.status_code == 422 and "pick a time" in empty.text
    odd = a2.post("/me/book", data={"starts_at": "2026-12-11T09:30:00+00:00"})
    assert odd.status_code == 422 and "is not one of the coach&#39;s slots" in odd.text
    garbage = a2.post("/me/book", data={"starts_at": "tomorrow-ish"})
    assert garbage.status_code == 422 and "field__error" in garbage.text


def world_booking_start(world: World) -> dt.datetime:
    from tests.web.world import A1_BOOKING_START

    return A1_BOOKING_START


def test_the_client_moves_and_cancels(
    world: World, browser_for: Callable[..., Browser], mailbox: Mailbox
) -> None:
    a1 = browser_for(world.a1)
    page = a1.get(f"/me/bookings/{world.a1_booking_uid}/reschedule")
    assert page.status_code == 200 and "Moving your session" in page.text
    moved = a1.post(
        f"/me/bookings/{world.a1_booking_uid}/reschedule",
        data={"starts_at": MONDAY_9.isoformat()},
        follow_redirects=False,
    )
    assert moved.status_code == 303, moved.text
    assert any(str(m["Subject"]).startswith("Moved:") for m in mailbox.messages)
    mine = a1.get("/api/me/bookings").json()
    assert [b["starts_at"] for b in mine] == ["2026-12-14T09:00:00Z"] and mine[0]["sequence"] == 1
    cancelled = a1.post(f"/me/bookings/{world.a1_booking_uid}/cancel", follow_redirects=False)
    assert cancelled.status_code == 303
    assert a1.get("/api/me/bookings").json() == []
    assert any(str(m["Subject"]).startswith("Cancelled:") for m in mailbox.messages)


def test_the_api_books_and_answers_conflicts_and_bad_input(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    a2 = browser_for(world.a2)
    slots = a2.get("/api/me/slots", params={"days": 7}).json()
    assert slots["timezone"] == "Europe/London" and slots["by_day"]
    first = slots["by_day"][0]["slots"][0]["starts_at"]
    made = a2.post("/api/me/bookings", json={"starts_at": first})
    assert made.status_code == 201, made.text
    again = a2.post("/api/me/bookings", json={"starts_at": first})
    assert again.status_code == 409 and "has just been taken" in again.json()["detail"]
    naive = a2.post("/api/me/bookings", json={"starts_at": "2026-12-11T09:00:00"})
    assert naive.status_code == 422 and naive.json()["detail"][0]["loc"] == ["body", "starts_at"]
    extra = a2.post("/api/me/bookings", json={"starts_at": first, "admin": True})
    assert extra.status_code == 422
    assert a2.get("/api/me/slots", params={"days": 500}).status_code == 422
    coach = browser_for(world.coach_a)
    uids = [b["uid"] for b in coach.get("/api/coach/bookings").json()]
    assert made.json()["uid"] in uids
    assert (
        coach.post(f"/api/coach/bookings/{made.json()['uid']}/cancel").json()["status"]
        == "cancelled"
    )
    bad = coach.put(
        "/api/coach/availability",
        json={
            "timezone": "Europe/London",
            "windows": [{"weekday": 9, "start": "09:00", "end": "10:00"}],
        },
    )
    assert bad.status_code == 422


def test_twenty_simultaneous_http_requests_for_one_slot_give_one_booking(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browsers = [browser_for(world.a2) for _ in range(20)]
    barrier = threading.Barrier(len(browsers))
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(browser: Browser) -> None:
        barrier.wait()
        status = browser.post(
            "/api/me/bookings", json={"starts_at": FRIDAY_11.isoformat()}
        ).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attempt, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Counter(statuses) == {201: 1, 409: 19}, statuses
    booked: list[Any] = browsers[0].get("/api/me/bookings").json()
    assert [b["starts_at"] for b in booked] == ["2026-12-11T11:00:00Z"]


def test_a_control_character_in_a_day_off_note_is_shown_next_to_the_field(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.post("/coach/availability/days-off", data={"day": "2026-12-24", "note": "a\x00"})
    assert page.status_code == 422 and "control character" in page.text
    assert 'id="f-note-error"' in page.text


def test_the_coach_moves_a_session_and_both_sides_get_the_update(
    world: World, browser_for: Callable[..., Browser], mailbox: Mailbox, web_app: Any
) -> None:
    import icalendar

    from slingcoach.app import jobs

    coach = browser_for(world.coach_a)
    listed = coach.get("/coach/bookings").text
    assert f'href="/coach/bookings/{world.a1_booking_uid}/reschedule"' in listed
    page = coach.get(f"/coach/bookings/{world.a1_booking_uid}/reschedule")
    assert page.status_code == 200 and "Move Sam Rivera’s session" in page.text
    assert f'value="{MONDAY_9.isoformat()}"' in page.text
    missing = coach.post(f"/coach/bookings/{world.a1_booking_uid}/reschedule", data={})
    assert missing.status_code == 422 and "pick a time from the list" in missing.text
    mailbox.clear()
    # within the 24 hours' notice a client could not move it; the coach can
    web_app.state.clock = lambda: MONDAY_9 - dt.timedelta(days=3, hours=1)
    moved = coach.post(
        f"/coach/bookings/{world.a1_booking_uid}/reschedule",
        data={"starts_at": MONDAY_9.isoformat()},
        follow_redirects=False,
    )
    assert moved.status_code == 303, moved.text
    assert {str(m["To"]) for m in mailbox.messages} == {world.a1.email, world.coach_a.email}
    for message in mailbox.messages:
        assert str(message["Subject"]).startswith("Moved: strategy session")
        (attachment,) = list(message.iter_attachments())
        calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
        assert calendar["METHOD"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == MONDAY_9 and int(event["SEQUENCE"]) == 1
    reminders = jobs.list_jobs(web_app.state.db, key=f"booking:{world.a1_booking_uid}:reminder")
    pending = {j.due_at for j in reminders if j.status == "pending"}
    assert pending == {MONDAY_9 - dt.timedelta(hours=24)}
    # the API twin: a 422 for a time that is no slot, then a move with the next SEQUENCE
    api = coach.post(
        f"/api/coach/bookings/{world.a1_booking_uid}/reschedule",
        json={"starts_at": "2026-12-14T09:17:00+00:00"},
    )
    assert api.status_code == 422, api.text
    api = coach.post(
        f"/api/coach/bookings/{world.a1_booking_uid}/reschedule",
        json={"starts_at": FRIDAY_11.isoformat()},
    )
    assert api.status_code == 200, api.text
    assert api.json()["sequence"] == 2 and api.json()["starts_at"] == "2026-12-11T11:00:00Z"


def test_another_coach_cannot_move_the_session(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    other = browser_for(world.coach_b)
    url = f"/api/coach/bookings/{world.a1_booking_uid}/reschedule"
    assert other.post(url, json={"starts_at": MONDAY_9.isoformat()}).status_code == 404
    assert other.get(f"/coach/bookings/{world.a1_booking_uid}/reschedule").status_code == 404
