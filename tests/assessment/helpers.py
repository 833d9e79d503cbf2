"""Shared builders for assessment tests (not a test module)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slingcoach.assessment.intake import Intake

#: The day every test assessment is made on (the domain reads no clock).
ASSESSED_ON = dt.date(2026, 3, 2)


def make_intake(tests: dict[str, Any] | None = None, **extra: Any) -> Intake:
    """A valid intake of a 30-year-old, 80 kg person with ``tests`` and extra top-level keys."""
    person = {
        "name": "Test Person",
        "age": 30,
        "body_mass_kg": 80.0,
        "dominant_hand": "right",
        "dominant_leg": "right",
    }
    person.update(extra.pop("person", {}))
    data: dict[str, Any] = {
        "person": person,
        "training": {"level": 2, "days_per_week": 3, "minutes_per_session": 45},
        "tests": tests or {},
    }
    data.update(extra)
    return Intake.model_validate(data)
