"""What a client logs: a session of entries, each entry a list of sets, each set per side.

A one-sided set is one :class:`LoggedSet` with a left part and a right part (each with its
own reps, load and effort); it counts as one set for volume, and once for each side in the
per-side stats. Two-sided work has a single part on ``both``.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from slingcoach.vocab import Sides

KEY = re.compile(r"^w\d{2}-s\d-i\d{2}$")
"""A program item's stable key: week, session, position (``w03-s2-i05``)."""

MAX_REPS = 500
MAX_SECONDS = 3600.0
MAX_METRES = 10_000.0
MAX_LOAD_KG = 1000.0
"""Beyond any lift; the person- and exercise-specific limit is in :mod:`.validate`."""


class SidePart(BaseModel):
    """One side's part of a set: how much, with what load, how hard, how painful."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    side: Sides
    reps: int | None = Field(default=None, ge=0, le=MAX_REPS)
    seconds: float | None = Field(default=None, ge=0, le=MAX_SECONDS)
    metres: float | None = Field(default=None, ge=0, le=MAX_METRES)
    load_kg: float | None = Field(
        default=None, ge=0, le=MAX_LOAD_KG, description="external load; none for body weight"
    )
    rir: float | None = Field(default=None, ge=0, le=10, description="repetitions in reserve")
    rpe: float | None = Field(default=None, ge=1, le=10, description="RPE, 1-10 (CR-10 scale)")
    pain: int | None = Field(default=None, ge=0, le=10, description="pain 0-10 (NRS)")

    @field_validator("side")
    @classmethod
    def _not_midline(cls, value: Sides) -> Sides:
        if value is Sides.CENTRE:
            raise ValueError("a set is done on the left, the right or both sides, not 'centre'")
        return value

    @model_validator(mode="after")
    def _something_done(self) -> SidePart:
        if self.reps is None and self.seconds is None and self.metres is None:
            raise ValueError("give reps, seconds or metres")
        if self.rir is not None and self.rpe is not None:
            raise ValueError("give RIR or RPE, not both")
        return self

    @property
    def effort_rir(self) -> float | None:
        """Reps in reserve, from RIR or from RPE (RIR = 10 - RPE; Zourdos et al. 2016)."""
        if self.rir is not None:
            return self.rir
        return 10.0 - self.rpe if self.rpe is not None else None


class LoggedSet(BaseModel):
    """One set: a part per side (left and right for one-sided work), or one part on both."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, le=50)
    parts: tuple[SidePart, ...] = Field(min_length=1, max_length=2)

    @model_validator(mode="after")
    def _sides(self) -> LoggedSet:
        sides = [p.side for p in self.parts]
        if len(set(sides)) != len(sides):
            raise ValueError(f"set {self.number} has two parts on the {sides[0].value} side")
        if Sides.BOTH in sides and len(sides) > 1:
            raise ValueError(f"set {self.number}: a two-sided part cannot have a one-sided partner")
        return self

    def part(self, side: Sides) -> SidePart | None:
        """The part done on ``side`` (``both`` parts count for either side)."""
        for p in self.parts:
            if p.side is side or p.side is Sides.BOTH:
                return p
        return None


class LogEntry(BaseModel):
    """One exercise done in a session: the program item it fulfils, or unplanned."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item_key: str | None = Field(
        default=None, description="the program item's key (w03-s2-i05); None when unplanned"
    )
    exercise_id: str = Field(min_length=1, max_length=120, description="what was done")
    swapped_from: str | None = Field(
        default=None, description="the planned exercise, when a substitute was done instead"
    )
    sets: tuple[LoggedSet, ...] = Field(min_length=1, max_length=50)

    @field_validator("item_key")
    @classmethod
    def _key(cls, value: str | None) -> str | None:
        if value is not None and not KEY.match(value):
            raise ValueError(f"{value!r} is not an item key; keys look like w03-s2-i05")
        return value

    @model_validator(mode="after")
    def _numbers(self) -> LogEntry:
        numbers = [s.number for s in self.sets]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"sets must be numbered 1, 2, 3...; got {numbers}")
        if self.swapped_from is not None and self.item_key is None:
            raise ValueError("a swap replaces a planned item: give its item_key")
        return self

    @property
    def unplanned(self) -> bool:
        """True when the entry fulfils no program item."""
        return self.item_key is None

    @property
    def max_pain(self) -> int | None:
        """The highest pain reported in any set and side."""
        values = [p.pain for s in self.sets for p in s.parts if p.pain is not None]
        return max(values) if values else None


class SessionLog(BaseModel):
    """A training session as done: date, entries, how it felt, notes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    performed_on: dt.date
    entries: tuple[LogEntry, ...] = Field(min_length=1, max_length=60)
    session_rpe: int | None = Field(
        default=None,
        ge=0,
        le=10,
        description="how hard the whole session felt, 0-10 (session RPE, Foster et al. 2001)",
    )
    notes: str | None = Field(default=None, max_length=5000)
    red_flags: tuple[str, ...] = Field(
        default=(),
        description="red-flag question ids the client reported since the last session",
    )
