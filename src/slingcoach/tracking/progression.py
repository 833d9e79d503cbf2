"""Automatic progression per side, by the item's rule: double progression for loaded work,
variation, reps or time for body-weight and timed work.

Double progression (Helms, Cronin, Storey & Zourdos 2016 Strength Cond J 38(4):42-49; the
"double progression" rule of Liftosaur): when every set reaches the top of the rep range at
or under the target effort, add the exercise's load step and start again at the bottom; a
set under the bottom of the range is a miss and the load holds; repeated misses step the
load back (or regress the exercise along the library's graph).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from slingcoach.exercises.model import Exercise
from slingcoach.programming.model import ProgressionRule
from slingcoach.tracking.model import LogEntry, SessionLog, SidePart
from slingcoach.vocab import Side, Unit

LOAD_STEP_PCT = 2.5
"""Load step when the item gives none: 2.5 %, the low end of the program's 2.5-5 %."""
MIN_LOAD_STEP_KG = 1.0
"""Smallest load step: dumbbells and kettlebells rarely come lighter (our convention)."""
MISSES_TO_STEP_BACK = 2
"""Sessions in a row with a missed set before the load steps back (our convention)."""
TIME_STEP_PCT = 10.0
"""Timed work adds about 10 % a week (the program's load text), our convention."""

Action = Literal[
    "start",
    "add-load",
    "hold",
    "step-back",
    "next-variation",
    "easier-variation",
    "add-reps",
    "add-time",
]


# Items whose plan does not progress (warm-up, mobility, deload and re-test weeks, tests).
STEADY = frozenset({ProgressionRule.NONE, ProgressionRule.HOLD_STEADY, ProgressionRule.TEST})


@dataclass(frozen=True)
class Rule:
    """How an item progresses: its range, unit, target effort, rule and load step."""

    low: int
    high: int
    unit: Unit
    rir: int | None
    kind: ProgressionRule = ProgressionRule.DOUBLE
    step_pct: float = LOAD_STEP_PCT


@dataclass(frozen=True)
class Prescription:
    """What the next session asks of one side of one exercise, and why."""

    exercise_id: str
    side: Side
    action: Action
    load_kg: float | None
    target: int
    next_exercise_id: str | None
    misses: int
    reason: str


def load_step_kg(load_kg: float, step_pct: float = LOAD_STEP_PCT) -> float:
    """``step_pct`` of the load, rounded up to the next 0.5 kg, and at least 1 kg.

    >>> load_step_kg(20), load_step_kg(100), load_step_kg(130)
    (1.0, 2.5, 3.5)
    """
    return max(MIN_LOAD_STEP_KG, math.ceil(load_kg * step_pct / 100 * 2) / 2)


def side_history(
    sessions: Sequence[SessionLog], exercise_id: str, side: Side
) -> list[tuple[dt.date, list[SidePart]]]:
    """Each session's parts of ``exercise_id`` on ``side``, oldest first."""
    history = []
    for log in sorted(sessions, key=lambda s: s.performed_on):
        parts = [
            p
            for entry in log.entries
            if entry.exercise_id == exercise_id
            for p in _parts(entry, side)
        ]
        if parts:
            history.append((log.performed_on, parts))
    return history


def _parts(entry: LogEntry, side: Side) -> list[SidePart]:
    out = []
    for logged in entry.sets:
        for part in logged.parts:
            if part.side.covers(side):
                out.append(part)
    return out


