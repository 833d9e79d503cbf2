"""Use cases that read a client's history: progress, the next block, the coach's flags.

Each reads in one transaction and computes with the pure :mod:`slingcoach.tracking`
functions; ``today`` is passed in (the client's date), so results are reproducible.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.errors import NotFoundError, ReferralRequiredError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.assessment import Assessment
    from slingcoach.storage.database import Database
    from slingcoach.storage.summaries import ClientSummary
    from slingcoach.storage.tables import Client
    from slingcoach.tracking.model import SessionLog
    from slingcoach.tracking.plan import PlanIndex
    from slingcoach.tracking.retest import Retest


class AdherenceOut(BaseModel):
    """Sessions and sets done against planned over a window."""

    days: int
    planned_sessions: int
    done_sessions: int
    planned_sets: int
    done_sets: int
    sessions_pct: float | None
    sets_pct: float | None


class LedgerOut(BaseModel):
    """Hard sets planned and done for one muscle and side in one week."""

    week: int
    muscle: str
    side: str
    planned_sets: int
    done_sets: int


class StrengthOut(BaseModel):
    """Estimated 1RM per side on one day, and the gap."""

    performed_on: dt.date
    left_kg: float
    right_kg: float
    gap_pct: float
    weaker: str | None


class StrengthTrendOut(BaseModel):
    """The left/right estimated strength of one exercise over time."""

    exercise_id: str
    points: list[StrengthOut]
    slope_pct_per_week: float | None


class TestPointOut(BaseModel):
    """One test in one assessment."""

    assessed_on: dt.date
    left: float
    right: float
    percent_difference: float | None
    error: float | None


class TestChangeOut(BaseModel):
    """A test's gap change between the last two assessments, and the verdict."""

    test_id: str
    name: str
    unit: str
    gap_before: float
    gap_after: float
    gap_change: float
    bar: float
    bar_unit: str
    verdict: str


class FindingChangeOut(BaseModel):
    """A finding and what became of it."""

    sling: str
    side: str
    status: str


class FlagOut(BaseModel):
    """One reason for the coach to look."""

    kind: str
    text: str


class Progress(BaseModel):
    """Everything a client's history says, for the CLI's `progress` and the web's charts."""

    model_config = ConfigDict(frozen=True)

    client: str
    today: dt.date
    sessions_logged: int
    last_logged_on: dt.date | None
    adherence: list[AdherenceOut]
    ledger: list[LedgerOut]
    strength: list[StrengthTrendOut]
    asymmetry: dict[str, list[TestPointOut]] = Field(description="per test, oldest first")
    retest: list[TestChangeOut]
    findings: list[FindingChangeOut]
    prescriptions: list[dict[str, Any]]
    flags: list[FlagOut]
    retest_week: int | None = Field(
        default=None, description="the current program's re-test week, if it has one"
    )
    retest_from: dt.date | None = Field(default=None, description="the first session of that week")


class ClientFlags(BaseModel):
    """One client's flags, for the coach's list."""

    client: str
    name: str
    flags: list[FlagOut]


