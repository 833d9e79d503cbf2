"""Use cases for a coach's changes to a stored program (one transaction each).

The change itself is pure (:mod:`slingcoach.programming.edit`): swap an exercise, change
sets, move the training days, each re-checked against the program's rules. Here the current
(or a named) program is loaded, edited from ``today`` on, and stored back in place (its id,
its item keys and the logs that point at them stay), with a row in ``program_edits`` that
says who changed what, when, and which warnings were accepted; the program's notes say it
too, so the printed sheet shows that the coach changed it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.app._time import utc_now
from slingcoach.errors import EditRefusedError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.programming.edit import DaysChange, ExerciseSwap, SetsChange
    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import Client, ProgramRow


class ConflictOut(BaseModel):
    """A rule the edit breaks, in the coach's words."""

    model_config = ConfigDict(frozen=True)

    rule: str
    where: str
    text: str
    blocking: bool


class EditResult(BaseModel):
    """An edit made (or checked, with ``saved`` false): what changed and the warnings."""

    model_config = ConfigDict(frozen=True)

    client: str
    program_id: str
    summary: str
    changed: list[str] = Field(description="item keys (swaps, sets) or new session dates (days)")
    warnings: list[ConflictOut]
    saved: bool


class EditRecord(BaseModel):
    """One change kept with a program: who, when, what."""

    model_config = ConfigDict(frozen=True)

    author: str
    at: dt.datetime
    summary: str
    edit: dict[str, Any]
    changed: list[str]
    warnings: list[str]


class SubstituteOut(BaseModel):
    """An exercise that may replace an item."""

    model_config = ConfigDict(frozen=True)

    exercise_id: str
    name: str
    relation: str = Field(description="substitute, easier or harder")
    level: int
    equipment: list[str]
    note: str | None


def edit_program(
    db: Database,
    client_ref: str,
    edit: ExerciseSwap | SetsChange | DaysChange,
    *,
    author: str,
    today: dt.date,
    program_id: str | None = None,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> EditResult:
    """Apply ``edit`` to the client's current program (or ``program_id``) from ``today``.

    Raises
    ------
    EditRefusedError
        The edit breaks a rule the program must keep; ``problems`` says which, and nothing
        is stored.
    InvalidInputError
        The edit cannot be made (a past session, an unknown item, a substitute of the
        wrong shape, another number of days).
    NotFoundError
        The client has no program (or not that one).
    """
    from slingcoach.app.clients import find_client
    from slingcoach.app.records import planned_sessions
    from slingcoach.exercises import get_catalogue
    from slingcoach.programming.edit import EDIT_ADAPTER, apply_edit, by_id
    from slingcoach.storage.documents import current_version, dump_document, load_program
    from slingcoach.storage.tables import ProgramEditRow

    created = utc_now(now)
    with db.write() as session:
        client = find_client(session, client_ref)
        row = _program_row(session, client, program_id, lock=True)
        program = load_program(row.document)
        outcome = apply_edit(program, edit, by_id(get_catalogue().all()), from_date=today)
        if outcome.blocking:
            problems = [f"{c.place}: {c.text}" for c in outcome.blocking]
            raise EditRefusedError(
                f"not changed: {outcome.summary} would break the program's rules: "
                + "; ".join(problems),
                problems,
                location=_location(edit),
            )
        warnings = [_conflict_out(c) for c in outcome.warnings]
        result = EditResult(
            client=client.slug,
            program_id=row.uid,
            summary=outcome.summary,
            changed=list(outcome.changed),
            warnings=warnings,
            saved=not dry_run,
        )
        if dry_run:
            return result
        note = f"Changed by {author} on {today.isoformat()}: {outcome.summary}."
        edited = outcome.program.model_copy(update={"notes": (*outcome.program.notes, note)})
        row.document = dump_document(edited)
        row.schema_version = current_version("program")
        row.sessions = planned_sessions(edited)
        session.add(
            ProgramEditRow(
                program_id=row.id,
                author=author,
                edit=EDIT_ADAPTER.dump_python(edit, mode="json"),
                changed=list(outcome.changed),
                summary=outcome.summary,
                warnings=[f"{c.place}: {c.text}" for c in outcome.warnings],
                created_at=created,
            )
        )
        session.flush()
        return result


def program_substitutes(
    db: Database, client_ref: str, item_key: str, *, program_id: str | None = None
) -> list[SubstituteOut]:
    """The exercises that may replace the item at ``item_key`` for this client
    (:func:`slingcoach.programming.edit.substitutes_for`)."""
    from slingcoach.app.clients import find_client
    from slingcoach.exercises import get_catalogue
    from slingcoach.programming.edit import substitutes_for
    from slingcoach.storage.documents import load_program

    with db.read() as session:
        client = find_client(session, client_ref)
        program = load_program(_program_row(session, client, program_id).document)
    return [
        SubstituteOut(
            exercise_id=s.exercise.id,
            name=s.exercise.name,
            relation=s.relation,
            level=s.exercise.level,
            equipment=[e.value for e in s.exercise.equipment],
            note=s.note,
        )
        for s in substitutes_for(program, item_key, get_catalogue())
    ]


def program_edit_history(
    db: Database, client_ref: str, *, program_id: str | None = None
) -> list[EditRecord]:
    """The changes made to the client's current program (or ``program_id``), oldest first."""
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.tables import ProgramEditRow

    with db.read() as session:
        client = find_client(session, client_ref)
        row = _program_row(session, client, program_id)
        edits = session.scalars(
            select(ProgramEditRow)
            .where(ProgramEditRow.program_id == row.id)
            .order_by(ProgramEditRow.created_at, ProgramEditRow.id)
        )
        return [
            EditRecord(
                author=e.author,
                at=e.created_at,
                summary=e.summary,
                edit=e.edit,
                changed=list(e.changed),
                warnings=list(e.warnings),
            )
            for e in edits
        ]


def _program_row(
    session: Session, client: Client, program_id: str | None, *, lock: bool = False
) -> ProgramRow:
    from sqlalchemy import select

    from slingcoach.storage.tables import ProgramRow

    query = select(ProgramRow).where(ProgramRow.client_id == client.id)
    if program_id is not None:
        query = query.where(ProgramRow.uid == program_id)
    else:
        query = query.order_by(ProgramRow.start_date.desc(), ProgramRow.id.desc()).limit(1)
    if lock:
        query = query.with_for_update()  # two coaches' edits queue instead of losing one
    row = session.scalar(query)
    if row is None:
        which = f"no program {program_id!r}" if program_id else "no program yet"
        raise NotFoundError(f"client {client.slug!r} has {which}")
    return row


def _conflict_out(c: Any) -> ConflictOut:
    return ConflictOut(rule=c.rule, where=c.place, text=c.text, blocking=c.blocking)


def _location(edit: Any) -> str:
    return {"swap": "to", "sets": "sets", "days": "weekdays"}[edit.kind]
