"""Coaching rules: RIR ramp, double progression, deload sets, weak-side sets, timing."""

from __future__ import annotations

import pytest

from slingcoach.programming.rules import (
    TRANSITION_S,
    deload_sets,
    item_seconds,
    rir_for,
    side_seconds,
    target_for,
    weak_sets_for,
)

from .programming_fixtures import ex


def test_rir_ramps_from_three_to_one_over_three_build_weeks() -> None:
    assert [rir_for(2, i, 3) for i in range(3)] == [3, 2, 1]
    assert [rir_for(1, i, 3) for i in range(3)] == [4, 3, 2]
    assert rir_for(3, 0, 1) == 2  # a single build week sits in the middle of the ramp


def test_double_progression_target_climbs_to_the_top_of_the_range() -> None:
    assert [target_for(8, 12, i, 3) for i in range(3)] == [8, 10, 12]
    assert target_for(8, 12, 0, 1) == 12


@pytest.mark.parametrize(("sets", "expected"), [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3)])
def test_deload_keeps_about_55_percent_of_the_sets(sets: int, expected: int) -> None:
    assert deload_sets(sets) == expected


@pytest.mark.parametrize(
    ("strong", "extra", "factor", "weak"),
    [(3, 1, 1.0, 4), (3, 0, 1.5, 5), (2, 1, 1.5, 3), (4, 0, 1.0, 4), (2, 2, 1.0, 4)],
)
def test_weak_side_gets_extra_sets_or_a_factor_whichever_is_more(
    strong: int, extra: int, factor: float, weak: int
) -> None:
    assert weak_sets_for(strong, extra, factor) == weak


def test_bilateral_time_is_sets_times_work_plus_rest_plus_one_transition() -> None:
    squat = ex("goblet-squat", "squat", "strength", "bilateral", ["quadriceps"], spr=3, rest=90)
    # 3 sets × (12 reps × 3 s + 90 s) + transition
    assert item_seconds(squat, 12, 3, 3) == 3 * (36 + 90) + TRANSITION_S


def test_one_sided_time_alternates_sides_and_rests_after_each_pair() -> None:
    lunge = ex("split-squat", "lunge", "strength", "unilateral", ["quadriceps"], spr=3, rest=60)
    weak, strong = side_seconds(lunge, 10, 3, 4)
    assert weak == 4 * (30 + 60) + TRANSITION_S
    assert strong == 3 * 30
    assert item_seconds(lunge, 10, 3, 4) == weak + strong


def test_carries_are_timed_by_metres_times_seconds_per_metre() -> None:
    carry = ex(
        "suitcase-carry", "carry", "core", "ipsilateral-loaded", ["quadratus-lumborum"],
        unit="metres", dose=(3, 20, 40), spr=1.0, rest=60,
    )  # fmt: skip
    assert side_seconds(carry, 40, 2, 2) == (2 * (40 + 60) + TRANSITION_S, 80)
