"""Frontal-plane angles from 2D keypoints: single-leg squat, step-down, single-leg stance.

Conventions (documented in ``docs/signals-force-pose.md``):

* Image coordinates have y pointing **down**; every angle here is computed after
  flipping to y up, so "lower" means lower in the room.
* Landmarks carry the **subject's** side (estimators label them so). Facing the camera,
  the subject's left appears on the image's right; from behind, on the image's left.
  The angles never use "image left": medial and lateral are taken from the pelvis
  (medial = towards the other hip), so the same formulas hold from the front or behind.
* Signs: knee FPPA positive = valgus (knee medial to the hip–ankle line; Willson &
  Davis 2008); hip adduction positive = knee towards the midline from the
  perpendicular to the pelvis; pelvic drop positive = the non-stance (swing) side lower
  (contralateral pelvic drop); trunk lean positive = towards the stance side.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from slingcoach.errors import AnalysisError, InvalidRecordingError, UnknownIdError
from slingcoach.signals.pose_layouts import REQUIRED
from slingcoach.signals.pose_models import (
    AngleName,
    PoseEvidence,
    PoseInfo,
    PoseParameters,
    PoseRep,
    PoseSideSummary,
    PoseTask,
    StanceArg,
    StanceBout,
)
from slingcoach.signals.recording import FloatArray, Recording
from slingcoach.vocab import Side

__all__ = ["ANGLE_NAMES", "TASKS", "pose_angles", "pose_evidence", "pose_process"]

Task = PoseTask
SideArg = StanceArg
TASKS: tuple[str, ...] = ("single-leg-squat", "step-down", "stance")
#: Per-side angle channels that pose_angles returns (with _left / _right suffixes).
ANGLE_NAMES: tuple[AngleName, ...] = ("knee_fppa", "hip_adduction", "pelvic_drop", "trunk_lean")

SOURCES: dict[str, str] = {
    "knee_fppa": "Willson JD, Davis IS 2008; Munro A, Herrington L, Carolan M. J Sport Rehabil "
    "2012;21:7-11 (2D frontal-plane projection angle at peak knee flexion)",
    "pelvic_drop": "contralateral pelvic drop: pelvic line vs horizontal (Dingenen et al. 2015)",
    "trunk_lean": "mid-hip to mid-shoulder line vs vertical, towards the stance side",
    "hip_adduction": "femur line vs the perpendicular to the pelvic line",
    "calibration": "angles relative to a standing calibration frame (slingcoach convention)",
}


def _xy_up(rec: Recording, name: str, min_visibility: float) -> FloatArray:
    """(n, 2) array of x and y-up for a landmark; NaN where visibility is too low."""
    try:
        arr = rec.data[name]
    except KeyError:
        raise InvalidRecordingError(
            f"missing landmark {name!r}; the frontal-plane angles need {', '.join(REQUIRED)}",
            source=rec.source,
        ) from None
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise InvalidRecordingError(
            f"landmark {name!r} has shape {arr.shape}; expected (frames, 2 or 3)", source=rec.source
        )
    out = np.column_stack([arr[:, 0], -arr[:, 1]]).astype(float)
    if arr.shape[1] >= 3:
        out[arr[:, 2] < min_visibility] = np.nan
    return out


def _deg(x: FloatArray) -> FloatArray:
    return np.degrees(x)


def _unit(v: FloatArray) -> FloatArray:
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = v / norm
    return out


def _dot(a: FloatArray, b: FloatArray) -> FloatArray:
    out: FloatArray = np.sum(a * b, axis=1)
    return out


def _cross(a: FloatArray, b: FloatArray) -> FloatArray:
    return a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]


def pose_angles(recording: Recording, /, *, min_visibility: float = 0.5) -> Recording:
    """Per-frame frontal-plane angles (degrees) for both sides.

    Returns a recording with channels ``knee_fppa_{side}``, ``hip_adduction_{side}``,
    ``pelvic_drop_{side}`` (the drop of the *other* side when ``side`` stands),
    ``trunk_lean_{side}`` (towards ``side``), ``hip_height_{side}`` and
    ``ankle_height_{side}`` (y up, in the keypoints' units) and ``leg_length_{side}``
    (hip–ankle distance). Frames whose landmarks are missing or below
    ``min_visibility`` give NaN.
    """
    p = {name: _xy_up(recording, name, min_visibility) for name in REQUIRED}
    mid_hip = (p["left_hip"] + p["right_hip"]) / 2
    mid_sh = (p["left_shoulder"] + p["right_shoulder"]) / 2
    trunk = mid_sh - mid_hip
    out: dict[str, FloatArray] = {}
    units: dict[str, str] = {}
    for side, other in (("left", "right"), ("right", "left")):
        hip, knee, ankle = p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]
        hip_o = p[f"{other}_hip"]
        medial = _unit(hip_o - hip)  # along the pelvis, towards the other hip
        # perpendicular to the pelvis, pointing down (y up: the one with negative y)
        perp = np.column_stack([medial[:, 1], -medial[:, 0]])
        flip = perp[:, 1] > 0
        perp[flip] *= -1
        thigh, shank = knee - hip, ankle - knee
        # FPPA: angle between the thigh and shank lines (Willson & Davis 2008); the sign
        # says on which side of the hip–ankle line the knee lies (medial = valgus, +).
        theta = np.arctan2(np.abs(_cross(thigh, shank)), _dot(thigh, shank))
        line = ankle - hip
        with np.errstate(invalid="ignore", divide="ignore"):
            along = _dot(thigh, line) / _dot(line, line)
        offset = thigh - along[:, None] * line
        sign = np.sign(_dot(offset, medial))
        sign[sign == 0] = 1.0
        out[f"knee_fppa_{side}"] = _deg(theta) * sign
        # Hip adduction: femur vs the perpendicular to the pelvis, + towards the midline.
        out[f"hip_adduction_{side}"] = _deg(np.arctan2(_dot(thigh, medial), _dot(thigh, perp)))
        # Contralateral pelvic drop with `side` as stance: + when the other hip is lower.
        out[f"pelvic_drop_{side}"] = _deg(
            np.arctan2(hip[:, 1] - hip_o[:, 1], np.abs(hip_o[:, 0] - hip[:, 0]))
        )
        # Trunk lean towards `side`: horizontal direction from the other hip to this hip.
        toward = np.sign(hip[:, 0] - hip_o[:, 0])
        out[f"trunk_lean_{side}"] = _deg(np.arctan2(trunk[:, 0] * toward, trunk[:, 1]))
        out[f"hip_height_{side}"] = hip[:, 1]
        out[f"ankle_height_{side}"] = ankle[:, 1]
        out[f"leg_length_{side}"] = np.linalg.norm(hip - ankle, axis=1)
        for name in ANGLE_NAMES:
            units[f"{name}_{side}"] = "deg"
    return recording.with_data(out, units=units)


def _runs(mask: np.ndarray[Any, np.dtype[np.bool_]]) -> list[tuple[int, int]]:
    """Inclusive (start, end) of each run of True."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, flag in enumerate(mask):
        if flag and start < 0:
            start = i
        elif not flag and start >= 0:
            runs.append((start, i - 1))
            start = -1
    if start >= 0:
        runs.append((start, len(mask) - 1))
    return runs


def pose_process(
    recording: Recording,
    /,
    *,
    task: Task = "single-leg-squat",
    stance_side: SideArg = "auto",
    calibration_frame: int | None = None,
    min_visibility: float = 0.5,
    lift_fraction: float = 0.05,
    min_depth_fraction: float = 0.05,
    min_bout_s: float = 0.3,
    calibration_s: float = 0.5,
) -> tuple[list[PoseRep], PoseInfo]:
    """Angles per repetition (at peak knee flexion) and per side, relative to standing.

    Parameters
    ----------
    task
        ``"single-leg-squat"`` and ``"step-down"``: one row per repetition, at the frame
        where the stance hip is lowest (peak knee flexion); ``"stance"``: one row per
        single-leg stance bout with the mean and peak angles.
    stance_side
        ``"auto"`` finds the stance leg per frame from the ankle heights: the lower ankle
        in single-leg squat and stance, the higher one (on the step) in a step-down.
    calibration_frame, calibration_s
        Index of a standing frame; default: the first frame with both ankles level and all
        landmarks seen. The calibration angles are the median over the still, level frames
        from there on, up to ``calibration_s``.
    lift_fraction
        Ankle height difference, as a fraction of leg length, that counts as one foot off
        the ground.
    min_depth_fraction
        Smallest hip descent (fraction of leg length) counted as a repetition.
    """
    from scipy.signal import find_peaks

    if task not in TASKS:
        raise UnknownIdError("pose task", str(task), list(TASKS))
    if stance_side not in ("auto", "left", "right"):
        raise UnknownIdError("stance side", str(stance_side), ["auto", "left", "right"])
    recording.check_time()
    ang = pose_angles(recording, min_visibility=min_visibility)
    n = ang.n_samples
    leg_l, leg_r = ang.channel("leg_length_left"), ang.channel("leg_length_right")
    leg = np.where(np.isnan(leg_l), leg_r, np.where(np.isnan(leg_r), leg_l, (leg_l + leg_r) / 2))
    dz = ang.channel("ankle_height_left") - ang.channel("ankle_height_right")
    rel = dz / leg  # > 0: left ankle higher
    seen = np.all(
        np.isfinite(
            np.column_stack(
                [ang.channel(f"{a}_{s}") for a in ANGLE_NAMES for s in ("left", "right")]
            )
        ),
        axis=1,
    )
    if not np.any(seen):
        raise AnalysisError(
            f"{recording.source}: no frame has all of {', '.join(REQUIRED)} visible "
            f"(visibility ≥ {min_visibility:g})"
        )
    if calibration_frame is None:
        level = np.flatnonzero(seen & (np.abs(rel) < lift_fraction))
        if level.size == 0:
            raise AnalysisError(
                f"{recording.source}: no standing calibration frame (both ankles level, all "
                "landmarks seen); give calibration_frame"
            )
        cal = int(level[0])
    else:
        if not 0 <= calibration_frame < n:
            raise InvalidRecordingError(
                f"calibration_frame {calibration_frame} is outside 0–{n - 1}",
                source=recording.source,
            )
        cal = calibration_frame
        if not seen[cal]:
            raise AnalysisError(
                f"{recording.source}: calibration frame {cal} lacks visible landmarks"
            )
    # The calibration is the median over the still, level frames from `cal` on (up to
    # calibration_s), so that one noisy frame does not shift every repetition.
    fps = 1.0 / float(np.median(np.diff(recording.time))) if n > 1 else 30.0
    still = seen & (np.abs(rel) < lift_fraction)
    cal_end = cal
    while cal_end + 1 < n and still[cal_end + 1] and cal_end + 1 - cal < calibration_s * fps:
        cal_end += 1
    window = slice(cal, cal_end + 1)

    def calib(name: str) -> float:
        return float(np.nanmedian(ang.channel(name)[window]))

    # stance side per frame: +1 left, −1 right, 0 both feet down
    lower_is_stance = task != "step-down"
    stance = np.zeros(n, dtype=int)
    lifted = np.abs(rel) >= lift_fraction
    left_lower = rel < 0
    stance[lifted & (left_lower == lower_is_stance)] = 1
    stance[lifted & (left_lower != lower_is_stance)] = -1
    if stance_side != "auto":
        stance[lifted] = 1 if stance_side == "left" else -1
    rows: list[PoseRep] = []
    warnings: list[str] = []
    bouts: list[StanceBout] = []
    for code, side in ((1, "left"), (-1, "right")):
        hip = ang.channel(f"hip_height_{side}")
        leg_cal = calib(f"leg_length_{side}")
        depth = (calib(f"hip_height_{side}") - hip) / leg_cal
        base: dict[str, float] = {a: calib(f"{a}_{side}") for a in ANGLE_NAMES}
        rep = 0
        for b0, b1 in _runs(stance == code):
            if (b1 - b0 + 1) / fps < min_bout_s:
                continue
            bouts.append(
                StanceBout(
                    side=Side(side),
                    start_s=float(recording.time[b0]),
                    end_s=float(recording.time[b1]),
                )
            )
            seg = np.where(seen[b0 : b1 + 1], depth[b0 : b1 + 1], np.nan)
            if task == "stance":
                rows.append(_stance_row(ang, side, b0, b1, base, seen, rep + 1))
                rep += 1
                continue
            if not np.any(np.isfinite(seg)):
                continue
            floor = min(0.0, float(np.nanmin(seg)))
            filled = np.nan_to_num(seg, nan=floor)
            peaks, _ = find_peaks(
                np.concatenate(([floor], filled, [floor])),
                height=min_depth_fraction,
                prominence=min_depth_fraction,
                distance=max(1, int(0.5 * fps)),  # slingcoach: reps at least 0.5 s apart
            )
            for pk in peaks - 1 + b0:
                rep += 1
                row: dict[str, Any] = {
                    "side": side,
                    "rep": rep,
                    "frame": int(pk),
                    "time_s": float(recording.time[pk]),
                    "depth_pct_leg": 100.0 * float(depth[pk]),
                }
                for a in ANGLE_NAMES:
                    raw = float(ang.channel(f"{a}_{side}")[pk])
                    row[f"{a}_deg"] = raw - base[a]
                    row[f"{a}_raw_deg"] = raw
                rows.append(PoseRep.model_validate(row))
        if rep == 0:
            warnings.append(f"no {task} repetition found with the {side} leg as stance")
    if not rows:
        raise AnalysisError(
            f"{recording.source}: no {task} repetition found on either side (hip descent of at "
            f"least {min_depth_fraction:.0%} of leg length with one foot off the ground)"
        )
    info = PoseInfo(
        method=(
            "frontal-plane angles from 2D keypoints (y flipped to point up; medial from the "
            "pelvis), per repetition at the lowest stance-hip frame, minus the standing "
            "calibration frame"
        ),
        task=task,
        calibration_frame=cal,
        calibration_frames=(cal, cal_end),
        calibration_angles_deg={
            f"{a}_{s}": calib(f"{a}_{s}") for a in ANGLE_NAMES for s in ("left", "right")
        },
        parameters=PoseParameters(
            stance_side=stance_side,
            min_visibility=min_visibility,
            lift_fraction=lift_fraction,
            min_depth_fraction=min_depth_fraction,
            min_bout_s=min_bout_s,
            calibration_s=calibration_s,
        ),
        summary=_summary(rows),
        stance_bouts=sorted(bouts, key=lambda b: b.start_s),
        sources=dict(SOURCES),
        warnings=warnings,
        frames=n,
        frames_with_all_landmarks=int(np.sum(seen)),
    )
    return rows, info


def _stance_row(
    ang: Recording, side: str, b0: int, b1: int, base: dict[str, float], seen: Any, bout: int
) -> PoseRep:
    sl = slice(b0, b1 + 1)
    ok = seen[sl]
    row: dict[str, Any] = {
        "side": side,
        "rep": bout,
        "frame": b0,
        "time_s": float(ang.time[b0]),
        "duration_s": float(ang.time[b1] - ang.time[b0]),
    }
    for a in ANGLE_NAMES:
        values = ang.channel(f"{a}_{side}")[sl][ok] - base[a]
        row[f"{a}_deg"] = float(np.mean(values))
        row[f"{a}_peak_deg"] = float(values[np.argmax(np.abs(values))])
    return PoseRep.model_validate(row)


def _summary(rows: list[PoseRep]) -> dict[Side, PoseSideSummary]:
    out: dict[Side, PoseSideSummary] = {}
    for side in (Side.LEFT, Side.RIGHT):
        mine = [r for r in rows if r.side == side]
        if not mine:
            continue
        s: dict[str, float] = {"n": len(mine)}
        for a in ANGLE_NAMES:
            vals = np.array([getattr(r, f"{a}_deg") for r in mine])
            s[f"{a}_deg"] = float(np.mean(vals))
            s[f"{a}_sd_deg"] = float(np.std(vals, ddof=1)) if vals.size > 1 else 0.0
        out[side] = PoseSideSummary.model_validate(s)
    return out


def pose_evidence(info: PoseInfo, /, *, min_difference_deg: float = 2.0) -> list[PoseEvidence]:
    """:class:`PoseEvidence` comparing sides: "right pelvic drop 8° vs left 3° in single leg squat".

    Side differences below ``min_difference_deg`` are left out: 2° is the low end of the
    2D FPPA's standard error of measurement (2–4°, Gwynne & Curran 2014).
    """
    left_summary, right_summary = info.summary.get(Side.LEFT), info.summary.get(Side.RIGHT)
    if left_summary is None or right_summary is None:
        return []
    words = {
        "knee_fppa": "knee valgus (FPPA)",
        "hip_adduction": "hip adduction",
        "pelvic_drop": "pelvic drop",
        "trunk_lean": "trunk lean",
    }
    out: list[PoseEvidence] = []
    task = info.task.replace("-", " ")
    for a in ANGLE_NAMES:
        left = float(getattr(left_summary, f"{a}_deg"))
        right = float(getattr(right_summary, f"{a}_deg"))
        if abs(right - left) < min_difference_deg:
            continue
        worse = "right" if right > left else "left"
        hi, lo = (right, left) if worse == "right" else (left, right)
        other = "left" if worse == "right" else "right"
        out.append(
            PoseEvidence(
                test=info.task,
                metric=a,
                left=round(left, 2),
                right=round(right, 2),
                difference=round(right - left, 2),
                larger_side=Side(worse),
                text=f"{worse} {words[a]} {hi:.0f}° vs {other} {lo:.0f}° in {task}",
            )
        )
    return out
