"""Force-plate throughput: simulated two-plate CMJs analysed per second, one core vs all.

Each trial is a 4.6 s, 1000 Hz, two-plate CMJ from ``force_simulate_cmj`` (different
seeds, heights and left/right splits), analysed with ``force_analyse`` (phases, heights,
per-limb impulses and asymmetry). The recordings are made first; only the analysis
is timed. "All cores" runs a ProcessPoolExecutor whose workers build the same
recordings at start-up (untimed) and then receive only trial numbers, so the figure is
analysis throughput, not pickling. Accuracy over the same trials is printed too (error
of the impulse–momentum height, with the 20 N and the refined thresholds, and of the
propulsive asymmetry). The machine should be otherwise idle: other load on the cores
shows directly in the figures, so the one-process figure is given in CPU time too.

``--reference SRC`` runs the same one-process measurement on another copy of slingcoach
(e.g. ``git archive <commit> src | tar -x -C /tmp/ref`` then ``--reference /tmp/ref/src``)
in a subprocess right after this one, and prints the ratio: the side-by-side comparison
with the version the issue measured.

Run: ``.venv/bin/python benchmarks/bench_force.py [--reference SRC]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from reference import figures_of

try:
    from slingcoach.signals.force import force_analyse
except ImportError:  # a copy from before the rename (what --reference usually names)
    from slingcoach.signals.force import force_analyze as force_analyse
from slingcoach.signals.force_simulate import force_simulate_cmj
from slingcoach.signals.recording import Recording

TRIALS = 400
REPEATS = 3


def _trials() -> list[tuple[Recording, float, float]]:
    out = []
    for k in range(TRIALS):
        height = 0.2 + 0.2 * (k % 11) / 10
        share = 0.42 + 0.16 * (k % 7) / 6
        sim = force_simulate_cmj(
            body_mass_kg=60 + k % 40,
            jump_height_m=height,
            left_share={"propulsion": share},
            seed=k,
        )
        out.append((sim.recording, height, 100 * (1 - 2 * share)))
    return out


_RECORDINGS: list[Recording] = []


def _init_worker() -> None:
    _RECORDINGS[:] = [t[0] for t in _trials()]


def _analyse_ids(ids: list[int], refine: bool = False) -> list[tuple[float | None, float | None]]:
    out = []
    for i in ids:
        r = force_analyse(_RECORDINGS[i], trial_type="cmj", refine_thresholds=refine)
        prop = next(p for p in r.phases if p.name == "propulsion")
        out.append((r.jump_height_m, prop.asymmetry_pct))
    return out


def _best_rate(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return n / min(times)


def _best_cpu_rate(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEATS):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return n / min(times)


def one_process() -> tuple[float, float]:
    """Trials per CPU second and per wall second on this process (after a warm-up)."""
    _RECORDINGS[:] = [t[0] for t in _trials()]
    ids = list(range(len(_RECORDINGS)))
    _analyse_ids(ids[:5])  # warm-up: imports and caches
    cpu = _best_cpu_rate(lambda: _analyse_ids(ids), len(ids))
    wall = _best_rate(lambda: _analyse_ids(ids), len(ids))
    return cpu, wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", help="src folder of another slingcoach to compare with")
    args = parser.parse_args(argv)
    trials = _trials()
    _RECORDINGS[:] = [t[0] for t in trials]
    ids = list(range(len(trials)))
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cpu_one, one = one_process()
    print(f"{TRIALS} simulated two-plate CMJs (4.6 s at 1000 Hz each), best of {REPEATS}")
    print(f"  {cores} cores, load average {load:.1f} at the start (other work skews these figures)")
    print(
        f"  1 process:           {one:8.0f} trials/s wall, {cpu_one:8.0f} trials per CPU second "
        f"({1000 / cpu_one:.2f} ms CPU per trial)"
    )
    if args.reference:
        ref_cpu, ref_wall = figures_of(args.reference, "bench_force", "one_process")
        print(
            f"  reference ({args.reference}): {ref_wall:8.0f} trials/s wall, {ref_cpu:8.0f} per CPU "
            f"second; this version is {cpu_one / ref_cpu:.2f}x (CPU), {one / ref_wall:.2f}x (wall)"
        )
    for n in sorted({2, cores}):
        chunks = [ids[i::n] for i in range(n)]
        with ProcessPoolExecutor(max_workers=n, initializer=_init_worker) as pool:
            list(pool.map(_analyse_ids, [c[:3] for c in chunks]))  # start and warm the workers
            many = _best_rate(lambda: list(pool.map(_analyse_ids, chunks)), len(ids))  # noqa: B023
        print(f"  {n} processes:         {many:8.0f} trials/s  (speed-up {many / one:.2f}x)")
    for refine in (False, True):
        results = _analyse_ids(ids, refine)
        h_err = sorted(
            abs((h or 0) - t[1]) / t[1] * 100 for (h, _), t in zip(results, trials, strict=True)
        )
        a_err = sorted(abs((a or 0) - t[2]) for (_, a), t in zip(results, trials, strict=True))
        label = "refined to plate noise" if refine else "20 N threshold"
        print(
            f"  jump height error ({label}): median {statistics.median(h_err):.3f} %, "
            f"95th pct {h_err[int(0.95 * (len(h_err) - 1))]:.3f} %"
        )
        print(
            f"  propulsive asymmetry error ({label}): median {statistics.median(a_err):.3f} pp, "
            f"95th pct {a_err[int(0.95 * (len(a_err) - 1))]:.3f} pp"
        )


if __name__ == "__main__":
    main()
