"""Export a client's whole history to one JSON document, and import it again, losslessly.

The layout is documented in docs/storage.md ("Export format") and versioned by
``format_version``:

- version 1: the client, intakes, assessments (with the recordings' bytes in base64 and
  their results), programs and notes;
- version 2 (current): version 1 plus workouts (sessions with their entries) and the
  progression of every exercise side.

An older file is brought to the current layout by :data:`UPGRADES` (``vN → vN+1``), and
each document inside it by the stored-document upgrades, before anything is written.
Export, import into an empty database and export again give identical files: nothing
the database assigns (row ids) is exported, and everything is written in a fixed order.
An import runs in one transaction: a file that fails half-way leaves the database as it was.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from slingcoach.errors import ConflictError, InvalidInputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import Client

FORMAT = "slingcoach-client"
FORMAT_VERSION = 2


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClientOut(_Strict):
    slug: str
    name: str
    body_mass_kg: float | None
    created_at: dt.datetime


class IntakeOut(_Strict):
    number: int = Field(ge=1, description="1-based; assessments point at it")
    created_at: dt.datetime
    schema_version: str
    document: dict[str, Any]


class RecordingOut(_Strict):
    position: int
    file_name: str
    kind: str
    sha256: str
    size_bytes: int
    content_base64: str
    results: dict[str, Any] | None


class AssessmentOut(_Strict):
    id: str
    intake: int | None
    assessed_on: dt.date
    refer: bool
    created_at: dt.datetime
    schema_version: str
    document: dict[str, Any]
    recordings: list[RecordingOut]


class ProgramOut(_Strict):
    id: str
    assessment_id: str | None
    start_date: dt.date
    weeks: int
    created_at: dt.datetime
    schema_version: str
    document: dict[str, Any]


class EntryOut(_Strict):
    item_key: str | None
    exercise_id: str
    swapped_from: str | None
    sets: list[dict[str, Any]]


class WorkoutOut(_Strict):
    program_id: str | None
    performed_on: dt.date
    session_rpe: int | None
    notes: str | None
    red_flags: list[str]
    created_at: dt.datetime
    entries: list[EntryOut]


class ProgressionOut(_Strict):
    exercise_id: str
    side: str
    action: str
    load_kg: float | None
    target: int
    misses: int
    reason: str
    version: int
    updated_at: dt.datetime


class NoteOut(_Strict):
    author: str
    text: str
    created_at: dt.datetime


class ClientExport(_Strict):
    """One client's history (format version 2)."""

    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    client: ClientOut
    intakes: list[IntakeOut]
    assessments: list[AssessmentOut]
    programs: list[ProgramOut]
    workouts: list[WorkoutOut]
    progressions: list[ProgressionOut]
    notes: list[NoteOut]


class Imported(BaseModel):
    """What an import stored."""

    client: str
    format_version: int
    assessments: int
    programs: int
    workouts: int


