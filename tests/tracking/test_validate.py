"""Impossible logs are refused with where and what, before anything is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from slingcoach.errors import InvalidInputError, UnknownExerciseError
from slingcoach.exercises import get_catalogue
from slingcoach.tracking.model import LogEntry, LoggedSet, SessionLog
from slingcoach.tracking.plan import plan_index
from slingcoach.tracking.validate import check_session, load_limit_kg
from tests.tracking.helpers import (
    CARRY,
    CARRY_KEY,
    RDL,
    RDL_KEY,
    START,
    one_sided,
    parts,
    rdl,
    sample_program,
)


def check(log: SessionLog, body_mass_kg: float | None = 78.5) -> None:
    check_session(
        log,
        plan=plan_index(sample_program()),
        exercises=get_catalogue().all(),
        body_mass_kg=body_mass_kg,
        today=START + dt.timedelta(days=2),
    )


def test_a_possible_session_passes() -> None:
    check(rdl(START, RDL_KEY, (10, 12), (10, 14)))


def test_900_kg_on_a_single_leg_bridge_for_a_60_kg_person() -> None:
    bridge = get_catalogue().get("single-leg-glute-bridge")
    assert load_limit_kg(bridge, 60) == 180
    entry = one_sided(bridge.id, None, [({"reps": 10, "load_kg": 500}, {"reps": 10})])
    with pytest.raises(InvalidInputError, match=r"500 kg is not possible.*60 kg person"):
        check(SessionLog(performed_on=START, entries=(entry,)), body_mass_kg=60)


def test_future_dates_unknown_items_and_exercises() -> None:
    with pytest.raises(InvalidInputError, match="is in the future"):
        check(rdl(START + dt.timedelta(days=3), RDL_KEY, (10, 12), (10, 12)))
    with pytest.raises(InvalidInputError, match="the program has no item w09-s1-i01"):
        check(rdl(START, "w09-s1-i01", (10, 12), (10, 12)))
    entry = one_sided("single-leg-rdl-contralateral-dumbel", None, [({"reps": 1}, {"reps": 1})])
    with pytest.raises(UnknownExerciseError, match="Did you mean"):
        check(SessionLog(performed_on=START, entries=(entry,)))


def test_the_wrong_exercise_for_an_item_asks_for_a_swap() -> None:
    entry = one_sided("kickstand-rdl", RDL_KEY, [({"reps": 8}, {"reps": 8})])
    with pytest.raises(InvalidInputError, match="log a substitute with swapped_from"):
        check(SessionLog(performed_on=START, entries=(entry,)))
    swapped = one_sided("kickstand-rdl", RDL_KEY, [({"reps": 8}, {"reps": 8})], swapped_from=RDL)
    check(SessionLog(performed_on=START, entries=(swapped,)))


def test_units_and_sides_must_fit_the_exercise() -> None:
    carry = LogEntry(
        item_key=CARRY_KEY,
        exercise_id=CARRY,
        sets=(LoggedSet(number=1, parts=parts(both={"reps": 20})),),
    )
    with pytest.raises(InvalidInputError, match="counted in metres: give metres"):
        check(SessionLog(performed_on=START, entries=(carry,)))
    two_sided = LogEntry(
        item_key=RDL_KEY,
        exercise_id=RDL,
        sets=(LoggedSet(number=1, parts=parts(both={"reps": 8})),),
    )
    with pytest.raises(InvalidInputError, match="log a left and a right part"):
        check(SessionLog(performed_on=START, entries=(two_sided,)))
