"""Use cases for strategy sessions: a coach's availability, free slots, book, cancel,
reschedule and list (one transaction each).

No double booking, even under simultaneous requests: every write locks the coach first
(``SELECT ... FOR UPDATE`` on the coach's row on PostgreSQL; on SQLite ``BEGIN IMMEDIATE``
already lets one writer in at a time), then reads the coach's bookings and checks the slot
(:func:`slingcoach.booking.check_bookable`) inside the same transaction. A partial unique
index on ``(coach_id, starts_at)`` for active bookings is the last line: a second insert of
the same start fails and is reported as taken.

A change mails an iCalendar invitation (RFC 5546: ``METHOD:REQUEST`` for a new or moved
session, ``METHOD:CANCEL`` for a cancelled one; the UID stays, ``SEQUENCE`` counts the
changes) to the coach and the client. The mails are queued in the transaction of the change
(:mod:`slingcoach.app.jobs`), with a reminder to each side :data:`REMINDER_BEFORE` the
session; a move re-times the reminders, a cancellation withdraws them. A reminder is written
when it is sent (:func:`reminder_mail`), from the booking and the person as they are then.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from slingcoach.app._text import plain_text
from slingcoach.app._time import utc_now
from slingcoach.app.jobs import BOOKING_REMINDER, cancel_jobs, enqueue_job, enqueue_mails
from slingcoach.app.mailing import Mail
from slingcoach.booking import Availability, Busy, Window
from slingcoach.booking.model import zone_of
from slingcoach.errors import ConflictError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from slingcoach.app.contacts import Contact
    from slingcoach.booking import Slot
    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import BookingRow, Client

Role = Literal["coach", "client"]

MAX_DAYS_SHOWN = 62
"""Longest range of free slots one request lists (two months; our convention)."""
PRODID = "-//slingcoach//strategy sessions//EN"
EARLIEST_YEAR, LATEST_YEAR = 2000, 2200
"""Starts outside these years are typing slips (and would overflow date arithmetic)."""
ACTIVE = "booked"
CANCELLED = "cancelled"
REMINDER_BEFORE = dt.timedelta(hours=24)
"""When the reminder goes out (a day ahead, the usual appointment-reminder lead; our choice).
A session booked closer than that gets none: its invitation has just gone."""


class Party(Protocol):
    """Who acts: a signed-in coach or client (``slingcoach.app.accounts.Principal``)."""

    @property
    def role(self) -> str: ...

    @property
    def coach_id(self) -> int | None: ...

    @property
    def client_id(self) -> int | None: ...


@dataclass(frozen=True)
class Viewer:
    """A :class:`Party` made from ids (for seeds, scripts and tests)."""

    role: str
    coach_id: int | None = None
    client_id: int | None = None


# ------------------------------------------------------------------ models


class AvailabilityOut(BaseModel):
    """A coach's availability as stored (``days_off`` sorted)."""

    model_config = ConfigDict(frozen=True)

    timezone: str
    windows: list[Window]
    session_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    notice_minutes: int
    step_minutes: int | None
    horizon_days: int
    days_off: list[dt.date]


class SlotOut(BaseModel):
    """A free slot: UTC on the wire, and the viewer's wall-clock times for people."""

    model_config = ConfigDict(frozen=True)

    starts_at: dt.datetime
    ends_at: dt.datetime
    local_start: dt.datetime = Field(description="the start in the viewer's time zone")
    local_end: dt.datetime


class DaySlots(BaseModel):
    """The free slots of one date in the viewer's time zone."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    slots: list[SlotOut]


class FreeSlots(BaseModel):
    """Free slots of a client's coach, shown in the client's time zone."""

    model_config = ConfigDict(frozen=True)

    timezone: str = Field(description="the viewer's time zone, in which dates are grouped")
    coach_timezone: str
    session_minutes: int
    notice_minutes: int
    start: dt.date
    days: int
    by_day: list[DaySlots]

    @property
    def count(self) -> int:
        """How many slots are offered."""
        return sum(len(day.slots) for day in self.by_day)


def _plausible(value: dt.datetime) -> dt.datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"give a start between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


class BookingRequest(BaseModel):
    """A client's request for a slot (its start, with a time zone) and what to talk about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    starts_at: AwareDatetime
    topic: str | None = Field(default=None, max_length=1000)

    _year = field_validator("starts_at")(_plausible)

    @field_validator("topic")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return plain_text(value).strip() or None


