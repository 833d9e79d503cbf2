"""Typed results of the 2D pose analysis (pydantic, JSON out).

:func:`~slingcoach.signals.pose.pose_process` returns ``(reps, info)``: one
:class:`PoseRep` per repetition (single-leg squat, step-down) or stance bout, and a
:class:`PoseInfo` saying how they were made. Angles are in degrees relative to the
standing calibration, with the signs of ``docs/signals-force-pose.md``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.vocab import Side

PoseTask = Literal["single-leg-squat", "step-down", "stance"]
StanceArg = Literal["auto", "left", "right"]
#: The frontal-plane angles per stance leg, in degrees (larger = more fault).
AngleName = Literal["knee_fppa", "hip_adduction", "pelvic_drop", "trunk_lean"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class PoseRep(BaseModel):
    """One repetition (at peak knee flexion) or one single-leg stance bout of one side."""

    model_config = _FROZEN

    side: Side = Field(description="the stance leg")
    rep: int = Field(description="1-based, per side")
    frame: int = Field(description="frame of peak knee flexion (first frame of a stance bout)")
    time_s: float
    depth_pct_leg: float | None = Field(None, description="hip descent, % of leg length")
    duration_s: float | None = Field(None, description="stance bouts: how long the bout lasted")
    knee_fppa_deg: float = Field(description="stance bouts: mean over the bout")
    hip_adduction_deg: float
    pelvic_drop_deg: float
    trunk_lean_deg: float
    knee_fppa_raw_deg: float | None = Field(None, description="before the calibration is taken off")
    hip_adduction_raw_deg: float | None = None
    pelvic_drop_raw_deg: float | None = None
    trunk_lean_raw_deg: float | None = None
    knee_fppa_peak_deg: float | None = Field(None, description="stance bouts: largest |angle|")
    hip_adduction_peak_deg: float | None = None
    pelvic_drop_peak_deg: float | None = None
    trunk_lean_peak_deg: float | None = None


class PoseSideSummary(BaseModel):
    """Mean and SD of each angle over one side's repetitions."""

    model_config = _FROZEN

    n: int
    knee_fppa_deg: float
    knee_fppa_sd_deg: float
    hip_adduction_deg: float
    hip_adduction_sd_deg: float
    pelvic_drop_deg: float
    pelvic_drop_sd_deg: float
    trunk_lean_deg: float
    trunk_lean_sd_deg: float


class StanceBout(BaseModel):
    """A stretch of frames with one foot off the ground."""

    model_config = _FROZEN

    side: Side
    start_s: float
    end_s: float


class PoseParameters(BaseModel):
    """Every setting :func:`~slingcoach.signals.pose.pose_process` used."""

    model_config = _FROZEN

    stance_side: StanceArg
    min_visibility: float
    lift_fraction: float
    min_depth_fraction: float
    min_bout_s: float
    calibration_s: float


class PoseInfo(BaseModel):
    """How the repetitions were found and measured, with the per-side summary."""

    model_config = _FROZEN

    method: str
    task: PoseTask
    calibration_frame: int
    calibration_frames: tuple[int, int] = Field(description="first and last calibration frame")
    calibration_angles_deg: dict[str, float]
    parameters: PoseParameters
    summary: dict[Side, PoseSideSummary]
    stance_bouts: list[StanceBout]
    sources: dict[str, str]
    warnings: list[str]
    frames: int
    frames_with_all_landmarks: int


class PoseEvidence(BaseModel):
    """One angle's side difference for the assessment (from ``pose_evidence``).

    ``larger_side`` is the stance leg with the larger angle (more fault).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: Literal["pose"] = "pose"
    test: PoseTask
    metric: AngleName
    left: float = Field(description="left stance leg's mean angle, degrees")
    right: float = Field(description="right stance leg's mean angle, degrees")
    unit: Literal["deg"] = "deg"
    difference: float = Field(description="right − left, degrees")
    larger_side: Side
    text: str


__all__ = [
    "AngleName",
    "PoseEvidence",
    "PoseInfo",
    "PoseParameters",
    "PoseRep",
    "PoseSideSummary",
    "PoseTask",
    "StanceArg",
    "StanceBout",
]