class NextBlock(BaseModel):
    """The next program block, made from the latest assessment and what happened."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    client: str
    assessment_id: str
    start_date: dt.date
    avoid: list[str]
    favourites: list[str]
    reasons: list[str]
    starting_loads: list[dict[str, Any]]
    program: Any = Field(description="slingcoach.programming.Program")


def progress(db: Database, client_ref: str, *, today: dt.date) -> Progress:
    """The client's adherence, volume, strength, re-tests, prescriptions and flags."""
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.app.logs import client_sessions
    from slingcoach.exercises import get_catalogue
    from slingcoach.storage.summaries import summaries
    from slingcoach.storage.tables import ProgressionRow
    from slingcoach.tracking.retest import asymmetry_trend
    from slingcoach.tracking.strength import gap_trend, strength_series
    from slingcoach.tracking.volume import volume_ledger

    with db.read() as session:
        client = find_client(session, client_ref)
        sessions = client_sessions(session, client)
        current = _current_program(session, client)
        plan = current[1] if current is not None else None
        retest_week, retest_from = _retest_week(current[0] if current is not None else None)
        assessments = _assessments(session, client)
        rows = session.scalars(
            select(ProgressionRow)
            .where(ProgressionRow.client_id == client.id)
            .order_by(ProgressionRow.exercise_id, ProgressionRow.side)
        ).all()
        prescriptions = [
            {
                "exercise_id": r.exercise_id,
                "side": r.side,
                "action": r.action,
                "load_kg": r.load_kg,
                "target": r.target,
                "reason": r.reason,
            }
            for r in rows
        ]
        summary = summaries(session, [client.id])[client.id]
        slug = client.slug
    retest = _retest(assessments)
    series = strength_series(sessions)
    trends = [gap_trend(series, e) for e in sorted({p.exercise_id for p in series})]
    flags = summary_flags(summary, today)
    return Progress(
        client=slug,
        today=today,
        sessions_logged=len(sessions),
        last_logged_on=sessions[-1].performed_on if sessions else None,
        adherence=[_adherence(plan, sessions, today, days) for days in (7, 30)] if plan else [],
        ledger=[
            LedgerOut(
                week=r.week,
                muscle=r.muscle,
                side=r.side.value,
                planned_sets=r.planned_sets,
                done_sets=r.done_sets,
            )
            for r in (volume_ledger(plan, sessions, get_catalogue().all()) if plan else [])
        ],
        strength=[
            StrengthTrendOut(
                exercise_id=t.exercise_id,
                points=[
                    StrengthOut(
                        performed_on=p.performed_on,
                        left_kg=round(p.left_kg, 1),
                        right_kg=round(p.right_kg, 1),
                        gap_pct=p.gap_pct,
                        weaker=p.weaker.value if p.weaker else None,
                    )
                    for p in t.points
                ],
                slope_pct_per_week=t.slope_pct_per_week,
            )
            for t in trends
            if t.points
        ],
        asymmetry={
            test: [
                TestPointOut(
                    assessed_on=p.assessed_on,
                    left=p.left,
                    right=p.right,
                    percent_difference=p.percent_difference,
                    error=p.error,
                )
                for p in points
            ]
            for test, points in asymmetry_trend([a for _, a in assessments]).items()
        },
        retest=[
            TestChangeOut(
                test_id=c.test_id,
                name=c.name,
                unit=c.unit,
                gap_before=c.before.gap,
                gap_after=c.after.gap,
                gap_change=c.gap_change,
                bar=c.bar,
                bar_unit=c.bar_unit,
                verdict=c.verdict,
            )
            for c in (retest.tests if retest else ())
        ],
        findings=[
            FindingChangeOut(sling=f.sling, side=f.side, status=f.status)
            for f in (retest.findings if retest else ())
        ],
        prescriptions=prescriptions,
        flags=flags,
        retest_week=retest_week,
        retest_from=retest_from,
    )


def _retest_week(program: Any) -> tuple[int | None, dt.date | None]:
    """The program's re-test week and its first session's date (``None`` without one)."""
    from slingcoach.programming.model import WeekKind

    if program is None:
        return None, None
    for week in program.weeks:
        if week.kind is WeekKind.RETEST and week.sessions:
            return week.number, min(s.date for s in week.sessions)
    return None, None


def coach_flags_all(db: Database, *, today: dt.date) -> list[ClientFlags]:
    """Every client with at least one flag, the most urgent clients first (the coach's
    dashboard's flags, read from the client summaries)."""
    from slingcoach.app.dashboard import coach_dashboard
    from slingcoach.tracking.flags import RANK

    out = [
        ClientFlags(client=r.client, name=r.name, flags=r.flags)
        for r in coach_dashboard(db, today=today)
        if r.flags
    ]
    return sorted(out, key=lambda c: (min(RANK[f.kind] for f in c.flags), c.client))


def next_block(
    db: Database, client_ref: str, *, today: dt.date, weeks: int | None = None, seed: int = 1
) -> NextBlock:
    """The next block from the latest assessment, the current program and the logs.

    Raises
    ------
    ReferralRequiredError
        The latest assessment, or a later log, reports red flags: programming stops.
    NotFoundError
        The client has no assessment or no program yet.
    """
    from slingcoach.app.clients import find_client
    from slingcoach.app.logs import client_sessions
    from slingcoach.programming import generate
    from slingcoach.tracking.nextblock import block_inputs

    with db.read() as session:
        client = find_client(session, client_ref)
        assessments = _assessments(session, client, last=1)
        current = _current_program(session, client)
        sessions = client_sessions(session, client)
        loads = _loads(session, client)
    if not assessments:
        raise NotFoundError(f"client {client_ref!r} has no assessment yet")
    if current is None:
        raise NotFoundError(
            f"client {client_ref!r} has no program yet: "
            f"`slingcoach plan --client {client_ref} --save` makes the first block"
        )
    reported = [f for log in sessions for f in log.red_flags]
    uid, assessment = assessments[-1]
    if reported:
        raise ReferralRequiredError(
            f"red flags were reported after the assessment ({', '.join(sorted(set(reported)))}): "
            "see a clinician before training; no program"
        )
    program, plan = current
    inputs = block_inputs(plan, sessions, today=today)
    preferences = _preferences(program, inputs)
    new = generate(assessment, preferences, weeks=weeks or program.weeks_count, seed=seed)
    used = {i.exercise_id for w in new.weeks for s in w.sessions for i in s.items}
    return NextBlock(
        client=client_ref,
        assessment_id=uid,
        start_date=new.start_date,
        avoid=list(inputs.avoid),
        favourites=list(inputs.favourites),
        reasons=list(inputs.reasons),
        starting_loads=[load for load in loads if load["exercise_id"] in used],
        program=new,
    )


