"""An assessment's identity and provenance: id, date, thresholds, versions, schema version."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from slingcoach import __version__
from slingcoach.assessment import Assessment, Intake, Thresholds, assess
from slingcoach.assessment.intake import Recording
from slingcoach.assessment.sensors import SensorEvidence, error_recording
from slingcoach.errors import InvalidInputError
from slingcoach.exercises import catalogue_hash

from .helpers import ASSESSED_ON, make_intake

TESTS = {"single-leg-glute-bridge-reps": {"left": 25, "right": 20}}


def test_assessment_records_what_it_was_made_with() -> None:
    a = assess(make_intake(TESTS), assessed_on=ASSESSED_ON, thresholds=Thresholds(8.0, 12.0))
    assert a.schema_version == "3.0"
    assert a.assessed_on == ASSESSED_ON
    assert a.thresholds == Thresholds(8.0, 12.0)
    assert a.software_version == __version__
    assert a.catalogue_hash == catalogue_hash()
    assert len(a.id) == 16 and set(a.id) <= set("0123456789abcdef")


def test_id_is_deterministic_and_follows_every_input() -> None:
    intake = make_intake(TESTS)
    base = assess(intake, assessed_on=ASSESSED_ON).id
    assert assess(make_intake(TESTS), assessed_on=ASSESSED_ON).id == base
    rec = error_recording(Recording(path="x.csv", kind="emg", task="t"), "unreadable")
    others = {
        "another day": assess(intake, assessed_on=ASSESSED_ON + dt.timedelta(days=1)).id,
        "other thresholds": assess(
            intake, assessed_on=ASSESSED_ON, thresholds=Thresholds(5.0, 20.0)
        ).id,
        "a recording": assess(
            intake,
            assessed_on=ASSESSED_ON,
            sensor_evidence=SensorEvidence(recordings=[rec]),
        ).id,
        "another result": assess(
            make_intake({"single-leg-glute-bridge-reps": {"left": 25, "right": 21}}),
            assessed_on=ASSESSED_ON,
        ).id,
    }
    assert base not in others.values()
    assert len(set(others.values())) == len(others)


def test_caller_given_id_is_used_and_checked() -> None:
    a = assess(make_intake(TESTS), assessed_on=ASSESSED_ON, assessment_id="client-7_v2")
    assert a.id == "client-7_v2"
    with pytest.raises(InvalidInputError, match=r"assessment_id: '\.\./x' cannot be an"):
        assess(make_intake(TESTS), assessed_on=ASSESSED_ON, assessment_id="../x")


def test_assessment_json_round_trips() -> None:
    a = assess(make_intake(TESTS), assessed_on=ASSESSED_ON)
    text = a.model_dump_json()
    again = Assessment.model_validate_json(text)
    assert again == a and again.model_dump_json() == text


def test_assessment_of_another_layout_version_is_refused() -> None:
    data = assess(make_intake(TESTS), assessed_on=ASSESSED_ON).model_dump(mode="json")
    with pytest.raises(ValidationError, match="schema_version"):
        Assessment.model_validate({**data, "schema_version": "9.9"})


def test_intake_schema_version_defaults_and_refuses_another() -> None:
    intake = make_intake(TESTS)
    assert intake.schema_version == "1.0"
    data = intake.model_dump(mode="json")
    assert Intake.model_validate({**data, "schema_version": "1.0"}) == intake
    with pytest.raises(ValidationError, match="schema_version"):
        Intake.model_validate({**data, "schema_version": "2.0"})


def test_intake_dump_uses_the_file_names_of_tests_and_odi_sections() -> None:
    intake = make_intake(TESTS, odi={"pain-intensity": 2})
    data = intake.model_dump(mode="json")
    assert "single-leg-glute-bridge-reps" in data["tests"]
    assert data["odi"]["pain-intensity"] == 2
    text = intake.model_dump_json()
    assert Intake.model_validate_json(text).model_dump_json() == text
