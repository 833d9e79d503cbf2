"""Simulated sensor signals with known answers, for tests, benchmarks and demos.

EMG part (``emg_simulate*``). The force-plate simulators live in
:mod:`slingcoach.signals.force_simulate`.

Surface EMG is modelled as band-limited Gaussian noise whose standard deviation follows
an amplitude envelope (the classic amplitude-modulated noise model of sEMG; De Luca
1979, "Physiology and mathematics of myoelectric signals"), plus white measurement noise,
an optional slow baseline wander and optional mains hum. Burst amplitudes are RMS values,
so the signal-to-noise ratio of a burst is ``20·log10(amplitude / noise_sd)`` dB.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np

from slingcoach.errors import InvalidInputError
from slingcoach.signals.recording import ChannelLabel, Event, FloatArray, Recording

BurstShape = Literal["abrupt", "ramped", "smooth"]


def _emg_carrier(n: int, sampling_rate_hz: float, rng: np.random.Generator) -> FloatArray:
    """Unit-RMS Gaussian noise band-limited to 30–250 Hz, the bulk of the sEMG spectrum."""
    from scipy.signal import butter, sosfilt

    high = min(250.0, 0.45 * sampling_rate_hz)
    sos = butter(2, [30.0, high], btype="bandpass", fs=sampling_rate_hz, output="sos")
    white = rng.standard_normal(n + 2000)
    shaped = sosfilt(sos, white)[2000:]  # drop the filter's start-up transient
    return np.asarray(shaped / np.std(shaped), dtype=float)


def _envelope(
    time: FloatArray,
    bursts: Sequence[tuple[float, ...]],
    shape: BurstShape,
    ramp_ms: float,
) -> FloatArray:
    env = np.zeros_like(time)
    for burst in bursts:
        onset_s, offset_s, amplitude = burst[:3]
        ramp_s = (burst[3] if len(burst) > 3 else ramp_ms) / 1000.0
        if offset_s <= onset_s:
            raise InvalidInputError(
                f"burst offset {offset_s} s must come after its onset {onset_s} s", source="bursts"
            )
        inside = (time >= onset_s) & (time < offset_s)
        if shape == "abrupt" or ramp_s <= 0:
            env[inside] = np.maximum(env[inside], amplitude)
            continue
        # rise over ramp_s from the onset and fall over ramp_s to the offset: linear in
        # amplitude ("ramped") or a raised cosine ("smooth", slow at both ends)
        t = time[inside]
        up = np.clip((t - onset_s) / ramp_s, 0.0, 1.0)
        down = np.clip((offset_s - t) / ramp_s, 0.0, 1.0)
        level = np.minimum(up, down)
        if shape == "smooth":
            level = 0.5 * (1.0 - np.cos(np.pi * level))
        env[inside] = np.maximum(env[inside], amplitude * level)
    return env


def emg_simulate(
    duration_s: float = 10.0,
    sampling_rate_hz: float = 2000.0,
    *,
    bursts: Sequence[tuple[float, ...]] = ((2.0, 3.0, 1.0),),
    noise_sd: float = 0.05,
    baseline_drift: float = 0.0,
    burst_shape: BurstShape = "abrupt",
    ramp_ms: float = 100.0,
    mains_hz: float | None = None,
    mains_amplitude: float = 0.0,
    channel: str = "EMG",
    unit: str = "mV",
    seed: int = 0,
) -> Recording:
    """Simulate one EMG channel with bursts at known times.

    Parameters
    ----------
    duration_s, sampling_rate_hz
        Length and rate of the signal.
    bursts
        ``(onset_s, offset_s, amplitude)`` per burst, or ``(onset_s, offset_s, amplitude,
        ramp_ms)`` to give that burst its own rise time; ``amplitude`` is the burst's RMS.
        The true onset is ``onset_s`` (for ramped and smooth bursts, the start of the rise).
    noise_sd
        Standard deviation of the white measurement noise (present everywhere).
    baseline_drift
        Amplitude of a slow baseline wander (0.2 and 0.7 Hz sines), which a band-pass removes.
    burst_shape, ramp_ms
        ``"abrupt"`` steps to full amplitude; ``"ramped"`` rises linearly over ``ramp_ms``;
        ``"smooth"`` rises as a raised cosine over ``ramp_ms`` (slow start, slow finish).
    mains_hz, mains_amplitude
        Optional mains hum (e.g. 50 Hz) to exercise the notch filter.
    seed
        Seed of the random generator: the same arguments give the same signal.

    Examples
    --------
    >>> rec = emg_simulate(5.0, 1000.0, bursts=[(1.0, 2.0, 1.0)], noise_sd=0.1, seed=1)
    >>> rec.n_samples, rec.channels
    (5000, ['EMG'])
    """
    if not (sampling_rate_hz > 0 and duration_s > 0):
        raise InvalidInputError(
            f"duration_s and sampling_rate_hz must be positive, got {duration_s!r}, {sampling_rate_hz!r}",
            source="duration_s" if not duration_s > 0 else "sampling_rate_hz",
        )
    rng = np.random.default_rng(seed)
    n = round(duration_s * sampling_rate_hz)
    time = np.arange(n, dtype=float) / sampling_rate_hz
    env = _envelope(time, bursts, burst_shape, ramp_ms)
    signal = env * _emg_carrier(n, sampling_rate_hz, rng) + noise_sd * rng.standard_normal(n)
    if baseline_drift:
        phases = rng.uniform(0, 2 * np.pi, size=2)
        # slow movement-artefact drift (0.2 and 0.7 Hz), far below the 20 Hz high-pass
        signal += baseline_drift * (
            np.sin(2 * np.pi * 0.2 * time + phases[0])
            + 0.5 * np.sin(2 * np.pi * 0.7 * time + phases[1])
        )
    if mains_hz and mains_amplitude:
        signal += mains_amplitude * np.sin(2 * np.pi * mains_hz * time)
    return Recording(
        time=time, data={channel: signal}, units={channel: unit}, source="emg_simulate"
    )


#: Default onset delays (ms after the trial's movement cue) per role in a prone hip extension:
#: hamstrings first, erector spinae next, gluteus maximus last, as in healthy people
#: (Sakamoto et al. 2009: semitendinosus → ES → Gmax; Lehman et al. 2004: Gmax delayed).
PHE_DELAYS_MS: dict[str, float] = {
    "hamstrings": 100.0,
    "erector-spinae-contralateral": 140.0,
    "erector-spinae-ipsilateral": 160.0,
    "gluteus-maximus": 200.0,
    "latissimus-dorsi-contralateral": 220.0,
}

_PHE_CHANNELS: dict[str, tuple[str, str]] = {
    "R_GMAX": ("gluteus-maximus", "right"),
    "L_GMAX": ("gluteus-maximus", "left"),
    "R_BF": ("biceps-femoris", "right"),
    "L_BF": ("biceps-femoris", "left"),
    "R_ES": ("erector-spinae", "right"),
    "L_ES": ("erector-spinae", "left"),
    "R_LATS": ("latissimus-dorsi", "right"),
    "L_LATS": ("latissimus-dorsi", "left"),
}


def _role(muscle: str, channel_side: str, leg: str) -> str | None:
    same = channel_side == leg
    if muscle == "gluteus-maximus":
        return "gluteus-maximus" if same else None
    if muscle == "biceps-femoris":
        return "hamstrings" if same else None
    if muscle == "erector-spinae":
        return "erector-spinae-ipsilateral" if same else "erector-spinae-contralateral"
    if muscle == "latissimus-dorsi":
        return None if same else "latissimus-dorsi-contralateral"
    return None


def emg_simulate_phe(
    *,
    trials_per_side: int = 3,
    delays_ms: Mapping[str, Mapping[str, float]] | None = None,
    jitter_ms: float = 10.0,
    amplitude: float = 1.0,
    noise_sd: float = 0.05,
    sampling_rate_hz: float = 2000.0,
    trial_period_s: float = 3.0,
    burst_s: float = 1.2,
    events: bool = True,
    seed: int = 0,
) -> tuple[Recording, dict[str, list[dict[str, float]]]]:
    """Simulate prone hip extension trials on 8 labelled channels, with known onsets.

    Right-leg trials come first, then left-leg trials. Each trial activates, after the
    cue, the leg's hamstrings (biceps femoris) and gluteus maximus, both erector spinae
    and the opposite latissimus dorsi, at ``delays_ms[side][role]`` (default
    :data:`PHE_DELAYS_MS`) plus Gaussian jitter of SD ``jitter_ms``.

    Returns the recording (events ``"Right PHE"``/``"Left PHE"`` at each cue when
    ``events``) and the truth: per channel, a list of ``{"trial", "onset_s"}``.
    """
    rng = np.random.default_rng(seed)
    delays = {
        side: {**PHE_DELAYS_MS, **dict((delays_ms or {}).get(side, {}))}
        for side in ("right", "left")
    }
    legs = ["right"] * trials_per_side + ["left"] * trials_per_side
    duration = 1.0 + trial_period_s * len(legs)
    cue_times = [1.0 + k * trial_period_s for k in range(len(legs))]
    truth: dict[str, list[dict[str, float]]] = {name: [] for name in _PHE_CHANNELS}
    bursts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in _PHE_CHANNELS}
    for k, (leg, cue) in enumerate(zip(legs, cue_times, strict=True)):
        for name, (muscle, side) in _PHE_CHANNELS.items():
            role = _role(muscle, side, leg)
            if role is None:
                continue
            onset = cue + (delays[leg][role] + rng.normal(0.0, jitter_ms)) / 1000.0
            bursts[name].append((onset, onset + burst_s, amplitude))
            truth[name].append({"trial": float(k), "onset_s": onset})
    data: dict[str, FloatArray] = {}
    for i, name in enumerate(_PHE_CHANNELS):
        single = emg_simulate(
            duration,
            sampling_rate_hz,
            bursts=bursts[name],
            noise_sd=noise_sd,
            burst_shape="ramped",
            ramp_ms=30.0,
            seed=seed * 101 + i,
        )
        data[name] = single.data["EMG"]
    time = np.arange(round(duration * sampling_rate_hz), dtype=float) / sampling_rate_hz
    evs = [
        Event(cue - 0.5, f"{leg.capitalize()} PHE")
        for leg, cue in zip(legs, cue_times, strict=True)
    ]
    recording = Recording(
        time=time,
        data=data,
        units=dict.fromkeys(data, "mV"),
        labels={name: ChannelLabel(muscle=m, side=s) for name, (m, s) in _PHE_CHANNELS.items()},
        events=tuple(evs) if events else (),
        source="emg_simulate_phe",
    )
    return recording, truth
