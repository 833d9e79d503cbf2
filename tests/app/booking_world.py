"""A small world for the booking and message use cases: coach A (London) with clients
A1 and A2, coach B (New York) with client B1; every one with an account (for e-mail)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from slingcoach.app.accounts import Principal
from slingcoach.booking import Availability, Window
from slingcoach.storage.database import Database

NOW = dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC)
"""Wednesday 9 December 2026, 10:00 in London."""
HOURS = Availability(
    timezone="Europe/London",
    windows=tuple(Window(weekday=d, start=dt.time(9), end=dt.time(12)) for d in range(5)),
    session_minutes=60,
    buffer_after_minutes=0,
    notice_minutes=24 * 60,
    horizon_days=60,
)
"""Coach A: weekdays 09:00-12:00 London, 60-minute sessions, 24 hours' notice."""
THURSDAY_10 = dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.UTC)
FRIDAY_9 = dt.datetime(2026, 12, 11, 9, 0, tzinfo=dt.UTC)
FRIDAY_10 = dt.datetime(2026, 12, 11, 10, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class People:
    coach_a: Principal
    coach_b: Principal
    a1: Principal
    a2: Principal
    b1: Principal
    a1_slug: str
    a2_slug: str
    b1_slug: str


def make_people(db: Database, *, extra_clients: int = 0) -> People:
    """Store the coaches and clients with accounts (password hashing made cheap by the caller)."""
    from sqlalchemy import update

    from slingcoach.app.accounts import AccountCreate, create_client_account, create_coach_account
    from slingcoach.app.clients import ClientCreate, add_client
    from slingcoach.storage.tables import Client

    def account(email: str, name: str, zone: str) -> AccountCreate:
        return AccountCreate(
            email=email, name=name, password="correct horse battery", timezone=zone
        )

    created = NOW - dt.timedelta(days=30)
    coach_a = create_coach_account(
        db, account("coach-a@example.com", "Alex Morgan", "Europe/London"), now=created
    )
    coach_b = create_coach_account(
        db, account("coach-b@example.com", "Billie Chen", "America/New_York"), now=created
    )
    clients = {}
    for key, name, coach in (
        ("a1", "Sam Rivera", coach_a),
        ("a2", "Avery Jones", coach_a),
        ("b1", "Blair Okafor", coach_b),
    ):
        clients[key] = add_client(db, ClientCreate(name=name), now=created)
        with db.write() as session:
            session.execute(
                update(Client)
                .where(Client.slug == clients[key].slug)
                .values(coach_id=coach.coach_id)
            )
    for n in range(extra_clients):
        extra = add_client(db, ClientCreate(name=f"Extra {n}"), now=created)
        with db.write() as session:
            session.execute(
                update(Client).where(Client.slug == extra.slug).values(coach_id=coach_a.coach_id)
            )
    zones = {"a1": "America/New_York", "a2": "Europe/London", "b1": "America/New_York"}
    principals = {
        key: create_client_account(
            db,
            clients[key].slug,
            account(f"{key}@example.com", clients[key].name, zones[key]),
            now=created,
        )
        for key in clients
    }
    return People(
        coach_a=coach_a,
        coach_b=coach_b,
        a1=principals["a1"],
        a2=principals["a2"],
        b1=principals["b1"],
        a1_slug=clients["a1"].slug,
        a2_slug=clients["a2"].slug,
        b1_slug=clients["b1"].slug,
    )
