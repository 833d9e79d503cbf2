"""Stored documents: dumped whole, loaded back equal, unknown versions refused clearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slingcoach.assessment import assess
from slingcoach.assessment.io import load_intake
from slingcoach.errors import InvalidInputError
from slingcoach.storage import documents
from slingcoach.vocab import Side

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


def test_a_stored_1_0_program_upgrades_to_today_with_keys_and_progressions() -> None:
    from slingcoach.programming import Preferences, ProgressionRule, generate

    assessment = assess(load_intake(SAMPLES / "right-weak.yaml"), assessed_on=dt.date(2026, 3, 1))
    program = generate(assessment, Preferences(start_date=dt.date(2026, 3, 2)), weeks=4, seed=1)
    old = documents.dump_document(program)
    # a 1.0 program: no provenance, warnings, keys, progressions, set-ups or test doses
    old["schema_version"] = "1.0"
    for name in ("assessment_id", "catalogue_hash", "warnings"):
        del old[name]
    for week in old["weeks"]:
        del week["lab_tests"]
        for session in week["sessions"]:
            for item in session["items"]:
                for name in ("key", "progression", "setup", "finding_id", "retest"):
                    del item[name]
    upgraded = documents.load_program(old)
    assert upgraded.schema_version == "2.0"
    keys = [i.key for w in upgraded.weeks for s in w.sessions for i in s.items]
    assert keys == [i.key for w in program.weeks for s in w.sessions for i in s.items]
    rules = {i.progression.rule for w in upgraded.weeks for s in w.sessions for i in s.items}
    assert ProgressionRule.DOUBLE in rules and ProgressionRule.HOLD_STEADY in rules


def test_a_stored_1_0_assessment_upgrades_to_typed_sensor_metrics() -> None:
    from slingcoach.app.assessments import assess_file

    today = assess_file(SAMPLES / "right-weak.yaml", assessed_on=dt.date(2026, 3, 1))
    old = documents.dump_document(today)
    # a 1.0 assessment: every recording's metrics in one flat mapping
    old["schema_version"] = "1.0"
    for recording in old["sensors"]:
        typed = recording["metrics"]
        flat = {k: v for k, v in typed.items() if k not in ("kind", "left", "right")}
        for side in ("left", "right"):
            flat.update({f"{side}_{k}": v for k, v in (typed.get(side) or {}).items()})
        if recording["kind"] == "forceplate":
            shares = flat.pop("left_share_pct")
            flat.update({f"{phase}_left_share_pct": v for phase, v in shares.items()})
        recording["metrics"] = flat
    for finding in old["findings"]:  # and, up to 2.0, "side muscle" strings
        for key in ("muscles", "partners"):
            finding[key] = [f"{m['side']} {m['muscle']}" for m in finding[key]]
    assert "right_glute_late" in old["sensors"][0]["metrics"]
    assert documents.load_assessment(old) == today


def test_a_stored_2_0_assessment_upgrades_to_sided_muscles() -> None:
    from slingcoach.app.assessments import assess_file

    today = assess_file(SAMPLES / "right-weak.yaml", assessed_on=dt.date(2026, 3, 1))
    old = documents.dump_document(today)
    old["schema_version"] = "2.0"
    for finding in old["findings"]:
        for key in ("muscles", "partners"):
            finding[key] = [f"{m['side']} {m['muscle']}" for m in finding[key]]
    assert old["findings"][0]["muscles"][0] == "right gluteus-maximus"
    upgraded = documents.load_assessment(old)
    assert upgraded == today
    assert upgraded.findings[0].partners[0].side is Side.LEFT
    assert upgraded.findings[0].partners[0].muscle == "latissimus-dorsi"
