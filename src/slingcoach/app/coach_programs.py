"""A coach makes a program from a client's latest assessment, and exports what is kept.

The form's words (weeks, days, minutes, the first day) are read here once, for the web page
and the API alike; errors name the field. Exports render the stored documents through
:mod:`slingcoach.app.exports`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from slingcoach.errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from slingcoach.app.exports import Export, ExportFormat
    from slingcoach.app.records import SavedProgram
    from slingcoach.storage.database import Database


def _whole(fields: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    text = (fields.get(name) or "").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise InvalidInputError(f"{text!r} is not a whole number", location=name) from None
    if not low <= value <= high:
        raise InvalidInputError(f"give a number from {low} to {high}", location=name)
    return value


def generate_for_client(
    db: Database, client_ref: str, fields: Mapping[str, str], *, today: dt.date
) -> SavedProgram:
    """Make and keep a program from the client's latest assessment.

    ``fields``: ``weeks`` (4-16, default 8), ``days_per_week`` (1-7), ``minutes_per_session``
    (15-180), ``start_date`` (YYYY-MM-DD, default the next Monday); blank means the intake's
    answer. Raises :class:`InvalidInputError` naming the field,
    :class:`~slingcoach.errors.ReferralRequiredError` or
    :class:`~slingcoach.errors.InfeasibleProgramError` (the message says what to relax).
    """
    from slingcoach.app.programs import PlanRequest, make_program, parse_date
    from slingcoach.app.records import latest_assessment, save_program

    weeks = _whole(fields, "weeks", 4, 16) or 8  # Program.weeks_count's range
    days = _whole(fields, "days_per_week", 1, 7)
    minutes = _whole(fields, "minutes_per_session", 15, 180)
    start_text = (fields.get("start_date") or "").strip()
    start = parse_date(start_text, field="start_date") if start_text else None
    if start is not None and start < today:
        raise InvalidInputError("the first day is in the past", location="start_date")
    stored = latest_assessment(db, client_ref)
    request = PlanRequest(
        weeks=weeks, days_per_week=days, minutes_per_session=minutes, start_date=start
    )
    program, _ = make_program(stored.assessment, request, today=today)
    return save_program(db, client_ref, program, assessment_id=stored.id)


def program_export(
    db: Database, client_ref: str, program_id: str, fmt: ExportFormat, *, today: dt.date
) -> Export:
    """A kept program of the client as ``fmt`` (json, html, pdf, ics, csv)."""
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.app.exports import render_program
    from slingcoach.storage.documents import load_program
    from slingcoach.storage.tables import ProgramRow

    with db.read() as session:
        client = find_client(session, client_ref)
        document = session.scalar(
            select(ProgramRow.document).where(
                ProgramRow.client_id == client.id, ProgramRow.uid == program_id
            )
        )
    if document is None:
        raise NotFoundError(f"client {client_ref!r} has no program {program_id!r}")
    return render_program(load_program(document), fmt, generated_on=today)


def assessment_export(
    db: Database, client_ref: str, assessment_id: str, fmt: ExportFormat, *, today: dt.date
) -> Export:
    """A kept assessment of the client as JSON, or its report as HTML or PDF."""
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.app.exports import render_assessment
    from slingcoach.storage.documents import load_assessment
    from slingcoach.storage.tables import AssessmentRow

    with db.read() as session:
        client = find_client(session, client_ref)
        document = session.scalar(
            select(AssessmentRow.document).where(
                AssessmentRow.client_id == client.id, AssessmentRow.uid == assessment_id
            )
        )
    if document is None:
        raise NotFoundError(f"client {client_ref!r} has no assessment {assessment_id!r}")
    return render_assessment(load_assessment(document), fmt, generated_on=today)
