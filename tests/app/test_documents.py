"""Every published document round-trips, carries its schema_version, and has a current schema.

Round trip: dump to JSON, load with the document's model, dump again → the same text. Checked
on every sample client and on seeded random intakes (sample intakes with every number,
answer and option drawn afresh).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from slingcoach.app.documents import DOCUMENTS, document_schema, load_document
from slingcoach.app.exports import document_json
from slingcoach.assessment import Assessment, Intake, assess
from slingcoach.assessment.io import parse_intake
from slingcoach.errors import InvalidInputError, ReferralRequiredError
from slingcoach.programming import Preferences, Program, generate
from tests.assessment.helpers import ASSESSED_ON

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SCHEMAS = ROOT / "docs" / "schemas"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.yaml"))
RANDOM_SEEDS = range(12)


def _round_trips(name: str, document: BaseModel) -> None:
    text = document_json(document)
    again = load_document(name, text)
    assert again == document
    assert document_json(again) == text
    current = type(document).model_fields["schema_version"].default
    assert json.loads(text)["schema_version"] == current


# ---------------------------------------------------------------------------- random intakes
def _trials(rng: random.Random, low: float, high: float, *, whole: bool) -> Any:
    def one() -> float | int:
        return rng.randint(int(low), int(high)) if whole else round(rng.uniform(low, high), 2)

    shape = rng.random()
    if shape < 0.1:
        return None
    return one() if shape < 0.6 else [one() for _ in range(rng.randint(1, 4))]


def _perturb(value: Any, rng: random.Random) -> Any:
    """Every side's result drawn afresh in a plausible range, keeping the test's shape."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("limb_length_cm", "lever_arm_m"):  # body sizes, not results
                out[key] = item
            elif key in ("left", "right") and not isinstance(item, dict | bool | None):
                numbers = item if isinstance(item, list) else [item]
                whole = all(isinstance(n, int) for n in numbers)
                top = max(numbers) * 1.3
                out[key] = _trials(rng, max(numbers) * 0.5 if whole else 1.0, top, whole=whole)
            else:
                out[key] = _perturb(item, rng)
        return out
    return value


def _random_intake(seed: int) -> Intake:
    rng = random.Random(seed)
    data = copy.deepcopy(yaml.safe_load((SAMPLES / rng.choice(SAMPLE_NAMES)).read_text()))
    data["person"]["name"] = rng.choice(["Zoë Ångström", "Kim", "O'Neil, Séan", "李 小龙"])
    data["person"]["age"] = rng.randint(18, 80)
    data["person"]["body_mass_kg"] = round(rng.uniform(45, 130), 1)
    data["training"]["timezone"] = rng.choice([None, "Europe/London", "America/New_York"])
    data["odi"] = [rng.choice([None, 0, 1, 2, 3, 4, 5]) for _ in range(10)]
    data["injuries"] = [
        {
            "area": rng.choice(["hip", "lower-back", "knee"]),
            "side": rng.choice(["left", "right", "both", "centre"]),
            "when": rng.choice(["2021", "2023-05", "2024-02-29"]),
            "resolved": rng.random() < 0.5,
        }
        for _ in range(rng.randint(0, 2))
    ]
    data["tests"] = _perturb(data.get("tests") or {}, rng)
    data["notes"] = rng.choice([None, "line one\nline two — ünïcode"])
    if rng.random() < 0.5:
        data["schema_version"] = "1.0"
    return Intake.model_validate(data)


def _intakes() -> list[tuple[str, Intake]]:
    from slingcoach.assessment.io import load_intake

    named = [(name, load_intake(SAMPLES / name)) for name in SAMPLE_NAMES]
    return named + [(f"random-{seed}", _random_intake(seed)) for seed in RANDOM_SEEDS]


INTAKES = _intakes()
IDS = [name for name, _ in INTAKES]


@cache
def _assessment(index: int) -> Assessment:
    return assess(INTAKES[index][1], assessed_on=ASSESSED_ON)


# ---------------------------------------------------------------------------- round trips
def test_the_random_intakes_differ_and_cover_the_branches() -> None:
    randoms = [intake for name, intake in INTAKES if name.startswith("random")]
    assert len({document_json(i) for i in randoms}) == len(randoms)
    assert any(i.odi is not None and None in i.odi.answers() for i in randoms)
    assert any(i.injuries for i in randoms) and any(i.training.timezone for i in randoms)


@pytest.mark.parametrize("index", range(len(INTAKES)), ids=IDS)
def test_intake_round_trips_as_json_and_as_yaml(index: int) -> None:
    intake = INTAKES[index][1]
    _round_trips("intake", intake)
    as_yaml = yaml.safe_dump(intake.model_dump(mode="json"), allow_unicode=True)
    assert parse_intake(as_yaml, source="dump.yaml") == intake


