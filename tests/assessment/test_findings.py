"""The findings engine: sides, slings, partners, confidence, signs, tags."""

from __future__ import annotations

from slingcoach.assessment import assess
from slingcoach.assessment.findings import SidedMuscle
from slingcoach.vocab import Side

from .helpers import ASSESSED_ON, make_intake

GLUTE_RIGHT_WEAK = {
    "single-leg-glute-bridge-reps": {"left": 25, "right": 20},
    "single-leg-hip-thrust-reps": {"left": 20, "right": 16},
}


def test_weak_right_glute_is_the_right_posterior_oblique_sling() -> None:
    a = assess(
        make_intake(GLUTE_RIGHT_WEAK, signs={"stiff_lower_back": True}), assessed_on=ASSESSED_ON
    )
    [finding] = a.findings
    assert finding.id == "posterior-oblique-right"
    assert (finding.sling, finding.sling_side, finding.side) == (
        "posterior-oblique",
        Side.RIGHT,
        Side.RIGHT,
    )
    assert SidedMuscle(side=Side.RIGHT, muscle="gluteus-maximus") in finding.muscles
    assert finding.partners[0] == SidedMuscle(side=Side.LEFT, muscle="latissimus-dorsi")
    assert SidedMuscle(side=Side.LEFT, muscle="erector-spinae") in finding.partners
    assert finding.signs == ["stiff lower back"]
    assert "suggests" in finding.text and "diagnos" in finding.text
    assert "left lat" in finding.text
    assert any("right leg" in tip and "left hand" in tip for tip in finding.suggestions)
    assert {e.test for e in finding.evidence} == set(GLUTE_RIGHT_WEAK)
    assert all(e.agrees for e in finding.evidence)
    assert finding.severity == "moderate"


def test_weak_left_lat_is_the_lat_end_of_the_right_sling() -> None:
    a = assess(
        make_intake({"single-arm-row-reps": {"left": 10, "right": 14}}), assessed_on=ASSESSED_ON
    )
    [finding] = a.findings
    assert finding.sling == "posterior-oblique"
    assert finding.sling_side is Side.RIGHT
    assert finding.side is Side.LEFT
    assert finding.ends == ["arm"]
    assert finding.muscles[0] == SidedMuscle(side=Side.LEFT, muscle="latissimus-dorsi")
    assert finding.partners[0] == SidedMuscle(side=Side.RIGHT, muscle="gluteus-maximus")


def test_side_plank_is_lateral_and_aslr_is_range_not_strength() -> None:
    a = assess(
        make_intake(
            {
                "side-plank-hold": {"left": 50, "right": 70},
                "active-straight-leg-raise": {"left": 85, "right": 65},
            }
        ),
        assessed_on=ASSESSED_ON,
    )
    ids = {f.id for f in a.findings}
    # the straight-leg raise measures range: it suggests hamstring mobility and never makes
    # the right side "weaker" for strength work
    assert ids == {"lateral-left"}
    assert a.mobility_needs == ["hamstring-mobility"]
    aslr = next(t for t in a.tests if t.id == "active-straight-leg-raise")
    assert aslr.range_of_motion and not aslr.slings
    lateral = next(f for f in a.findings if f.sling == "lateral")
    assert any(p.side is Side.RIGHT and p.muscle.startswith("adductor") for p in lateral.partners)


def test_confidence_grows_with_agreeing_tests_and_signs() -> None:
    one_test = assess(
        make_intake({"single-leg-glute-bridge-reps": {"left": 25, "right": 20}}),
        assessed_on=ASSESSED_ON,
    )
    two_tests = assess(make_intake(GLUTE_RIGHT_WEAK), assessed_on=ASSESSED_ON)
    with_signs = assess(
        make_intake(
            GLUTE_RIGHT_WEAK,
            signs={"stiff_lower_back": True, "buttock_or_sij_pain": "right"},
        ),
        assessed_on=ASSESSED_ON,
    )
    scores = [x.findings[0].confidence_score for x in (one_test, two_tests, with_signs)]
    assert scores == sorted(scores) and len(set(scores)) == 3
    assert one_test.findings[0].confidence == "low"
    assert with_signs.findings[0].confidence == "high"


def test_conflicting_evidence_lowers_confidence() -> None:
    agree = assess(make_intake(GLUTE_RIGHT_WEAK), assessed_on=ASSESSED_ON)
    conflict = assess(
        make_intake({**GLUTE_RIGHT_WEAK, "single-leg-bridge-hold": {"left": 40, "right": 55}}),
        assessed_on=ASSESSED_ON,
    )
    right = next(f for f in conflict.findings if f.id == "posterior-oblique-right")
    left = next(f for f in conflict.findings if f.id == "posterior-oblique-left")
    assert right.confidence_score < agree.findings[0].confidence_score
    assert right.disagreements and "points the other way" in right.disagreements[0]
    assert [e.agrees for e in right.evidence].count(False) == 1
    assert "Not every test agrees" in right.text
    assert left.confidence == "low"


