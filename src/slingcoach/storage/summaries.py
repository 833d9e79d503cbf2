"""Client summaries: what the coach's dashboard needs of each client, kept with every write.

The dashboard of a coach with a few hundred clients must not read every log entry,
program and assessment document of every client on each view (about a second of CPU at
200 clients). A :class:`~slingcoach.storage.tables.ClientSummaryRow` holds, per client,
the :class:`~slingcoach.tracking.flags.Activity` (what the flags and adherence need of the
logs, check-ins, messages and current program, whatever the day) and the latest assessment
in brief (date, referral, findings, tests that worsened beyond error since the one before).

:func:`watch` makes every write transaction of a :class:`~slingcoach.storage.database.Database`
refresh the summaries of the clients whose rows it added, changed or deleted, just before it
commits, in the same transaction: no code path can forget it. The client rows are locked
first (``SELECT ... FOR NO KEY UPDATE`` on PostgreSQL; SQLite has one writer at a time), so two
concurrent writes for one client cannot both sum up a state without the other's change.
Bulk ``insert()``/``update()`` statements bypass the ORM and so the refresh: whoever uses
them (the benchmarks' fills) calls :func:`refresh` afterwards. A client without a summary
(a database upgraded from before 0008) is summed up on the fly by :func:`summaries`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, func, select

from slingcoach.storage.tables import (
    AssessmentRow,
    Client,
    ClientSummaryRow,
    LogEntryRow,
    MessageRow,
    ProgramRow,
    SessionCheckinRow,
    WorkoutRow,
)
from slingcoach.tracking.flags import (
    FLAG_WINDOW_DAYS,
    PAIN_RISE_SESSIONS,
    Activity,
    LoggedDay,
    LoggedEntry,
    PainPoint,
    PlannedDay,
    PlannedState,
    activity,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from slingcoach.assessment.results import TestResult

VERSION = 1
"""Layout of the summary columns; a row of another version is summed up again."""

_ACTIVITY = "slingcoach.summaries.activity"
_ASSESSMENT = "slingcoach.summaries.assessment"
_ENTRIES = "slingcoach.summaries.workouts"
# the rows whose change changes a client's activity, or latest assessment
_ACTIVITY_ROWS = (WorkoutRow, SessionCheckinRow, MessageRow, ProgramRow)


@dataclass(frozen=True)
class Worsened:
    """A test whose left/right gap grew beyond error at the latest re-test, in brief."""

    name: str
    gap_change: float
    bar: float
    bar_unit: str


@dataclass(frozen=True)
class FindingRef:
    """A finding of the latest assessment: sling, side and severity."""

    sling: str
    side: str
    severity: str


@dataclass(frozen=True)
class LatestAssessment:
    """The latest assessment of a client, in brief."""

    assessed_on: dt.date
    refer: bool
    findings: tuple[FindingRef, ...]
    worsened: tuple[Worsened, ...]


@dataclass(frozen=True)
class ClientSummary:
    """One client's summary (see the module docstring)."""

    activity: Activity
    assessment: LatestAssessment | None


# --- keeping them up to date ------------------------------------------------------------------


def watch(sessions: sessionmaker[Session]) -> None:
    """Refresh the summaries of the clients each write transaction of ``sessions`` touched,
    just before it commits."""
    event.listen(sessions, "after_flush", _note_changes)
    event.listen(sessions, "before_commit", _refresh_touched)
    event.listen(sessions, "after_rollback", _forget)


def _note_changes(session: Session, _context: Any) -> None:
    touched_activity: set[int] = session.info.setdefault(_ACTIVITY, set())
    touched_assessment: set[int] = session.info.setdefault(_ASSESSMENT, set())
    workouts: set[int] = session.info.setdefault(_ENTRIES, set())
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Client):
            touched_activity.add(row.id)
        elif isinstance(row, _ACTIVITY_ROWS):
            touched_activity.add(row.client_id)
        elif isinstance(row, AssessmentRow):
            touched_assessment.add(row.client_id)
        elif isinstance(row, LogEntryRow):
            workouts.add(row.workout_id)


def _forget(session: Session) -> None:
    for key in (_ACTIVITY, _ASSESSMENT, _ENTRIES):
        session.info.pop(key, None)


def _refresh_touched(session: Session) -> None:
    session.flush()
    touched_activity: set[int] = session.info.pop(_ACTIVITY, set())
    touched_assessment: set[int] = session.info.pop(_ASSESSMENT, set())
    workouts: set[int] = session.info.pop(_ENTRIES, set())
    if workouts:
        touched_activity |= set(
            session.scalars(select(WorkoutRow.client_id).where(WorkoutRow.id.in_(sorted(workouts))))
        )
    if touched_activity or touched_assessment:
        _store(session, touched_activity, touched_assessment)
        session.flush()
    _forget(session)


