"""Use cases of the client's "today": the session of the day, logging it set by set, the end.

The session of the day is the stored program's session on the client's date (their time
zone decides what "today" is). Its one-sided exercises come as two items, weaker side
first, so each exercise here lists its sides in the program's order; each side shows its
dose, the load its progression suggests, and the parts already logged today.

Logging one side of one set is one request (:func:`log_set`), stored at once through
:func:`slingcoach.app.logs.log_sessions` (``merge=True``), so a half-logged session is in
the database and survives a reload. Sending the same set again is harmless (idempotent);
sending a different value for a set already logged is a conflict. A set logged by
mistake is taken back with :func:`undo_set` (the exercise's last set, so the sets stay
numbered 1, 2, 3). At the end, :func:`finish_session` keeps how hard it felt (session RPE)
and pain 0-10.

Logged sets belong to the program item they were logged against (both sides of a
one-sided exercise are kept under its first item), so the same exercise twice in one
session (a warm-up, then the main sets) keeps two sets of logs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, model_validator

from slingcoach.app._time import utc_now
from slingcoach.errors import ConflictError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.app.logs import _ProgramCache
    from slingcoach.programming.model import Item, Week
    from slingcoach.programming.model import Session as PlannedSession
    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import Client
    from slingcoach.tracking.model import LogEntry, SessionLog, SidePart

SIDE_SWITCH_S = 15
"""Pause between the sides of a one-sided set: a reposition, not a rest. The generator
budgets none (one-sided work alternates and rests after each pair: programming.rules.
side_seconds); 15 s is the switch time of the timer and fits its item transition."""

SideName = Literal["left", "right", "both"]


def client_today(now: dt.datetime, timezone: str) -> dt.date:
    """The date in ``timezone`` at the instant ``now`` (what "today" means to the client).

    >>> client_today(dt.datetime(2026, 12, 9, 23, 30, tzinfo=dt.UTC), "Europe/Berlin")
    datetime.date(2026, 12, 10)
    """
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            f"{timezone!r} is not a time zone (use an IANA name such as Europe/London)",
            location="timezone",
        ) from None
    return utc_now(now).astimezone(zone).date()


class PartOut(BaseModel):
    """One side of one set as logged."""

    model_config = ConfigDict(frozen=True)

    reps: int | None = None
    seconds: float | None = None
    metres: float | None = None
    load_kg: float | None = None
    rir: float | None = None
    pain: int | None = None


class SideOut(BaseModel):
    """One side of an exercise today: its item, dose, suggested load and the sets logged."""

    model_config = ConfigDict(frozen=True)

    side: SideName
    item_key: str
    sets: int
    target: int | None = Field(description="this week's aim per set, inside low-high")
    suggested_load_kg: float | None = Field(description="the load the side's progression set")
    suggested_target: int | None = Field(description="the reps/seconds the progression set")
    logged: list[PartOut | None] = Field(description="per set number (1 first); None: not yet")

    @property
    def done(self) -> int:
        """How many of this side's sets are logged."""
        return sum(1 for p in self.logged[: self.sets] if p is not None)


class ExerciseOut(BaseModel):
    """One exercise of today's session with its sides (weaker side first)."""

    model_config = ConfigDict(frozen=True)

    position: int
    exercise_id: str | None
    test_id: str | None
    name: str
    unit: str
    low: int
    high: int
    rir: int | None
    load: str = Field(description="the progression in words")
    loaded: bool = Field(description="an external load is written down")
    rest_s: int = Field(description="rest after each set (after both sides of a one-sided set)")
    switch_s: int = Field(description="pause between the sides of a one-sided set")
    cue: str | None
    cues: list[str]
    loggable: bool = Field(description="False for a re-test item: the coach enters tests")
    sides: list[SideOut]

    @property
    def total_sets(self) -> int:
        return sum(s.sets for s in self.sides)

    @property
    def done_sets(self) -> int:
        return sum(s.done for s in self.sides)


