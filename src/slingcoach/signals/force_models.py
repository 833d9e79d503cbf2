"""Typed results of the force-plate analysis (pydantic, JSON out).

The JSON schema is documented in ``docs/signals-force-pose.md``. Sign convention for
every ``asymmetry_pct``: ``(right − left) / (right + left) × 100`` (an index relative
to the total, as Bishop et al. 2018 recommend for bilateral tasks), so positive means
the right limb produced more, negative the left.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.vocab import Side

TrialType = Literal["cmj", "sj", "dj", "squat", "deadlift", "imtp"]
TrialArg = Literal["cmj", "sj", "dj", "squat", "deadlift", "imtp", "auto"]
Integration = Literal["auto", "forward", "backward"]


class ForcePhase(BaseModel):
    """One phase of a trial (or of one repetition of a lift)."""

    model_config = ConfigDict(frozen=True)

    name: str
    start_s: float
    end_s: float
    duration_s: float
    rep: int | None = Field(None, description="repetition number (1-based) for lift phases")
    mean_force_N: float
    peak_force_N: float
    impulse_Ns: float = Field(description="impulse of the summed force, basis as in impulse_basis")
    impulse_basis: Literal["net", "gross"] = Field(
        description="net: ∫(F − BW)dt, per limb ∫(F − BW/2)dt (Benjanuvatra 2013); gross: ∫F dt"
    )
    rfd_N_per_s: float | None = Field(None, description="mean RFD: (F_end − F_start)/duration")
    left_impulse_Ns: float | None = None
    right_impulse_Ns: float | None = None
    asymmetry_pct: float | None = Field(
        None, description="(R − L)/(R + L) × 100 of the limb impulses; None where undefined"
    )
    left_share_pct: float | None = Field(None, description="left limb's share of the impulse, %")
    left_mean_force_N: float | None = None
    right_mean_force_N: float | None = None
    left_peak_force_N: float | None = None
    right_peak_force_N: float | None = None
    axes_mean_N: dict[str, float] = Field(
        default_factory=dict, description="mean of other force axes (Fx, Fy) present, per channel"
    )


class ForceRep(BaseModel):
    """One repetition of a squat, deadlift or other lift."""

    model_config = ConfigDict(frozen=True)

    index: int
    start_s: float
    turn_s: float = Field(description="lowest (squat) or highest (bar pulled up) point")
    end_s: float
    excursion_m: float = Field(description="displacement from the standing level to the turn")
    left_share_pct: float | None = Field(None, description="left share of ∫F over the whole rep")
    asymmetry_pct: float | None = None
    phases: list[ForcePhase]


class ImtpMetrics(BaseModel):
    """Isometric mid-thigh pull figures (Comfort et al. 2019)."""

    model_config = ConfigDict(frozen=True)

    onset_s: float
    peak_force_N: float
    net_peak_force_N: float
    time_to_peak_s: float
    force_at_ms_N: dict[str, float] = Field(description="gross force at 50…250 ms after onset")
    rfd_N_per_s: dict[str, float] = Field(description="(F(t) − F(onset))/t for each t")
    net_impulse_Ns: dict[str, float] = Field(description="∫(F − BW)dt from onset to each t")
    left_peak_force_N: float | None = None
    right_peak_force_N: float | None = None
    left_force_at_ms_N: dict[str, float] = Field(default_factory=dict)
    right_force_at_ms_N: dict[str, float] = Field(default_factory=dict)
    peak_asymmetry_pct: float | None = Field(
        None, description="(R − L)/(R + L) × 100 of the forces at the instant of the total peak"
    )


class ForceEvent(BaseModel):
    """A detected instant (onset, take-off, landing, ...)."""

    model_config = ConfigDict(frozen=True)

    name: str
    time_s: float
    sample: int


class ForceParameters(BaseModel):
    """Every setting :func:`~slingcoach.signals.force.force_analyse` was called with."""

    model_config = ConfigDict(frozen=True)

    trial_type: TrialArg = Field(description="as asked ('auto' = detected from the trace)")
    left: str | None = None
    right: str | None = None
    total: str | None = None
    takeoff_threshold_N: float
    landing_threshold_N: float
    quiet_s: float
    onset_sd: float
    onset_backoff_ms: float
    min_run_ms: float
    integration: Integration
    position: str | None = None
    min_excursion_m: float
    clip_N: float | None = None
    refine_thresholds: bool
    weigh_s: tuple[float, float] | None = Field(
        None, description="quiet stance given for weighing (start_s, end_s); None = found"
    )


class ForceResult(BaseModel):
    """Everything one force-plate trial gave, with how it was made."""

    model_config = ConfigDict(frozen=True)

    trial_type: TrialType
    source: str
    sampling_rate_hz: float
    plates: Literal["single", "dual"]
    left_channel: str | None = None
    right_channel: str | None = None
    total_channel: str | None = None
    sides_known: bool = Field(
        True, description="False when left/right were assumed from plate numbers (FP1/FP2)"
    )
    body_weight_N: float
    body_weight_sd_N: float
    body_mass_kg: float
    weighing_start_s: float
    weighing_end_s: float
    weighing: Literal["found", "given"] = Field(
        "found", description="the quiet stance was found in the signal or given (weigh)"
    )
    onset_threshold_N: float | None = None
    takeoff_threshold_N: float | None = None
    landing_threshold_N: float | None = None
    integration: Literal["forward", "backward", "none"] = "none"
    jump_height_m: float | None = Field(None, description="impulse–momentum height, v_TO²/2g")
    jump_height_flight_m: float | None = Field(None, description="flight-time height, g·t²/8")
    takeoff_velocity_m_s: float | None = None
    flight_time_s: float | None = None
    time_to_takeoff_s: float | None = None
    rsi_mod: float | None = Field(None, description="jump height / time to take-off")
    contact_time_s: float | None = None
    rsi: float | None = Field(None, description="drop jump: flight-time height / contact time")
    phases: list[ForcePhase] = Field(default_factory=list)
    reps: list[ForceRep] = Field(default_factory=list)
    imtp: ImtpMetrics | None = None
    events: list[ForceEvent] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    parameters: ForceParameters


class ForceInfo(BaseModel):
    """How a trial was analysed, beside its phase table (:func:`~slingcoach.signals.force.force_process`)."""

    model_config = ConfigDict(frozen=True)

    method: str = Field(description="one paragraph: how body weight, events and heights were found")
    trial_type: TrialType
    parameters: ForceParameters
    sources: dict[str, str]
    warnings: list[str]
    result: ForceResult


class ForceEvidence(BaseModel):
    """One phase's left/right result for the assessment (from ``force_evidence``).

    ``larger_side`` is the leg with the larger share (``None`` for a tie to 0.1 %);
    ``sides_known`` is false when the plate sides were only assumed (FP1/FP2), and then
    ``text`` names the plate: "FP1 (taken as left) 57 % of propulsive net impulse".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: Literal["forceplate"] = "forceplate"
    test: TrialType = Field(description="the trial type")
    phase: str = Field(description="the phase's name, e.g. 'propulsion' (lifts: pooled reps)")
    impulse_basis: Literal["net", "gross"]
    metric: str = Field(description="phase and quantity in words: 'propulsion net impulse'")
    left: float = Field(description="left plate's impulse, N·s")
    right: float = Field(description="right plate's impulse, N·s")
    unit: Literal["N·s"] = "N·s"
    asymmetry_pct: float = Field(
        description="(R − L) / (R + L) × 100: positive, the right did more"
    )
    left_share_pct: float
    larger_side: Side | None
    sides_known: bool
    text: str
