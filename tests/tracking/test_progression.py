"""Double progression per side: add load at the top, hold on a miss, step back on misses."""

from __future__ import annotations

import datetime as dt

from slingcoach.exercises import get_catalogue
from slingcoach.tracking.progression import Rule, load_step_kg, next_prescription, side_history
from slingcoach.vocab import Side, Unit
from tests.tracking.helpers import RDL as RDL_ID
from tests.tracking.helpers import RDL_KEY, START, rdl

RDL = get_catalogue().get(RDL_ID)
RULE = Rule(low=8, high=10, unit=Unit.REPS, rir=3)


def prescribe(sessions: list, side: Side):  # type: ignore[no-untyped-def]
    return next_prescription(RDL, side, RULE, side_history(sessions, RDL.id, side))


def test_each_side_progresses_on_its_own() -> None:
    log = rdl(START, RDL_KEY, (10, 12), (9, 14))
    right, left = prescribe([log], Side.RIGHT), prescribe([log], Side.LEFT)
    assert right.action == "add-load" and right.load_kg == 13 and right.target == 8
    assert left.action == "hold" and left.load_kg == 14 and left.target == 10


def test_a_miss_holds_and_repeated_misses_step_back() -> None:
    day = START
    one = [rdl(day, RDL_KEY, (7, 16), (10, 14))]
    assert prescribe(one, Side.RIGHT).action == "hold"
    two = [*one, rdl(day + dt.timedelta(days=2), RDL_KEY, (6, 16), (10, 14))]
    back = prescribe(two, Side.RIGHT)
    assert back.action == "step-back" and back.load_kg == 15 and back.misses == 2


def test_the_top_reached_too_hard_holds() -> None:
    log = rdl(START, RDL_KEY, (10, 12), (10, 12))
    hard = log.model_copy(
        update={
            "entries": tuple(
                e.model_copy(
                    update={
                        "sets": tuple(
                            s.model_copy(
                                update={
                                    "parts": tuple(
                                        p.model_copy(update={"rir": 1.0}) for p in s.parts
                                    )
                                }
                            )
                            for s in e.sets
                        )
                    }
                )
                for e in log.entries
            )
        }
    )
    assert prescribe([hard], Side.LEFT).action == "hold"


def test_body_weight_work_moves_to_the_next_variation() -> None:
    bridge = get_catalogue().get("single-leg-glute-bridge")
    from slingcoach.tracking.model import SessionLog
    from tests.tracking.helpers import one_sided

    entry = one_sided(bridge.id, None, [({"reps": 12}, {"reps": 12})] * 2)
    log = SessionLog(performed_on=START, entries=(entry,))
    rule = Rule(bridge.dose.low, bridge.dose.high, Unit.REPS, None)
    p = next_prescription(bridge, Side.LEFT, rule, side_history([log], bridge.id, Side.LEFT))
    assert p.action == "next-variation" and p.next_exercise_id == bridge.progressions[0]


def test_load_step() -> None:
    assert [load_step_kg(x) for x in (8, 40, 100, 130)] == [1.0, 1.0, 2.5, 3.5]
