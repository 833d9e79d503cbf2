"""Program generation speed: an 8-week block per person (issue 4).

Times ``programming.generate`` (the assessment is made beforehand and not timed) for the
sample clients and for 1,000 random people made by perturbing the sample intakes with a
fixed seed (level, days, minutes, equipment, goals, test results). Prints the median and
95th percentile, then programs per second with a two-worker process pool.

Aim: median under 200 ms and 95th percentile under 1 s on a 2-core machine.

Then the judgement (issue 12) over the coach's-checklist people (tests/programming/
coach_people.py: pain, impact intolerance, each injury, body weight only, sandbag only, 1 and
7 days, 15 and 120 minutes, ...): time use of the build-week sessions (median, p10, min, share
under 75 %, by session length), main-lift intensity (% 1RM) by level and goal, distinct sandbag
exercises for sandbag-only people, and the checklist's violations per rule (aim: 0).
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

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
JUDGED_PEOPLE, JUDGED_SEEDS = 100, (7, 11, 23)
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
    """Generation speed, then the judgement figures (:func:`judgement`)."""
    _speed()
    judgement()


def _speed() -> None:
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


def _share(values: list[float], cut: float) -> float:
    return sum(v < cut for v in values) / len(values)


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def judgement() -> None:
    """Time use, main-lift intensity, sandbag use and checklist counts for seeded people."""
    from collections import defaultdict

    sys.path.insert(0, str(ROOT))
    from tests.programming.coach_checklist import coach_violations, rule_counts
    from tests.programming.coach_people import random_people

    from slingcoach.assessment import assess
    from slingcoach.errors import InfeasibleProgramError, InvalidInputError
    from slingcoach.exercises import get_catalogue
    from slingcoach.exercises.sides import externally_loaded
    from slingcoach.programming import Preferences, WeekKind, generate

    exercises = {e.id: e for e in get_catalogue().all()}
    used: list[float] = []
    by_minutes: dict[int, list[float]] = defaultdict(list)
    intensity: dict[tuple[int, str], list[int]] = defaultdict(list)
    sandbag_kinds: list[int] = []
    violations: list[str] = []
    made = refused = 0
    for seed in JUDGED_SEEDS:
        for case, intake in random_people(JUDGED_PEOPLE, seed):
            assessment = assess(intake, assessed_on=ASSESSED_ON)
            try:
                program = generate(assessment, Preferences(start_date=START), weeks=WEEKS, seed=1)
            except (InfeasibleProgramError, InvalidInputError):
                refused += 1
                continue
            made += 1
            violations += coach_violations(program, intake, assessment, exercises)
            minutes = program.preferences.minutes_per_session
            goal = (
                "strength"
                if "strength" in {g.value for g in program.preferences.goals}
                else "other"
            )
            kinds = set()
            for week in program.weeks:
                for session in week.sessions:
                    if week.kind is WeekKind.BUILD:
                        share = sum(i.seconds for i in session.items) / (60 * minutes)
                        used.append(share)
                        by_minutes[minutes].append(share)
                    for item in session.items:
                        if item.exercise_id is None or not item.hard:
                            continue
                        exercise = exercises[item.exercise_id]
                        if "sandbag" in {str(q) for q in exercise.equipment}:
                            kinds.add(exercise.id)
                        pct = item.progression.intensity_pct_1rm
                        main = item.block.value == "main" and externally_loaded(exercise)
                        if week.kind is WeekKind.BUILD and main and pct is not None:
                            intensity[program.preferences.level, goal].append(pct)
            if case == "sandbag-only":
                sandbag_kinds.append(len(kinds))
    print(
        f"\njudgement: {made} programs, {refused} refused with advice "
        f"({JUDGED_PEOPLE} people x seeds {', '.join(map(str, JUDGED_SEEDS))})"
    )
    print(
        f"time use of build-week sessions (n={len(used)}): median {statistics.median(used):.0%}, "
        f"p10 {_quantile(used, 0.1):.0%}, min {min(used):.0%}, under 75 % {_share(used, 0.75):.0%}"
    )
    for minutes in sorted(by_minutes):
        rows = by_minutes[minutes]
        print(
            f"  {minutes:3d} min: n={len(rows):4d}  median {statistics.median(rows):.0%}  "
            f"p10 {_quantile(rows, 0.1):.0%}  under 75 % {_share(rows, 0.75):.0%}"
        )
    print("main-lift intensity (% 1RM, build weeks) by level and goal:")
    for (level, goal), pcts in sorted(intensity.items()):
        print(
            f"  level {level} {goal:8s} n={len(pcts):5d}  median {statistics.median(pcts):.0f}  "
            f"min {min(pcts)}  max {max(pcts)}"
        )
    if sandbag_kinds:
        print(
            f"sandbag only ({len(sandbag_kinds)} people): distinct sandbag exercises per block "
            f"median {statistics.median(sandbag_kinds):.0f}, min {min(sandbag_kinds)}"
        )
    counts = rule_counts(violations)
    print(f"coach's checklist: {sum(counts.values())} violations {counts or ''}".rstrip())


if __name__ == "__main__":
    if "--judgement" in sys.argv[1:]:
        judgement()  # only the judgement figures
    else:
        main()
