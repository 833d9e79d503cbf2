"""The coach's checklist (coach_checklist.py) over the samples and seeded random people: 0 violations.

Random people cover back pain, impact intolerance, each injury, body weight only, sandbag
only, 1 and 7 days, 15 and 120 minutes and an unanswered red-flag screen (coach_people.py).
A person whose wishes cannot all be met gets a refusal that says what to change.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from slingcoach.assessment import assess
from slingcoach.assessment.io import load_intake
from slingcoach.errors import InfeasibleProgramError, InvalidInputError
from slingcoach.exercises import get_catalogue
from slingcoach.programming import Preferences, generate

from .coach_checklist import coach_violations
from .coach_people import random_people

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PEOPLE = 60
CHUNKS = 3


@cache
def _exercises() -> dict[str, object]:
    return {e.id: e for e in get_catalogue().all()}


def _violations(intake: object) -> list[str]:
    assessment = assess(intake, assessed_on=dt.date(2026, 1, 1))  # type: ignore[arg-type]
    try:
        program = generate(assessment, Preferences(start_date=dt.date(2026, 1, 5)), weeks=8, seed=1)
    except (InfeasibleProgramError, InvalidInputError) as exc:
        words = ("allow", "drop", "add", "choose", "give")
        return [] if any(w in str(exc) for w in words) else [f"refusal without advice: {exc}"]
    return coach_violations(program, intake, assessment, _exercises())  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["left-weak", "right-weak", "sandbag-athlete", "balanced"])
def test_a_coach_would_sign_every_sample_program(name: str) -> None:
    assert _violations(load_intake(SAMPLES / f"{name}.yaml")) == []


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_a_coach_would_sign_programs_for_random_people(chunk: int) -> None:
    found = []
    for case, intake in random_people(PEOPLE, 7)[chunk::CHUNKS]:
        found += [f"{case}: {v}" for v in _violations(intake)]
    assert found == []
