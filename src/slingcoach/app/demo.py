"""The demo practice that ``make run`` serves: one coach, the sample clients, their accounts.

Each sample intake (``samples/*.yaml`` without red flags) becomes a client of the demo coach
with an assessment, a program and weeks of seeded logs (:func:`slingcoach.app.seed.
seed_sample_client`) and a login. The red-flag sample is added as a client with their
referral only (no program may be made for them). Seeding again finds the demo coach and
changes nothing, so ``make run`` can run any number of times on one database.

The seeded history (the thread's message notices, the booking's invitations) is not mailed:
those mails are withdrawn from the outbox as soon as they are queued, so the first thing
``make run`` shows is the address and the logins, not a page of mails about events that
were made up. The booking's reminders stay queued and go when they are due.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from slingcoach.app.intakes import IntakeFile
    from slingcoach.assessment import Assessment
    from slingcoach.storage.database import Database

DEMO_COACH_EMAIL = "coach@demo.slingcoach.org"
DEMO_PASSWORD = "slingcoach-demo"
"""The password of every demo account (printed by ``make run``; a demo database only)."""
DEMO_TIMEZONE = "Europe/London"


class DemoLogin(BaseModel):
    """One account of the demo practice."""

    model_config = ConfigDict(frozen=True)

    role: str
    name: str
    email: str
    client: str | None = None


class DemoPractice(BaseModel):
    """What the demo database holds: its logins (all with :data:`DEMO_PASSWORD`)."""

    model_config = ConfigDict(frozen=True)

    created: bool
    password: str
    logins: list[DemoLogin]
    withheld_mails: int = 0
    """Mails about the seeded history that were withdrawn instead of sent."""


def seed_demo_practice(
    db: Database, samples: Path, *, today: dt.date, now: dt.datetime | None = None
) -> DemoPractice:
    """Seed the demo coach and the sample clients (once; later calls only list the logins)."""
    from slingcoach.app.accounts import AccountCreate, create_coach_account, find_user

    coach = find_user(db, DEMO_COACH_EMAIL)
    if coach is not None:
        return DemoPractice(
            created=False, password=DEMO_PASSWORD, logins=_logins(db, coach.coach_id)
        )
    first_job = _last_job_id(db)
    coach = create_coach_account(
        db,
        AccountCreate(
            email=DEMO_COACH_EMAIL,
            name="Jordan Blake",
            password=DEMO_PASSWORD,
            timezone=DEMO_TIMEZONE,
        ),
        now=now,
    )
    slugs = [
        _seed_client(db, intake, coach_id=coach.coach_id, today=today, now=now)
        for intake in sorted(samples.glob("*.yaml"))
    ]
    if slugs and coach.coach_id is not None:  # book: hours, a thread and a booking
        from slingcoach.app._time import utc_now
        from slingcoach.app.seed import seed_messages_and_booking

        seed_messages_and_booking(
            db, slugs[0], coach_id=coach.coach_id, now=utc_now(now), timezone=DEMO_TIMEZONE
        )
    return DemoPractice(
        created=True,
        password=DEMO_PASSWORD,
        logins=_logins(db, coach.coach_id),
        withheld_mails=_withhold_history_mails(db, after_job=first_job, now=now),
    )


def _last_job_id(db: Database) -> int:
    from sqlalchemy import func, select

    from slingcoach.storage.tables import JobRow

    with db.read() as session:
        return int(session.scalar(select(func.max(JobRow.id))) or 0)


def _withhold_history_mails(db: Database, *, after_job: int, now: dt.datetime | None) -> int:
    """Withdraw the mails the seeding queued to go at once (notices and invitations about
    the made-up history); scheduled jobs (the booking's reminders) stay. Returns how many."""
    from sqlalchemy import update

    from slingcoach.app._time import utc_now
    from slingcoach.app.jobs import MAIL
    from slingcoach.storage.tables import JobRow

    with db.write() as session:
        done = session.execute(
            update(JobRow)
            .where(JobRow.id > after_job, JobRow.kind == MAIL, JobRow.status == "pending")
            .values(
                status="cancelled",
                finished_at=utc_now(now),
                last_error="the demo's seeded history: not mailed",
            )
        )
        return int(getattr(done, "rowcount", 0))


def _seed_client(
    db: Database, intake: Path, *, coach_id: int | None, today: dt.date, now: dt.datetime | None
) -> str:
    from sqlalchemy import select, update

    from slingcoach.app.accounts import AccountCreate, create_client_account
    from slingcoach.app.assessments import assess_intake
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.seed import seed_sample_client
    from slingcoach.storage.tables import Client

    loaded = load_intake(intake)
    screened = assess_intake(loaded, assessed_on=today - dt.timedelta(days=2))
    if screened.refer:
        slug = _referred_client(db, loaded, screened)
    else:
        slug = seed_sample_client(db, intake, today=today).client
    with db.write() as session:
        session.execute(update(Client).where(Client.slug == slug).values(coach_id=coach_id))
        name = session.scalar(select(Client.name).where(Client.slug == slug)) or slug
    create_client_account(
        db,
        slug,
        AccountCreate(
            email=f"{slug}@demo.slingcoach.org",
            name=name,
            password=DEMO_PASSWORD,
            timezone=DEMO_TIMEZONE,
        ),
        now=now,
    )
    return slug


def _referred_client(db: Database, loaded: IntakeFile, assessment: Assessment) -> str:
    """A client whose intake has red flags: the intake and the referral, no program."""
    from slingcoach.app.clients import ClientCreate, add_client
    from slingcoach.app.records import save_assessment

    person = assessment.person
    client = add_client(db, ClientCreate(name=person.name, body_mass_kg=person.body_mass_kg))
    save_assessment(db, client.slug, loaded.intake, assessment, recordings=[])
    return client.slug


def _logins(db: Database, coach_id: int | None) -> list[DemoLogin]:
    from sqlalchemy import select

    from slingcoach.storage.tables import Client, UserRow

    with db.read() as session:
        coach = session.scalar(select(UserRow).where(UserRow.coach_id == coach_id))
        rows = session.execute(
            select(UserRow.name, UserRow.email, Client.slug)
            .join(Client, Client.id == UserRow.client_id)
            .where(Client.coach_id == coach_id)
            .order_by(Client.name)
        ).all()
        logins = [DemoLogin(role="coach", name=coach.name, email=coach.email)] if coach else []
        logins += [
            DemoLogin(role="client", name=name, email=email, client=slug)
            for name, email, slug in rows
        ]
        return logins