class RescheduleRequest(BaseModel):
    """A new start for a booked session."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    starts_at: AwareDatetime

    _year = field_validator("starts_at")(_plausible)


class BookingOut(BaseModel):
    """A booked (or cancelled) strategy session."""

    model_config = ConfigDict(frozen=True)

    uid: str
    client: str = Field(description="the client's id (slug)")
    client_name: str
    coach_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: Literal["booked", "cancelled"]
    topic: str | None
    sequence: int
    cancelled_by: str | None
    changeable: bool = Field(description="the client may still cancel or move it (notice)")


class BookingResult(BaseModel):
    """A booking after a change, and the invitations queued with it (sent by the worker)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    booking: BookingOut
    mails: list[Mail]


# ------------------------------------------------------------------ availability


def get_availability(db: Database, coach_id: int) -> AvailabilityOut | None:
    """The coach's availability, or ``None`` before they first set it."""
    with db.read() as session:
        availability = _availability(session, coach_id)
    return None if availability is None else _availability_out(availability)


def set_availability(
    db: Database, coach_id: int, availability: Availability, *, now: dt.datetime | None = None
) -> AvailabilityOut:
    """Store the coach's weekly hours, session length, buffers, notice and days off.

    Existing bookings stay as they are (a coach who narrows the hours keeps the sessions
    already booked; they can cancel them).
    """
    from sqlalchemy import delete

    from slingcoach.storage.tables import AvailabilityRow, DayOffRow

    when = utc_now(now)
    with db.write() as session:
        _lock_coach(session, coach_id)
        row = session.get(AvailabilityRow, coach_id)
        if row is None:
            row = AvailabilityRow(coach_id=coach_id)
            session.add(row)
        row.timezone = availability.timezone
        row.windows = [
            {"weekday": w.weekday, "start": f"{w.start:%H:%M}", "end": f"{w.end:%H:%M}"}
            for w in availability.windows
        ]
        row.session_minutes = availability.session_minutes
        row.buffer_before_minutes = availability.buffer_before_minutes
        row.buffer_after_minutes = availability.buffer_after_minutes
        row.notice_minutes = availability.notice_minutes
        row.step_minutes = availability.step_minutes
        row.horizon_days = availability.horizon_days
        row.updated_at = when
        session.execute(delete(DayOffRow).where(DayOffRow.coach_id == coach_id))
        session.add_all(DayOffRow(coach_id=coach_id, day=d) for d in availability.days_off)
    return _availability_out(availability)


def add_day_off(db: Database, coach_id: int, day: dt.date, *, note: str | None = None) -> None:
    """Mark ``day`` (the coach's date) as a day off; booked sessions that day stay."""
    from sqlalchemy import select

    from slingcoach.storage.tables import DayOffRow

    if note is not None:
        try:
            note = plain_text(note)[:200]
        except ValueError as exc:
            raise InvalidInputError(str(exc), location="note") from None
    with db.write() as session:
        _lock_coach(session, coach_id)
        _require_availability(session, coach_id)
        exists = session.scalar(
            select(DayOffRow.id).where(DayOffRow.coach_id == coach_id, DayOffRow.day == day)
        )
        if exists is None:
            session.add(DayOffRow(coach_id=coach_id, day=day, note=note))


def remove_day_off(db: Database, coach_id: int, day: dt.date) -> None:
    """Take ``day`` off the days off; :class:`NotFoundError` when it is not one."""
    from sqlalchemy import delete

    from slingcoach.storage.tables import DayOffRow

    with db.write() as session:
        gone = session.execute(
            delete(DayOffRow).where(DayOffRow.coach_id == coach_id, DayOffRow.day == day)
        )
        if not getattr(gone, "rowcount", 0):
            raise NotFoundError(f"{day.isoformat()} is not one of your days off")


