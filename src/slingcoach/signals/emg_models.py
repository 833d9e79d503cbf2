"""Typed results of the EMG analysis (pydantic, JSON out).

Onsets of one channel (:class:`OnsetResult`), the activation table and info of
:func:`~slingcoach.signals.emg.emg_process` (:class:`Activation`, :class:`EmgInfo`) and
the firing order of :func:`~slingcoach.signals.emg_firing.emg_firing_order`
(:class:`FiringOrderResult`). The JSON schema is documented in ``docs/signals-emg.md``.
Every time is in seconds from the recording's time axis, every delay in milliseconds.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from slingcoach.signals.emg_methods import OnsetMethod
from slingcoach.vocab import Side

#: Role of a muscle in the firing-order analysis.
Role = Literal["glute", "hamstrings", "erector-spinae", "latissimus-dorsi"]
TrialSplit = Literal["auto", "events", "gaps", "recordings"]
EnvelopeMethod = Literal["linear", "rms"]
Baseline = Literal["auto"] | tuple[float, float]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _check_alternate(onsets: list[float], offsets: list[float], what: str) -> None:
    """Onsets and offsets alternate and never overlap: on₀ < off₀ < on₁ < off₁ < …"""
    if len(onsets) != len(offsets):
        raise ValueError(f"{what}: {len(onsets)} onsets but {len(offsets)} offsets")
    for k, (on, off) in enumerate(zip(onsets, offsets, strict=True)):
        if not on <= off:
            raise ValueError(f"{what}: activation {k} ends ({off}) before it starts ({on})")
        if k + 1 < len(onsets) and not off < onsets[k + 1]:
            raise ValueError(
                f"{what}: activation {k + 1} starts ({onsets[k + 1]}) before activation {k} "
                f"ends ({off})"
            )


class OnsetResult(BaseModel):
    """Onsets and offsets of one channel.

    ``onsets_s[i]``/``offsets_s[i]`` bound the i-th activation; they alternate and never
    overlap. ``confidence[i]`` in 0-1 grows with how far and how steadily the test function
    rose above the threshold in the first 100 ms (a slingcoach heuristic, not from the
    papers). ``threshold`` is on the method's test function; ``baseline_s`` the quiet
    window the baseline statistics came from.
    """

    model_config = _FROZEN

    channel: str
    method: OnsetMethod
    onsets_s: list[float]
    offsets_s: list[float]
    confidence: list[float]
    threshold: float
    baseline_s: tuple[float, float]
    baseline_mean: float
    baseline_sd: float
    parameters: dict[str, float | str | bool | list[float] | None] = Field(default_factory=dict)
    source: str = ""

    @model_validator(mode="after")
    def _alternate(self) -> OnsetResult:
        _check_alternate(self.onsets_s, self.offsets_s, f"channel {self.channel!r}")
        if len(self.confidence) != len(self.onsets_s):
            raise ValueError(f"channel {self.channel!r}: one confidence per onset is needed")
        return self

    @property
    def n(self) -> int:
        """Number of activations."""
        return len(self.onsets_s)


class Activation(BaseModel):
    """One row of the activation table of :func:`~slingcoach.signals.emg.emg_process`."""

    model_config = _FROZEN

    channel: str
    muscle: str | None = None
    side: Side | None = None
    onset_s: float
    offset_s: float
    duration_s: float
    confidence: float
    peak_envelope: float
    mean_envelope: float
    unit: str = ""


class ChannelOnsets(BaseModel):
    """Per-channel outcome in :class:`EmgInfo`: the onsets, or why the channel was left out."""

    model_config = _FROZEN

    name: str
    muscle: str | None = None
    side: Side | None = None
    unit: str = ""
    onsets_s: list[float] = Field(default_factory=list)
    offsets_s: list[float] = Field(default_factory=list)
    confidence: list[float] = Field(default_factory=list)
    threshold: float | None = None
    baseline_s: tuple[float, float] | None = None
    error: str | None = Field(None, description="why the channel could not be analysed")

    @model_validator(mode="after")
    def _alternate(self) -> ChannelOnsets:
        _check_alternate(self.onsets_s, self.offsets_s, f"channel {self.name!r}")
        return self


class EmgParameters(BaseModel):
    """Every setting :func:`~slingcoach.signals.emg.emg_process` used."""

    model_config = _FROZEN

    onset: dict[str, float] = Field(description="the onset method's own parameters")
    baseline: Baseline
    baseline_ms: float
    min_active_ms: float
    min_inactive_ms: float
    band_pass_hz: tuple[float, float]
    filter: str = "Butterworth 4th order, causal (sosfilt)"
    notch_hz: float | None = None
    clean: bool = Field(True, description="False when the caller had band-passed the data")
    envelope: EnvelopeMethod = "linear"
    envelope_lowpass_hz: float = 6.0
    envelope_window_ms: float = 100.0
    normalised: bool = False


class EmgInfo(BaseModel):
    """How the activation table was made: method, rate, parameters, sources, per channel."""

    model_config = _FROZEN

    method: OnsetMethod
    sampling_rate_hz: float
    duration_s: float
    parameters: EmgParameters
    channels: list[ChannelOnsets]
    sources: dict[str, str]
    source: str


class FiringChannel(BaseModel):
    """A channel the firing order uses: its muscle, side and role."""

    model_config = _FROZEN

    muscle: str
    side: Side
    role: Role


class TrialOnsets(BaseModel):
    """One trial: its window, the leg that moved, each channel's first onset and the order."""

    model_config = _FROZEN

    index: int
    start_s: float
    end_s: float
    side: Side | None
    side_from: Literal["event", "onsets", "earliest hip-extensor onset", "unknown"]
    onsets_s: dict[str, float | None]
    delays_ms: dict[str, float | None] = Field(description="after the trial's first onset")
    order: list[str]
    glute_minus_hamstrings_ms: float | None
    source: str = ""


