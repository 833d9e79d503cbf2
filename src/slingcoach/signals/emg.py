"""Surface EMG: cleaning, envelopes, normalisation, onset/offset detection.

Functions follow the ``emg_<verb>`` vocabulary and take a :class:`Recording`
(positional-only) with keyword-only options. Onset detectors are chosen with
``method=`` and each cites its paper. Firing order and sling coupling live in
:mod:`slingcoach.signals.emg_firing`.

Everything is vectorised NumPy; SciPy filters are imported inside the functions.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from slingcoach.errors import AnalysisError, InvalidInputError, InvalidRecordingError
from slingcoach.signals.emg_detectors import (
    baseline_indices,
    confidence,
    cumulative_energy,
    detect,
    lowpass,
    moving_mean,
)
from slingcoach.signals.emg_methods import DEFAULT_ONSET_METHOD, ONSET_METHODS, OnsetMethod
from slingcoach.signals.emg_models import (
    Activation,
    ChannelOnsets,
    EmgInfo,
    EmgParameters,
    EnvelopeMethod,
    OnsetResult,
)
from slingcoach.signals.recording import FloatArray, Recording
from slingcoach.vocab import Side

__all__ = [
    "DEFAULT_ONSET_METHOD",
    "ONSET_DEFAULTS",
    "ONSET_METHODS",
    "SOURCES",
    "Activation",
    "EmgInfo",
    "OnsetMethod",
    "OnsetResult",
    "emg_clean",
    "emg_envelope",
    "emg_normalize",
    "emg_onsets",
    "emg_process",
    "emg_rectify",
    "onsets_array",
]

#: Where each number comes from; copied into every ``info`` dict.
SOURCES: dict[str, str] = {
    "band-pass": "Hermens et al. 2000 (SENIAM), J Electromyogr Kinesiol 10:361-374; "
    "De Luca et al. 2010, J Biomech 43:1573-1579 (20 Hz high-pass corner)",
    "linear envelope": "Winter 2009, Biomechanics and Motor Control of Human Movement (rectify + low-pass)",
    "hodges-bui": "Hodges & Bui 1996, Electroencephalogr Clin Neurophysiol 101:511-519",
    "tkeo": "Li, Zhou & Aruin 2007, Ann Biomed Eng 35:1532-1538; Solnik et al. 2010, "
    "Eur J Appl Physiol 110:489-498",
    "bonato": "Bonato, D'Alessio & Knaflitz 1998, IEEE Trans Biomed Eng 45:287-299",
    "aglr": "Staude, Flachenecker, Daumer & Wolf 2001, EURASIP J Appl Signal Process 2001:67-81; "
    "Staude & Wolf 1999, Med Eng Phys 21:449-467",
    "aglr-ramp": "Staude, Flachenecker, Daumer & Wolf 2001, EURASIP J Appl Signal Process "
    "2001:67-81 (AGLR detection); Hinkley 1970, Biometrika 57:1-17 (maximum-likelihood change "
    "point); Bayley & Hammersley 1946, J R Stat Soc Suppl 8:184-197 (effective number of "
    "correlated samples)",
    "normalisation": "Burden 2010, J Electromyogr Kinesiol 20:1023-1035 (%MVC)",
}

#: Default parameters per onset method (documented in docs/signals-emg.md).
ONSET_DEFAULTS: dict[str, dict[str, float]] = {
    # Hodges & Bui 1996 tested LP 10/50/500 Hz, h = 1/2/3 SD, windows 20/50/100 ms; we keep
    # LP 50 Hz and a 25 ms window from their grid but default to h = 4: with h = 3 the smooth
    # envelope crossed the threshold for > 50 ms about once per 30 s of simulated Gaussian
    # baseline (tests/signals/test_emg.py); pass h=3 for the paper's value.
    "hodges-bui": {"lowpass_hz": 50.0, "window_ms": 25.0, "h": 4.0},
    # Li, Zhou & Aruin 2007 / Solnik 2010: TKEO, full-wave rectify, LP 50 Hz, mean + h·SD of the
    # conditioned baseline; h is study specific (6-15 in use): 8 keeps false alarms below 1 per
    # minute of Gaussian baseline in our simulations (tests/signals/test_emg.py).
    "tkeo": {"lowpass_hz": 50.0, "window_ms": 0.0, "h": 8.0},
    # Bonato 1998: test on pairs of samples, r0 of m successive values above xi, xi from the
    # false-alarm probability of the chi-square(2) law of the test under the baseline.
    "bonato": {"m": 5.0, "r0": 1.0, "false_alarm": 0.0001},
    # Staude et al. 2001 (AGLR-step): log-likelihood ratio of a variance increase over a
    # sliding window, alarm at h, then maximum-likelihood search of the change time. Their grid
    # was h 10-190 and windows of 50-190 samples; we scale the window in ms and tune h on
    # simulated Gaussian baselines (no false alarm in 30 s, tests/signals/test_emg.py).
    "aglr": {"window_ms": 25.0, "h": 20.0, "search_ms": 100.0},
    # AGLR with the LLR divided by the baseline's correlation factor (emg_ramp.py), so h and
    # h_low hold at any rate. h = 8 and h_low = 3 raised no false alarm in 40 min of
    # band-passed Gaussian noise at 1 and 2 kHz and found every burst of three seeds of the
    # simulations of benchmarks/bench_emg.py (h = 10 lost a short 5 dB burst; h = 6 marked
    # more 20 % wobbles of a real resting baseline); slingcoach choices. The change time is
    # searched search_ms before the alarm with fit_ms of the burst after it.
    "aglr-ramp": {"window_ms": 50.0, "h": 8.0, "h_low": 3.0, "search_ms": 500.0, "fit_ms": 300.0},
}


def _check_method(method: str, valid: Iterable[str], what: str) -> None:
    valid = tuple(valid)
    if method not in valid:
        raise InvalidInputError(
            f"unknown {what} {method!r}; choose one of: {', '.join(valid)}", source="method"
        )


def _channels(recording: Recording, channels: str | Sequence[str] | None) -> list[str]:
    if channels is None:
        return [n for n, v in recording.data.items() if v.ndim == 1]
    names = [channels] if isinstance(channels, str) else list(channels)
    for name in names:
        recording.channel(name)
    return names


# -- filters ---------------------------------------------------------------------------------


FilterPhase = Literal["causal", "zero"]


def filter_text(phase: str) -> str:
    """How the band-pass ran, for the ``info`` of a result."""
    how = "causal (sosfilt)" if phase == "causal" else "zero-phase (sosfiltfilt)"
    return f"Butterworth 4th order, {how}"


@dataclass(frozen=True)
class _BandPass:
    """The settings of :func:`emg_clean` (see there for their sources)."""

    lowcut_hz: float = 20.0
    highcut_hz: float = 450.0
    order: int = 4
    notch_hz: float | None = None
    notch_q: float = 30.0
    phase: FilterPhase = "causal"


@functools.lru_cache(maxsize=32)
def _design(fs: float, band: _BandPass) -> tuple[FloatArray, FloatArray]:
    """The band-pass (and notch) sections and ``sosfilt_zi`` of them (the state of a unit
    step), designed once per rate and settings: the design costs about as much as filtering
    a minute of EMG at 2 kHz. Callers copy them (SciPy's filter wants writable arrays)."""
    from scipy.signal import butter, iirnotch, sosfilt_zi, tf2sos

    sos = butter(
        band.order, [band.lowcut_hz, band.highcut_hz], btype="bandpass", fs=fs, output="sos"
    )
    if band.notch_hz is not None:
        b, a = iirnotch(band.notch_hz, band.notch_q, fs=fs)
        sos = np.vstack([sos, tf2sos(b, a)])
    return sos, sosfilt_zi(sos)


def _causal(sos: FloatArray, zi: FloatArray, x: FloatArray, fs: float) -> FloatArray:
    """Filter forward only, after an odd reflection of the first 0.25 s (so the start of
    the recording does not ring) that is then cut off. ``zi`` is ``sosfilt_zi(sos)``.

    The reflection is filtered first and its final state carries on into the signal: the
    same arithmetic as filtering the two joined, without a joined copy of the signal.
    """
    from scipy.signal import sosfilt

    pad = min(x.shape[0] - 1, round(0.25 * fs))
    state = zi * x[0]
    if pad:
        reflection = 2.0 * x[0] - x[pad:0:-1]
        _, state = sosfilt(sos, reflection, zi=zi * reflection[0])
    y, _ = sosfilt(sos, x, zi=state)
    return np.asarray(y, dtype=float)


def emg_clean(
    recording: Recording,
    /,
    channels: str | Sequence[str] | None = None,
    *,
    lowcut_hz: float = 20.0,
    highcut_hz: float = 450.0,
    order: int = 4,
    notch_hz: float | None = None,
    notch_q: float = 30.0,
    phase: FilterPhase = "causal",
) -> Recording:
    """Band-pass EMG channels with a Butterworth filter (20–450 Hz, 4th order).

    The band follows SENIAM (Hermens et al. 2000) and De Luca et al. 2010 (20 Hz high-pass
    corner removes motion artefact and baseline wander). A notch at ``notch_hz`` (e.g. 50 or
    60 Hz, IIR notch of quality ``notch_q``) is applied only when asked.

    ``phase="causal"`` (the default) runs the filter forward only, so no energy of a burst
    appears before the burst: a zero-phase band-pass (``phase="zero"``, forward and backward
    with ``sosfiltfilt``, which doubles the attenuation) spreads each burst backwards by up to
    50 ms at 1 kHz and 10 ms at 2 kHz above a quiet baseline, and at high SNR onsets were
    found that much early (slingcoach measurement, ``benchmarks/bench_emg.py``). The causal
    filter delays the EMG band (50-250 Hz) by 1-3 ms, far less than that.

    Raises :class:`InvalidRecordingError` if the sampling rate is too low for the band.
    """
    band = _BandPass(lowcut_hz, highcut_hz, order, notch_hz, notch_q, phase)
    return _band_pass(recording, _channels(recording, channels), recording.sampling_rate_hz, band)


def _band_pass(recording: Recording, names: list[str], fs: float, band: _BandPass) -> Recording:
    """:func:`emg_clean` of the channels ``names`` at the rate ``fs`` the caller has already
    read (reading it checks the whole time axis and takes a median of its steps)."""
    from scipy.signal import sosfiltfilt

    lowcut_hz, highcut_hz, notch_hz = band.lowcut_hz, band.highcut_hz, band.notch_hz
    _check_method(band.phase, get_args(FilterPhase), "filter phase")
    nyquist = fs / 2.0
    if not 0 < lowcut_hz < highcut_hz:
        raise InvalidInputError(
            f"need 0 < lowcut_hz < highcut_hz, got {lowcut_hz:g} and {highcut_hz:g}",
            source="lowcut_hz",
        )
    if highcut_hz >= nyquist:
        raise InvalidRecordingError(
            f"sampling rate {fs:g} Hz is too low for a band-pass up to {highcut_hz:g} Hz "
            f"(the Nyquist frequency is {nyquist:g} Hz); record at ≥ {2.2 * highcut_hz:g} Hz "
            f"(SENIAM recommends ≥ 1000 Hz) or lower highcut_hz below {nyquist:g}",
            source=recording.source,
        )
    if notch_hz is not None and not 0 < notch_hz < nyquist:
        raise InvalidInputError(
            f"notch_hz must be between 0 and {nyquist:g} Hz, got {notch_hz:g}",
            source="notch_hz",
        )
    sos, zi = (a.copy() for a in _design(fs, band))
    data = dict(recording.data)
    for name in names:
        x = recording.data[name]
        bad = np.flatnonzero(~np.isfinite(x))
        if bad.size:
            raise InvalidRecordingError(
                f"channel {name!r} is not a number at sample {int(bad[0])}; fill or cut the gap first",
                source=recording.source,
            )
        padlen = 3 * (2 * sos.shape[0] + 1)
        if x.shape[0] <= padlen:
            raise InvalidRecordingError(
                f"channel {name!r} has {x.shape[0]} samples, too few to filter (needs > {padlen})",
                source=recording.source,
            )
        centred = x - np.mean(x, axis=0)
        if band.phase == "causal":
            data[name] = _causal(sos, zi, centred, fs)
        else:
            data[name] = np.asarray(sosfiltfilt(sos, centred, axis=0), dtype=float)
    return recording.with_data(data)


def emg_rectify(recording: Recording, /, channels: str | Sequence[str] | None = None) -> Recording:
    """Full-wave rectification (absolute value) of the given channels."""
    names = _channels(recording, channels)
    data = dict(recording.data)
    for name in names:
        data[name] = np.abs(recording.data[name])
    return recording.with_data(data)


def emg_envelope(
    recording: Recording,
    /,
    channels: str | Sequence[str] | None = None,
    *,
    method: EnvelopeMethod = "linear",
    lowpass_hz: float = 6.0,
    order: int = 2,
    window_ms: float = 100.0,
) -> Recording:
    """Amplitude envelope of (cleaned) EMG channels.

    ``method="linear"``: full-wave rectify, then zero-phase Butterworth low-pass at
    ``lowpass_hz`` (linear envelope, Winter 2009; 6 Hz default, 6–10 Hz in use).
    ``method="rms"``: centred moving root-mean-square over ``window_ms`` (50–100 ms common).
    Run :func:`emg_clean` first: the envelope does not band-pass.
    """
    _check_method(method, get_args(EnvelopeMethod), "envelope method")
    fs = recording.sampling_rate_hz
    names = _channels(recording, channels)
    data = dict(recording.data)
    for name in names:
        x = recording.data[name]
        if method == "linear":
            if lowpass_hz >= fs / 2:
                raise InvalidRecordingError(
                    f"channel {name!r}: lowpass_hz {lowpass_hz:g} must be below the Nyquist "
                    f"frequency {fs / 2:g} Hz",
                    source=recording.source,
                )
            env = np.maximum(lowpass(np.abs(x), lowpass_hz, fs, order), 0.0)
        else:
            width = max(1, round(window_ms * fs / 1000.0))
            env = np.sqrt(np.maximum(moving_mean(x * x, width), 0.0))
        data[name] = env
    return recording.with_data(data)


def emg_normalize(
    recording: Recording,
    /,
    reference: Recording | Mapping[str, float],
    channels: str | Sequence[str] | None = None,
    *,
    window_ms: float = 500.0,
) -> Recording:
    """Express envelopes as % of a reference contraction (%MVC, Burden 2010).

    ``reference`` is either the envelope of a maximal voluntary contraction recording
    (same channel names; its reference value is the highest mean over ``window_ms``) or
    a mapping channel → reference value in the channel's unit. Units become ``"%MVC"``.
    """
    names = _channels(recording, channels)
    refs: dict[str, float] = {}
    for name in names:
        if isinstance(reference, Recording):
            if name not in reference.data:
                raise InvalidRecordingError(
                    f"the reference recording has no channel {name!r}; it has: "
                    f"{', '.join(reference.channels)}",
                    source=reference.source,
                )
            width = max(1, round(window_ms * reference.sampling_rate_hz / 1000.0))
            refs[name] = float(np.max(moving_mean(reference.data[name], width)))
        else:
            if name not in reference:
                raise InvalidInputError(
                    f"no reference value for channel {name!r}", source="reference", location=name
                )
            refs[name] = float(reference[name])
        if not (refs[name] > 0 and math.isfinite(refs[name])):
            raise InvalidInputError(
                f"the reference value of channel {name!r} must be positive, got {refs[name]!r}",
                source="reference",
            )
    data = dict(recording.data)
    units = dict(recording.units)
    for name in names:
        data[name] = recording.data[name] * (100.0 / refs[name])
        units[name] = "%MVC"
    return recording.with_data(data, units=units)


# -- onset detection -------------------------------------------------------------------------


def _method_parameters(method: str, params: Mapping[str, float]) -> dict[str, float]:
    """The method's defaults overridden by ``params``; unknown names are refused."""
    _check_method(method, ONSET_METHODS, "onset method")
    unknown = set(params) - set(ONSET_DEFAULTS[method])
    if unknown:
        raise InvalidInputError(
            f"unknown parameter(s) {', '.join(sorted(unknown))} for method {method!r}; "
            f"valid: {', '.join(ONSET_DEFAULTS[method])}",
            source=sorted(unknown)[0],
        )
    return {**ONSET_DEFAULTS[method], **{k: float(v) for k, v in params.items()}}


def onsets_array(
    x: FloatArray,
    sampling_rate_hz: float,
    *,
    method: OnsetMethod = DEFAULT_ONSET_METHOD,
    baseline: tuple[float, float] | Literal["auto"] = "auto",
    baseline_ms: float = 1000.0,
    min_active_ms: float = 50.0,
    min_inactive_ms: float = 50.0,
    time: FloatArray | None = None,
    channel: str = "EMG",
    source: str = "<memory>",
    **params: float,
) -> OnsetResult:
    """:func:`emg_onsets` on a bare, already band-passed array (used by the benchmark)."""
    merged = _method_parameters(method, params)
    fs = float(sampling_rate_hz)
    t = np.arange(x.shape[0]) / fs if time is None else time
    if method in ("hodges-bui", "tkeo") and merged["lowpass_hz"] >= fs / 2:
        raise InvalidRecordingError(
            f"channel {channel!r}: sampling rate {fs:g} Hz is too low for the "
            f"{merged['lowpass_hz']:g} Hz low-pass (lowpass_hz) of {method!r}",
            source=source,
        )
    energy = cumulative_energy(x)  # the baseline search and the AGLR detectors share it
    b0, b1 = baseline_indices(t, x, fs, baseline, baseline_ms, source, channel, energy=energy)
    try:
        det = detect(
            x,
            fs,
            method,
            baseline=(b0, b1),
            params=merged,
            min_active=round(min_active_ms * fs / 1000.0),
            min_inactive=round(min_inactive_ms * fs / 1000.0),
            auto_baseline=baseline == "auto",
            energy=energy,
        )
    except AnalysisError as exc:  # say which file and channel
        raise AnalysisError(f"{source}, channel {channel!r}: {exc}") from exc
    conf = confidence(det, fs)
    starts = det.starts * det.index_scale
    ends = np.minimum(det.ends * det.index_scale, x.shape[0]) - 1
    # an activation already running at the first sample has no observable onset
    keep = starts > 0
    return OnsetResult(
        channel=channel,
        method=method,
        onsets_s=[float(v) for v in t[starts[keep]]],
        offsets_s=[float(v) for v in t[ends[keep]]],
        confidence=[c for c, k in zip(conf, keep, strict=True) if k],
        threshold=float(det.threshold),
        baseline_s=(float(t[b0]), float(t[b1 - 1])),
        baseline_mean=det.mu,
        baseline_sd=det.sd,
        parameters={
            **merged,
            "baseline": "auto" if baseline == "auto" else [float(v) for v in baseline],
            "baseline_ms": baseline_ms,
            "min_active_ms": min_active_ms,
            "min_inactive_ms": min_inactive_ms,
        },
        source=source,
    )


def emg_onsets(
    recording: Recording,
    /,
    channel: str,
    *,
    method: OnsetMethod = DEFAULT_ONSET_METHOD,
    baseline: tuple[float, float] | Literal["auto"] = "auto",
    baseline_ms: float = 1000.0,
    min_active_ms: float = 50.0,
    min_inactive_ms: float = 50.0,
    clean: bool = True,
    lowcut_hz: float = 20.0,
    highcut_hz: float = 450.0,
    notch_hz: float | None = None,
    filter_phase: FilterPhase = "causal",
    **params: float,
) -> OnsetResult:
    """Find when a muscle switches on and off.

    Parameters
    ----------
    recording, channel
        The recording and the EMG channel to analyse.
    method
        ``"hodges-bui"`` — rectify, low-pass 50 Hz, 25 ms moving mean; active above the
        baseline mean + h·SD (h = 4; the paper's grid went to 3) (Hodges & Bui 1996).
        ``"tkeo"`` — Teager–Kaiser energy operator, rectify, low-pass 50 Hz; threshold
        mean + h·SD (h = 8) of the *TKEO-conditioned* baseline (Li, Zhou & Aruin 2007;
        Solnik et al. 2010).
        ``"bonato"`` — double threshold: ``(x[k−1]² + x[k]²)/σ0²`` on sample pairs against
        xi from a chi-square(2) false-alarm rate, alarm when ≥ r0 of m successive values
        exceed xi (Bonato, D'Alessio & Knaflitz 1998).
        ``"aglr"`` (the default, :data:`DEFAULT_ONSET_METHOD`) — approximated generalized
        likelihood ratio of a variance increase over a sliding window (alarm at h), onset at
        the maximum-likelihood change time (Staude et al. 2001).
    baseline
        ``(start_s, end_s)`` of a quiet period, or ``"auto"``: the ``baseline_ms`` window
        (at most a quarter of the recording) of least energy.
    min_active_ms, min_inactive_ms
        Gaps shorter than ``min_inactive_ms`` are bridged, then activations shorter than
        ``min_active_ms`` are dropped.
    clean, lowcut_hz, highcut_hz, notch_hz, filter_phase
        Band-pass first with :func:`emg_clean` (set ``clean=False`` for cleaned data).
    **params
        Method parameters overriding :data:`ONSET_DEFAULTS` (``h``, ``lowpass_hz``,
        ``window_ms``; ``m``, ``r0``, ``false_alarm``; ``search_ms`` for aglr).

    Returns
    -------
    OnsetResult
        Onsets, offsets (alternating, never overlapping) and per-onset confidence, with the
        threshold and parameters used.
    """
    rec = recording.select([channel])
    fs = rec.sampling_rate_hz  # checks the time axis too; read once for every stage
    if clean:
        band = _BandPass(lowcut_hz, highcut_hz, notch_hz=notch_hz, phase=filter_phase)
        rec = _band_pass(rec, [channel], fs, band)
    x = rec.data[channel]
    if x.ndim != 1:
        raise InvalidRecordingError(
            f"channel {channel!r} has shape {x.shape}; an EMG channel is one-dimensional",
            source=recording.source,
        )
    result = onsets_array(
        x,
        fs,
        method=method,
        baseline=baseline,
        baseline_ms=baseline_ms,
        min_active_ms=min_active_ms,
        min_inactive_ms=min_inactive_ms,
        time=rec.time,
        channel=channel,
        source=recording.source,
        **params,
    )
    extra = {
        "clean": clean,
        "lowcut_hz": lowcut_hz,
        "highcut_hz": highcut_hz,
        "notch_hz": notch_hz,
        "filter_phase": filter_phase,
    }
    return result.model_copy(update={"parameters": {**result.parameters, **extra}})


def _activation_rows(
    name: str,
    result: OnsetResult,
    time: FloatArray,
    envelope: FloatArray,
    muscle: str | None,
    side: Side | None,
    unit: str,
) -> list[Activation]:
    """One table row per activation, with the envelope's peak and mean over it."""
    rows = []
    for on, off, conf in zip(result.onsets_s, result.offsets_s, result.confidence, strict=True):
        i0, i1 = int(np.searchsorted(time, on)), int(np.searchsorted(time, off, side="right"))
        seg = envelope[i0 : max(i1, i0 + 1)]
        rows.append(
            Activation(
                channel=name,
                muscle=muscle,
                side=side,
                onset_s=round(on, 6),
                offset_s=round(off, 6),
                duration_s=round(off - on, 6),
                confidence=conf,
                peak_envelope=float(np.max(seg)),
                mean_envelope=float(np.mean(seg)),
                unit=unit,
            )
        )
    return rows


def _side(value: str | None) -> Side | None:
    return Side(value) if value in ("left", "right") else None


def emg_process(
    recording: Recording,
    /,
    channels: str | Sequence[str] | None = None,
    *,
    method: OnsetMethod = DEFAULT_ONSET_METHOD,
    baseline: tuple[float, float] | Literal["auto"] = "auto",
    baseline_ms: float = 1000.0,
    min_active_ms: float = 50.0,
    min_inactive_ms: float = 50.0,
    lowcut_hz: float = 20.0,
    highcut_hz: float = 450.0,
    notch_hz: float | None = None,
    filter_phase: FilterPhase = "causal",
    envelope_method: EnvelopeMethod = "linear",
    envelope_lowpass_hz: float = 6.0,
    envelope_window_ms: float = 100.0,
    reference: Recording | Mapping[str, float] | None = None,
    clean: bool = True,
    **params: float,
) -> tuple[list[Activation], EmgInfo]:
    """Clean, envelope and detect activations on every EMG channel.

    ``clean=False`` is for data already band-passed with ``lowcut_hz``, ``highcut_hz`` and
    ``notch_hz`` (for example by a caller that also runs
    :func:`~slingcoach.signals.emg_firing.emg_firing_order` on the same cleaned recording);
    those settings are then only reported.

    Returns ``(table, info)``: one :class:`Activation` per activation and an
    :class:`EmgInfo` with the method, every parameter, the per-channel outcome (a channel
    that cannot be analysed, e.g. flat, carries its ``error`` and does not stop the others)
    and the sources.
    """
    merged = _method_parameters(method, params)
    names = _channels(recording, channels)
    if not names:
        raise InvalidRecordingError(
            f"no EMG channels to analyse (channels: {', '.join(recording.channels) or 'none'})",
            source=recording.source,
        )
    cleaned = (
        emg_clean(
            recording,
            names,
            lowcut_hz=lowcut_hz,
            highcut_hz=highcut_hz,
            notch_hz=notch_hz,
            phase=filter_phase,
        )
        if clean
        else recording
    )
    envelope = emg_envelope(
        cleaned,
        names,
        method=envelope_method,
        lowpass_hz=envelope_lowpass_hz,
        window_ms=envelope_window_ms,
    )
    unit_of = dict(recording.units)
    if reference is not None:
        envelope = emg_normalize(envelope, reference, names)
        unit_of = {**unit_of, **dict.fromkeys(names, "%MVC")}
    table: list[Activation] = []
    per_channel: list[ChannelOnsets] = []
    for name in names:
        label = recording.label(name)
        side = _side(label.side)
        try:
            res = emg_onsets(
                cleaned,
                name,
                method=method,
                baseline=baseline,
                baseline_ms=baseline_ms,
                min_active_ms=min_active_ms,
                min_inactive_ms=min_inactive_ms,
                clean=False,
                filter_phase=filter_phase,
                **params,
            )
        except AnalysisError as exc:
            # one unusable channel (flat, disconnected) must not stop the others
            per_channel.append(
                ChannelOnsets(
                    name=name,
                    muscle=label.muscle,
                    side=side,
                    unit=recording.units.get(name, ""),
                    error=str(exc),
                )
            )
            continue
        table += _activation_rows(
            name,
            res,
            recording.time,
            envelope.data[name],
            label.muscle,
            side,
            unit_of.get(name, ""),
        )
        per_channel.append(
            ChannelOnsets(
                name=name,
                muscle=label.muscle,
                side=side,
                unit=recording.units.get(name, ""),
                onsets_s=[round(v, 6) for v in res.onsets_s],
                offsets_s=[round(v, 6) for v in res.offsets_s],
                confidence=res.confidence,
                threshold=res.threshold,
                baseline_s=res.baseline_s,
            )
        )
    info = EmgInfo(
        method=method,
        sampling_rate_hz=recording.sampling_rate_hz,
        duration_s=recording.duration_s,
        parameters=EmgParameters(
            onset=merged,
            baseline="auto" if baseline == "auto" else (float(baseline[0]), float(baseline[1])),
            baseline_ms=baseline_ms,
            min_active_ms=min_active_ms,
            min_inactive_ms=min_inactive_ms,
            band_pass_hz=(lowcut_hz, highcut_hz),
            filter=filter_text(filter_phase),
            notch_hz=notch_hz,
            clean=clean,
            envelope=envelope_method,
            envelope_lowpass_hz=envelope_lowpass_hz,
            envelope_window_ms=envelope_window_ms,
            normalised=reference is not None,
        ),
        channels=per_channel,
        sources={
            "band-pass": SOURCES["band-pass"],
            "envelope": SOURCES["linear envelope"],
            "onsets": SOURCES[method],
            **({"normalisation": SOURCES["normalisation"]} if reference is not None else {}),
        },
        source=recording.source,
    )
    return table, info
