"""Estimated strength per side (Epley) and the gap's trend."""

from __future__ import annotations

import datetime as dt

import pytest

from slingcoach.tracking.strength import e1rm_epley, gap_trend, percent_gap, strength_series
from slingcoach.vocab import Side
from tests.tracking.helpers import RDL, RDL_KEY, START, rdl


def test_epley_published_values() -> None:
    # Epley 1985: 1RM = w (1 + r/30); 100 kg x 10 -> 133.3 kg; 100 kg x 5 -> 116.7 kg
    assert e1rm_epley(100, 10) == pytest.approx(133.333, abs=1e-3)
    assert e1rm_epley(100, 5) == pytest.approx(116.667, abs=1e-3)
    assert e1rm_epley(100, 5, rir=5) == e1rm_epley(100, 10)
    assert e1rm_epley(100, 1) == 100


def test_percent_gap_is_bishops_percentage_difference() -> None:
    assert percent_gap(20, 25) == pytest.approx(20.0)  # science.md worked numbers


def test_the_weaker_side_catching_up_gives_a_falling_gap() -> None:
    sessions = [rdl(START + dt.timedelta(weeks=w), RDL_KEY, (7, 10 + w), (7, 14)) for w in range(4)]
    series = strength_series(sessions)
    right = [p.e1rm_kg for p in series if p.side is Side.RIGHT]
    assert right == sorted(right) and len(right) == 4
    trend = gap_trend(series, RDL)
    assert [p.weaker for p in trend.points] == [Side.RIGHT] * 4
    # (14 - (10 + w)) / 14 x 100 at equal reps and RIR: 28.57, 21.43, 14.29, 7.14 %
    assert [p.gap_pct for p in trend.points] == [28.57, 21.43, 14.29, 7.14]
    assert trend.slope_pct_per_week == pytest.approx(-7.143, abs=1e-3)


def test_sets_too_far_from_failure_are_not_estimated() -> None:
    log = rdl(START, RDL_KEY, (12, 10), (8, 10))  # 12 reps + 3 RIR = 15 > 12
    assert {p.side for p in strength_series([log])} == {Side.LEFT}
