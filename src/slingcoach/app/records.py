"""Use cases that keep a client's assessments and programs (one transaction each).

``save_assessment`` stores the intake, the assessment and the original bytes of every
recording it analysed, with each recording's derived results; ``save_program`` stores a
program block. Saving the same document twice returns the stored one (a retried web
request writes nothing new).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.app._time import utc_now
from slingcoach.errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.assessment import Assessment, Intake
    from slingcoach.programming import Program
    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import AssessmentRow, Client


class RecordingFile(BaseModel):
    """The original bytes of a recording, as read or uploaded, under the name the intake uses."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=255)
    content: bytes


class SavedAssessment(BaseModel):
    """Where a saved assessment went."""

    model_config = ConfigDict(frozen=True)

    client: str
    id: str
    assessed_on: dt.date
    recordings: int
    created: bool = Field(description="False when the same assessment was stored already")


class SavedProgram(BaseModel):
    """Where a saved program went."""

    model_config = ConfigDict(frozen=True)

    client: str
    id: str
    assessment_id: str | None
    start_date: dt.date
    weeks: int
    created: bool


def document_id(data: dict[str, Any]) -> str:
    """A short content hash of a JSON document (sha256 of its canonical text, 16 hex digits)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def save_assessment(
    db: Database,
    client_ref: str,
    intake: Intake,
    assessment: Assessment,
    *,
    recordings: Sequence[RecordingFile] = (),
    now: dt.datetime | None = None,
) -> SavedAssessment:
    """Store ``intake`` and ``assessment`` for a client, with the recordings' bytes.

    Every recording the intake names must be given (its bytes are kept), and only those.
    """
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.documents import current_version, dump_document
    from slingcoach.storage.tables import AssessmentRow, IntakeRow, RecordingRow

    created_at = utc_now(now)
    on = _assessed_on(assessment, created_at)
    files = _match_recordings(intake, recordings)
    document = dump_document(assessment)
    uid = assessment.id
    with db.write() as session:
        client = find_client(session, client_ref)
        existing = session.scalar(select(AssessmentRow).where(AssessmentRow.uid == uid))
        if existing is not None:
            if existing.client_id != client.id:
                raise InvalidInputError(
                    f"assessment {uid} is stored for another client", source="assessment"
                )
            return _saved_assessment(client, existing, created=False)
        intake_row = IntakeRow(
            client=client,
            created_at=created_at,
            schema_version=current_version("intake"),
            document=dump_document(intake),
        )
        session.add(intake_row)
        row = AssessmentRow(
            uid=uid,
            client_id=client.id,
            intake=intake_row,
            assessed_on=on,
            refer=assessment.refer,
            schema_version=current_version("assessment"),
            document=document,
            created_at=created_at,
        )
        results = {s.file: s for s in assessment.sensors}
        for position, (recording, content) in enumerate(files):
            sensor = results.get(recording.path)
            row.recordings.append(
                RecordingRow(
                    position=position,
                    file_name=recording.path,
                    kind=str(recording.kind),
                    sha256=hashlib.sha256(content).hexdigest(),
                    size_bytes=len(content),
                    content=content,
                    results=dump_document(sensor) if sensor is not None else None,
                )
            )
        session.add(row)
        if assessment.person.body_mass_kg and client.body_mass_kg is None:
            client.body_mass_kg = assessment.person.body_mass_kg
        session.flush()
        return _saved_assessment(client, row, created=True)


def save_program(
    db: Database,
    client_ref: str,
    program: Program,
    *,
    assessment_id: str | None = None,
    now: dt.datetime | None = None,
) -> SavedProgram:
    """Store a program block for a client, linked to the assessment it came from.

    ``assessment_id`` must name a stored assessment of the client; without it the program's
    own ``assessment_id`` (when it has one) is linked if that assessment was saved.
    """
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.documents import current_version, dump_document
    from slingcoach.storage.tables import AssessmentRow, ProgramRow

    created_at = utc_now(now)
    document = dump_document(program)
    source = assessment_id
    with db.write() as session:
        client = find_client(session, client_ref)
        uid = document_id({"client": client.slug, "program": document})
        assessment_pk = None
        if source is not None:
            assessment_pk = session.scalar(
                select(AssessmentRow.id).where(
                    AssessmentRow.uid == source, AssessmentRow.client_id == client.id
                )
            )
            if assessment_pk is None and assessment_id is not None:
                raise NotFoundError(f"client {client.slug!r} has no assessment {source!r}")
            if assessment_pk is None:
                source = None  # made from an assessment that was never saved
        existing = session.scalar(select(ProgramRow).where(ProgramRow.uid == uid))
        if existing is not None:
            return _saved_program(client, existing, source, created=False)
        row = ProgramRow(
            uid=uid,
            client_id=client.id,
            assessment_id=assessment_pk,
            start_date=program.start_date,
            weeks=program.weeks_count,
            schema_version=current_version("program"),
            document=document,
            sessions=planned_sessions(program),
            created_at=created_at,
        )
        session.add(row)
        session.flush()
        return _saved_program(client, row, source, created=True)


class StoredAssessment(BaseModel):
    """A client's stored assessment, loaded as today's model."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    client: str
    id: str
    assessed_on: dt.date
    assessment: Any = Field(description="slingcoach.assessment.Assessment")


