"""The log models refuse impossible values with the field's name."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from slingcoach.tracking.model import LogEntry, LoggedSet, SidePart
from slingcoach.vocab import Sides


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reps": -1}, "reps"),
        ({"reps": 5, "pain": 11}, "pain"),
        ({"reps": 5, "rir": 11}, "rir"),
        ({"reps": 5, "rpe": 0}, "rpe"),
        ({"reps": 5, "load_kg": -2.5}, "load_kg"),
        ({"reps": 5, "load_kg": 1200}, "load_kg"),
    ],
)
def test_out_of_range_values_name_the_field(values: dict[str, float], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        SidePart(side=Sides.LEFT, **values)
    assert info.value.errors()[0]["loc"] == (field,)


def test_a_part_needs_an_amount_and_one_effort_scale() -> None:
    with pytest.raises(ValidationError, match="give reps, seconds or metres"):
        SidePart(side=Sides.LEFT, load_kg=10)
    with pytest.raises(ValidationError, match="RIR or RPE, not both"):
        SidePart(side=Sides.LEFT, reps=5, rir=2, rpe=8)
    assert SidePart(side=Sides.LEFT, reps=5, rpe=8).effort_rir == 2


def test_sets_have_distinct_sides_and_are_numbered() -> None:
    left = SidePart(side=Sides.LEFT, reps=5)
    with pytest.raises(ValidationError, match="two parts on the left side"):
        LoggedSet(number=1, parts=(left, left))
    with pytest.raises(ValidationError, match="numbered 1, 2, 3"):
        LogEntry(exercise_id="x", sets=(LoggedSet(number=2, parts=(left,)),))
    with pytest.raises(ValidationError, match="not an item key"):
        LogEntry(item_key="week1", exercise_id="x", sets=(LoggedSet(number=1, parts=(left,)),))
    with pytest.raises(ValidationError, match="a swap replaces a planned item"):
        LogEntry(exercise_id="x", swapped_from="y", sets=(LoggedSet(number=1, parts=(left,)),))
