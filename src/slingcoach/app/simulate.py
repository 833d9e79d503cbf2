"""Simulated training logs (seeded): the demo's weeks of logs and the benchmark's year.

A simulated client attends most planned sessions and logs every exercise item: each side
follows double progression on its own (reps climb two a session to the top of the range,
then the load goes up by the item's step), the weaker side starting lighter and catching
up; timed and distance work sit in the range; pain stays low. Deload and re-test weeks keep
the loads and hold the reps (the program's "same loads, fewer sets"; Bosquet et al. 2007).
An exercise that comes twice in a session (a warm-up, then the main sets) is logged twice,
each time with its own sets and its own progression. Deterministic for a seed.
This is made-up data for demonstrations and benchmarks, never presented as a client's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from slingcoach.programming import Program
from slingcoach.programming.model import ProgressionRule
from slingcoach.tracking.model import LogEntry, LoggedSet, SessionLog, SidePart
from slingcoach.tracking.plan import PlannedItem, plan_index
from slingcoach.tracking.progression import load_step_kg
from slingcoach.vocab import Sides, Unit

START_LOAD_KG = 12.0
WEAK_START_FACTOR = 0.85


@dataclass
class _SideState:
    load_kg: float
    reps: int


@dataclass
class SimulatedClient:
    """How a simulated client trains: attendance, the weaker side, and a random seed."""

    seed: int
    attendance: float = 0.85
    weaker: Sides = Sides.RIGHT
    pain_base: int = 1
    _state: dict[tuple[str, Sides, int], _SideState] = field(default_factory=dict)
    _loaded: frozenset[str] = frozenset()

    def sessions(self, program: Program, *, through: dt.date) -> list[SessionLog]:
        """The logs of ``program``'s sessions up to and including ``through``."""
        rng = random.Random(self.seed)
        plan = plan_index(program)
        # an exercise is loaded when any week progresses its load: deload weeks (no step)
        # still carry the load
        self._loaded = frozenset(
            i.exercise_id
            for i in plan.items.values()
            if i.exercise_id is not None and i.load_step_pct is not None
        )
        out = []
        for planned in plan.sessions:
            if planned.date > through or rng.random() > self.attendance:
                continue
            items = [plan.items[k] for k in planned.keys]
            entries = self._entries(items, rng)
            if entries:
                out.append(
                    SessionLog(
                        performed_on=planned.date,
                        entries=tuple(entries),
                        session_rpe=rng.randint(5, 8),
                    )
                )
        return out

    def _entries(self, items: Sequence[PlannedItem], rng: random.Random) -> list[LogEntry]:
        entries = []
        seen: dict[str, int] = {}
        for pair in _pairs(items):
            exercise_id = pair[0].exercise_id or ""
            occurrence = seen[exercise_id] = seen.get(exercise_id, -1) + 1
            count = max(i.sets for i in pair)
            sets = []
            for number in range(1, count + 1):
                parts = tuple(self._part(i, occurrence, rng) for i in pair if number <= i.sets)
                sets.append(LoggedSet(number=number, parts=parts))
            for item in pair:
                self._advance(item, occurrence)
            entries.append(
                LogEntry(item_key=pair[0].key, exercise_id=exercise_id, sets=tuple(sets))
            )
        return entries

    def _side(self, item: PlannedItem, occurrence: int) -> _SideState:
        key = (item.exercise_id or "", item.side, occurrence)
        if key not in self._state:
            # each exercise its own starting load (seeded), the weaker side lighter
            own = random.Random(f"{self.seed}-{item.exercise_id}").uniform(0.6, 1.8)
            factor = own * (WEAK_START_FACTOR if item.side is self.weaker else 1.0)
            self._state[key] = _SideState(round(START_LOAD_KG * factor * 2) / 2, item.low)
        return self._state[key]

    def _part(self, item: PlannedItem, occurrence: int, rng: random.Random) -> SidePart:
        state = self._side(item, occurrence)
        pain = max(0, min(10, self.pain_base + rng.choice((-1, 0, 0, 1))))
        rir = item.rir
        loaded = item.exercise_id in self._loaded
        if item.unit is Unit.REPS:
            planned = max(item.low, min(item.high, state.reps))
            reps = max(item.low - 1, min(item.high, planned + rng.choice((-1, 0, 0, 0))))
            return SidePart(
                side=item.side,
                reps=reps,
                load_kg=state.load_kg if loaded else None,
                rir=rir,
                pain=pain,
            )
        amount = float(rng.randint(item.low, item.high))
        if item.unit is Unit.SECONDS:
            return SidePart(side=item.side, seconds=amount, rir=rir, pain=pain)
        return SidePart(
            side=item.side, metres=amount, load_kg=state.load_kg if loaded else None, pain=pain
        )

    def _advance(self, item: PlannedItem, occurrence: int) -> None:
        state = self._side(item, occurrence)
        if item.rule in (ProgressionRule.HOLD_STEADY, ProgressionRule.NONE):
            return  # deload and re-test weeks, warm-ups: the same load, no progression
        if state.reps >= item.high:
            if item.load_step_pct is not None:
                # the weaker side takes the larger step: it catches up
                step = item.load_step_pct * (2 if item.side is self.weaker else 1)
                state.load_kg = round(state.load_kg + load_step_kg(state.load_kg, step), 2)
            state.reps = item.low
        else:
            # two reps a session: the simulated client gets stronger at the planned effort
            state.reps = min(item.high, state.reps + 2)


def _pairs(items: Sequence[PlannedItem]) -> list[list[PlannedItem]]:
    """The session's exercise items as log entries: a one-sided item with its partner, the
    nearest item of the same exercise on the other side not yet taken (the pairing of
    :meth:`slingcoach.tracking.plan.PlanIndex.planned_for`), so an exercise that comes twice
    gives two entries, not one merged; field tests (no exercise) are left out."""
    taken: set[int] = set()
    groups = []
    for n, item in enumerate(items):
        if n in taken or item.exercise_id is None:
            continue
        taken.add(n)
        group = [item]
        if item.side is not Sides.BOTH:
            partners = [
                m
                for m, other in enumerate(items)
                if m not in taken
                and other.exercise_id == item.exercise_id
                and other.side not in (Sides.BOTH, item.side)
            ]
            if partners:
                nearest = min(partners, key=lambda m: abs(m - n))
                taken.add(nearest)
                group.append(items[nearest])
        groups.append(group)
    return groups


def monday_weeks_before(day: dt.date, weeks: int) -> dt.date:
    """The Monday ``weeks`` weeks before the week of ``day``."""
    return day - dt.timedelta(days=day.weekday()) - dt.timedelta(weeks=weeks)
