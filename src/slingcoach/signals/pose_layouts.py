"""Keypoint layouts of common 2D pose estimators, as landmark names in index order.

Names are the *subject's* sides, as every estimator labels them (MediaPipe Pose
``PoseLandmark`` enum; COCO-17 keypoint order of the COCO person-keypoints task;
OpenPose BODY_25 output order).
"""

from __future__ import annotations

from typing import Literal

Layout = Literal["mediapipe", "coco", "openpose"]

MEDIAPIPE_33: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)

COCO_17: tuple[str, ...] = (
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)

#: OpenPose BODY_25 keypoint order.
OPENPOSE_25: tuple[str, ...] = (
    "nose",
    "neck",
    "right_shoulder",
    "right_elbow",
    "right_wrist",
    "left_shoulder",
    "left_elbow",
    "left_wrist",
    "mid_hip",
    "right_hip",
    "right_knee",
    "right_ankle",
    "left_hip",
    "left_knee",
    "left_ankle",
    "right_eye",
    "left_eye",
    "right_ear",
    "left_ear",
    "left_big_toe",
    "left_small_toe",
    "left_heel",
    "right_big_toe",
    "right_small_toe",
    "right_heel",
)

LAYOUTS: dict[str, tuple[str, ...]] = {
    "mediapipe": MEDIAPIPE_33,
    "coco": COCO_17,
    "openpose": OPENPOSE_25,
}

#: The landmarks the frontal-plane angles need (present in both layouts).
REQUIRED: tuple[str, ...] = (
    "left_shoulder",
    "right_shoulder",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)


def layout_for_count(count: int) -> Layout | None:
    """The layout with ``count`` keypoints (33 → MediaPipe, 25 → OpenPose, 17 → COCO), or None."""
    if count == len(MEDIAPIPE_33):
        return "mediapipe"
    if count == len(OPENPOSE_25):
        return "openpose"
    if count == len(COCO_17):
        return "coco"
    return None