# ------------------------------------------------------------------ slots


def free_slots_for_client(
    db: Database,
    client_ref: str,
    *,
    now: dt.datetime,
    timezone: str,
    start: dt.date | None = None,
    days: int = 14,
    for_coach: bool = False,
) -> FreeSlots:
    """The free slots of the client's coach for ``days`` dates from ``start`` (the viewer's
    dates in ``timezone``; today there when not given), grouped by the viewer's date.
    ``for_coach``: the coach is looking (to move a session), so their notice does not apply."""
    from slingcoach.app.clients import find_client
    from slingcoach.booking import free_slots, slots_by_day

    when = utc_now(now)
    zone = _viewer_zone(timezone)
    if not 1 <= days <= MAX_DAYS_SHOWN:
        raise InvalidInputError(f"give 1 to {MAX_DAYS_SHOWN} days, not {days}", location="days")
    today = when.astimezone(zone).date()
    first = start or today
    if not today - dt.timedelta(days=31) <= first <= today + dt.timedelta(days=366):
        raise InvalidInputError(
            f"give a start date within a year of today, not {first.isoformat()}", location="start"
        )
    begin = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(first + dt.timedelta(days=days), dt.time(0), tzinfo=zone)
    with db.read() as session:
        client = find_client(session, client_ref)
        coach_id = _coach_of(client)
        availability = _require_availability(session, coach_id)
        busy = _busy(session, coach_id, begin - dt.timedelta(days=1), end + dt.timedelta(days=1))
    if for_coach:
        availability = _no_notice(availability)
    slots = free_slots(availability, busy, start=begin, end=end, now=when)
    return FreeSlots(
        timezone=timezone,
        coach_timezone=availability.timezone,
        session_minutes=availability.session_minutes,
        notice_minutes=availability.notice_minutes,
        start=first,
        days=days,
        by_day=[
            DaySlots(date=day, slots=[_slot_out(s, zone) for s in group])
            for day, group in slots_by_day(slots, zone)
        ],
    )


# ------------------------------------------------------------------ book, cancel, move


