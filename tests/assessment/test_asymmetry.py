"""Asymmetry indices against worked numbers (Bishop et al. 2018; Zifchock et al. 2008) and invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slingcoach.assessment import asymmetry as asym
from slingcoach.vocab import Side

# Worked example L = 20, R = 25 (D = R), values computed from the published formulas.
L, R = 20.0, 25.0


def test_worked_example_l20_r25() -> None:
    assert asym.limb_symmetry_index(L, R) == pytest.approx(80.0)
    assert asym.limb_symmetry_index(L, R, involved=Side.LEFT) == pytest.approx(80.0)
    assert asym.percent_difference(L, R) == pytest.approx(20.0)
    assert asym.symmetry_angle(L, R) == pytest.approx(7.0447, abs=5e-5)
    assert asym.bilateral_asymmetry_index(L, R) == pytest.approx(11.1111, abs=5e-5)
    assert asym.robinson_symmetry_index(L, R) == pytest.approx(22.2222, abs=5e-5)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    # codingace.net muscle-imbalance table: |L-R|/max(L,R) x 100.
    [
        (18, 20, 10.00),
        (16, 18, 11.11),
        (14, 17, 17.65),
        (42, 48, 12.50),
        (158, 165, 4.24),
        (48, 56, 14.29),
        (32, 39, 17.95),
    ],
)
def test_percent_difference_reference_table(left: float, right: float, expected: float) -> None:
    assert round(asym.percent_difference(left, right), 2) == expected


def test_direction_and_lower_is_better() -> None:
    assert asym.weaker_side(L, R) is Side.LEFT
    assert asym.signed_percent_difference(L, R) == pytest.approx(20.0)
    assert asym.signed_percent_difference(R, L) == pytest.approx(-20.0)
    # Timed test: the slower (larger) time is the weaker side.
    assert asym.weaker_side(2.5, 2.2, higher_is_better=False) is Side.LEFT
    assert asym.signed_percent_difference(2.2, 2.5, higher_is_better=False) == pytest.approx(-12.0)
    # Noyes 1991 timed hop LSI: uninvolved time / involved time.
    assert asym.limb_symmetry_index(
        2.5, 2.0, involved=Side.LEFT, higher_is_better=False
    ) == pytest.approx(80.0)
    assert asym.limb_symmetry_index(2.5, 2.0, higher_is_better=False) == pytest.approx(80.0)


def test_involved_side_may_be_the_stronger() -> None:
    # After a deconditioned uninvolved limb the LSI can exceed 100.
    assert asym.limb_symmetry_index(25, 20, involved=Side.LEFT) == pytest.approx(125.0)


def test_zeros() -> None:
    assert asym.percent_difference(0, 0) == 0
    assert asym.weaker_side(0, 0) is None
    assert asym.symmetry_angle(0, 0) == 0
    assert asym.bilateral_asymmetry_index(0, 0) == 0
    assert asym.robinson_symmetry_index(0, 0) == 0
    assert asym.limb_symmetry_index(0, 0) == 100
    assert asym.percent_difference(0, 12) == 100
    assert asym.weaker_side(0, 12) is Side.LEFT
    assert asym.limb_symmetry_index(0, 12) == 0
    assert asym.symmetry_angle(0, 12) == pytest.approx(50.0)
    assert asym.symmetry_angle(12, 0) == pytest.approx(-50.0)
    # Involved side stronger than a zero uninvolved side: undefined, not a crash.
    assert asym.limb_symmetry_index(5, 0, involved=Side.LEFT) is None


def test_symmetry_angle_branch_above_90_degrees() -> None:
    # Zifchock 2008: L = -3, R = 1 -> 45 - arctan(-3) = 116.565 deg > 90 deg, so 180 deg is
    # subtracted: (116.565 - 180) / 90 x 100 = -70.4833 %.
    assert asym.symmetry_angle(-3, 1) == pytest.approx(-70.4833, abs=1e-4)
    # Same sign on both sides never reaches the branch: -20 vs -25 mirrors 20 vs 25.
    assert asym.symmetry_angle(-20, -25) == pytest.approx(7.0447, abs=1e-4)
    with pytest.raises(ValueError, match="finite"):
        asym.symmetry_angle(math.nan, 1)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_rejects_negative_and_non_finite(bad: float) -> None:
    with pytest.raises(ValueError, match="finite number >= 0"):
        asym.percent_difference(bad, 1.0)


def test_classify_bands_and_error() -> None:
    t = asym.DEFAULT_THRESHOLDS
    assert asym.classify(None) == "incomplete"
    assert asym.classify(9.99) == "fine"
    assert asym.classify(10.0) == "watch"
    assert asym.classify(15.0) == "watch"
    assert asym.classify(15.01) == "address"
    assert asym.classify(20, absolute_difference=10, error=14.8, thresholds=t) == "within-error"
    assert asym.classify(20, absolute_difference=15, error=14.8, thresholds=t) == "address"
    custom = asym.Thresholds(watch_pct=5, address_pct=8)
    assert asym.classify(6, thresholds=custom) == "watch"
    assert asym.classify(9, thresholds=custom) == "address"
    with pytest.raises(ValueError, match="watch_pct <= address_pct"):
        asym.Thresholds(watch_pct=20, address_pct=10)


values = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(values, values)
def test_properties(left: float, right: float) -> None:
    pd = asym.percent_difference(left, right)
    assert 0 <= pd <= 100
    assert pd == asym.percent_difference(right, left)
    sa = asym.symmetry_angle(left, right)
    assert -100 <= sa <= 100
    assert asym.symmetry_angle(right, left) == pytest.approx(-sa, abs=1e-9)
    bai = asym.bilateral_asymmetry_index(left, right)
    assert -100 <= bai <= 100
    assert asym.bilateral_asymmetry_index(right, left) == pytest.approx(-bai, abs=1e-9)
    assert asym.robinson_symmetry_index(right, left) == pytest.approx(
        -asym.robinson_symmetry_index(left, right), abs=1e-9
    )
    signed = asym.signed_percent_difference(left, right)
    assert asym.signed_percent_difference(right, left) == pytest.approx(-signed)
    assert abs(signed) == pytest.approx(pd)
    weaker = asym.weaker_side(left, right)
    if weaker is not None:
        assert asym.weaker_side(right, left) is weaker.other
        assert asym.weaker_side(left, right, higher_is_better=False) is weaker.other
        lsi = asym.limb_symmetry_index(left, right)
        assert lsi is not None
        assert 0 <= lsi <= 100
        assert lsi == pytest.approx(100 - pd, abs=1e-9)
    else:
        assert pd == 0
