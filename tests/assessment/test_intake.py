"""The Intake model: strict numbers, plausible ranges, both sides, known ids."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from slingcoach.assessment.intake import FieldTests, Intake, Odi


def base(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "person": {
            "name": "Test Person",
            "age": 30,
            "body_mass_kg": 70.0,
            "dominant_hand": "right",
            "dominant_leg": "right",
        },
        "training": {"level": 2, "days_per_week": 3, "minutes_per_session": 45},
    }
    data.update(extra)
    return data


def test_minimal_intake_and_defaults() -> None:
    intake = Intake.model_validate(base())
    assert intake.tests.items() == []
    assert intake.signs.low_back_pain_now == 0
    assert intake.odi is None


def test_trials_and_sandbag_equipment() -> None:
    intake = Intake.model_validate(
        base(
            training={
                "level": 3,
                "days_per_week": 4,
                "minutes_per_session": 60,
                "equipment": ["sandbag", "kettlebell", "sandbag"],
            },
            tests={"single-leg-hop-distance": {"left": [120, 125.5], "right": 130}},
        )
    )
    assert [e.value for e in intake.training.equipment] == ["sandbag", "kettlebell"]
    [(test_id, _data)] = intake.tests.items()
    assert test_id == "single-leg-hop-distance"


@pytest.mark.parametrize(
    ("patch", "match"),
    [
        ({"person": {"age": 500}}, "less than or equal to 110"),
        ({"person": {"body_mass_kg": 0}}, "greater than or equal to 25"),
        ({"person": {"body_mass_kg": 700}}, "less than or equal to 300"),
        ({"person": {"age": "30"}}, "valid integer"),
        ({"tests": {"single-leg-glute-bridge-reps": {"left": 10000, "right": 5}}}, "300"),
        ({"tests": {"single-leg-glute-bridge-reps": {"left": -1, "right": 5}}}, "greater than"),
        ({"tests": {"single-leg-glute-bridge-reps": {"left": "12", "right": 5}}}, "integer"),
        ({"tests": {"single-leg-glute-bridge-reps": {"left": 12}}}, "right\n  Field required"),
        ({"tests": {"single-leg-glute-brige-reps": {"left": 1, "right": 1}}}, "Extra inputs"),
        ({"tests": {"timed-hop-6m": {"left": 0, "right": 2.0}}}, "greater than 0"),
        ({"red_flags": {"bladder-chnge": False}}, "Did you mean: bladder-change"),
        ({"red_flags": {"bladder-change": "no"}}, "true or false"),
        ({"signs": {"low_back_pain_now": 11}}, "less than or equal to 10"),
        ({"injuries": [{"area": "knee", "side": "left", "when": "May", "resolved": True}]}, "YYYY"),
    ],
)
def test_invalid_values_are_refused(patch: dict[str, Any], match: str) -> None:
    data = base()
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    with pytest.raises(ValidationError, match=match):
        Intake.model_validate(data)


def test_explicit_null_side_means_not_tested() -> None:
    intake = Intake.model_validate(
        base(tests={"single-leg-bridge-hold": {"left": 30, "right": None}})
    )
    assert intake.tests.single_leg_bridge_hold is not None
    assert intake.tests.single_leg_bridge_hold.right is None


def test_odi_list_or_mapping() -> None:
    as_list = Odi.model_validate([1, 2, 3, 4, 5, 0, 1, None, 2, 3])
    as_map = Odi.model_validate({"pain-intensity": 1, "sex-life": None, "travelling": 3})
    assert as_list.answers()[7] is None and as_list.answers()[4] == 5
    assert as_map.answers()[0] == 1 and as_map.answers()[9] == 3
    with pytest.raises(ValidationError, match="all 10 sections"):
        Odi.model_validate([1, 2, 3])


def test_injury_dates_and_recordings() -> None:
    import datetime as dt

    intake = Intake.model_validate(
        base(
            injuries=[
                {
                    "area": "hamstring",
                    "side": "right",
                    "when": dt.date(2024, 5, 2),
                    "resolved": False,
                },
                {"area": "lower-back", "side": "centre", "when": 2019, "resolved": True},
            ],
            recordings=[{"path": "emg/phe.csv", "kind": "emg", "task": "prone-hip-extension"}],
        )
    )
    assert [i.when for i in intake.injuries] == ["2024-05-02", "2019"]
    assert intake.recordings[0].kind == "emg"


def test_field_test_ids_are_slugs() -> None:
    for test_id in FieldTests.ids():
        assert test_id == test_id.lower() and "_" not in test_id
