"""Simulated force-plate trials with known answers, for tests and benchmarks.

Each jump is generated from a prescribed centre-of-mass acceleration profile, so that
the vertical force is ``F = m (g + a)`` exactly and impulse–momentum gives the
prescribed jump height. Each limb's force is split so that its **net** impulse
against half body weight (Benjanuvatra et al. 2013) is a prescribed share of the
phase's net impulse::

    F_left = s·F + (½ − s)·BW·w(t),    F_right = F − F_left

where ``w(t) = c·min(1, F/BW)`` and ``c`` makes the mean of ``w`` over the phase 1,
so ``∫(F_left − BW/2) dt = s·∫(F − BW) dt`` and a limb's force is zero whenever the
total is. Lifts use a plain share of the gross force (``F_left = s·F``). Gaussian
noise (``noise_N``, per plate) is added last; ``seed`` makes it reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from slingcoach.errors import InvalidInputError
from slingcoach.signals.force import G
from slingcoach.signals.recording import ChannelLabel, FloatArray, Recording

__all__ = [
    "SimulatedTrial",
    "force_simulate_cmj",
    "force_simulate_dj",
    "force_simulate_imtp",
    "force_simulate_lift",
    "force_simulate_sj",
]


@dataclass(frozen=True)
class SimulatedTrial:
    """A simulated recording and the answers an analysis should recover.

    ``truth`` holds ``body_mass_kg``, ``body_weight_N``, ``jump_height_m``,
    ``flight_time_s``, ``events`` (name → time in s), ``phases`` (name → (start_s, end_s,
    asymmetry_pct)), and for lifts ``reps`` and ``left_share_pct``.
    """

    recording: Recording
    truth: dict[str, Any] = field(default_factory=dict)


def _check(name: str, value: float, lo: float, hi: float) -> None:
    if not (lo <= value <= hi) or not math.isfinite(value):
        raise InvalidInputError(f"{name} must be between {lo:g} and {hi:g}, got {value!r}")


def _net_split(
    total: FloatArray, bw: float, phase_idx: list[tuple[int, int, float]], dt: float
) -> FloatArray:
    """Left-limb force whose net impulse is share·(phase net impulse), see the module doc."""
    left = total / 2.0
    for i0, i1, share in phase_idx:
        f = total[i0 : i1 + 1]
        w = np.minimum(1.0, f / bw)
        # trapezoid mean, the same rule the analysis integrates with
        integral = dt * (np.sum(w) - 0.5 * (w[0] + w[-1]))
        duration = dt * (f.shape[0] - 1)
        c = duration / integral if integral > 0 else 1.0
        left[i0 : i1 + 1] = share * f + (0.5 - share) * bw * c * w
    return left


def _recording(
    left: FloatArray,
    right: FloatArray,
    fs: float,
    noise_N: float,
    seed: int,
    source: str,
    extra: Mapping[str, FloatArray] | None = None,
) -> Recording:
    rng = np.random.default_rng(seed)
    data = {
        "Fz_left": left + rng.normal(0.0, noise_N, left.shape[0]),
        "Fz_right": right + rng.normal(0.0, noise_N, right.shape[0]),
    }
    units = {"Fz_left": "N", "Fz_right": "N"}
    labels = {
        "Fz_left": ChannelLabel(side="left", plate="left"),
        "Fz_right": ChannelLabel(side="right", plate="right"),
    }
    for name, values in (extra or {}).items():
        data[name] = values
        units[name] = "m"
    return Recording.from_rate(data, sampling_rate_hz=fs, units=units, labels=labels, source=source)


def _asym(share: float) -> float:
    return (1.0 - 2.0 * share) * 100.0  # (R − L)/(R + L) × 100 with L = share·J


def _landing_accel(t: FloatArray, v_land: float, dur: float) -> FloatArray:
    """Half-sine deceleration that brings a downward velocity v_land back to zero."""
    amp = math.pi * v_land / (2.0 * dur)
    return np.where((t >= 0) & (t < dur), amp * np.sin(math.pi * t / dur), 0.0)


def _shares(defaults: tuple[str, ...], given: Mapping[str, float] | None) -> dict[str, float]:
    """Each phase's left net-impulse share: 0.5 (symmetric) unless given."""
    shares = dict.fromkeys(defaults, 0.5)
    shares.update(given or {})
    return shares