def refresh(session: Session, client_ids: Iterable[int] | None = None) -> int:
    """Sum up ``client_ids`` (every client when ``None``) again and store their summaries;
    returns how many. For writes that bypass the ORM (bulk inserts)."""
    ids = set(client_ids) if client_ids is not None else set(session.scalars(select(Client.id)))
    _store(session, ids, ids)
    session.flush()
    return len(ids)


def missing(session: Session) -> list[int]:
    """The clients without a current summary (after an upgrade from before 0008)."""
    query = (
        select(Client.id)
        .outerjoin(ClientSummaryRow, ClientSummaryRow.client_id == Client.id)
        .where((ClientSummaryRow.client_id.is_(None)) | (ClientSummaryRow.version != VERSION))
        .order_by(Client.id)
    )
    return list(session.scalars(query))


def _store(session: Session, activity_of: set[int], assessment_of: set[int]) -> None:
    ids = sorted(activity_of | assessment_of)
    # lock the clients (in id order: no deadlock between two refreshes); gone ones drop out.
    # FOR NO KEY UPDATE: the rows this transaction or another one adds for the client hold
    # FOR KEY SHARE on it (their foreign key), which FOR UPDATE would wait for (a deadlock).
    alive = set(
        session.scalars(
            select(Client.id)
            .where(Client.id.in_(ids))
            .with_for_update(key_share=True)
            .order_by(Client.id)
        )
    )
    if not alive:
        return
    rows = {
        r.client_id: r
        for r in session.scalars(
            select(ClientSummaryRow).where(ClientSummaryRow.client_id.in_(sorted(alive)))
        )
    }
    # a client without a current summary is summed up whole
    stale = {c for c in alive if c not in rows or rows[c].version != VERSION}
    activities = _activities(session, sorted((activity_of & alive) | stale))
    briefs = _assessments(session, sorted((assessment_of & alive) | stale))
    now = dt.datetime.now(dt.UTC)
    for client_id in sorted(alive):
        row = rows.get(client_id)
        if row is None:
            row = ClientSummaryRow(client_id=client_id, version=VERSION)
            session.add(row)
        row.version = VERSION
        if client_id in activities:
            row.activity = _activity_json(activities[client_id])
        if client_id in briefs or client_id in stale:
            brief = briefs.get(client_id)
            row.assessment = _assessment_json(brief) if brief is not None else None
        row.updated_at = now


# --- reading them -----------------------------------------------------------------------------


def summaries(session: Session, client_ids: Collection[int]) -> dict[int, ClientSummary]:
    """The summary of each client of ``client_ids``: stored, or summed up now when missing."""
    found: dict[int, ClientSummary] = {}
    if client_ids:
        rows = session.execute(
            select(
                ClientSummaryRow.client_id, ClientSummaryRow.activity, ClientSummaryRow.assessment
            ).where(
                ClientSummaryRow.client_id.in_(sorted(client_ids)),
                ClientSummaryRow.version == VERSION,
            )
        )
        for client_id, stored_activity, stored_assessment in rows:
            found[client_id] = ClientSummary(
                _activity_from(_json(stored_activity)),
                _assessment_from(_json(stored_assessment)),
            )
    absent = sorted(set(client_ids) - set(found))
    if absent:
        activities = _activities(session, absent)
        briefs = _assessments(session, absent)
        for client_id in absent:
            found[client_id] = ClientSummary(activities[client_id], briefs.get(client_id))
    return found


def _json(value: Any) -> Any:
    """A JSON column's value (some drivers hand JSON over as text)."""
    return json.loads(value) if isinstance(value, str) else value


# --- summing up -------------------------------------------------------------------------------


def _activities(session: Session, ids: list[int]) -> dict[int, Activity]:
    """Each client's :class:`Activity`, from a fixed number of queries whatever the count."""
    if not ids:
        return {}
    last_logged = dict(
        session.execute(
            select(WorkoutRow.client_id, func.max(WorkoutRow.performed_on))
            .where(WorkoutRow.client_id.in_(ids))
            .group_by(WorkoutRow.client_id)
        ).all()
    )
    programs = _current_programs(session, ids)
    starts_of: dict[int, list[dt.date]] = {}
    for client_id, start in session.execute(
        select(ProgramRow.client_id, ProgramRow.start_date)
        .where(ProgramRow.client_id.in_(ids))
        .distinct()
        .order_by(ProgramRow.client_id, ProgramRow.start_date)
    ):
        starts_of.setdefault(client_id, []).append(start)
    # the flags look FLAG_WINDOW_DAYS back from the last session at most, and adherence no
    # further than the current program's start
    starts = [day - dt.timedelta(days=FLAG_WINDOW_DAYS) for day in last_logged.values() if day] + [
        start for start, _ in programs.values()
    ]
    days = _logged_days(session, ids, min(starts)) if last_logged else {}
    checkins = _last_checkins(session, ids)
    messages = _last_messages(session, ids)
    out = {}
    for client_id in ids:
        _, planned = programs.get(client_id, (None, []))
        out[client_id] = activity(
            days.get(client_id, []),
            planned,
            program_starts=starts_of.get(client_id, []),
            checkins=checkins.get(client_id, []),
            last_message_on=messages.get(client_id),
        )
    return out


