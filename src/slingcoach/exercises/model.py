"""The :class:`Exercise` record and its :class:`Dose`.

One exercise is one frozen pydantic model. Ids of muscles, slings and other
exercises are plain strings here; the catalogue checks that they resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from slingcoach.vocab import (
    CONTRAINDICATIONS,
    FOCUS_TAGS,
    Category,
    Equipment,
    Laterality,
    Pattern,
    SpinalLoad,
    Unit,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Ids are lowercase slugs with single hyphens (docs/architecture.md, "Ids")."""

DEFAULT_LICENCE = "CC-BY-4.0"
DEFAULT_AUTHOR = "slingcoach contributors"


class Dose(BaseModel):
    """A default prescription: ``sets`` of ``low``-``high`` units (per side for one-sided work).

    In YAML it may be written as a mapping or as ``[sets, low, high]``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    sets: int = Field(ge=1, le=10)
    low: int = Field(ge=1)
    high: int = Field(ge=1)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if len(value) != 3:
                raise ValueError(f"a dose list is [sets, low, high], got {len(value)} items")
            return {"sets": value[0], "low": value[1], "high": value[2]}
        return value

    @model_validator(mode="after")
    def _low_not_above_high(self) -> Dose:
        if self.low > self.high:
            raise ValueError(f"dose low ({self.low}) is above high ({self.high})")
        return self


def _check_slugs(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    for value in values:
        if not SLUG.match(value):
            raise ValueError(f"{what} {value!r} is not a lowercase hyphenated slug")
    if len(set(values)) != len(values):
        raise ValueError(f"{what}s repeat: {list(values)}")
    return values


class Exercise(BaseModel):
    """One exercise of the catalogue (fields as in docs/architecture.md).

    ``equipment`` lists everything required (empty means body weight only).
    ``dose`` counts ``unit`` per set and per side for one-sided work.
    ``seconds_per_rep`` is the time one unit of the dose takes (tempo for reps;
    1.0 for holds counted in seconds; seconds per metre for distances), used to
    estimate session length.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str = Field(min_length=3)
    aliases: tuple[str, ...] = ()
    pattern: Pattern
    category: Category
    laterality: Laterality
    primary_muscles: tuple[str, ...] = Field(min_length=1)
    secondary_muscles: tuple[str, ...] = ()
    slings: tuple[str, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    equipment_or: dict[Equipment, tuple[Equipment, ...]] = Field(
        default_factory=dict,
        description="equipment that can stand in for a required item, e.g. "
        "{kettlebell: [dumbbell]}: a dumbbell carry works as well as a kettlebell one",
    )
    level: int = Field(ge=1, le=3)
    unit: Unit
    dose: Dose
    seconds_per_rep: float = Field(gt=0, le=60)
    rest_s: int = Field(ge=0, le=600)
    spinal_load: SpinalLoad
    impact: bool
    alternating: bool = Field(
        default=False,
        description="one-sided work whose sides alternate rep by rep within a set "
        "(dead bug, walking lunge): dosed as reps per side in one set",
    )
    focus: tuple[str, ...] = ()
    cues: tuple[str, ...] = Field(min_length=1)
    faults: tuple[str, ...] = ()
    contraindications: tuple[str, ...] = ()
    regressions: tuple[str, ...] = ()
    progressions: tuple[str, ...] = ()
    description: str = Field(min_length=10)
    licence: str = DEFAULT_LICENCE
    author: str = DEFAULT_AUTHOR

    @property
    def one_sided(self) -> bool:
        """True unless both sides work together (per-side dosing applies)."""
        return self.laterality is not Laterality.BILATERAL

    def usable_with(self, have: Iterable[Equipment]) -> bool:
        """True when ``have`` covers every required item (or a stand-in for it)."""
        return not self.missing_equipment(have)

    def missing_equipment(self, have: Iterable[Equipment]) -> set[Equipment]:
        """The required items that neither ``have`` nor a stand-in in ``have`` covers."""
        available = set(have)
        return {
            item
            for item in self.equipment
            if item not in available and not set(self.equipment_or.get(item, ())) & available
        }

    @property
    def all_muscles(self) -> tuple[str, ...]:
        """Primary then secondary muscle ids."""
        return self.primary_muscles + self.secondary_muscles

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(
                f"id {value!r} is not a lowercase hyphenated slug like 'single-leg-rdl'"
            )
        return value

    @field_validator("primary_muscles", "secondary_muscles")
    @classmethod
    def _muscle_slugs(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _check_slugs(values, "muscle id")

    @field_validator("slings")
    @classmethod
    def _sling_slugs(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _check_slugs(values, "sling id")

    @field_validator("regressions", "progressions")
    @classmethod
    def _link_slugs(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _check_slugs(values, "exercise id")

    @field_validator("equipment")
    @classmethod
    def _equipment_unique(cls, values: tuple[Equipment, ...]) -> tuple[Equipment, ...]:
        if len(set(values)) != len(values):
            raise ValueError(f"equipment repeats: {[v.value for v in values]}")
        return values

    @field_validator("focus")
    @classmethod
    def _focus_known(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if value not in FOCUS_TAGS:
                raise ValueError(
                    f"unknown focus tag {value!r}; known tags: {', '.join(FOCUS_TAGS)}"
                )
        return values

    @field_validator("contraindications")
    @classmethod
    def _contraindications_known(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if value not in CONTRAINDICATIONS:
                raise ValueError(
                    f"unknown contraindication tag {value!r}; "
                    f"known tags: {', '.join(CONTRAINDICATIONS)}"
                )
        return values

    @model_validator(mode="after")
    def _muscles_not_both_roles(self) -> Exercise:
        both = set(self.primary_muscles) & set(self.secondary_muscles)
        if both:
            raise ValueError(f"muscles listed as both primary and secondary: {sorted(both)}")
        if self.id in self.regressions or self.id in self.progressions:
            raise ValueError("an exercise cannot regress or progress to itself")
        stray = set(self.equipment_or) - set(self.equipment)
        if stray:
            raise ValueError(
                f"equipment_or names {sorted(e.value for e in stray)}, which the exercise does "
                "not require; list stand-ins only for items in equipment"
            )
        if self.alternating and self.laterality.value == "bilateral":
            raise ValueError("alternating applies to one-sided work, not to a bilateral exercise")
        return self
