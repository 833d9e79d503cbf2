"""Weighing on a force plate: find the quiet stance in the signal, or use the one given.

Owen et al. (2014) take body weight as the mean force over 1 s of quiet standing just before
the movement, and keep that second's SD for the onset threshold (BW ± 5 SD). Exports are
often trimmed so that less than a second of stance is left, and a fixed first second then
reaches into the movement. So the stance is found from the signal:

* the level at the start (or, after landing, at the end) is the median of its first 100 ms;
* the movement begins where the force leaves that level by more than 10 % for 20 ms;
* before it, the quiet stance is the longest stretch whose 100 ms windows all have an SD
  within 2.5 × the quietest tenth of them (at least 1 N and 0.5 % of the level), up to the
  start of its last window; its last ``quiet_s`` seconds before the movement weigh (after
  landing: the last ``quiet_s`` seconds of the recording, where the person has settled).

These numbers are slingcoach conventions, checked on simulated and real exports
(tests/signals/test_force_weighing.py). A stance shorter than ``quiet_s`` or with an SD above
max(5 N, 1 % BW) gives a warning; an SD above 5 % of BW means the person moved, an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from slingcoach.errors import AnalysisError, InvalidInputError
from slingcoach.signals.recording import FloatArray

_LEVEL_S = 0.1  # the first 100 ms give the standing level
_WINDOW_S = 0.1  # quietness is judged on 100 ms windows
_MOVE_FRACTION = 0.1  # movement: the force leaves the level by more than 10 % ...
_MOVE_HOLD_S = 0.02  # ... for 20 ms
_MIN_PERSON_N = 100.0  # about 10 kg: nobody lighter stands on a plate


@dataclass(frozen=True)
class Weighing:
    """Body weight (N), its SD, the samples it came from (inclusive) and how they were chosen."""

    body_weight_N: float
    sd_N: float
    first: int
    last: int
    how: Literal["found", "given"]
    warnings: list[str] = field(default_factory=list)


def _window_sd(f: FloatArray, block: int, per_window: int) -> FloatArray:
    """SD of windows of ``per_window`` blocks of ``block`` samples, one window per block step
    (window j covers samples j·block … (j + per_window)·block − 1)."""
    nb = f.shape[0] // block
    blocks = f[: nb * block].reshape(nb, block)
    c1 = np.concatenate(([0.0], np.cumsum(blocks.sum(axis=1))))
    c2 = np.concatenate(([0.0], np.cumsum((blocks * blocks).sum(axis=1))))
    m = per_window * block
    mean = (c1[per_window:] - c1[:-per_window]) / m
    var = (c2[per_window:] - c2[:-per_window]) / m - mean * mean
    out: FloatArray = np.sqrt(np.maximum(var, 0.0) * m / (m - 1))
    return out


def _checked(
    total: FloatArray,
    i0: int,
    i1: int,
    fs: float,
    quiet_s: float,
    how: Literal["found", "given"],
    where: str,
    source: str,
) -> Weighing:
    window = total[i0 : i1 + 1]
    bw, sd = float(np.mean(window)), float(np.std(window, ddof=1))
    span = f"{i0 / fs:.2f}-{(i1 + 1) / fs:.2f} s"
    if bw < _MIN_PERSON_N:
        raise AnalysisError(
            f"{source}: the mean force while weighing ({span}) is {bw:.1f} N; nobody seems to "
            f"stand on the plate(s) {where}"
        )
    # Owen et al. 2014 use the weighing SD for the BW ± 5 SD onset band: an SD above 5 % of
    # BW (slingcoach rule) means the person moved while being weighed
    if sd > 0.05 * bw:
        raise AnalysisError(
            f"{source}: the weighing period ({span}) is not quiet: SD {sd:.1f} N is more than "
            f"5 % of the mean {bw:.1f} N; give weigh=(start_s, end_s) of a still stance"
        )
    notes = []
    length = (i1 - i0 + 1) / fs
    if length < quiet_s * 0.999:
        notes.append(
            f"the quiet stance used for body weight ({span}) lasts {length:.2f} s, less than the "
            f"{quiet_s:g} s recommended (Owen et al. 2014); body weight and the onset threshold "
            "are less certain: record a longer still stance or check weigh=(start_s, end_s)"
        )
    if sd > max(5.0, 0.01 * bw):
        notes.append(
            f"the stance used for body weight ({span}) is noisy: SD {sd:.1f} N (more than "
            f"max(5 N, 1 % of {bw:.0f} N)); the onset threshold BW ± 5 SD is wide"
        )
    return Weighing(bw, sd, i0, i1, how, notes)


def force_weigh(
    total: FloatArray,
    fs: float,
    *,
    at: Literal["start", "end"] = "start",
    quiet_s: float = 1.0,
    weigh: tuple[int, int] | None = None,
    source: str = "<memory>",
) -> Weighing:
    """Body weight from the summed vertical force: the quiet stance ``at`` the start (before
    the movement) or the end (after landing), or the samples ``weigh`` (first, last) given."""
    n = total.shape[0]
    if weigh is not None:
        i0, i1 = weigh
        if not 0 <= i0 < i1 < n or i1 - i0 + 1 < round(0.05 * fs):
            raise InvalidInputError(
                f"weigh covers samples {i0}-{i1} of {n}; give at least 50 ms inside the "
                f"recording (0-{n / fs:.2f} s)",
                source="weigh",
            )
        return _checked(total, i0, i1, fs, quiet_s, "given", "there", source)
    f = total if at == "start" else total[::-1]
    w = max(3, round(_WINDOW_S * fs))
    where = "at the start" if at == "start" else "at the end"
    if n < 2 * w:
        raise AnalysisError(
            f"{source}: the trace is {n / fs:.2f} s long, too short to weigh the person and see "
            "a movement (give at least a still stance and the whole movement)"
        )
    level = float(np.median(f[: max(3, round(_LEVEL_S * fs))]))
    if level < _MIN_PERSON_N:
        raise AnalysisError(
            f"{source}: the force {where} is {level:.1f} N; nobody seems to stand on the "
            f"plate(s) {where} to be weighed"
        )
    moving = np.abs(f - level) > _MOVE_FRACTION * level
    hold = max(1, round(_MOVE_HOLD_S * fs))
    move, pos = n, 0
    while pos < n:  # the first run of `hold` moving samples; noise spikes are short
        i = pos + int(np.argmax(moving[pos:]))
        if not moving[i]:
            break
        if moving[i : i + hold].all() and i + hold <= n:
            move = i
            break
        pos = i + 1 + int(np.argmin(moving[i + 1 : i + hold])) if i + 1 < n else n
    if move < w:
        raise AnalysisError(
            f"{source}: the movement starts {move / fs:.2f} s {'into' if at == 'start' else 'before the end of'} "
            "the trace, before any still stance; give weigh=(start_s, end_s) or a longer trace"
        )
    block = max(1, w // 5)  # windows every 20 ms
    sd = _window_sd(f[:move], block, max(1, w // block))
    if sd.size == 0:
        sd = np.array([float(np.std(f[:move], ddof=1))])
    tenth = float(np.partition(sd, sd.shape[0] // 10)[sd.shape[0] // 10])  # the quietest tenth
    limit = max(2.5 * tenth, 0.005 * level, 1.0)
    quiet = sd <= limit
    edges = np.diff(np.concatenate(([0], quiet.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    k = int(np.argmax(ends - starts))
    # from the first quiet window's start to the last one's start: the last window's own
    # 100 ms may already touch the beginning of the movement
    q0, q1 = int(starts[k]) * block, (int(ends[k]) - 1) * block
    if q1 - q0 + 1 < w:
        raise AnalysisError(
            f"{source}: no still stance {where}: the force never stays steady for 0.2 s before "
            f"the movement ({move / fs:.2f} s {'in' if at == 'start' else 'from the end'}); "
            "give weigh=(start_s, end_s) or record a still stance"
        )
    keep = round(quiet_s * fs)
    if at == "start":
        q0 = max(q0, q1 - keep + 1)  # the last quiet_s before the movement (Owen et al. 2014)
    else:
        q1 = min(q1, q0 + keep - 1)  # the last quiet_s of the recording, settled after landing
        q0, q1 = n - 1 - q1, n - 1 - q0
    return _checked(total, q0, q1, fs, quiet_s, "found", where, source)