def book_session(
    db: Database, client_ref: str, request: BookingRequest, *, now: dt.datetime | None = None
) -> BookingResult:
    """Book the slot that starts at ``request.starts_at`` for the client with their coach.

    Raises
    ------
    InvalidInputError
        Not a slot of the coach's hours, too soon, too far ahead, a day off.
    ConflictError
        The slot is taken (also when another request took it a moment ago).
    """
    from sqlalchemy.exc import IntegrityError

    from slingcoach.app.clients import find_client
    from slingcoach.booking import check_bookable
    from slingcoach.storage.tables import BookingRow

    when = utc_now(now)
    with db.write() as session:
        client = find_client(session, client_ref)
        coach_id = _coach_of(client)
        _lock_coach(session, coach_id)
        availability = _require_availability(session, coach_id)
        at = request.starts_at.astimezone(dt.UTC)
        busy = _busy(session, coach_id, at - dt.timedelta(days=1), at + dt.timedelta(days=1))
        slot = check_bookable(availability, busy, at, now=when)
        row = BookingRow(
            uid=uuid.uuid4().hex,
            coach_id=coach_id,
            client_id=client.id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            status=ACTIVE,
            topic=request.topic,
            sequence=0,
            created_at=when,
            updated_at=when,
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise ConflictError(_taken(slot, availability)) from None
        out = _booking_out(session, row, availability, when)
        mails = _invitations(session, row, out, availability, method="REQUEST", now=when)
        enqueue_mails(session, mails, now=when)
        _schedule_reminders(session, row, out, availability, now=when)
    return BookingResult(booking=out, mails=mails)


def cancel_booking(
    db: Database, uid: str, *, party: Party, now: dt.datetime | None = None
) -> BookingResult:
    """Cancel a booked session. A client must give the coach's minimum notice; the coach may
    cancel until the session starts.

    Raises
    ------
    NotFoundError
        No such booking of this client or coach.
    ConflictError
        Too late, or already cancelled.
    """
    from slingcoach.booking import check_change_allowed

    when = utc_now(now)
    with db.write() as session:
        row = _owned_booking(session, uid, party, lock=True)
        availability = _require_availability(session, row.coach_id)
        if row.status != ACTIVE:
            raise ConflictError("this session is already cancelled")
        notice = availability if party.role == "client" else _no_notice(availability)
        check_change_allowed(notice, row.starts_at, now=when, action="cancel")
        row.status = CANCELLED
        row.cancelled_by = party.role
        row.sequence += 1
        row.updated_at = when
        session.flush()
        out = _booking_out(session, row, availability, when)
        mails = _invitations(session, row, out, availability, method="CANCEL", now=when)
        enqueue_mails(session, mails, now=when)
        cancel_jobs(session, _reminder_key(row.uid), now=when)
    return BookingResult(booking=out, mails=mails)


def reschedule_booking(
    db: Database,
    uid: str,
    request: RescheduleRequest,
    *,
    party: Party,
    now: dt.datetime | None = None,
) -> BookingResult:
    """Move a booked session to another free slot (same UID, the next SEQUENCE).

    The client must give the minimum notice for the session being moved, and the new slot
    must be bookable as a new one would be. The coach needs no notice for either: the notice
    is their own rule for clients, so they may move a session to any free slot of their hours
    until it starts.
    """
    from slingcoach.booking import check_bookable, check_change_allowed

    when = utc_now(now)
    with db.write() as session:
        row = _owned_booking(session, uid, party, lock=True)
        availability = _require_availability(session, row.coach_id)
        if row.status != ACTIVE:
            raise ConflictError("this session is cancelled; book a new one")
        notice = availability if party.role == "client" else _no_notice(availability)
        check_change_allowed(notice, row.starts_at, now=when, action="reschedule")
        at = request.starts_at.astimezone(dt.UTC)
        busy = [
            b
            for b in _busy(
                session,
                row.coach_id,
                at - dt.timedelta(days=1),
                at + dt.timedelta(days=1),
                excluding=row.id,
            )
        ]
        slot = check_bookable(notice, busy, at, now=when)
        row.starts_at = slot.starts_at
        row.ends_at = slot.ends_at
        row.sequence += 1
        row.updated_at = when
        session.flush()
        out = _booking_out(session, row, availability, when)
        mails = _invitations(session, row, out, availability, method="REQUEST", now=when)
        enqueue_mails(session, mails, now=when)
        cancel_jobs(session, _reminder_key(row.uid), now=when)
        _schedule_reminders(session, row, out, availability, now=when)
    return BookingResult(booking=out, mails=mails)


def list_bookings(
    db: Database,
    *,
    party: Party,
    now: dt.datetime | None = None,
    include_past: bool = False,
    include_cancelled: bool = False,
) -> list[BookingOut]:
    """The coach's or the client's sessions, soonest first (upcoming only by default)."""
    from sqlalchemy import select

    from slingcoach.storage.tables import BookingRow

    when = utc_now(now)
    query = select(BookingRow).order_by(BookingRow.starts_at, BookingRow.id)
    query = query.where(_scope(party))
    if not include_past:
        query = query.where(BookingRow.ends_at > when)
    if not include_cancelled:
        query = query.where(BookingRow.status == ACTIVE)
    with db.read() as session:
        rows = session.scalars(query).all()
        availabilities: dict[int, Availability | None] = {}
        out = []
        for row in rows:
            if row.coach_id not in availabilities:
                availabilities[row.coach_id] = _availability(session, row.coach_id)
            out.append(_booking_out(session, row, availabilities[row.coach_id], when))
    return out


def get_booking(
    db: Database, uid: str, *, party: Party, now: dt.datetime | None = None
) -> BookingOut:
    """One booking of this coach or client; :class:`NotFoundError` for anyone else's."""
    when = utc_now(now)
    with db.read() as session:
        row = _owned_booking(session, uid, party, lock=False)
        return _booking_out(session, row, _availability(session, row.coach_id), when)


# ------------------------------------------------------------------ iCalendar


def booking_ics(
    booking: BookingOut,
    *,
    method: Literal["REQUEST", "CANCEL"],
    organizer: tuple[str, str | None],
    attendee: tuple[str, str | None],
    now: dt.datetime,
) -> bytes:
    """The session as an RFC 5545/5546 calendar object: one VEVENT, times in UTC.

    ``organizer`` (the coach) and ``attendee`` (the client) are ``(name, email)``; without
    an e-mail address the property is left out.
    """
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", f"{booking.uid}@slingcoach")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", utc_now(now))
    event.add("dtstart", booking.starts_at.astimezone(dt.UTC))
    event.add("dtend", booking.ends_at.astimezone(dt.UTC))
    event.add("summary", f"Strategy session: {booking.client_name} with {booking.coach_name}")
    if booking.topic:
        event.add("description", booking.topic)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    name, email = organizer
    if email:
        event.add("organizer", icalendar.vCalAddress(f"mailto:{email}"), parameters={"cn": name})
    name, email = attendee
    if email:
        event.add(
            "attendee",
            icalendar.vCalAddress(f"mailto:{email}"),
            parameters={
                "cn": name,
                "role": "REQ-PARTICIPANT",
                "partstat": "ACCEPTED" if method == "REQUEST" else "DECLINED",
                "rsvp": "FALSE",
            },
        )
    calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics


