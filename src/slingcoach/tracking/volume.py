"""Planned against done: the per-side volume ledger and adherence over 7 and 30 days."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from slingcoach.exercises.model import Exercise
from slingcoach.tracking.model import SessionLog
from slingcoach.tracking.plan import PlanIndex
from slingcoach.tracking.strength import sides_of
from slingcoach.vocab import Category, Side

# Sets of these categories are "hard sets" that count as volume (our convention, as the
# program counts them: warm-up activation and mobility do not).
VOLUME_CATEGORIES = frozenset({Category.STRENGTH, Category.POWER, Category.CORE})


@dataclass(frozen=True)
class LedgerRow:
    """Hard sets planned and done for one muscle on one side in one program week."""

    week: int
    muscle: str
    side: Side
    planned_sets: int
    done_sets: int


@dataclass(frozen=True)
class Adherence:
    """Sessions and sets done against planned in the ``days`` up to and including today."""

    days: int
    planned_sessions: int
    done_sessions: int
    planned_sets: int
    done_sets: int

    @property
    def sessions_pct(self) -> float | None:
        """Sessions done as a percentage of planned (None when none were planned)."""
        return _pct(self.done_sessions, self.planned_sessions)

    @property
    def sets_pct(self) -> float | None:
        """Sets done as a percentage of planned (None when none were planned)."""
        return _pct(self.done_sets, self.planned_sets)


def _pct(done: int, planned: int) -> float | None:
    return None if planned == 0 else round(100 * done / planned, 1)


def week_of(plan: PlanIndex, day: dt.date) -> int:
    """The program week ``day`` falls in (weeks run from the first session's Monday)."""
    first = plan.sessions[0].date if plan.sessions else day
    monday = first - dt.timedelta(days=first.weekday())
    return (day - monday).days // 7 + 1


def volume_ledger(
    plan: PlanIndex, sessions: Sequence[SessionLog], exercises: Sequence[Exercise]
) -> list[LedgerRow]:
    """Per week, muscle and side: hard sets planned and done (primary muscles only).

    A one-sided set with a left and a right part counts one set on each side; a two-sided
    set counts one set on both sides.
    """
    by_id = {e.id: e for e in exercises}
    planned: Counter[tuple[int, str, Side]] = Counter()
    for item in plan.items.values():
        exercise = by_id.get(item.exercise_id or "")
        if exercise is None or not item.hard:
            continue
        for muscle in exercise.primary_muscles:
            for side in sides_of(item.side):
                planned[(item.week, muscle, side)] += item.sets
    done: Counter[tuple[int, str, Side]] = Counter()
    for log in sessions:
        for entry in log.entries:
            exercise = by_id.get(entry.exercise_id)
            if exercise is None or exercise.category not in VOLUME_CATEGORIES:
                continue
            planned_item = plan.items.get(entry.item_key or "")
            week = (
                planned_item.week if planned_item is not None else week_of(plan, log.performed_on)
            )
            for logged in entry.sets:
                sides = {s for part in logged.parts for s in sides_of(part.side)}
                for muscle in exercise.primary_muscles:
                    for side in sides:
                        done[(week, muscle, side)] += 1
    keys = sorted(set(planned) | set(done), key=lambda k: (k[0], k[1], k[2].value))
    return [LedgerRow(w, m, s, planned[(w, m, s)], done[(w, m, s)]) for w, m, s in keys]


def adherence(
    plan: PlanIndex, sessions: Sequence[SessionLog], *, today: dt.date, days: int
) -> Adherence:
    """Planned sessions and sets in the last ``days`` days, and how many were done.

    A planned session counts as done when any entry points at one of its items; a planned
    set counts as done for each side part logged against its item.
    """
    start = today - dt.timedelta(days=days - 1)
    window = [s for s in plan.sessions if start <= s.date <= today]
    keys = {k for s in window for k in s.keys}
    planned_sets = sum(plan.items[k].sets for k in keys if plan.items[k].exercise_id is not None)
    done_keys: set[str] = set()
    done_sets: Counter[str] = Counter()
    for log in sessions:
        for entry in log.entries:
            if entry.item_key not in keys:
                continue
            done_keys.add(entry.item_key)
            for logged in entry.sets:
                for part in logged.parts:
                    item = plan.planned_for(entry.item_key, part.side)
                    if item is not None:
                        done_keys.add(item.key)
                        done_sets[item.key] += 1
    done_sessions = sum(1 for s in window if done_keys & set(s.keys))
    capped = sum(min(n, plan.items[k].sets) for k, n in done_sets.items() if k in keys)
    return Adherence(days, len(window), done_sessions, planned_sets, capped)
