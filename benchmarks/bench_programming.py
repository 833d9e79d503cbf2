"""Program generation speed: an 8-week block per person (issue 4).

Times ``programming.generate`` (the assessment is made beforehand and not timed) for the
sample clients and for 1,000 random people made by perturbing the sample intakes with a
fixed seed (level, days, minutes, equipment, goals, test results). Prints the median and
95th percentile, then programs per second with a two-worker process pool.

Aim: median under 200 ms and 95th percentile under 1 s on a 2-core machine.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PEOPLE = 1000
SEED = 20261124
#: The day the benchmark assessments are made on (the domain reads no clock).
ASSESSED_ON = dt.date(2026, 3, 2)
WEEKS = 8
START = dt.date(2026, 1, 5)


def _scale(value: Any, factor: float) -> Any:
    """Multiply a number or a list of numbers by ``factor`` (other values unchanged)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return (
            round(value * factor, 2) if isinstance(value, float) else max(1, round(value * factor))
        )
    if isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
        return [_scale(v, factor) for v in value]
    return value


def _perturb_test(entry: Any, rng: random.Random) -> Any:
    """Scale the left/right values of one test entry independently (±30 %)."""
    if not isinstance(entry, dict):
        return entry
    out = dict(entry)
    for side in ("left", "right"):
        if side not in out:
            continue
        value = out[side]
        if isinstance(value, dict):  # a quality checklist: flip each fault at random
            out[side] = {
                k: (rng.random() < 0.3 if isinstance(v, bool) else v) for k, v in value.items()
            }
        else:
            out[side] = _scale(value, rng.uniform(0.7, 1.3))
    return out


def random_intakes(count: int, seed: int) -> list[Any]:
    """``count`` valid intakes made from the sample clients (red flags off), seeded."""
    import yaml

    from slingcoach.assessment import Intake
    from slingcoach.programming import Goal
    from slingcoach.vocab import Equipment

    bases = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data.get("red_flags"), dict):
            data["red_flags"] = {k: False for k in data["red_flags"]}
        bases.append(data)
    rng = random.Random(seed)
    equipment = [e.value for e in Equipment]
    goals = [g.value for g in Goal]
    out: list[Any] = []
    attempts = 0
    while len(out) < count and attempts < count * 5:
        attempts += 1
        data = copy.deepcopy(rng.choice(bases))
        training = data.setdefault("training", {})
        training["level"] = rng.randint(1, 3)
        training["days_per_week"] = rng.randint(2, 6)
        training["minutes_per_session"] = rng.choice([20, 30, 40, 45, 60, 75, 90])
        training["equipment"] = rng.sample(equipment, rng.randint(0, 8))
        data["goals"] = rng.sample(goals, rng.randint(1, 3))
        data["tests"] = {k: _perturb_test(v, rng) for k, v in (data.get("tests") or {}).items()}
        try:
            out.append(Intake.model_validate(data))
        except ValueError:
            continue
    return out


def _time_one(assessment: Any) -> tuple[float, str]:
    """Seconds to generate one block, and the outcome (ok / infeasible / referral)."""
    from slingcoach.errors import InfeasibleProgramError, ReferralRequiredError
    from slingcoach.programming import Preferences, generate

    started = time.perf_counter()
    try:
        generate(assessment, Preferences(start_date=START), weeks=WEEKS, seed=1)
        outcome = "ok"
    except InfeasibleProgramError:
        outcome = "infeasible"
    except ReferralRequiredError:
        outcome = "referral"
    return time.perf_counter() - started, outcome


def _warm_up(assessment: Any) -> None:
    """Import OR-Tools and load the catalogue once per process (not part of the figures)."""
    _time_one(assessment)


def _generate_chunk(chunk: list[Any]) -> int:
    return sum(_time_one(a)[1] == "ok" for a in chunk)


def _summary(name: str, rows: list[tuple[float, str]]) -> None:
    times = sorted(t for t, outcome in rows if outcome != "referral")
    if not times:
        print(f"{name:28s} no programs")
        return
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    outcomes = {o: sum(1 for _, x in rows if x == o) for o in ("ok", "infeasible", "referral")}
    print(
        f"{name:28s} n={len(times):5d}  median {1000 * statistics.median(times):7.1f} ms  "
        f"p95 {1000 * p95:7.1f} ms  max {1000 * times[-1]:7.1f} ms  "
        f"(ok {outcomes['ok']}, infeasible {outcomes['infeasible']}, referral {outcomes['referral']})"
    )


def main() -> None:
    from slingcoach.assessment import assess
    from slingcoach.assessment.io import load_intake

    samples = [
        assess(load_intake(p), assessed_on=ASSESSED_ON) for p in sorted(SAMPLES.glob("*.yaml"))
    ]
    _warm_up(samples[-1])
    sample_rows = [_time_one(a) for a in samples]
    started = time.perf_counter()
    intakes = random_intakes(PEOPLE, SEED)
    people = [assess(i, assessed_on=ASSESSED_ON) for i in intakes]
    people = [a for a in people if not a.refer]
    prep_s = time.perf_counter() - started
    people_rows = [_time_one(a) for a in people]
    print(f"8-week block generation (python {sys.version.split()[0]}, seed {SEED})")
    print(f"random people: {len(intakes)} intakes, {len(people)} without red flags "
          f"(made and assessed in {prep_s:.1f} s, not timed below)")  # fmt: skip
    _summary("sample clients", sample_rows)
    _summary("random people", people_rows)
    _summary("all", sample_rows + people_rows)
    serial_s = sum(t for t, _ in people_rows)
    print(f"one process: {len(people) / serial_s:6.1f} programs/s")
    chunks = [people[i::8] for i in range(8)]
    with ProcessPoolExecutor(max_workers=2, initializer=_warm_up, initargs=(people[0],)) as pool:
        list(pool.map(_generate_chunk, [people[:2], people[2:4]]))  # start both workers
        started = time.perf_counter()
        done = sum(pool.map(_generate_chunk, chunks))
        wall = time.perf_counter() - started
    print(
        f"two workers: {len(people) / wall:6.1f} programs/s ({done} ok of {len(people)}, {wall:.1f} s)"
    )


if __name__ == "__main__":
    main()