class OrderEntry(BaseModel):
    """A channel's mean delay after the first onset over one side's trials."""

    model_config = _FROZEN

    channel: str
    muscle: str
    side: Side
    role: Role
    mean_ms: float
    sd_ms: float | None
    n: int


class SideSummary(BaseModel):
    """Glute − hamstrings onset delay of one side over its trials, and the mean order."""

    model_config = _FROZEN

    side: Side
    n_trials: int
    delays_ms: list[float]
    mean_ms: float | None
    sd_ms: float | None
    glute_late: bool
    mean_order: list[OrderEntry]


class Coupling(BaseModel):
    """Gluteus maximus of ``side`` with the opposite latissimus dorsi (posterior oblique sling)."""

    model_config = _FROZEN

    side: Side
    glute_channel: str
    lat_channel: str
    overlap: float = Field(description="time both active / time either active")
    envelope_correlation: float
    onset_delays_ms: list[float] = Field(description="lat onset − glute onset per trial")
    onset_delay_mean_ms: float | None
    onset_delay_sd_ms: float | None


class FiringParameters(BaseModel):
    """Every setting :func:`~slingcoach.signals.emg_firing.emg_firing_order` used."""

    model_config = _FROZEN

    trials: TrialSplit
    trial_gap_s: float
    side_difference_sd: float
    min_confidence: float
    baseline: Baseline
    min_active_ms: float
    min_inactive_ms: float
    band_pass_hz: tuple[float, float]
    filter: str = "Butterworth 4th order, causal (sosfilt)"
    notch_hz: float | None = None
    onset: dict[str, float] = Field(description="the onset method's own parameters")


class FiringOrderResult(BaseModel):
    """Everything :func:`~slingcoach.signals.emg_firing.emg_firing_order` found.

    ``notes`` are the plain-language findings ("suggests", never a diagnosis).
    """

    model_config = _FROZEN

    method: OnsetMethod
    channels: dict[str, FiringChannel]
    trials: list[TrialOnsets]
    sides: dict[Side, SideSummary]
    side_difference_ms: float | None = Field(description="right mean delay − left mean delay")
    side_difference_flag: bool
    coupling: list[Coupling]
    notes: list[str]
    parameters: FiringParameters
    sources: dict[str, str]


#: The EMG results :func:`~slingcoach.signals.emg_firing.emg_evidence` hands to the assessment.
EmgEvidenceTest = Literal[
    "emg-glute-hamstring-onset-delay",
    "emg-posterior-oblique-sling-overlap",
    "emg-posterior-oblique-sling-onset-delay",
]


class EmgEvidence(BaseModel):
    """One left/right EMG result for the assessment (from :func:`emg_evidence`).

    ``side`` is the side the result points at (the later glute, the side with less
    glute – opposite lat overlap) when the analysis' own rule flagged one, else ``None``.
    """

    model_config = _FROZEN

    source: Literal["emg"] = "emg"
    test: EmgEvidenceTest
    side: Side | None
    left: float | None = Field(description="left side's value, in unit")
    right: float | None = Field(description="right side's value, in unit")
    unit: Literal["ms", "fraction"]
    note: str = Field(description="how the numbers were made, in words")


__all__ = [
    "Activation",
    "ChannelOnsets",
    "Coupling",
    "EmgEvidence",
    "EmgEvidenceTest",
    "EmgInfo",
    "EmgParameters",
    "FiringChannel",
    "FiringOrderResult",
    "FiringParameters",
    "OnsetResult",
    "OrderEntry",
    "Role",
    "SideSummary",
    "TrialOnsets",
    "TrialSplit",
]
