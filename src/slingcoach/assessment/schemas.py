"""The published JSON Schemas: the intake file and the assessment JSON."""

from __future__ import annotations

from typing import Any, Literal

from slingcoach.assessment.intake import Intake
from slingcoach.assessment.model import Assessment


def schema_for(name: Literal["intake", "assessment"] | str) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``intake`` (validation) or ``assessment`` (serialisation)."""
    if name == "intake":
        schema = Intake.model_json_schema(by_alias=True, mode="validation")
    elif name == "assessment":
        schema = Assessment.model_json_schema(by_alias=True, mode="serialization")
    else:
        raise ValueError(f"unknown schema {name!r}; choose intake or assessment")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
