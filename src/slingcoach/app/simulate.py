"""Simulated training logs (seeded): the demo's weeks of logs and the benchmark's year.

A simulated client attends most planned sessions and logs every exercise item: each side
follows double progression on its own (reps climb two a session to the top of the range,
then the load goes up by the item's step), the weaker side starting lighter and catching
up; timed and distance work sit in the range; pain stays low. Deterministic for a seed.
This is made-up data for demonstrations and benchmarks, never presented as a client's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from slingcoach.programming import Program
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
    _state: dict[tuple[str, Sides], _SideState] = field(default_factory=dict)

    def sessions(self, program: Program, *, through: dt.date) -> list[SessionLog]:
        """The logs of ``program``'s sessions up to and including ``through``."""
        rng = random.Random(self.seed)
        plan = plan_index(program)
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
        groups: dict[str, list[PlannedItem]] = {}
        for item in items:
            if item.exercise_id is not None:
                groups.setdefault(item.exercise_id, []).append(item)
        entries = []
        for exercise_id, pair in groups.items():
            count = max(i.sets for i in pair)
            sets = []
            for number in range(1, count + 1):
                parts = tuple(self._part(i, rng) for i in pair if number <= i.sets)
                sets.append(LoggedSet(number=number, parts=parts))
            for item in pair:
                self._advance(item)
            entries.append(
                LogEntry(item_key=pair[0].key, exercise_id=exercise_id, sets=tuple(sets))
            )
        return entries

    def _side(self, item: PlannedItem) -> _SideState:
        key = (item.exercise_id or "", item.side)
        if key not in self._state:
            # each exercise its own starting load (seeded), the weaker side lighter
            own = random.Random(f"{self.seed}-{item.exercise_id}").uniform(0.6, 1.8)
            factor = own * (WEAK_START_FACTOR if item.side is self.weaker else 1.0)
            self._state[key] = _SideState(round(START_LOAD_KG * factor * 2) / 2, item.low)
        return self._state[key]

    def _part(self, item: PlannedItem, rng: random.Random) -> SidePart:
        state = self._side(item)
        pain = max(0, min(10, self.pain_base + rng.choice((-1, 0, 0, 1))))
        rir = item.rir
        loaded = item.load_step_pct is not None
        if item.unit is Unit.REPS:
            reps = max(item.low - 1, min(item.high, state.reps + rng.choice((-1, 0, 0, 0))))
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

    def _advance(self, item: PlannedItem) -> None:
        state = self._side(item)
        if state.reps >= item.high:
            if item.load_step_pct is not None:
                # the weaker side takes the larger step: it catches up
                step = item.load_step_pct * (2 if item.side is self.weaker else 1)
                state.load_kg = round(state.load_kg + load_step_kg(state.load_kg, step), 2)
            state.reps = item.low
        else:
            # two reps a session: the simulated client gets stronger at the planned effort
            state.reps = min(item.high, state.reps + 2)


def monday_weeks_before(day: dt.date, weeks: int) -> dt.date:
    """The Monday ``weeks`` weeks before the week of ``day``."""
    return day - dt.timedelta(days=day.weekday()) - dt.timedelta(weeks=weeks)