def export_client(db: Database, client_ref: str) -> ClientExport:
    """Everything stored about a client, in a fixed order."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from slingcoach.app.clients import find_client
    from slingcoach.storage.tables import (
        AssessmentRow,
        IntakeRow,
        NoteRow,
        ProgramRow,
        ProgressionRow,
        WorkoutRow,
    )

    with db.read() as session:
        client = find_client(session, client_ref)
        intakes = list(
            session.scalars(
                select(IntakeRow).where(IntakeRow.client_id == client.id).order_by(IntakeRow.id)
            )
        )
        intake_number = {row.id: n for n, row in enumerate(intakes, start=1)}
        assessments = list(
            session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.client_id == client.id)
                .options(selectinload(AssessmentRow.recordings))
                .order_by(AssessmentRow.id)
            )
        )
        assessment_uid = {row.id: row.uid for row in assessments}
        programs = list(
            session.scalars(
                select(ProgramRow).where(ProgramRow.client_id == client.id).order_by(ProgramRow.id)
            )
        )
        program_uid = {row.id: row.uid for row in programs}
        workouts = session.scalars(
            select(WorkoutRow)
            .where(WorkoutRow.client_id == client.id)
            .options(selectinload(WorkoutRow.entries))
            .order_by(WorkoutRow.id)
        )
        progressions = session.scalars(
            select(ProgressionRow)
            .where(ProgressionRow.client_id == client.id)
            .order_by(ProgressionRow.exercise_id, ProgressionRow.side)
        )
        notes = session.scalars(
            select(NoteRow).where(NoteRow.client_id == client.id).order_by(NoteRow.id)
        )
        return ClientExport(
            client=ClientOut(
                slug=client.slug,
                name=client.name,
                body_mass_kg=client.body_mass_kg,
                created_at=client.created_at,
            ),
            intakes=[
                IntakeOut(
                    number=intake_number[r.id],
                    created_at=r.created_at,
                    schema_version=r.schema_version,
                    document=r.document,
                )
                for r in intakes
            ],
            assessments=[
                AssessmentOut(
                    id=r.uid,
                    intake=intake_number.get(r.intake_id) if r.intake_id else None,
                    assessed_on=r.assessed_on,
                    refer=r.refer,
                    created_at=r.created_at,
                    schema_version=r.schema_version,
                    document=r.document,
                    recordings=[
                        RecordingOut(
                            position=rec.position,
                            file_name=rec.file_name,
                            kind=rec.kind,
                            sha256=rec.sha256,
                            size_bytes=rec.size_bytes,
                            content_base64=base64.b64encode(rec.content).decode("ascii"),
                            results=rec.results,
                        )
                        for rec in r.recordings
                    ],
                )
                for r in assessments
            ],
            programs=[
                ProgramOut(
                    id=r.uid,
                    assessment_id=assessment_uid.get(r.assessment_id) if r.assessment_id else None,
                    start_date=r.start_date,
                    weeks=r.weeks,
                    created_at=r.created_at,
                    schema_version=r.schema_version,
                    document=r.document,
                )
                for r in programs
            ],
            workouts=[
                WorkoutOut(
                    program_id=program_uid.get(w.program_id) if w.program_id else None,
                    performed_on=w.performed_on,
                    session_rpe=w.session_rpe,
                    notes=w.notes,
                    red_flags=list(w.red_flags),
                    created_at=w.created_at,
                    entries=[
                        EntryOut(
                            item_key=e.item_key,
                            exercise_id=e.exercise_id,
                            swapped_from=e.swapped_from,
                            sets=list(e.sets),
                        )
                        for e in w.entries
                    ],
                )
                for w in workouts
            ],
            progressions=[
                ProgressionOut(
                    exercise_id=p.exercise_id,
                    side=p.side,
                    action=p.action,
                    load_kg=p.load_kg,
                    target=p.target,
                    misses=p.misses,
                    reason=p.reason,
                    version=p.version,
                    updated_at=p.updated_at,
                )
                for p in progressions
            ],
            notes=[NoteOut(author=n.author, text=n.text, created_at=n.created_at) for n in notes],
        )


def export_json(export: ClientExport) -> str:
    """The export as JSON text: keys sorted (PostgreSQL's JSONB does not keep key order, so
    sorting makes the text the same from either database), two-space indent, final newline."""
    import json

    data = export.model_dump(mode="json")
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no workout logs: add empty workouts and progressions."""
    data = copy.deepcopy(data)
    data["workouts"] = []
    data["progressions"] = []
    data["format_version"] = 2
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}
"""``format_version`` N → N+1 upgrades of export files."""