# ------------------------------------------------------------------ helpers


def _viewer_zone(timezone: str) -> dt.tzinfo:
    try:
        return zone_of(timezone)
    except ValueError as exc:
        raise InvalidInputError(str(exc), location="timezone") from None


def _coach_of(client: Client) -> int:
    if client.coach_id is None:
        raise InvalidInputError(
            f"{client.name} has no coach to book a session with", source="client"
        )
    return client.coach_id


def _lock_coach(session: Session, coach_id: int) -> None:
    """Serialise booking writes per coach (FOR UPDATE is a no-op on SQLite, whose
    ``BEGIN IMMEDIATE`` serialises all writers)."""
    from sqlalchemy import select

    from slingcoach.storage.tables import Coach

    found = session.execute(
        select(Coach.id).where(Coach.id == coach_id).with_for_update()
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"no coach with the id {coach_id}")


def _availability(session: Session, coach_id: int) -> Availability | None:
    from sqlalchemy import select

    from slingcoach.storage.tables import AvailabilityRow, DayOffRow

    row = session.get(AvailabilityRow, coach_id)
    if row is None:
        return None
    days_off = session.scalars(select(DayOffRow.day).where(DayOffRow.coach_id == coach_id))
    return Availability(
        timezone=row.timezone,
        windows=tuple(Window.model_validate(w) for w in row.windows),
        session_minutes=row.session_minutes,
        buffer_before_minutes=row.buffer_before_minutes,
        buffer_after_minutes=row.buffer_after_minutes,
        notice_minutes=row.notice_minutes,
        step_minutes=row.step_minutes,
        horizon_days=row.horizon_days,
        days_off=frozenset(days_off),
    )


def _require_availability(session: Session, coach_id: int) -> Availability:
    availability = _availability(session, coach_id)
    if availability is None:
        raise NotFoundError("the coach has not set their availability for strategy sessions yet")
    return availability


def _availability_out(availability: Availability) -> AvailabilityOut:
    return AvailabilityOut(
        timezone=availability.timezone,
        windows=list(availability.windows),
        session_minutes=availability.session_minutes,
        buffer_before_minutes=availability.buffer_before_minutes,
        buffer_after_minutes=availability.buffer_after_minutes,
        notice_minutes=availability.notice_minutes,
        step_minutes=availability.step_minutes,
        horizon_days=availability.horizon_days,
        days_off=sorted(availability.days_off),
    )


