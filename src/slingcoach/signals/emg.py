"""Surface EMG: cleaning, envelopes, normalisation, onset/offset detection.

Functions follow the ``emg_<verb>`` vocabulary and take a :class:`Recording`
(positional-only) with keyword-only options. Onset detectors are chosen with
``method=`` and each cites its paper. Firing order and sling coupling live in
:mod:`slingcoach.signals.emg_firing`.

Everything is vectorised NumPy; SciPy filters are imported inside the functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np

from slingcoach.errors import AnalysisError, InvalidInputError, InvalidRecordingError
from slingcoach.signals.recording import FloatArray, Recording

OnsetMethod = Literal["hodges-bui", "tkeo", "bonato", "aglr"]
EnvelopeMethod = Literal["linear", "rms"]

ONSET_METHODS: tuple[str, ...] = get_args(OnsetMethod)

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


def _lowpass(x: FloatArray, cutoff_hz: float, fs: float, order: int = 2) -> FloatArray:
    """Zero-phase Butterworth low-pass (forward-backward, so the effective order doubles)."""
    from scipy.signal import butter, sosfiltfilt

    if cutoff_hz >= fs / 2:
        return x
    sos = butter(order, cutoff_hz, btype="lowpass", fs=fs, output="sos")
    return np.asarray(sosfiltfilt(sos, x, axis=0), dtype=float)


def _moving_mean(x: FloatArray, width: int) -> FloatArray:
    """Centred moving average of ``width`` samples (edges use the available samples)."""
    if width <= 1:
        return x
    c = np.concatenate(([0.0], np.cumsum(x)))
    n = x.shape[0]
    half = width // 2
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) - half + width, 0, n)
    return np.asarray((c[hi] - c[lo]) / (hi - lo), dtype=float)


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
) -> Recording:
    """Band-pass EMG channels with a zero-phase Butterworth filter (20–450 Hz, 4th order).

    The defaults follow SENIAM (Hermens et al. 2000) and De Luca et al. 2010 (20 Hz
    high-pass corner removes motion artefact and baseline wander). The filter runs
    forward and backward (``scipy.signal.sosfiltfilt``), so onsets are not delayed. A notch
    at ``notch_hz`` (e.g. 50 or 60 Hz, IIR notch of quality ``notch_q``) is applied only
    when asked. ``highcut_hz=None``-like behaviour: pass ``highcut_hz`` above Nyquist is an
    error; lower it for slowly sampled data.

    Raises :class:`InvalidRecordingError` if the sampling rate is too low for the band.
    """
    from scipy.signal import butter, iirnotch, sosfiltfilt, tf2sos

    fs = recording.sampling_rate_hz
    nyquist = fs / 2.0
    if not 0 < lowcut_hz < highcut_hz:
        raise InvalidInputError(
            f"need 0 < lowcut_hz < highcut_hz, got {lowcut_hz:g} and {highcut_hz:g}",
            source="emg_clean",
        )
    if highcut_hz >= nyquist:
        raise InvalidRecordingError(
            f"sampling rate {fs:g} Hz is too low for a band-pass up to {highcut_hz:g} Hz "
            f"(the Nyquist frequency is {nyquist:g} Hz); record at ≥ {2.2 * highcut_hz:g} Hz "
            f"(SENIAM recommends ≥ 1000 Hz) or lower highcut_hz below {nyquist:g}",
            source=recording.source,
        )
    sos = butter(order, [lowcut_hz, highcut_hz], btype="bandpass", fs=fs, output="sos")
    if notch_hz is not None:
        if not 0 < notch_hz < nyquist:
            raise InvalidInputError(
                f"notch_hz must be between 0 and {nyquist:g} Hz, got {notch_hz:g}",
                source="emg_clean",
            )
        b, a = iirnotch(notch_hz, notch_q, fs=fs)
        sos = np.vstack([sos, tf2sos(b, a)])
    names = _channels(recording, channels)
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
        data[name] = np.asarray(sosfiltfilt(sos, x - np.mean(x, axis=0), axis=0), dtype=float)
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
            env = np.maximum(_lowpass(np.abs(x), lowpass_hz, fs, order), 0.0)
        else:
            width = max(1, round(window_ms * fs / 1000.0))
            env = np.sqrt(np.maximum(_moving_mean(x * x, width), 0.0))
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
            refs[name] = float(np.max(_moving_mean(reference.data[name], width)))
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


@dataclass(frozen=True)
class OnsetResult:
    """Onsets and offsets of one channel.

    ``onsets_s[i]``/``offsets_s[i]`` bound the i-th activation; ``confidence[i]`` in 0-1
    grows with how far and how steadily the test function rose above the threshold in the
    first 100 ms (a slingcoach heuristic, not from the papers: ``stability × (1 − 1/r)``
    with ``r`` the mean excess over the baseline mean divided by the threshold's).
    ``threshold`` is on the method's test function; ``baseline_s`` the quiet window used.
    """

    channel: str
    method: str
    onsets_s: list[float]
    offsets_s: list[float]
    confidence: list[float]
    threshold: float
    baseline_s: tuple[float, float]
    baseline_mean: float
    baseline_sd: float
    parameters: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    @property
    def n(self) -> int:
        """Number of activations."""
        return len(self.onsets_s)


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) indices of the runs of True in a boolean array."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _clean_runs(
    starts: np.ndarray, ends: np.ndarray, min_active: int, min_inactive: int
) -> tuple[np.ndarray, np.ndarray]:
    """Bridge gaps shorter than ``min_inactive``, then drop activations shorter than ``min_active``."""
    if starts.size > 1 and min_inactive > 0:
        keep_gap = (starts[1:] - ends[:-1]) >= min_inactive
        starts = np.concatenate((starts[:1], starts[1:][keep_gap]))
        ends = np.concatenate((ends[:-1][keep_gap], ends[-1:]))
    keep = (ends - starts) >= min_active
    return starts[keep], ends[keep]


def _quiet_window(x: FloatArray, width: int) -> int:
    """Start index of the ``width``-sample window with the least energy (auto baseline)."""
    c = np.concatenate(([0.0], np.cumsum(x * x)))
    energy = c[width:] - c[:-width]
    return int(np.argmin(energy))


def _tkeo(x: FloatArray) -> FloatArray:
    """Teager–Kaiser energy operator ψ[n] = x[n]² − x[n−1]·x[n+1] (Kaiser 1990), ends copied."""
    psi = np.empty_like(x)
    psi[1:-1] = x[1:-1] * x[1:-1] - x[:-2] * x[2:]
    psi[0], psi[-1] = psi[1], psi[-2]
    return psi


def _bonato_xi(false_alarm: float, m: int, r0: int) -> tuple[float, float]:
    """Per-pair exceedance probability p and threshold xi of the Bonato 1998 detector.

    The detector alarms when ≥ r0 of m successive test values exceed xi; under the
    baseline each exceeds with probability p = exp(−xi/2) (chi-square, 2 degrees of
    freedom), so the window false-alarm rate is the binomial tail P(X ≥ r0; m, p). We solve
    it for p by bisection, then xi = −2·ln p.
    """
    from math import comb

    def tail(p: float) -> float:
        return sum(comb(m, i) * p**i * (1 - p) ** (m - i) for i in range(r0, m + 1))

    lo, hi = 1e-12, 1.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if tail(mid) > false_alarm:
            hi = mid
        else:
            lo = mid
    p = 0.5 * (lo + hi)
    return p, -2.0 * math.log(p)


@dataclass(frozen=True)
class _Detection:
    starts: np.ndarray
    ends: np.ndarray
    test: FloatArray
    raw_active: np.ndarray
    threshold: float
    mu: float
    sd: float
    index_scale: int


def _flat_baseline(b0: int, b1: int) -> AnalysisError:
    return AnalysisError(
        f"the baseline window (samples {b0}-{b1 - 1}) is flat (zero variance); the channel may "
        "be disconnected or constant: choose another baseline or check the channel"
    )


def _detect(
    x: FloatArray,
    fs: float,
    method: str,
    *,
    baseline: tuple[int, int],
    params: Mapping[str, float],
    min_active: int,
    min_inactive: int,
) -> _Detection:
    b0, b1 = baseline
    if method in ("hodges-bui", "tkeo"):
        # Hodges & Bui 1996: rectify, low-pass, moving-window mean vs baseline mean + h·SD.
        # Li, Zhou & Aruin 2007; Solnik 2010: TKEO first, then rectify and low-pass; the
        # threshold is computed on the TKEO-conditioned baseline.
        conditioned = np.abs(x) if method == "hodges-bui" else np.abs(_tkeo(x))
        test = _lowpass(conditioned, params["lowpass_hz"], fs)
        width = round(params["window_ms"] * fs / 1000.0)
        test = _moving_mean(test, width)
        base = test[b0:b1]
        mu, sd = float(np.mean(base)), float(np.std(base))
        if sd <= 0:
            raise _flat_baseline(b0, b1)
        threshold = mu + params["h"] * sd
        active = test > threshold
        starts, ends = _runs(active)
        starts, ends = _clean_runs(starts, ends, min_active, min_inactive)
        return _Detection(starts, ends, test, active, threshold, mu, sd, 1)
    if method == "aglr":
        return _aglr(
            x,
            fs,
            baseline=baseline,
            params=params,
            min_active=min_active,
            min_inactive=min_inactive,
        )
    # Bonato, D'Alessio & Knaflitz 1998: g = (x[k-1]² + x[k]²)/σ0² on non-overlapping pairs
    m, r0 = int(params["m"]), int(params["r0"])
    if not 1 <= r0 <= m:
        raise InvalidInputError(f"need 1 <= r0 <= m, got r0={r0}, m={m}", source="bonato")
    sigma2 = float(np.var(x[b0:b1]))
    if sigma2 <= 0:
        raise _flat_baseline(b0, b1)
    n_pairs = x.shape[0] // 2
    pairs = x[: 2 * n_pairs].reshape(n_pairs, 2)
    g = (pairs * pairs).sum(axis=1) / sigma2
    _, xi = _bonato_xi(params["false_alarm"], m, r0)
    exceed = g > xi
    c = np.concatenate(([0], np.cumsum(exceed)))
    counts = c[m:] - c[:-m]  # counts[j] = exceedances in pairs j .. j+m-1
    detect = np.zeros(n_pairs, dtype=bool)
    detect[m - 1 :] = counts >= r0  # trailing window ending at pair j
    starts, ends = _runs(detect)
    if starts.size:
        # refine: onset = first exceeding pair of the window that raised the alarm,
        # offset = one past the last exceeding pair before the alarm dropped
        idx = np.arange(n_pairs)
        last_exc = np.maximum.accumulate(np.where(exceed, idx, -1))
        next_exc = np.minimum.accumulate(np.where(exceed, idx, n_pairs)[::-1])[::-1]
        starts = next_exc[np.maximum(starts - m + 1, 0)]
        ends = last_exc[ends - 1] + 1
    # durations in pairs of samples
    starts, ends = _clean_runs(starts, ends, max(1, min_active // 2), max(1, min_inactive // 2))
    base_g = g[b0 // 2 : max(b0 // 2 + 1, b1 // 2)]
    return _Detection(starts, ends, g, exceed, xi, float(np.mean(base_g)), float(np.std(base_g)), 2)


def _glr(sum_x2: FloatArray, n: FloatArray, theta0: float) -> FloatArray:
    """Log-likelihood ratio of variance θ̂1 = sum_x2/n against θ0 for zero-mean Gaussian
    samples, counted for increases only: (n/2)·(r − ln r − 1), r = θ̂1/θ0 (Staude et al. 2001).
    """
    r = np.maximum(sum_x2 / n / theta0, 1e-300)
    return np.where(r > 1.0, 0.5 * n * (r - np.log(r) - 1.0), 0.0)


def _aglr(
    x: FloatArray,
    fs: float,
    *,
    baseline: tuple[int, int],
    params: Mapping[str, float],
    min_active: int,
    min_inactive: int,
) -> _Detection:
    """Approximated generalized likelihood ratio (AGLR-step) detector, Staude et al. 2001.

    Active where the windowed variance-increase LLR exceeds h both over the window ending at
    and the window starting at a sample (so the active region is not stretched by the window);
    each onset (offset) is then placed at the maximum-likelihood change time within
    ``search_ms`` before (after) the alarm.
    """
    b0, b1 = baseline
    n = x.shape[0]
    theta0 = float(np.mean(x[b0:b1] ** 2))
    if theta0 <= 0:
        raise _flat_baseline(b0, b1)
    width = max(2, round(params["window_ms"] * fs / 1000.0))
    search = max(1, round(params["search_ms"] * fs / 1000.0))
    h = params["h"]
    c = np.concatenate(([0.0], np.cumsum(x * x)))
    llr = _glr(c[width:] - c[:-width], np.full(n - width + 1, float(width)), theta0)
    trailing = np.zeros(n)
    trailing[width - 1 :] = llr  # window ending at k
    leading = np.zeros(n)
    leading[: n - width + 1] = llr  # window starting at k
    active = (trailing >= h) & (leading >= h)
    starts, ends = _runs(active)
    starts, ends = _clean_runs(starts, ends, min_active, min_inactive)
    refined_starts, refined_ends = [], []
    for s0, e0 in zip(starts.tolist(), ends.tolist(), strict=True):
        # onset: change time j maximising the LLR of the segment [j, k] (k a window past s0)
        k = min(n - 1, s0 + width)
        js = np.arange(max(0, s0 - width - search), s0 + 1)
        onset = int(js[np.argmax(_glr(c[k + 1] - c[js], (k - js + 1).astype(float), theta0))])
        # offset: last active sample j maximising the LLR of the segment [k, j]
        k = max(0, e0 - 1 - width)
        js = np.arange(e0 - 1, min(n, e0 + width + search))
        offset = int(js[np.argmax(_glr(c[js + 1] - c[k], (js - k + 1).astype(float), theta0))])
        refined_starts.append(onset)
        refined_ends.append(max(offset + 1, onset + 1))
    base = trailing[b0:b1]
    return _Detection(
        np.asarray(refined_starts, dtype=int),
        np.asarray(refined_ends, dtype=int),
        trailing,
        trailing >= h,
        h,
        float(np.mean(base)),
        float(np.std(base)),
        1,
    )


def _confidence(det: _Detection, fs: float) -> list[float]:
    """Per-onset confidence in [0, 1] (slingcoach measure, not from the literature).

    Over the first 100 ms of each activation: the fraction of samples the raw detector
    keeps active, times the margin ``1 − 1/r`` where ``r`` is the mean test value above the
    baseline mean in units of (threshold − baseline mean): 0 at the threshold, → 1 far above.
    """
    out = []
    span = max(1, round(0.1 * fs / det.index_scale))  # first 100 ms
    for s, e in zip(det.starts, det.ends, strict=True):
        stop = min(int(e), int(s) + span)
        segment = det.test[int(s) : stop]
        stability = float(np.mean(det.raw_active[int(s) : stop]))
        excess = det.threshold - det.mu
        r = (float(np.mean(segment)) - det.mu) / excess if excess > 0 else math.inf
        margin = 1.0 - 1.0 / r if r > 1 else 0.0
        out.append(round(max(0.0, min(1.0, stability * margin)), 3))
    return out


def _baseline_indices(
    time: FloatArray,
    x: FloatArray,
    fs: float,
    baseline: tuple[float, float] | Literal["auto"],
    baseline_ms: float,
    source: str,
    channel: str,
) -> tuple[int, int]:
    n = x.shape[0]
    if baseline == "auto":
        # a quarter of the recording at most, so short recordings still have activity outside it
        width = min(round(baseline_ms * fs / 1000.0), n // 4)
        if width < max(4, round(0.05 * fs)):
            raise InvalidRecordingError(
                f"channel {channel!r}: the recording ({n / fs:.3g} s) is too short to find a "
                "quiet baseline of at least 50 ms; give a longer recording or baseline=(start_s, end_s)",
                source=source,
            )
        start = _quiet_window(x, width)
        return start, start + width
    start_s, end_s = baseline
    b0 = int(np.searchsorted(time, start_s))
    b1 = int(np.searchsorted(time, end_s, side="right"))
    if b1 - b0 < max(4, round(0.05 * fs)):
        raise InvalidInputError(
            f"baseline ({start_s:g}, {end_s:g}) s holds {max(0, b1 - b0)} samples of channel "
            f"{channel!r}; give at least 50 ms inside the recording "
            f"({time[0]:.4g}–{time[-1]:.4g} s) or baseline='auto'",
            source="baseline",
        )
    return b0, b1


def onsets_array(
    x: FloatArray,
    sampling_rate_hz: float,
    *,
    method: OnsetMethod = "aglr",
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
    _check_method(method, ONSET_METHODS, "onset method")
    unknown = set(params) - set(ONSET_DEFAULTS[method])
    if unknown:
        raise InvalidInputError(
            f"unknown parameter(s) {', '.join(sorted(unknown))} for method {method!r}; "
            f"valid: {', '.join(ONSET_DEFAULTS[method])}",
            source="emg_onsets",
        )
    merged = {**ONSET_DEFAULTS[method], **params}
    fs = float(sampling_rate_hz)
    t = np.arange(x.shape[0]) / fs if time is None else time
    if method in ("hodges-bui", "tkeo") and merged["lowpass_hz"] >= fs / 2:
        raise InvalidRecordingError(
            f"channel {channel!r}: sampling rate {fs:g} Hz is too low for the "
            f"{merged['lowpass_hz']:g} Hz low-pass of {method!r}",
            source=source,
        )
    b0, b1 = _baseline_indices(t, x, fs, baseline, baseline_ms, source, channel)
    try:
        det = _detect(
            x,
            fs,
            method,
            baseline=(b0, b1),
            params=merged,
            min_active=round(min_active_ms * fs / 1000.0),
            min_inactive=round(min_inactive_ms * fs / 1000.0),
        )
    except AnalysisError as exc:  # say which file and channel
        raise AnalysisError(f"{source}, channel {channel!r}: {exc}") from exc
    conf = _confidence(det, fs)
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
            "baseline": "auto" if baseline == "auto" else list(baseline),
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
    method: OnsetMethod = "aglr",
    baseline: tuple[float, float] | Literal["auto"] = "auto",
    baseline_ms: float = 1000.0,
    min_active_ms: float = 50.0,
    min_inactive_ms: float = 50.0,
    clean: bool = True,
    lowcut_hz: float = 20.0,
    highcut_hz: float = 450.0,
    notch_hz: float | None = None,
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
        ``"aglr"`` — approximated generalized likelihood ratio of a variance increase over a
        sliding window (alarm at h), onset at the maximum-likelihood change time
        (Staude et al. 2001).
    baseline
        ``(start_s, end_s)`` of a quiet period, or ``"auto"``: the ``baseline_ms`` window
        (at most a quarter of the recording) of least energy. A 1 s window keeps the
        baseline SD estimate stable (500 ms gave several false alarms per minute).
    min_active_ms, min_inactive_ms
        Gaps shorter than ``min_inactive_ms`` are bridged, then activations shorter than
        ``min_active_ms`` are dropped.
    clean, lowcut_hz, highcut_hz, notch_hz
        Band-pass first with :func:`emg_clean` (set ``clean=False`` for cleaned data).
    **params
        Method parameters overriding :data:`ONSET_DEFAULTS` (``h``, ``lowpass_hz``,
        ``window_ms``; ``m``, ``r0``, ``false_alarm``; ``search_ms`` for aglr).

    Returns
    -------
    OnsetResult
        Onsets, offsets and per-onset confidence, with the threshold and parameters used.
    """
    rec = recording.select([channel])
    if clean:
        rec = emg_clean(rec, lowcut_hz=lowcut_hz, highcut_hz=highcut_hz, notch_hz=notch_hz)
    else:
        rec.check_time()
    x = rec.data[channel]
    if x.ndim != 1:
        raise InvalidRecordingError(
            f"channel {channel!r} is not one-dimensional", source=recording.source
        )
    result = onsets_array(
        x,
        rec.sampling_rate_hz,
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
    result.parameters.update(
        {"clean": clean, "lowcut_hz": lowcut_hz, "highcut_hz": highcut_hz, "notch_hz": notch_hz}
    )
    return result


def emg_process(
    recording: Recording,
    /,
    channels: str | Sequence[str] | None = None,
    *,
    method: OnsetMethod = "aglr",
    baseline: tuple[float, float] | Literal["auto"] = "auto",
    baseline_ms: float = 1000.0,
    min_active_ms: float = 50.0,
    min_inactive_ms: float = 50.0,
    lowcut_hz: float = 20.0,
    highcut_hz: float = 450.0,
    notch_hz: float | None = None,
    envelope_method: EnvelopeMethod = "linear",
    envelope_lowpass_hz: float = 6.0,
    envelope_window_ms: float = 100.0,
    reference: Recording | Mapping[str, float] | None = None,
    clean: bool = True,
    **params: float,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Clean, envelope and detect activations on every EMG channel.

    ``clean=False`` is for data already band-passed with ``lowcut_hz``, ``highcut_hz`` and
    ``notch_hz`` (for example by a caller that also runs :func:`emg_firing_order` on the
    same cleaned recording); those settings are then only reported.

    Returns ``(table, info)``: one row per activation ``{channel, muscle, side, onset_s,
    offset_s, duration_s, confidence, peak_envelope, mean_envelope, unit}`` and an info
    dict with the method, every parameter, the per-channel results (``info["channels"]``)
    and the sources.
    """
    names = _channels(recording, channels)
    if not names:
        raise InvalidRecordingError(
            f"no EMG channels to analyse (channels: {', '.join(recording.channels) or 'none'})",
            source=recording.source,
        )
    cleaned = (
        emg_clean(recording, names, lowcut_hz=lowcut_hz, highcut_hz=highcut_hz, notch_hz=notch_hz)
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
        unit_of = {**unit_of, **{n: "%MVC" for n in names}}
    table: list[dict[str, Any]] = []
    per_channel: list[dict[str, Any]] = []
    time = recording.time
    for name in names:
        label = recording.label(name)
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
                **params,
            )
        except AnalysisError as exc:
            # one unusable channel (flat, disconnected) must not stop the others
            per_channel.append(
                {
                    "name": name,
                    "muscle": label.muscle,
                    "side": label.side,
                    "onsets_s": [],
                    "offsets_s": [],
                    "confidence": [],
                    "threshold": None,
                    "baseline_s": None,
                    "error": str(exc),
                }
            )
            continue
        env = envelope.data[name]
        for on, off, conf in zip(res.onsets_s, res.offsets_s, res.confidence, strict=True):
            i0, i1 = int(np.searchsorted(time, on)), int(np.searchsorted(time, off, side="right"))
            seg = env[i0 : max(i1, i0 + 1)]
            table.append(
                {
                    "channel": name,
                    "muscle": label.muscle,
                    "side": label.side,
                    "onset_s": round(on, 6),
                    "offset_s": round(off, 6),
                    "duration_s": round(off - on, 6),
                    "confidence": conf,
                    "peak_envelope": float(np.max(seg)),
                    "mean_envelope": float(np.mean(seg)),
                    "unit": unit_of.get(name, ""),
                }
            )
        per_channel.append(
            {
                "name": name,
                "muscle": label.muscle,
                "side": label.side,
                "onsets_s": [round(v, 6) for v in res.onsets_s],
                "offsets_s": [round(v, 6) for v in res.offsets_s],
                "confidence": res.confidence,
                "threshold": res.threshold,
                "baseline_s": list(res.baseline_s),
            }
        )
    info: dict[str, Any] = {
        "method": method,
        "sampling_rate_hz": recording.sampling_rate_hz,
        "parameters": {
            **ONSET_DEFAULTS[method],
            **params,
            "baseline": "auto" if baseline == "auto" else list(baseline),
            "baseline_ms": baseline_ms,
            "min_active_ms": min_active_ms,
            "min_inactive_ms": min_inactive_ms,
            "band_pass_hz": [lowcut_hz, highcut_hz],
            "filter": "Butterworth 4th order, zero-phase (sosfiltfilt)",
            "notch_hz": notch_hz,
            "envelope": envelope_method,
            "envelope_lowpass_hz": envelope_lowpass_hz,
            "envelope_window_ms": envelope_window_ms,
            "normalised": reference is not None,
        },
        "channels": per_channel,
        "sources": {
            "band-pass": SOURCES["band-pass"],
            "envelope": SOURCES["linear envelope"],
            "onsets": SOURCES[method],
            **({"normalisation": SOURCES["normalisation"]} if reference is not None else {}),
        },
        "source": recording.source,
    }
    return table, info