def parse_export(data: Any, *, source: str = "export") -> ClientExport:
    """Validate an export (any known version), upgraded to the current layout and documents.

    Raises
    ------
    InvalidInputError
        Not a slingcoach client export, a version this slingcoach does not know, a field
        that does not validate (named), or a document that cannot be upgraded.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInputError(
            f'not a slingcoach client export (expected "format": "{FORMAT}")', source=source
        )
    version = data.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise InvalidInputError(
            f"format_version {version!r} is not one this slingcoach reads (1 to {FORMAT_VERSION})",
            source=source,
            location="format_version",
        )
    while version < FORMAT_VERSION:
        data = UPGRADES[version](data)
        version += 1
    try:
        export = ClientExport.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInputError(first["msg"], source=source, location=where) from None
    return _upgraded_documents(export, source)


def _upgraded_documents(export: ClientExport, source: str) -> ClientExport:
    """Every document brought to today's version (validated by its model)."""
    from slingcoach.storage.documents import (
        current_version,
        dump_document,
        load_assessment,
        load_intake,
        load_program,
    )

    def up(kind: str, loader: Callable[[dict[str, Any]], BaseModel], doc: dict[str, Any]) -> Any:
        try:
            return dump_document(loader(doc))
        except InvalidInputError as exc:
            raise InvalidInputError(f"{kind}: {exc}", source=source) from None

    return export.model_copy(
        update={
            "intakes": [
                i.model_copy(
                    update={
                        "document": up("intake", load_intake, i.document),
                        "schema_version": current_version("intake"),
                    }
                )
                for i in export.intakes
            ],
            "assessments": [
                a.model_copy(
                    update={
                        "document": up("assessment", load_assessment, a.document),
                        "schema_version": current_version("assessment"),
                    }
                )
                for a in export.assessments
            ],
            "programs": [
                p.model_copy(
                    update={
                        "document": up("program", load_program, p.document),
                        "schema_version": current_version("program"),
                    }
                )
                for p in export.programs
            ],
        }
    )


def import_client(db: Database, export: ClientExport) -> Imported:
    """Store an export as a new client, in one transaction.

    Raises
    ------
    ConflictError
        A client with the export's id, or an assessment with one of its ids, exists already.
    InvalidInputError
        The file contradicts itself (a recording whose bytes do not match its sha256, a
        program pointing at an assessment the file does not hold).
    """
    _check_consistent(export)
    with db.write() as session:
        client = _new_client(session, export)
        intakes = _add_intakes(session, client, export)
        assessments = _add_assessments(session, client, export, intakes)
        programs = _add_programs(session, client, export, assessments)
        _add_workouts(session, client, export, programs)
        _add_rest(session, client, export)
        return Imported(
            client=client.slug,
            format_version=FORMAT_VERSION,
            assessments=len(export.assessments),
            programs=len(export.programs),
            workouts=len(export.workouts),
        )


def _check_consistent(export: ClientExport) -> None:
    numbers = {i.number for i in export.intakes}
    uids = {a.id for a in export.assessments}
    pids = {p.id for p in export.programs}
    for a in export.assessments:
        if a.intake is not None and a.intake not in numbers:
            raise InvalidInputError(
                f"assessment {a.id} points at intake {a.intake}, not in the file"
            )
        for rec in a.recordings:
            content = _bytes(rec)
            if hashlib.sha256(content).hexdigest() != rec.sha256 or len(content) != rec.size_bytes:
                raise InvalidInputError(
                    f"recording {rec.file_name} of assessment {a.id}: its bytes do not match "
                    "its sha256 and size; the file was changed or cut short"
                )
    for p in export.programs:
        if p.assessment_id is not None and p.assessment_id not in uids:
            raise InvalidInputError(
                f"program {p.id} points at assessment {p.assessment_id}, not in the file"
            )
    for w in export.workouts:
        if w.program_id is not None and w.program_id not in pids:
            raise InvalidInputError(
                f"a workout on {w.performed_on} points at program {w.program_id}, not in the file"
            )


def _bytes(rec: RecordingOut) -> bytes:
    try:
        return base64.b64decode(rec.content_base64, validate=True)
    except ValueError:
        raise InvalidInputError(
            f"recording {rec.file_name}: content_base64 is not base64"
        ) from None


def _new_client(session: Session, export: ClientExport) -> Client:
    from sqlalchemy import select

    from slingcoach.storage.tables import AssessmentRow, Client, ProgramRow

    c = export.client
    if session.scalar(select(Client.id).where(Client.slug == c.slug)) is not None:
        raise ConflictError(
            f"a client with the id {c.slug!r} exists already; import into another database"
        )
    taken = (
        session.scalars(
            select(AssessmentRow.uid).where(
                AssessmentRow.uid.in_([a.id for a in export.assessments])
            )
        ).first()
        or session.scalars(
            select(ProgramRow.uid).where(ProgramRow.uid.in_([p.id for p in export.programs]))
        ).first()
    )
    if taken is not None:
        raise ConflictError(f"a record with the id {taken!r} exists already")
    client = Client(slug=c.slug, name=c.name, body_mass_kg=c.body_mass_kg, created_at=c.created_at)
    session.add(client)
    session.flush()
    return client