class StepOut(BaseModel):
    """The next thing to log: which exercise, set and side, and what rest precedes it."""

    model_config = ConfigDict(frozen=True)

    position: int
    item_key: str
    set_number: int
    side: SideName


class Today(BaseModel):
    """The session of the client's day, with what is already logged."""

    model_config = ConfigDict(frozen=True)

    client: str
    date: dt.date
    timezone: str
    week: int | None = None
    session: int | None = None
    focus: str | None = None
    minutes: int | None = None
    exercises: list[ExerciseOut] = Field(default_factory=list)
    next_step: StepOut | None = None
    next_session_on: dt.date | None = Field(
        default=None, description="when there is no session today: the next one"
    )
    session_rpe: int | None = None
    pain: int | None = None
    finished: bool = False

    @property
    def planned(self) -> bool:
        """True when the program has a session on this day."""
        return self.week is not None

    @property
    def done_sets(self) -> int:
        return sum(e.done_sets for e in self.exercises)

    @property
    def total_sets(self) -> int:
        return sum(e.total_sets for e in self.exercises if e.loggable)


class SetLog(BaseModel):
    """One side of one set, as the client ticks it (the body of ``POST /api/me/today/sets``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item_key: str = Field(pattern=r"^w\d{2}-s\d-i\d{2}$", description="the item (w03-s2-i05)")
    set_number: int = Field(ge=1, le=50)
    side: SideName
    reps: int | None = Field(default=None, ge=0, le=500)
    seconds: float | None = Field(default=None, ge=0, le=3600)
    metres: float | None = Field(default=None, ge=0, le=10_000)
    load_kg: float | None = Field(default=None, ge=0, le=1000)
    rir: float | None = Field(default=None, ge=0, le=10, description="reps in reserve")
    pain: int | None = Field(default=None, ge=0, le=10, description="pain 0-10 (NRS)")

    @model_validator(mode="after")
    def _amount(self) -> SetLog:
        if self.reps is None and self.seconds is None and self.metres is None:
            raise ValueError("give reps, seconds or metres")
        return self


class SetUndo(BaseModel):
    """One side of one set to take back (the body of ``POST /api/me/today/sets/undo``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item_key: str = Field(pattern=r"^w\d{2}-s\d-i\d{2}$", description="the item (w03-s2-i05)")
    set_number: int = Field(ge=1, le=50)
    side: SideName


class Checkin(BaseModel):
    """How the session felt: session RPE 0-10 (Foster et al. 2001) and pain 0-10 (NRS)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    session_rpe: int = Field(ge=0, le=10)
    pain: int = Field(ge=0, le=10)


def today_session(db: Database, client_ref: str, *, today: dt.date, timezone: str) -> Today:
    """The program's session on ``today`` (the client's date) and what is logged of it."""
    from slingcoach.app.clients import find_client

    with db.read() as session:
        client = find_client(session, client_ref)
        return _today(session, client, today, timezone)


def log_set(
    db: Database,
    client_ref: str,
    entry: SetLog,
    *,
    today: dt.date,
    timezone: str,
    now: dt.datetime | None = None,
) -> Today:
    """Store one side of one set of today's session at once; return the session after it.

    The same set sent twice (a double tap, a retried request) is stored once. A different
    value for a set already logged raises :class:`ConflictError`; a set of an item not in
    today's session, a side the item is not done on, or a set after a gap raises
    :class:`InvalidInputError` naming the field.
    """
    from slingcoach.app.clients import find_client
    from slingcoach.app.logs import _lock_client, _ProgramCache, store_logs
    from slingcoach.tracking.model import LogEntry, LoggedSet, SessionLog

    # One write transaction: the client's row is locked before today's state is read, so
    # a double tap or a retried request waits for the first and then finds its set stored.
    with db.write() as session:
        client = find_client(session, client_ref)
        _lock_client(session, client)
        programs = _ProgramCache(session, client)
        day = _day(session, client, today, timezone, programs)
        current = _build(session, client, day)
        exercise, side_out = _target(current, entry.item_key, entry.side, entry.set_number)
        part = _part(entry, exercise.unit)
        logged = (
            side_out.logged[entry.set_number - 1]
            if entry.set_number <= len(side_out.logged)
            else None
        )
        if logged is not None:
            return _same_or_conflict(current, exercise, entry, logged, part)
        numbers = _set_numbers(current, exercise)
        if entry.set_number > max(numbers, default=0) + 1:
            raise InvalidInputError(
                f"log set {max(numbers, default=0) + 1} of {exercise.name} before set "
                f"{entry.set_number}",
                location="set_number",
            )
        assert exercise.exercise_id is not None  # _target refuses test items
        # A delta for store_logs(merge=True): set 2 alone is not a valid entry (sets number
        # from 1), so it is built unvalidated; merge_logs validates the merged day again.
        delta = LogEntry.model_construct(
            item_key=exercise.sides[0].item_key,  # both sides' parts under the first item
            exercise_id=exercise.exercise_id,
            swapped_from=None,
            sets=(LoggedSet(number=entry.set_number, parts=(part,)),),
        )
        log = SessionLog.model_construct(
            performed_on=today, entries=(delta,), session_rpe=None, notes=None, red_flags=()
        )
        store_logs(
            session,
            client,
            [log],
            today=today,
            now=now,
            merge=True,
            programs=programs,
            exercise_ids={exercise.exercise_id},
        )
        # the session after it: the part just stored added to what was read, and the loads
        # the progressions suggest now (read again in this transaction: it sees its writes)
        stored_under = (delta.item_key, exercise.exercise_id, entry.side, entry.set_number)
        day.done[stored_under] = part
        return _build(session, client, day)


def undo_set(
    db: Database,
    client_ref: str,
    entry: SetUndo,
    *,
    today: dt.date,
    timezone: str,
    now: dt.datetime | None = None,
) -> Today:
    """Take back one side of one set logged today (a wrong number, a tap on the wrong set).

    Only the exercise's last set can be taken back, so its sets stay numbered 1, 2, 3;
    taking back a set that is not logged changes nothing (a double tap). The side's
    progression is worked out again from the sessions without it.
    """
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from slingcoach.app.clients import find_client
    from slingcoach.app.logs import (
        _lock_client,
        _ProgramCache,
        _update_progressions,
        _workout_row,
        session_model,
    )
    from slingcoach.exercises import get_catalogue
    from slingcoach.storage.tables import WorkoutRow

    stamp = utc_now(now)
    with db.write() as session:
        client = find_client(session, client_ref)
        _lock_client(session, client)
        current = _today(session, client, today, timezone)
        exercise, side_out = _target(current, entry.item_key, entry.side, entry.set_number)
        if side_out.logged[entry.set_number - 1] is None:
            return current
        last = max(_set_numbers(current, exercise))
        if entry.set_number != last:
            raise InvalidInputError(
                f"take back set {last} of {exercise.name} first: only the last set can be "
                "taken back",
                location="set_number",
            )
        row = session.scalars(
            select(WorkoutRow)
            .where(WorkoutRow.client_id == client.id, WorkoutRow.performed_on == today)
            .options(selectinload(WorkoutRow.entries))
            .order_by(WorkoutRow.id.desc())
        ).first()
        assert row is not None  # the set is logged, so the day's workout is stored
        before = session_model(row)
        keys = {s.item_key for s in exercise.sides}
        entries = []
        for logged_entry in before.entries:
            if logged_entry.item_key in keys and logged_entry.exercise_id == exercise.exercise_id:
                kept = _without(logged_entry, entry.set_number, entry.side)
                if kept is not None:
                    entries.append(kept)
            else:
                entries.append(logged_entry)
        programs = _ProgramCache(session, client)
        created_at = row.created_at
        session.delete(row)
        session.flush()
        if entries:
            after = before.model_copy(update={"entries": tuple(entries)})
            session.add(_workout_row(client, programs.row_for(today), after, created_at))
            session.flush()
        _update_progressions(session, client, [before], programs, get_catalogue().all(), stamp)
    return today_session(db, client_ref, today=today, timezone=timezone)


def _without(entry: LogEntry, number: int, side: str) -> LogEntry | None:
    """``entry`` without ``side``'s part of set ``number`` (None when nothing is left)."""
    sets = []
    for logged in entry.sets:
        if logged.number != number:
            sets.append(logged)
            continue
        parts = tuple(p for p in logged.parts if p.side.value != side)
        if parts:
            sets.append(logged.model_copy(update={"parts": parts}))
    return entry.model_copy(update={"sets": tuple(sets)}) if sets else None