@pytest.mark.parametrize("index", range(len(INTAKES)), ids=IDS)
def test_assessment_round_trips(index: int) -> None:
    _round_trips("assessment", _assessment(index))


@pytest.mark.parametrize("index", [i for i, name in enumerate(IDS) if i % 3 == 0], ids=IDS[::3])
def test_program_round_trips(index: int) -> None:
    prefs = Preferences(start_date=dt.date(2026, 3, 9), timezone="Europe/London")
    try:
        program = generate(_assessment(index), prefs, weeks=4, seed=index)
    except ReferralRequiredError:
        assert _assessment(index).refer
        return
    _round_trips("program", program)
    assert isinstance(load_document("program", document_json(program)), Program)


def test_sensor_evidence_of_the_sample_recordings_round_trips() -> None:
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.recordings import analyse_recordings

    evidence = analyse_recordings(load_intake(SAMPLES / "right-weak.yaml"))
    assert [r.status for r in evidence.recordings] == ["ok", "ok", "ok"]
    _round_trips("sensors", evidence)


def test_preferences_round_trip() -> None:
    prefs = Preferences.model_validate(
        {
            "days_per_week": 4,
            "weekdays": ["friday", "monday"],
            "start_time": "06:45",
            "goals": ["run", "strength"],
            "equipment": ["dumbbell", "sandbag"],
            "start_date": "2026-03-09",
            "timezone": "Australia/Sydney",
            "weak_side_factor": 1.25,
        }
    )
    _round_trips("preferences", prefs)


# ---------------------------------------------------------------------------- versions, errors
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_another_schema_version_is_refused(name: str) -> None:
    from slingcoach.assessment import SensorEvidence

    prefs = Preferences(start_date=dt.date(2026, 3, 9), timezone="Europe/London")
    samples: dict[str, Any] = {
        "intake": lambda: INTAKES[0][1],
        "assessment": lambda: _assessment(0),
        "sensors": SensorEvidence,
        "preferences": lambda: prefs,
        "program": lambda: generate(_assessment(0), prefs, weeks=4, seed=1),
    }
    data = json.loads(document_json(samples[name]()))
    data["schema_version"] = "9.9"
    with pytest.raises(InvalidInputError, match=rf"^{name} document, schema_version: Input should"):
        load_document(name, json.dumps(data))


def test_a_broken_document_names_the_field() -> None:
    data = json.loads(document_json(_assessment(0)))
    data["person"]["age"] = "old"
    del data["refer"]
    with pytest.raises(InvalidInputError, match=r"assessment document, .*\(1 more problem after"):
        load_document("assessment", json.dumps(data))
    with pytest.raises(InvalidInputError, match="unknown document 'plan'; choose one of: intake"):
        load_document("plan", "{}")


# ---------------------------------------------------------------------------- schemas
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_committed_schema_is_current(name: str) -> None:
    committed = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == document_schema(name), (
        f"docs/schemas/{name}.schema.json is stale; regenerate it with "
        f"`slingcoach schema {name} > docs/schemas/{name}.schema.json`"
    )


def test_every_schema_names_its_version_and_only_the_published_ones_exist() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(
        f"{name}.schema.json" for name in DOCUMENTS
    )
    for name in DOCUMENTS:
        version = document_schema(name)["properties"]["schema_version"]
        # 2.0: the program (keys, structured progressions) and the sensor evidence (typed
        # metrics); 3.0: the assessment (sided muscles); the files people write are at 1.0
        expected = {"intake": "1.0", "preferences": "1.0", "assessment": "3.0"}.get(name, "2.0")
        assert version.get("const", version.get("default")) == expected, name


def test_intake_schema_lists_test_ids_and_ranges() -> None:
    schema = document_schema("intake")
    tests = schema["$defs"]["FieldTests"]["properties"]
    assert "single-leg-glute-bridge-reps" in tests and "y-balance" in tests
    assert schema["$defs"]["FieldTests"]["additionalProperties"] is False
    age = schema["$defs"]["Person"]["properties"]["age"]
    assert (age["minimum"], age["maximum"]) == (10, 110)


def test_schema_command_prints_each_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from slingcoach.cli import main

    for name in DOCUMENTS:
        main(["schema", name])
        assert json.loads(capsys.readouterr().out) == document_schema(name)
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "plan"])
    assert exit_info.value.code == 2
    assert "unknown document 'plan'; choose one of" in capsys.readouterr().err
