"""Which side each muscle of an exercise lights up on in a body diagram."""

from __future__ import annotations

from slingcoach.exercises import get_catalogue
from slingcoach.exercises.highlights import muscle_highlights
from slingcoach.vocab import Side

CAT = get_catalogue()


def test_bilateral_exercise_lights_both_sides() -> None:
    lights = muscle_highlights(CAT.get("barbell-deadlift"), Side.LEFT)
    assert lights[("gluteus-maximus", Side.LEFT)] == lights[("gluteus-maximus", Side.RIGHT)] == 1.0
    assert lights[("latissimus-dorsi", Side.RIGHT)] == 0.5


def test_a_row_is_named_by_its_arm_and_lights_the_glute_of_the_front_leg() -> None:
    # the plan's "L arm · R foot forward": the left lat rows, the right glute holds the stance
    ex = CAT.get("split-stance-single-arm-dumbbell-row")
    lights = muscle_highlights(ex, "left")
    assert lights[("latissimus-dorsi", Side.LEFT)] == 1.0
    assert lights[("gluteus-maximus", Side.RIGHT)] == 1.0
    assert ("latissimus-dorsi", Side.RIGHT) not in lights
    assert ("gluteus-maximus", Side.LEFT) not in lights
    # trunk muscles brace on both sides
    assert (
        lights[("external-oblique", Side.LEFT)] == lights[("external-oblique", Side.RIGHT)] == 0.5
    )


def test_contralateral_load_lights_the_working_glute_and_the_lat_of_the_loaded_hand() -> None:
    ex = CAT.get("single-leg-rdl-contralateral-dumbbell")
    lights = muscle_highlights(ex, "left")
    assert lights[("gluteus-maximus", Side.LEFT)] == 1.0
    assert ("gluteus-maximus", Side.RIGHT) not in lights
    lats = [side for (muscle, side) in lights if muscle == "latissimus-dorsi"]
    assert lats in ([], [Side.RIGHT])


def test_ipsilateral_and_default_side() -> None:
    lights = muscle_highlights(CAT.get("single-leg-rdl-ipsilateral-dumbbell"))
    assert lights[("gluteus-maximus", Side.RIGHT)] == 1.0
    assert lights[("forearm-flexors", Side.RIGHT)] == 0.5
    assert ("forearm-flexors", Side.LEFT) not in lights
