"""The bundled catalogue: loading, cross-references, data rules, and the query API."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from slingcoach.anatomy import get_anatomy
from slingcoach.errors import (
    InvalidInputError,
    ReferenceDataError,
    UnknownExerciseError,
    UnknownMuscleError,
    UnknownSlingError,
)
from slingcoach.exercises import Catalogue, Exercise, get_catalogue
from slingcoach.exercises.catalogue import parse_exercises
from slingcoach.vocab import (
    CONTRAINDICATIONS,
    FOCUS_TAGS,
    Category,
    Equipment,
    Laterality,
    Pattern,
    SpinalLoad,
    Unit,
)

CAT = get_catalogue()
ALL = CAT.all()

BODY_WEIGHT_KIT = {
    Equipment.MAT,
    Equipment.WALL,
    Equipment.BAND,
    Equipment.MINI_BAND,
    Equipment.BOX,
}
"""What "body weight" means for coverage: a mat, a wall, bands and a step (a stair will do)."""
SANDBAG_KIT = BODY_WEIGHT_KIT | {Equipment.SANDBAG}


def _record(ident: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": ident,
        "name": f"Exercise {ident}",
        "pattern": "thrust-bridge",
        "category": "strength",
        "laterality": "bilateral",
        "primary_muscles": ["gluteus-maximus"],
        "level": 1,
        "unit": "reps",
        "dose": [3, 8, 12],
        "seconds_per_rep": 3,
        "rest_s": 60,
        "spinal_load": "low",
        "impact": False,
        "cues": ["Do it well."],
        "description": "An exercise made up for a test.",
    }
    base.update(overrides)
    return base


def _exercises(*records: dict[str, Any]) -> list[Exercise]:
    return parse_exercises({"exercises": list(records)}, "test.yaml")


# -- size and coverage -----------------------------------------------------------------------


def test_catalogue_is_large_enough_and_has_sandbag_work() -> None:
    assert len(ALL) >= 160
    assert sum(Equipment.SANDBAG in ex.equipment for ex in ALL) >= 25


def test_ids_are_unique_and_cached_catalogue_is_the_same_object() -> None:
    assert len({ex.id for ex in ALL}) == len(ALL)
    assert get_catalogue() is CAT


@pytest.mark.parametrize("pattern", list(Pattern))
def test_every_pattern_has_exercises(pattern: Pattern) -> None:
    assert CAT.filter(pattern=pattern)


@pytest.mark.parametrize(
    "exercise_id",
    [
        # hinge family
        "barbell-deadlift",
        "trap-bar-deadlift",
        "barbell-rdl",
        "dumbbell-rdl",
        "single-leg-rdl",
        "single-leg-rdl-contralateral-dumbbell",
        "barbell-good-morning",
        "back-extension-45",
        "hip-hinge-dowel",
        "wall-hip-hinge",
        # squat, lunge, step, bridge, jump, gait
        "goblet-squat",
        "split-squat",
        "rear-foot-elevated-split-squat",
        "step-up",
        "glute-bridge",
        "barbell-hip-thrust",
        "broad-jump",
        "single-leg-hop-stick",
        "a-skip",
        "acceleration-sprint",
        # carries, rotation, pulls, core, activation, mobility
        "farmers-carry",
        "suitcase-carry",
        "half-kneeling-cable-chop",
        "pallof-press",
        "single-arm-dumbbell-row",
        "split-stance-single-arm-dumbbell-row",
        "lat-pulldown",
        "bird-dog",
        "dead-bug",
        "side-plank",
        "clamshell",
        "mini-band-lateral-walk",
        "prone-hip-extension",
        "prone-hip-extension-knee-bent",
        "half-kneeling-hip-flexor-stretch",
        "band-hamstring-floss",
        "open-book",
        # sandbag
        "sandbag-bear-hug-squat",
        "sandbag-shouldering",
        "sandbag-rotational-lunge",
        "sandbag-clean",
        "sandbag-bear-hug-carry",
        "sandbag-shoulder-carry",
        "sandbag-drag",
        "sandbag-around-the-world",
        "sandbag-deadlift",
        "sandbag-bent-over-row",
        "sandbag-split-stance-row",
        "sandbag-get-up",
    ],
)
def test_required_exercise_is_present(exercise_id: str) -> None:
    assert exercise_id in CAT


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("pattern", [p for p in Pattern if p is not Pattern.CARRY])
def test_every_pattern_and_level_has_a_body_weight_option(pattern: Pattern, level: int) -> None:
    # Carries need a load by definition; they are covered by the sandbag kit below.
    assert CAT.filter(pattern=pattern, level=level, equipment_available=BODY_WEIGHT_KIT)


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("pattern", list(Pattern))
def test_every_pattern_and_level_is_possible_with_a_sandbag(pattern: Pattern, level: int) -> None:
    assert CAT.filter(pattern=pattern, level=level, equipment_available=SANDBAG_KIT)


# -- cross-references against the real anatomy and vocabularies -----------------------------


def test_every_muscle_and_sling_exists_in_the_anatomy() -> None:
    anatomy = get_anatomy()
    muscles = {m.id for m in anatomy.muscles}
    slings = {s.id for s in anatomy.slings}
    for ex in ALL:
        assert set(ex.all_muscles) <= muscles, ex.id
        assert set(ex.slings) <= slings, ex.id


def test_every_tag_and_equipment_is_known() -> None:
    for ex in ALL:
        assert set(ex.focus) <= set(FOCUS_TAGS), ex.id
        assert set(ex.contraindications) <= set(CONTRAINDICATIONS), ex.id
        assert all(isinstance(e, Equipment) for e in ex.equipment), ex.id
        assert ex.licence == "CC-BY-4.0" and ex.author == "slingcoach contributors", ex.id


def test_every_link_resolves_and_links_are_mutual() -> None:
    for ex in ALL:
        for target in ex.progressions:
            assert ex.id in CAT.get(target).regressions, (ex.id, target)
        for target in ex.regressions:
            assert ex.id in CAT.get(target).progressions, (target, ex.id)


def test_progression_graph_has_no_cycle() -> None:
    # Independent of the loader's check: walk forward from every exercise.
    for start in ALL:
        stack, seen = list(start.progressions), set()
        while stack:
            current = stack.pop()
            assert current != start.id, f"cycle through {start.id}"
            if current not in seen:
                seen.add(current)
                stack.extend(CAT.get(current).progressions)


def test_progressions_never_get_easier() -> None:
    for ex in ALL:
        for target in ex.progressions:
            assert CAT.get(target).level >= ex.level, (ex.id, target)


# -- coaching rules the data must follow -----------------------------------------------------


def test_jumps_and_fast_running_are_impact_and_need_impact_tolerance() -> None:
    for ex in CAT.filter(pattern=Pattern.JUMP):
        assert ex.impact, ex.id
    for ex in CAT.filter(impact=True):
        assert "impact-intolerance" in ex.contraindications, ex.id


def test_heavy_barbell_and_trap_bar_hinges_load_the_spine_highly() -> None:
    heavy = [
        ex
        for ex in CAT.filter(pattern=Pattern.HINGE, category="strength")
        if {Equipment.BARBELL, Equipment.TRAP_BAR} & set(ex.equipment)
        and Equipment.LANDMINE not in ex.equipment
    ]
    assert {"barbell-deadlift", "trap-bar-deadlift", "barbell-rdl"} <= {ex.id for ex in heavy}
    for ex in heavy:
        assert ex.spinal_load is SpinalLoad.HIGH, ex.id
        assert "acute-low-back-flare" in ex.contraindications, ex.id


def test_contralateral_loading_trains_the_posterior_or_anterior_oblique_sling() -> None:
    contralateral = CAT.filter(laterality=Laterality.CONTRALATERAL_LOADED)
    assert len(contralateral) >= 15
    for ex in contralateral:
        assert {"posterior-oblique", "anterior-oblique"} & set(ex.slings), ex.id


def test_posterior_oblique_sling_exercises_named_in_the_product_brief() -> None:
    for ident in (
        "single-leg-rdl-contralateral-dumbbell",
        "split-stance-single-arm-dumbbell-row",
        "bird-dog",
        "sandbag-rotational-lunge",
        "sandbag-shouldering",
        "farmers-carry",
    ):
        ex = CAT.get(ident)
        assert "posterior-oblique" in ex.slings, ident
        assert ex.slings and ("sling-integration" in ex.focus or ex.pattern is Pattern.CARRY)


def test_sling_integration_focus_comes_with_a_sling() -> None:
    for ex in CAT.filter(focus="sling-integration"):
        assert ex.slings, ex.id


def test_units_and_tempo_are_consistent() -> None:
    for ex in ALL:
        if ex.unit is Unit.SECONDS:
            assert ex.seconds_per_rep == 1, ex.id
        if ex.pattern is Pattern.MOBILITY:
            assert ex.spinal_load in (SpinalLoad.NONE, SpinalLoad.LOW), ex.id


def test_levels_are_spread() -> None:
    counts = Counter(ex.level for ex in ALL)
    assert all(counts[level] >= 40 for level in (1, 2, 3)), counts


# -- validation errors name file, exercise and field -----------------------------------------


def test_invalid_field_names_file_exercise_and_field() -> None:
    with pytest.raises(ReferenceDataError, match=r"test\.yaml, exercise 'bad-one', field 'level'"):
        _exercises(_record("bad-one", level=7))


def test_file_level_defaults_apply_and_unknown_top_level_keys_are_refused() -> None:
    data = {"defaults": {"level": 2}, "licence": "MIT", "exercises": [_record("x-one", level=None)]}
    data["exercises"][0].pop("level")
    (ex,) = parse_exercises(data, "f.yaml")
    assert (ex.level, ex.licence) == (2, "MIT")
    with pytest.raises(ReferenceDataError, match=r"f\.yaml: unknown top-level keys \['version'\]"):
        parse_exercises({"version": 1, "exercises": []}, "f.yaml")
    with pytest.raises(ReferenceDataError, match="non-empty list"):
        parse_exercises({"exercises": []}, "f.yaml")
    with pytest.raises(ReferenceDataError, match="exercise #1 is a str"):
        parse_exercises({"exercises": ["squat"]}, "f.yaml")


def test_unknown_muscle_is_refused_with_a_suggestion() -> None:
    bad = _exercises(_record("x-one", primary_muscles=["gluteus-maximum"]))
    with pytest.raises(
        ReferenceDataError,
        match=r"exercise 'x-one', field 'primary_muscles': unknown muscle 'gluteus-maximum'; "
        r"did you mean gluteus-maximus",
    ):
        Catalogue(bad, sources={"x-one": "test.yaml"})


def test_unknown_sling_and_dangling_link_are_refused() -> None:
    with pytest.raises(ReferenceDataError, match="unknown sling 'posterior'"):
        Catalogue(_exercises(_record("x-one", slings=["posterior"])))
    with pytest.raises(ReferenceDataError, match="links to unknown exercise 'x-twoo'"):
        Catalogue(_exercises(_record("x-one", progressions=["x-twoo"]), _record("x-two")))


def test_duplicate_ids_and_cycles_are_refused() -> None:
    with pytest.raises(ReferenceDataError, match="'x-one', field 'id': the id is used twice"):
        Catalogue(_exercises(_record("x-one"), _record("x-one")))
    records = (
        _record("x-one", progressions=["x-two"]),
        _record("x-two", progressions=["x-three"]),
        _record("x-three", progressions=["x-one"]),
    )
    with pytest.raises(ReferenceDataError, match="cycle: x-one -> x-two -> x-three -> x-one"):
        Catalogue(_exercises(*records))


def test_missing_end_of_a_link_is_added() -> None:
    cat = Catalogue(_exercises(_record("x-one"), _record("x-two", regressions=["x-one"])))
    assert cat.get("x-one").progressions == ("x-two",)


def test_merged_adds_inverse_links_to_bundled_exercises_and_replaces_same_ids() -> None:
    extra = _exercises(
        _record("my-bridge", regressions=["glute-bridge"], level=2),
        _record("glute-bridge", name="My own glute bridge"),
    )
    merged = CAT.merged(extra, sources={"my-bridge": "mine.yaml"})
    assert "my-bridge" in merged.get("glute-bridge").progressions
    assert merged.get("glute-bridge").name == "My own glute bridge"
    assert merged.source_of("my-bridge") == "mine.yaml"
    assert len(merged) == len(CAT) + 1
    assert "my-bridge" not in CAT  # the bundled catalogue is unchanged


# -- queries ---------------------------------------------------------------------------------


def test_get_unknown_id_suggests_close_ids() -> None:
    with pytest.raises(UnknownExerciseError, match="Did you mean: single-leg-rdl") as info:
        CAT.get("single-leg-rld")
    assert info.value.suggestions[0] == "single-leg-rdl"
    assert isinstance(info.value, LookupError)


def test_filter_hinge_with_sandbag() -> None:
    found = CAT.filter(pattern="hinge", requires=["sandbag"])
    assert len(found) >= 4
    assert all(ex.pattern is Pattern.HINGE and Equipment.SANDBAG in ex.equipment for ex in found)


def test_filter_available_equipment_means_doable_with_only_that() -> None:
    body_weight = CAT.filter(equipment_available=[])
    assert body_weight and all(ex.equipment == () for ex in body_weight)
    home = CAT.filter(equipment_available=["sandbag", "mat"])
    assert all(set(ex.equipment) <= {Equipment.SANDBAG, Equipment.MAT} for ex in home)
    assert len(home) > len(body_weight)


def test_filter_by_muscle_role_sling_level_focus_and_contraindications() -> None:
    any_role = CAT.filter(muscle="latissimus-dorsi")
    primary = CAT.filter(muscle="latissimus-dorsi", muscle_role="primary")
    assert set(map(id, primary)) < set(map(id, any_role))
    assert all("latissimus-dorsi" in ex.primary_muscles for ex in primary)
    assert all("lateral" in ex.slings for ex in CAT.filter(sling="lateral"))
    assert all(ex.level <= 2 for ex in CAT.filter(max_level=2))
    assert all(ex.level == 3 for ex in CAT.filter(level=3))
    both = CAT.filter(focus=["sling-integration", "balance"])
    assert both and all({"sling-integration", "balance"} <= set(ex.focus) for ex in both)
    safe = CAT.filter(exclude_contraindications=["acute-low-back-flare", "impact-intolerance"])
    assert "barbell-deadlift" not in {ex.id for ex in safe}
    assert not any(ex.impact for ex in safe)
    assert all(
        ex.spinal_load in (SpinalLoad.NONE, SpinalLoad.LOW)
        for ex in CAT.filter(max_spinal_load="low")
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"pattern": "hinges"},
            InvalidInputError,
            "unknown pattern 'hinges'; choose one of: hinge",
        ),
        ({"requires": ["sand-bag"]}, InvalidInputError, "unknown equipment 'sand-bag'"),
        ({"muscle": "glutes"}, UnknownMuscleError, "unknown muscle 'glutes'"),
        ({"sling": "posterior"}, UnknownSlingError, "Did you mean: posterior-oblique"),
        ({"focus": "mobility"}, InvalidInputError, "unknown focus tag 'mobility'"),
        ({"level": 4}, InvalidInputError, "level must be 1, 2 or 3"),
    ],
)
def test_filter_rejects_unknown_values(kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        CAT.filter(**kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sngle leg rdl", "single-leg-rdl"),
        ("palof press", "pallof-press"),
        ("bulgarian split squat", "rear-foot-elevated-split-squat"),
        ("sandbag shouldring", "sandbag-shouldering"),
        ("farmer walk", "farmers-carry"),
    ],
)
def test_search_is_typo_tolerant(text: str, expected: str) -> None:
    hits = CAT.search(text, limit=5)
    assert hits[0][0].id == expected
    assert hits == sorted(hits, key=lambda pair: -pair[1])


def test_search_finds_cues_and_rejects_empty_text() -> None:
    hits = CAT.search("belt buckle facing the floor", limit=3)
    assert "single-leg-rdl" in {ex.id for ex, _ in hits}
    assert CAT.search("xylophone quartet", limit=3) == []
    with pytest.raises(InvalidInputError, match="search text is empty"):
        CAT.search("  - ")


def test_substitutes_keep_pattern_and_muscles_and_fit_the_equipment() -> None:
    subs = CAT.substitutes("barbell-deadlift", ["sandbag", "band"])
    assert subs[0].id == "sandbag-deadlift"
    target = CAT.get("barbell-deadlift")
    for ex in subs:
        assert ex.pattern is target.pattern
        assert set(ex.primary_muscles) & set(target.primary_muscles)
        assert set(ex.equipment) <= {Equipment.SANDBAG, Equipment.BAND}
    assert "barbell-deadlift" not in {ex.id for ex in subs}


def test_substitutes_prefer_the_same_laterality() -> None:
    subs = CAT.substitutes("single-leg-rdl-contralateral-dumbbell", ["band", "sandbag"], limit=2)
    assert {ex.laterality for ex in subs} == {Laterality.CONTRALATERAL_LOADED}
    # a floor bridge needs no equipment: it stands in for a barbell hip thrust anywhere
    assert CAT.substitutes("barbell-hip-thrust", ["mat"], limit=3)[0].equipment == ()
    assert CAT.substitutes("barbell-hip-thrust", [], limit=1)[0].id == "glute-bridge"


def test_substitutes_of_unknown_id_raises() -> None:
    with pytest.raises(UnknownExerciseError, match="unknown exercise 'deadlfit'"):
        CAT.substitutes("deadlfit", [])


def test_progression_and_regression_chains() -> None:
    up = [ex.id for ex in CAT.progression_chain("wall-hip-hinge")]
    assert up == ["hip-hinge-dowel", "kettlebell-deadlift", "trap-bar-deadlift", "barbell-deadlift"]
    down = [ex.id for ex in CAT.regression_chain("barbell-deadlift")]
    assert down == list(reversed(["wall-hip-hinge", *up[:-1]]))
    assert CAT.progression_chain("barbell-deadlift") == []


def test_every_exercise_has_cues_faults_and_sensible_per_side_dosing() -> None:
    for ex in ALL:
        assert ex.cues and ex.faults, ex.id
        # Alternating gait work is dosed as total distance, not per side.
        if ex.unit is Unit.METRES and ex.one_sided:
            assert ex.pattern is Pattern.CARRY, ex.id


def test_slings_trained_involve_muscles_of_that_sling() -> None:
    # A sling is listed only if the exercise works links of its chain (from the anatomy data);
    # the posterior oblique sling needs both ends (gluteus maximus and latissimus dorsi), or
    # one-sided hip extension of its leg end, as the battery's single-leg bridge, hip-thrust
    # and RDL tests load it.
    from slingcoach.anatomy import chain

    members = {
        s.id: {link.structure for link in chain(s.id, "right")} for s in get_anatomy().slings
    }
    assert members["posterior-oblique"] >= {"gluteus-maximus", "latissimus-dorsi"}
    for ex in ALL:
        for sling in ex.slings:
            assert members[sling] & set(ex.all_muscles), (ex.id, sling)
        if "posterior-oblique" in ex.slings:
            leg_end = (
                ex.one_sided
                and "gluteus-maximus" in ex.primary_muscles
                and ex.pattern in (Pattern.THRUST_BRIDGE, Pattern.HINGE)
            )
            both_ends = {"gluteus-maximus", "latissimus-dorsi"} <= set(ex.all_muscles)
            assert both_ends or leg_end, ex.id


def test_sling_tags_a_coach_expects() -> None:
    for ident in (
        "single-leg-glute-bridge",
        "single-leg-hip-thrust",
        "single-leg-rdl-contralateral-dumbbell",
        "single-leg-rdl-contralateral-kettlebell",
        "band-single-leg-rdl-contralateral",
        "sandbag-single-leg-rdl-contralateral",
    ):
        assert "posterior-oblique" in CAT.get(ident).slings, ident
    assert "glute-activation" not in CAT.get("band-straight-arm-pulldown").focus
    assert "deep-longitudinal" not in CAT.get("prone-hip-extension-knee-bent").slings


def test_equipment_a_coach_expects() -> None:
    # a floor bridge needs nothing, so a body-weight-only client gets bridges
    for ident in ("glute-bridge", "single-leg-glute-bridge", "frog-pump", "dead-bug"):
        assert CAT.get(ident).usable_with([]), ident
    # carries work with dumbbells as well as kettlebells
    for ident in ("farmers-carry", "suitcase-carry", "goblet-carry"):
        assert CAT.get(ident).usable_with([Equipment.DUMBBELL]), ident
    assert CAT.get("stair-climb").equipment == (Equipment.STAIRS,)
    # prone Y-T raises are shoulder activation, not hard pulling volume
    assert CAT.get("prone-y-t-raise").category is Category.ACTIVATION


def test_stand_in_equipment_must_stand_in_for_a_required_item() -> None:
    with pytest.raises((ReferenceDataError, InvalidInputError), match="equipment_or names"):
        _exercises(_record("x-one", equipment=["band"], equipment_or={"kettlebell": ["dumbbell"]}))


# ---------------------------------------------------------------------------- content hash
def test_catalogue_hash_is_sha256_hex_of_the_bundled_catalogue() -> None:
    from slingcoach.exercises import catalogue_hash

    value = catalogue_hash()
    assert len(value) == 64 and set(value) <= set("0123456789abcdef")
    assert catalogue_hash(Catalogue(CAT.all())) == value


def test_catalogue_hash_ignores_order_and_follows_content() -> None:
    from slingcoach.exercises import catalogue_hash

    reordered = Catalogue(reversed(CAT.all()))
    assert catalogue_hash(reordered) == catalogue_hash()
    first = CAT.all()[0]
    changed = Catalogue([first.model_copy(update={"rest_s": first.rest_s + 15}), *CAT.all()[1:]])
    assert catalogue_hash(changed) != catalogue_hash()
