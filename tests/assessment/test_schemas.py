"""The published JSON Schemas in docs/schemas/ are up to date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach.assessment.schemas import schema_for

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


@pytest.mark.parametrize("name", ["intake", "assessment"])
def test_committed_schema_is_current(name: str) -> None:
    committed = json.loads((DOCS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == schema_for(name), (
        f"docs/schemas/{name}.schema.json is stale; regenerate it with "
        f"`slingcoach schema {name} > docs/schemas/{name}.schema.json`"
    )


def test_intake_schema_lists_test_ids_and_ranges() -> None:
    schema = schema_for("intake")
    tests = schema["$defs"]["FieldTests"]["properties"]
    assert "single-leg-glute-bridge-reps" in tests and "y-balance" in tests
    assert schema["$defs"]["FieldTests"]["additionalProperties"] is False
    age = schema["$defs"]["Person"]["properties"]["age"]
    assert (age["minimum"], age["maximum"]) == (10, 110)


def test_unknown_schema() -> None:
    with pytest.raises(ValueError, match="choose intake or assessment"):
        schema_for("program")
