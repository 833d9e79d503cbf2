"""Weekly programs and multi-week blocks from an assessment (pure; OR-Tools CP-SAT).

>>> from slingcoach.programming import Preferences, generate   # doctest: +SKIP
>>> program = generate(assessment, Preferences(start_date=date(2026, 1, 5)), weeks=8, seed=1)

``generate`` refuses a referral assessment (ReferralRequiredError) and explains
constraints that cannot all be met (InfeasibleProgramError). See docs/programming.md.
"""

from __future__ import annotations

from slingcoach.programming.generator import generate
from slingcoach.programming.model import (
    Block,
    Emphasis,
    Item,
    Program,
    Session,
    Week,
    WeekKind,
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
    "Preferences",
    "Program",
    "ResolvedPreferences",
    "Session",
    "TimeOfDay",
    "Week",
    "WeekKind",
    "Weekday",
    "generate",
    "parse_goal",
    "program_json_schema",
]
