"""Store a sample client with history: the demo database that ``make run`` writes.

The client is assessed a few weeks ago, given a program that started the Monday after,
and has seeded (simulated, :mod:`slingcoach.app.simulate`) logs up to yesterday, so that
``progress``, ``next-block`` and ``flags`` have something to show at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from slingcoach.storage.database import Database


class SeededClient(BaseModel):
    """What was stored for the sample client."""

    client: str
    assessment_id: str
    program_id: str
    program_start: dt.date
    sessions: int
    sets: int


def seed_sample_client(
    db: Database, intake_path: Path, *, today: dt.date, weeks_logged: int = 4, seed: int = 1
) -> SeededClient:
    """Add the intake's person as a client with an assessment, a program and seeded logs."""
    from slingcoach.app.assessments import assess_intake
    from slingcoach.app.clients import ClientCreate, add_client
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.logs import log_sessions
    from slingcoach.app.programs import PlanRequest, make_program
    from slingcoach.app.records import RecordingFile, save_assessment, save_program
    from slingcoach.app.simulate import SimulatedClient, monday_weeks_before
    from slingcoach.errors import InvalidInputError

    start = monday_weeks_before(today, weeks_logged)
    loaded = load_intake(intake_path)
    assessment = assess_intake(loaded, assessed_on=start - dt.timedelta(days=3))
    files = []
    for recording in loaded.intake.recordings:
        source = loaded.file(recording.path)
        if source is None:
            raise InvalidInputError("recording not found", source=recording.path)
        content = source.read_bytes(what=f"{recording.kind} recording")
        files.append(RecordingFile(name=recording.path, content=content))
    person = assessment.person
    client = add_client(db, ClientCreate(name=person.name, body_mass_kg=person.body_mass_kg))
    saved = save_assessment(db, client.slug, loaded.intake, assessment, recordings=files)
    program, _ = make_program(
        assessment, PlanRequest(weeks=8, seed=seed, start_date=start), today=start
    )
    kept = save_program(db, client.slug, program, assessment_id=saved.id)
    weaker = next((e.weak_side for e in program.emphasis), None)
    simulated = SimulatedClient(seed=seed)
    if weaker is not None:
        from slingcoach.vocab import Sides

        simulated.weaker = Sides(str(weaker))
    logs = simulated.sessions(program, through=today - dt.timedelta(days=1))
    result = log_sessions(db, client.slug, logs, today=today) if logs else None
    return SeededClient(
        client=client.slug,
        assessment_id=saved.id,
        program_id=kept.id,
        program_start=start,
        sessions=result.sessions if result else 0,
        sets=result.sets if result else 0,
    )


class SeededConversation(BaseModel):
    """What :func:`seed_messages_and_booking` stored (book's part of the web demo)."""

    messages: int
    booking_uid: str | None
    booking_starts_at: dt.datetime | None


DEMO_MESSAGES: tuple[tuple[Literal["coach", "client"], str], ...] = (
    ("client", "Hi! My right glute still feels like it switches on late in the single-leg RDL."),
    ("coach", "Thanks, good to know. Slow the lowering to 3 seconds and pause at the bottom."),
    ("client", "Will do. Could we go through my re-test results on a call?"),
)
"""The demo thread: the last message is the client's, so the coach sees one unread."""


def seed_messages_and_booking(
    db: Database, client_slug: str, *, coach_id: int, now: dt.datetime, timezone: str
) -> SeededConversation:
    """Give the coach weekday hours (09:00-12:00 and 14:00-17:00 in ``timezone``, 45-minute
    sessions, 15 minutes after each, 24 hours' notice), a short thread with the client and
    the client's first free session from two days on. Seeding twice adds nothing."""
    from sqlalchemy import func, select

    from slingcoach.app.booking import (
        BookingRequest,
        Viewer,
        book_session,
        free_slots_for_client,
        get_availability,
        list_bookings,
        set_availability,
    )
    from slingcoach.app.messages import MessageCreate, read_thread, send_message
    from slingcoach.booking import Availability, Window
    from slingcoach.storage.tables import Client, MessageRow

    if get_availability(db, coach_id) is None:
        hours = Availability(
            timezone=timezone,
            windows=tuple(
                Window(weekday=d, start=dt.time(h), end=dt.time(h + 3))
                for d in range(5)
                for h in (9, 14)
            ),
            session_minutes=45,
            buffer_after_minutes=15,
            notice_minutes=24 * 60,
        )
        set_availability(db, coach_id, hours, now=now)
    with db.read() as session:
        client_id = session.scalar(select(Client.id).where(Client.slug == client_slug))
        count = session.scalar(
            select(func.count()).select_from(MessageRow).where(MessageRow.client_id == client_id)
        )
    written = 0
    if not count:
        for minutes, (sender, body) in enumerate(DEMO_MESSAGES):
            at = now - dt.timedelta(hours=20) + dt.timedelta(minutes=37 * minutes)
            send_message(db, client_slug, MessageCreate(body=body), sender=sender, now=at)
            if sender == "client" and minutes == 0:
                read_thread(db, client_slug, reader="coach", now=at + dt.timedelta(minutes=30))
            written += 1

    existing = list_bookings(db, party=Viewer(role="client", client_id=client_id), now=now)
    if existing:
        return SeededConversation(
            messages=written,
            booking_uid=existing[0].uid,
            booking_starts_at=existing[0].starts_at,
        )
    slots = free_slots_for_client(
        db, client_slug, now=now, timezone=timezone, start=(now + dt.timedelta(days=2)).date()
    )
    if not slots.by_day:
        return SeededConversation(messages=written, booking_uid=None, booking_starts_at=None)
    first = slots.by_day[0].slots[0]
    made = book_session(
        db,
        client_slug,
        BookingRequest(starts_at=first.starts_at, topic="Re-test results and the next block"),
        now=now,
    )
    return SeededConversation(
        messages=written, booking_uid=made.booking.uid, booking_starts_at=made.booking.starts_at
    )
