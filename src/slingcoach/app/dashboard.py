"""The coach's dashboard: every client with their flags, latest findings and adherence.

One read transaction with a fixed number of queries whatever the number of clients: each
table is read once for all of the coach's clients (clients; sessions of the last 60 days with
their entries' item, exercise and pain; the last session of each client; the planned sessions
of each current program; the last two assessments' test results and the latest findings),
never once per client. Only columns and JSON paths are read, never whole program documents
or logged sets; the flags come from the pure :func:`slingcoach.tracking.flags.coach_flags`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVarTuple

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.app.progress import FlagOut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.sql import Select

    from slingcoach.storage.database import Database
    from slingcoach.tracking.flags import LoggedDay, PlannedDay

_Ts = TypeVarTuple("_Ts")

FLAG_WINDOW_DAYS = 60
"""Sessions read for the flags (pain over the last sessions, missed sessions in 14 days)."""
ADHERENCE_DAYS = 28
"""Adherence is sessions done against planned over the last four weeks (our convention)."""


class FindingBrief(BaseModel):
    """A finding of the latest assessment, in brief."""

    model_config = ConfigDict(frozen=True)

    sling: str
    side: str
    severity: str
    text: str


class DashboardRow(BaseModel):
    """One client on the coach's dashboard."""

    model_config = ConfigDict(frozen=True)

    client: str
    name: str
    flags: list[FlagOut]
    findings: list[FindingBrief] = Field(description="the latest assessment's findings")
    assessed_on: dt.date | None
    refer: bool
    program_start: dt.date | None
    sessions_planned: int = Field(description=f"planned in the last {ADHERENCE_DAYS} days")
    sessions_done: int = Field(description="of those, sessions with at least one item logged")
    adherence_pct: float | None
    last_logged_on: dt.date | None


def coach_dashboard(
    db: Database, *, today: dt.date, coach_id: int | None = None
) -> list[DashboardRow]:
    """Every client of ``coach_id`` (every client when None), the most urgent first.

    Clients with a red flag come first, then worsening asymmetry, rising pain, missed
    sessions and silence; clients without flags follow by name.
    """
    from slingcoach.app.progress import _flags
    from slingcoach.tracking.flags import RANK, LoggedDay

    since = today - dt.timedelta(days=FLAG_WINDOW_DAYS)
    with db.read() as session:
        clients = _clients(session, coach_id)
        if not clients:
            return []
        days = _logged_days(session, coach_id, since)
        last = _last_logged(session, coach_id)
        planned = _planned(session, coach_id, today - dt.timedelta(days=ADHERENCE_DAYS), today)
        latest = _latest_assessments(session, coach_id)
    rows = []
    for client_id, (slug, name, created) in clients.items():
        history = days.get(client_id, [])
        if not history and client_id in last:
            # nothing in the window: the last session still decides silence
            history = [LoggedDay(last[client_id], (), ())]
        start, plan = planned.get(client_id, (None, []))
        assessed_on, refer, worsened, findings = latest.get(client_id, (None, False, (), []))
        flags = _flags(history, plan, worsened, refer, today, created)
        done, due = _adherence(plan, days.get(client_id, []), today)
        rows.append(
            DashboardRow(
                client=slug,
                name=name,
                flags=flags,
                findings=findings,
                assessed_on=assessed_on,
                refer=refer,
                program_start=start,
                sessions_planned=due,
                sessions_done=done,
                adherence_pct=round(100 * done / due, 1) if due else None,
                last_logged_on=last.get(client_id),
            )
        )
    no_flag = len(RANK)
    return sorted(
        rows,
        key=lambda r: (min((RANK[f.kind] for f in r.flags), default=no_flag), r.name, r.client),
    )


def _adherence(
    plan: Sequence[PlannedDay], logged: Sequence[LoggedDay], today: dt.date
) -> tuple[int, int]:
    """(done, planned) sessions over the last :data:`ADHERENCE_DAYS` days, today excluded:
    a planned session counts as done when any of its items was logged."""
    start = today - dt.timedelta(days=ADHERENCE_DAYS)
    keys = {e.item_key for day in logged for e in day.entries if e.item_key}
    due = [p for p in plan if start <= p.date < today]
    return sum(1 for p in due if keys & set(p.keys)), len(due)