def _no_notice(availability: Availability) -> Availability:
    return availability.model_copy(update={"notice_minutes": 0})


def _busy(
    session: Session,
    coach_id: int,
    start: dt.datetime,
    end: dt.datetime,
    *,
    excluding: int | None = None,
) -> list[Busy]:
    """The coach's active bookings that overlap ``[start, end)``."""
    from sqlalchemy import select

    from slingcoach.storage.tables import BookingRow

    query = select(BookingRow.starts_at, BookingRow.ends_at).where(
        BookingRow.coach_id == coach_id,
        BookingRow.status == ACTIVE,
        BookingRow.starts_at < end,
        BookingRow.ends_at > start,
    )
    if excluding is not None:
        query = query.where(BookingRow.id != excluding)
    return [Busy(s, e) for s, e in session.execute(query)]


def _scope(party: Party) -> ColumnElement[bool]:
    from slingcoach.storage.tables import BookingRow

    if party.role == "coach" and party.coach_id is not None:
        return BookingRow.coach_id == party.coach_id
    if party.role == "client" and party.client_id is not None:
        return BookingRow.client_id == party.client_id
    raise NotFoundError("no such booking")


def _owned_booking(session: Session, uid: str, party: Party, *, lock: bool) -> BookingRow:
    from sqlalchemy import select

    from slingcoach.storage.tables import BookingRow

    if not uid or len(uid) > 64:
        raise NotFoundError("no such booking")
    row = session.scalar(select(BookingRow).where(BookingRow.uid == uid, _scope(party)))
    if row is None:
        raise NotFoundError("no such booking")
    if lock:
        _lock_coach(session, row.coach_id)
        session.refresh(row)
    return row


def _booking_out(
    session: Session, row: BookingRow, availability: Availability | None, now: dt.datetime
) -> BookingOut:
    from slingcoach.storage.tables import Client, Coach

    client = session.get(Client, row.client_id)
    coach = session.get(Coach, row.coach_id)
    notice = availability.notice if availability is not None else dt.timedelta(0)
    return BookingOut(
        uid=row.uid,
        client=client.slug if client else "",
        client_name=client.name if client else "",
        coach_name=coach.name if coach else "",
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        status=ACTIVE if row.status == ACTIVE else CANCELLED,
        topic=row.topic,
        sequence=row.sequence,
        cancelled_by=row.cancelled_by,
        changeable=row.status == ACTIVE and row.starts_at - now >= notice,
    )


def _slot_out(slot: Slot, zone: dt.tzinfo) -> SlotOut:
    start, end = slot.local(zone)
    return SlotOut(starts_at=slot.starts_at, ends_at=slot.ends_at, local_start=start, local_end=end)


def _taken(slot: Slot, availability: Availability) -> str:
    local = slot.starts_at.astimezone(availability.zone)
    return (
        f"{local:%a %d %b %Y %H:%M} ({availability.timezone}) has just been taken; "
        "please pick another slot"
    )


