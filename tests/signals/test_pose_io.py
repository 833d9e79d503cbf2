"""Keypoint readers and writers: CSV (long, wide), JSON (lists, flat COCO lists, dicts)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from slingcoach.errors import InvalidRecordingError
from slingcoach.signals.pose import pose_process
from slingcoach.signals.pose_io import (
    parse_pose_csv,
    parse_pose_json,
    pose_read,
    pose_to_csv,
    pose_to_json,
)
from slingcoach.signals.pose_layouts import COCO_17, MEDIAPIPE_33
from slingcoach.signals.pose_simulate import pose_simulate_sls


@pytest.fixture(scope="module")
def sim():
    return pose_simulate_sls(reps=2)


def _same_rows(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        for key in ("knee_fppa_deg", "pelvic_drop_deg", "trunk_lean_deg", "hip_adduction_deg"):
            assert getattr(y, key) == pytest.approx(getattr(x, key), abs=0.01)


@pytest.mark.parametrize("layout", ["mediapipe", "coco"])
def test_json_round_trip(sim, layout, tmp_path):
    path = tmp_path / "pose_trial.json"
    path.write_text(pose_to_json(sim.recording, layout=layout, fps=30))
    rec = pose_read(path)
    assert rec.channel("left_hip").shape == (sim.recording.n_samples, 3)
    assert rec.time[1] == pytest.approx(1 / 30)
    _same_rows(pose_process(sim.recording)[0], pose_process(rec)[0])


@pytest.mark.parametrize("wide", [False, True])
def test_csv_round_trip(sim, wide, tmp_path):
    path = tmp_path / "pose_trial.csv"
    path.write_text(pose_to_csv(sim.recording, layout="mediapipe", wide=wide))
    rec = pose_read(path)
    _same_rows(pose_process(sim.recording)[0], pose_process(rec)[0])


def test_long_csv_with_indices_and_fps():
    text = "frame,landmark,x,y,visibility\n" + "".join(
        f"{f},{i},{10 * i + f},{5 * i},0.9\n" for f in range(3) for i in range(33)
    )
    rec = parse_pose_csv(text, fps=25)
    assert rec.channel("left_hip")[2].tolist() == [232.0, 115.0, 0.9]  # index 23, frame 2
    assert rec.time[1] == pytest.approx(0.04)


def test_wide_csv_with_coco_indices():
    cols = ",".join(f"{i}_x,{i}_y,{i}_score" for i in range(17))
    row = ",".join(f"{i},{2 * i},1" for i in range(17))
    rec = parse_pose_csv(f"frame,{cols}\n0,{row}\n1,{row}\n")
    assert set(rec.channels) == set(COCO_17)
    assert rec.channel("left_knee")[0, :2].tolist() == [13.0, 26.0]


def test_flat_coco_json_and_empty_frames():
    flat = [float(v) for i in range(17) for v in (i, 2 * i, 0.8)]
    frames = [{"keypoints": flat}, {"keypoints": []}, {"keypoints": flat}]
    rec = parse_pose_json(frames, fps=10)
    assert rec.channel("right_ankle")[0].tolist() == [16.0, 32.0, 0.8]
    assert np.isnan(rec.channel("right_ankle")[1, 0])
    assert rec.time[2] == pytest.approx(0.2)


def test_mediapipe_landmark_dicts_normalised_with_image_size():
    lms = [{"x": i / 100, "y": i / 200, "visibility": 0.95} for i in range(33)]
    doc = {
        "image_width": 1000,
        "image_height": 500,
        "frames": [{"landmarks": lms, "timestamp_ms": 40}],
    }
    rec = parse_pose_json(doc)
    assert rec.channel("left_hip")[0, :2].tolist() == pytest.approx([230.0, 57.5])
    assert rec.units["left_hip"] == "px"
    bare = parse_pose_json([{"landmarks": lms}])
    assert bare.units["left_hip"] == "normalised"


def test_layout_names_are_the_subjects_sides():
    assert MEDIAPIPE_33[23] == "left_hip" and MEDIAPIPE_33[24] == "right_hip"
    assert COCO_17[11] == "left_hip" and COCO_17[16] == "right_ankle"


def test_reader_errors(tmp_path):
    with pytest.raises(InvalidRecordingError, match="20 keypoints per frame is neither"):
        parse_pose_json([[[0, 0, 1]] * 20])
    with pytest.raises(InvalidRecordingError, match="different keypoint counts"):
        parse_pose_json([[[0, 0, 1]] * 17, [[0, 0, 1]] * 33])
    with pytest.raises(InvalidRecordingError, match="no 'frame' column"):
        parse_pose_csv("landmark,x,y\n0,1,2\n")
    with pytest.raises(InvalidRecordingError, match=r"line 3: x is 'abc'"):
        parse_pose_csv("frame,landmark,x,y\n0,left_hip,1,2\n1,left_hip,abc,2\n")
    with pytest.raises(InvalidRecordingError, match="frame 0 appears twice"):
        parse_pose_csv("frame,left_hip_x,left_hip_y\n0,1,2\n0,1,2\n")
    bad = tmp_path / "pose_bad.json"
    bad.write_text("{not json")
    with pytest.raises(InvalidRecordingError, match=r"pose_bad.json, line 1: invalid JSON"):
        pose_read(bad)
    with pytest.raises(InvalidRecordingError, match="unknown keypoint file type"):
        pose_read(tmp_path / "x.bvh")


def test_json_dump_is_valid(sim):
    doc = json.loads(pose_to_json(sim.recording, layout="coco"))
    assert len(doc["frames"][0]["keypoints"]) == 17


def test_openpose_body25_people_frames(sim):
    from slingcoach.signals.pose_layouts import OPENPOSE_25

    rec = sim.recording
    frames = []
    for k in range(rec.n_samples):
        flat: list[float] = []
        for name in OPENPOSE_25:
            arr = rec.data.get(name)
            flat.extend([0.0, 0.0, 0.0] if arr is None else [float(v) for v in arr[k]])
        frames.append({"people": [{"pose_keypoints_2d": flat}, {"pose_keypoints_2d": []}]})
    frames.append({"people": []})  # nobody found in the last frame
    parsed = parse_pose_json(frames, fps=30)
    assert parsed.channel("left_hip").shape == (rec.n_samples + 1, 3)
    assert np.isnan(parsed.channel("left_hip")[-1, 0])
    _same_rows(pose_process(rec)[0], pose_process(parsed)[0])


class _FakeCapture:
    """Stands in for cv2.VideoCapture: `n` black 640×480 frames at 25 fps."""

    def __init__(self, n: int) -> None:
        self.n, self.k = n, 0

    def isOpened(self) -> bool:  # OpenCV's name
        return True

    def get(self, prop: int) -> float:
        return 25.0

    def read(self):
        if self.k >= self.n:
            return False, None
        self.k += 1
        return True, np.zeros((480, 640, 3), dtype=np.uint8)

    def release(self) -> None:
        pass


def _fake_backends(rec, missing_frame):
    """Fake cv2 and mediapipe.solutions.pose that return `rec`'s keypoints, normalised."""
    from types import SimpleNamespace

    names = MEDIAPIPE_33
    cv2 = SimpleNamespace(
        CAP_PROP_FPS=5,
        COLOR_BGR2RGB=4,
        VideoCapture=lambda path: _FakeCapture(rec.n_samples),
        cvtColor=lambda img, code: img,
    )

    class Pose:
        def __init__(self, **options):
            assert options["model_complexity"] == 1  # the model the wheels bundle
            self.k = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def process(self, rgb):
            k, self.k = self.k, self.k + 1
            if k == missing_frame:
                return SimpleNamespace(pose_landmarks=None)
            marks = []
            for name in names:
                arr = rec.data.get(name)
                x, y = (0.0, 0.0) if arr is None else (arr[k, 0] / 640, arr[k, 1] / 480)
                marks.append(SimpleNamespace(x=x, y=y, visibility=0.0 if arr is None else 0.9))
            return SimpleNamespace(pose_landmarks=SimpleNamespace(landmark=marks))

    return cv2, SimpleNamespace(Pose=Pose)


def test_video_to_keypoints_with_mediapipe_stand_ins(sim, tmp_path, monkeypatch):
    from slingcoach.signals import pose_io

    video = tmp_path / "pose_clip.mp4"
    video.write_bytes(b"not decoded by the stand-in")
    monkeypatch.setattr(pose_io, "_video_backends", lambda: _fake_backends(sim.recording, 3))
    rec = pose_read(video)
    assert rec.n_samples == sim.recording.n_samples
    assert rec.time[1] == pytest.approx(1 / 25)
    assert np.isnan(rec.channel("left_hip")[3, 0])  # no person in frame 3
    assert rec.channel("left_hip")[0, :2] == pytest.approx(sim.recording.channel("left_hip")[0, :2])
    _same_rows(pose_process(sim.recording)[0], pose_process(rec)[0])


def test_video_without_mediapipe_says_how_to_install(tmp_path, monkeypatch):
    import importlib

    from slingcoach.errors import InvalidInputError

    def refuse(name, *args):
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", refuse)
    video = tmp_path / "pose_clip.mp4"
    video.write_bytes(b"x")
    with pytest.raises(InvalidInputError, match="reading video needs OpenCV and MediaPipe"):
        pose_read(video)