def next_prescription(
    exercise: Exercise,
    side: Side,
    rule: Rule,
    history: Sequence[tuple[dt.date, Sequence[SidePart]]],
) -> Prescription:
    """The next session's prescription for one side from that side's history."""
    if not history:
        return Prescription(
            exercise.id, side, "start", None, rule.low, None, 0, "no sets logged yet"
        )
    parts = list(history[-1][1])
    if rule.kind in STEADY:
        loads_now = [p.load_kg for p in parts if p.load_kg is not None]
        return Prescription(
            exercise.id,
            side,
            "hold",
            max(loads_now) if loads_now else None,
            rule.low,
            None,
            0,
            "this item does not progress (warm-up, mobility, deload or re-test)",
        )
    misses = _misses_in_a_row(history, rule)
    amounts = [_amount(p, rule.unit) for p in parts]
    loads = [p.load_kg for p in parts if p.load_kg is not None]
    load = max(loads) if loads else None
    if misses >= MISSES_TO_STEP_BACK:
        return _step_back(exercise, side, rule, load, misses)
    if misses:
        return Prescription(
            exercise.id,
            side,
            "hold",
            load,
            rule.low,
            None,
            misses,
            f"a set fell short of {rule.low} {rule.unit.value}: same load, aim for the range",
        )
    at_top = all(a >= rule.high for a in amounts)
    effort_ok = all(
        rule.rir is None or p.effort_rir is None or p.effort_rir >= rule.rir for p in parts
    )
    if not (at_top and effort_ok):
        target = min(rule.high, max(int(min(amounts)) + 1, rule.low))
        why = (
            "not every set reached the top of the range"
            if not at_top
            else (f"the top was reached harder than {rule.rir} reps in reserve")
        )
        return Prescription(exercise.id, side, "hold", load, target, None, 0, f"{why}: same load")
    return _progress(exercise, side, rule, load)


def _amount(part: SidePart, unit: Unit) -> float:
    value = {Unit.REPS: part.reps, Unit.SECONDS: part.seconds, Unit.METRES: part.metres}[unit]
    return float(value or 0)


def _misses_in_a_row(history: Sequence[tuple[dt.date, Sequence[SidePart]]], rule: Rule) -> int:
    count = 0
    for _day, parts in reversed(history):
        if any(_amount(p, rule.unit) < rule.low for p in parts):
            count += 1
        else:
            break
    return count


def _progress(exercise: Exercise, side: Side, rule: Rule, load: float | None) -> Prescription:
    if load is not None and load > 0:
        step = load_step_kg(load)
        return Prescription(
            exercise.id,
            side,
            "add-load",
            round(load + step, 2),
            rule.low,
            None,
            0,
            f"every set reached {rule.high} {rule.unit.value} at the target effort: "
            f"+{step:g} kg, back to {rule.low}",
        )
    if exercise.progressions:
        nxt = exercise.progressions[0]
        return Prescription(
            exercise.id,
            side,
            "next-variation",
            None,
            rule.low,
            nxt,
            0,
            f"every set reached {rule.high} {rule.unit.value}: move on to {nxt}",
        )
    if rule.unit is Unit.SECONDS:
        target = math.ceil(rule.high * (1 + TIME_STEP_PCT / 100))
        return Prescription(
            exercise.id,
            side,
            "add-time",
            None,
            target,
            None,
            0,
            f"every hold reached {rule.high} s: hold {target} s",
        )
    return Prescription(
        exercise.id,
        side,
        "add-reps",
        None,
        rule.high + 1,
        None,
        0,
        f"every set reached {rule.high}: add a rep, or add load when you can",
    )


def _step_back(
    exercise: Exercise, side: Side, rule: Rule, load: float | None, misses: int
) -> Prescription:
    if load is not None and load > 0:
        step = load_step_kg(load, rule.step_pct)
        new = max(0.0, round(load - step, 2))
        return Prescription(
            exercise.id,
            side,
            "step-back",
            new,
            rule.low,
            None,
            misses,
            f"{misses} sessions in a row fell short of {rule.low}: -{step:g} kg",
        )
    easier = exercise.regressions[0] if exercise.regressions else None
    if easier is not None:
        return Prescription(
            exercise.id,
            side,
            "easier-variation",
            None,
            rule.low,
            easier,
            misses,
            f"{misses} sessions in a row fell short of {rule.low}: step back to {easier}",
        )
    return Prescription(
        exercise.id,
        side,
        "hold",
        None,
        rule.low,
        None,
        misses,
        f"{misses} sessions in a row fell short of {rule.low}; no easier variation: hold",
    )
