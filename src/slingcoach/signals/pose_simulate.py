"""Synthetic 2D keypoints whose frontal-plane angles are known exactly.

A subject faces the camera (their left on the image's right). Each frame is built
from prescribed angles: pelvic drop ``δ``, trunk lean ``λ``, stance hip adduction
``α`` and knee FPPA ``φ``, and a hip descent ``depth`` (fraction of leg length). The
stance ankle stays on the floor; the projected thigh and shank shorten as the knee
flexes, which moves the hip down without changing the frontal-plane angles.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from slingcoach.errors import InvalidInputError
from slingcoach.signals.recording import FloatArray, Recording

__all__ = ["SimulatedPose", "pose_simulate_sls"]


@dataclass(frozen=True)
class SimulatedPose:
    """The keypoints and, per side, the relative angles at each repetition's deepest frame."""

    recording: Recording
    truth: dict[str, Any] = field(default_factory=dict)


_ANGLES = ("pelvic_drop", "trunk_lean", "hip_adduction", "knee_fppa")


def _rot(v: FloatArray, angle: float) -> FloatArray:
    c, s = math.cos(angle), math.sin(angle)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


def _frame(
    *,
    stance: str | None,
    angles: Mapping[str, float],
    depth: float,
    cal: Mapping[str, float],
    geometry: Mapping[str, float],
) -> dict[str, FloatArray]:
    """Keypoints (x, y-up) of one frame; stance None = standing on both feet."""
    thigh, shank, half_pelvis, trunk_len = (
        geometry["thigh"],
        geometry["shank"],
        geometry["half_pelvis"],
        geometry["trunk"],
    )
    pts: dict[str, FloatArray] = {}
    sides = ("left", "right") if stance is None else (stance,)
    for side in sides:
        lx = 1.0 if side == "left" else -1.0  # lateral direction in the image for this side
        a = angles if stance is not None else cal
        delta = math.radians(a["pelvic_drop"]) if stance is not None else 0.0
        alpha = math.radians(a["hip_adduction"])
        phi = math.radians(a["knee_fppa"])
        medial = -np.array([lx * math.cos(delta), math.sin(delta)])
        perp = np.array([medial[1], -medial[0]])
        if perp[1] > 0:
            perp = -perp
        f_hat = math.cos(alpha) * perp + math.sin(alpha) * medial
        w_hat = _rot(f_hat, lx * phi)
        # scale projected lengths so the hip sits depth·leg below its standing height
        full = -(thigh * f_hat[1] + shank * w_hat[1])
        target = geometry["stand_height"] - depth * geometry["leg"]
        c = target / full
        ankle = np.array([geometry["x0"] + lx * half_pelvis * geometry["stance_width"], 0.0])
        knee = ankle - c * shank * w_hat
        hip = knee - c * thigh * f_hat
        pts[f"{side}_ankle"], pts[f"{side}_knee"], pts[f"{side}_hip"] = ankle, knee, hip
        if stance is not None:
            other = "right" if side == "left" else "left"
            centre = hip + half_pelvis * medial
            hip_o = hip + 2 * half_pelvis * medial
            lam = math.radians(a["trunk_lean"])
            mid_sh = centre + trunk_len * np.array([lx * math.sin(lam), math.cos(lam)])
            if geometry["step_down"]:
                # the swing foot reaches down past the step's edge, below the stance foot
                ankle_o = np.array([hip_o[0], -0.1 * geometry["leg"] - depth * geometry["leg"]])
                knee_o = (hip_o + ankle_o) / 2
            else:
                knee_o = hip_o + np.array([0.0, -0.45 * thigh])
                ankle_o = knee_o + np.array([0.0, -0.35 * shank])  # foot held up in front
            pts[f"{other}_hip"], pts[f"{other}_knee"], pts[f"{other}_ankle"] = (
                hip_o,
                knee_o,
                ankle_o,
            )
    if stance is None:
        centre = (pts["left_hip"] + pts["right_hip"]) / 2
        mid_sh = centre + np.array([0.0, trunk_len])
    half_sh = geometry["half_shoulder"]
    pts["left_shoulder"] = mid_sh + np.array([half_sh, 0.0])
    pts["right_shoulder"] = mid_sh - np.array([half_sh, 0.0])
    return pts


