"""The Exercise and Dose models: field validation at the level of one record."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from slingcoach.exercises.model import Dose, Exercise
from slingcoach.vocab import Laterality


def _record(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "test-bridge",
        "name": "Test bridge",
        "pattern": "thrust-bridge",
        "category": "activation",
        "laterality": "bilateral",
        "primary_muscles": ["gluteus-maximus"],
        "level": 1,
        "unit": "reps",
        "dose": [3, 10, 15],
        "seconds_per_rep": 3,
        "rest_s": 30,
        "spinal_load": "none",
        "impact": False,
        "cues": ["Push the hips up."],
        "description": "A bridge used in tests.",
    }
    base.update(overrides)
    return base


def test_dose_accepts_a_list_or_a_mapping() -> None:
    assert Dose.model_validate([3, 8, 12]) == Dose(sets=3, low=8, high=12)
    assert Dose.model_validate({"sets": 2, "low": 5, "high": 5}).high == 5


@pytest.mark.parametrize(
    ("value", "message"),
    [([3, 12, 8], "low \\(12\\) is above high \\(8\\)"), ([3, 8], "\\[sets, low, high\\]")],
)
def test_dose_rejects_bad_values(value: list[int], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Dose.model_validate(value)


def test_exercise_defaults_and_one_sided() -> None:
    ex = Exercise.model_validate(_record())
    assert ex.licence == "CC-BY-4.0"
    assert ex.author == "slingcoach contributors"
    assert ex.equipment == ()
    assert not ex.one_sided
    assert Exercise.model_validate(_record(laterality="contralateral-loaded")).one_sided
    assert ex.model_copy(update={"laterality": Laterality.UNILATERAL}).one_sided


def test_exercise_is_frozen() -> None:
    ex = Exercise.model_validate(_record())
    with pytest.raises(ValidationError, match="frozen"):
        ex.level = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id": "Test Bridge"}, "not a lowercase hyphenated slug"),
        ({"focus": ["glute-wakeup"]}, "unknown focus tag 'glute-wakeup'"),
        ({"contraindications": ["bad-back"]}, "unknown contraindication tag 'bad-back'"),
        ({"equipment": ["kettlebell", "kettlebell"]}, "equipment repeats"),
        ({"equipment": ["rowing-machine"]}, "Input should be"),
        ({"secondary_muscles": ["gluteus-maximus"]}, "both primary and secondary"),
        ({"progressions": ["test-bridge"]}, "regress or progress to itself"),
        ({"level": 4}, "less than or equal to 3"),
        ({"cues": []}, "at least 1 item"),
        ({"primary_muscles": ["Gluteus Maximus"]}, "muscle id 'Gluteus Maximus'"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
)
def test_exercise_rejects_invalid_fields(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Exercise.model_validate(_record(**overrides))