def _time_axis(end_s: float, fs: float) -> FloatArray:
    """Sample times 0 … ``end_s`` (at least) at ``fs`` Hz."""
    return np.arange(math.ceil(end_s * fs) + 1) / fs


def _drop_flight_landing(
    t: FloatArray,
    a: FloatArray,
    t_push_end: float,
    t_to: float,
    t_land: float,
    v_to: float,
    drop_s: float,
    landing_s: float,
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Add the force drop, free flight (a = −g) and landing to ``a``; return the airborne mask.

    The force falls linearly to zero over ``drop_s`` (a from 0 to −g), so the velocity
    gained in the drop is ``g·drop_s/2``, which the push profiles add to their gain.
    """
    d = (t >= t_push_end) & (t < t_to)
    a[d] = -G * (t[d] - t_push_end) / drop_s
    airborne = (t >= t_to) & (t < t_land)
    a[airborne] = -G
    a += _landing_accel(t - t_land, v_to, landing_s)
    return airborne


def _jump_trial(
    total: FloatArray,
    *,
    body_mass_kg: float,
    fs: float,
    bounds: Mapping[str, tuple[float, float]],
    shares: dict[str, float],
    airborne: np.ndarray[Any, np.dtype[np.bool_]],
    noise_N: float,
    seed: int,
    kind: str,
    jump_height_m: float,
    v_to: float,
    events: dict[str, float],
    extra_phases: Mapping[str, tuple[float, float, float]] | None = None,
    **extra_truth: float,
) -> SimulatedTrial:
    """Split ``total`` between the limbs by ``shares`` per phase, add noise, state the truth."""
    n = int(total.shape[0])
    bw = body_mass_kg * G

    def idx(x: float) -> int:
        return min(n - 1, math.ceil(x * fs - 1e-9))

    left = _net_split(
        total, bw, [(idx(a0), idx(b0), shares[k]) for k, (a0, b0) in bounds.items()], 1 / fs
    )
    left[airborne] = 0.0
    rec = _recording(left, total - left, fs, noise_N, seed, f"<simulated {kind}>")
    phases = {k: (a0, b0, _asym(shares[k])) for k, (a0, b0) in bounds.items()}
    phases.update(extra_phases or {})
    return SimulatedTrial(
        rec,
        {
            "body_mass_kg": body_mass_kg,
            "body_weight_N": bw,
            "jump_height_m": jump_height_m,
            "takeoff_velocity_m_s": v_to,
            "flight_time_s": 2 * v_to / G,
            **extra_truth,
            "events": events,
            "phases": phases,
            "left_share": shares,
        },
    )


def force_simulate_cmj(
    *,
    body_mass_kg: float = 75.0,
    jump_height_m: float = 0.35,
    sampling_rate_hz: float = 1000.0,
    left_share: Mapping[str, float] | None = None,
    peak_negative_velocity_m_s: float = 1.0,
    unweighting_s: float = 0.30,
    push_s: float = 0.45,
    drop_s: float = 0.05,
    landing_s: float = 0.25,
    quiet_before_s: float = 1.5,
    quiet_after_s: float = 1.5,
    noise_N: float = 2.0,
    seed: int = 0,
) -> SimulatedTrial:
    """A countermovement jump on two plates.

    The profile: half-sine unweighting (a < 0, ``unweighting_s``), half-sine push
    (a > 0, ``push_s``), a linear force drop to zero (``drop_s``), free flight,
    half-sine landing. ``left_share`` maps "unweighting", "braking", "propulsion",
    "landing" to the left limb's share of that phase's net impulse (default 0.5).
    """
    _check("body_mass_kg", body_mass_kg, 20, 250)
    _check("jump_height_m", jump_height_m, 0.02, 1.0)
    shares = _shares(("unweighting", "braking", "propulsion", "landing"), left_share)
    for k, s in shares.items():
        _check(f"left_share[{k}]", s, 0.2, 0.8)
    fs = sampling_rate_hz
    v_to = math.sqrt(2 * G * jump_height_m)  # take-off velocity for height h: v = √(2gh)
    v_min = peak_negative_velocity_m_s
    a_u = math.pi * v_min / (2 * unweighting_s)  # half-sine whose integral is v_min
    gain = v_to + G * drop_s / 2 + v_min
    a_p = math.pi * gain / (2 * push_s)
    t_on = quiet_before_s
    t_vmin = t_on + unweighting_s
    t_zero = t_vmin + push_s / math.pi * math.acos(1 - math.pi * v_min / (a_p * push_s))
    t_push_end = t_vmin + push_s
    t_to = t_push_end + drop_s
    t_land = t_to + 2 * v_to / G
    t_land_end = t_land + landing_s
    t = _time_axis(t_land_end + quiet_after_s, fs)
    a = np.zeros(t.shape[0])
    u = (t >= t_on) & (t < t_vmin)
    a[u] = -a_u * np.sin(math.pi * (t[u] - t_on) / unweighting_s)
    p = (t >= t_vmin) & (t < t_push_end)
    a[p] = a_p * np.sin(math.pi * (t[p] - t_vmin) / push_s)
    airborne = _drop_flight_landing(t, a, t_push_end, t_to, t_land, v_to, drop_s, landing_s)
    return _jump_trial(
        body_mass_kg * (G + a),
        body_mass_kg=body_mass_kg,
        fs=fs,
        bounds={
            "unweighting": (t_on, t_vmin),
            "braking": (t_vmin, t_zero),
            "propulsion": (t_zero, t_to),
            "landing": (t_land, t_land_end),
        },
        shares=shares,
        airborne=airborne,
        noise_N=noise_N,
        seed=seed,
        kind="cmj",
        jump_height_m=jump_height_m,
        v_to=v_to,
        events={
            "onset": t_on,
            "peak-negative-velocity": t_vmin,
            "zero-velocity": t_zero,
            "take-off": t_to,
            "landing": t_land,
            "landing-end": t_land_end,
        },
        extra_phases={"flight": (t_to, t_land, float("nan"))},
    )


def force_simulate_sj(
    *,
    body_mass_kg: float = 75.0,
    jump_height_m: float = 0.30,
    sampling_rate_hz: float = 1000.0,
    left_share: Mapping[str, float] | None = None,
    push_s: float = 0.35,
    drop_s: float = 0.05,
    landing_s: float = 0.25,
    hold_s: float = 1.0,
    quiet_after_s: float = 1.5,
    noise_N: float = 2.0,
    seed: int = 0,
) -> SimulatedTrial:
    """A squat jump: a still squat hold, a half-sine push, flight, landing, quiet standing.

    ``left_share`` maps "propulsion" and "landing" to the left net-impulse share.
    """
    _check("body_mass_kg", body_mass_kg, 20, 250)
    _check("jump_height_m", jump_height_m, 0.02, 1.0)
    fs = sampling_rate_hz
    v_to = math.sqrt(2 * G * jump_height_m)  # take-off velocity for height h: v = √(2gh)
    a_p = math.pi * (v_to + G * drop_s / 2) / (2 * push_s)  # half-sine whose integral is the gain
    t_on = hold_s
    t_push_end = t_on + push_s
    t_to = t_push_end + drop_s
    t_land = t_to + 2 * v_to / G
    t_land_end = t_land + landing_s
    t = _time_axis(t_land_end + quiet_after_s, fs)
    a = np.zeros(t.shape[0])
    p = (t >= t_on) & (t < t_push_end)
    a[p] = a_p * np.sin(math.pi * (t[p] - t_on) / push_s)
    airborne = _drop_flight_landing(t, a, t_push_end, t_to, t_land, v_to, drop_s, landing_s)
    return _jump_trial(
        body_mass_kg * (G + a),
        body_mass_kg=body_mass_kg,
        fs=fs,
        bounds={"propulsion": (t_on, t_to), "landing": (t_land, t_land_end)},
        shares=_shares(("propulsion", "landing"), left_share),
        airborne=airborne,
        noise_N=noise_N,
        seed=seed,
        kind="sj",
        jump_height_m=jump_height_m,
        v_to=v_to,
        events={"onset": t_on, "take-off": t_to, "landing": t_land},
    )


def force_simulate_dj(
    *,
    body_mass_kg: float = 75.0,
    drop_height_m: float = 0.30,
    jump_height_m: float = 0.30,
    contact_s: float = 0.25,
    sampling_rate_hz: float = 1000.0,
    left_share: Mapping[str, float] | None = None,
    box_s: float = 0.5,
    landing_s: float = 0.25,
    quiet_after_s: float = 1.5,
    noise_N: float = 2.0,
    seed: int = 0,
) -> SimulatedTrial:
    """A drop jump: off the plates (on the box), half-sine contact force, flight, landing.

    The contact force ``F = m·A·sin(πt/T)`` turns the touchdown velocity
    ``√(2g·drop_height)`` into the take-off velocity ``√(2g·jump_height)``.
    ``left_share`` maps "braking", "propulsion" and "landing" to net-impulse shares.
    """
    from scipy.optimize import brentq

    _check("drop_height_m", drop_height_m, 0.05, 1.0)
    _check("jump_height_m", jump_height_m, 0.02, 1.0)
    fs, m = sampling_rate_hz, body_mass_kg
    v_td = math.sqrt(2 * G * drop_height_m)  # touchdown velocity after a free fall, √(2gh)
    v_to = math.sqrt(2 * G * jump_height_m)
    amp = math.pi * (v_to + v_td + G * contact_s) / (2 * contact_s)
    t_c = box_s
    t_to = t_c + contact_s

    def vel(x: float) -> float:
        return -v_td + amp * contact_s / math.pi * (1 - math.cos(math.pi * x / contact_s)) - G * x

    t_zero = t_c + float(brentq(vel, 1e-6, contact_s))
    t_land = t_to + 2 * v_to / G
    t_land_end = t_land + landing_s
    t = _time_axis(t_land_end + quiet_after_s, fs)
    total = np.zeros(t.shape[0])
    c = (t >= t_c) & (t < t_to)
    total[c] = m * amp * np.sin(math.pi * (t[c] - t_c) / contact_s)
    after = t >= t_land
    total[after] = m * (G + _landing_accel(t[after] - t_land, v_to, landing_s))
    return _jump_trial(
        total,
        body_mass_kg=m,
        fs=fs,
        bounds={
            "braking": (t_c, t_zero),
            "propulsion": (t_zero, t_to),
            "landing": (t_land, t_land_end),
        },
        shares=_shares(("braking", "propulsion", "landing"), left_share),
        airborne=total == 0,
        noise_N=noise_N,
        seed=seed,
        kind="dj",
        jump_height_m=jump_height_m,
        v_to=v_to,
        events={"contact": t_c, "zero-velocity": t_zero, "take-off": t_to, "landing": t_land},
        contact_time_s=contact_s,
        rsi=jump_height_m / contact_s,
    )


def force_simulate_lift(
    *,
    kind: str = "squat",
    body_mass_kg: float = 75.0,
    load_kg: float = 60.0,
    reps: int = 5,
    depth_m: float = 0.45,
    rep_s: float = 2.4,
    pause_s: float = 0.8,
    left_share: Mapping[str, float] | None = None,
    sampling_rate_hz: float = 1000.0,
    quiet_s: float = 1.5,
    noise_N: float = 2.0,
    seed: int = 0,
) -> SimulatedTrial:
    """Squats (or deadlifts from a hang) on two plates, with a bar-height channel ``bar_z``.

    Each rep moves the system COM down and up by ``depth_m`` along a smooth
    (zero-acceleration at both ends) curve in ``rep_s``; ``left_share`` maps "down" and "up" to the left share of the gross force.
    """
    if kind not in ("squat", "deadlift"):
        raise InvalidInputError(f"kind must be 'squat' or 'deadlift', got {kind!r}")
    _check("reps", reps, 1, 50)
    _check("depth_m", depth_m, 0.05, 1.0)
    shares = _shares(("down", "up"), left_share)
    fs = sampling_rate_hz
    mass = body_mass_kg + load_kg
    starts = [quiet_s + k * (rep_s + pause_s) for k in range(reps)]
    end = starts[-1] + rep_s + quiet_s
    t = _time_axis(end, fs)
    n = t.shape[0]
    disp = np.zeros(n)
    acc = np.zeros(n)
    share = np.full(n, 0.5)
    w = 2 * math.pi / rep_s
    rep_truth = []
    for s0 in starts:
        r = (t >= s0) & (t < s0 + rep_s)
        tau = t[r] - s0
        # s = −depth·u², u = (1 − cos wτ)/2: zero velocity and acceleration at both ends
        u = (1 - np.cos(w * tau)) / 2
        du = w * np.sin(w * tau) / 2
        ddu = w**2 * np.cos(w * tau) / 2
        disp[r] = -depth_m * u**2
        acc[r] = -depth_m * 2 * (du**2 + u * ddu)
        share[r] = np.where(tau < rep_s / 2, shares["down"], shares["up"])
        rep_truth.append((s0, s0 + rep_s / 2, s0 + rep_s))
    total = mass * (G + acc)
    left = share * total
    bar = 1.0 + disp  # bar height, m, above the plates
    rec = _recording(left, total - left, fs, noise_N, seed, f"<simulated {kind}>", {"bar_z": bar})
    return SimulatedTrial(
        rec,
        {
            "system_mass_kg": mass,
            "body_weight_N": mass * G,
            "reps": rep_truth,
            "depth_m": depth_m,
            "left_share_pct": {k: 100 * v for k, v in shares.items()},
        },
    )


def force_simulate_imtp(
    *,
    body_mass_kg: float = 80.0,
    peak_net_force_N: float = 2000.0,
    tau_s: float = 0.15,
    left_share: float = 0.5,
    pull_s: float = 3.0,
    quiet_s: float = 1.5,
    sampling_rate_hz: float = 1000.0,
    noise_N: float = 2.0,
    seed: int = 0,
) -> SimulatedTrial:
    """An isometric mid-thigh pull: ``F = BW + ΔF(1 − e^(−t/τ))`` for ``pull_s``, then release.

    Known answers: initial RFD ``ΔF/τ``, force at each time, peak ≈ ``BW + ΔF``.
    ``left_share`` is the left limb's share of the force above body weight.
    """
    _check("left_share", left_share, 0.2, 0.8)
    fs, bw = sampling_rate_hz, body_mass_kg * G
    t = _time_axis(quiet_s + pull_s + 0.5 + 1.0, fs)
    rise = np.where(t >= quiet_s, 1 - np.exp(-(t - quiet_s) / tau_s), 0.0)
    release = np.where(t >= quiet_s + pull_s, np.exp(-(t - quiet_s - pull_s) / 0.08), 1.0)
    net = peak_net_force_N * rise * release
    total = bw + net
    left = bw / 2 + left_share * net
    rec = _recording(left, total - left, fs, noise_N, seed, "<simulated imtp>")
    peak_net = peak_net_force_N * (1 - math.exp(-pull_s / tau_s))
    force_at = {
        str(ms): bw + peak_net_force_N * (1 - math.exp(-ms / 1000 / tau_s))
        for ms in (50, 100, 150, 200, 250)
    }
    return SimulatedTrial(
        rec,
        {
            "body_weight_N": bw,
            "onset_s": quiet_s,
            "peak_force_N": bw + peak_net,
            "left_peak_force_N": bw / 2 + left_share * peak_net,
            "right_peak_force_N": bw / 2 + (1 - left_share) * peak_net,
            "force_at_ms_N": force_at,
            "rfd_N_per_s": {k: (v - bw) / (int(k) / 1000) for k, v in force_at.items()},
            "peak_asymmetry_pct": 100
            * ((1 - left_share) * peak_net - left_share * peak_net)
            / (bw + peak_net),
        },
    )
