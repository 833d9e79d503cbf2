"""What the coach's client page shows, in one call: the client, the latest assessment (with
Oswestry and findings), the assessments and programs kept, the current program's week around
``today`` with each item's dose, the changes made to it, and the client's progress.

The page and the API read this; they do not query storage themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.app.clients import AssessmentSummary, ProgramSummary
from slingcoach.app.program_edits import EditRecord
from slingcoach.app.progress import Progress

if TYPE_CHECKING:
    from slingcoach.storage.database import Database


class ItemView(BaseModel):
    """One item of a planned session, as the coach edits it."""

    model_config = ConfigDict(frozen=True)

    key: str
    block: str
    name: str
    exercise_id: str | None
    side: str
    sets: int
    dose: str
    reason: str
    editable: bool = Field(description="a future exercise (not a re-test, not a past session)")


class SessionView(BaseModel):
    """A planned session."""

    model_config = ConfigDict(frozen=True)

    week: int
    number: int
    date: dt.date
    weekday: str
    minutes: int
    minutes_available: int
    focus: str
    items: list[ItemView]


class LatestAssessment(BaseModel):
    """The latest assessment, in brief."""

    model_config = ConfigDict(frozen=True)

    id: str
    assessed_on: dt.date
    refer: bool
    referral_text: str | None
    odi_pct: float | None
    odi_band: str | None
    findings: list[str]
    tests: list[str] = Field(description="each field test: left, right and the gap")


class ClientOverview(BaseModel):
    """Everything the coach's client page shows."""

    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    today: dt.date
    latest: LatestAssessment | None
    assessments: list[AssessmentSummary]
    programs: list[ProgramSummary]
    program_id: str | None
    program_weeks: int | None
    weekdays: list[str]
    week: list[SessionView] = Field(description="the current program's week around today")
    warnings: list[str]
    edits: list[EditRecord]
    progress: Progress


def client_overview(db: Database, client_ref: str, *, today: dt.date) -> ClientOverview:
    """The client page's data for ``client_ref`` on ``today`` (the coach's date)."""
    from slingcoach.app.clients import show_client
    from slingcoach.app.program_edits import program_edit_history
    from slingcoach.app.progress import progress
    from slingcoach.app.records import latest_assessment

    detail = show_client(db, client_ref)
    latest = None
    if detail.assessments:
        stored = latest_assessment(db, client_ref)
        latest = _latest(stored.id, stored.assessment)
    program, program_id = _current_program(db, client_ref)
    week: list[SessionView] = []
    edits: list[EditRecord] = []
    if program is not None:
        week = _week(program, today)
        edits = program_edit_history(db, client_ref)
    return ClientOverview(
        slug=detail.slug,
        name=detail.name,
        today=today,
        latest=latest,
        assessments=detail.assessments,
        programs=detail.programs,
        program_id=program_id,
        program_weeks=program.weeks_count if program is not None else None,
        weekdays=[d.value for d in program.preferences.weekdays] if program else [],
        week=week,
        warnings=list(program.warnings) if program is not None else [],
        edits=edits,
        progress=progress(db, client_ref, today=today),
    )


def _current_program(db: Database, client_ref: str) -> tuple[Any, str | None]:
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.documents import load_program
    from slingcoach.storage.tables import ProgramRow

    with db.read() as session:
        client = find_client(session, client_ref)
        row = session.scalar(
            select(ProgramRow)
            .where(ProgramRow.client_id == client.id)
            .order_by(ProgramRow.start_date.desc(), ProgramRow.id.desc())
            .limit(1)
        )
        if row is None:
            return None, None
        return load_program(row.document), row.uid


def _latest(uid: str, assessment: Any) -> LatestAssessment:
    tests = []
    for t in assessment.tests:
        gap = f"{t.percent_difference:.0f} %" if t.percent_difference is not None else "n/a"
        weaker = f", {t.weaker_side.value} weaker" if t.weaker_side is not None else ""
        left = f"{round(t.left, 1):g}" if t.left is not None else "n/a"
        right = f"{round(t.right, 1):g}" if t.right is not None else "n/a"
        tests.append(f"{t.name}: left {left}, right {right} {t.unit} ({gap}{weaker})")
    odi = assessment.odi
    return LatestAssessment(
        id=uid,
        assessed_on=assessment.assessed_on,
        refer=assessment.refer,
        referral_text=assessment.referral_text,
        odi_pct=round(odi.score_pct, 1) if odi is not None else None,
        odi_band=str(odi.band) if odi is not None else None,
        findings=[f.text for f in assessment.findings],
        tests=tests,
    )


def _week(program: Any, today: dt.date) -> list[SessionView]:
    """The week containing ``today`` (the first week before the block, the last after it)."""
    from slingcoach.reports.program_export import dose_text

    index = (today - program.start_date).days // 7
    index = max(0, min(index, len(program.weeks) - 1))
    week = program.weeks[index]
    return [
        SessionView(
            week=week.number,
            number=s.number,
            date=s.date,
            weekday=s.weekday.value,
            minutes=s.minutes,
            minutes_available=s.minutes_available,
            focus=s.focus,
            items=[
                ItemView(
                    key=i.key,
                    block=i.block.value,
                    name=i.name,
                    exercise_id=i.exercise_id,
                    side=i.side.value,
                    sets=i.sets,
                    dose=dose_text(i),
                    reason=i.reason,
                    editable=i.kind == "exercise" and s.date >= today,
                )
                for i in s.items
            ],
        )
        for s in week.sessions
    ]
