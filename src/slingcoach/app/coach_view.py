"""What the coach's client page shows, in one call: the client, the latest assessment (with
Oswestry and findings), the assessments and programs kept, one week of the current program
(the week around ``today``, or the week the coach picks) with each item's dose, the changes
made to it, and the client's progress.

Everything is worded for the coach who reads it: findings say "Sam's right side", not the
client-facing "your right side"; numbers are rounded as people read them; exercises and tests
go by their names, not their ids. The page and the API read this; they do not query storage
themselves.
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

    @property
    def rows(self) -> list[list[ItemView]]:
        """The items as the coach reads them: a one-sided exercise's two items (weaker side
        first, next to each other in the program) in one row."""
        out: list[list[ItemView]] = []
        for item in self.items:
            last = out[-1] if out else None
            if (
                last is not None
                and len(last) == 1
                and item.exercise_id is not None
                and last[0].exercise_id == item.exercise_id
                and {last[0].side, item.side} == {"left", "right"}
            ):
                last.append(item)
            else:
                out.append([item])
        return out


class TestRow(BaseModel):
    """One field test of an assessment, as the coach reads it (numbers already rounded)."""

    model_config = ConfigDict(frozen=True)

    name: str
    unit: str
    left: str
    right: str
    gap_pct: str = Field(description="percent difference, whole numbers ('n/a' without one)")
    weaker: str | None
    status: str = Field(description="the asymmetry band: ok, watch or address")


class FindingView(BaseModel):
    """A finding in the coach's words: the sling, the gap, the evidence, what to do."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(description="e.g. 'Right posterior oblique sling'")
    summary: str = Field(description="e.g. 'Sam's right side tested about 20 % below the left'")
    side: str
    severity: str
    confidence: str
    weak_links: list[str]
    compensating: list[str]
    evidence: list[str]
    signs: list[str]
    suggestions: list[str]


class LatestAssessment(BaseModel):
    """The latest assessment, in brief."""

    model_config = ConfigDict(frozen=True)

    id: str
    assessed_on: dt.date
    refer: bool
    referral_text: str | None
    odi_pct: float | None
    odi_band: str | None
    findings: list[str] = Field(description="the findings' text as the client reads it")
    tests: list[str] = Field(description="each field test: left, right and the gap")
    coach_findings: list[FindingView] = Field(default_factory=list)
    test_rows: list[TestRow] = Field(default_factory=list)


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
    week: list[SessionView] = Field(description="the program week shown (week_number)")
    week_number: int | None = Field(default=None, description="the week shown, 1 first")
    current_week: int | None = Field(default=None, description="the week around today")
    warnings: list[str]
    edits: list[EditRecord]
    progress: Progress
    exercise_names: dict[str, str] = Field(
        default_factory=dict, description="exercise id → name, for the strength trends"
    )
    test_names: dict[str, str] = Field(
        default_factory=dict, description="field-test id → name, for the asymmetry history"
    )


def client_overview(
    db: Database, client_ref: str, *, today: dt.date, week: int | None = None
) -> ClientOverview:
    """The client page's data for ``client_ref`` on ``today`` (the coach's date).

    ``week`` picks the program week shown (1 first); by default the week around ``today``,
    or the next one once every session of this week is past, since that is the first week
    the coach can still change. A week outside the block raises :class:`InvalidInputError`.
    """
    from slingcoach.app.clients import show_client
    from slingcoach.app.program_edits import program_edit_history
    from slingcoach.app.progress import progress
    from slingcoach.app.records import latest_assessment

    detail = show_client(db, client_ref)
    first_name = detail.name.split()[0] if detail.name.strip() else detail.name
    latest = None
    if detail.assessments:
        stored = latest_assessment(db, client_ref)
        latest = _latest(stored.id, stored.assessment, first_name)
    program, program_id = _current_program(db, client_ref)
    sessions: list[SessionView] = []
    edits: list[EditRecord] = []
    shown = current = None
    if program is not None:
        current = _default_week(program, today)
        shown = current if week is None else _checked_week(program, week)
        sessions = _week(program, shown, today)
        edits = program_edit_history(db, client_ref)
    data = progress(db, client_ref, today=today)
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
        week=sessions,
        week_number=shown,
        current_week=current,
        warnings=list(program.warnings) if program is not None else [],
        edits=edits,
        progress=data,
        exercise_names=_exercise_names(t.exercise_id for t in data.strength),
        test_names=_test_names(data.asymmetry),
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


def _num(value: float | None) -> str:
    """A measured value as people read it: one decimal at most, no trailing ``.0``.

    >>> _num(93.02325581395348), _num(40.0), _num(2.219), _num(None)
    ('93', '40', '2.2', 'n/a')
    """
    if value is None:
        return "n/a"
    return f"{round(value, 1):g}"


