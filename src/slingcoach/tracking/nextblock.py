"""The next block's inputs from what happened: swaps, skips, pain and the loads reached.

The next program is generated from the latest assessment with these inputs, not from
scratch: a substitute the client chose becomes a favourite and the exercise it replaced is
avoided; an exercise skipped most of the time, or that hurt, is avoided; every exercise
kept starts from the load its last session earned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from slingcoach.tracking.model import SessionLog
from slingcoach.tracking.plan import PlanIndex

SKIPPED_SHARE = 0.5
"""An exercise left out of more than half of the attended sessions that planned it is
"skipped" (our convention)."""
MIN_PLANNED_TO_JUDGE = 2
PAIN_TO_AVOID = 6
"""Pain above 5/10 (the limit of the pain-monitoring model, Silbernagel et al. 2007 Am J
Sports Med 35:897-906) in either of an exercise's last two sessions: left out next block."""


@dataclass(frozen=True)
class BlockInputs:
    """What the next block keeps, avoids and favours, and why."""

    start_date: dt.date
    avoid: tuple[str, ...]
    favourites: tuple[str, ...]
    reasons: tuple[str, ...]


def next_monday(day: dt.date) -> dt.date:
    """The first Monday after ``day``."""
    return day + dt.timedelta(days=7 - day.weekday())


def block_inputs(plan: PlanIndex, sessions: Sequence[SessionLog], *, today: dt.date) -> BlockInputs:
    """Avoid, favourites and start date of the next block, each with its reason."""
    avoid: dict[str, str] = {}
    favourites: dict[str, str] = {}
    for log in sessions:
        for entry in log.entries:
            if entry.swapped_from is not None:
                favourites[entry.exercise_id] = (
                    f"{entry.exercise_id} was done in place of {entry.swapped_from}: kept"
                )
                avoid[entry.swapped_from] = (
                    f"{entry.swapped_from} was swapped for {entry.exercise_id}: left out"
                )
    for exercise_id, (done, planned) in sorted(_skips(plan, sessions, today).items()):
        if planned >= MIN_PLANNED_TO_JUDGE and done < SKIPPED_SHARE * planned:
            avoid.setdefault(
                exercise_id, f"{exercise_id} was done in {done} of {planned} sessions: left out"
            )
    for exercise_id, pain in sorted(_recent_pain(sessions).items()):
        if pain >= PAIN_TO_AVOID:
            avoid[exercise_id] = f"{exercise_id} hurt ({pain}/10): left out"
            favourites.pop(exercise_id, None)
    last_planned = max((s.date for s in plan.sessions), default=today)
    start = next_monday(max(today, last_planned))
    reasons = tuple(favourites.values()) + tuple(avoid.values())
    return BlockInputs(start, tuple(sorted(avoid)), tuple(sorted(favourites)), reasons)


def _skips(
    plan: PlanIndex, sessions: Sequence[SessionLog], today: dt.date
) -> dict[str, tuple[int, int]]:
    """Per planned exercise: (sessions it was logged in, attended sessions it was planned in).

    Only sessions the client attended (logged any item of) count: a missed session is an
    adherence matter, not a choice against one exercise.
    """
    planned: Counter[str] = Counter()
    done: Counter[str] = Counter()
    logged = {e.item_key for log in sessions for e in log.entries if e.item_key}
    for session in plan.sessions:
        if session.date > today or not logged & set(session.keys):
            continue
        exercises = {
            plan.items[k].exercise_id: k for k in session.keys if plan.items[k].exercise_id
        }
        for exercise_id in exercises:
            assert exercise_id is not None
            planned[exercise_id] += 1
            keys = {k for k in session.keys if plan.items[k].exercise_id == exercise_id}
            if keys & logged:
                done[exercise_id] += 1
    return {e: (done[e], planned[e]) for e in planned}


def _recent_pain(sessions: Sequence[SessionLog]) -> dict[str, int]:
    """Per exercise, the highest pain in its last two sessions."""
    history: dict[str, list[int]] = {}
    for log in sorted(sessions, key=lambda s: s.performed_on):
        for entry in log.entries:
            if entry.max_pain is not None:
                history.setdefault(entry.exercise_id, []).append(entry.max_pain)
    return {e: max(p[-2:]) for e, p in history.items()}
