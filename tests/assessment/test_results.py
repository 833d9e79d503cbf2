"""From trials to left/right results: aggregation, derived tests, error, status."""

from __future__ import annotations

import pytest

from slingcoach.assessment.results import compute_results
from slingcoach.vocab import Side

from .helpers import make_intake


def one(tests: dict, **extra):  # type: ignore[no-untyped-def]
    [result] = compute_results(make_intake(tests, **extra))
    return result


def test_numeric_best_of_trials_and_indices() -> None:
    r = one({"single-leg-glute-bridge-reps": {"left": [18, 20], "right": 25}})
    assert (r.left, r.right) == (20, 25)
    assert r.percent_difference == pytest.approx(20.0)
    assert r.signed_percent_difference == pytest.approx(20.0)
    assert r.weaker_side is Side.LEFT
    assert r.lsi == pytest.approx(80.0)
    assert r.symmetry_angle == pytest.approx(7.0447, abs=1e-4)
    assert r.status == "address" and r.severity == "moderate"
    assert r.trials_left == [18, 20]


def test_lower_is_better_timed_hop() -> None:
    r = one({"timed-hop-6m": {"left": [2.6, 2.5], "right": [2.0, 2.1]}})
    assert (r.left, r.right) == (2.5, 2.0)  # best = fastest
    assert r.weaker_side is Side.LEFT
    assert r.percent_difference == pytest.approx(20.0)
    assert r.lsi == pytest.approx(80.0)


def test_involved_side_lsi() -> None:
    r = one({"single-leg-hop-distance": {"left": 100, "right": 80}}, involved_side="left")
    assert r.lsi == pytest.approx(125.0)
    assert r.weaker_side is Side.RIGHT


def test_y_balance_composite_and_anterior_rule() -> None:
    # Composite = (A + PM + PL) / (3 x limb length) x 100 (Plisky 2006/2009).
    r = one(
        {
            "y-balance": {
                "limb_length_cm": 90,
                "left": {"anterior": [60, 62], "posteromedial": 100, "posterolateral": 95},
                "right": {"anterior": 57, "posteromedial": 101, "posterolateral": 90},
            }
        },
        person={"sex": "female"},
    )
    assert r.left == pytest.approx((62 + 100 + 95) / 270 * 100)
    assert r.right == pytest.approx((57 + 101 + 90) / 270 * 100)
    assert r.details["anterior_difference_cm"] == pytest.approx(5.0)
    assert r.details["anterior_difference_flag"] is True
    # Composites differ by about 3.5 %, but the > 4 cm anterior gap makes it an asymmetry.
    assert r.percent_difference is not None and r.percent_difference < 4
    assert r.status == "address" and r.weaker_side is Side.RIGHT
    assert r.signed_percent_difference == pytest.approx(-r.percent_difference)
    assert r.details["low_composite_sides"] == ["right"]


def test_y_balance_within_4cm_is_not_flagged() -> None:
    r = one(
        {
            "y-balance": {
                "limb_length_cm": {"left": 90, "right": 91},
                "left": {"anterior": 60, "posteromedial": 100, "posterolateral": 95},
                "right": {"anterior": 58, "posteromedial": 100, "posterolateral": 95},
            }
        }
    )
    assert r.details["anterior_difference_flag"] is False
    assert r.status == "fine"


def test_hhd_torque_per_kg_and_mdc() -> None:
    # 400 N x 0.4 m = 160 N·m, / 80 kg = 2.0 N·m/kg; 350 N -> 140 N·m -> 1.75 N·m/kg.
    r = one({"hhd-hip-extension": {"lever_arm_m": 0.4, "left": [390, 400], "right": 350}})
    assert r.left == pytest.approx(2.0)
    assert r.right == pytest.approx(1.75)
    assert r.details["torque_nm"] == {"left": pytest.approx(160.0), "right": pytest.approx(140.0)}
    assert r.error == pytest.approx(14.8 / 80)
    assert r.status == "watch"  # 12.5 %, 20 N·m > MDC 14.8 N·m
    # 12.5 % but only 12 N·m apart: inside the MDC, so not an asymmetry.
    small = one({"hhd-hip-extension": {"lever_arm_m": 0.2, "left": 480, "right": 420}})
    assert small.percent_difference == pytest.approx(12.5)
    assert small.status == "within-error"


def test_trial_variability_makes_a_gap_noise() -> None:
    # Best 80 vs 71 cm (11.25 %), but the trials scatter: pooled SD = sqrt((100 + 110.33) / 2)
    # = 10.26 cm > the 9 cm gap, so it is within the athlete's own error (Exell et al. 2012).
    noisy = one({"single-leg-hop-distance": {"left": [60, 80, 70], "right": [71, 50, 60]}})
    assert noisy.percent_difference == pytest.approx(11.25)
    assert noisy.error_source == "trials"
    assert noisy.error == pytest.approx(10.2551, abs=1e-4)
    assert noisy.status == "within-error" and noisy.severity is None
    steady = one({"single-leg-hop-distance": {"left": [80, 79, 80], "right": [71, 70, 71]}})
    assert steady.status == "watch"


def test_quality_faults_and_angles() -> None:
    r = one(
        {
            "single-leg-squat-quality": {
                "left": {"pelvic_drop": True, "knee_valgus": True, "trunk_lean": False},
                "right": {"pelvic_drop_deg": 3, "knee_valgus_deg": 12, "trunk_lean_deg": 2},
            }
        }
    )
    assert (r.left, r.right) == (2, 1)  # right: only the knee angle passes its cut-off (10 deg)
    assert r.weaker_side is Side.LEFT
    assert r.status == "watch" and r.severity == "low"
    assert r.notes == ["seen on both sides: knee valgus"]


def test_binary_and_incomplete() -> None:
    r = one({"thomas-test": {"left": True, "right": False}})
    assert (r.left, r.right) == (1.0, 0.0)
    assert r.weaker_side is Side.LEFT and r.status == "watch"
    assert r.percent_difference is None
    gap = one({"single-leg-bridge-hold": {"left": 40, "right": None}})
    assert gap.status == "incomplete" and gap.percent_difference is None
    assert gap.notes == ["the right side was not tested"]


def test_both_zero_and_one_zero() -> None:
    zero = one({"single-leg-glute-bridge-reps": {"left": 0, "right": 0}})
    assert zero.percent_difference == 0 and zero.weaker_side is None and zero.status == "fine"
    one_zero = one({"single-leg-glute-bridge-reps": {"left": 0, "right": 8}})
    assert one_zero.percent_difference == 100 and one_zero.weaker_side is Side.LEFT
    assert one_zero.severity == "high"


def test_side_plank_uses_mcgill_threshold() -> None:
    # 7 % is "fine" by default but "watch" for the side plank (McGill: ratio off by > 0.05).
    r = one({"side-plank-hold": {"left": 93, "right": 100}})
    assert r.status == "watch"
