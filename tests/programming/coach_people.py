"""Seeded random people for the coach's checklist (tests and benchmarks/bench_programming.py).

Each person is one of the sample clients (red flags answered "no"), changed at random:
level, days (1-7), minutes (15-120), equipment, goals and test results, and one "case"
that a careful coach must handle, taken in turn: back pain now, impact intolerance, each
unresolved injury, body weight only, sandbag only, one day or seven, 15 or 120 minutes, an
unanswered red-flag screen, a strength goal with a barbell.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
INJURY_AREAS = ("hamstring", "groin", "knee", "ankle", "shoulder", "wrist", "sacroiliac")
PAINFUL = ("bending-forward", "arching-back", "deep-squat", "jumping", "running", "overhead")
GOALS = ("pain-free-daily-life", "strength", "running", "sport", "longevity")
EQUIPMENT = (
    "band", "mini-band", "dumbbell", "kettlebell", "barbell", "trap-bar", "sandbag", "cable",
    "bench", "box", "pull-up-bar", "landmine", "mat", "foam-roller", "dowel", "wall", "stairs",
)  # fmt: skip
CASES = (
    "pain-4", "pain-6", "pain-8", "impact", "deep-squat", *(f"injury-{a}" for a in INJURY_AREAS),
    "body-weight", "sandbag-only", "days-1", "days-7", "minutes-15", "minutes-120",
    "no-screen", "strength-barbell", "plain",
)  # fmt: skip


def _bases() -> list[dict[str, Any]]:
    import yaml

    out = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.stem == "red-flag":
            continue
        data.pop("recordings", None)
        data["red_flags"] = {k: False for k in (data.get("red_flags") or {})} or _all_no()
        out.append(data)
    return out


def _all_no() -> dict[str, bool]:
    from slingcoach.assessment.redflags import question_ids

    return dict.fromkeys(question_ids(), False)


def _scale(value: Any, factor: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, list)):
        return value
    if isinstance(value, list):
        return [_scale(v, factor) for v in value]
    if isinstance(value, int):
        return max(1, round(value * factor))
    return round(value * factor, 2)


def _tests(tests: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    out = {}
    for test_id, entry in tests.items():
        entry = dict(entry)
        for side in ("left", "right"):
            value = entry.get(side)
            if isinstance(value, dict):
                entry[side] = {k: (rng.random() < 0.3 if isinstance(v, bool) else v)
                               for k, v in value.items()}  # fmt: skip
            elif isinstance(value, (int, float, list)) and not isinstance(value, bool):
                entry[side] = _scale(value, rng.uniform(0.75, 1.25))
        out[test_id] = entry
    return out


def _apply(case: str, data: dict[str, Any], rng: random.Random) -> None:
    training, signs = data["training"], data.setdefault("signs", {})
    if case.startswith("pain-"):
        signs["low_back_pain_now"] = int(case.split("-")[1])
    elif case == "impact":
        signs["painful_movements"] = [rng.choice(["jumping", "running"])]
    elif case == "deep-squat":
        signs["painful_movements"] = ["deep-squat"]
    elif case.startswith("injury-"):
        area = case.split("-", 1)[1]
        data["injuries"] = [{"area": area, "side": rng.choice(["left", "right"]),
                             "when": "2026-01", "resolved": False}]  # fmt: skip
    elif case == "body-weight":
        training["equipment"] = []
    elif case == "sandbag-only":
        training["equipment"] = ["sandbag"]
    elif case == "days-1":
        training["days_per_week"] = 1
    elif case == "days-7":
        training["days_per_week"] = 7
    elif case == "minutes-15":
        training["minutes_per_session"] = 15
    elif case == "minutes-120":
        training["minutes_per_session"] = 120
    elif case == "no-screen":
        data["red_flags"] = {}
    elif case == "strength-barbell":
        data["goals"] = ["strength"]
        training["level"] = rng.choice([2, 3])
        training["equipment"] = sorted({*training.get("equipment", []), "barbell", "bench"})


def random_people(count: int, seed: int) -> list[tuple[str, Any]]:
    """``count`` (case, Intake) pairs, the same for the same seed."""
    from slingcoach.assessment import Intake

    bases = _bases()
    rng = random.Random(seed)
    out: list[tuple[str, Any]] = []
    while len(out) < count:
        case = CASES[len(out) % len(CASES)]
        data = copy.deepcopy(rng.choice(bases))
        training = data["training"]
        training["level"] = rng.randint(1, 3)
        training["days_per_week"] = rng.randint(1, 7)
        training["minutes_per_session"] = rng.choice([15, 20, 30, 45, 60, 75, 90, 120])
        training["equipment"] = rng.sample(EQUIPMENT, rng.randint(0, 9))
        data["goals"] = rng.sample(GOALS, rng.randint(1, 3))
        data["signs"] = {**data.get("signs", {}), "low_back_pain_now": rng.choice([0, 0, 1, 2, 3])}
        data["signs"]["painful_movements"] = []
        data["injuries"] = [i for i in data.get("injuries", []) if i.get("resolved")]
        data["tests"] = _tests(data.get("tests") or {}, rng)
        _apply(case, data, rng)
        out.append((case, Intake.model_validate(data)))
    return out
