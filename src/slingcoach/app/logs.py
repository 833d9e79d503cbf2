"""Use cases for workout logs: log sessions (one transaction per batch), read them back.

Logging checks every value first (:func:`slingcoach.tracking.validate.check_session`):
an impossible value, an unknown item or exercise, or a date in the future raises before
anything is written, and a batch that fails half-way leaves the database as it was.
Each side of each exercise logged moves its progression (:mod:`slingcoach.tracking.progression`)
in the same transaction; the progression rows are locked first (``SELECT ... FOR UPDATE``
on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), so two sessions
logged at once never lose an update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from slingcoach.app._time import utc_now
from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.exercises.model import Exercise
    from slingcoach.programming import Program
    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import Client, LogEntryRow, WorkoutRow
    from slingcoach.tracking.model import LogEntry, SessionLog
    from slingcoach.tracking.plan import PlanIndex
    from slingcoach.tracking.progression import Prescription, Rule
    from slingcoach.vocab import Side


class PrescriptionOut(BaseModel):
    """The next prescription of one side of one exercise."""

    model_config = ConfigDict(frozen=True)

    exercise_id: str
    side: str
    action: str
    load_kg: float | None
    target: int
    next_exercise_id: str | None
    misses: int
    reason: str


class LoggedSessions(BaseModel):
    """What a log batch stored."""

    model_config = ConfigDict(frozen=True)

    client: str
    sessions: int
    entries: int
    sets: int
    prescriptions: list[PrescriptionOut]


def log_sessions(
    db: Database,
    client_ref: str,
    logs: Sequence[SessionLog],
    *,
    today: dt.date,
    now: dt.datetime | None = None,
    merge: bool = False,
) -> LoggedSessions:
    """Store ``logs`` for a client in one transaction and move their progressions.

    With ``merge``, a log for a day that already has a session is added to it: its entries
    join the stored ones of the same item (a right part joins the left part of the same
    set), so a session can be logged a side or a set at a time.
    """
    from slingcoach.app.clients import find_client

    if not logs:
        raise InvalidInputError("nothing to log", source="log")
    with db.write() as session:
        client = find_client(session, client_ref)
        if merge:  # one merge per client at a time (hook by client: a double tap on the web)
            _lock_client(session, client)
        return store_logs(session, client, logs, today=today, now=now, merge=merge)


def store_logs(
    session: Session,
    client: Client,
    logs: Sequence[SessionLog],
    *,
    today: dt.date,
    now: dt.datetime | None = None,
    merge: bool = False,
    programs: _ProgramCache | None = None,
    exercise_ids: Collection[str] | None = None,
) -> LoggedSessions:
    """:func:`log_sessions` inside the caller's write transaction (with ``merge``, the
    client's row must be locked already: :func:`_lock_client`).

    ``programs`` reuses a cache the caller made in this transaction; ``exercise_ids``
    limits the progressions moved to those exercises (the only ones whose logs changed:
    the others' prescriptions would come out the same)."""
    from slingcoach.exercises import get_catalogue
    from slingcoach.tracking.validate import check_session

    created = utc_now(now)
    exercises = get_catalogue().all()
    _check_red_flags(logs)
    programs = programs if programs is not None else _ProgramCache(session, client)
    stored: dict[dt.date, WorkoutRow] = {}
    if merge:
        logs, stored = _merged(session, client, logs)
    for log in logs:
        plan = programs.plan_for(log.performed_on)
        check_session(
            log,
            plan=plan,
            exercises=exercises,
            body_mass_kg=client.body_mass_kg,
            today=today,
        )
    for log in logs:
        old = stored.get(log.performed_on)
        program = programs.row_for(log.performed_on)
        if old is not None:
            _rewrite_workout(old, program, log)
        else:
            session.add(_workout_row(client, program, log, created))
    session.flush()
    prescriptions = _update_progressions(
        session, client, logs, programs, exercises, created, exercise_ids=exercise_ids
    )
    return LoggedSessions(
        client=client.slug,
        sessions=len(logs),
        entries=sum(len(log.entries) for log in logs),
        sets=sum(len(e.sets) for log in logs for e in log.entries),
        prescriptions=prescriptions,
    )


def _lock_client(session: Session, client: Client) -> None:
    """Hold the client's row (``FOR UPDATE`` on PostgreSQL; SQLite's writers are serial
    already) so that two merges of one day, such as a double tap, never both insert it."""
    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    session.execute(select(Client.id).where(Client.id == client.id).with_for_update())


def client_sessions(
    session: Session, client: Client, *, since: dt.date | None = None
) -> list[SessionLog]:
    """The client's logged sessions (oldest first), as tracking models."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from slingcoach.storage.tables import WorkoutRow

    query = (
        select(WorkoutRow)
        .where(WorkoutRow.client_id == client.id)
        .options(selectinload(WorkoutRow.entries))
        .order_by(WorkoutRow.performed_on, WorkoutRow.id)
    )
    if since is not None:
        query = query.where(WorkoutRow.performed_on >= since)
    return [session_model(row) for row in session.scalars(query)]


def session_model(row: WorkoutRow) -> SessionLog:
    """A stored workout as a :class:`~slingcoach.tracking.model.SessionLog`."""
    from slingcoach.tracking.model import SessionLog

    return SessionLog(
        performed_on=row.performed_on,
        entries=tuple(entry_model(e) for e in row.entries),
        session_rpe=row.session_rpe,
        notes=row.notes,
        red_flags=tuple(row.red_flags),
    )


def entry_model(row: LogEntryRow) -> LogEntry:
    """A stored entry as a :class:`~slingcoach.tracking.model.LogEntry`."""
    from slingcoach.tracking.model import LogEntry

    return LogEntry.model_validate(
        {
            "item_key": row.item_key,
            "exercise_id": row.exercise_id,
            "swapped_from": row.swapped_from,
            "sets": row.sets,
        }
    )


def _merged(
    session: Session, client: Client, logs: Sequence[SessionLog]
) -> tuple[list[SessionLog], dict[dt.date, WorkoutRow]]:
    """``logs`` joined with the sessions stored on their days (one session per day)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from slingcoach.storage.tables import WorkoutRow

    days = sorted({log.performed_on for log in logs})
    rows = session.scalars(
        select(WorkoutRow)
        .where(WorkoutRow.client_id == client.id, WorkoutRow.performed_on.in_(days))
        .options(selectinload(WorkoutRow.entries))
        .order_by(WorkoutRow.id)
    ).all()
    stored = {row.performed_on: row for row in rows}  # the latest session of each day
    by_day: dict[dt.date, SessionLog] = {d: session_model(r) for d, r in stored.items()}
    for log in logs:
        base = by_day.get(log.performed_on)
        by_day[log.performed_on] = log if base is None else merge_logs(base, log)
    return [by_day[d] for d in days], stored


def merge_logs(base: SessionLog, extra: SessionLog) -> SessionLog:
    """``extra``'s entries added to ``base``: the same exercise for the same planned item,
    or for its partner (the other side's item next to it), merges set by set; the entry
    keeps its first item key. The same exercise planned twice in a session (apart) stays
    two entries, each with its own sets."""
    from pydantic import ValidationError

    from slingcoach.tracking.model import LoggedSet, SessionLog
    from slingcoach.tracking.plan import partner_keys

    entries = list(base.entries)
    for entry in extra.entries:
        what = (entry.exercise_id, entry.swapped_from)
        same = next(
            (
                i
                for i, e in enumerate(entries)
                if e.item_key == entry.item_key and (e.exercise_id, e.swapped_from) == what
            ),
            None,
        )
        if same is None:
            same = next(
                (
                    i
                    for i, e in enumerate(entries)
                    if partner_keys(e.item_key, entry.item_key)
                    and (e.exercise_id, e.swapped_from) == what
                ),
                None,
            )
        if same is None:
            entries.append(entry)
            continue
        sets = {s.number: s for s in entries[same].sets}
        for logged in entry.sets:
            old = sets.get(logged.number)
            if old is None:
                sets[logged.number] = logged
                continue
            taken = {p.side for p in old.parts} & {p.side for p in logged.parts}
            if taken:
                side = next(iter(taken)).value
                raise InvalidInputError(
                    f"set {logged.number} of {entry.exercise_id} on the {side} side is "
                    f"logged already for {base.performed_on.isoformat()}",
                    location=entry.item_key or entry.exercise_id,
                )
            sets[logged.number] = LoggedSet(number=logged.number, parts=old.parts + logged.parts)
        entries[same] = entries[same].model_copy(
            update={"sets": tuple(sets[n] for n in sorted(sets))}
        )
    merged = base.model_copy(
        update={
            "entries": tuple(entries),
            "session_rpe": extra.session_rpe if extra.session_rpe is not None else base.session_rpe,
            "notes": "\n".join(n for n in (base.notes, extra.notes) if n) or None,
            "red_flags": tuple(dict.fromkeys(base.red_flags + extra.red_flags)),
        }
    )
    try:  # model_copy does not validate: check the merged numbering and sides again
        return SessionLog.model_validate(merged.model_dump())
    except ValidationError as exc:
        raise InvalidInputError(
            f"merged with the session stored for {base.performed_on.isoformat()}: "
            f"{exc.errors()[0]['msg']}",
            location="sets",
        ) from None


class ParsedPrograms:
    """Program documents parsed (validated, indexed), by the digest of their stored text.

    Reading a program for the Today page or a logged set cost about 10 ms of CPU, mostly
    decoding and validating the same document again. The key is the document's content, so
    an edited program is a new key and an entry is never out of date: this is a cache of a
    pure function's results, not state; any worker may hold any entries. Least recently
    used entries go beyond ``capacity``; the models are frozen, so sharing them between
    threads is safe.
    """

    def __init__(self, capacity: int = 64) -> None:
        import threading
        from collections import OrderedDict

        self.capacity = capacity
        self._entries: OrderedDict[bytes, tuple[Program, PlanIndex]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> tuple[Program, PlanIndex]:
        """The program stored as ``text`` (JSON) and its plan index."""
        import hashlib
        import json

        from slingcoach.storage.documents import load_program
        from slingcoach.tracking.plan import plan_index

        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit
        program = load_program(json.loads(text))
        parsed = (program, plan_index(program))
        with self._lock:
            self._entries[key] = parsed
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        return parsed


PARSED_PROGRAMS = ParsedPrograms()
"""The process's :class:`ParsedPrograms`."""


class _ProgramCache:
    """The client's programs (ids and start dates; a document is read and parsed only when
    a log needs it, once per use case); the one in force on a date."""

    def __init__(self, session: Session, client: Client) -> None:
        from sqlalchemy import select

        from slingcoach.storage.tables import ProgramRow

        self.session = session
        self.rows: list[Any] = list(
            session.execute(
                select(ProgramRow.id, ProgramRow.start_date)
                .where(ProgramRow.client_id == client.id)
                .order_by(ProgramRow.start_date, ProgramRow.id)
            )
        )
        self._plans: dict[int, tuple[Program, PlanIndex]] = {}

    def row_for(self, day: dt.date) -> Any | None:
        """The latest program started on or before ``day`` (else the first one)."""
        started = [r for r in self.rows if r.start_date <= day]
        if started:
            return started[-1]
        return self.rows[0] if self.rows else None

    def parsed(self, row: Any) -> tuple[Program, PlanIndex]:
        if row.id not in self._plans:
            from sqlalchemy import Text, cast, select

            from slingcoach.storage.tables import ProgramRow

            # the document's text, not decoded: parsing is skipped when it was seen before
            text = self.session.scalar(
                select(cast(ProgramRow.document, Text)).where(ProgramRow.id == row.id)
            )
            assert text is not None
            self._plans[row.id] = PARSED_PROGRAMS.get(text)
        return self._plans[row.id]

    def plan_for(self, day: dt.date) -> PlanIndex | None:
        row = self.row_for(day)
        return self.parsed(row)[1] if row is not None else None


def _check_red_flags(logs: Iterable[SessionLog]) -> None:
    from slingcoach.assessment.redflags import question_ids

    known = question_ids()
    for log in logs:
        for flag in log.red_flags:
            if flag not in known:
                raise InvalidInputError(f"unknown red-flag question {flag!r}", location="red_flags")


def _workout_row(
    client: Client, program: Any | None, log: SessionLog, created: dt.datetime
) -> WorkoutRow:
    from slingcoach.storage.tables import LogEntryRow, WorkoutRow

    row = WorkoutRow(
        client_id=client.id,
        program_id=program.id if program is not None else None,
        performed_on=log.performed_on,
        session_rpe=log.session_rpe,
        notes=log.notes,
        red_flags=list(log.red_flags),
        created_at=created,
    )
    for position, entry in enumerate(log.entries):
        row.entries.append(
            LogEntryRow(
                position=position,
                item_key=entry.item_key,
                exercise_id=entry.exercise_id,
                swapped_from=entry.swapped_from,
                sets=[s.model_dump(mode="json", exclude_none=True) for s in entry.sets],
                max_pain=entry.max_pain,
            )
        )
    return row


def _rewrite_workout(row: WorkoutRow, program: Any | None, log: SessionLog) -> None:
    """Make the stored ``row`` hold the merged ``log``, writing only what changed: an entry
    whose sets are the same stays, a changed one is updated in place (logging one set
    rewrites one entry, not the whole session)."""
    from slingcoach.storage.tables import LogEntryRow

    row.program_id = program.id if program is not None else None
    row.session_rpe = log.session_rpe
    row.notes = log.notes
    if list(row.red_flags) != list(log.red_flags):
        row.red_flags = list(log.red_flags)
    by_position = {e.position: e for e in row.entries}
    for position, entry in enumerate(log.entries):
        sets = [s.model_dump(mode="json", exclude_none=True) for s in entry.sets]
        stored = by_position.pop(position, None)
        if stored is None:
            row.entries.append(
                LogEntryRow(
                    position=position,
                    item_key=entry.item_key,
                    exercise_id=entry.exercise_id,
                    swapped_from=entry.swapped_from,
                    sets=sets,
                    max_pain=entry.max_pain,
                )
            )
            continue
        stored.item_key = entry.item_key
        stored.exercise_id = entry.exercise_id
        stored.swapped_from = entry.swapped_from
        stored.max_pain = entry.max_pain
        if stored.sets != sets:
            stored.sets = sets
    for gone in by_position.values():
        row.entries.remove(gone)


def _rules(
    logs: Sequence[SessionLog], programs: _ProgramCache, by_id: dict[str, Exercise]
) -> dict[tuple[str, Side], tuple[Rule, dt.date]]:
    """The rule of each (exercise, side) logged and the day of the log it comes from: the
    planned item's, else the exercise's dose. The last log's rule wins, except that a
    steady rule (deload, warm-up, re-test) never replaces a progressing one of an earlier
    log: the progression goes on from the last session that progressed it."""
    from slingcoach.tracking.progression import LOAD_STEP_PCT, STEADY, Rule
    from slingcoach.tracking.strength import sides_of

    rules: dict[tuple[str, Side], tuple[Rule, dt.date]] = {}
    for log in sorted(logs, key=lambda log: log.performed_on):
        plan = programs.plan_for(log.performed_on)
        for entry in log.entries:
            exercise = by_id[entry.exercise_id]
            for logged in entry.sets:
                for part in logged.parts:
                    item = (
                        plan.planned_for(entry.item_key, part.side)
                        if plan is not None and entry.item_key and entry.swapped_from is None
                        else None
                    )
                    rule = (
                        Rule(
                            item.low,
                            item.high,
                            item.unit,
                            item.rir,
                            item.rule,
                            item.load_step_pct or LOAD_STEP_PCT,
                        )
                        if item is not None
                        else Rule(exercise.dose.low, exercise.dose.high, exercise.unit, None)
                    )
                    for side in sides_of(part.side):
                        key = (entry.exercise_id, side)
                        earlier = rules.get(key)
                        if rule.kind in STEADY and earlier and earlier[0].kind not in STEADY:
                            continue
                        rules[key] = (rule, log.performed_on)
    return rules


def _update_progressions(
    session: Session,
    client: Client,
    logs: Sequence[SessionLog],
    programs: _ProgramCache,
    exercises: Sequence[Exercise],
    now: dt.datetime,
    *,
    exercise_ids: Collection[str] | None = None,
) -> list[PrescriptionOut]:
    from slingcoach.tracking.progression import STEADY

    by_id = {e.id: e for e in exercises}
    rules = _rules(logs, programs, by_id)
    if exercise_ids is not None:
        rules = {k: v for k, v in rules.items() if k[0] in exercise_ids}
    keys = sorted(rules, key=lambda k: (k[0], k[1].value))
    rows = _lock_progressions(session, client, keys, now)
    history = _history(session, client, sorted({k[0] for k in keys}))
    out = []
    for key in keys:
        row = rows[(key[0], key[1].value)]
        rule, until = rules[key]
        if rule.kind in STEADY and row.version > 0:
            # a deload, warm-up or re-test item holds the load: it must not wipe what the
            # build weeks prescribed (after a deload week the next session has its load)
            out.append(_stored_out(row))
            continue
        upto = [log for log in history if log.performed_on <= until]
        prescription = _prescribe(by_id[key[0]], key[1], rule, upto)
        row.action = prescription.action
        row.load_kg = prescription.load_kg
        row.target = prescription.target
        row.misses = prescription.misses
        row.reason = prescription.reason
        row.version += 1
        row.updated_at = now
        out.append(_prescription_out(prescription))
    return out


def _prescribe(
    exercise: Exercise, side: Side, rule: Rule, history: Sequence[SessionLog]
) -> Prescription:
    from slingcoach.tracking.progression import next_prescription, side_history

    return next_prescription(exercise, side, rule, side_history(history, exercise.id, side))


def _stored_out(row: Any) -> PrescriptionOut:
    """The prescription a progression row keeps."""
    return PrescriptionOut(
        exercise_id=row.exercise_id,
        side=row.side,
        action=row.action,
        load_kg=row.load_kg,
        target=row.target,
        next_exercise_id=None,
        misses=row.misses,
        reason=row.reason,
    )


def _prescription_out(p: Prescription) -> PrescriptionOut:
    return PrescriptionOut(
        exercise_id=p.exercise_id,
        side=p.side.value,
        action=p.action,
        load_kg=p.load_kg,
        target=p.target,
        next_exercise_id=p.next_exercise_id,
        misses=p.misses,
        reason=p.reason,
    )


def _lock_progressions(
    session: Session, client: Client, keys: Sequence[tuple[str, Side]], now: dt.datetime
) -> dict[tuple[str, str], Any]:
    """Create missing progression rows, then lock all of them (in a fixed order)."""
    from sqlalchemy import select, tuple_

    from slingcoach.storage.tables import ProgressionRow

    if not keys:
        return {}
    values = [
        {
            "client_id": client.id,
            "exercise_id": exercise_id,
            "side": side.value,
            "action": "start",
            "load_kg": None,
            "target": 0,
            "misses": 0,
            "reason": "",
            "version": 0,
            "updated_at": now,
        }
        for exercise_id, side in keys
    ]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(ProgressionRow).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(ProgressionRow).values(values).on_conflict_do_nothing())
    wanted = [(e, s.value) for e, s in keys]
    rows = session.scalars(
        select(ProgressionRow)
        .where(
            ProgressionRow.client_id == client.id,
            tuple_(ProgressionRow.exercise_id, ProgressionRow.side).in_(wanted),
        )
        .order_by(ProgressionRow.exercise_id, ProgressionRow.side)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return {(r.exercise_id, r.side): r for r in rows}


def _history(session: Session, client: Client, exercise_ids: Sequence[str]) -> list[SessionLog]:
    """The client's sessions with their entries of ``exercise_ids`` (read after locking)."""
    from sqlalchemy import select

    from slingcoach.storage.tables import LogEntryRow, WorkoutRow
    from slingcoach.tracking.model import SessionLog

    rows = session.execute(
        select(WorkoutRow.id, WorkoutRow.performed_on, LogEntryRow)
        .join(LogEntryRow, LogEntryRow.workout_id == WorkoutRow.id)
        .where(WorkoutRow.client_id == client.id, LogEntryRow.exercise_id.in_(exercise_ids))
        .order_by(WorkoutRow.performed_on, WorkoutRow.id, LogEntryRow.position)
    ).all()
    grouped: dict[int, tuple[dt.date, list[LogEntry]]] = {}
    for workout_id, performed_on, entry in rows:
        grouped.setdefault(workout_id, (performed_on, []))[1].append(entry_model(entry))
    return [
        SessionLog(performed_on=day, entries=tuple(entries)) for day, entries in grouped.values()
    ]


def planned_exercises(db: Database, client_ref: str) -> dict[str, str]:
    """Item key → planned exercise id over the client's programs (the newest wins)."""
    from slingcoach.app.clients import find_client

    out: dict[str, str] = {}
    with db.read() as session:
        client = find_client(session, client_ref)
        cache = _ProgramCache(session, client)
        for row in cache.rows:
            for key, item in cache.parsed(row)[1].items.items():
                if item.exercise_id is not None:
                    out[key] = item.exercise_id
    return out
