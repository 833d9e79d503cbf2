"""Onset detectors of :func:`slingcoach.signals.emg.emg_onsets`, on bare arrays.

Each detector turns a band-passed signal and a quiet baseline into runs of activity
(:class:`Detection`); :mod:`slingcoach.signals.emg` chooses the method, checks the input
and builds the typed result. The filters shared with the envelopes live here too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from slingcoach.errors import AnalysisError, InvalidInputError, InvalidRecordingError
from slingcoach.signals.recording import FloatArray


def lowpass(x: FloatArray, cutoff_hz: float, fs: float, order: int = 2) -> FloatArray:
    """Zero-phase Butterworth low-pass (forward-backward, so the effective order doubles)."""
    from scipy.signal import butter, sosfiltfilt

    if cutoff_hz >= fs / 2:
        return x
    sos = butter(order, cutoff_hz, btype="lowpass", fs=fs, output="sos")
    return np.asarray(sosfiltfilt(sos, x, axis=0), dtype=float)


def moving_mean(x: FloatArray, width: int) -> FloatArray:
    """Centred moving average of ``width`` samples (edges use the available samples)."""
    if width <= 1:
        return x
    c = np.concatenate(([0.0], np.cumsum(x)))
    n = x.shape[0]
    half = width // 2
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) - half + width, 0, n)
    return np.asarray((c[hi] - c[lo]) / (hi - lo), dtype=float)


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) indices of the runs of True in a boolean array.

    The mask is padded with False at both ends, so its changes alternate start, end, start…
    (comparing booleans is several times cheaper than differencing integers).
    """
    padded = np.zeros(mask.shape[0] + 2, dtype=bool)
    padded[1:-1] = mask
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    return changes[::2], changes[1::2]


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


def cumulative_energy(x: FloatArray) -> FloatArray:
    """``c[k]`` = Σ x[i]² over i < k (``c[0]`` = 0), so the energy of samples j … k − 1 is
    ``c[k] − c[j]``: computed once per signal for the baseline search and the detectors."""
    c = np.empty(x.shape[0] + 1)
    c[0] = 0.0
    np.cumsum(x * x, out=c[1:])
    return c


def _quiet_window(energy: FloatArray, width: int) -> int:
    """Start index of the ``width``-sample window with the least energy (auto baseline);
    ``energy`` is :func:`cumulative_energy` of the signal."""
    return int(np.argmin(energy[width:] - energy[:-width]))


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
class Detection:
    """Runs of activity found by one detector, in the detector's own index units.

    ``starts``/``ends`` (end exclusive) index ``test``, the detector's test function;
    ``index_scale`` samples make one index (2 for Bonato's pairs of samples).
    ``raw_active`` marks where the test is above ``threshold`` before the run rules;
    ``mu``/``sd`` are the test's mean and SD over the baseline. ``alarms`` are where the
    detector fired, when the onsets were then moved (``aglr-ramp``); the confidence is
    judged from there.
    """

    starts: np.ndarray
    ends: np.ndarray
    test: FloatArray
    raw_active: np.ndarray
    threshold: float
    mu: float
    sd: float
    index_scale: int
    alarms: np.ndarray | None = None


def flat_baseline(b0: int, b1: int) -> AnalysisError:
    return AnalysisError(
        f"the baseline window (samples {b0}-{b1 - 1}) is flat (zero variance); the channel may "
        "be disconnected or constant: choose another baseline or check the channel"
    )


def alternate(starts: np.ndarray, ends: np.ndarray, min_gap: int) -> tuple[np.ndarray, np.ndarray]:
    """Merge runs that overlap or are closer than ``min_gap``, so that onsets and offsets
    alternate: start₀ < end₀ ≤ start₁ < end₁ … (``ends`` exclusive).

    A refinement that moves an onset back or an offset forward can make neighbours overlap;
    two overlapping activations are one activation.
    """
    if starts.size < 2:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)  # the furthest end so far
    new = np.concatenate(([True], starts[1:] >= reach[:-1] + max(min_gap, 0)))
    group = np.cumsum(new) - 1
    merged_starts = starts[new]
    merged_ends = np.zeros(merged_starts.size, dtype=ends.dtype)
    np.maximum.at(merged_ends, group, ends)
    return merged_starts, merged_ends


