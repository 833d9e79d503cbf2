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


def test_program_records_its_catalogue_and_every_item_has_a_unique_key() -> None:
    from slingcoach.exercises import catalogue_hash, get_catalogue
    from slingcoach.programming.generator import catalogue_hash as content_hash

    program = generate(
        make_assessment(),
        Preferences(start_date=dt.date(2026, 1, 5)),
        weeks=6,
        seed=2,
        catalogue=fixture_catalogue(),
    )
    assert program.catalogue_hash == content_hash(fixture_catalogue())
    assert content_hash(get_catalogue().all()) == catalogue_hash()
    keys = [
        (w.number, s.number, i.order, i.key)
        for w in program.weeks
        for s in w.sessions
        for i in s.items
    ]
    assert len({k for *_, k in keys}) == len(keys)
    for week, session, order, key in keys:
        assert key == f"w{week:02d}-s{session}-i{order:02d}"