def _invitations(
    session: Session,
    row: BookingRow,
    booking: BookingOut,
    availability: Availability,
    *,
    method: Literal["REQUEST", "CANCEL"],
    now: dt.datetime,
    reminder: bool = False,
    only: str | None = None,
) -> list[Mail]:
    """The invitation (or cancellation, or reminder) for the coach and for the client (or
    ``only`` the one of that role), each with the time in their own zone; a side without an
    e-mail address gets none."""
    coach, client = _contacts(session, row, availability)
    ics = booking_ics(
        booking,
        method=method,
        organizer=(coach.name, coach.email),
        attendee=(client.name, client.email),
        now=now,
    )
    attachment = ("invite.ics" if method == "REQUEST" else "cancel.ics", ics, "text/calendar")
    mails = []
    for person, other in ((coach, client), (client, coach)):
        if not person.email or only not in (None, person.role):
            continue
        zone = _viewer_zone(person.timezone)
        start = booking.starts_at.astimezone(zone)
        end = booking.ends_at.astimezone(zone)
        when = f"{start:%A %d %B %Y, %H:%M}-{end:%H:%M} ({person.timezone})"
        if reminder:
            subject = f"Reminder: strategy session {start:%a %d %b %H:%M}"
            text = (
                f"A reminder of your strategy session with {other.name}:\n{when}\n"
                + (f"\nTopic: {booking.topic}\n" if booking.topic else "")
                + "\nThe attached invitation keeps your calendar up to date.\n"
            )
        elif method == "CANCEL":
            by = "you" if booking.cancelled_by == person.role else other.name
            subject = f"Cancelled: strategy session {start:%a %d %b %H:%M}"
            text = f"The strategy session with {other.name} on {when} was cancelled by {by}.\n"
        else:
            moved = booking.sequence > 0
            subject = f"{'Moved' if moved else 'Booked'}: strategy session {start:%a %d %b %H:%M}"
            text = (
                f"Strategy session with {other.name}{' (moved)' if moved else ''}:\n"
                f"{when}\n"
                + (f"\nTopic: {booking.topic}\n" if booking.topic else "")
                + "\nThe attached invitation adds it to your calendar.\n"
            )
        mails.append(Mail(to=person.email, subject=subject, text=text, attachments=(attachment,)))
    return mails


def _reminder_key(uid: str) -> str:
    return f"booking:{uid}:reminder"


def _contacts(
    session: Session, row: BookingRow, availability: Availability
) -> tuple[Contact, Contact]:
    """The coach and the client of ``row`` as they are now (name, address, zone)."""
    from slingcoach.app.contacts import client_contact, coach_contact

    return (
        coach_contact(session, row.coach_id, default_timezone=availability.timezone),
        client_contact(session, row.client_id, default_timezone=availability.timezone),
    )


def _schedule_reminders(
    session: Session,
    row: BookingRow,
    booking: BookingOut,
    availability: Availability,
    *,
    now: dt.datetime,
) -> None:
    """Queue each side's reminder for :data:`REMINDER_BEFORE` the start (none when that
    moment has passed already). The job names the booking and the side, not the text: the
    mail is written when it goes (:func:`reminder_mail`). ``to`` is the address at queueing,
    for a person looking at the queue."""
    due = booking.starts_at - REMINDER_BEFORE
    if due <= now:
        return
    for person in _contacts(session, row, availability):
        if person.email:
            payload = {"booking": row.uid, "side": person.role, "to": person.email}
            enqueue_job(
                session, BOOKING_REMINDER, payload, now=now, due_at=due, key=_reminder_key(row.uid)
            )


def reminder_mail(db: Database, uid: str, side: str, *, now: dt.datetime) -> Mail | None:
    """The reminder of booking ``uid`` for its ``side`` (``"coach"`` or ``"client"``), written
    from the booking as it is at ``now``: its current time, in the person's current zone, to
    their current address. ``None`` when nothing should go: no such booking, the session is
    cancelled or has begun, or that side has no address."""
    from sqlalchemy import select

    from slingcoach.storage.tables import BookingRow

    when = utc_now(now)
    with db.read() as session:
        row = session.scalar(select(BookingRow).where(BookingRow.uid == uid))
        if row is None or row.status != ACTIVE or row.starts_at <= when:
            return None
        availability = _availability(session, row.coach_id)
        if availability is None:
            return None
        out = _booking_out(session, row, availability, when)
        mails = _invitations(
            session, row, out, availability, method="REQUEST", now=when, reminder=True, only=side
        )
    return mails[0] if mails else None


__all__: Sequence[str] = [
    "AvailabilityOut",
    "BookingOut",
    "BookingRequest",
    "BookingResult",
    "DaySlots",
    "FreeSlots",
    "Party",
    "RescheduleRequest",
    "SlotOut",
    "Viewer",
    "add_day_off",
    "book_session",
    "booking_ics",
    "cancel_booking",
    "free_slots_for_client",
    "get_availability",
    "get_booking",
    "list_bookings",
    "reminder_mail",
    "remove_day_off",
    "reschedule_booking",
    "set_availability",
]
