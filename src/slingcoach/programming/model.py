"""The program: weeks → sessions → items, each item with its reason.

Pydantic models, so ``Program.model_dump_json()`` is the published JSON and
``Program.model_json_schema()`` its schema (docs/schemas/program.schema.json).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from slingcoach.programming.preferences import ResolvedPreferences, Weekday
from slingcoach.vocab import Pattern, Sides, Unit

#: Version of the program document's layout; a reader refuses another one.
SCHEMA_VERSION: Final = "1.0"


class Block(StrEnum):
    """Where an item sits in a session, in session order."""

    WARM_UP = "warm-up"
    RETEST = "re-test"
    MAIN = "main"
    SLING = "sling"
    ACCESSORY = "accessory"
    MOBILITY = "mobility"


BLOCK_ORDER: tuple[Block, ...] = tuple(Block)


class WeekKind(StrEnum):
    """Build weeks progress; deload weeks halve the volume; the re-test week repeats the tests."""

    BUILD = "build"
    DELOAD = "deload"
    RETEST = "re-test"


class Item(BaseModel):
    """One prescription: ``sets`` × ``low``-``high`` ``unit`` on ``side``, with its reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    order: int = Field(ge=1, description="1-based position in the session")
    block: Block
    kind: Literal["exercise", "test"] = "exercise"
    exercise_id: str | None = Field(description="catalogue id; None for a field test")
    test_id: str | None = Field(default=None, description="field-test id for re-test items")
    name: str
    pattern: Pattern | None = None
    side: Sides = Field(description="left or right for one side of one-sided work; both together")
    sets: int = Field(ge=1)
    unit: Unit
    low: int = Field(ge=1, description="bottom of the range per set (and per side)")
    high: int = Field(ge=1, description="top of the range per set (and per side)")
    target: int | None = Field(default=None, description="this week's aim inside low-high")
    load: str = Field(description="load guidance: RIR/RPE and when to add load")
    rir: int | None = Field(default=None, ge=0, le=6, description="repetitions in reserve")
    rest_s: int = Field(ge=0)
    hard: bool = Field(description="counts as a hard set for weekly volume")
    seconds: int = Field(ge=0, description="estimated time for this item, rest included")
    cue: str | None = None
    reason: str

    @field_validator("side")
    @classmethod
    def _not_midline(cls, value: Sides) -> Sides:
        if value is Sides.CENTRE:
            raise ValueError("an item trains the left side, the right side or both, not 'centre'")
        return value


class Session(BaseModel):
    """One training day: date, weekday, local start/end time and the items in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1, description="1-based within the week")
    date: dt.date
    weekday: Weekday
    start_time: dt.time
    end_time: dt.time
    timezone: str = Field(description="IANA time zone of start_time/end_time")
    minutes: int = Field(ge=0, description="estimated length")
    minutes_available: int
    focus: str
    items: tuple[Item, ...]


class Week(BaseModel):
    """One week of the block."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1)
    kind: WeekKind
    mesocycle: int = Field(ge=1)
    rir: int | None
    note: str
    sessions: tuple[Session, ...]


class Emphasis(BaseModel):
    """A finding the program works on: the weaker side of a sling, with the evidence in words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    finding_id: str
    sling: str
    weak_side: Literal["left", "right"] = Field(
        description="the sling's side, named by its hip/leg muscle: the leg that gets more work"
    )
    arm_side: Literal["left", "right"] = Field(
        description="the arm that gets more work in one-sided pulls and presses"
    )
    muscles: tuple[str, ...]
    evidence: str
    tests: tuple[str, ...]


class Program(BaseModel):
    """A multi-week block made by :func:`slingcoach.programming.generate`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal["1.0"] = Field(
        default=SCHEMA_VERSION, description="layout version of this document"
    )
    person: str
    seed: int
    weeks_count: int = Field(ge=4, le=16)
    start_date: dt.date
    timezone: str
    preferences: ResolvedPreferences
    emphasis: tuple[Emphasis, ...]
    patterns_required: tuple[Pattern, ...]
    volume_range: tuple[int, int] = Field(description="weekly hard sets per muscle and side")
    focus_muscles: tuple[str, ...] = Field(
        description="muscles given at least the range's minimum on each side every build week"
    )
    contraindications: tuple[str, ...]
    notes: tuple[str, ...]
    solver: str = Field(description="how the week template was solved")
    weeks: tuple[Week, ...]


def program_json_schema() -> dict[str, object]:
    """The JSON Schema of :class:`Program` (as published in docs/schemas/program.schema.json)."""
    schema: dict[str, object] = Program.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://slingcoach.org/schemas/program.schema.json"
    return schema