def finish_session(
    db: Database,
    client_ref: str,
    checkin: Checkin,
    *,
    today: dt.date,
    timezone: str,
    now: dt.datetime | None = None,
) -> Today:
    """Keep how today's session felt and the pain at its end (again: the answer is replaced).

    The session RPE is also stored on the day's workout, where tracking reads it.
    """
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.storage.tables import SessionCheckinRow, WorkoutRow

    stamp = utc_now(now)
    with db.write() as session:
        client = find_client(session, client_ref)
        workouts = session.scalars(
            select(WorkoutRow)
            .where(WorkoutRow.client_id == client.id, WorkoutRow.performed_on == today)
            .order_by(WorkoutRow.id)
        ).all()
        if not workouts:
            raise InvalidInputError(
                "log at least one set before saying how the session went", location="session_rpe"
            )
        workouts[-1].session_rpe = checkin.session_rpe
        row = session.scalar(
            select(SessionCheckinRow)
            .where(SessionCheckinRow.client_id == client.id)
            .where(SessionCheckinRow.performed_on == today)
            .with_for_update()
        )
        if row is None:
            session.add(
                SessionCheckinRow(
                    client_id=client.id,
                    performed_on=today,
                    session_rpe=checkin.session_rpe,
                    pain=checkin.pain,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
        else:
            row.session_rpe = checkin.session_rpe
            row.pain = checkin.pain
            row.updated_at = stamp
    return today_session(db, client_ref, today=today, timezone=timezone)


# --- reading ------------------------------------------------------------------------------


def _today(
    session: Session,
    client: Client,
    today: dt.date,
    timezone: str,
    *,
    programs: _ProgramCache | None = None,
) -> Today:
    return _build(session, client, _day(session, client, today, timezone, programs))


@dataclass
class _Day:
    """What the Today page shows, before the suggested loads: the day's answer without its
    exercises (``base``), the program's week and session that day, and the parts logged."""

    base: Today
    week: Week | None = None
    planned: PlannedSession | None = None
    done: dict[tuple[str | None, str, str, int], SidePart] = field(default_factory=dict)


def _day(
    session: Session,
    client: Client,
    today: dt.date,
    timezone: str,
    programs: _ProgramCache | None,
) -> _Day:
    from sqlalchemy import select

    from slingcoach.app.logs import _ProgramCache, client_sessions
    from slingcoach.storage.tables import SessionCheckinRow

    cache = programs if programs is not None else _ProgramCache(session, client)
    row = cache.row_for(today)
    checkin = session.execute(
        select(SessionCheckinRow.session_rpe, SessionCheckinRow.pain).where(
            SessionCheckinRow.client_id == client.id, SessionCheckinRow.performed_on == today
        )
    ).first()
    feeling = {
        "session_rpe": checkin.session_rpe if checkin else None,
        "pain": checkin.pain if checkin else None,
        "finished": checkin is not None,
    }
    base = Today(client=client.slug, date=today, timezone=timezone, **feeling)
    if row is None:
        return _Day(base)
    program, _ = cache.parsed(row)
    planned = [(w, s) for w in program.weeks for s in w.sessions]
    todays = [(w, s) for w, s in planned if s.date == today]
    if not todays:
        upcoming = sorted(s.date for _, s in planned if s.date > today)
        return _Day(base.model_copy(update={"next_session_on": upcoming[0] if upcoming else None}))
    week, planned_session = todays[0]
    logs = client_sessions(session, client, since=today)
    done = _done_parts([log for log in logs if log.performed_on == today])
    return _Day(base, week, planned_session, done)


def _build(session: Session, client: Client, day: _Day) -> Today:
    """The Today answer of ``day`` with the loads the progressions suggest now."""
    if day.week is None or day.planned is None:
        return day.base
    exercises = _exercises(day.planned.items, day.done, _suggestions(session, client))
    return day.base.model_copy(
        update={
            "week": day.week.number,
            "session": day.planned.number,
            "focus": day.planned.focus,
            "minutes": day.planned.minutes,
            "exercises": exercises,
            "next_step": _next_step(exercises),
        }
    )


def _done_parts(
    logs: Sequence[SessionLog],
) -> dict[tuple[str | None, str, str, int], SidePart]:
    """(item key, exercise id, side, set number) → the part logged today."""
    out: dict[tuple[str | None, str, str, int], SidePart] = {}
    for log in logs:
        for entry in log.entries:
            for logged in entry.sets:
                for part in logged.parts:
                    out[(entry.item_key, entry.exercise_id, part.side.value, logged.number)] = part
    return out


def _suggestions(
    session: Session, client: Client
) -> dict[tuple[str, str], tuple[float | None, int]]:
    """(exercise id, side) → (load, target) the side's progression prescribes next."""
    from sqlalchemy import select

    from slingcoach.storage.tables import ProgressionRow

    rows = session.execute(
        select(
            ProgressionRow.exercise_id,
            ProgressionRow.side,
            ProgressionRow.load_kg,
            ProgressionRow.target,
        ).where(ProgressionRow.client_id == client.id)
    )
    out = {(r.exercise_id, r.side): (r.load_kg, r.target) for r in rows}
    # a two-sided exercise progresses per body side (tracking.strength.sides_of): its
    # "both" suggestion is the heavier side's (the load both hands or legs move together)
    for exercise_id in {e for e, _ in out}:
        sides = [out[(exercise_id, s)] for s in ("left", "right") if (exercise_id, s) in out]
        if sides and (exercise_id, "both") not in out:
            out[(exercise_id, "both")] = max(sides, key=lambda p: (p[0] or 0.0, p[1]))
    return out


def _exercises(
    items: Sequence[Item],
    done: dict[tuple[str | None, str, str, int], SidePart],
    loads: dict[tuple[str, str], tuple[float | None, int]],
) -> list[ExerciseOut]:
    """Items grouped into exercises: a one-sided exercise's two items (weaker side first,
    as the program orders them) become one exercise with two sides."""
    from slingcoach.exercises import get_catalogue

    catalogue = get_catalogue()
    groups: list[list[Item]] = []
    for item in items:
        last = groups[-1] if groups else None
        if (
            last is not None
            and (last[0].exercise_id, last[0].test_id) == (item.exercise_id, item.test_id)
            and item.side.value not in {i.side.value for i in last}
            and "both" not in {i.side.value for i in last} | {item.side.value}
        ):
            last.append(item)
        else:
            groups.append([item])
    out = []
    for position, group in enumerate(groups, start=1):
        first = group[0]
        exercise = (
            catalogue.get(first.exercise_id)
            if first.exercise_id is not None and first.exercise_id in catalogue
            else None
        )
        keys = [item.key for item in group]  # where either side's parts may be kept
        sides = []
        for item in group:
            side = item.side.value
            suggested = loads.get((item.exercise_id or "", side)) if item.exercise_id else None
            logged: list[PartOut | None] = []
            for number in range(1, item.sets + 1):
                part = next(
                    (
                        found
                        for key in keys
                        if (found := done.get((key, item.exercise_id or "", side, number)))
                    ),
                    None,
                )
                logged.append(_part_out(part) if part is not None else None)
            sides.append(
                SideOut(
                    side=side,  # items are never on the midline
                    item_key=item.key,
                    sets=item.sets,
                    target=item.target,
                    suggested_load_kg=suggested[0] if suggested else None,
                    suggested_target=suggested[1] if suggested and suggested[1] > 0 else None,
                    logged=logged,
                )
            )
        out.append(
            ExerciseOut(
                position=position,
                exercise_id=first.exercise_id,
                test_id=first.test_id,
                name=first.name,
                unit=first.unit.value,
                low=first.low,
                high=first.high,
                rir=first.rir,
                load=first.load,
                loaded=first.progression.loaded,
                rest_s=first.rest_s,
                switch_s=SIDE_SWITCH_S if len(group) > 1 else 0,
                cue=first.cue,
                cues=list(exercise.cues) if exercise is not None else [],
                loggable=first.kind == "exercise" and first.exercise_id is not None,
                sides=sides,
            )
        )
    return out


def _part_out(part: SidePart) -> PartOut:
    return PartOut(
        reps=part.reps,
        seconds=part.seconds,
        metres=part.metres,
        load_kg=part.load_kg,
        rir=part.effort_rir,
        pain=part.pain,
    )


def _next_step(exercises: Sequence[ExerciseOut]) -> StepOut | None:
    """The first side of the first set not logged, in the order of the session: set by set,
    the sides of a set in the program's order (weaker side first)."""
    for exercise in exercises:
        if not exercise.loggable:
            continue
        for number in range(1, max(s.sets for s in exercise.sides) + 1):
            for side in exercise.sides:
                if number <= side.sets and side.logged[number - 1] is None:
                    return StepOut(
                        position=exercise.position,
                        item_key=side.item_key,
                        set_number=number,
                        side=side.side,
                    )
    return None


# --- writing ------------------------------------------------------------------------------


def _target(
    current: Today, item_key: str, side_name: str, set_number: int
) -> tuple[ExerciseOut, SideOut]:
    """The exercise and side of today's session that set ``set_number`` of ``item_key`` on
    ``side_name`` is, or a clear error."""
    if not current.planned:
        when = (
            f"; the next one is on {current.next_session_on.isoformat()}"
            if current.next_session_on
            else ""
        )
        raise NotFoundError(f"there is no session planned for {current.date.isoformat()}{when}")
    for exercise in current.exercises:
        for side in exercise.sides:
            if side.item_key != item_key:
                continue
            if not exercise.loggable:
                raise InvalidInputError(
                    f"{exercise.name} is a re-test: your coach enters its result",
                    location="item_key",
                )
            if side.side != side_name:
                raise InvalidInputError(
                    f"{item_key} is the {side.side} side of {exercise.name}, not {side_name}",
                    location="side",
                )
            if set_number > side.sets:
                raise InvalidInputError(
                    f"{exercise.name} has {side.sets} sets on the {side.side} side today, "
                    f"not {set_number}",
                    location="set_number",
                )
            return exercise, side
    raise InvalidInputError(
        f"{item_key} is not in today's session ({current.date.isoformat()})",
        location="item_key",
    )


def _part(entry: SetLog, unit: str) -> SidePart:
    """The tracking part of ``entry`` (its amount must be in the exercise's unit)."""
    from slingcoach.tracking.model import SidePart

    amount = {"reps": entry.reps, "seconds": entry.seconds, "metres": entry.metres}
    if amount[unit] is None:
        raise InvalidInputError(f"give the {unit} done", location=unit)
    return SidePart(
        side=entry.side,  # pydantic reads the side's value
        reps=entry.reps if unit == "reps" else None,
        seconds=entry.seconds if unit == "seconds" else None,
        metres=entry.metres if unit == "metres" else None,
        load_kg=entry.load_kg,
        rir=entry.rir,
        pain=entry.pain,
    )


def _same_or_conflict(
    current: Today, exercise: ExerciseOut, entry: SetLog, logged: PartOut, part: SidePart
) -> Today:
    if logged == _part_out(part):
        return current
    raise ConflictError(
        f"set {entry.set_number} of {exercise.name} on the {entry.side} side is logged "
        f"already for {current.date.isoformat()}"
    )


def _set_numbers(current: Today, exercise: ExerciseOut) -> list[int]:
    """The set numbers logged today for ``exercise`` (any side)."""
    return [
        number
        for side in exercise.sides
        for number, part in enumerate(side.logged, start=1)
        if part is not None
    ]
