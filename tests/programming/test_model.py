"""The published JSON: schema file is current and programs carry the documented fields."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from slingcoach.programming import Preferences, generate, program_json_schema

from .programming_fixtures import fixture_catalogue, make_assessment

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "program.schema.json"


def test_published_schema_is_current() -> None:
    published = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert published == program_json_schema(), (
        "docs/schemas/program.schema.json is stale; regenerate it with "
        "python -c 'import json; from slingcoach.programming import program_json_schema; "
        "print(json.dumps(program_json_schema(), indent=2, sort_keys=True))'"
    )


def test_program_json_has_the_documented_fields() -> None:
    program = generate(
        make_assessment(),
        Preferences(start_date=dt.date(2026, 1, 5), timezone="Europe/London"),
        weeks=4,
        seed=3,
        catalogue=fixture_catalogue(),
    )
    data = json.loads(program.model_dump_json())
    schema = program_json_schema()
    defs = schema["$defs"]  # type: ignore[index]
    assert set(data) == set(schema["properties"])  # type: ignore[index]
    session = data["weeks"][0]["sessions"][0]
    assert set(session) == set(defs["Session"]["properties"])
    assert {"date", "weekday", "start_time", "end_time", "timezone", "minutes", "items"} <= set(
        session
    )
    item = session["items"][0]
    assert set(item) == set(defs["Item"]["properties"])
    for key in (
        "exercise_id",
        "name",
        "block",
        "sets",
        "unit",
        "low",
        "high",
        "load",
        "side",
        "order",
        "reason",
    ):
        assert key in item
    assert session["date"] == "2026-01-05" and session["weekday"] == "monday"
    assert session["start_time"] == "18:30:00"
