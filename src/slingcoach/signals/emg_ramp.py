"""The default EMG onset method, ``aglr-ramp``: detect robustly, then date each change by
maximum likelihood under a ramp template.

Why: a threshold or a sliding-window test fires part of the way up a burst that rises
gradually, so its onset comes late by a fraction of the rise time, more at low SNR
(Staude et al. 2001 found onset error to depend on rise time and SNR). Here the detection
only says *that* a burst is there; *when* it began is a separate estimate that uses the
whole rise.

1. **Baseline from quiet stretches.** The noise variance θ0 first comes from the quietest
   second (or the window the caller gives); after a first detection pass it is
   re-estimated from every sample outside the activity found, 100 ms margins excluded
   (slingcoach convention), so one unlucky quiet second does not set the scale.
2. **Detection (AGLR, Staude et al. 2001).** The log-likelihood ratio of a variance
   increase over a sliding window, (n/2)(r − ln r − 1), is divided by the correlation
   factor 1 + 2Σρ_k² of the band-passed baseline: the variance of a mean of squares of
   correlated samples is that many times larger (Bayley & Hammersley 1946), so the same
   threshold means the same false-alarm rate at 1 and 2 kHz. A sample is active when the
   windows ending and starting there both exceed ``h_low`` and the run reaches ``h``
   somewhere (two thresholds, so a burst whose energy dips is not split).
3. **Change time (maximum likelihood, Hinkley 1970).** Around each detection the signal is
   modelled as zero-mean Gaussian with variance θ(t) = θ0 before τ, θ0 + A²((t − τ)/R)²
   during a linear amplitude rise of duration R, and θ0 + A² after it (A² from the
   detected burst). τ and R are chosen by maximum likelihood on 1 ms bins of x² over a
   grid of rise times (0 = a step, up to ``max_rise_ms``); offsets are dated the same way on
   the time-reversed signal. Each likelihood over τ is one correlation (NumPy), so a minute
   of signal costs a few milliseconds.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from slingcoach.signals.emg_detectors import Detection, _clean_runs, _glr, _runs
from slingcoach.signals.recording import FloatArray

#: Rise times tried, in ms (0 is a step). Geometric-ish spacing: the error of a wrong rise
#: time grows with the rise time itself (slingcoach grid, see benchmarks/bench_emg.py).
RISE_GRID_MS: tuple[float, ...] = (0, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 400)

_QUIET_MARGIN_S = 0.1  # activity ± 100 ms is not baseline (slingcoach convention)
BIN_MS = 2.0  # bins of the change-time fit (slingcoach choice: 1 ms gave the same errors)


def correlation_factor(q: FloatArray, fs: float, max_lag_ms: float = 20.0) -> float:
    """1 + 2·Σ ρ_k² over lags up to ``max_lag_ms``: how many times more variable a mean of
    squares is than for independent samples (Bayley & Hammersley 1946).

    About 1 for white noise, about 2 for noise band-passed to 20-450 Hz at 2 kHz.
    """
    q = q - float(np.mean(q))
    lags = max(1, min(round(max_lag_ms * fs / 1000.0), q.shape[0] // 4))
    size = 1 << int(np.ceil(np.log2(2 * q.shape[0])))
    spectrum = np.fft.rfft(q, size)
    acf = np.fft.irfft(spectrum * np.conj(spectrum), size)[: lags + 1]
    if acf[0] <= 0:
        return 1.0
    rho = acf[1:] / acf[0]
    return float(1.0 + 2.0 * np.sum(rho * rho))


def ratio_threshold(llr: float, width: int, factor: float) -> float:
    """The variance ratio r > 1 at which the corrected LLR (width / 2·factor)(r − ln r − 1)
    equals ``llr``: comparing window variances with it avoids a logarithm per sample."""
    target = 2.0 * factor * llr / width
    lo, hi = 1.0, 2.0
    while hi - math.log(hi) - 1.0 < target:
        hi *= 2.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if mid - math.log(mid) - 1.0 < target:
            lo = mid
        else:
            hi = mid
    return hi


def _active_runs(
    both: FloatArray,
    width: int,
    factor: float,
    params: Mapping[str, float],
    min_inactive: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Runs where the windows ending and starting at a sample both exceed ``h_low`` and that
    reach ``h`` somewhere, with the first and the last sample of each run that reach ``h``.
    ``both[j]`` is the smaller variance ratio of the windows starting at j and at
    j + width − 1, so sample k = j + width − 1 has its trailing and its leading window."""
    r_low = ratio_threshold(params["h_low"], width, factor)
    r_high = ratio_threshold(params["h"], width, factor)
    starts, ends = _runs(both >= r_low)
    starts, ends = _clean_runs(starts, ends, 0, min_inactive)  # bridge short dips first
    crossings = np.flatnonzero(both >= r_high)
    # a run reaches h when some crossing lies in [start, end)
    first = np.searchsorted(crossings, starts)
    after = np.searchsorted(crossings, ends)
    keep = after > first
    starts, ends = starts[keep] + width - 1, ends[keep] + width - 1
    firsts = crossings[first[keep]] + width - 1
    lasts = crossings[after[keep] - 1] + width
    return starts, ends, firsts, lasts


