"""The intake questionnaire a client fills in on the web: store it, screen its red flags.

A clean intake is stored for the coach, who assesses it with the field tests. An intake
whose red-flag screen is positive is also assessed at once (:func:`slingcoach.assessment.
assess` refers it), so the stored assessment says "refer": the next block refuses to
program (:func:`slingcoach.app.progress.next_block`) and the coach's list flags the
client. The person is told to see a clinician (the screen's own wording,
:func:`slingcoach.assessment.redflags.referral_text`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from slingcoach.app._time import utc_now

if TYPE_CHECKING:
    from slingcoach.assessment.intake import Intake
    from slingcoach.storage.database import Database


class IntakeSaved(BaseModel):
    """What became of a submitted intake."""

    model_config = ConfigDict(frozen=True)

    client: str
    submitted_at: dt.datetime
    refer: bool
    referral: str | None
    red_flags: list[str]
    assessment_id: str | None


def submit_intake(
    db: Database, client_ref: str, intake: Intake, *, today: dt.date, now: dt.datetime | None = None
) -> IntakeSaved:
    """Store ``intake`` for the client; a positive red-flag screen also stores the referring
    assessment (programming stops until a clinician has seen the person)."""
    from slingcoach.app.clients import find_client
    from slingcoach.app.records import save_assessment
    from slingcoach.assessment import assess
    from slingcoach.assessment.redflags import referral_text, screen
    from slingcoach.storage.documents import current_version, dump_document
    from slingcoach.storage.tables import IntakeRow

    stamp = utc_now(now)
    hits = screen(intake.red_flags, age=intake.person.age)
    if hits:
        assessment = assess(intake, assessed_on=today)
        saved = save_assessment(db, client_ref, intake, assessment, now=stamp)
        return IntakeSaved(
            client=saved.client,
            submitted_at=stamp,
            refer=True,
            referral=referral_text(hits),
            red_flags=[h.id for h in hits],
            assessment_id=saved.id,
        )
    with db.write() as session:
        client = find_client(session, client_ref)
        session.add(
            IntakeRow(
                client=client,
                created_at=stamp,
                schema_version=current_version("intake"),
                document=dump_document(intake),
            )
        )
        slug = client.slug
    return IntakeSaved(
        client=slug,
        submitted_at=stamp,
        refer=False,
        referral=None,
        red_flags=[],
        assessment_id=None,
    )


def latest_intake(db: Database, client_ref: str) -> Intake | None:
    """The client's most recent intake (to fill the form in again), or ``None``."""
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.documents import load_intake
    from slingcoach.storage.tables import IntakeRow

    with db.read() as session:
        client = find_client(session, client_ref)
        document = session.scalar(
            select(IntakeRow.document)
            .where(IntakeRow.client_id == client.id)
            .order_by(IntakeRow.created_at.desc(), IntakeRow.id.desc())
            .limit(1)
        )
    return load_intake(document) if document is not None else None