def _latest(uid: str, assessment: Any, first_name: str) -> LatestAssessment:
    tests = []
    rows = []
    for t in assessment.tests:
        gap = f"{t.percent_difference:.0f} %" if t.percent_difference is not None else "n/a"
        weaker = f", {t.weaker_side.value} weaker" if t.weaker_side is not None else ""
        left = f"{round(t.left, 1):g}" if t.left is not None else "n/a"
        right = f"{round(t.right, 1):g}" if t.right is not None else "n/a"
        tests.append(f"{t.name}: left {left}, right {right} {t.unit} ({gap}{weaker})")
        rows.append(
            TestRow(
                name=t.name,
                unit=t.unit,
                left=_num(t.left),
                right=_num(t.right),
                gap_pct=f"{t.percent_difference:.0f}"
                if t.percent_difference is not None
                else "n/a",
                weaker=t.weaker_side.value if t.weaker_side is not None else None,
                status=str(t.status),
            )
        )
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
        coach_findings=[_finding_view(f, first_name) for f in assessment.findings],
        test_rows=rows,
    )


def _finding_view(finding: Any, first_name: str) -> FindingView:
    """A finding for the coach: the same facts as its client text, in the third person."""
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    side = finding.side.value
    other = "left" if side == "right" else "right"
    sling = anatomy.sling(finding.sling).name
    sling = sling[:1].lower() + sling[1:]
    measured = [e for e in finding.evidence if e.agrees and e.asymmetry is not None]
    tests = [e for e in measured if e.source == "field-test"]
    arm_only = bool(tests) and all(str(e.end) == "arm" for e in tests)
    part = f"{side} lat (arm) side" if arm_only else f"{side} side"
    if tests:
        mean = sum(e.asymmetry for e in tests) / len(tests)  # as the engine: mean % difference
        summary = (
            f"{first_name}'s {part} tested about {mean:.0f} % below the {other} "
            f"in {len(tests)} test{'s' if len(tests) != 1 else ''}"
        )
    else:
        summary = f"Recordings suggest {first_name}'s {side} {sling} is under-performing"
    return FindingView(
        title=f"{finding.sling_side.value.capitalize()} {sling}",
        summary=summary,
        side=side,
        severity=str(finding.severity),
        confidence=str(finding.confidence),
        weak_links=[_muscle(anatomy, m) for m in finding.muscles],
        compensating=[_muscle(anatomy, m) for m in finding.partners],
        evidence=[_evidence(e) for e in finding.evidence],
        signs=list(finding.signs),
        suggestions=list(finding.suggestions),
    )


def _muscle(anatomy: Any, muscle: Any) -> str:
    name = anatomy.display_name(muscle.muscle).split(" (")[0]
    return f"{muscle.side.value} {name}"


def _evidence(e: Any) -> str:
    """One line of evidence: a field test's values and gap, or a recording's result."""
    against = "" if e.agrees else ", points the other way"
    if e.source != "field-test":
        where = f", {e.recording}" if e.recording else ""
        return f"{e.text or e.name} ({e.source}{where}{against})"
    gap = f"{e.asymmetry:.0f} %" if e.asymmetry is not None else "no gap"
    unit = f" {e.unit}" if e.unit else ""
    return f"{e.name}: left {_num(e.left)}, right {_num(e.right)}{unit} ({gap}{against})"


def _exercise_names(ids: Any) -> dict[str, str]:
    from slingcoach.exercises import get_catalogue

    catalogue = get_catalogue()
    return {i: catalogue.get(i).name if i in catalogue else i.replace("-", " ") for i in ids}


def _test_names(asymmetry: dict[str, Any]) -> dict[str, str]:
    from slingcoach.assessment.battery import battery

    known = {t.id: t.name for t in battery().tests}
    return {i: known.get(i, i.replace("-", " ")) for i in asymmetry}


def _default_week(program: Any, today: dt.date) -> int:
    """The week around ``today`` (the first before the block, the last after it), or the
    next week when every session of it is past: the first week the coach can still change."""
    index = (today - program.start_date).days // 7
    index = max(0, min(index, len(program.weeks) - 1))
    week = program.weeks[index]
    if index + 1 < len(program.weeks) and all(s.date < today for s in week.sessions):
        index += 1
    return int(program.weeks[index].number)


def _checked_week(program: Any, number: int) -> int:
    from slingcoach.errors import InvalidInputError

    numbers = [w.number for w in program.weeks]
    if number not in numbers:
        raise InvalidInputError(
            f"the program has weeks {numbers[0]}-{numbers[-1]}, not week {number}",
            location="week",
        )
    return number


def _week(program: Any, number: int, today: dt.date) -> list[SessionView]:
    """The sessions of week ``number``; an item is editable from ``today`` on."""
    from slingcoach.reports.program_export import dose_text

    week = next(w for w in program.weeks if w.number == number)
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
