"""Use cases that read a client's history: progress, the next block, the coach's flags.

Each reads in one transaction and computes with the pure :mod:`slingcoach.tracking`
functions; ``today`` is passed in (the client's date), so results are reproducible.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.errors import NotFoundError, ReferralRequiredError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.assessment import Assessment
    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import Client
    from slingcoach.tracking.flags import LoggedDay, PlannedDay
    from slingcoach.tracking.model import SessionLog
    from slingcoach.tracking.plan import PlanIndex
    from slingcoach.tracking.retest import Retest, TestChange


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
    from slingcoach.storage.tables import ProgressionRow
    from slingcoach.tracking.flags import PlannedDay, logged_day
    from slingcoach.tracking.retest import asymmetry_trend
    from slingcoach.tracking.strength import gap_trend, strength_series
    from slingcoach.tracking.volume import volume_ledger

    with db.read() as session:
        client = find_client(session, client_ref)
        sessions = client_sessions(session, client)
        plan = _current_plan(session, client)
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
        since = client.created_at.date()
        slug = client.slug
    retest = _retest(assessments)
    series = strength_series(sessions)
    trends = [gap_trend(series, e) for e in sorted({p.exercise_id for p in series})]
    flags = _flags(
        [logged_day(log) for log in sessions],
        [PlannedDay(x.date, x.keys) for x in plan.sessions] if plan else [],
        retest.worsened if retest else (),
        bool(assessments) and assessments[-1][1].refer,
        today,
        since,
    )
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
    )


def coach_flags_all(db: Database, *, today: dt.date) -> list[ClientFlags]:
    """Every client with at least one flag, the most urgent clients first.

    Reads columns only (no documents, no sets): each client's last 60 days of sessions and
    entries (pain, item, red flags), the planned sessions of the current program, the
    referral flag and the test results of the last two assessments.
    """
    from slingcoach.tracking.flags import RANK

    since = today - dt.timedelta(days=60)
    with db.read() as session:
        clients = _all_clients(session)
        days = _logged_days(session, since)
        last_days = _last_logged(session)
        planned = _planned_days(session)
        tests = _last_two_tests(session)
    out = []
    for client_id, (slug, name, created) in clients.items():
        history = days.get(client_id, [])
        if not history and client_id in last_days:
            # nothing in the window: the last session still decides silence
            from slingcoach.tracking.flags import LoggedDay

            history = [LoggedDay(last_days[client_id], (), ())]
        worsened, refer = tests.get(client_id, ((), False))
        flags = _flags(history, planned.get(client_id, []), worsened, refer, today, created)
        if flags:
            out.append(ClientFlags(client=slug, name=name, flags=flags))
    return sorted(out, key=lambda c: (min(RANK[f.kind] for f in c.flags), c.client))


def _all_clients(session: Session) -> dict[int, tuple[str, str, dt.date]]:
    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    rows = session.execute(
        select(Client.id, Client.slug, Client.name, Client.created_at).order_by(Client.slug)
    )
    return {r.id: (r.slug, r.name, r.created_at.date()) for r in rows}


def _logged_days(session: Session, since: dt.date) -> dict[int, list[Any]]:
    """Per client, the sessions since ``since`` with their entries' item, exercise and pain."""
    from sqlalchemy import select

    from slingcoach.storage.tables import LogEntryRow, WorkoutRow
    from slingcoach.tracking.flags import LoggedDay, LoggedEntry

    rows = session.execute(
        select(
            WorkoutRow.id,
            WorkoutRow.client_id,
            WorkoutRow.performed_on,
            WorkoutRow.red_flags,
            LogEntryRow.item_key,
            LogEntryRow.exercise_id,
            LogEntryRow.max_pain,
        )
        .join(LogEntryRow, LogEntryRow.workout_id == WorkoutRow.id)
        .where(WorkoutRow.performed_on >= since)
        .order_by(
            WorkoutRow.client_id, WorkoutRow.performed_on, WorkoutRow.id, LogEntryRow.position
        )
    )
    workouts: dict[int, tuple[int, dt.date, tuple[str, ...], list[Any]]] = {}
    for r in rows:
        workout = workouts.setdefault(r.id, (r.client_id, r.performed_on, tuple(r.red_flags), []))
        workout[3].append(LoggedEntry(r.item_key, r.exercise_id, r.max_pain))
    out: dict[int, list[Any]] = {}
    for client_id, day, red_flags, entries in workouts.values():
        out.setdefault(client_id, []).append(LoggedDay(day, red_flags, tuple(entries)))
    return out


