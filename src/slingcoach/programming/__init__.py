"""Weekly programs and multi-week blocks from an assessment (pure; OR-Tools CP-SAT).

>>> import datetime as dt
>>> from slingcoach.assessment import Intake, assess
>>> from slingcoach.programming import Preferences, generate
>>> intake = Intake.model_validate({
...     "person": {"name": "A", "age": 35, "body_mass_kg": 70.0,
...                "dominant_hand": "right", "dominant_leg": "right"},
...     "training": {"level": 2, "days_per_week": 3, "minutes_per_session": 45},
...     "tests": {"single-leg-glute-bridge-reps": {"left": 25, "right": 20}},
... })
>>> assessment = assess(intake, assessed_on=dt.date(2026, 1, 2))
>>> preferences = Preferences(start_date=dt.date(2026, 1, 5), timezone="Europe/London")
>>> program = generate(assessment, preferences, weeks=4, seed=1)
>>> program.weeks_count, program.emphasis[0].weak_side.value, str(program.weeks[0].sessions[0].date)
(4, 'right', '2026-01-05')

``generate`` refuses a referral assessment (ReferralRequiredError) and explains
constraints that cannot all be met (InfeasibleProgramError). See docs/programming.md.
"""

from __future__ import annotations

from slingcoach.programming.contracts import ProgrammingInput, programming_input
from slingcoach.programming.generator import generate
from slingcoach.programming.model import (
    Block,
    Emphasis,
    Item,
    LabTest,
    Limb,
    Program,
    Progression,
    ProgressionRule,
    RetestDose,
    Session,
    Setup,
    Week,
    WeekKind,
    item_key,
    program_json_schema,
)
from slingcoach.programming.preferences import (
    Goal,
    Preferences,
    ResolvedPreferences,
    TimeOfDay,
    Weekday,
    parse_goal,
)

__all__ = [
    "Block",
    "Emphasis",
    "Goal",
    "Item",
    "LabTest",
    "Limb",
    "Preferences",
    "Program",
    "ProgrammingInput",
    "Progression",
    "ProgressionRule",
    "ResolvedPreferences",
    "RetestDose",
    "Session",
    "Setup",
    "TimeOfDay",
    "Week",
    "WeekKind",
    "Weekday",
    "generate",
    "item_key",
    "parse_goal",
    "program_json_schema",
    "programming_input",
]
