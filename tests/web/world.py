"""The web tests' world: two coaches, their clients with accounts, and A1's history.

- coach A (``coach-a@example.com``) with clients A1 (the sample client ``right-weak.yaml``:
  intake, assessment with recordings, an 8-week program, four weeks of simulated logs) and
  A2 (no history);
- coach B (``coach-b@example.com``) with client B1 (no history).

Every account's password is :data:`PASSWORD`. The world's clock is fixed at :data:`NOW`.
The pure steps (assessing the intake, generating the program, simulating the logs) run
once per test process; each test stores them in its own database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slingcoach.app.accounts import AccountCreate, Principal

if TYPE_CHECKING:
    from slingcoach.storage.database import Database

PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC)
"""A Wednesday morning: the app's clock in the web tests."""
TODAY = NOW.date()
A1_BOOKING_START = dt.datetime(2026, 12, 11, 10, 0, tzinfo=dt.UTC)
"""A1's strategy session with coach A (Friday 10:00 London; book: tests/web/test_web_booking.py)."""
COACH_A_DAY_OFF = dt.date(2026, 12, 31)
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "right-weak.yaml"


@dataclass(frozen=True)
class World:
    """Who exists in a web test's database (see the module docstring)."""

    coach_a: Principal
    coach_b: Principal
    a1: Principal
    a2: Principal
    b1: Principal
    a1_slug: str
    a2_slug: str
    b1_slug: str
    a1_assessment_id: str
    a1_program_id: str
    a1_booking_uid: str
    coach_a_day_off: str
    now: dt.datetime = NOW
    today: dt.date = TODAY
    password: str = PASSWORD


@cache
def _a1_history() -> tuple[Any, Any, list[Any], Any, list[Any]]:
    """(loaded intake, assessment, recording files, program, session logs) of A1."""
    from slingcoach.app.assessments import assess_intake
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.programs import PlanRequest, make_program
    from slingcoach.app.records import RecordingFile
    from slingcoach.app.simulate import SimulatedClient, monday_weeks_before
    from slingcoach.vocab import Sides

    start = monday_weeks_before(TODAY, 4)
    loaded = load_intake(SAMPLE)
    assessment = assess_intake(loaded, assessed_on=start - dt.timedelta(days=3))
    files = []
    for recording in loaded.intake.recordings:
        source = loaded.file(recording.path)
        assert source is not None, recording.path
        content = source.read_bytes(what=f"{recording.kind} recording")
        files.append(RecordingFile(name=recording.path, content=content))
    program, _ = make_program(
        assessment, PlanRequest(weeks=8, seed=1, start_date=start), today=start
    )
    simulated = SimulatedClient(seed=1)
    weaker = next((e.weak_side for e in program.emphasis), None)
    if weaker is not None:
        simulated.weaker = Sides(str(weaker))
    logs = simulated.sessions(program, through=TODAY - dt.timedelta(days=1))
    return loaded, assessment, files, program, logs


def build_world(db: Database) -> World:
    """Store the world in an empty database (coach, client and user rows, A1's history)."""
    from sqlalchemy import update

    from slingcoach.app.accounts import create_client_account, create_coach_account
    from slingcoach.app.clients import ClientCreate, add_client
    from slingcoach.app.logs import log_sessions
    from slingcoach.app.records import save_assessment, save_program
    from slingcoach.storage.tables import Client

    created = NOW - dt.timedelta(days=60)

    def account(email: str, name: str, timezone: str = "Europe/London") -> AccountCreate:
        return AccountCreate(email=email, name=name, password=PASSWORD, timezone=timezone)

    coach_a = create_coach_account(db, account("coach-a@example.com", "Alex Morgan"), now=created)
    coach_b = create_coach_account(
        db, account("coach-b@example.com", "Billie Chen", "America/New_York"), now=created
    )
    loaded, assessment, files, program, logs = _a1_history()
    a1 = add_client(
        db,
        ClientCreate(name=assessment.person.name, body_mass_kg=assessment.person.body_mass_kg),
        now=created,
    )
    a2 = add_client(db, ClientCreate(name="Avery Jones", body_mass_kg=64), now=created)
    b1 = add_client(db, ClientCreate(name="Blair Okafor", body_mass_kg=82), now=created)
    with db.write() as session:
        for slug, coach in ((a1.slug, coach_a), (a2.slug, coach_a), (b1.slug, coach_b)):
            session.execute(
                update(Client).where(Client.slug == slug).values(coach_id=coach.coach_id)
            )
    saved = save_assessment(db, a1.slug, loaded.intake, assessment, recordings=files)
    kept = save_program(db, a1.slug, program, assessment_id=saved.id)
    if logs:
        log_sessions(db, a1.slug, logs, today=TODAY)
    return World(
        coach_a=coach_a,
        coach_b=coach_b,
        a1=create_client_account(db, a1.slug, account("a1@example.com", a1.name), now=created),
        a2=create_client_account(db, a2.slug, account("a2@example.com", a2.name), now=created),
        b1=create_client_account(
            db, b1.slug, account("b1@example.com", b1.name, "America/New_York"), now=created
        ),
        a1_slug=a1.slug,
        a2_slug=a2.slug,
        b1_slug=b1.slug,
        a1_assessment_id=saved.id,
        a1_program_id=kept.id,
        a1_booking_uid=_book_a1(db, coach_a, a1.slug),
        coach_a_day_off=COACH_A_DAY_OFF.isoformat(),
    )


def _book_a1(db: Database, coach: Principal, slug: str) -> str:
    """Coach A's hours (weekdays 09:00-12:00 London, 60 min, 24 h notice), a day off and
    A1's session on Friday 11 December at 10:00 (book's part of the world)."""
    from slingcoach.app.booking import BookingRequest, book_session, set_availability
    from slingcoach.booking import Availability, Window

    assert coach.coach_id is not None
    hours = Availability(
        timezone="Europe/London",
        windows=tuple(Window(weekday=d, start=dt.time(9), end=dt.time(12)) for d in range(5)),
        days_off=frozenset({COACH_A_DAY_OFF}),
    )
    set_availability(db, coach.coach_id, hours, now=NOW - dt.timedelta(days=30))
    made = book_session(
        db, slug, BookingRequest(starts_at=A1_BOOKING_START, topic="Left hip"), now=NOW
    )
    return made.booking.uid