def _mine(query: Select[*_Ts], coach_id: int | None, client_column: Any) -> Select[*_Ts]:
    """``query`` restricted to the coach's clients (all clients when ``coach_id`` is None)."""
    from slingcoach.storage.tables import Client

    if coach_id is None:
        return query
    return query.join(Client, Client.id == client_column).where(Client.coach_id == coach_id)


def _clients(session: Session, coach_id: int | None) -> dict[int, tuple[str, str, dt.date]]:
    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    query = select(Client.id, Client.slug, Client.name, Client.created_at).order_by(Client.slug)
    if coach_id is not None:
        query = query.where(Client.coach_id == coach_id)
    return {r.id: (r.slug, r.name, r.created_at.date()) for r in session.execute(query)}


def _logged_days(
    session: Session, coach_id: int | None, since: dt.date
) -> dict[int, list[LoggedDay]]:
    """Per client, the sessions since ``since`` with their entries' item, exercise and pain.

    Two queries, sessions then entries, so each session's red flags (a JSON list) are
    decoded once and not once per entry."""
    from sqlalchemy import select

    from slingcoach.storage.tables import LogEntryRow, WorkoutRow
    from slingcoach.tracking.flags import LoggedDay, LoggedEntry

    workouts = _mine(
        select(WorkoutRow.id, WorkoutRow.client_id, WorkoutRow.performed_on, WorkoutRow.red_flags)
        .where(WorkoutRow.performed_on >= since)
        .order_by(WorkoutRow.client_id, WorkoutRow.performed_on, WorkoutRow.id),
        coach_id,
        WorkoutRow.client_id,
    )
    entries = _mine(
        select(
            LogEntryRow.workout_id,
            LogEntryRow.item_key,
            LogEntryRow.exercise_id,
            LogEntryRow.max_pain,
        )
        .join(WorkoutRow, WorkoutRow.id == LogEntryRow.workout_id)
        .where(WorkoutRow.performed_on >= since)
        .order_by(LogEntryRow.workout_id, LogEntryRow.position),
        coach_id,
        WorkoutRow.client_id,
    )
    by_workout: dict[int, list[LoggedEntry]] = {}
    for workout_id, item_key, exercise_id, max_pain in session.execute(entries):
        by_workout.setdefault(workout_id, []).append(LoggedEntry(item_key, exercise_id, max_pain))
    out: dict[int, list[LoggedDay]] = {}
    for workout_id, client_id, day, red_flags in session.execute(workouts):
        logged = by_workout.get(workout_id)
        if logged:  # a session without entries is not a logged session (as progress reads it)
            out.setdefault(client_id, []).append(LoggedDay(day, tuple(red_flags), tuple(logged)))
    return out


def _last_logged(session: Session, coach_id: int | None) -> dict[int, dt.date]:
    from sqlalchemy import func, select

    from slingcoach.storage.tables import WorkoutRow

    query = select(WorkoutRow.client_id, func.max(WorkoutRow.performed_on)).group_by(
        WorkoutRow.client_id
    )
    rows = session.execute(_mine(query, coach_id, WorkoutRow.client_id))
    return {client_id: day for client_id, day in rows}


