"""The bundled field-test battery: complete, cross-referenced, and matching the intake model."""

from __future__ import annotations

import pytest

from slingcoach.assessment.battery import battery
from slingcoach.assessment.intake import FieldTests
from slingcoach.errors import UnknownTestError
from slingcoach.vocab import FOCUS_TAGS

REQUIRED = {
    "single-leg-glute-bridge-reps",
    "single-leg-hip-thrust-reps",
    "single-leg-bridge-hold",
    "prone-hip-extension-hold",
    "side-plank-hold",
    "contralateral-bird-dog-hold",
    "single-leg-rdl-reps",
    "single-leg-squat-quality",
    "y-balance",
    "single-leg-hop-distance",
    "triple-hop-distance",
    "hhd-hip-extension",
    "hhd-hip-abduction",
    "single-arm-row-reps",
    "active-straight-leg-raise",
    "thomas-test",
    "hip-internal-rotation",
    "hip-external-rotation",
}


def test_battery_has_the_required_tests_and_matches_intake() -> None:
    ids = set(battery().ids)
    assert ids >= REQUIRED
    assert len(ids) >= 17
    assert list(battery().ids) == FieldTests.ids()


def test_every_muscle_and_sling_resolves() -> None:
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    sling_ids = {s.id for s in anatomy.slings}
    for test in battery().tests:
        for muscle in (*test.muscles, *test.opposite_muscles):
            anatomy.muscle(muscle)  # raises UnknownMuscleError if not there
        for load in test.slings:
            assert load.sling in sling_ids
        if test.mobility_focus is not None:
            assert test.mobility_focus in FOCUS_TAGS
        assert len(test.protocol) >= 2 and test.sources


def test_lat_side_tests_load_the_arm_end() -> None:
    lat_tests = [t for t in battery().tests if t.lat_side]
    assert {t.id for t in lat_tests} >= {"single-arm-row-reps", "single-arm-pulldown-reps"}
    for test in lat_tests:
        assert test.tests_lat_side
        assert [(s.sling, s.end) for s in test.slings] == [("posterior-oblique", "arm")]
        assert "latissimus-dorsi" in test.muscles


def test_published_error_and_directions() -> None:
    hhd = battery().get("hhd-hip-extension")
    assert hhd.mdc == 14.8 and hhd.error_unit == "N·m" and hhd.error == 14.8
    assert battery().get("timed-hop-6m").higher_is_better is False
    assert battery().get("y-balance").aggregation == "best"


def test_unknown_test_suggests() -> None:
    with pytest.raises(UnknownTestError, match="Did you mean: side-plank-hold"):
        battery().get("side-plank-hld")
