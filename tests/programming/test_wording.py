"""The progression and the sides in words, from the structured data (programming.wording)."""

from __future__ import annotations

import pytest

from slingcoach.programming import Block, Item
from slingcoach.programming.model import (
    Limb,
    Progression,
    ProgressionRule,
    RetestDose,
    Setup,
)
from slingcoach.programming.wording import (
    progression_short,
    progression_text,
    reps_in_reserve,
    setup_text,
)
from slingcoach.vocab import Side, Sides, Unit


def item(rule: ProgressionRule, unit: Unit = Unit.REPS, **extra: object) -> Item:
    fields: dict[str, object] = dict(
        key="w01-s1-i01",
        order=1,
        block=Block.MAIN,
        exercise_id="x",
        name="X",
        side=Sides.BOTH,
        sets=3,
        unit=unit,
        low=8,
        high=12,
        target=9,
        rir=2,
        progression=Progression(rule=rule, loaded=rule is ProgressionRule.DOUBLE),
        load="",
        rest_s=60,
        hard=True,
        seconds=300,
        reason="r",
    )
    fields.update(extra)
    return Item.model_validate(fields)


def test_reps_in_reserve_is_singular_for_one() -> None:
    assert reps_in_reserve(1) == "1 rep in reserve"
    assert reps_in_reserve(3) == "3 reps in reserve"


def test_double_progression_adds_load_and_quotes_the_intensity() -> None:
    loaded = item(
        ProgressionRule.DOUBLE,
        rir=1,
        progression=Progression(
            rule=ProgressionRule.DOUBLE, loaded=True, load_step_pct=(2.5, 5.0),
            intensity_pct_1rm=80, ramp_sets=2,
        ),
    )  # fmt: skip
    text = progression_text(loaded)
    assert text.startswith("1 rep in reserve (RPE 9); about 80 % of your one-rep max")
    assert "when every set reaches 12 reps, add 2.5–5 % load" in text
    assert "2 lighter warm-up sets first" in text
    assert progression_short(loaded) == "RIR 1 · ~80 % 1RM · aim 9 · +2.5–5 % at 12"


def test_body_weight_work_progresses_by_variation_never_by_load() -> None:
    bodyweight = item(
        ProgressionRule.REPS_THEN_VARIATION,
        progression=Progression(
            rule=ProgressionRule.REPS_THEN_VARIATION, loaded=False, harder="Pistol squat"
        ),
    )
    text = progression_text(bodyweight)
    assert "move on to Pistol squat" in text and "%" not in text
    assert progression_short(bodyweight) == "RIR 2 · aim 9 · harder at 12"
    plain = item(ProgressionRule.REPS_THEN_VARIATION)
    assert "slower reps" in progression_text(plain) and "load" not in progression_text(plain)


def test_holds_progress_by_time_and_never_say_seconds_in_reserve() -> None:
    hold = item(ProgressionRule.HOLD_TIME, Unit.SECONDS, low=20, high=40, target=25, rir=2)
    assert progression_text(hold).startswith("hold 25 s, stopping before your form fails")
    assert "in reserve" not in progression_text(hold)
    assert progression_short(hold) == "hold 25 s · harder at 40 s"


def test_carries_progress_by_distance_then_load_without_lengths_in_reserve() -> None:
    carry = item(
        ProgressionRule.CARRY,
        Unit.METRES,
        low=20,
        high=40,
        target=30,
        progression=Progression(rule=ProgressionRule.CARRY, loaded=True, load_step_pct=(2.5, 5.0)),
    )
    text = progression_text(carry)
    assert text.startswith("30 m per set") and "lengths" not in text
    assert "2.5–5 % more weight" in text
    assert progression_short(carry) == "30 m · heavier at 40 m"


def test_a_deload_never_asks_for_more() -> None:
    for unit in Unit:
        deload = item(
            ProgressionRule.HOLD_STEADY,
            unit,
            rir=4,
            progression=Progression(
                rule=ProgressionRule.HOLD_STEADY, loaded=False, weekly_step_pct=10
            ),
        )
        assert "%" not in progression_text(deload)
        assert "week" not in progression_short(deload)


def test_easy_aerobic_work_grows_about_ten_percent_a_week() -> None:
    walk = item(
        ProgressionRule.EASY_AEROBIC,
        Unit.METRES,
        low=400,
        high=1200,
        target=400,
        rir=None,
        progression=Progression(
            rule=ProgressionRule.EASY_AEROBIC, loaded=False, weekly_step_pct=10
        ),
    )
    assert "about 10 % more each week up to 1200 m" in progression_text(walk)
    assert progression_short(walk) == "easy pace, RPE 4–5 · build to 1200 m"


def test_a_test_item_gives_its_protocol_dose() -> None:
    test = item(
        ProgressionRule.TEST,
        kind="test",
        exercise_id=None,
        test_id="t",
        rir=None,
        target=None,
        low=1,
        high=1,
        retest=RetestDose(trials=3, measure="distance in cm", how="Hop."),
        progression=Progression(rule=ProgressionRule.TEST, loaded=False),
    )
    assert progression_text(test).startswith("best of 3 trials per side")
    assert progression_short(test) == "best of 3 · distance in cm"


@pytest.mark.parametrize(
    ("setup", "side", "text"),
    [
        (Setup(limb=Limb.LEG, load_hand=Side.LEFT), Side.RIGHT, "R leg · weight in L hand"),
        (Setup(limb=Limb.ARM, front_foot=Side.RIGHT), Side.LEFT, "L arm · R foot forward"),
        (Setup(limb=Limb.ARM, stance_leg=Side.LEFT), Side.RIGHT, "R arm · on the L leg"),
        (Setup(limb=Limb.SIDE_DOWN), Side.LEFT, "L side down"),
        (Setup(limb=Limb.HAND), Side.RIGHT, "weight in R hand"),
        (Setup(limb=Limb.LEG, moving_arm=Side.RIGHT), Side.LEFT, "L leg · R arm reaches"),
        (
            Setup(limb=Limb.LEG, alternating=True, extra_reps=2, extra_reps_side=Side.LEFT),
            None,
            "alternate sides, reps per side · +2 reps on the L",
        ),
    ],
)
def test_every_r_and_l_says_which_limb(setup: Setup, side: Side | None, text: str) -> None:
    assert setup_text(setup, side) == text