def _current_programs(
    session: Session, ids: list[int]
) -> dict[int, tuple[dt.date, list[PlannedDay]]]:
    """The start and planned sessions of each client's current (latest-starting) program;
    the last one stored wins a tie, as everywhere else."""
    ranked = (
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
        )
        .where(ProgramRow.client_id.in_(ids))
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.client_id, ranked.c.start_date, ranked.c.sessions).where(ranked.c.n == 1)
    )
    return {
        client_id: (
            start,
            [
                PlannedDay(dt.date.fromisoformat(x["date"]), tuple(x["keys"]))
                for x in _json(sessions) or []
            ],
        )
        for client_id, start, sessions in rows
    }


def _logged_days(session: Session, ids: list[int], since: dt.date) -> dict[int, list[LoggedDay]]:
    """Per client, the sessions since ``since`` with their entries' item, exercise and pain
    (a session may have no entries: it still counts as heard from, and for its red flags)."""
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
        .outerjoin(LogEntryRow, LogEntryRow.workout_id == WorkoutRow.id)
        .where(WorkoutRow.client_id.in_(ids), WorkoutRow.performed_on >= since)
        .order_by(
            WorkoutRow.client_id, WorkoutRow.performed_on, WorkoutRow.id, LogEntryRow.position
        )
    )
    workouts: dict[int, tuple[int, dt.date, tuple[str, ...], list[LoggedEntry]]] = {}
    for r in rows:
        workout = workouts.get(r.id)
        if workout is None:
            red_flags = tuple(_json(r.red_flags) or ())
            workout = workouts[r.id] = (r.client_id, r.performed_on, red_flags, [])
        if r.exercise_id is not None:
            workout[3].append(LoggedEntry(r.item_key, r.exercise_id, r.max_pain))
    out: dict[int, list[LoggedDay]] = {}
    for client_id, day, red_flags, entries in workouts.values():
        out.setdefault(client_id, []).append(LoggedDay(day, red_flags, tuple(entries)))
    return out


def _last_checkins(session: Session, ids: list[int]) -> dict[int, list[PainPoint]]:
    """The end-of-session pain of each client's last check-ins."""
    ranked = (
        select(
            SessionCheckinRow.client_id,
            SessionCheckinRow.performed_on,
            SessionCheckinRow.pain,
            func.row_number()
            .over(
                partition_by=SessionCheckinRow.client_id,
                order_by=SessionCheckinRow.performed_on.desc(),
            )
            .label("n"),
        )
        .where(SessionCheckinRow.client_id.in_(ids))
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.client_id, ranked.c.performed_on, ranked.c.pain)
        .where(ranked.c.n <= PAIN_RISE_SESSIONS)
        .order_by(ranked.c.client_id, ranked.c.performed_on)
    )
    out: dict[int, list[PainPoint]] = {}
    for client_id, day, pain in rows:
        out.setdefault(client_id, []).append(PainPoint(day, pain))
    return out


def _last_messages(session: Session, ids: list[int]) -> dict[int, dt.date]:
    """The day (UTC) of each client's last message to their coach."""
    rows = session.execute(
        select(MessageRow.client_id, func.max(MessageRow.created_at))
        .where(MessageRow.client_id.in_(ids), MessageRow.sender == "client")
        .group_by(MessageRow.client_id)
    )
    out = {}
    for client_id, when in rows:
        if isinstance(when, str):  # SQLite hands an aggregate's timestamp over as text
            when = dt.datetime.fromisoformat(when)
        out[client_id] = when.date()
    return out