def detect(
    x: FloatArray,
    fs: float,
    method: str,
    *,
    baseline: tuple[int, int],
    params: Mapping[str, float],
    min_active: int,
    min_inactive: int,
    auto_baseline: bool = False,
    energy: FloatArray | None = None,
) -> Detection:
    """Run the ``method`` detector; the runs it returns alternate and never overlap.

    ``auto_baseline`` says the baseline window was chosen automatically, so a detector that
    can re-estimate the noise from every quiet stretch (``aglr-ramp``) may do so. ``energy``
    is :func:`cumulative_energy` of ``x`` if the caller has it (the AGLR detectors use it).
    """
    from slingcoach.signals.emg_ramp import aglr_ramp

    kw: dict[str, Any] = {
        "baseline": baseline,
        "params": params,
        "min_active": min_active,
        "min_inactive": min_inactive,
    }
    if method in ("aglr-ramp", "aglr"):
        energy = cumulative_energy(x) if energy is None else energy
        if method == "aglr-ramp":
            det = aglr_ramp(x, fs, energy=energy, auto_baseline=auto_baseline, **kw)
        else:
            det = _aglr(x, fs, energy=energy, **kw)
    else:
        detector = {"hodges-bui": _hodges_bui, "tkeo": _tkeo_detector, "bonato": _bonato}[method]
        det = detector(x, fs, **kw)
    merged = alternate(det.starts, det.ends, max(1, min_inactive // det.index_scale))
    alarms = det.alarms
    if alarms is not None and merged[0].size != det.starts.size:
        # runs were merged: keep the first alarm of each merged run
        alarms = np.asarray([alarms[np.searchsorted(det.starts, s)] for s in merged[0]])
    return replace(det, starts=merged[0], ends=merged[1], alarms=alarms)


def _threshold_detector(
    conditioned: FloatArray,
    fs: float,
    *,
    baseline: tuple[int, int],
    params: Mapping[str, float],
    min_active: int,
    min_inactive: int,
) -> Detection:
    """Low-pass, moving mean, then active above the baseline mean + h·SD."""
    b0, b1 = baseline
    test = lowpass(conditioned, params["lowpass_hz"], fs)
    test = moving_mean(test, round(params["window_ms"] * fs / 1000.0))
    base = test[b0:b1]
    mu, sd = float(np.mean(base)), float(np.std(base))
    if sd <= 0:
        raise flat_baseline(b0, b1)
    threshold = mu + params["h"] * sd
    active = test > threshold
    starts, ends = _runs(active)
    starts, ends = _clean_runs(starts, ends, min_active, min_inactive)
    return Detection(starts, ends, test, active, threshold, mu, sd, 1)


def _hodges_bui(x: FloatArray, fs: float, **kw: Any) -> Detection:
    """Hodges & Bui 1996: rectify, low-pass, moving-window mean vs baseline mean + h·SD."""
    return _threshold_detector(np.abs(x), fs, **kw)


def _tkeo_detector(x: FloatArray, fs: float, **kw: Any) -> Detection:
    """Li, Zhou & Aruin 2007; Solnik et al. 2010: TKEO, rectify, low-pass; the threshold is
    mean + h·SD of the TKEO-conditioned baseline."""
    return _threshold_detector(np.abs(_tkeo(x)), fs, **kw)


def _bonato(
    x: FloatArray,
    fs: float,
    *,
    baseline: tuple[int, int],
    params: Mapping[str, float],
    min_active: int,
    min_inactive: int,
) -> Detection:
    """Bonato, D'Alessio & Knaflitz 1998: g = (x[k−1]² + x[k]²)/σ0² on non-overlapping pairs;
    alarm when ≥ r0 of m successive g exceed xi."""
    b0, b1 = baseline
    m, r0 = int(params["m"]), int(params["r0"])
    if not 1 <= r0 <= m:
        raise InvalidInputError(f"need 1 <= r0 <= m, got r0={r0}, m={m}", source="r0")
    sigma2 = float(np.var(x[b0:b1]))
    if sigma2 <= 0:
        raise flat_baseline(b0, b1)
    n_pairs = x.shape[0] // 2
    pairs = x[: 2 * n_pairs].reshape(n_pairs, 2)
    g = (pairs * pairs).sum(axis=1) / sigma2
    _, xi = _bonato_xi(params["false_alarm"], m, r0)
    exceed = g > xi
    c = np.concatenate(([0], np.cumsum(exceed)))
    counts = c[m:] - c[:-m]  # counts[j] = exceedances in pairs j .. j+m-1
    alarm = np.zeros(n_pairs, dtype=bool)
    alarm[m - 1 :] = counts >= r0  # trailing window ending at pair j
    starts, ends = _runs(alarm)
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
    return Detection(starts, ends, g, exceed, xi, float(np.mean(base_g)), float(np.std(base_g)), 2)


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
    energy: FloatArray,
) -> Detection:
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
        raise flat_baseline(b0, b1)
    width = max(2, round(params["window_ms"] * fs / 1000.0))
    search = max(1, round(params["search_ms"] * fs / 1000.0))
    h = params["h"]
    c = energy
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
    return Detection(
        np.asarray(refined_starts, dtype=int),
        np.asarray(refined_ends, dtype=int),
        trailing,
        trailing >= h,
        h,
        float(np.mean(base)),
        float(np.std(base)),
        1,
    )


def confidence(det: Detection, fs: float) -> list[float]:
    """Per-onset confidence in [0, 1] (slingcoach measure, not from the literature).

    Over the first 100 ms after the detector fired: the fraction of samples the raw detector
    keeps active, times the margin ``1 − 1/r`` where ``r`` is the mean test value above the
    baseline mean in units of (threshold − baseline mean): 0 at the threshold, → 1 far above.
    """
    out = []
    span = max(1, round(0.1 * fs / det.index_scale))  # first 100 ms
    firsts = det.starts if det.alarms is None else np.maximum(det.alarms, det.starts)
    for s, e in zip(firsts, det.ends, strict=True):
        stop = max(min(int(e), int(s) + span), int(s) + 1)
        segment = det.test[int(s) : stop]
        stability = float(np.mean(det.raw_active[int(s) : stop]))
        excess = det.threshold - det.mu
        r = (float(np.mean(segment)) - det.mu) / excess if excess > 0 else math.inf
        margin = 1.0 - 1.0 / r if r > 1 else 0.0
        out.append(round(max(0.0, min(1.0, stability * margin)), 3))
    return out


def baseline_indices(
    time: FloatArray,
    x: FloatArray,
    fs: float,
    baseline: tuple[float, float] | Literal["auto"],
    baseline_ms: float,
    source: str,
    channel: str,
    *,
    energy: FloatArray | None = None,
) -> tuple[int, int]:
    """The baseline window in samples ``(b0, b1)``, b1 exclusive: the given one or, for
    ``"auto"``, the quietest window (``energy`` is :func:`cumulative_energy` of ``x`` when
    the caller has it)."""
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
        start = _quiet_window(cumulative_energy(x) if energy is None else energy, width)
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
