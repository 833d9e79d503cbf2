"""The simulated logs of the demo and the benchmarks (``app/simulate.py``): an exercise that
comes twice in a session is logged twice, and deload weeks carry the loads."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache
from pathlib import Path

from slingcoach.app.simulate import SimulatedClient
from slingcoach.programming import Program
from slingcoach.programming.model import WeekKind
from slingcoach.tracking.model import SessionLog
from slingcoach.vocab import Sides

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "right-weak.yaml"
START = dt.date(2026, 11, 9)


@cache
def program() -> Program:
    from slingcoach.app.assessments import assess_intake
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.programs import PlanRequest, make_program

    assessment = assess_intake(load_intake(SAMPLE), assessed_on=START - dt.timedelta(days=3))
    made, _ = make_program(assessment, PlanRequest(weeks=8, seed=1, start_date=START), today=START)
    return made


def logs(plan: Program) -> list[SessionLog]:
    client = SimulatedClient(seed=3, attendance=1.0, weaker=Sides.RIGHT)
    return client.sessions(plan, through=plan.weeks[-1].sessions[-1].date)


def with_a_second_round(plan: Program) -> tuple[Program, str]:
    """Every build-week session that has a loaded one-sided exercise does it twice: its
    left and right items again at the end (a second round), under new keys."""
    weeks = []
    repeated = ""
    for week in plan.weeks:
        sessions = []
        for session in week.sessions:
            pair = [
                i for i in session.items if i.progression.load_step_pct and i.side is not Sides.BOTH
            ][:2]
            if week.kind is WeekKind.BUILD and len(pair) == 2:
                repeated = repeated or str(pair[0].exercise_id)
                n = len(session.items)
                again = tuple(
                    i.model_copy(
                        update={
                            "order": n + k,
                            "key": f"w{week.number:02d}-s{session.number}-i{n + k:02d}",
                            "sets": 1,
                        }
                    )
                    for k, i in enumerate(pair, start=1)
                )
                session = session.model_copy(update={"items": session.items + again})
            sessions.append(session)
        weeks.append(week.model_copy(update={"sessions": tuple(sessions)}))
    return plan.model_copy(update={"weeks": tuple(weeks)}), repeated


def test_an_exercise_done_twice_in_a_session_is_logged_twice() -> None:
    plan, repeated = with_a_second_round(program())
    assert repeated
    sessions = [s for s in logs(plan) if any(e.exercise_id == repeated for e in s.entries)]
    twice = [s for s in sessions if sum(e.exercise_id == repeated for e in s.entries) == 2]
    assert len(twice) >= 4, "the build weeks' sessions with the second round"
    for session in twice:
        first, second = [e for e in session.entries if e.exercise_id == repeated]
        assert first.item_key != second.item_key
        assert len(second.sets) == 1 and len(first.sets) >= 2  # each its own sets
        # both sides in each round (the weaker right side may have a set more)
        for logged in (first.sets[0], second.sets[0]):
            assert sorted(p.side for p in logged.parts) == [Sides.LEFT, Sides.RIGHT]


def test_deload_weeks_log_the_loads_and_hold_them() -> None:
    plan = program()
    kinds = {w.number: w.kind for w in plan.weeks}
    assert kinds[4] is WeekKind.DELOAD
    loads: dict[int, dict[tuple[str, Sides], list[float | None]]] = defaultdict(
        lambda: defaultdict(list)
    )
    week_of = {s.date: w.number for w in plan.weeks for s in w.sessions}
    loaded = {
        str(i.exercise_id)
        for w in plan.weeks
        for s in w.sessions
        for i in s.items
        if i.progression.load_step_pct
    }
    for session in logs(plan):
        for entry in session.entries:
            if entry.exercise_id in loaded:
                for logged in entry.sets:
                    for part in logged.parts:
                        loads[week_of[session.performed_on]][(entry.exercise_id, part.side)].append(
                            part.load_kg
                        )
    deload = loads[4]
    assert len(deload) >= 4
    assert all(v is not None for values in deload.values() for v in values)
    # the same loads all week (no progression), and the week after starts where it left off
    for key, values in deload.items():
        assert len(set(values)) == 1, key
    carried = [k for k in deload if k in loads[5]]
    assert len(carried) >= 4
    assert all(deload[k][0] == loads[5][k][0] for k in carried)
    # and the build weeks before it did progress
    assert any(loads[1][k][0] < deload[k][0] for k in deload if k in loads[1])