def _assessments(session: Session, ids: list[int]) -> dict[int, LatestAssessment]:
    """Per client: the latest assessment's date, referral and findings, and the tests that
    worsened beyond error since the one before (only the documents' tests and findings are
    read)."""
    from sqlalchemy import case

    from slingcoach.tracking.retest import test_changes

    if not ids:
        return {}
    ranked = (
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
        )
        .where(AssessmentRow.client_id.in_(ids))
        .subquery()
    )
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
    out = {}
    for client_id, pair in pairs.items():
        latest = pair[0]
        worsened: tuple[Worsened, ...] = ()
        if len(pair) == 2:
            after, before = (stored_tests(session, r) for r in pair)
            changes = test_changes(before, pair[1].assessed_on, after, latest.assessed_on)
            worsened = tuple(
                Worsened(c.name, c.gap_change, c.bar, c.bar_unit)
                for c in changes
                if c.verdict == "worsened beyond error"
            )
        out[client_id] = LatestAssessment(
            latest.assessed_on, bool(latest.refer), _findings(session, latest), worsened
        )
    return out


def stored_tests(session: Session, row: Any) -> list[TestResult]:
    """The test results of a stored assessment row (``id``, ``schema_version``, ``tests``:
    the document's tests); the whole document is read and upgraded only when it is old."""
    from slingcoach.assessment.results import TestResult
    from slingcoach.storage.documents import current_version, load_assessment

    if row.schema_version != current_version("assessment"):
        document = session.scalar(select(AssessmentRow.document).where(AssessmentRow.id == row.id))
        assert document is not None
        return list(load_assessment(document).tests)
    return [TestResult.model_validate(t) for t in _json(row.tests)]


def _findings(session: Session, row: Any) -> tuple[FindingRef, ...]:
    """The findings of a stored assessment row (the whole document only when it is old)."""
    from slingcoach.storage.documents import current_version, load_assessment

    if row.schema_version != current_version("assessment"):
        document = session.scalar(select(AssessmentRow.document).where(AssessmentRow.id == row.id))
        assert document is not None
        return tuple(
            FindingRef(f.sling, f.side.value, str(f.severity))
            for f in load_assessment(document).findings
        )
    return tuple(
        FindingRef(f["sling"], f["side"], f["severity"]) for f in _json(row.findings) or []
    )


# --- JSON -------------------------------------------------------------------------------------


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text is not None else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _activity_json(a: Activity) -> dict[str, Any]:
    return {
        "last_logged_on": _iso(a.last_logged_on),
        "last_message_on": _iso(a.last_message_on),
        "program_starts": [day.isoformat() for day in a.program_starts],
        "red_flags": [[day.isoformat(), list(flags)] for day, flags in a.red_flags],
        "pain": [[name, [[p.on.isoformat(), p.pain] for p in points]] for name, points in a.pain],
        "planned": [[p.date.isoformat(), p.done] for p in a.planned],
    }


def stored_summary(
    activity_data: Any,
    assessment_data: Any,
    *,
    planned_between: tuple[dt.date, dt.date] | None = None,
) -> ClientSummary:
    """A client's summary from its stored columns (as a Core select of
    ``client_summaries.activity`` and ``.assessment`` hands them over).

    ``planned_between`` keeps only the planned sessions on days ``start <= day < end`` (the
    dashboard's flags and adherence look at the last four weeks only): less to decode for
    each of a few hundred clients.
    """
    return ClientSummary(
        _activity_from(_json(activity_data), planned_between=planned_between),
        _assessment_from(_json(assessment_data)),
    )


def _activity_from(
    data: dict[str, Any], *, planned_between: tuple[dt.date, dt.date] | None = None
) -> Activity:
    day = dt.date.fromisoformat
    planned = data["planned"]
    if planned_between is not None:
        # ISO dates compare as their text does: filter before decoding
        start, end = (d.isoformat() for d in planned_between)
        planned = [p for p in planned if start <= p[0] < end]
    return Activity(
        last_logged_on=_day(data["last_logged_on"]),
        last_message_on=_day(data["last_message_on"]),
        program_starts=tuple(day(d) for d in data["program_starts"]),
        red_flags=tuple((day(d), tuple(flags)) for d, flags in data["red_flags"]),
        pain=tuple(
            (name, tuple(PainPoint(day(d), pain) for d, pain in points))
            for name, points in data["pain"]
        ),
        planned=tuple(PlannedState(day(d), done) for d, done in planned),
    )


def _assessment_json(a: LatestAssessment) -> dict[str, Any]:
    return {
        "assessed_on": a.assessed_on.isoformat(),
        "refer": a.refer,
        "findings": [[f.sling, f.side, f.severity] for f in a.findings],
        "worsened": [[w.name, w.gap_change, w.bar, w.bar_unit] for w in a.worsened],
    }


def _assessment_from(data: dict[str, Any] | None) -> LatestAssessment | None:
    if data is None:
        return None
    return LatestAssessment(
        assessed_on=dt.date.fromisoformat(data["assessed_on"]),
        refer=data["refer"],
        findings=tuple(FindingRef(*f) for f in data["findings"]),
        worsened=tuple(Worsened(*w) for w in data["worsened"]),
    )
