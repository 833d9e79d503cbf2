"""EMG onset detection: slingcoach's methods side by side with NeuroKit2 on simulated EMG.

Accuracy. Trials of five bursts each whose conditions are drawn at random (seeded) from:
sampling rate 1 and 2 kHz; SNR 5, 6, 10, 20, 40 and 80 dB (20·log10(burst RMS / noise SD));
rise time 0 (a step), 25, 50, 100 and 200 ms; rise shape linear in amplitude or a raised
cosine (``smooth``); a quiet lead-in of 0.5, 1 or 2 s before the first burst; gaps of
0.4, 1 or 2 s between bursts; burst lengths 0.3-1.2 s; slow baseline drift on half of the
trials. Every method sees the same raw signal and does its own cleaning (ours: the
default band-pass of ``emg_clean``). Each true onset is matched to the nearest detected
onset within ±250 ms; an unmatched truth is a miss, an unmatched detection a false burst.
Errors are detected − true, in ms; the truth of a ramped burst is the start of its rise.

Speed. CPU and wall time from the raw signal to onsets (band-pass included for every
method) for one minute of 2 kHz EMG, best of 5, and the ratio to NeuroKit2's time. The
default (``aglr-ramp``) and plain ``aglr`` are then timed again side by side, alternating
call by call so that both see the same load (best of 15 each), against the issue's aim of
0.02 s CPU per minute; ``--reference SRC`` times the same pair on another copy of slingcoach
(``git archive <commit> src | tar -x -C /tmp/ref``, then ``--reference /tmp/ref/src``) in a
subprocess, before and after this copy's own pair: a before/after in one run.

``neurokit2`` is ``nk.emg_process`` with its defaults (threshold method); ``nk-mixture`` is
NeuroKit2's clean → amplitude → ``emg_activation(method="mixture")``, the better of its
methods at low SNR. NeuroKit2 is a bench extra (``make bench`` installs it); without it,
those rows are skipped.

Run: ``.venv/bin/python benchmarks/bench_emg.py [--trials N] [--seed S] [--no-neurokit]
[--speed-only] [--reference SRC]``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from reference import figures_of
from slingcoach.signals.emg import ONSET_METHODS, emg_onsets
from slingcoach.signals.emg_methods import DEFAULT_ONSET_METHOD
from slingcoach.signals.recording import Recording
from slingcoach.signals.simulate import emg_simulate

MATCH_S = 0.25
RATES_HZ = (1000.0, 2000.0)
SNRS_DB = (5.0, 6.0, 10.0, 20.0, 40.0, 80.0)
RISES_MS = (0, 25, 50, 100, 200)
SHAPES = ("ramped", "smooth")
LEAD_INS_S = (0.5, 1.0, 2.0)
GAPS_S = (0.4, 1.0, 2.0)
FACTORS = ("rate", "snr", "rise", "shape", "lead_in", "gap")

Detector = Callable[[np.ndarray, float], list[float]]


@dataclass(frozen=True)
class Trial:
    """One simulated signal, its conditions and its true onsets (s)."""

    rate: float
    snr: float
    rise: int
    shape: str
    lead_in: float
    gap: float
    signal: np.ndarray
    truth: list[float]


def make_trials(n: int, seed: int) -> list[Trial]:
    """``n`` trials with conditions drawn at random (seeded) from the grids above."""
    rng = np.random.default_rng(seed)
    trials = []
    for k in range(n):
        rate = float(rng.choice(RATES_HZ))
        snr = float(rng.choice(SNRS_DB))
        rise = int(rng.choice(RISES_MS))
        shape = str(rng.choice(SHAPES)) if rise else "abrupt"
        lead_in = float(rng.choice(LEAD_INS_S))
        gap = float(rng.choice(GAPS_S))
        t, bursts = lead_in, []
        for _ in range(5):
            length = rng.uniform(0.3, 1.2)
            bursts.append((t, t + length, 1.0))
            t += length + gap * rng.uniform(0.8, 1.2)
        rec = emg_simulate(
            t + 0.5,
            rate,
            bursts=bursts,
            noise_sd=10 ** (-snr / 20),
            burst_shape=shape,  # type: ignore[arg-type]
            ramp_ms=max(rise, 1),
            baseline_drift=0.2 * (k % 2),
            seed=seed * 100_000 + k,
        )
        truth = [b[0] for b in bursts]
        trials.append(Trial(rate, snr, rise, shape, lead_in, gap, rec.data["EMG"], truth))
    return trials


def ours(method: str) -> Detector:
    def detect(x: np.ndarray, rate: float) -> list[float]:
        rec = Recording.from_rate({"EMG": x}, sampling_rate_hz=rate)
        return emg_onsets(rec, "EMG", method=method).onsets_s  # type: ignore[arg-type]

    return detect


def neurokit_default(x: np.ndarray, rate: float) -> list[float]:
    import neurokit2 as nk

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _, info = nk.emg_process(x, sampling_rate=int(rate))
        except Exception:  # NeuroKit2 raises when its threshold exceeds the signal
            return []
    return [float(i) / rate for i in info["EMG_Onsets"] if np.isfinite(i)]


def neurokit_mixture(x: np.ndarray, rate: float) -> list[float]:
    import neurokit2 as nk

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cleaned = nk.emg_clean(x, sampling_rate=int(rate))
            amplitude = nk.emg_amplitude(cleaned)
            _, info = nk.emg_activation(
                emg_amplitude=amplitude, sampling_rate=int(rate), method="mixture"
            )
        except Exception:
            return []
    return [float(i) / rate for i in info["EMG_Onsets"] if np.isfinite(i)]


@dataclass(frozen=True)
class Outcome:
    """Per true onset: its trial and its error (None = missed); false bursts per trial."""

    errors: list[tuple[Trial, float | None]]
    false_bursts: int


def score(found: list[float], truth: list[float]) -> tuple[list[float | None], int]:
    arr = np.asarray(found, dtype=float)
    used: set[int] = set()
    errors: list[float | None] = []
    for t in truth:
        if arr.size:
            d = np.abs(arr - t)
            i = int(np.argmin(d))
            if d[i] <= MATCH_S and i not in used:
                used.add(i)
                errors.append(1000.0 * float(arr[i] - t))
                continue
        errors.append(None)
    return errors, len(found) - len(used)


def evaluate(detect: Detector, trials: list[Trial]) -> Outcome:
    rows: list[tuple[Trial, float | None]] = []
    false_bursts = 0
    for trial in trials:
        errors, extra = score(detect(trial.signal, trial.rate), trial.truth)
        rows.extend((trial, e) for e in errors)
        false_bursts += extra
    return Outcome(rows, false_bursts)


def stats(rows: list[tuple[Trial, float | None]]) -> dict[str, float]:
    found = np.array([e for _, e in rows if e is not None], dtype=float)
    nan = float("nan")
    return {
        "n": float(len(rows)),
        "found_pct": 100.0 * found.size / len(rows) if rows else nan,
        "median": float(np.median(np.abs(found))) if found.size else nan,
        "p95": float(np.percentile(np.abs(found), 95)) if found.size else nan,
        "bias": float(np.median(found)) if found.size else nan,
    }


def time_per_minute(detect: Detector, repeats: int = 5) -> tuple[float, float]:
    """Best CPU and wall seconds, raw signal to onsets, for one minute at 2 kHz."""
    x = _minute_of_emg()
    detect(x, 2000.0)  # warm-up (imports, caches)
    cpu = wall = np.inf
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        detect(x, 2000.0)
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return float(cpu), float(wall)


#: The issue's aim for the default method: CPU seconds per minute of signal, in-process.
SPEED_AIM_S = 0.02
PAIR = (DEFAULT_ONSET_METHOD, "aglr")


def _minute_of_emg() -> np.ndarray:
    return emg_simulate(
        60.0,
        2000.0,
        bursts=[(5 + 6 * k, 7 + 6 * k, 1.0) for k in range(9)],
        noise_sd=0.1,
        burst_shape="ramped",
        seed=99,
    ).data["EMG"]


def pair_speed(repeats: int = 15) -> tuple[float, float]:
    """Best CPU seconds per minute of 2 kHz EMG of the default and of plain AGLR, timed
    alternately call by call so that both see the same load on a shared machine."""
    x = _minute_of_emg()
    detectors = [ours(m) for m in PAIR]
    for detect in detectors:
        detect(x, 2000.0)  # warm-up (imports, caches)
    best = [np.inf, np.inf]
    for _ in range(repeats):
        for k, detect in enumerate(detectors):
            c0 = time.process_time()
            detect(x, 2000.0)
            best[k] = min(best[k], time.process_time() - c0)
    return float(best[0]), float(best[1])


def print_pair(reference: str | None) -> None:
    """The default against plain AGLR (and against another copy), CPU s per minute."""
    print(
        f"\n{PAIR[0]} against {PAIR[1]}, CPU s per minute of 2 kHz EMG, raw to onsets "
        f"(alternating, best of 15; aim for {PAIR[0]}: ≤ {SPEED_AIM_S} s)"
    )
    runs = [("this copy", pair_speed())]
    if reference:
        ramp, step = figures_of(reference, "bench_emg", "pair_speed")
        runs.append((f"reference {reference}", (ramp, step)))
        runs.append(("this copy, again", pair_speed()))
    print(f"  {'':<34}{PAIR[0]:>11}{PAIR[1]:>9}{'ratio':>8}")
    for label, (ramp, step) in runs:
        verdict = "met " if ramp <= SPEED_AIM_S else "MISS"
        print(f"  {label:<34}{ramp:>11.4f}{step:>9.4f}{ramp / step:>7.2f}×  {verdict}")
    if reference:
        mine = min(runs[0][1][0], runs[2][1][0])
        print(f"  {PAIR[0]}: this copy takes {mine / runs[1][1][0]:.2f}× the reference's CPU time")


def _fmt(value: float, width: int = 7, digits: int = 1) -> str:
    return f"{value:>{width}.{digits}f}" if np.isfinite(value) else f"{'-':>{width}}"


def print_tables(results: dict[str, Outcome], trials: list[Trial]) -> None:
    print(
        f"\n{'method':<12}{'found %':>8}{'|err| med':>10}{'|err| p95':>10}{'bias':>7}"
        f"{'false/50':>9}"
    )
    for name, out in results.items():
        s = stats(out.errors)
        per50 = 50.0 * out.false_bursts / len(out.errors)
        print(
            f"{name:<12}{_fmt(s['found_pct'], 8)}{_fmt(s['median'], 10)}{_fmt(s['p95'], 10)}"
            f"{_fmt(s['bias'])}{_fmt(per50, 9, 2)}"
        )
    for factor in FACTORS:
        values = sorted({getattr(t, factor) for t in trials}, key=lambda v: (str(type(v)), v))
        print(f"\nper {factor}: median |error| / p95 |error| (ms), found %")
        print(f"{'method':<12}" + "".join(f"{v!s:>22}" for v in values))
        for name, out in results.items():
            cells = []
            for v in values:
                s = stats([r for r in out.errors if getattr(r[0], factor) == v])
                cells.append(
                    f"{_fmt(s['median'], 6)} /{_fmt(s['p95'], 6)} {_fmt(s['found_pct'], 5, 0)}%"
                )
            print(f"{name:<12}" + "".join(f"{c:>22}" for c in cells))


def print_aim(results: dict[str, Outcome]) -> None:
    """The issue's aim for the default method, checked on these simulations."""
    out = results[DEFAULT_ONSET_METHOD]
    rows = out.errors
    two = stats([r for r in rows if r[0].rate == 2000.0 and r[0].snr >= 6.0])
    one = stats([r for r in rows if r[0].rate == 1000.0 and r[0].snr >= 5.0])
    every = stats(rows)
    per50 = 50.0 * out.false_bursts / len(rows)
    checks = [
        ("every onset found", every["found_pct"] == 100.0, f"{every['found_pct']:.1f} %"),
        ("median ≤ 12 ms at 2 kHz, SNR ≥ 6 dB", two["median"] <= 12.0, f"{two['median']:.1f} ms"),
        ("median ≤ 20 ms at 1 kHz, SNR ≥ 5 dB", one["median"] <= 20.0, f"{one['median']:.1f} ms"),
        ("p95 ≤ 60 ms", every["p95"] <= 60.0, f"{every['p95']:.1f} ms"),
        ("≤ 2 false bursts in 50", per50 <= 2.0, f"{per50:.2f}"),
    ]
    print(f"\naim for the default method ({DEFAULT_ONSET_METHOD}):")
    for what, ok, value in checks:
        print(f"  {'met ' if ok else 'MISS'}  {what}: {value}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=240, help="simulated trials (5 bursts each)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the conditions and noise")
    parser.add_argument("--no-neurokit", action="store_true", help="leave NeuroKit2 out")
    parser.add_argument(
        "--speed-only", action="store_true", help=f"only time {PAIR[0]} against {PAIR[1]}"
    )
    parser.add_argument("--reference", help="src folder of another slingcoach to time as well")
    args = parser.parse_args(argv)
    if args.speed_only:
        print_pair(args.reference)
        return
    trials = make_trials(args.trials, args.seed)
    minutes = sum(t.signal.shape[0] / t.rate for t in trials) / 60.0
    print(
        f"{len(trials)} simulated trials, {5 * len(trials)} onsets, {minutes:.1f} min of signal "
        f"(seed {args.seed}); conditions drawn from rate {RATES_HZ}, SNR {SNRS_DB} dB, rise "
        f"{RISES_MS} ms ({'/'.join(SHAPES)}), lead-in {LEAD_INS_S} s, gaps {GAPS_S} s"
    )
    detectors: dict[str, Detector] = {m: ours(m) for m in ONSET_METHODS}
    if not args.no_neurokit:
        try:
            import neurokit2  # noqa: F401

            detectors["neurokit2"] = neurokit_default
            detectors["nk-mixture"] = neurokit_mixture
        except ImportError:
            print("(neurokit2 is not installed: `make bench` installs it; its rows are skipped)")
    results = {name: evaluate(detect, trials) for name, detect in detectors.items()}
    print_tables(results, trials)
    print_aim(results)
    print(
        "\nspeed, raw to onsets, one minute of 2 kHz EMG (best of 5; a shared machine: CPU "
        "time is the steadier figure)"
    )
    timings = {name: time_per_minute(detect) for name, detect in detectors.items()}
    reference = "nk-mixture" if "nk-mixture" in timings else None
    print(
        f"{'method':<12}{'CPU s':>9}{'wall s':>9}"
        + (f"{'CPU ratio to ' + reference:>26}" if reference else "")
    )
    for name, (cpu, wall) in timings.items():
        ratio = f"{timings[reference][0] / cpu:>25.0f}×" if reference else ""
        print(f"{name:<12}{cpu:>9.4f}{wall:>9.4f}{ratio}")
    print_pair(args.reference)
    if reference:
        print("\nhead to head with NeuroKit2 on the onsets both found (|error| ms, median / p95):")
        for ref in ("neurokit2", "nk-mixture"):
            for name in ONSET_METHODS:
                a, b = results[name].errors, results[ref].errors
                both = [
                    (x, y)
                    for (_, x), (_, y) in zip(a, b, strict=True)
                    if x is not None and y is not None
                ]
                if not both:
                    continue
                mine = np.abs([x for x, _ in both])
                theirs = np.abs([y for _, y in both])
                print(
                    f"  {name:<11} vs {ref:<11} n={len(both):>4}: {np.median(mine):6.1f} / "
                    f"{np.percentile(mine, 95):6.1f}  vs  {np.median(theirs):6.1f} / "
                    f"{np.percentile(theirs, 95):6.1f}   (error ratio {np.median(mine) / max(np.median(theirs), 1e-9):.2f})"
                )


if __name__ == "__main__":
    main()