def _preferences(program: Any, inputs: Any) -> Any:
    """The current block's resolved preferences, with the new dates, avoid and favourites."""
    from slingcoach.programming import Preferences

    prefs = program.preferences
    fields = set(Preferences.model_fields)
    data = {k: v for k, v in prefs.model_dump().items() if k in fields}
    data.update(
        start_date=inputs.start_date,
        avoid=sorted(set(prefs.avoid) | set(inputs.avoid)),
        favourites=sorted((set(prefs.favourites) | set(inputs.favourites)) - set(inputs.avoid)),
    )
    return Preferences.model_validate(data)


def _loads(session: Session, client: Client) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from slingcoach.storage.tables import ProgressionRow

    rows = session.scalars(
        select(ProgressionRow)
        .where(ProgressionRow.client_id == client.id, ProgressionRow.load_kg.is_not(None))
        .order_by(ProgressionRow.exercise_id, ProgressionRow.side)
    )
    return [
        {"exercise_id": r.exercise_id, "side": r.side, "load_kg": r.load_kg, "target": r.target}
        for r in rows
    ]


def _current_program(session: Session, client: Client) -> tuple[Any, PlanIndex] | None:
    from sqlalchemy import select

    from slingcoach.storage.documents import load_program
    from slingcoach.storage.tables import ProgramRow
    from slingcoach.tracking.plan import plan_index

    row = session.scalar(
        select(ProgramRow)
        .where(ProgramRow.client_id == client.id)
        .order_by(ProgramRow.start_date.desc(), ProgramRow.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    program = load_program(row.document)
    return program, plan_index(program)


def _assessments(
    session: Session, client: Client, *, last: int | None = None
) -> list[tuple[str, Assessment]]:
    """The client's assessments, oldest first (only the ``last`` few when given)."""
    from sqlalchemy import select

    from slingcoach.storage.documents import load_assessment
    from slingcoach.storage.tables import AssessmentRow

    query = (
        select(AssessmentRow)
        .where(AssessmentRow.client_id == client.id)
        .order_by(AssessmentRow.assessed_on.desc(), AssessmentRow.id.desc())
    )
    if last is not None:
        query = query.limit(last)
    rows = list(session.scalars(query))
    return [(r.uid, load_assessment(r.document)) for r in reversed(rows)]


def _retest(assessments: list[tuple[str, Assessment]]) -> Retest | None:
    from slingcoach.tracking.retest import compare

    if len(assessments) < 2:
        return None
    return compare(assessments[-2][1], assessments[-1][1])


def summary_flags(summary: ClientSummary, today: dt.date) -> list[FlagOut]:
    """The flags of a client's summary on ``today`` (the dashboard's and progress's)."""
    from slingcoach.tracking.flags import flags_of

    latest = summary.assessment
    return [
        FlagOut(kind=f.kind, text=f.text)
        for f in flags_of(
            summary.activity,
            worsened=latest.worsened if latest else (),
            refer=latest.refer if latest else False,
            today=today,
        )
    ]


def _adherence(
    plan: PlanIndex, sessions: list[SessionLog], today: dt.date, days: int
) -> AdherenceOut:
    from slingcoach.tracking.volume import adherence

    a = adherence(plan, sessions, today=today, days=days)
    return AdherenceOut(
        days=a.days,
        planned_sessions=a.planned_sessions,
        done_sessions=a.done_sessions,
        planned_sets=a.planned_sets,
        done_sets=a.done_sets,
        sessions_pct=a.sessions_pct,
        sets_pct=a.sets_pct,
    )
