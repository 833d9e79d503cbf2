"""The program: weeks → sessions → items, each item with its reason.

Pydantic models, so ``Program.model_dump_json()`` is the published JSON and
``Program.model_json_schema()`` its schema (docs/schemas/program.schema.json).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from slingcoach.exercises.sides import Limb as Limb
from slingcoach.exercises.sides import Setup as Setup
from slingcoach.programming.preferences import ResolvedPreferences, Weekday
from slingcoach.vocab import Pattern, Side, Sides, Unit

#: Version of the program document's layout; a reader refuses another one (storage upgrades
#: older stored programs: storage/documents.py).
SCHEMA_VERSION: Final = "2.0"

ITEM_KEY_PATTERN = r"^w\d{2}-s\d-i\d{2}$"
"""``Item.key``: week (two digits), session (one digit), position (two digits)."""


def item_key(week: int, session: int, order: int) -> str:
    """The stable key of an item: ``item_key(3, 2, 5) == "w03-s2-i05"``.

    Built from the week number, the session's number within the week and the item's
    position in the session, so it is unique in a program and the same every time the
    program is made from the same inputs (a workout log points at it).
    """
    return f"w{week:02d}-s{session}-i{order:02d}"


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


class ProgressionRule(StrEnum):
    """How an item gets harder from week to week (the sheet words each one its own way)."""

    DOUBLE = "double-progression"
    """Loaded reps: reps climb to the top of the range in every set, then the load goes up."""
    REPS_THEN_VARIATION = "reps-then-variation"
    """Body-weight reps: reps climb to the top, then a slower tempo or the harder variation."""
    BAND = "band-tension"
    """Band resistance: reps climb to the top, then a stronger band."""
    HOLD_TIME = "hold-time"
    """Holds: seconds climb to the top, then the harder variation."""
    CARRY = "carry"
    """Carries: distance climbs to the top, then a heavier load."""
    EASY_AEROBIC = "easy-aerobic"
    """Easy aerobic work at a talking pace, a little longer each week."""
    HOLD_STEADY = "hold-steady"
    """Deload and re-test weeks: fewer sets, the same loads, no progression."""
    NONE = "none"
    """Warm-up and mobility work: easy, no progression."""
    TEST = "test"
    """A field test: its protocol, not a training dose."""


class Progression(BaseModel):
    """The structured progression of an item; ``programming.wording`` turns it into words.

    ``load_step_pct`` is the load increase once every set reaches the top of the range
    (double progression; carries); ``weekly_step_pct`` the weekly increase of easy aerobic
    work; ``intensity_pct_1rm`` the estimated load as % of one-repetition maximum for
    loaded reps (from reps + reps in reserve); ``harder`` the exercise to move to when the
    range is mastered (the catalogue's next step), when there is one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: ProgressionRule
    loaded: bool = Field(description="an external load whose weight the person writes down")
    load_step_pct: tuple[float, float] | None = None
    weekly_step_pct: int | None = None
    intensity_pct_1rm: int | None = Field(default=None, ge=30, le=100)
    ramp_sets: int = Field(default=0, ge=0, description="lighter warm-up sets before the work")
    harder: str | None = Field(default=None, description="name of the next, harder variation")


class RetestDose(BaseModel):
    """A field test's protocol dose in the re-test week."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    trials: int = Field(ge=1, description="trials per side; the best counts")
    measure: str = Field(description="what is written down, e.g. 'reps to failure'")
    how: str = Field(description="the protocol in brief")


class LabTest(BaseModel):
    """A re-test that needs the lab (EMG, force plates, video): listed, not put in a session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    test_id: str
    name: str
    how: str


class Item(BaseModel):
    """One prescription: ``sets`` × ``low``-``high`` ``unit`` on ``side``, with its reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(
        pattern=ITEM_KEY_PATTERN,
        description="stable key from (week, session, position), e.g. 'w03-s2-i05': unique in "
        "the program; workout logs point at it",
    )
    order: int = Field(ge=1, description="1-based position in the session")
    block: Block
    kind: Literal["exercise", "test"] = "exercise"
    exercise_id: str | None = Field(description="catalogue id; None for a field test")
    test_id: str | None = Field(default=None, description="field-test id for re-test items")
    name: str
    pattern: Pattern | None = None
    side: Sides = Field(description="left or right for one side of one-sided work; both together")
    finding_id: str | None = Field(
        default=None, description="the finding whose side this item gives more work, if any"
    )
    setup: Setup | None = Field(
        default=None, description="one-sided work: which limb 'side' names, load hand, stance"
    )
    sets: int = Field(ge=1)
    unit: Unit
    low: int = Field(ge=1, description="bottom of the range per set (and per side)")
    high: int = Field(ge=1, description="top of the range per set (and per side)")
    target: int | None = Field(default=None, description="this week's aim inside low-high")
    rir: int | None = Field(default=None, ge=0, le=6, description="repetitions in reserve")
    progression: Progression
    load: str = Field(description="the progression in words (programming.wording)")
    retest: RetestDose | None = Field(default=None, description="a test item's protocol dose")
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
    lab_tests: tuple[LabTest, ...] = Field(
        default=(), description="re-test week: tests to repeat at the lab"
    )


class Emphasis(BaseModel):
    """A finding the program works on: the weaker side of a sling, with the evidence in words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    finding_id: str
    sling: str
    weak_side: Side = Field(
        description="the sling's side, named by its hip/leg muscle: the leg that gets more work"
    )
    arm_side: Side = Field(description="the arm that gets more work in one-sided pulls and presses")
    muscles: tuple[str, ...]
    evidence: str
    tests: tuple[str, ...]


class Program(BaseModel):
    """A multi-week block made by :func:`slingcoach.programming.generate`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal["2.0"] = Field(
        default=SCHEMA_VERSION, description="layout version of this document"
    )
    person: str
    assessment_id: str | None = Field(
        description="id of the assessment the program was made from (None for a hand-made input)"
    )
    catalogue_hash: str = Field(description="content hash of the exercise catalogue used")
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
    warnings: tuple[str, ...] = Field(
        description="what the person must read before starting (shown first, prominently)"
    )
    notes: tuple[str, ...]
    solver: str = Field(description="how the week template was solved")
    weeks: tuple[Week, ...]


def program_json_schema() -> dict[str, object]:
    """The JSON Schema of :class:`Program` (as published in docs/schemas/program.schema.json)."""
    schema: dict[str, object] = Program.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://slingcoach.org/schemas/program.schema.json"
    return schema
