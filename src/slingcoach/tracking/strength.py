"""Estimated strength per side from the logs, and the left/right gap's trend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from slingcoach.tracking.model import SessionLog
from slingcoach.vocab import Side, Sides

MAX_REPS_TO_FAILURE = 12
"""Sets further than this from failure are not used: rep-based estimates lose accuracy
past about 10 repetitions (LeSuer et al. 1997 J Strength Cond Res 11:211-213)."""


def e1rm_epley(load_kg: float, reps: int, rir: float = 0.0) -> float:
    """Estimated one-repetition maximum: Epley (1985), 1RM = w (1 + r / 30).

    ``r`` is the repetitions to failure: the reps done plus the reps in reserve
    (RIR-based effort, Helms et al. 2016 Strength Cond J 38(4):42-49). One rep to failure
    is the load itself.

    >>> round(e1rm_epley(100, 10), 1)
    133.3
    >>> e1rm_epley(80, 1)
    80
    """
    to_failure = reps + rir
    if to_failure <= 1:
        return load_kg
    return load_kg * (1 + to_failure / 30)


@dataclass(frozen=True)
class StrengthPoint:
    """The best estimated 1RM of one side on one exercise in one session."""

    performed_on: dt.date
    exercise_id: str
    side: Side
    e1rm_kg: float


@dataclass(frozen=True)
class GapPoint:
    """Both sides' estimates on one day and the gap, as a percentage difference."""

    performed_on: dt.date
    left_kg: float
    right_kg: float
    gap_pct: float
    weaker: Side | None


@dataclass(frozen=True)
class GapTrend:
    """The left/right gap of one exercise over time, with its least-squares slope."""

    exercise_id: str
    points: tuple[GapPoint, ...]
    slope_pct_per_week: float | None


def strength_series(sessions: Sequence[SessionLog]) -> list[StrengthPoint]:
    """Each session's best e1RM per exercise and side (loaded one-sided sets only)."""
    best: dict[tuple[dt.date, str, Side], float] = {}
    for log in sessions:
        for entry in log.entries:
            for logged in entry.sets:
                for part in logged.parts:
                    side = part.side.side
                    if side is None or part.load_kg is None or not part.reps:
                        continue
                    rir = part.effort_rir or 0.0
                    if part.reps + rir > MAX_REPS_TO_FAILURE:
                        continue
                    value = e1rm_epley(part.load_kg, part.reps, rir)
                    key = (log.performed_on, entry.exercise_id, side)
                    best[key] = max(best.get(key, 0.0), value)
    return [
        StrengthPoint(day, exercise, side, value)
        for (day, exercise, side), value in sorted(best.items())
    ]


def percent_gap(left: float, right: float) -> float:
    """(max - min) / max x 100: the percentage difference of Bishop et al. 2018 SCJ 40(4)."""
    high = max(left, right)
    return 0.0 if high == 0 else (high - min(left, right)) / high * 100


def gap_trend(points: Sequence[StrengthPoint], exercise_id: str) -> GapTrend:
    """The gap on the days both sides of ``exercise_id`` were estimated, and its slope."""
    by_day: dict[dt.date, dict[Side, float]] = {}
    for p in points:
        if p.exercise_id == exercise_id:
            by_day.setdefault(p.performed_on, {})[p.side] = p.e1rm_kg
    gaps = []
    for day, sides in sorted(by_day.items()):
        if len(sides) == 2:
            left, right = sides[Side.LEFT], sides[Side.RIGHT]
            weaker = None if left == right else (Side.LEFT if left < right else Side.RIGHT)
            gaps.append(GapPoint(day, left, right, round(percent_gap(left, right), 2), weaker))
    return GapTrend(exercise_id, tuple(gaps), _slope_per_week(gaps))


def _slope_per_week(gaps: Sequence[GapPoint]) -> float | None:
    """Ordinary least-squares slope of the gap against time, in points per week."""
    if len(gaps) < 2:
        return None
    start = gaps[0].performed_on
    xs = [(g.performed_on - start).days / 7 for g in gaps]
    ys = [g.gap_pct for g in gaps]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    return round(sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx, 3)


def sides_of(sides: Sides) -> tuple[Side, ...]:
    """The body sides a part or item covers."""
    return (Side.LEFT, Side.RIGHT) if sides is Sides.BOTH else ((sides.side,) if sides.side else ())