def test_symmetric_tests_of_the_same_sling_lower_confidence() -> None:
    alone = assess(
        make_intake({"single-leg-glute-bridge-reps": {"left": 25, "right": 20}}),
        assessed_on=ASSESSED_ON,
    )
    diluted = assess(
        make_intake(
            {
                "single-leg-glute-bridge-reps": {"left": 25, "right": 20},
                "single-leg-hip-thrust-reps": {"left": 20, "right": 20},
            }
        ),
        assessed_on=ASSESSED_ON,
    )
    assert diluted.findings[0].confidence_score < alone.findings[0].confidence_score


def test_back_side_needing_warm_up_corroborates_the_opposite_glute() -> None:
    a = assess(
        make_intake(
            GLUTE_RIGHT_WEAK, signs={"extra_warm_up": [{"region": "back", "side": "left"}]}
        ),
        assessed_on=ASSESSED_ON,
    )
    assert a.findings[0].signs == ["left side of the back needs extra warm-up"]
    b = assess(
        make_intake(
            GLUTE_RIGHT_WEAK, signs={"extra_warm_up": [{"region": "back", "side": "right"}]}
        ),
        assessed_on=ASSESSED_ON,
    )
    assert b.findings[0].signs == []


def test_small_or_noisy_gaps_make_no_finding() -> None:
    a = assess(
        make_intake(
            {
                "single-leg-glute-bridge-reps": {"left": 20, "right": 19},
                "hhd-hip-extension": {"lever_arm_m": 0.2, "left": 480, "right": 420},
            }
        ),
        assessed_on=ASSESSED_ON,
    )
    assert a.findings == []


def test_contraindications_and_mobility_needs() -> None:
    a = assess(
        make_intake(
            {
                "thomas-test": {"left": True, "right": False},
                "hip-internal-rotation": {"left": 20, "right": 30},
                "active-straight-leg-raise": {"left": 75, "right": 76},
            },
            signs={
                "low_back_pain_now": 6,
                "buttock_or_sij_pain": "left",
                "painful_movements": ["bending-forward", "jumping"],
            },
            injuries=[
                {"area": "hamstring", "side": "right", "when": "2026-08", "resolved": False},
                {"area": "knee", "side": "left", "when": "2015", "resolved": True},
            ],
        ),
        assessed_on=ASSESSED_ON,
    )
    assert a.contraindications == [
        "acute-low-back-flare",
        "flexion-intolerant-back",
        "hamstring-strain",
        "impact-intolerance",
        "sij-pain",
    ]
    assert a.mobility_needs == ["hip-flexor-mobility", "hip-rotation-mobility"]
    b = assess(
        make_intake({}, signs={"tight_hamstrings": "both", "low_back_pain_now": 5}),
        assessed_on=ASSESSED_ON,
    )
    assert b.mobility_needs == ["hamstring-mobility"]
    # pain 5/10 now is no flare, but moderate pain rules out jumps, hops and sprints
    assert b.contraindications == ["impact-intolerance"]
    c = assess(make_intake({}, signs={"low_back_pain_now": 3}), assessed_on=ASSESSED_ON)
    assert c.contraindications == []


def test_balance_impairment_is_set_from_the_tests() -> None:
    unsteady = {"left": {"pelvic_drop": True, "knee_valgus": True, "trunk_lean": False}}
    steady = {"pelvic_drop": False, "knee_valgus": False, "trunk_lean": False}
    a = assess(
        make_intake({"step-down-quality": {**unsteady, "right": steady}}), assessed_on=ASSESSED_ON
    )
    assert "balance-impairment" in a.contraindications
    one_fault = {"left": {**steady, "trunk_lean": True}, "right": steady}
    b = assess(make_intake({"step-down-quality": one_fault}), assessed_on=ASSESSED_ON)
    assert "balance-impairment" not in b.contraindications


def test_tags_are_from_the_shared_vocabularies() -> None:
    from slingcoach.assessment.findings import _INJURY_TAGS, _MOVEMENT_TAGS
    from slingcoach.vocab import CONTRAINDICATIONS

    assert set(_MOVEMENT_TAGS.values()) | set(_INJURY_TAGS.values()) <= set(CONTRAINDICATIONS)


def test_every_sample_finding_suggests_and_never_diagnoses() -> None:
    from pathlib import Path

    from slingcoach.assessment.io import load_intake

    samples = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.yaml"))
    # Field-test findings only: the samples' recordings are analysed by the CLI (tests/cli).
    texts = [
        f.text
        for path in samples
        for f in assess(load_intake(path), assessed_on=ASSESSED_ON).findings
    ]
    assert len(texts) >= 3
    for text in texts:
        assert "suggest" in text and text.endswith(
            "This is a coaching observation, not a diagnosis."
        )
        assert not any(word in text.lower() for word in ("diagnosed", "you have", "confirms"))


def test_fault_counts_are_counts_not_percentages() -> None:
    a = assess(
        make_intake(
            {
                "single-leg-squat-quality": {
                    "left": {"pelvic_drop": True, "knee_valgus": True, "trunk_lean": False},
                    "right": {"pelvic_drop": False, "knee_valgus": False, "trunk_lean": False},
                }
            }
        ),
        assessed_on=ASSESSED_ON,
    )
    (result,) = a.tests
    assert (result.left, result.right) == (2.0, 0.0)
    assert result.percent_difference is None and result.lsi is None
    assert result.status == "address" and result.weaker_side is Side.LEFT
