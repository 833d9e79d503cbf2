"""Strategy-session use cases: availability, free slots, book, cancel, reschedule, the
.ics invitations, and the booking race (20 simultaneous requests, exactly one booking)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest

from slingcoach.app import booking
from slingcoach.app.booking import BookingRequest, RescheduleRequest
from slingcoach.booking import Window
from slingcoach.errors import ConflictError, InvalidInputError, NotFoundError
from slingcoach.storage.database import Database
from tests.app.booking_world import (
    FRIDAY_9,
    FRIDAY_10,
    HOURS,
    NOW,
    THURSDAY_10,
    People,
    make_people,
)


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from slingcoach.app import accounts

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def people(db: Database) -> People:
    found = make_people(db)
    assert found.coach_a.coach_id is not None
    booking.set_availability(db, found.coach_a.coach_id, HOURS, now=NOW)
    return found


def book(
    db: Database, slug: str, at: dt.datetime, topic: str | None = None
) -> booking.BookingResult:
    return booking.book_session(db, slug, BookingRequest(starts_at=at, topic=topic), now=NOW)


def test_availability_round_trips_with_days_off(db: Database, people: People) -> None:
    assert people.coach_a.coach_id is not None and people.coach_b.coach_id is not None
    stored = booking.get_availability(db, people.coach_a.coach_id)
    assert stored is not None
    assert stored.timezone == "Europe/London" and len(stored.windows) == 5
    assert booking.get_availability(db, people.coach_b.coach_id) is None
    booking.add_day_off(db, people.coach_a.coach_id, dt.date(2026, 12, 24), note="Christmas Eve")
    booking.add_day_off(db, people.coach_a.coach_id, dt.date(2026, 12, 24))  # twice is once
    again = booking.get_availability(db, people.coach_a.coach_id)
    assert again is not None and again.days_off == [dt.date(2026, 12, 24)]
    booking.remove_day_off(db, people.coach_a.coach_id, dt.date(2026, 12, 24))
    with pytest.raises(NotFoundError, match="2026-12-24 is not one of your days off"):
        booking.remove_day_off(db, people.coach_a.coach_id, dt.date(2026, 12, 24))
    with pytest.raises(NotFoundError, match="has not set their availability"):
        booking.add_day_off(db, people.coach_b.coach_id, dt.date(2026, 12, 24))


def test_free_slots_are_in_the_clients_zone_and_skip_notice_and_bookings(
    db: Database, people: People
) -> None:
    # A1 is in New York: London 09:00 is 04:00 there. 24 hours' notice from Wed 10:00 UTC.
    slots = booking.free_slots_for_client(
        db, people.a1_slug, now=NOW, timezone="America/New_York", days=3
    )
    assert slots.timezone == "America/New_York" and slots.coach_timezone == "Europe/London"
    shown = {
        day.date.isoformat(): [s.local_start.strftime("%H:%M") for s in day.slots]
        for day in slots.by_day
    }
    # Wed 9 Dec NY starts Wed 05:00 UTC; Thursday 10:00 UTC (05:00 NY) is exactly 24 h away
    assert shown == {"2026-12-10": ["05:00", "06:00"], "2026-12-11": ["04:00", "05:00", "06:00"]}
    book(db, people.a2_slug, FRIDAY_10)
    after = booking.free_slots_for_client(db, people.a1_slug, now=NOW, timezone="UTC", days=3)
    times = [s.starts_at for day in after.by_day for s in day.slots]
    assert FRIDAY_10 not in times and FRIDAY_9 in times and after.count == 4


def test_free_slots_refuse_bad_ranges_and_zones(db: Database, people: People) -> None:
    with pytest.raises(InvalidInputError, match="give 1 to 62 days, not 100"):
        booking.free_slots_for_client(db, people.a1_slug, now=NOW, timezone="UTC", days=100)
    with pytest.raises(InvalidInputError, match="timezone: 'Nowhere/Land' is not a time zone"):
        booking.free_slots_for_client(db, people.a1_slug, now=NOW, timezone="Nowhere/Land")
    with pytest.raises(NotFoundError, match="has not set their availability"):
        booking.free_slots_for_client(db, people.b1_slug, now=NOW, timezone="UTC")


def test_booking_mails_an_ics_request_to_both_sides(db: Database, people: People) -> None:
    import icalendar

    result = book(db, people.a1_slug, FRIDAY_10, topic="  My left hip  ")
    assert result.booking.status == "booked" and result.booking.topic == "My left hip"
    assert result.booking.client == people.a1_slug and result.booking.coach_name == "Alex Morgan"
    mails = {m.to: m for m in result.mails}
    assert set(mails) == {"coach-a@example.com", "a1@example.com"}
    # each side reads the time in their own zone
    assert (
        "Friday 11 December 2026, 10:00-11:00 (Europe/London)" in mails["coach-a@example.com"].text
    )
    assert "Friday 11 December 2026, 05:00-06:00 (America/New_York)" in mails["a1@example.com"].text
    (name, ics, mime) = mails["a1@example.com"].attachments[0]
    assert (name, mime) == ("invite.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(ics)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{result.booking.uid}@slingcoach"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == FRIDAY_10
    assert event.decoded("DTEND") == FRIDAY_10 + dt.timedelta(hours=1)
    assert str(event["ORGANIZER"]) == "mailto:coach-a@example.com"
    assert str(event["ATTENDEE"]) == "mailto:a1@example.com"
    assert event["ORGANIZER"].params["CN"] == "Alex Morgan"


@pytest.mark.parametrize(
    ("at", "error", "message"),
    [
        (THURSDAY_10 - dt.timedelta(hours=1), InvalidInputError, "too soon: .* at least 24 hours"),
        (
            FRIDAY_10 + dt.timedelta(minutes=30),
            InvalidInputError,
            "is not one of the coach's slots",
        ),
        (
            dt.datetime(2026, 12, 12, 10, tzinfo=dt.UTC),
            InvalidInputError,
            "not one of the coach's slots",
        ),
        (NOW + dt.timedelta(days=70), InvalidInputError, "too far ahead: .* up to 60 days"),
    ],
)
def test_a_start_that_is_not_a_free_slot_is_refused_and_nothing_is_stored(
    db: Database, people: People, at: dt.datetime, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        book(db, people.a1_slug, at)
    assert booking.list_bookings(db, party=people.coach_a, now=NOW) == []


def test_a_taken_slot_is_a_conflict_and_a_client_without_coach_cannot_book(
    db: Database, people: People
) -> None:
    from slingcoach.app.clients import ClientCreate, add_client

    book(db, people.a1_slug, FRIDAY_10)
    with pytest.raises(
        ConflictError, match=r"Fri 11 Dec 2026 10:00 \(Europe/London\) has just been taken"
    ):
        book(db, people.a2_slug, FRIDAY_10)
    loner = add_client(db, ClientCreate(name="No Coach"))
    with pytest.raises(InvalidInputError, match="No Coach has no coach to book a session with"):
        book(db, loner.slug, FRIDAY_10)


def test_a_day_off_closes_its_slots(db: Database, people: People) -> None:
    assert people.coach_a.coach_id is not None
    booking.add_day_off(db, people.coach_a.coach_id, dt.date(2026, 12, 11))
    with pytest.raises(InvalidInputError, match="the coach is off that day"):
        book(db, people.a1_slug, FRIDAY_10)


def test_cancel_needs_notice_from_the_client_not_from_the_coach(
    db: Database, people: People
) -> None:
    import icalendar

    first = book(db, people.a1_slug, FRIDAY_10).booking
    second = book(db, people.a2_slug, FRIDAY_9).booking
    late = FRIDAY_10 - dt.timedelta(hours=3)
    with pytest.raises(ConflictError, match="cannot cancel less than 24 hours before the session"):
        booking.cancel_booking(db, first.uid, party=people.a1, now=late)
    done = booking.cancel_booking(db, first.uid, party=people.coach_a, now=late)
    assert done.booking.status == "cancelled" and done.booking.cancelled_by == "coach"
    assert done.booking.sequence == 1
    mails = {m.to: m for m in done.mails}
    assert "was cancelled by you" in mails["coach-a@example.com"].text
    assert "was cancelled by Alex Morgan" in mails["a1@example.com"].text
    calendar = icalendar.Calendar.from_ical(mails["a1@example.com"].attachments[0][1])
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"{first.uid}@slingcoach"
    with pytest.raises(ConflictError, match="already cancelled"):
        booking.cancel_booking(db, first.uid, party=people.coach_a, now=late)
    # the freed slot can be booked again (the unique index covers active bookings only)
    assert book(db, people.a2_slug, FRIDAY_10).booking.status == "booked"
    client_cancel = booking.cancel_booking(db, second.uid, party=people.a2, now=NOW)
    assert client_cancel.booking.cancelled_by == "client"


def test_nobody_else_reaches_a_booking(db: Database, people: People) -> None:
    uid = book(db, people.a1_slug, FRIDAY_10).booking.uid
    for stranger in (people.a2, people.b1, people.coach_b):
        with pytest.raises(NotFoundError, match="no such booking"):
            booking.cancel_booking(db, uid, party=stranger, now=NOW)
        with pytest.raises(NotFoundError, match="no such booking"):
            booking.get_booking(db, uid, party=stranger, now=NOW)
        with pytest.raises(NotFoundError):
            booking.reschedule_booking(
                db, uid, RescheduleRequest(starts_at=FRIDAY_9), party=stranger, now=NOW
            )
        assert booking.list_bookings(db, party=stranger, now=NOW) == []
    assert [b.uid for b in booking.list_bookings(db, party=people.a1, now=NOW)] == [uid]
    assert [b.uid for b in booking.list_bookings(db, party=people.coach_a, now=NOW)] == [uid]


def test_reschedule_keeps_the_uid_and_counts_the_sequence(db: Database, people: People) -> None:
    import icalendar

    first = book(db, people.a1_slug, FRIDAY_10).booking
    book(db, people.a2_slug, dt.datetime(2026, 12, 14, 9, tzinfo=dt.UTC))
    with pytest.raises(ConflictError, match="has just been taken"):
        booking.reschedule_booking(
            db,
            first.uid,
            RescheduleRequest(starts_at=dt.datetime(2026, 12, 14, 9, tzinfo=dt.UTC)),
            party=people.a1,
            now=NOW,
        )
    # moving by one hour onto its own neighbour is fine: the session does not clash with itself
    moved = booking.reschedule_booking(
        db, first.uid, RescheduleRequest(starts_at=FRIDAY_9), party=people.a1, now=NOW
    )
    assert moved.booking.uid == first.uid and moved.booking.starts_at == FRIDAY_9
    assert moved.booking.sequence == 1
    (mail,) = [m for m in moved.mails if m.to == "a1@example.com"]
    assert mail.subject.startswith("Moved: strategy session")
    (event,) = icalendar.Calendar.from_ical(mail.attachments[0][1]).walk("VEVENT")
    assert event.decoded("DTSTART") == FRIDAY_9 and int(event["SEQUENCE"]) == 1
    with pytest.raises(ConflictError, match="cannot reschedule less than 24 hours"):
        booking.reschedule_booking(
            db,
            first.uid,
            RescheduleRequest(starts_at=FRIDAY_10),
            party=people.a1,
            now=FRIDAY_9 - dt.timedelta(hours=1),
        )
    assert FRIDAY_10 in {
        s.starts_at
        for day in booking.free_slots_for_client(
            db, people.a2_slug, now=NOW, timezone="UTC", days=4
        ).by_day
        for s in day.slots
    }


def test_listing_hides_past_and_cancelled_unless_asked(db: Database, people: People) -> None:
    kept = book(db, people.a1_slug, FRIDAY_10).booking
    gone = book(db, people.a2_slug, FRIDAY_9).booking
    booking.cancel_booking(db, gone.uid, party=people.coach_a, now=NOW)
    upcoming = booking.list_bookings(db, party=people.coach_a, now=NOW)
    assert [b.uid for b in upcoming] == [kept.uid]
    assert upcoming[0].changeable
    everything = booking.list_bookings(
        db, party=people.coach_a, now=NOW, include_cancelled=True, include_past=True
    )
    assert [b.uid for b in everything] == [gone.uid, kept.uid]
    later = FRIDAY_10 + dt.timedelta(hours=2)
    assert booking.list_bookings(db, party=people.coach_a, now=later) == []
    assert not booking.get_booking(
        db, kept.uid, party=people.a1, now=FRIDAY_10 - dt.timedelta(hours=1)
    ).changeable


def test_the_unique_index_refuses_a_second_active_booking_at_one_start(
    db: Database, people: People
) -> None:
    from sqlalchemy.exc import IntegrityError

    from slingcoach.storage.tables import BookingRow, Client

    book(db, people.a1_slug, FRIDAY_10)
    with pytest.raises(IntegrityError), db.write() as session:
        client = session.query(Client).filter_by(slug=people.a2_slug).one()
        session.add(
            BookingRow(
                uid="x" * 32,
                coach_id=people.coach_a.coach_id,
                client_id=client.id,
                starts_at=FRIDAY_10,
                ends_at=FRIDAY_10 + dt.timedelta(hours=1),
                status="booked",
                topic=None,
                sequence=0,
                created_at=NOW,
                updated_at=NOW,
            )
        )


@pytest.mark.parametrize("starts", ["one start", "overlapping starts"])
def test_twenty_simultaneous_requests_for_one_slot_give_exactly_one_booking(
    db: Database, starts: str
) -> None:
    """The booking race of issue 15, on SQLite and PostgreSQL: 20 threads, 20 clients.

    With one start the unique index alone would stop a second booking; with starts 15
    minutes apart (all overlapping one another) only the lock on the coach does.
    """
    people = make_people(db, extra_clients=18)
    assert people.coach_a.coach_id is not None
    booking.set_availability(
        db, people.coach_a.coach_id, HOURS.model_copy(update={"step_minutes": 15}), now=NOW
    )
    from slingcoach.app.clients import list_clients

    slugs = [c.slug for c in list_clients(db) if c.slug != people.b1_slug]
    assert len(slugs) == 20
    barrier = threading.Barrier(len(slugs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(slug: str) -> None:
        offset = slugs.index(slug) % 4 if starts == "overlapping starts" else 0
        barrier.wait()
        try:
            book(db, slug, FRIDAY_10 + dt.timedelta(minutes=15 * offset))
            outcome = "booked"
        except ConflictError:
            outcome = "taken"
        except Exception as exc:  # anything else is a failure of the test, reported below
            outcome = f"error: {type(exc).__name__}: {exc}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(slug,)) for slug in slugs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Counter(outcomes) == {"booked": 1, "taken": 19}, outcomes
    stored = booking.list_bookings(db, party=people.coach_a, now=NOW)
    assert len(stored) == 1
    assert FRIDAY_10 <= stored[0].starts_at <= FRIDAY_10 + dt.timedelta(minutes=45)


def test_set_availability_replaces_the_days_off(db: Database, people: People) -> None:
    assert people.coach_a.coach_id is not None
    booking.add_day_off(db, people.coach_a.coach_id, dt.date(2026, 12, 24))
    narrower = HOURS.model_copy(
        update={
            "windows": (Window(weekday=0, start=dt.time(14), end=dt.time(15)),),
            "days_off": frozenset({dt.date(2026, 12, 28)}),
        }
    )
    saved = booking.set_availability(db, people.coach_a.coach_id, narrower, now=NOW)
    assert saved.days_off == [dt.date(2026, 12, 28)]
    stored = booking.get_availability(db, people.coach_a.coach_id)
    assert stored == saved


def test_the_demo_seed_adds_hours_a_thread_and_a_booking_once(db: Database) -> None:
    from slingcoach.app.messages import read_thread, unread_for_coach
    from slingcoach.app.seed import seed_messages_and_booking

    people = make_people(db)
    assert people.coach_a.coach_id is not None
    first = seed_messages_and_booking(
        db, people.a1_slug, coach_id=people.coach_a.coach_id, now=NOW, timezone="Europe/London"
    )
    assert first.messages == 3 and first.booking_starts_at is not None
    assert first.booking_starts_at.date() == (NOW + dt.timedelta(days=2)).date()
    again = seed_messages_and_booking(
        db, people.a1_slug, coach_id=people.coach_a.coach_id, now=NOW, timezone="Europe/London"
    )
    assert again.messages == 0 and again.booking_uid == first.booking_uid
    assert [u.unread for u in unread_for_coach(db, people.coach_a.coach_id)] == [1]
    assert len(read_thread(db, people.a1_slug, reader="client").messages) == 3


@pytest.mark.parametrize("year", [1, 1999, 2201, 9999])
def test_starts_in_implausible_years_are_refused_before_any_arithmetic(year: int) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="give a start between 2000 and 2200"):
        BookingRequest(starts_at=dt.datetime(year, 6, 1, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="give a start between 2000 and 2200"):
        RescheduleRequest(starts_at=dt.datetime(year, 6, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("start", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2028, 1, 1)])
def test_a_slot_range_far_from_today_is_refused(
    db: Database, people: People, start: dt.date
) -> None:
    with pytest.raises(InvalidInputError, match="start: give a start date within a year of today"):
        booking.free_slots_for_client(db, people.a1_slug, now=NOW, timezone="UTC", start=start)


def test_control_characters_in_a_topic_or_note_are_refused(db: Database, people: People) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="control character"):
        BookingRequest(starts_at=FRIDAY_10, topic="hip\x00")
    assert people.coach_a.coach_id is not None
    with pytest.raises(InvalidInputError, match=r"note: the text contains a control character"):
        booking.add_day_off(db, people.coach_a.coach_id, dt.date(2026, 12, 24), note="x\x00")


def test_reminders_are_queued_a_day_ahead_moved_and_withdrawn(db: Database, people: People) -> None:
    import icalendar

    from slingcoach.app import jobs
    from tests.app.test_jobs import Recorder

    made = book(db, people.a1_slug, FRIDAY_10, topic="Hip").booking
    key = f"booking:{made.uid}:reminder"
    reminders = jobs.list_jobs(db, key=key)
    assert {j.to for j in reminders} == {"a1@example.com", "coach-a@example.com"}
    assert {j.due_at for j in reminders} == {FRIDAY_10 - booking.REMINDER_BEFORE}
    # the invitations go now, the reminders wait for their day
    recorder = Recorder()
    assert jobs.run_until_idle(db, recorder, now=NOW) == jobs.RunReport(sent=2)
    moved = booking.reschedule_booking(
        db, made.uid, RescheduleRequest(starts_at=FRIDAY_9), party=people.coach_a, now=NOW
    )
    assert moved.booking.sequence == 1
    by_status = Counter((j.status, j.due_at) for j in jobs.list_jobs(db, key=key))
    assert by_status == {
        ("cancelled", FRIDAY_10 - booking.REMINDER_BEFORE): 2,
        ("pending", FRIDAY_9 - booking.REMINDER_BEFORE): 2,
    }
    recorder.sent.clear()
    assert jobs.run_until_idle(db, recorder, now=FRIDAY_9 - booking.REMINDER_BEFORE).sent == 4
    reminders_sent = [s for s in recorder.sent if s[1].startswith("Reminder:")]
    assert {to for to, _, _ in reminders_sent} == {"a1@example.com", "coach-a@example.com"}
    # A1 lives in New York: their reminder says 04:00 for 09:00 UTC
    ((_, subject, [(_, ics, mime)]),) = [s for s in reminders_sent if s[0] == "a1@example.com"]
    assert subject == "Reminder: strategy session Fri 11 Dec 04:00" and mime == "text/calendar"
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("DTSTART") == FRIDAY_9 and int(event["SEQUENCE"]) == 1
    # a cancelled session's reminders are withdrawn
    other = book(db, people.a2_slug, FRIDAY_10).booking
    booking.cancel_booking(db, other.uid, party=people.coach_a, now=NOW)
    assert {j.status for j in jobs.list_jobs(db, key=f"booking:{other.uid}:reminder")} == {
        "cancelled"
    }


class _Inbox:
    """A mailer that keeps each mail's recipient, subject and text."""

    def __init__(self) -> None:
        self.mails: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, text: str, **_: object) -> None:
        self.mails.append((to, subject, text))