def latest_assessment(db: Database, client_ref: str) -> StoredAssessment:
    """The client's most recent assessment (by date, then by when it was stored)."""
    from slingcoach.app.clients import find_client
    from slingcoach.storage.documents import load_assessment

    with db.read() as session:
        client = find_client(session, client_ref)
        row = _latest_assessment_row(session, client)
        if row is None:
            raise NotFoundError(
                f"client {client.slug!r} has no assessment yet: run "
                f"`slingcoach assess FILE --client {client.slug} --save` first"
            )
        return StoredAssessment(
            client=client.slug,
            id=row.uid,
            assessed_on=row.assessed_on,
            assessment=load_assessment(row.document),
        )


def planned_sessions(program: Program) -> list[dict[str, Any]]:
    """The ``programs.sessions`` column: each planned session's date and item keys."""
    days = [
        (session.date, [item.key for item in session.items])
        for week in program.weeks
        for session in week.sessions
    ]
    return [{"date": day.isoformat(), "keys": keys} for day, keys in sorted(days)]


def _latest_assessment_row(session: Session, client: Client) -> AssessmentRow | None:
    from sqlalchemy import select

    from slingcoach.storage.tables import AssessmentRow

    return session.scalar(
        select(AssessmentRow)
        .where(AssessmentRow.client_id == client.id)
        .order_by(AssessmentRow.assessed_on.desc(), AssessmentRow.id.desc())
        .limit(1)
    )


def _assessed_on(assessment: Assessment, created_at: dt.datetime) -> dt.date:
    on = assessment.assessed_on
    # a day of slack: the caller's local date may be ahead of UTC
    if on > created_at.date() + dt.timedelta(days=1):
        raise InvalidInputError(
            f"the assessment date {on.isoformat()} is in the future", location="assessed_on"
        )
    return on


def _match_recordings(
    intake: Intake, recordings: Sequence[RecordingFile]
) -> list[tuple[Any, bytes]]:
    """Pair each recording the intake names with its bytes; refuse missing or extra files."""
    given = {r.name: r.content for r in recordings}
    if len(given) != len(recordings):
        raise InvalidInputError("two recordings have the same name", source="recordings")
    named = [r.path for r in intake.recordings]
    missing = [name for name in named if name not in given]
    extra = sorted(set(given) - set(named))
    if missing:
        raise InvalidInputError(
            f"the bytes of {', '.join(missing)} were not given; every recording the intake "
            "names is kept with the assessment",
            source="recordings",
        )
    if extra:
        raise InvalidInputError(
            f"{', '.join(extra)} is not one of the intake's recordings ({', '.join(named)})",
            source="recordings",
        )
    return [(r, given[r.path]) for r in intake.recordings]


def _saved_assessment(client: Client, row: AssessmentRow, *, created: bool) -> SavedAssessment:
    return SavedAssessment(
        client=client.slug,
        id=row.uid,
        assessed_on=row.assessed_on,
        recordings=len(row.recordings),
        created=created,
    )


def _saved_program(client: Client, row: Any, source: str | None, *, created: bool) -> SavedProgram:
    return SavedProgram(
        client=client.slug,
        id=row.uid,
        assessment_id=source,
        start_date=row.start_date,
        weeks=row.weeks,
        created=created,
    )