def _add_intakes(session: Session, client: Client, export: ClientExport) -> dict[int, int]:
    from slingcoach.storage.tables import IntakeRow

    ids = {}
    for i in sorted(export.intakes, key=lambda i: i.number):
        row = IntakeRow(
            client_id=client.id,
            created_at=i.created_at,
            schema_version=i.schema_version,
            document=i.document,
        )
        session.add(row)
        session.flush()
        ids[i.number] = row.id
    return ids


def _add_assessments(
    session: Session, client: Client, export: ClientExport, intakes: dict[int, int]
) -> dict[str, int]:
    from slingcoach.storage.tables import AssessmentRow, RecordingRow

    ids = {}
    for a in export.assessments:
        row = AssessmentRow(
            uid=a.id,
            client_id=client.id,
            intake_id=intakes[a.intake] if a.intake is not None else None,
            assessed_on=a.assessed_on,
            refer=a.refer,
            schema_version=a.schema_version,
            document=a.document,
            created_at=a.created_at,
        )
        for rec in a.recordings:
            row.recordings.append(
                RecordingRow(
                    position=rec.position,
                    file_name=rec.file_name,
                    kind=rec.kind,
                    sha256=rec.sha256,
                    size_bytes=rec.size_bytes,
                    content=_bytes(rec),
                    results=rec.results,
                )
            )
        session.add(row)
        session.flush()
        ids[a.id] = row.id
    return ids


def _add_programs(
    session: Session, client: Client, export: ClientExport, assessments: dict[str, int]
) -> dict[str, int]:
    from slingcoach.app.records import planned_sessions
    from slingcoach.storage.documents import load_program
    from slingcoach.storage.tables import ProgramRow

    ids = {}
    for p in export.programs:
        row = ProgramRow(
            uid=p.id,
            client_id=client.id,
            assessment_id=assessments[p.assessment_id] if p.assessment_id else None,
            start_date=p.start_date,
            weeks=p.weeks,
            schema_version=p.schema_version,
            document=p.document,
            sessions=planned_sessions(load_program(p.document)),
            created_at=p.created_at,
        )
        session.add(row)
        session.flush()
        ids[p.id] = row.id
    return ids


def _add_workouts(
    session: Session, client: Client, export: ClientExport, programs: dict[str, int]
) -> None:
    from slingcoach.app.logs import entry_model
    from slingcoach.storage.tables import LogEntryRow, WorkoutRow

    for w in export.workouts:
        row = WorkoutRow(
            client_id=client.id,
            program_id=programs[w.program_id] if w.program_id else None,
            performed_on=w.performed_on,
            session_rpe=w.session_rpe,
            notes=w.notes,
            red_flags=list(w.red_flags),
            created_at=w.created_at,
        )
        for position, e in enumerate(w.entries):
            entry = LogEntryRow(
                position=position,
                item_key=e.item_key,
                exercise_id=e.exercise_id,
                swapped_from=e.swapped_from,
                sets=list(e.sets),
                max_pain=None,
            )
            try:
                entry.max_pain = entry_model(entry).max_pain  # also validates the sets
            except ValidationError as exc:
                raise InvalidInputError(
                    f"workout on {w.performed_on}, entry {position + 1}: {exc.errors()[0]['msg']}"
                ) from None
            row.entries.append(entry)
        session.add(row)


def _add_rest(session: Session, client: Client, export: ClientExport) -> None:
    from slingcoach.storage.tables import NoteRow, ProgressionRow

    for p in export.progressions:
        session.add(
            ProgressionRow(
                client_id=client.id,
                exercise_id=p.exercise_id,
                side=p.side,
                action=p.action,
                load_kg=p.load_kg,
                target=p.target,
                misses=p.misses,
                reason=p.reason,
                version=p.version,
                updated_at=p.updated_at,
            )
        )
    for n in export.notes:
        session.add(
            NoteRow(client_id=client.id, author=n.author, text=n.text, created_at=n.created_at)
        )