def _quiet_variance(
    x2: FloatArray, starts: np.ndarray, ends: np.ndarray, fs: float
) -> float | None:
    """Mean square of every sample at least 100 ms away from the activity (None if < 0.5 s)."""
    quiet = np.ones(x2.shape[0], dtype=bool)
    margin = round(_QUIET_MARGIN_S * fs)
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        quiet[max(0, s - margin) : e + margin] = False
    if int(np.sum(quiet)) < round(0.5 * fs):
        return None
    value = float(np.mean(x2[quiet]))
    return value if value > 0 else None


def ramp_change_time(
    x2: FloatArray,
    fs: float,
    *,
    alarm: int,
    lo: int,
    hi: int,
    theta0: float,
    plateau: float,
    back_ms: float,
    fit_ms: float,
    after_ms: float = 12.5,
    rises_ms: tuple[float, ...] = RISE_GRID_MS,
    factor: float = 1.0,
) -> int:
    """Start of a ramp-shaped variance increase near ``alarm``, by maximum likelihood.

    ``x2`` holds squared samples. The fit uses ``[max(lo, alarm − back), min(hi, alarm +
    fit))``; the change time τ is searched up to ``after_ms`` after the alarm; ``plateau`` is the
    burst's variance increase A². The log-likelihood of every (τ, rise time) is computed at
    once; dividing it by the correlation ``factor`` of the samples (a quasi-likelihood) and
    summing over the rise times gives a distribution of τ, whose median is returned (a
    sample index): more robust than the single best pair when the rise is hard to see.
    """
    grid = _ramp_grid(fs, rises_ms)
    b, k_max = grid.bin, grid.k_max
    j0 = max(lo, alarm - round(back_ms * fs / 1000.0))
    j1 = min(hi, alarm + round(fit_ms * fs / 1000.0))
    n_bins = (j1 - j0) // b
    if n_bins < 4:
        return alarm
    s = x2[j0 : j0 + n_bins * b].reshape(n_bins, b).sum(axis=1)
    cum = np.concatenate(([0.0], np.cumsum(s)))
    last = min(n_bins - 1, (alarm - j0) // b + max(1, round(after_ms * fs / 1000.0) // b))
    tau = np.arange(last + 1)
    top = theta0 + plateau
    # per rise time (columns): 1/θ(m) − 1/top and log θ(m) − log top over the ramp's bins
    theta = theta0 + plateau * grid.level2
    inverse = np.where(grid.ramp, 1.0 / theta - 1.0 / top, 0.0)
    ramp_logs = np.zeros((k_max + 1, grid.ramp.shape[1]))
    np.cumsum(np.where(grid.ramp, np.log(theta) - math.log(top), 0.0), axis=0, out=ramp_logs[1:])
    padded = np.concatenate((s, np.zeros(last + k_max - n_bins)))
    # windows[τ] = padded[τ : τ + k_max], copied from a strided view into one block so that
    # the product below goes straight to BLAS (NumPy copies a strided operand anyway, slower)
    step = padded.strides[0]
    windows = np.ascontiguousarray(
        np.lib.stride_tricks.as_strided(padded, (last + 1, k_max), (step, step), writeable=False)
    )
    # Q(τ) = Σ_{j<τ} s/θ0 + Σ_{j≥τ} s/top + Σ_m s[τ+m](1/θ(m) − 1/top)
    q = (cum[tau] / theta0 + (cum[n_bins] - cum[tau]) / top)[:, None] + windows @ inverse
    inside = np.minimum(k_max, n_bins - tau)
    log_sum = (tau * math.log(theta0) + (n_bins - tau) * math.log(top))[:, None] + ramp_logs[inside]
    ll = -0.5 * b * log_sum - 0.5 * q
    # below e^-700 a weight is < 1e-304 of the largest and cannot move the median; clipping
    # there keeps exp out of the subnormal range, where it is ten times slower
    weight = np.exp(np.maximum((ll - ll.max()) / factor, -700.0)).sum(axis=1)
    cdf = np.cumsum(weight)
    k = int(np.searchsorted(cdf, 0.5 * cdf[-1]))
    return int(j0 + k * b)


@dataclass(frozen=True)
class _RampGrid:
    """The rise-time grid of one sampling rate in bins, the same for every burst: ``level2``
    holds ((m + ½)/w)², the squared relative amplitude of bin m of a ramp of w bins, where
    ``ramp`` is True (m < w), one column per rise time."""

    bin: int
    k_max: int
    level2: FloatArray
    ramp: np.ndarray


@functools.lru_cache(maxsize=8)
def _ramp_grid(fs: float, rises_ms: tuple[float, ...]) -> _RampGrid:
    b = max(1, round(BIN_MS * fs / 1000.0))  # sums of squares per bin are sufficient statistics
    widths = [max(0, round(r * fs / 1000.0 / b)) for r in rises_ms]
    k_max = max(max(widths), 1)
    level2 = np.zeros((k_max, len(widths)))
    ramp = np.zeros((k_max, len(widths)), dtype=bool)
    for col, w in enumerate(widths):
        if w:
            level2[:w, col] = ((np.arange(w) + 0.5) / w) ** 2
            ramp[:w, col] = True
    level2.flags.writeable = False
    ramp.flags.writeable = False
    return _RampGrid(b, k_max, level2, ramp)


def _plateau(x2: FloatArray, start: int, end: int, fs: float, theta0: float) -> float:
    """A² of a burst: the upper quartile of its 20 ms mean squares over its first 400 ms,
    minus θ0 (slingcoach choice; at least 0.1 θ0)."""
    seg = x2[start : min(end, start + round(0.4 * fs))]
    w = max(1, round(0.02 * fs))
    m = seg.shape[0] // w
    blocks = np.sort(seg[: m * w].reshape(m, w).mean(axis=1)) if m > 0 else np.array([seg.mean()])
    return max(float(blocks[(3 * (blocks.shape[0] - 1)) // 4]) - theta0, 0.1 * theta0)


def aglr_ramp(
    x: FloatArray,
    fs: float,
    *,
    baseline: tuple[int, int],
    params: Mapping[str, float],
    min_active: int,
    min_inactive: int,
    energy: FloatArray,
    auto_baseline: bool = True,
) -> Detection:
    """Detect activity with the correlation-corrected AGLR and date onsets and offsets with
    the ramp template (see the module doc). ``energy`` is the cumulative sum of x², with a
    leading 0 (:func:`~slingcoach.signals.emg_detectors.cumulative_energy`)."""
    from slingcoach.signals.emg_detectors import flat_baseline

    b0, b1 = baseline
    n = x.shape[0]
    x2 = x * x
    theta0 = float(np.mean(x2[b0:b1]))
    if theta0 <= 0:
        raise flat_baseline(b0, b1)
    factor = correlation_factor(x[b0:b1], fs)
    width = max(2, round(params["window_ms"] * fs / 1000.0))
    sums = energy[width:] - energy[:-width]  # sums[j]: the window starting at j
    # the smaller of the trailing and the leading window of each sample; dividing by the same
    # positive number keeps the order, so the ratio of the minimum is the minimum of ratios
    smaller = np.minimum(sums[: sums.shape[0] - width + 1], sums[width - 1 :])
    runs = (width, factor, params, min_inactive)
    ratio = smaller / (width * theta0)
    starts, ends, firsts, lasts = _active_runs(ratio, *runs)
    if auto_baseline:
        quiet = _quiet_variance(x2, starts, ends, fs)
        if quiet is not None and abs(quiet - theta0) > 0.01 * theta0:
            theta0 = quiet
            ratio = np.divide(smaller, width * theta0, out=ratio)
            starts, ends, firsts, lasts = _active_runs(ratio, *runs)
    # the test function, the corrected LLR of the window ending at k, is only read over the
    # baseline and the first 100 ms after each alarm (the confidence): computed there only
    trailing = np.zeros(n)
    span = round(0.1 * fs)
    for lo, hi in [(b0, b1), *((int(a), int(a) + span) for a in firsts)]:
        lo, hi = max(lo, width - 1), min(hi, n)
        if hi > lo:
            seg = sums[lo - width + 1 : hi - width + 1]
            trailing[lo:hi] = _glr(seg, float(width), theta0) / factor  # type: ignore[arg-type]
    onsets = np.empty_like(starts)
    offsets = np.empty_like(ends)
    reversed_x2 = x2[::-1]
    for k, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        first, last = int(firsts[k]), int(lasts[k])
        plateau = _plateau(x2, first, e, fs, theta0)
        lo = int(offsets[k - 1]) if k else 0
        onsets[k] = ramp_change_time(
            x2,
            fs,
            alarm=first,
            lo=lo,
            hi=e,
            theta0=theta0,
            plateau=plateau,
            back_ms=params["search_ms"],
            fit_ms=params["fit_ms"],
            after_ms=params["window_ms"],
            factor=factor,
        )
        # the offset is the onset of the time-reversed burst, never past the next detection
        nxt = int(starts[k + 1]) if k + 1 < starts.size else n
        tail = _plateau(reversed_x2, n - last, n - s, fs, theta0)
        onset_rev = ramp_change_time(
            reversed_x2,
            fs,
            alarm=n - last,
            lo=n - nxt,
            hi=n - s,
            theta0=theta0,
            plateau=tail,
            back_ms=params["search_ms"],
            fit_ms=params["fit_ms"],
            after_ms=params["window_ms"],
            factor=factor,
        )
        offsets[k] = max(n - onset_rev, int(onsets[k]) + 1)
    # the shortest activation is judged on the dated burst: the runs of the two-window test
    # are a window shorter than the burst at each end
    long_enough = (offsets - onsets) >= min_active
    onsets, offsets, firsts = onsets[long_enough], offsets[long_enough], firsts[long_enough]
    base = trailing[b0:b1]
    return Detection(
        onsets,
        offsets,
        trailing,
        trailing >= params["h"],
        params["h"],
        float(np.mean(base)),
        float(np.std(base)),
        1,
        alarms=firsts,
    )
