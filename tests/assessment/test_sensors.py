"""Sensor results → evidence and findings (pure; hand-built analysis results, no files)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from slingcoach.assessment import Thresholds, assess
from slingcoach.assessment.findings import SidedMuscle
from slingcoach.assessment.intake import Recording
from slingcoach.assessment.sensors import (
    AGREE_BONUS,
    DISAGREE_PENALTY,
    SensorEvidence,
    emg_items,
    error_recording,
    force_items,
    ok_recording,
    pose_items,
)
from slingcoach.signals.emg_models import EmgEvidence
from slingcoach.signals.force_models import ForceEvidence
from slingcoach.signals.pose_models import PoseEvidence
from slingcoach.vocab import Side

from .helpers import ASSESSED_ON, make_intake

GLUTE_RIGHT_WEAK = {
    "single-leg-glute-bridge-reps": {"left": 25, "right": 20},
    "single-leg-hip-thrust-reps": {"left": 20, "right": 16},
}

EMG = Recording(path="phe.csv", kind="emg", task="prone-hip-extension")
CMJ = Recording(path="cmj.txt", kind="forceplate", task="cmj")
SLS = Recording(path="sls.csv", kind="pose", task="single-leg-squat")


def emg_delay(side: str | None, left: float = 20.0, right: float = 110.0) -> EmgEvidence:
    """The glute − hamstrings delay as ``signals.emg_firing.emg_evidence`` makes it."""
    return EmgEvidence(
        test="emg-glute-hamstring-onset-delay",
        side=None if side is None else Side(side),
        left=left,
        right=right,
        unit="ms",
        note="",
    )


def cmj_phase(phase: str, left: float, right: float) -> ForceEvidence:
    """One CMJ phase as ``signals.force.force_evidence`` makes it (net impulses in N·s)."""
    share = 100 * left / (left + right)
    return ForceEvidence(
        test="cmj",
        phase=phase,
        impulse_basis="net",
        metric=f"{phase} net impulse",
        left=left,
        right=right,
        asymmetry_pct=100 * (right - left) / (left + right),
        left_share_pct=share,
        larger_side=Side.LEFT if share > 50 else Side.RIGHT if share < 50 else None,
        sides_known=True,
        text=f"left leg {share:.0f} % of {phase} net impulse",
    )


def pose_metric(metric: str, left: float, right: float) -> PoseEvidence:
    """One angle as ``signals.pose.pose_evidence`` makes it (degrees, larger = worse)."""
    return PoseEvidence.model_validate(
        {
            "test": "single-leg-squat",
            "metric": metric,
            "left": left,
            "right": right,
            "difference": right - left,
            "larger_side": "right" if right > left else "left",
            "text": f"{metric} right {right:.0f}° vs left {left:.0f}°",
        }
    )


def sensors(*recs: Any) -> SensorEvidence:
    return SensorEvidence(recordings=list(recs))


# ---------------------------------------------------------------------------- builders
def test_emg_delay_item_reads_like_a_coach_would_say_it() -> None:
    [item] = emg_items([emg_delay("right")])
    assert item.text == "right glute onset 110 ms after right hamstrings; left 20 ms"
    assert item.side is Side.RIGHT and item.key and item.flagged_by_analysis
    assert item.size == pytest.approx(90.0)
    [early] = emg_items([emg_delay("left", left=-30.0, right=15.0)])
    assert early.text == "left glute onset 30 ms before left hamstrings; right 15 ms"


def test_emg_informational_items_point_nowhere() -> None:
    items = emg_items(
        [
            emg_delay(None),
            EmgEvidence(
                test="emg-posterior-oblique-sling-onset-delay",
                side=None,
                left=10.0,
                right=-5.0,
                unit="ms",
                note="lat minus glute",
            ),
        ]
    )
    assert [i.side for i in items] == [None, None]
    assert items[1].key is False and items[1].metric == "posterior-oblique-sling-onset-delay"
    assert items[1].text == (
        "left lat onset 5 ms before the right glute; right lat onset 10 ms after the left glute"
    )


def test_force_items_weaker_side_and_key_phase() -> None:
    items = force_items(
        [cmj_phase("braking", 55.0, 45.0), cmj_phase("propulsion", 58.0, 42.0)], "cmj"
    )
    braking, propulsion = items
    assert propulsion.key and not braking.key
    assert propulsion.side is Side.RIGHT  # the left leg did more: the right is weaker
    assert propulsion.size == pytest.approx(16.0)
    assert propulsion.text == "left leg 58 % of propulsion net impulse"


def test_evidence_of_another_kind_is_refused() -> None:
    with pytest.raises(TypeError, match=r"emg recording 'phe\.csv' given ForceEvidence"):
        ok_recording(EMG, evidence=[cmj_phase("propulsion", 58.0, 42.0)])


def test_force_with_assumed_plate_sides_is_reported_but_not_evidence() -> None:
    guessed = cmj_phase("propulsion", 60.0, 40.0).model_copy(update={"sides_known": False})
    [item] = force_items([guessed], "cmj")
    assert item.side is Side.RIGHT and not item.key
    a = assess(
        make_intake(GLUTE_RIGHT_WEAK),
        sensor_evidence=sensors(ok_recording(CMJ, evidence=[guessed])),
        assessed_on=ASSESSED_ON,
    )
    assert (
        a.sensors[0].used_in == []
        and a.findings == assess(make_intake(GLUTE_RIGHT_WEAK), assessed_on=ASSESSED_ON).findings
    )


def test_pose_items_point_at_the_worse_stance_leg() -> None:
    [item] = pose_items([pose_metric("pelvic_drop", 3.0, 8.0)])
    assert item.side is Side.RIGHT and item.size == pytest.approx(5.0)
    assert item.name == "pelvic drop" and item.key


# ---------------------------------------------------------------------------- mapping
def test_no_sensors_changes_nothing() -> None:
    intake = make_intake(GLUTE_RIGHT_WEAK)
    assert assess(intake, assessed_on=ASSESSED_ON) == assess(
        intake, sensor_evidence=SensorEvidence(), assessed_on=ASSESSED_ON
    )
    assert assess(intake, assessed_on=ASSESSED_ON).sensors == []


def test_emg_agreeing_raises_confidence_and_is_listed_as_evidence() -> None:
    intake = make_intake(GLUTE_RIGHT_WEAK)
    base = assess(intake, assessed_on=ASSESSED_ON).findings[0]
    rec = ok_recording(EMG, evidence=[emg_delay("right")])
    a = assess(intake, sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    [finding] = a.findings
    assert finding.id == "posterior-oblique-right"
    assert finding.confidence_score == pytest.approx(base.confidence_score + AGREE_BONUS)
    emg = [e for e in finding.evidence if e.source == "emg"]
    assert len(emg) == 1 and emg[0].agrees and emg[0].recording == "phe.csv"
    assert emg[0].left == 20.0 and emg[0].right == 110.0 and emg[0].weaker_side is Side.RIGHT
    assert "right glute onset 110 ms after right hamstrings; left 20 ms" in finding.text
    assert finding.text.endswith("not a diagnosis.")
    assert a.sensors[0].used_in == ["posterior-oblique-right"]


def test_emg_flag_also_backs_an_existing_deep_longitudinal_finding_only() -> None:
    with_dl = make_intake(
        {**GLUTE_RIGHT_WEAK, "single-leg-hamstring-bridge": {"left": 20, "right": 15}}
    )
    rec = ok_recording(EMG, evidence=[emg_delay("right")])
    a = assess(with_dl, sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    dl = next(f for f in a.findings if f.id == "deep-longitudinal-right")
    assert any(e.source == "emg" for e in dl.evidence)
    assert a.sensors[0].used_in == ["deep-longitudinal-right", "posterior-oblique-right"]
    # Without a deep-longitudinal finding from the field tests, none is made from EMG.
    b = assess(make_intake(GLUTE_RIGHT_WEAK), sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    assert {f.id for f in b.findings} == {"posterior-oblique-right"}


def test_emg_pointing_the_other_way_is_noted_and_lowers_confidence() -> None:
    intake = make_intake(GLUTE_RIGHT_WEAK)
    base = assess(intake, assessed_on=ASSESSED_ON).findings[0]
    rec = ok_recording(EMG, evidence=[emg_delay("left", left=150.0, right=30.0)])
    a = assess(intake, sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    assert [f.id for f in a.findings] == ["posterior-oblique-right"]  # no left finding made
    finding = a.findings[0]
    assert finding.confidence_score == pytest.approx(base.confidence_score - DISAGREE_PENALTY)
    [emg] = [e for e in finding.evidence if e.source == "emg"]
    assert emg.agrees is False and emg.weaker_side is Side.LEFT
    assert any("points the other way" in d for d in finding.disagreements)
    assert "points the other way" in finding.text


def test_unflagged_emg_is_reported_but_not_evidence() -> None:
    intake = make_intake(GLUTE_RIGHT_WEAK)
    rec = ok_recording(EMG, evidence=[emg_delay(None)])
    a = assess(intake, sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    assert a.findings == assess(intake, assessed_on=ASSESSED_ON).findings
    assert a.sensors[0].status == "ok" and a.sensors[0].used_in == []


def test_force_asymmetry_is_banded_with_the_assessment_thresholds() -> None:
    intake = make_intake(GLUTE_RIGHT_WEAK)
    rec = ok_recording(
        CMJ, evidence=[cmj_phase("braking", 70.0, 30.0), cmj_phase("propulsion", 58.0, 42.0)]
    )
    a = assess(intake, sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    [force] = [e for e in a.findings[0].evidence if e.source == "forceplate"]
    assert force.test == "forceplate-cmj-propulsion-net-impulse"  # braking is not the key phase
    assert force.status == "address" and force.weaker_side is Side.RIGHT
    assert force.asymmetry == pytest.approx(100 * 16 / 58, abs=0.01)  # (max − min)/max
    # 16 % is below a 20 % watch threshold: not evidence then.
    strict = assess(
        intake,
        thresholds=Thresholds(20.0, 30.0),
        sensor_evidence=sensors(rec),
        assessed_on=ASSESSED_ON,
    )
    assert not any(e.source == "forceplate" for f in strict.findings for e in f.evidence)
    # A near-even split is never evidence.
    even = ok_recording(CMJ, evidence=[cmj_phase("propulsion", 51.0, 49.0)])
    assert (
        assess(intake, sensor_evidence=sensors(even), assessed_on=ASSESSED_ON).sensors[0].used_in
        == []
    )


def test_agreement_bonus_is_capped() -> None:
    intake = make_intake(GLUTE_RIGHT_WEAK)
    base = assess(intake, assessed_on=ASSESSED_ON).findings[0].confidence_score
    recs = [
        ok_recording(EMG, evidence=[emg_delay("right")]),
        ok_recording(CMJ, evidence=[cmj_phase("propulsion", 60.0, 40.0)]),
        ok_recording(
            CMJ.model_copy(update={"path": "cmj2.txt"}),
            evidence=[cmj_phase("propulsion", 59.0, 41.0)],
        ),
    ]
    a = assess(intake, sensor_evidence=sensors(*recs), assessed_on=ASSESSED_ON)
    assert a.findings[0].confidence_score == pytest.approx(min(base + 0.20, 0.95))
    assert len([e for e in a.findings[0].evidence if e.source != "field-test"]) == 3


def test_pose_makes_a_sensor_only_lateral_finding_of_low_severity() -> None:
    intake = make_intake(
        {**GLUTE_RIGHT_WEAK, "side-plank-hold": {"left": 60, "right": 59}},
    )
    rec = ok_recording(
        SLS,
        evidence=[pose_metric("pelvic_drop", 3.0, 8.0), pose_metric("knee_fppa", 9.0, 10.0)],
    )
    a = assess(intake, sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    lateral = next(f for f in a.findings if f.sling == "lateral")
    assert lateral.id == "lateral-right" and lateral.side is Side.RIGHT
    assert lateral.severity == "low" and lateral.confidence == "low"
    # One recording 0.30, one symmetric field test of the sling (side plank) −0.05.
    assert lateral.confidence_score == pytest.approx(0.25)
    assert [e.test for e in lateral.evidence] == ["pose-single-leg-squat-pelvic-drop"]  # 1° < 4°
    assert SidedMuscle(side=Side.RIGHT, muscle="gluteus-medius") in lateral.muscles
    assert "side plank hold" in lateral.text and "suggests" in lateral.text
    assert a.findings[0].id == "posterior-oblique-right"  # field-test findings rank first


def test_two_sensor_kinds_make_a_stronger_sensor_only_finding() -> None:
    intake = make_intake()
    recs = [
        ok_recording(EMG, evidence=[emg_delay("left", left=200.0, right=60.0)]),
        ok_recording(CMJ, evidence=[cmj_phase("propulsion", 40.0, 60.0)]),
    ]
    a = assess(intake, sensor_evidence=sensors(*recs), assessed_on=ASSESSED_ON)
    [finding] = a.findings
    assert finding.id == "posterior-oblique-left" and finding.confidence_score == pytest.approx(
        0.45
    )
    assert [r.used_in for r in a.sensors] == [["posterior-oblique-left"]] * 2


def test_a_failed_recording_is_reported_and_the_rest_still_counts() -> None:
    intake = make_intake(GLUTE_RIGHT_WEAK)
    bad = error_recording(CMJ, "cmj.txt: file not found")
    good = ok_recording(EMG, evidence=[emg_delay("right")])
    a = assess(intake, sensor_evidence=sensors(bad, good), assessed_on=ASSESSED_ON)
    assert [r.status for r in a.sensors] == ["error", "ok"]
    assert a.sensors[0].error == "cmj.txt: file not found" and a.sensors[0].items == []
    assert any("cmj.txt: file not found" in note for note in a.notes)
    assert any(e.source == "emg" for e in a.findings[0].evidence)


def test_sensor_only_findings_are_flagged_under_red_flags() -> None:
    intake = make_intake(red_flags={"saddle-numbness": True})
    rec = ok_recording(SLS, evidence=[pose_metric("pelvic_drop", 9.0, 2.0)])
    a = assess(intake, sensor_evidence=sensors(rec), assessed_on=ASSESSED_ON)
    assert a.refer and a.findings and all(f.flagged for f in a.findings)
    assert a.findings[0].id == "lateral-left"


# ---------------------------------------------------------------------------- intake entries
def test_recording_options_must_fit_the_kind() -> None:
    ok = Recording.model_validate(
        {"path": "a.txt", "kind": "forceplate", "task": "cmj", "left": "FP1", "right": "FP2"}
    )
    assert ok.left == "FP1"
    with pytest.raises(ValidationError, match="forceplate task 'jump' is not one of: cmj"):
        Recording.model_validate({"path": "a.txt", "kind": "forceplate", "task": "jump"})
    with pytest.raises(ValidationError, match="option 'fps' does not apply to emg recordings"):
        Recording.model_validate({"path": "a.csv", "kind": "emg", "task": "phe", "fps": 30.0})
    with pytest.raises(ValidationError, match=r"either total .* or left/right"):
        Recording.model_validate(
            {"path": "a.txt", "kind": "forceplate", "task": "cmj", "total": "Fz", "left": "FP1"}
        )
    with pytest.raises(ValidationError, match="pose task"):
        Recording.model_validate({"path": "a.csv", "kind": "pose", "task": "cmj"})


def test_recording_entries_round_trip_through_json() -> None:
    intake = make_intake(
        recordings=[
            {
                "path": "a.csv",
                "kind": "emg",
                "task": "phe",
                "channels": {"EMG1": "right gluteus-maximus"},
            },
            {"path": "b.txt", "kind": "forceplate", "task": "cmj", "total": "Fz"},
            {"path": "c.json", "kind": "pose", "task": "step-down", "side": "left", "fps": 60.0},
        ]
    )
    again = type(intake).model_validate(intake.model_dump(mode="json", by_alias=True))
    assert again == intake and again.recordings[2].side is Side.LEFT