def test_a_reminder_is_written_when_it_is_sent_from_the_booking_as_it_is_then(
    db: Database, people: People
) -> None:
    from sqlalchemy import update

    from slingcoach.app import jobs
    from slingcoach.storage.tables import BookingRow, UserRow

    made = book(db, people.a1_slug, FRIDAY_10, topic="Hip").booking
    key = f"booking:{made.uid}:reminder"
    (queued,) = {j.kind for j in jobs.list_jobs(db, key=key)}
    assert queued == jobs.BOOKING_REMINDER
    inbox = _Inbox()
    assert jobs.run_until_idle(db, inbox, now=NOW) == jobs.RunReport(sent=2)  # invitations
    # after booking, A1 moves from New York to Berlin: the reminder says Berlin's time
    with db.write() as session:
        session.execute(
            update(UserRow)
            .where(UserRow.email == "a1@example.com")
            .values(timezone="Europe/Berlin")
        )
    inbox.mails.clear()
    due = FRIDAY_10 - booking.REMINDER_BEFORE
    assert jobs.run_until_idle(db, inbox, now=due) == jobs.RunReport(sent=2)
    by_to = {to: (subject, text) for to, subject, text in inbox.mails}
    subject, text = by_to["a1@example.com"]
    assert subject == "Reminder: strategy session Fri 11 Dec 11:00"
    assert "Friday 11 December 2026, 11:00-12:00 (Europe/Berlin)" in text and "Topic: Hip" in text
    subject, text = by_to["coach-a@example.com"]
    assert subject == "Reminder: strategy session Fri 11 Dec 10:00" and "(Europe/London)" in text

    # a session cancelled by any path sends no reminder, even if its job is still queued
    other = book(db, people.a2_slug, FRIDAY_9).booking
    with db.write() as session:
        session.execute(
            update(BookingRow).where(BookingRow.uid == other.uid).values(status="cancelled")
        )
    inbox.mails.clear()
    report = jobs.run_until_idle(db, inbox, now=FRIDAY_9 - booking.REMINDER_BEFORE)
    assert report.skipped == 2 and not [m for m in inbox.mails if m[1].startswith("Reminder:")]
    left = jobs.list_jobs(db, key=f"booking:{other.uid}:reminder")
    assert len(left) == 2 and {(j.status, j.attempts) for j in left} == {("cancelled", 1)}
    assert all("cancelled" in str(j.last_error) for j in left)
    # and a session that has begun sends none either
    assert booking.reminder_mail(db, made.uid, "client", now=FRIDAY_10) is None
    assert booking.reminder_mail(db, made.uid, "client", now=due) is not None
    assert booking.reminder_mail(db, "no-such-booking", "client", now=due) is None
