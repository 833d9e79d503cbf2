"""Force-plate analysis: jumps (CMJ, SJ, DJ), multi-rep lifts and the isometric mid-thigh pull.

One plate (the total vertical force) or two plates (left and right) in a
:class:`~slingcoach.signals.recording.Recording`. Events are always detected on the
summed vertical force and applied to each plate (Janicijevic et al. 2022); each limb's
net impulse is taken against half body weight (Benjanuvatra et al. 2013).

Public functions
----------------
``force_analyse``  → :class:`ForceResult` (typed, JSON-serialisable)
``force_phases``   → a new Recording with the phase boundaries as events
``force_process``  → ``(table, info)``: one row per phase, and how every number was made
``force_evidence`` → evidence dicts for the assessment
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from slingcoach.errors import AnalysisError, InvalidRecordingError, UnknownIdError
from slingcoach.signals.force_models import (
    ForceEvent,
    ForceEvidence,
    ForceInfo,
    ForceParameters,
    ForcePhase,
    ForceRep,
    ForceResult,
    ImtpMetrics,
    Integration,
    TrialArg,
    TrialType,
)
from slingcoach.signals.force_weighing import force_weigh
from slingcoach.signals.recording import Event, FloatArray, Recording
from slingcoach.vocab import Side

__all__ = [
    "TRIAL_TYPES",
    "ForceEvent",
    "ForceInfo",
    "ForceParameters",
    "ForcePhase",
    "ForceRep",
    "ForceResult",
    "G",
    "ImtpMetrics",
    "force_analyse",
    "force_analyze",
    "force_evidence",
    "force_phases",
    "force_process",
]

#: Standard gravity, m/s² (CGPM 1901).
G = 9.80665
TRIAL_TYPES: tuple[str, ...] = ("cmj", "sj", "dj", "squat", "deadlift", "imtp", "auto")

SOURCES: dict[str, str] = {
    "phases": "McMahon JJ, Suchomel TJ, Lake JP, Comfort P. SCJ 2018;40(4):96-106",
    "onset": "Owen NJ et al. JSCR 2014;28(6):1552-1558 (BW ± 5 SD, 30 ms back)",
    "takeoff": "Harry JR et al. 2020 (20 N contact threshold), configurable",
    "bilateral": "Janicijevic D et al. 2022 (events on the summed force)",
    "limb_impulse": "Benjanuvatra N et al. 2013 (limb net impulse against BW/2)",
    "asymmetry": "Bishop C et al. SCJ 2018;40(4):1-6 (bilateral index relative to the total)",
    "sj_dj_weighing": "Grozier M et al. 2021; Wade L et al. 2022 (weigh after landing)",
    "rsi": "Flanagan EP, Comyns TM. SCJ 2008;30(5):32-38 (RSI = jump height / contact time)",
    "rsi_mod": "Ebben WP, Petushek EJ. JSCR 2010;24(8):1983-1987 (RSImod)",
    "imtp": "Comfort P et al. SCJ 2019;41(2):57-79; Dos'Santos T et al. JSCR 2017;31(12)",
}

_IMTP_TIMES_MS = (50, 100, 150, 200, 250)
_MIN_RATE_HZ = 200.0  # below this, 30 ms back-off and 5 ms runs are < 6 samples
_RECOMMENDED_RATE_HZ = 1000.0  # Owen et al. 2014


# -- channels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plates:
    total: FloatArray
    left: FloatArray | None
    right: FloatArray | None
    left_name: str | None
    right_name: str | None
    total_name: str | None
    extra_axes: dict[str, FloatArray]
    notes: tuple[str, ...]
    sides_known: bool = True


@lru_cache(maxsize=1024)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[^a-z0-9]+", name.lower()) if t)


_LEFT = {"left", "l", "lt", "fzl", "lfz"}
_RIGHT = {"right", "r", "rt", "fzr", "rfz"}
_HORIZONTAL = re.compile(r"^f[xy](\d|l|r|left|right)?$")
_OTHER_AXES = re.compile(r"^(m[xyz]|cop[xy]?|c[xy]|t[xyz]|tz)(\d|l|r|left|right)?$")
_PLATE_TOKEN = re.compile(r"^(fp|plate|fz|force)([12])$")


@lru_cache(maxsize=1024)
def _is_horizontal(name: str) -> bool:
    return any(_HORIZONTAL.match(t) for t in _tokens(name))


@lru_cache(maxsize=1024)
def _is_vertical(name: str) -> bool:
    """Not a horizontal force, moment or centre-of-pressure channel."""
    return not any(_HORIZONTAL.match(t) or _OTHER_AXES.match(t) for t in _tokens(name))


@lru_cache(maxsize=1024)
def _plate_number(name: str) -> str | None:
    toks = _tokens(name)
    for t in toks:
        m = _PLATE_TOKEN.match(t)
        if m:
            return m.group(2)
    if len(toks) >= 2 and toks[-2] in ("fp", "plate", "fz", "force") and toks[-1] in ("1", "2"):
        return toks[-1]
    return None


@lru_cache(maxsize=1024)
def _side_of(name: str) -> str | None:
    toks = set(_tokens(name))
    if toks & _LEFT:
        return "left"
    if toks & _RIGHT:
        return "right"
    return None


def _to_newtons(rec: Recording, name: str) -> FloatArray:
    values = rec.channel(name)
    if values.ndim != 1:
        raise InvalidRecordingError(
            f"force channel {name!r} has shape {values.shape}; give one vertical-force "
            "column per plate",
            source=rec.source,
        )
    unit = rec.units.get(name, "N")
    if unit in ("N", ""):
        return values
    if unit == "kN":
        return values * 1000.0
    raise InvalidRecordingError(
        f"force channel {name!r} is in {unit!r}; expected N or kN", source=rec.source
    )


def _resolve_plates(
    rec: Recording, left: str | None, right: str | None, total: str | None
) -> _Plates:
    """Find the vertical force of each plate: explicit names, labels, names, then FP1/FP2."""
    notes: list[str] = []
    if (left is None) != (right is None):
        raise InvalidRecordingError(
            "give both the left and the right plate channel, or neither", source=rec.source
        )
    if left is None and total is None:
        by_label: dict[str, list[str]] = {}
        for name in rec.channels:
            plate = rec.label(name).plate
            if plate and _is_vertical(name):
                by_label.setdefault(plate, []).append(name)
        if by_label.get("left") and by_label.get("right"):
            left, right = by_label["left"][0], by_label["right"][0]
        elif by_label.get("total"):
            total = by_label["total"][0]
    if left is None and total is None:
        vertical = [c for c in rec.channels if _is_vertical(c) and not _is_time(c)]
        lefts = [c for c in vertical if _side_of(c) == "left"]
        rights = [c for c in vertical if _side_of(c) == "right"]
        numbered = {_plate_number(c): c for c in vertical if _plate_number(c)}
        if len(lefts) == 1 and len(rights) == 1:
            left, right = lefts[0], rights[0]
        elif len(numbered) == 2:
            left, right = numbered["1"], numbered["2"]
            notes.append(
                f"plate sides are not labelled: {left} is taken as left and {right} as right "
                "(limb A / limb B); give the left and right channel names (left=, right=) to say otherwise"
            )
        elif len(vertical) == 1:
            total = vertical[0]
        else:
            raise InvalidRecordingError(
                "cannot tell which channels are the plates; channels are "
                f"{', '.join(rec.channels)}. Name them left/right (e.g. 'Fz_left', "
                "'Fz_right'), FP1/FP2, or give left=/right= or total=",
                source=rec.source,
            )
    extra: dict[str, FloatArray] = {}
    for name in rec.channels:
        if name not in (left, right, total) and not _is_vertical(name) and not _is_time(name):
            arr = rec.channel(name)
            if arr.ndim == 1 and _is_horizontal(name):
                extra[name] = arr
    if left is not None and right is not None:
        fl, fr = _to_newtons(rec, left), _to_newtons(rec, right)
        return _Plates(fl + fr, fl, fr, left, right, None, extra, tuple(notes), not notes)
    assert total is not None
    return _Plates(_to_newtons(rec, total), None, None, None, None, total, extra, tuple(notes))


def _is_time(name: str) -> bool:
    return name.lower() in {"time", "t", "time_s", "frame", "sample"}


# -- checks -----------------------------------------------------------------------------


def _check_input(
    rec: Recording, plates: _Plates, *, clip_N: float | None
) -> tuple[list[str], float]:
    """Raise on a bad time axis, NaNs or gaps; return warnings (rate, clipping) and the rate."""
    if rec.n_samples < 3:
        raise InvalidRecordingError(
            f"only {rec.n_samples} samples; a force trial needs seconds of data", source=rec.source
        )
    steps = np.diff(rec.time)
    if not np.isfinite(steps).all() or steps.min() <= 0:
        rec.check_time()  # names the first bad sample
    warnings: list[str] = []
    median = float(rec.time[-1] - rec.time[0]) / (rec.n_samples - 1)  # the step if even
    # a step 1.5 × the usual one means at least one missing sample (slingcoach rule: the
    # integration of Owen et al. 2014 assumes evenly spaced samples)
    if steps.max() > 1.5 * median:
        median = float(np.median(steps))
        gaps = np.flatnonzero(steps > 1.5 * median)
    else:
        gaps = np.empty(0, dtype=int)
    if gaps.size:
        i = int(gaps[0]) + 1
        raise InvalidRecordingError(
            f"gap in the time axis at sample {i}: {steps[i - 1]:.4g} s between samples, "
            f"the usual step is {median:.4g} s; force analysis needs evenly spaced samples",
            source=rec.source,
        )
    rate = 1.0 / median
    if rate < _MIN_RATE_HZ:
        raise InvalidRecordingError(
            f"sampling rate {rate:.0f} Hz is too low for force-plate phases; need at least "
            f"{_MIN_RATE_HZ:.0f} Hz ({_RECOMMENDED_RATE_HZ:.0f} Hz recommended, Owen et al. 2014)",
            source=rec.source,
        )
    if rate < _RECOMMENDED_RATE_HZ * 0.99:
        warnings.append(
            f"sampling rate {rate:.0f} Hz is below the recommended {_RECOMMENDED_RATE_HZ:.0f} Hz"
        )
    named = [(plates.left_name, plates.left), (plates.right_name, plates.right)]
    named.append((plates.total_name, plates.total if plates.total_name else None))
    for name, values in named:
        if name is None or values is None:
            continue
        if np.isfinite(values).all():
            _check_magnitude(values, name, rec)
            warnings.extend(_clipping(values, name, rec, clip_N))
            continue
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise InvalidRecordingError(
                f"channel {name!r} has {bad.size} missing or non-numeric value(s), the first at "
                f"sample {int(bad[0])} (t={rec.time[bad[0]]:.4g} s); fill or cut them first",
                source=rec.source,
            )
        warnings.extend(_clipping(values, name, rec, clip_N))
    return warnings, float(f"{rate:.8g}")  # the rounding of Recording.sampling_rate_hz


#: Largest force a plate channel may read, N: laboratory force plates are rated to 10-40 kN
#: vertically (Kistler 9260AA 10 kN, AMTI BP series up to 35.6 kN per their data sheets);
#: ten times more is a corrupt number, and left in it overflows the integration.
_MAX_FORCE_N = 400_000.0


def _check_magnitude(values: FloatArray, name: str, rec: Recording) -> None:
    """Refuse a channel whose readings no force plate can give (e.g. 1e308 from a bad export)."""
    too_big = np.flatnonzero(np.abs(values) > _MAX_FORCE_N)
    if too_big.size:
        i = int(too_big[0])
        raise InvalidRecordingError(
            f"channel {name!r} reads {values[i]:.4g} N at sample {i} (t={rec.time[i]:.4g} s), "
            f"beyond any force plate's range (at most {_MAX_FORCE_N:.0f} N); check the file's "
            "units and values",
            source=rec.source,
        )


def _clipping(values: FloatArray, name: str, rec: Recording, clip_N: float | None) -> list[str]:
    """Flag a plate stuck at its maximum (8 or more equal samples at the top) or at clip_N."""
    top = float(values.max())
    at_top = values >= (clip_N if clip_N is not None else top)
    if clip_N is None:
        if np.count_nonzero(at_top) < 8:  # no run of 8 can hide in fewer samples
            return []
        run = _longest_run(at_top)
        if run[1] < 8 or top <= 0:
            return []
    else:
        run = _longest_run(at_top)
        if run[1] == 0:
            return []
    return [
        f"channel {name!r} may be clipped: {run[1]} samples at {top:.1f} N from sample "
        f"{run[0]} (t={rec.time[run[0]]:.4g} s); peaks and impulses there are underestimated"
    ]


def _longest_run(mask: np.ndarray[Any, np.dtype[np.bool_]]) -> tuple[int, int]:
    """Start and length of the longest run of True (0, 0 if none)."""
    if not mask.any():
        return 0, 0
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    k = int(np.argmax(ends - starts))
    return int(starts[k]), int(ends[k] - starts[k])


# -- small numerics ---------------------------------------------------------------------


def _trapz(y: FloatArray, dt: float) -> float:
    if y.shape[0] < 2:
        return 0.0
    return float(dt * (np.sum(y) - 0.5 * (y[0] + y[-1])))


def _first_run(mask: np.ndarray[Any, np.dtype[np.bool_]], start: int, min_len: int) -> int | None:
    """First index >= start where mask holds for min_len consecutive samples."""
    n = mask.shape[0]
    pos = start
    while pos < n:
        i = pos + int(np.argmax(mask[pos:]))
        if not mask[i]:
            return None
        if min_len <= 1 or (i + min_len <= n and mask[i : i + min_len].all()):
            return i
        if i + min_len > n:
            return None
        pos = i + 1 + int(np.argmin(mask[i + 1 : i + min_len]))  # after the run's first gap
    return None


def _index_relative_pct(left: float, right: float) -> float | None:
    """(R − L)/(R + L) × 100 when both have the same sign and a non-trivial total."""
    total = left + right
    if left * right <= 0 or abs(total) < 1e-9:
        return None
    return 100.0 * (right - left) / total


class _Ctx:
    """Shared arrays and settings while one trial is analysed."""

    def __init__(self, rec: Recording, plates: _Plates, bw: float, fs: float) -> None:
        self.rec = rec
        self.t = rec.time
        self.fs = fs
        self.dt = 1.0 / self.fs
        self.p = plates
        self.bw = bw
        self.m = bw / G
        self.refined: float | None = None
        self._prefix: dict[int, FloatArray] = {}

    def _sums(self, values: FloatArray) -> FloatArray:
        """Prefix sums of a channel (0 first), kept for every phase of the trial."""
        key = id(values)
        if key not in self._prefix:
            self._prefix[key] = np.concatenate(([0.0], np.cumsum(values)))
        return self._prefix[key]

    def _window(self, values: FloatArray, i0: int, i1: int, ref: float) -> tuple[float, float]:
        """Mean of ``values`` over samples i0..i1 and the trapezoid integral of values − ref.

        From prefix sums: ∫ = dt·(Σy − (y0 + y1)/2 − ref·(n − 1)), the trapezoid rule.
        """
        c = self._sums(values)
        total = float(c[i1 + 1] - c[i0])
        count = i1 - i0 + 1
        edges = 0.5 * float(values[i0] + values[i1])
        return total / count, self.dt * (total - edges - ref * (count - 1))

    def phase(
        self, name: str, i0: int, i1: int, *, basis: Literal["net", "gross"], rep: int | None = None
    ) -> ForcePhase:
        """Means, peaks and impulses of one phase (samples i0..i1) of the sum and each plate."""
        i1 = max(i1, i0)
        total = self.p.total
        ref_total, ref_limb = (self.bw, self.bw / 2) if basis == "net" else (0.0, 0.0)
        duration = float(self.t[i1] - self.t[i0])
        rfd = float(total[i1] - total[i0]) / duration if duration > 0 else None
        mean, impulse = self._window(total, i0, i1, ref_total)
        fields: dict[str, Any] = {
            "name": name,
            "start_s": float(self.t[i0]),
            "end_s": float(self.t[i1]),
            "duration_s": duration,
            "rep": rep,
            "mean_force_N": mean,
            "peak_force_N": float(total[i0 : i1 + 1].max()),
            "impulse_Ns": impulse,
            "impulse_basis": basis,
            "rfd_N_per_s": rfd,
            "axes_mean_N": {
                k: self._window(v, i0, i1, 0.0)[0] for k, v in self.p.extra_axes.items()
            },
        }
        if self.p.left is not None and self.p.right is not None:
            mean_l, jl = self._window(self.p.left, i0, i1, ref_limb)
            mean_r, jr = self._window(self.p.right, i0, i1, ref_limb)
            sym = None if name == "flight" else _index_relative_pct(jl, jr)
            fields.update(
                left_impulse_Ns=jl,
                right_impulse_Ns=jr,
                asymmetry_pct=sym,
                left_share_pct=100.0 * jl / (jl + jr) if sym is not None else None,
                left_mean_force_N=mean_l,
                right_mean_force_N=mean_r,
                left_peak_force_N=float(self.p.left[i0 : i1 + 1].max()),
                right_peak_force_N=float(self.p.right[i0 : i1 + 1].max()),
            )
        return ForcePhase.model_validate(fields)

    def event(self, name: str, i: int) -> ForceEvent:
        return ForceEvent.model_validate(
            {"name": name, "time_s": float(self.t[i]), "sample": int(i)}
        )

    def velocity(self, i0: int, i1: int, *, backward: bool) -> FloatArray:
        """COM velocity from a = (F − BW)/m by the trapezoid rule, zero at i0 (forward) or at
        i1 (backward)."""
        a = (self.p.total[i0 : i1 + 1] - self.bw) / self.m
        v = np.empty_like(a)
        v[0] = 0.0
        np.cumsum(0.5 * self.dt * (a[1:] + a[:-1]), out=v[1:])
        if backward:
            v = v - v[-1]
        return v


# -- jumps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _JumpSettings:
    takeoff_N: float
    landing_N: float
    onset_sd: float
    backoff_s: float
    min_run_s: float
    quiet_s: float
    integration: Integration
    refine: bool = False


def _ends_at_takeoff(total: FloatArray, bw: float, start: int, takeoff_N: float) -> int | None:
    """Where a trace cut at take-off takes off: the force rises above body weight (the push),
    then falls to the last sample, which is below half body weight (slingcoach rule). The
    take-off is the first sample under the take-off threshold, or the last sample."""
    n = total.shape[0]
    if n - start < 3 or total[-1] >= 0.5 * bw:
        return None
    peak = int(np.argmax(total[start:])) + start
    if total[peak] <= bw or peak >= n - 1:
        return None
    below = np.flatnonzero(total[peak:] < takeoff_N)
    return int(below[0]) + peak if below.size else n - 1


def _flight(ctx: _Ctx, start: int, s: _JumpSettings) -> tuple[int, int | None]:
    """Take-off (first run below the take-off threshold) and landing (first run above).

    A trace exported only up to take-off has no flight: the landing is then ``None``.
    """
    run = max(1, round(s.min_run_s * ctx.fs))
    total = ctx.p.total
    i_to = _first_run(total < s.takeoff_N, start, run)
    if i_to is None:
        cut = _ends_at_takeoff(total, ctx.bw, start, s.takeoff_N)
        if cut is not None:
            return cut, None
        raise AnalysisError(
            f"{ctx.rec.source}: no take-off found: the summed force never stays below "
            f"{s.takeoff_N:g} N after sample {start} (t={ctx.t[start]:.3f} s) and is still "
            f"{float(total[-1]):.0f} N at the end of the trace. Is this a jump? For lifts use "
            "trial_type 'squat', 'deadlift' or 'imtp'; if the export stops before take-off, "
            "export the jump up to take-off at least; if the plates were not zeroed, the "
            "flight reads above the threshold: zero them or raise the threshold"
        )
    i_land = _first_run(total >= s.landing_N, i_to, run)
    if i_land is None:
        if total.shape[0] - i_to <= round(0.05 * ctx.fs):
            return i_to, None  # cut just after take-off: no flight to measure
        raise AnalysisError(
            f"{ctx.rec.source}: take-off at sample {i_to} (t={ctx.t[i_to]:.3f} s) but no landing: "
            f"the force never comes back above {s.landing_N:g} N"
        )
    if s.refine:
        # Gidiel-Machado et al. 2025: refine both events with the largest unloaded-plate
        # reading in the flight window, trimmed by 30 ms at each end.
        trim = round(0.03 * ctx.fs)
        window = total[i_to + trim : i_land - trim]
        if window.shape[0] >= 10:
            noise = float(np.max(np.abs(window)))
            quiet = np.flatnonzero(total[i_to:i_land] <= noise)
            if quiet.size:
                first, last = int(quiet[0]) + i_to, int(quiet[-1]) + i_to
                i_to, i_land = first, last + 1
            ctx.refined = noise
    return i_to, i_land


def _landing_end(ctx: _Ctx, v: FloatArray, offset: int, i_land: int, warnings: list[str]) -> int:
    # 0.02 m/s allows for integration drift over the flight (trapezoid and BW error)
    after = _first_run(v[i_land - offset :] >= -0.02, 0, 1)
    if after is None:
        warnings.append(
            "COM velocity never returned to zero after landing; landing runs to the end"
        )
        return int(ctx.p.total.shape[0]) - 1
    return after + i_land


def _later_flights(ctx: _Ctx, i_land: int, s: _JumpSettings) -> list[str]:
    """A warning when more flights (≥ 50 ms below the take-off threshold) follow the first."""
    low = ctx.p.total[i_land:] < s.takeoff_N
    if _first_run(low, 0, round(0.05 * ctx.fs)) is None:
        return []  # the usual case, found without listing every run
    edges = np.diff(np.concatenate(([0], low.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    flights = starts[(ends - starts) >= round(0.05 * ctx.fs)]
    if flights.size == 0:
        return []
    first = int(flights[0]) + i_land
    return [
        f"{flights.size} more flight(s) after the first jump, the next at sample {first} "
        f"(t={ctx.t[first]:.3f} s); only the first jump was analysed: cut the recording "
        "into one jump per file"
    ]


def _jump_common(
    ctx: _Ctx, i_to: int, i_land: int | None, v_to: float, i_onset: int | None
) -> dict[str, Any]:
    flight = None if i_land is None else (i_land - i_to) / ctx.fs
    h_flight = None if flight is None else G * flight**2 / 8.0  # flight-time method, g·t²/8
    h_imp = v_to**2 / (2.0 * G) if v_to > 0 else 0.0  # impulse–momentum, h = v_TO²/2g
    out: dict[str, Any] = {
        "jump_height_m": h_imp,
        "jump_height_flight_m": h_flight,
        "takeoff_velocity_m_s": v_to,
        "flight_time_s": flight,
    }
    if i_onset is not None:
        ttt = float(ctx.t[i_to] - ctx.t[i_onset])
        out["time_to_takeoff_s"] = ttt
        out["rsi_mod"] = h_imp / ttt if ttt > 0 else None  # Ebben & Petushek 2010
    return out


def _jump_result(
    ctx: _Ctx,
    w: tuple[int, int],
    marks: list[tuple[str, int]],
    phase_names: tuple[str, ...],
    v: FloatArray,
    v_start: int,
    i_onset: int | None,
    warnings: list[str],
    backward: bool,
) -> dict[str, Any]:
    """The jump figures, its events (``marks``, in time order) and the phases between them.

    ``phase_names[k]`` runs from ``marks[k]`` to ``marks[k + 1]``; ``v`` is the COM
    velocity from sample ``v_start``.
    """
    phases = [ctx.phase("weighing", w[0], w[1], basis="net")]
    phases += [
        ctx.phase(name, marks[k][1], marks[k + 1][1], basis="net")
        for k, name in enumerate(phase_names)
    ]
    events = [ctx.event(name, i) for name, i in marks]
    at = dict(marks)
    i_to = at["take-off"]
    out = _jump_common(ctx, i_to, at.get("landing"), float(v[i_to - v_start]), i_onset)
    out.update(
        phases=phases,
        events=events,
        warnings=warnings,
        integration="backward" if backward else "forward",
    )
    return out


def _backward(ctx: _Ctx, s: _JumpSettings, i_land: int | None, *, default: bool) -> bool:
    """Integrate backwards (zero velocity in the final stance)? Not possible without one."""
    backward = default if s.integration == "auto" else s.integration == "backward"
    if backward and i_land is None:
        raise AnalysisError(
            f"{ctx.rec.source}: backward integration needs the stance after landing, and the "
            "trace ends at take-off; use integration='forward'"
        )
    return backward


def _landing_marks(
    ctx: _Ctx,
    s: _JumpSettings,
    v: FloatArray,
    v_start: int,
    i_land: int | None,
    warnings: list[str],
) -> tuple[list[tuple[str, int]], tuple[str, ...]]:
    """The events and phases after take-off; none when the trace ends at take-off."""
    if i_land is None:
        warnings.append(
            "the trace ends at take-off (no flight or landing): jump height comes from the "
            "take-off velocity (impulse–momentum) only; flight time and landing are not measured"
        )
        return [], ()
    warnings.extend(_later_flights(ctx, i_land, s))
    i_lend = _landing_end(ctx, v, v_start, i_land, warnings)
    return [("landing", i_land), ("landing-end", i_lend)], ("flight", "landing")


def _cmj(ctx: _Ctx, s: _JumpSettings, sd: float, w: tuple[int, int]) -> dict[str, Any]:
    warnings: list[str] = []
    total = ctx.p.total
    threshold = ctx.bw - s.onset_sd * sd  # Owen et al. 2014
    below = _first_run(total < threshold, w[1] + 1, 1)
    if below is None:
        raise AnalysisError(
            f"{ctx.rec.source}: no movement onset: the summed force never falls below "
            f"BW − {s.onset_sd:g} SD = {threshold:.1f} N after the weighing period "
            f"(ends at sample {w[1]}; the trace lasts {ctx.t[-1] - ctx.t[0]:.2f} s)"
        )
    i_on = max(0, below - round(s.backoff_s * ctx.fs))
    i_to, i_land = _flight(ctx, i_on, s)
    backward = _backward(ctx, s, i_land, default=False)
    n = total.shape[0]
    v = ctx.velocity(i_on, n - 1, backward=backward)
    rel = i_to - i_on
    i_vmin = int(np.argmin(v[: rel + 1])) + i_on
    if v[i_vmin - i_on] >= 0:
        raise AnalysisError(
            f"{ctx.rec.source}: no countermovement: COM velocity never goes below zero between "
            f"onset (sample {i_on}) and take-off (sample {i_to}); is this a squat jump?"
        )
    zero = _first_run(v[i_vmin - i_on : rel + 1] >= 0, 0, 1)
    i_v0 = zero + i_vmin if zero is not None else i_to
    after, after_phases = _landing_marks(ctx, s, v, i_on, i_land, warnings)
    out = _jump_result(
        ctx,
        w,
        [
            ("onset", i_on),
            ("peak-negative-velocity", i_vmin),
            ("zero-velocity", i_v0),
            ("take-off", i_to),
            *after,
        ],
        ("unweighting", "braking", "propulsion", *after_phases),
        v,
        i_on,
        i_on,
        warnings,
        backward,
    )
    out["onset_threshold_N"] = threshold
    return out


def _sj(ctx: _Ctx, s: _JumpSettings, sd: float, w: tuple[int, int]) -> dict[str, Any]:
    warnings: list[str] = []
    total = ctx.p.total
    threshold = ctx.bw + s.onset_sd * sd  # Owen et al. 2014 (rise above BW for a squat jump)
    start = _first_run(total >= s.landing_N, 0, 1) or 0
    i_to, i_land = _flight(ctx, start, s)
    i_peak = int(np.argmax(total[start : i_to + 1])) + start
    quiet = np.flatnonzero(total[start:i_peak] <= threshold)
    if quiet.size == 0:
        raise AnalysisError(
            f"{ctx.rec.source}: no movement onset: force is above BW + {s.onset_sd:g} SD = "
            f"{threshold:.1f} N from the start; record a still squat hold before the jump"
        )
    crossing = int(quiet[-1]) + 1 + start
    i_on = max(start, crossing - round(s.backoff_s * ctx.fs))
    # slingcoach check: a dip below BW − onset_sd SD in the 0.5 s before the rise is a
    # countermovement, which a squat jump, started from a still squat, must not have
    dip_lo = max(start, crossing - round(0.5 * ctx.fs))
    dips = np.flatnonzero(total[dip_lo:crossing] < ctx.bw - s.onset_sd * sd)
    if dips.size:
        warnings.append(
            f"countermovement before the squat jump: force below BW − {s.onset_sd:g} SD at "
            f"sample {int(dips[0]) + dip_lo} (t={ctx.t[int(dips[0]) + dip_lo]:.3f} s)"
        )
    backward = _backward(ctx, s, i_land, default=False)
    n = total.shape[0]
    v = ctx.velocity(i_on, n - 1, backward=backward)
    after, after_phases = _landing_marks(ctx, s, v, i_on, i_land, warnings)
    out = _jump_result(
        ctx,
        w,
        [("onset", i_on), ("take-off", i_to), *after],
        ("propulsion", *after_phases),
        v,
        i_on,
        i_on,
        warnings,
        backward,
    )
    out["onset_threshold_N"] = threshold
    return out


def _dj(ctx: _Ctx, s: _JumpSettings, sd: float, w: tuple[int, int]) -> dict[str, Any]:
    warnings: list[str] = []
    total = ctx.p.total
    run = max(1, round(s.min_run_s * ctx.fs))
    off = _first_run(total < s.takeoff_N, 0, 1)
    # slingcoach rule: a drop-jump recording starts with the athlete on the box (≤ 0.5 s)
    if off is None or off > int(0.5 * ctx.fs):
        raise AnalysisError(
            f"{ctx.rec.source}: a drop jump must start off the plates (force below "
            f"{s.takeoff_N:g} N in the first 0.5 s); the force is above it from the start"
        )
    i_contact = _first_run(total >= s.landing_N, off, run)
    if i_contact is None:
        raise AnalysisError(
            f"{ctx.rec.source}: no ground contact found after the drop: the summed force never "
            f"stays at or above {s.landing_N:g} N after sample {off} (t={ctx.t[off]:.3f} s)"
        )
    i_to, i_land = _flight(ctx, i_contact, s)
    if i_land is None:
        raise AnalysisError(
            f"{ctx.rec.source}: the drop jump ends at take-off (t={ctx.t[i_to]:.3f} s): its "
            "body weight and velocity come from the stance after landing; export the landing too"
        )
    warnings.extend(_later_flights(ctx, i_land, s))
    n = total.shape[0]
    # Drop jumps have no rest before contact: integrate backwards from quiet standing at
    # the end (Wade et al. 2022), unless forward integration was asked for.
    backward = s.integration != "forward"
    if not backward:
        warnings.append("forward integration of a drop jump assumes zero velocity at contact")
    v = ctx.velocity(i_contact, n - 1, backward=backward)
    rel = i_to - i_contact
    zero = np.flatnonzero(v[: rel + 1] >= 0)
    i_v0 = int(zero[0]) + i_contact if zero.size else i_to
    i_lend = _landing_end(ctx, v, i_contact, i_land, warnings)
    out = _jump_result(
        ctx,
        w,
        [
            ("contact", i_contact),
            ("zero-velocity", i_v0),
            ("take-off", i_to),
            ("landing", i_land),
            ("landing-end", i_lend),
        ],
        ("braking", "propulsion", "flight", "landing"),
        v,
        i_contact,
        None,
        warnings,
        backward,
    )
    contact = (i_to - i_contact) / ctx.fs
    out["contact_time_s"] = contact
    out["rsi"] = float(out["jump_height_flight_m"]) / contact  # Flanagan & Comyns 2008
    return out


def _lift(
    ctx: _Ctx,
    sd: float,
    w: tuple[int, int],
    *,
    position: str | None,
    onset_sd: float,
    min_excursion_m: float,
    trial: str,
) -> dict[str, Any]:
    """Repetitions from a bar/COM position channel or the doubly integrated summed force."""
    from scipy.integrate import cumulative_trapezoid
    from scipy.signal import find_peaks

    warnings: list[str] = []
    total = ctx.p.total
    n = total.shape[0]
    if position is not None:
        pos = ctx.rec.channel(position).astype(float)
        unit = ctx.rec.units.get(position, "m")
        scale = {"m": 1.0, "cm": 0.01, "mm": 0.001, "": 1.0}.get(unit)
        if scale is None:
            raise InvalidRecordingError(
                f"position channel {position!r} is in {unit!r}; expected m, cm or mm",
                source=ctx.rec.source,
            )
        bad = np.flatnonzero(~np.isfinite(pos))
        if bad.size:
            raise InvalidRecordingError(
                f"position channel {position!r} has missing values from sample {int(bad[0])}",
                source=ctx.rec.source,
            )
        disp = (pos - float(np.mean(pos[w[0] : w[1] + 1]))) * scale
    else:
        # Forward integration of a = (F − W)/m over the movement, with linear drift removal
        # so that velocity and displacement return to zero in the final stance.
        moving = np.flatnonzero(np.abs(total - ctx.bw) > onset_sd * sd)
        moving = moving[moving > w[1]]
        if moving.size == 0:
            raise AnalysisError(
                f"{ctx.rec.source}: no movement found: force stays within W ± {onset_sd:g} SD "
                f"({ctx.bw:.1f} ± {onset_sd * sd:.1f} N) after the weighing period"
            )
        # 30 ms margins, as Owen et al. 2014 back off from the BW ± 5 SD crossing
        i0 = max(0, int(moving[0]) - round(0.03 * ctx.fs))
        i1 = min(n - 1, int(moving[-1]) + round(0.03 * ctx.fs))
        a = (total[i0 : i1 + 1] - ctx.bw) / ctx.m
        v = cumulative_trapezoid(a, dx=ctx.dt, initial=0.0)
        v = v - np.linspace(0.0, float(v[-1]), v.shape[0])
        s = cumulative_trapezoid(v, dx=ctx.dt, initial=0.0)
        s = s - np.linspace(0.0, float(s[-1]), s.shape[0])
        disp = np.zeros(n)
        disp[i0 : i1 + 1] = s
    down_first = abs(float(np.min(disp))) >= abs(float(np.max(disp)))
    excursion = -disp if down_first else disp
    top = float(np.max(excursion))
    if top < min_excursion_m:
        raise AnalysisError(
            f"{ctx.rec.source}: no repetition found: the largest excursion is {top * 100:.1f} cm, "
            f"less than min_excursion_m = {min_excursion_m * 100:.1f} cm"
        )
    # slingcoach heuristic: a rep reaches 40 % of the deepest rep and reps are ≥ 0.4 s apart
    # (tested on the simulated squats and deadlifts of tests/signals/test_force.py)
    peaks, _ = find_peaks(
        excursion, height=max(min_excursion_m, 0.4 * top), distance=max(1, int(0.4 * ctx.fs))
    )
    reps: list[ForceRep] = []
    phases = [ctx.phase("weighing", w[0], w[1], basis="gross")]
    events: list[ForceEvent] = []
    names = ("down", "up") if down_first else ("up", "down")
    prev_end = w[1]
    # where the force is at the standing weight (± onset_sd SD), to refine each rep's ends
    still = np.abs(total - ctx.bw) <= onset_sd * sd
    for k, p in enumerate(peaks):
        depth = float(excursion[p])
        level = max(0.02 * depth, 0.003)  # slingcoach: back within 2 % of the depth (≥ 3 mm)
        before = np.flatnonzero(excursion[prev_end:p] <= level)
        start = int(before[-1]) + prev_end if before.size else prev_end
        nxt = int(peaks[k + 1]) if k + 1 < len(peaks) else n - 1
        after = np.flatnonzero(excursion[p:nxt] <= level)
        end = int(after[0]) + int(p) if after.size else nxt
        quiet_before = np.flatnonzero(still[prev_end : start + 1])
        if quiet_before.size:
            start = int(quiet_before[-1]) + prev_end
        quiet_after = np.flatnonzero(still[end : nxt + 1])
        if quiet_after.size:
            end = int(quiet_after[0]) + end
        first = ctx.phase(names[0], start, int(p), basis="gross", rep=k + 1)
        second = ctx.phase(names[1], int(p), end, basis="gross", rep=k + 1)
        whole = ctx.phase("rep", start, end, basis="gross", rep=k + 1)
        reps.append(
            ForceRep(
                index=k + 1,
                start_s=float(ctx.t[start]),
                turn_s=float(ctx.t[p]),
                end_s=float(ctx.t[end]),
                excursion_m=depth,
                left_share_pct=whole.left_share_pct,
                asymmetry_pct=whole.asymmetry_pct,
                phases=[first, second],
            )
        )
        phases.extend([first, second])
        events.extend(
            [ctx.event(f"rep{k + 1}-start", start), ctx.event(f"rep{k + 1}-turn", int(p))]
        )
        prev_end = end
    if trial == "deadlift" and position is None:
        warnings.append(
            "deadlift reps from the force alone assume the load is held throughout (e.g. from "
            "a hang); for lifts from the floor give the bar position channel"
        )
    return {
        "phases": phases,
        "reps": reps,
        "events": events,
        "warnings": warnings,
        "onset_threshold_N": ctx.bw + onset_sd * sd,
    }


# -- IMTP -------------------------------------------------------------------------------


def _imtp(ctx: _Ctx, sd: float, w: tuple[int, int], *, onset_sd: float) -> dict[str, Any]:
    total = ctx.p.total
    n = total.shape[0]
    threshold = ctx.bw + onset_sd * sd  # Dos'Santos et al. 2017: BW + 5 SD
    above = _first_run(total > threshold, w[1] + 1, 1)
    if above is None:
        raise AnalysisError(
            f"{ctx.rec.source}: no pull onset: force never rises above BW + {onset_sd:g} SD = "
            f"{threshold:.1f} N after the weighing period (ends at sample {w[1]})"
        )
    i_on = above
    i_peak = int(np.argmax(total[i_on:])) + i_on
    after_peak = np.flatnonzero(total[i_peak:] <= threshold)
    i_end = int(after_peak[0]) + i_peak if after_peak.size else n - 1
    t_on = float(ctx.t[i_on])

    def at(values: FloatArray, ms: int) -> float:
        return float(np.interp(t_on + ms / 1000.0, ctx.t, values))

    def impulse_to(ms: int) -> float:
        j = min(n - 1, i_on + round(ms / 1000.0 * ctx.fs))
        return _trapz(total[i_on : j + 1] - ctx.bw, ctx.dt)

    f_on = float(total[i_on])
    last_ms = (n - 1 - i_on) / ctx.fs * 1000.0
    times = [ms for ms in _IMTP_TIMES_MS if ms <= last_ms]
    kw: dict[str, Any] = {}
    if ctx.p.left is not None and ctx.p.right is not None:
        fl, fr = ctx.p.left, ctx.p.right
        kw = {
            "left_peak_force_N": float(np.max(fl[i_on:])),
            "right_peak_force_N": float(np.max(fr[i_on:])),
            "left_force_at_ms_N": {str(ms): at(fl, ms) for ms in times},
            "right_force_at_ms_N": {str(ms): at(fr, ms) for ms in times},
            "peak_asymmetry_pct": _index_relative_pct(float(fl[i_peak]), float(fr[i_peak])),
        }
    metrics = ImtpMetrics(
        onset_s=t_on,
        peak_force_N=float(total[i_peak]),
        net_peak_force_N=float(total[i_peak]) - ctx.bw,
        time_to_peak_s=float(ctx.t[i_peak]) - t_on,
        force_at_ms_N={str(ms): at(total, ms) for ms in times},
        rfd_N_per_s={str(ms): (at(total, ms) - f_on) / (ms / 1000.0) for ms in times},
        net_impulse_Ns={str(ms): impulse_to(ms) for ms in times},
        **kw,
    )
    return {
        "phases": [
            ctx.phase("weighing", w[0], w[1], basis="net"),
            ctx.phase("pull", i_on, i_end, basis="net"),
        ],
        "events": [ctx.event("onset", i_on), ctx.event("peak", i_peak), ctx.event("end", i_end)],
        "imtp": metrics,
        "warnings": [],
        "onset_threshold_N": threshold,
    }


# -- trial type -------------------------------------------------------------------------


def _detect_trial(total: FloatArray, fs: float, threshold_N: float) -> tuple[TrialType, str]:
    """Guess the trial type from the shape of the summed force (explained in the reason).

    slingcoach heuristics, not from the literature: a countermovement dips below 90 % of
    body weight (the unweighting phase, McMahon et al. 2018); a pull with no dip that
    exceeds 130 % of body weight is taken as an IMTP; a trace that ends at take-off (the
    force falls from above body weight to under half of it at the last sample) is a jump.
    Body weight here is the level of the first 100 ms. The trial type can always be given.
    """
    head = total[: max(1, int(0.1 * fs))]
    level = float(np.median(head))
    if level < threshold_N:
        return "dj", "starts off the plates (drop jump)"
    bw = level
    moving = _first_run(np.abs(total - bw) > 0.1 * bw, 0, max(1, int(0.02 * fs)))
    start = moving if moving is not None else total.shape[0] - 1
    off = _first_run(total < threshold_N, start, max(1, int(0.05 * fs)))
    cut = None if off is not None else _ends_at_takeoff(total, bw, start, threshold_N)
    take_off = off if off is not None else cut
    if take_off is not None:
        peak = int(np.argmax(total[: take_off + 1]))
        lo = max(0, peak - int(fs))
        ends = " (the trace ends at take-off)" if cut is not None else ""
        if float(np.min(total[lo : peak + 1])) < 0.9 * bw:
            return "cmj", f"a take-off preceded by a dip below 90 % of body weight{ends}"
        return "sj", f"a take-off with no dip below 90 % of body weight before it{ends}"
    n_dips, armed = 0, True
    for value in total[:: max(1, int(fs / 100))]:  # hysteresis: below 90 %, re-armed above 95 %
        if armed and value < 0.9 * bw:
            n_dips, armed = n_dips + 1, False
        elif value > 0.95 * bw:
            armed = True
    if n_dips == 0 and float(np.max(total)) > 1.3 * bw:
        return "imtp", "no flight, force rises above 130 % of body weight without dips"
    return "squat", f"no flight and {n_dips} dip(s) below 90 % of the standing weight"


# -- public API -------------------------------------------------------------------------


def force_analyse(
    recording: Recording,
    /,
    *,
    trial_type: TrialArg = "auto",
    left: str | None = None,
    right: str | None = None,
    total: str | None = None,
    takeoff_threshold_N: float = 20.0,
    landing_threshold_N: float = 20.0,
    quiet_s: float = 1.0,
    onset_sd: float = 5.0,
    onset_backoff_ms: float = 30.0,
    min_run_ms: float = 5.0,
    integration: Integration = "auto",
    position: str | None = None,
    min_excursion_m: float = 0.05,
    clip_N: float | None = None,
    refine_thresholds: bool = False,
    weigh: tuple[float, float] | None = None,
) -> ForceResult:
    """Analyse one force-plate trial.

    Parameters
    ----------
    recording
        One plate (total vertical force) or two plates (left, right), in newtons.
    trial_type
        ``"cmj"``, ``"sj"``, ``"dj"``, ``"squat"``, ``"deadlift"``, ``"imtp"`` or ``"auto"``.
    left, right, total
        Channel names; by default found from labels, names (left/right, FP1/FP2) or the
        single channel.
    takeoff_threshold_N, landing_threshold_N
        Contact thresholds on the summed force (20 N, Harry et al. 2020), held for
        ``min_run_ms``.
    quiet_s, weigh
        Body weight is the mean force over the quiet stance found before the movement (CMJ,
        IMTP, lifts, and a squat jump cut at take-off) or after landing (SJ, DJ; Grozier
        2021; Wade 2022): its last ``quiet_s`` seconds (Owen et al. 2014), with a warning when
        it is shorter or noisy (see :mod:`slingcoach.signals.force_weighing`).
        ``weigh=(start_s, end_s)`` gives the stance instead.
    onset_sd, onset_backoff_ms
        Onset at BW ∓ ``onset_sd`` SD, moved back ``onset_backoff_ms`` (Owen et al. 2014).
    integration
        ``"auto"`` (forward for CMJ/SJ from rest at onset, backward for DJ), ``"forward"``
        or ``"backward"`` (zero velocity in the final stance).
    position
        For lifts: a bar or COM position channel (m, cm or mm) to segment repetitions.
    min_excursion_m
        For lifts: the smallest displacement counted as a repetition.
    clip_N
        The plate's full-scale force, if known, to flag clipping.
    refine_thresholds
        After the threshold pass, move take-off and landing to where the force crosses the
        largest unloaded-plate reading of the flight (Gidiel-Machado et al. 2025); the
        thresholds reported are then that noise level.
    """
    if trial_type not in TRIAL_TYPES:
        raise UnknownIdError("trial type", str(trial_type), list(TRIAL_TYPES))
    parameters = ForceParameters(
        trial_type=trial_type,
        left=left,
        right=right,
        total=total,
        takeoff_threshold_N=takeoff_threshold_N,
        landing_threshold_N=landing_threshold_N,
        quiet_s=quiet_s,
        onset_sd=onset_sd,
        onset_backoff_ms=onset_backoff_ms,
        min_run_ms=min_run_ms,
        integration=integration,
        position=position,
        min_excursion_m=min_excursion_m,
        clip_N=clip_N,
        refine_thresholds=refine_thresholds,
        weigh_s=weigh,
    )
    plates = _resolve_plates(recording, left, right, total)
    checked, fs = _check_input(recording, plates, clip_N=clip_N)
    warnings = [*plates.notes, *checked]
    detected: TrialType
    if trial_type == "auto":
        detected, reason = _detect_trial(plates.total, fs, takeoff_threshold_N)
        warnings.append(f"trial type detected as {detected!r}: {reason}")
    else:
        detected = trial_type
    at: Literal["start", "end"] = "end" if detected in ("sj", "dj") else "start"
    given = None
    if weigh is not None:
        given = (
            int(np.searchsorted(recording.time, weigh[0])),
            int(np.searchsorted(recording.time, weigh[1], side="right")) - 1,
        )
    try:
        weighed = force_weigh(
            plates.total, fs, at=at, quiet_s=quiet_s, weigh=given, source=recording.source
        )
    except AnalysisError as exc:
        if detected != "sj" or at != "end":
            raise
        # a squat jump starts from a still squat hold: weigh there when the end is not
        # quiet (or the trace ends at take-off)
        weighed = force_weigh(
            plates.total, fs, at="start", quiet_s=quiet_s, source=recording.source
        )
        warnings.append(f"weighed during the squat hold before the jump, because {exc}")
    warnings.extend(weighed.warnings)
    bw, sd, w0, w1 = weighed.body_weight_N, weighed.sd_N, weighed.first, weighed.last
    ctx = _Ctx(recording, plates, bw, fs)
    settings = _JumpSettings(
        takeoff_N=takeoff_threshold_N,
        landing_N=landing_threshold_N,
        onset_sd=onset_sd,
        backoff_s=onset_backoff_ms / 1000.0,
        min_run_s=min_run_ms / 1000.0,
        quiet_s=quiet_s,
        integration=integration,
        refine=refine_thresholds,
    )
    if detected == "cmj":
        out = _cmj(ctx, settings, sd, (w0, w1))
    elif detected == "sj":
        out = _sj(ctx, settings, sd, (w0, w1))
    elif detected == "dj":
        out = _dj(ctx, settings, sd, (w0, w1))
    elif detected == "imtp":
        out = _imtp(ctx, sd, (w0, w1), onset_sd=onset_sd)
    else:
        out = _lift(
            ctx,
            sd,
            (w0, w1),
            position=position,
            onset_sd=onset_sd,
            min_excursion_m=min_excursion_m,
            trial=detected,
        )
    warnings.extend(out.pop("warnings", []))
    is_jump = detected in ("cmj", "sj", "dj")
    to_N, land_N = takeoff_threshold_N, landing_threshold_N
    if ctx.refined is not None:
        to_N = land_N = ctx.refined
        warnings.append(
            f"take-off and landing refined to the plate noise in flight, {ctx.refined:.1f} N "
            f"(first pass {takeoff_threshold_N:g} N / {landing_threshold_N:g} N)"
        )
    return ForceResult(
        trial_type=detected,
        source=recording.source,
        sampling_rate_hz=fs,
        plates="dual" if plates.left is not None else "single",
        left_channel=plates.left_name,
        sides_known=plates.sides_known,
        right_channel=plates.right_name,
        total_channel=plates.total_name,
        body_weight_N=bw,
        body_weight_sd_N=sd,
        body_mass_kg=bw / G,
        weighing_start_s=float(recording.time[w0]),
        weighing_end_s=float(recording.time[w1]),
        weighing=weighed.how,
        takeoff_threshold_N=to_N if is_jump else None,
        landing_threshold_N=land_N if is_jump else None,
        warnings=warnings,
        parameters=parameters,
        **out,
    )


#: The same function under the American spelling (NeuroKit2 and the previous release name it so);
#: the public vocabulary is British, as in ``slingcoach analyse`` and ``app.analyse_force``.
force_analyze = force_analyse


def force_phases(recording: Recording, /, **options: Any) -> Recording:
    """A copy of ``recording`` with the detected events (onset, take-off, ...) added.

    Takes the same keyword options as :func:`force_analyse`.
    """
    result = force_analyse(recording, **options)
    return recording.with_events(Event(e.time_s, e.name) for e in result.events)


def force_process(
    recording: Recording, /, *, trial_type: TrialArg = "auto", **options: Any
) -> tuple[list[ForcePhase], ForceInfo]:
    """Analyse a trial; return its phases and a :class:`ForceInfo` saying how it was made.

    Takes the keyword options of :func:`force_analyse`; ``info.result`` holds the full
    :class:`ForceResult`.
    """
    result = force_analyse(recording, trial_type=trial_type, **options)
    info = ForceInfo(
        method=_method_text(result),
        trial_type=result.trial_type,
        parameters=result.parameters,
        sources=dict(SOURCES),
        warnings=list(result.warnings),
        result=result,
    )
    return list(result.phases), info


def _method_text(result: ForceResult) -> str:
    how = "given" if result.weighing == "given" else "found in the signal"
    parts = [
        f"body weight = mean summed force over the quiet stance {how} "
        f"({result.weighing_start_s:.2f}-{result.weighing_end_s:.2f} s, SD "
        f"{result.body_weight_sd_N:.1f} N)"
    ]
    if result.onset_threshold_N is not None:
        parts.append(
            f"movement onset threshold {result.onset_threshold_N:.1f} N "
            f"(BW ∓ {result.parameters.onset_sd:g} SD)"
        )
    if result.trial_type in ("cmj", "sj", "dj"):
        parts.append(
            f"take-off below {result.takeoff_threshold_N:g} N, landing above "
            f"{result.landing_threshold_N:g} N; {result.integration} integration of "
            "a = (F − BW)/m; height by impulse–momentum (v²/2g) and flight time (g·t²/8)"
        )
    if result.reps:
        parts.append("reps from the displacement; left/right share of the gross ∫F per phase")
    elif result.plates == "dual":
        parts.append("events on the summed force; limb net impulse against BW/2")
    return "; ".join(parts)


def force_evidence(
    result: ForceResult, /, *, min_asymmetry_pct: float = 0.0
) -> list[ForceEvidence]:
    """:class:`ForceEvidence` for the assessment, one per phase (or lift phase) with both limbs.

    ``text`` says it plainly, e.g. "left leg 58 % of propulsive net impulse". When the plate
    sides were only assumed (FP1/FP2), the text names the plate: "FP1 (taken as left) 57 %
    of ...". A tie (50.0 % to the tenth) has no ``larger_side`` and says "both legs alike".
    """
    out: list[ForceEvidence] = []
    phases = [p for p in result.phases if p.name not in ("weighing", "flight")]
    if result.reps:
        phases = _pooled_rep_phases(result)
    for p in phases:
        if p.left_impulse_Ns is None or p.right_impulse_Ns is None or p.left_share_pct is None:
            continue
        sym = p.asymmetry_pct or 0.0
        if abs(sym) < min_asymmetry_pct:
            continue
        share = p.left_share_pct
        kind = "net impulse" if p.impulse_basis == "net" else "force"
        # a tie to the 0.1 % shown points to no side (slingcoach rule)
        tie = round(share, 1) == 50.0
        larger = None if tie else Side.LEFT if share > 50 else Side.RIGHT
        side_share = share if share >= 50 else 100.0 - share
        side = "left" if share >= 50 else "right"
        who = f"{side} leg"
        if not result.sides_known:
            channel = result.left_channel if side == "left" else result.right_channel
            who = f"{channel} (taken as {side})"
        text = f"{who} {side_share:.0f} % of {_phase_words(p.name)} {kind}"
        if tie:
            text = f"both legs alike: 50 % each of {_phase_words(p.name)} {kind}"
        out.append(
            ForceEvidence(
                test=result.trial_type,
                phase=p.name,
                impulse_basis=p.impulse_basis,
                metric=f"{p.name} {kind}",
                left=round(p.left_impulse_Ns, 3),
                right=round(p.right_impulse_Ns, 3),
                asymmetry_pct=round(sym, 2),
                left_share_pct=round(share, 2),
                larger_side=larger,
                sides_known=result.sides_known,
                text=text,
            )
        )
    return out


def _phase_words(name: str) -> str:
    return {
        "unweighting": "unweighting",
        "braking": "braking",
        "propulsion": "propulsive",
        "landing": "landing",
        "pull": "pulling",
        "down": "lowering",
        "up": "lifting",
    }.get(name, name)


def _pooled_rep_phases(result: ForceResult) -> list[ForcePhase]:
    """Sum each lift phase (down, up) over all reps into one phase per name."""
    pooled: list[ForcePhase] = []
    for name in ("down", "up"):
        items = [p for p in result.phases if p.name == name]
        if not items or any(p.left_impulse_Ns is None for p in items):
            continue
        jl = sum(p.left_impulse_Ns or 0.0 for p in items)
        jr = sum(p.right_impulse_Ns or 0.0 for p in items)
        sym = _index_relative_pct(jl, jr)
        pooled.append(
            ForcePhase(
                name=name,
                start_s=items[0].start_s,
                end_s=items[-1].end_s,
                duration_s=sum(p.duration_s for p in items),
                mean_force_N=float(np.mean([p.mean_force_N for p in items])),
                peak_force_N=max(p.peak_force_N for p in items),
                impulse_Ns=sum(p.impulse_Ns for p in items),
                impulse_basis="gross",
                left_impulse_Ns=jl,
                right_impulse_Ns=jr,
                asymmetry_pct=sym,
                left_share_pct=100.0 * jl / (jl + jr) if sym is not None else None,
            )
        )
    return pooled