def _last_logged(session: Session) -> dict[int, dt.date]:
    from sqlalchemy import func, select

    from slingcoach.storage.tables import WorkoutRow

    rows = session.execute(
        select(WorkoutRow.client_id, func.max(WorkoutRow.performed_on)).group_by(
            WorkoutRow.client_id
        )
    )
    return {client_id: day for client_id, day in rows}


def _planned_days(session: Session) -> dict[int, list[Any]]:
    """Per client, the planned sessions of the current (latest-starting) program."""
    from sqlalchemy import func, select

    from slingcoach.storage.tables import ProgramRow
    from slingcoach.tracking.flags import PlannedDay

    latest = (
        select(ProgramRow.client_id, func.max(ProgramRow.start_date).label("start"))
        .group_by(ProgramRow.client_id)
        .subquery()
    )
    rows = session.execute(
        select(ProgramRow.client_id, ProgramRow.id, ProgramRow.sessions)
        .join(
            latest,
            (latest.c.client_id == ProgramRow.client_id)
            & (latest.c.start == ProgramRow.start_date),
        )
        .order_by(ProgramRow.client_id, ProgramRow.id)
    )
    out: dict[int, list[Any]] = {}
    for client_id, _id, sessions in rows:  # the last one stored wins on a tie
        out[client_id] = [
            PlannedDay(dt.date.fromisoformat(x["date"]), tuple(x["keys"])) for x in sessions
        ]
    return out


def _last_two_tests(session: Session) -> dict[int, tuple[tuple[Any, ...], bool]]:
    """Per client: the tests that worsened beyond error between the last two assessments,
    and whether the latest one refers. Reads only the documents' test results."""
    from sqlalchemy import func, select

    from slingcoach.storage.tables import AssessmentRow
    from slingcoach.tracking.retest import test_changes

    ranked = select(
        AssessmentRow.id,
        AssessmentRow.client_id,
        AssessmentRow.assessed_on,
        AssessmentRow.refer,
        AssessmentRow.schema_version,
        # only the test results travel (json_extract on SQLite, -> on PostgreSQL)
        AssessmentRow.document["tests"].label("tests"),
        func.row_number()
        .over(
            partition_by=AssessmentRow.client_id,
            order_by=(AssessmentRow.assessed_on.desc(), AssessmentRow.id.desc()),
        )
        .label("n"),
    ).subquery()
    rows = session.execute(select(ranked).where(ranked.c.n <= 2).order_by(ranked.c.client_id))
    latest: dict[int, list[Any]] = {}
    for r in rows:
        latest.setdefault(r.client_id, []).append(r)
    out: dict[int, tuple[tuple[Any, ...], bool]] = {}
    for client_id, pair in latest.items():
        refer = bool(pair[0].refer)
        worsened: tuple[Any, ...] = ()
        if len(pair) == 2:
            after, before = (_tests(r, session) for r in pair)
            changes = test_changes(before, pair[1].assessed_on, after, pair[0].assessed_on)
            worsened = tuple(c for c in changes if c.verdict == "worsened beyond error")
        out[client_id] = (worsened, refer)
    return out


def _tests(row: Any, session: Session) -> list[Any]:
    """The test results of a stored assessment (the whole document only when it is old)."""
    from sqlalchemy import select

    from slingcoach.assessment.results import TestResult
    from slingcoach.storage.documents import current_version, load_assessment
    from slingcoach.storage.tables import AssessmentRow

    if row.schema_version != current_version("assessment"):
        document = session.scalar(select(AssessmentRow.document).where(AssessmentRow.id == row.id))
        assert document is not None
        return list(load_assessment(document).tests)
    tests = json.loads(row.tests) if isinstance(row.tests, str) else row.tests
    return [TestResult.model_validate(t) for t in tests]


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


def _current_plan(session: Session, client: Client) -> PlanIndex | None:
    current = _current_program(session, client)
    return current[1] if current is not None else None


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


def _flags(
    sessions: Sequence[LoggedDay],
    planned: Sequence[PlannedDay],
    worsened: Sequence[TestChange],
    refer: bool,
    today: dt.date,
    since: dt.date,
) -> list[FlagOut]:
    from slingcoach.tracking.flags import coach_flags

    return [
        FlagOut(kind=f.kind, text=f.text)
        for f in coach_flags(
            sessions=sessions,
            planned=planned,
            worsened=worsened,
            refer=refer,
            today=today,
            since=since,
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
