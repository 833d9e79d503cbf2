"""Stored documents: dumped whole, loaded back equal, unknown versions refused clearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slingcoach.assessment import assess
from slingcoach.assessment.io import load_intake
from slingcoach.errors import InvalidInputError
from slingcoach.storage import documents

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_every_document_kind_round_trips_through_its_stored_json() -> None:
    from slingcoach.programming import Preferences, generate

    intake = load_intake(SAMPLES / "left-weak.yaml")
    assessment = assess(intake, assessed_on=dt.date(2026, 3, 1))
    program = generate(assessment, Preferences(start_date=dt.date(2026, 3, 2)), weeks=4, seed=1)
    assert documents.load_intake(documents.dump_document(intake)) == intake
    assert documents.load_assessment(documents.dump_document(assessment)) == assessment
    assert documents.load_program(documents.dump_document(program)) == program


def test_a_newer_version_is_refused_naming_the_versions() -> None:
    with pytest.raises(InvalidInputError, match=r"schema_version '9\.9' cannot be read"):
        documents.upgrade_document("program", {"schema_version": "9.9"})


def test_a_document_that_no_longer_validates_names_the_field() -> None:
    data = {"schema_version": documents.current_version("program"), "person": 3}
    with pytest.raises(InvalidInputError, match="does not validate after upgrading"):
        documents.load_program(data)


def test_registering_two_upgrades_from_one_version_is_a_bug() -> None:
    step = documents.upgrade_step("program", "test-only-a", "test-only-b")
    step(lambda data: data)
    try:
        with pytest.raises(RuntimeError, match="two upgrades"):
            documents.upgrade_step("program", "test-only-a", "test-only-c")(lambda d: d)
    finally:
        documents._STEPS.pop(("program", "test-only-a"))