def _planned(
    session: Session, coach_id: int | None, since: dt.date, today: dt.date
) -> dict[int, tuple[dt.date, list[PlannedDay]]]:
    """Per client, the start of the current (latest-starting) program and its planned
    sessions from ``since`` to ``today`` (the flags and adherence look no further back or
    forward); the last one stored wins a tie, as everywhere else."""
    from sqlalchemy import func, select

    from slingcoach.storage.tables import ProgramRow
    from slingcoach.tracking.flags import PlannedDay

    ranked = _mine(
        select(
            ProgramRow.client_id,
            ProgramRow.start_date,
            ProgramRow.sessions,
            func.row_number()
            .over(
                partition_by=ProgramRow.client_id,
                order_by=(ProgramRow.start_date.desc(), ProgramRow.id.desc()),
            )
            .label("n"),
        ),
        coach_id,
        ProgramRow.client_id,
    ).subquery()
    rows = session.execute(
        select(ranked.c.client_id, ranked.c.start_date, ranked.c.sessions).where(ranked.c.n == 1)
    )
    low, high = since.isoformat(), today.isoformat()  # ISO dates sort as text
    return {
        client_id: (
            start,
            [
                PlannedDay(dt.date.fromisoformat(x["date"]), tuple(x["keys"]))
                for x in sessions
                if low <= x["date"] <= high
            ],
        )
        for client_id, start, sessions in rows
    }


def _latest_assessments(
    session: Session, coach_id: int | None
) -> dict[int, tuple[dt.date, bool, tuple[Any, ...], list[FindingBrief]]]:
    """Per client: the latest assessment's date, referral and findings, and the tests that
    worsened beyond error since the one before (only the documents' tests and findings are
    read)."""
    from sqlalchemy import case, func, select

    from slingcoach.app.progress import _tests
    from slingcoach.storage.tables import AssessmentRow
    from slingcoach.tracking.retest import test_changes

    ranked = _mine(
        select(
            AssessmentRow.id,
            AssessmentRow.client_id,
            AssessmentRow.assessed_on,
            AssessmentRow.refer,
            AssessmentRow.schema_version,
            # only these parts of the documents travel (json_extract / ->)
            AssessmentRow.document["tests"].label("tests"),
            AssessmentRow.document["findings"].label("findings"),
            func.row_number()
            .over(
                partition_by=AssessmentRow.client_id,
                order_by=(AssessmentRow.assessed_on.desc(), AssessmentRow.id.desc()),
            )
            .label("n"),
        ),
        coach_id,
        AssessmentRow.client_id,
    ).subquery()
    rows = session.execute(
        select(
            ranked.c.id,
            ranked.c.client_id,
            ranked.c.assessed_on,
            ranked.c.refer,
            ranked.c.schema_version,
            ranked.c.tests,
            # the findings of the latest assessment only: the one before travels without them
            case((ranked.c.n == 1, ranked.c.findings), else_=None).label("findings"),
        )
        .where(ranked.c.n <= 2)
        .order_by(ranked.c.client_id, ranked.c.n)
    )
    pairs: dict[int, list[Any]] = {}
    for r in rows:
        pairs.setdefault(r.client_id, []).append(r)
    out: dict[int, tuple[dt.date, bool, tuple[Any, ...], list[FindingBrief]]] = {}
    for client_id, pair in pairs.items():
        latest = pair[0]
        worsened: tuple[Any, ...] = ()
        if len(pair) == 2:
            after, before = (_tests(r, session) for r in pair)
            changes = test_changes(before, pair[1].assessed_on, after, latest.assessed_on)
            worsened = tuple(c for c in changes if c.verdict == "worsened beyond error")
        out[client_id] = (
            latest.assessed_on,
            bool(latest.refer),
            worsened,
            _findings(latest, session),
        )
    return out


def _findings(row: Any, session: Session) -> list[FindingBrief]:
    """The findings of a stored assessment (the whole document only when it is old)."""
    from sqlalchemy import select

    from slingcoach.storage.documents import current_version, load_assessment
    from slingcoach.storage.tables import AssessmentRow

    if row.schema_version != current_version("assessment"):
        document = session.scalar(select(AssessmentRow.document).where(AssessmentRow.id == row.id))
        assert document is not None
        raw = [f.model_dump(mode="json") for f in load_assessment(document).findings]
    else:
        raw = json.loads(row.findings) if isinstance(row.findings, str) else row.findings
    return [
        FindingBrief(
            sling=f["sling"],
            side=f["side"],
            severity=f["severity"],
            text=f"{f['side']} {f['sling'].replace('-', ' ')} sling: {f['severity']}",
        )
        for f in raw or []
    ]
