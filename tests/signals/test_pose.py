"""Frontal-plane angles from keypoints whose angles are known exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest

from slingcoach.errors import AnalysisError, InvalidRecordingError, UnknownIdError
from slingcoach.signals import Recording
from slingcoach.signals.pose import pose_angles, pose_evidence, pose_process
from slingcoach.signals.pose_models import PoseInfo, PoseRep
from slingcoach.signals.pose_simulate import pose_simulate_sls
from slingcoach.vocab import Side

ANGLES = ("knee_fppa", "hip_adduction", "pelvic_drop", "trunk_lean")
PEAKS = {
    "left": {"pelvic_drop": 5.0, "trunk_lean": 3.0, "hip_adduction": 9.0, "knee_fppa": 10.0},
    "right": {"pelvic_drop": 10.0, "trunk_lean": 7.0, "hip_adduction": 14.0, "knee_fppa": 18.0},
}


def _one_frame(points: dict[str, tuple[float, float]]) -> Recording:
    data = {k: np.array([[x, y, 1.0]]) for k, (x, y) in points.items()}
    return Recording(time=np.array([0.0]), data=data)


def test_hand_computed_frame():
    # facing the camera: the subject's left hip is on the image's right; y points down
    rec = _one_frame(
        {
            "left_hip": (300, 400),
            "right_hip": (200, 400),
            "left_knee": (290, 600),  # 10 px towards the midline
            "right_knee": (200, 600),
            "left_ankle": (300, 800),
            "right_ankle": (200, 800),
            "left_shoulder": (310, 100),
            "right_shoulder": (210, 100),  # shoulders 10 px to the subject's left
        }
    )
    a = pose_angles(rec)
    assert a.channel("knee_fppa_left")[0] == pytest.approx(2 * math.degrees(math.atan(10 / 200)))
    assert a.channel("hip_adduction_left")[0] == pytest.approx(math.degrees(math.atan(10 / 200)))
    assert a.channel("knee_fppa_right")[0] == pytest.approx(0.0)
    assert a.channel("pelvic_drop_left")[0] == pytest.approx(0.0)
    lean = math.degrees(math.atan(10 / 300))
    assert a.channel("trunk_lean_left")[0] == pytest.approx(lean)
    assert a.channel("trunk_lean_right")[0] == pytest.approx(-lean)


def test_pelvic_drop_sign_with_image_y_down():
    pts = {
        "left_hip": (300, 400),
        "right_hip": (200, 400 + 100 * math.tan(math.radians(8))),  # right hip lower
        "left_knee": (300, 600),
        "right_knee": (200, 600),
        "left_ankle": (300, 800),
        "right_ankle": (200, 700),
        "left_shoulder": (300, 100),
        "right_shoulder": (200, 100),
    }
    a = pose_angles(_one_frame(pts))
    assert a.channel("pelvic_drop_left")[0] == pytest.approx(8.0)  # standing on the left
    assert a.channel("pelvic_drop_right")[0] == pytest.approx(-8.0)  # = a hip hike


def test_varus_is_negative():
    pts = {
        "left_hip": (300, 400),
        "right_hip": (200, 400),
        "left_knee": (315, 600),  # knee lateral: varus
        "right_knee": (200, 600),
        "left_ankle": (300, 800),
        "right_ankle": (200, 800),
        "left_shoulder": (300, 100),
        "right_shoulder": (200, 100),
    }
    assert pose_angles(_one_frame(pts)).channel("knee_fppa_left")[0] < 0


@pytest.fixture(scope="module")
def sls():
    sim = pose_simulate_sls(peaks=PEAKS, calibration={"hip_adduction": 3.0, "knee_fppa": 4.0})
    return sim, pose_process(sim.recording, task="single-leg-squat")


def test_sls_reps_and_relative_angles_are_exact(sls):
    sim, (rows, info) = sls
    for side in ("left", "right"):
        mine = [r for r in rows if r.side == side]
        truth = sim.truth[side]
        assert len(mine) == len(truth) == 3
        for row, t in zip(mine, truth, strict=True):
            assert row.frame == t["frame"]
            for a in ANGLES:
                assert getattr(row, f"{a}_deg") == pytest.approx(t[f"{a}_deg"], abs=1e-6), (side, a)
    assert info.calibration_frame == 0
    assert info.summary["right"].knee_fppa_deg == pytest.approx(14.0)


def test_mirrored_view_from_behind_gives_the_same_angles(sls):
    sim, (rows, _) = sls
    rec = sim.recording
    mirrored = rec.with_data(
        {k: np.column_stack([1280.0 - v[:, 0], v[:, 1], v[:, 2]]) for k, v in rec.data.items()}
    )
    rows2, _ = pose_process(mirrored)
    for a, b in zip(rows, rows2, strict=True):
        for angle in ANGLES:
            assert getattr(b, f"{angle}_deg") == pytest.approx(getattr(a, f"{angle}_deg"), abs=1e-9)


def test_noise_tolerance():
    # 1 px noise on a 400 px leg: FPPA over 200 px segments moves by ~0.5° (1 SD)
    sim = pose_simulate_sls(peaks=PEAKS, noise_px=1.0, seed=4)
    rows, _ = pose_process(sim.recording)
    right = [r for r in rows if r.side == "right"]
    assert len(right) == 3
    for r in right:
        assert r.knee_fppa_deg == pytest.approx(15.0, abs=2.5)
        assert r.pelvic_drop_deg == pytest.approx(10.0, abs=2.0)


def test_evidence_names_the_worse_side(sls):
    _, (_, info) = sls
    texts = [e.text for e in pose_evidence(info)]
    assert "right pelvic drop 10° vs left 5° in single leg squat" in texts
    assert all(e.larger_side is Side.RIGHT for e in pose_evidence(info))


def test_stance_task_gives_one_row_per_bout(sls):
    sim, _ = sls
    rows, _ = pose_process(sim.recording, task="stance")
    assert [r.side for r in rows] == ["left", "right"]
    assert rows[1].pelvic_drop_peak_deg == pytest.approx(10.0, abs=0.5)


def test_step_down_uses_the_higher_foot():
    sim = pose_simulate_sls(peaks=PEAKS, step_down=True)
    rows, _ = pose_process(sim.recording, task="step-down")
    for side in ("left", "right"):
        mine = [r for r in rows if r.side == side]
        assert [r.frame for r in mine] == [t["frame"] for t in sim.truth[side]]
        assert mine[0].pelvic_drop_deg == pytest.approx(PEAKS[side]["pelvic_drop"], abs=1e-6)
    # read as a single-leg squat, the lower (swinging) foot would be taken as stance
    rows2, _ = pose_process(sim.recording, task="single-leg-squat")
    assert all(r.pelvic_drop_raw_deg < 0 for r in rows2)


def test_no_repetition_found():
    sim = pose_simulate_sls(reps=1, depth=0.03)
    with pytest.raises(AnalysisError, match="no single-leg-squat repetition found"):
        pose_process(sim.recording)


def test_explicit_stance_side_and_calibration_frame(sls):
    sim, _ = sls
    rows, info = pose_process(sim.recording, stance_side="left", calibration_frame=5)
    assert info.calibration_frame == 5
    assert {r.side for r in rows} == {"left"}


def test_low_visibility_frames_are_skipped(sls):
    sim, (rows, _) = sls
    rec = sim.recording
    knee = rec.channel("right_knee").copy()
    peak = next(r.frame for r in rows if r.side == "right")
    knee[peak, 2] = 0.1
    data = dict(rec.data)
    data["right_knee"] = knee
    rows2, info = pose_process(rec.with_data(data))
    assert peak not in [r.frame for r in rows2]
    assert info.frames_with_all_landmarks == rec.n_samples - 1


def test_missing_landmark_is_named(sls):
    sim, _ = sls
    rec = sim.recording
    rest = {k: v for k, v in rec.data.items() if k != "left_ankle"}
    with pytest.raises(InvalidRecordingError, match="missing landmark 'left_ankle'"):
        pose_angles(rec.with_data(rest))


def test_bad_task_and_calibration():
    sim = pose_simulate_sls(reps=1)
    with pytest.raises(UnknownIdError, match="unknown pose task 'hop'"):
        pose_process(sim.recording, task="hop")  # type: ignore[arg-type]
    with pytest.raises(InvalidRecordingError, match="calibration_frame 9999 is outside"):
        pose_process(sim.recording, calibration_frame=9999)


def test_info_is_json(sls):
    _, (rows, info) = sls
    assert PoseInfo.model_validate_json(info.model_dump_json()) == info
    assert [PoseRep.model_validate_json(r.model_dump_json()) for r in rows] == rows
    assert "Willson" in info.sources["knee_fppa"]


@pytest.mark.parametrize("seed", range(4))
def test_angles_do_not_depend_on_image_position_or_scale(sls, seed):
    sim, _ = sls
    rec = sim.recording
    rng = np.random.default_rng(seed)
    scale, dx, dy = (
        float(rng.uniform(0.3, 3.0)),
        float(rng.uniform(-500, 500)),
        float(rng.uniform(-500, 500)),
    )
    moved = rec.with_data(
        {
            k: np.column_stack([v[:, 0] * scale + dx, v[:, 1] * scale + dy, v[:, 2]])
            for k, v in rec.data.items()
        }
    )
    a, b = pose_angles(rec), pose_angles(moved)
    for side in ("left", "right"):
        for name in ANGLES:
            np.testing.assert_allclose(
                b.channel(f"{name}_{side}"), a.channel(f"{name}_{side}"), atol=1e-9
            )
