"""A half-filled intake questionnaire kept between the steps of the web form.

The web form asks the intake in steps; each step's answers are stored here at once (form
field name → value, a list for a check-box group) with the step the client is on, so a
reload, a lost connection or another day goes on where the client stopped. The draft is
removed when the intake is saved (:func:`discard_draft`). The CLI's interrupted intake is
kept in a file instead (:mod:`slingcoach.app.intake_session`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.app._time import utc_now

if TYPE_CHECKING:
    from slingcoach.storage.database import Database


class IntakeDraft(BaseModel):
    """The answers given so far and the step the client is on."""

    model_config = ConfigDict(frozen=True)

    step: int = Field(ge=1)
    answers: dict[str, str | list[str]]
    updated_at: dt.datetime


def load_draft(db: Database, client_ref: str) -> IntakeDraft | None:
    """The client's draft, or None when there is none."""
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.tables import IntakeDraftRow

    with db.read() as session:
        client = find_client(session, client_ref)
        row = session.scalar(select(IntakeDraftRow).where(IntakeDraftRow.client_id == client.id))
        if row is None:
            return None
        return IntakeDraft(step=row.step, answers=row.answers, updated_at=row.updated_at)


def save_draft(
    db: Database,
    client_ref: str,
    answers: dict[str, str | list[str]],
    *,
    step: int,
    now: dt.datetime | None = None,
) -> IntakeDraft:
    """Keep ``answers`` (all of them, replacing the draft's) and the step to show next."""
    from sqlalchemy.exc import IntegrityError

    try:
        return _save(db, client_ref, answers, step=step, now=now)
    except IntegrityError:  # two first saves at once (a double tap): the other one inserted
        return _save(db, client_ref, answers, step=step, now=now)


def _save(
    db: Database,
    client_ref: str,
    answers: dict[str, str | list[str]],
    *,
    step: int,
    now: dt.datetime | None,
) -> IntakeDraft:
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.tables import IntakeDraftRow

    stamp = utc_now(now)
    with db.write() as session:
        client = find_client(session, client_ref)
        row = session.scalar(
            select(IntakeDraftRow).where(IntakeDraftRow.client_id == client.id).with_for_update()
        )
        if row is None:
            session.add(
                IntakeDraftRow(client_id=client.id, step=step, answers=answers, updated_at=stamp)
            )
        else:
            row.step = step
            row.answers = answers
            row.updated_at = stamp
    return IntakeDraft(step=step, answers=answers, updated_at=stamp)


def discard_draft(db: Database, client_ref: str) -> None:
    """Remove the client's draft (the intake is saved)."""
    from sqlalchemy import delete

    from slingcoach.app.clients import find_client
    from slingcoach.storage.tables import IntakeDraftRow

    with db.write() as session:
        client = find_client(session, client_ref)
        session.execute(delete(IntakeDraftRow).where(IntakeDraftRow.client_id == client.id))
