"""Who to write to about a coach or a client: name, e-mail address and time zone.

A signed-up person's account (``users``) has the address and zone; a coach without an
account may still have an address on the coach row; a client added from the command line
without an account has no address (nothing is mailed to them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Contact:
    """A person to notify; ``email`` is ``None`` when there is nowhere to write."""

    role: str
    name: str
    email: str | None
    timezone: str


def coach_contact(session: Session, coach_id: int, *, default_timezone: str) -> Contact:
    """The coach's name, address and zone (the account's, else the coach row's address)."""
    from sqlalchemy import select

    from slingcoach.storage.tables import Coach, UserRow

    coach = session.get(Coach, coach_id)
    user = session.scalar(
        select(UserRow).where(UserRow.coach_id == coach_id, UserRow.active.is_(True))
    )
    name = user.name if user is not None else (coach.name if coach is not None else "your coach")
    email = user.email if user is not None else (coach.email if coach is not None else None)
    timezone = user.timezone if user is not None else default_timezone
    return Contact(role="coach", name=name, email=email, timezone=timezone)


def client_contact(session: Session, client_id: int, *, default_timezone: str) -> Contact:
    """The client's name, and address and zone when they have an account."""
    from sqlalchemy import select

    from slingcoach.storage.tables import Client, UserRow

    client = session.get(Client, client_id)
    user = session.scalar(
        select(UserRow).where(UserRow.client_id == client_id, UserRow.active.is_(True))
    )
    name = client.name if client is not None else "your client"
    if user is None:
        return Contact(role="client", name=name, email=None, timezone=default_timezone)
    return Contact(role="client", name=name, email=user.email, timezone=user.timezone)