def pose_simulate_sls(
    *,
    peaks: Mapping[str, Mapping[str, float]] | None = None,
    calibration: Mapping[str, float] | None = None,
    reps: int = 3,
    depth: float = 0.2,
    rep_s: float = 2.0,
    fps: float = 30.0,
    noise_px: float = 0.0,
    seed: int = 0,
    leg_px: float = 400.0,
    step_down: bool = False,
) -> SimulatedPose:
    """Single-leg squats: stand, left-leg reps, stand, right-leg reps, stand.

    With ``step_down=True`` the swing foot hangs below the stance foot (a step-down from
    a box) instead of being held up in front.

    ``peaks[side]`` gives the absolute angles (degrees) at the deepest frame of each rep
    (keys pelvic_drop, trunk_lean, hip_adduction, knee_fppa); ``calibration`` the
    standing hip adduction and knee FPPA. Angles move linearly with depth between the
    calibration and the peak. Truth: the peak angles minus the calibration angles.
    """
    cal = {"pelvic_drop": 0.0, "trunk_lean": 0.0, "hip_adduction": 2.0, "knee_fppa": 3.0}
    cal.update(calibration or {})
    default_peak = {"pelvic_drop": 6.0, "trunk_lean": 4.0, "hip_adduction": 10.0, "knee_fppa": 12.0}
    pk = {s: {**default_peak, **dict((peaks or {}).get(s, {}))} for s in ("left", "right")}
    if not 0.02 <= depth <= 0.5:
        raise InvalidInputError(f"depth must be between 0.02 and 0.5 of leg length, got {depth!r}")
    geometry = {
        "thigh": 0.5 * leg_px,
        "shank": 0.5 * leg_px,
        "leg": leg_px,
        "half_pelvis": 0.18 * leg_px,
        "half_shoulder": 0.25 * leg_px,
        "trunk": 0.6 * leg_px,
        "x0": 0.0,
        "stance_width": 1.0,
        "step_down": float(step_down),
    }
    # standing hip height of the calibration posture (the same for both legs by symmetry)
    a0, p0 = math.radians(cal["hip_adduction"]), math.radians(cal["knee_fppa"])
    perp = np.array([0.0, -1.0])
    med = np.array([-1.0, 0.0])
    f_hat = math.cos(a0) * perp + math.sin(a0) * med
    w_hat = _rot(f_hat, p0)
    geometry["stand_height"] = -(geometry["thigh"] * f_hat[1] + geometry["shank"] * w_hat[1])
    frames: list[dict[str, FloatArray]] = []
    truth: dict[str, Any] = {"calibration_frame": 0, "left": [], "right": []}
    per_rep = max(3, round(rep_s * fps))

    def stand(count: int) -> None:
        for _ in range(count):
            frames.append(_frame(stance=None, angles=cal, depth=0.0, cal=cal, geometry=geometry))

    stand(round(fps))
    for side in ("left", "right"):
        for _ in range(round(0.3 * fps)):  # foot lifted, not yet squatting
            frames.append(_frame(stance=side, angles=cal, depth=0.0, cal=cal, geometry=geometry))
        for _ in range(reps):
            for k in range(per_rep):
                u = (1 - math.cos(2 * math.pi * k / per_rep)) / 2  # 0 → 1 → 0, peak mid-rep
                a = {name: cal[name] + (pk[side][name] - cal[name]) * u for name in _ANGLES}
                frames.append(
                    _frame(stance=side, angles=a, depth=depth * u, cal=cal, geometry=geometry)
                )
                if k == per_rep // 2:
                    truth[side].append(
                        {
                            "frame": len(frames) - 1,
                            **{f"{name}_deg": pk[side][name] - cal[name] for name in _ANGLES},
                        }
                    )
            for _ in range(round(0.3 * fps)):
                frames.append(
                    _frame(stance=side, angles=cal, depth=0.0, cal=cal, geometry=geometry)
                )
        stand(round(fps))
    rng = np.random.default_rng(seed)
    n = len(frames)
    names = sorted(frames[0])
    data: dict[str, FloatArray] = {}
    height = 2.2 * leg_px
    for name in names:
        xy = np.array([fr[name] for fr in frames])
        x = xy[:, 0] + 640.0
        y = height - xy[:, 1]  # image y points down
        if noise_px:
            x = x + rng.normal(0.0, noise_px, n)
            y = y + rng.normal(0.0, noise_px, n)
        data[name] = np.column_stack([x, y, np.ones(n)])
    rec = Recording.from_rate(
        data, sampling_rate_hz=fps, units={k: "px" for k in data}, source="<simulated sls>"
    )
    truth["peaks"] = pk
    truth["calibration"] = cal
    return SimulatedPose(rec, truth)
