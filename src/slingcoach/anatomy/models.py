"""Typed, frozen records for the anatomy reference data: muscles, structures, slings.

The records mirror the bundled YAML files (``anatomy/data/*.yaml``); :mod:`slingcoach.anatomy.data`
loads and cross-checks them. A muscle or sided structure is addressed as ``(id, side)``;
midline structures (the thoracolumbar fascia, the anterior abdominal fascia) have side ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.errors import UnknownIdError, UnknownMuscleError, UnknownSlingError
from slingcoach.vocab import Side

REGIONS: tuple[str, ...] = ("hip", "thigh", "trunk", "shoulder-girdle", "lower-leg", "arm")
"""Body regions a muscle belongs to."""

GROUPS: tuple[str, ...] = (
    "glutes",
    "hip",
    "hamstrings",
    "adductors",
    "quadriceps",
    "hip-flexors",
    "low-back",
    "lats",
    "upper-back",
    "shoulder",
    "abdominals",
    "calves",
    "lower-leg",
    "chest",
    "arms",
)
"""Muscle groups, as fixed in docs/architecture.md."""

SideRule = Literal["same", "opposite", "midline"]
"""How a sling link's side follows the side of the sling."""

Kind = Literal["muscle", "structure", "sling"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Muscle(_Frozen):
    """One muscle (present on both sides of the body)."""

    id: str
    name: str = Field(description="technical name")
    plain_name: str
    region: str
    group: str
    actions: tuple[str, ...]
    description: str
    aliases: tuple[str, ...] = ()


class Structure(_Frozen):
    """A connective structure (fascia, ligament, joint) that slings run through."""

    id: str
    name: str = Field(description="technical name")
    plain_name: str
    kind: Literal["fascia", "ligament", "joint"]
    sided: bool = Field(description="False for a midline structure addressed with side None")
    description: str = Field(description="plain-language description")
    technical: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(default=(), description="keys of the sources table")


class LinkSpec(_Frozen):
    """A sling link as stored: an id and how its side follows the sling's side."""

    id: str
    side: SideRule

    def resolve(self, sling_side: Side) -> Link:
        """The concrete link for the sling of ``sling_side``."""
        if self.side == "midline":
            return Link(structure=self.id, side=None)
        return Link(structure=self.id, side=sling_side if self.side == "same" else sling_side.other)


class Link(_Frozen):
    """One link of a sling chain: a muscle or structure id and its side (None = midline)."""

    structure: str = Field(description="muscle or structure id")
    side: Side | None


class SlingSide(_Frozen):
    """A sling on one side (named by the side of its hip/leg muscle)."""

    sling: str
    side: Side


class Sling(_Frozen):
    """One myofascial sling: parallel links grouped into an ordered chain of steps."""

    id: str
    name: str
    abbreviation: str
    plain_name: str
    aliases: tuple[str, ...] = ()
    named_by: str = Field(description="the hip/leg muscle whose side names the sling")
    joints: tuple[str, ...] = Field(description="structure ids of the joints it compresses")
    steps: tuple[tuple[LinkSpec, ...], ...]
    activities: tuple[str, ...]
    plain: str
    technical: str
    when_weak: str
    when_weak_technical: str
    sources: tuple[str, ...]


class Anatomy(_Frozen):
    """All bundled anatomy reference data, validated and cross-checked."""

    muscles: tuple[Muscle, ...]
    structures: tuple[Structure, ...]
    slings: tuple[Sling, ...]
    sources: dict[str, str] = Field(description="citation key -> full reference")

    def muscle(self, muscle_id: str) -> Muscle:
        """The muscle with ``muscle_id``; :class:`UnknownMuscleError` with suggestions if none."""
        for muscle in self.muscles:
            if muscle.id == muscle_id:
                return muscle
        raise UnknownMuscleError(muscle_id, suggest(muscle_id, [m.id for m in self.muscles]))

    def structure(self, structure_id: str) -> Structure:
        """The connective structure with ``structure_id``; :class:`UnknownIdError` if none."""
        for structure in self.structures:
            if structure.id == structure_id:
                return structure
        ids = [s.id for s in self.structures]
        raise UnknownIdError("structure", structure_id, suggest(structure_id, ids))

    def sling(self, sling_id: str) -> Sling:
        """The sling with ``sling_id``; :class:`UnknownSlingError` with suggestions if none."""
        for sling in self.slings:
            if sling.id == sling_id:
                return sling
        raise UnknownSlingError(sling_id, suggest(sling_id, [s.id for s in self.slings]))

    def kind_of(self, item_id: str) -> Kind:
        """Whether ``item_id`` names a muscle, a structure or a sling."""
        if any(m.id == item_id for m in self.muscles):
            return "muscle"
        if any(s.id == item_id for s in self.structures):
            return "structure"
        if any(s.id == item_id for s in self.slings):
            return "sling"
        ids = [m.id for m in self.muscles] + [s.id for s in self.structures]
        ids += [s.id for s in self.slings]
        raise UnknownIdError("anatomy id", item_id, suggest(item_id, ids))

    def is_sided(self, item_id: str) -> bool:
        """True for muscles and sided structures, False for midline structures."""
        if self.kind_of(item_id) == "muscle":
            return True
        return self.structure(item_id).sided

    def display_name(self, item_id: str) -> str:
        """The technical name of a muscle or structure (``"gluteus maximus"``)."""
        if self.kind_of(item_id) == "muscle":
            return self.muscle(item_id).name
        return self.structure(item_id).name

    def link_label(self, link: Link, *, plain: bool = False) -> str:
        """A link in words: ``"right gluteus maximus"`` or ``"thoracolumbar fascia"``.

        With ``plain=True`` the plain name is used (``"right butt muscle"``).
        """
        kind = self.kind_of(link.structure)
        if kind == "muscle":
            record: Muscle | Structure = self.muscle(link.structure)
        else:
            record = self.structure(link.structure)
        name = record.plain_name if plain else _short_name(record.name)
        return f"{link.side.value} {name}" if link.side is not None else name


def _short_name(name: str) -> str:
    """Drop a parenthesised qualifier: ``"thoracolumbar fascia (posterior layer)"`` → ``"thoracolumbar fascia"``."""
    return name.split(" (")[0]


def suggest(value: str, choices: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to ``limit`` choices close to ``value`` for a "did you mean" hint (rapidfuzz WRatio ≥ 60)."""
    from rapidfuzz import fuzz, process

    matches = process.extract(
        value, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=60
    )
    return [str(match[0]) for match in matches]


def parse_side(
    value: Side | str | None, *, allow_none: bool = False, field: str = "side"
) -> Side | None:
    """Turn ``"right"``, ``"R"``, ``Side.LEFT`` … into a :class:`Side`.

    ``None`` (and ``"midline"``) are accepted only with ``allow_none``.
    """
    from slingcoach.errors import InvalidInputError

    if isinstance(value, Side):
        return value
    if value is None or (
        isinstance(value, str) and value.strip().lower() in ("midline", "none", "")
    ):
        if allow_none:
            return None
        raise InvalidInputError(
            f"a side is required; use 'left' or 'right' (got {value!r})", source=field
        )
    text = value.strip().lower()
    aliases = {"l": Side.LEFT, "left": Side.LEFT, "r": Side.RIGHT, "right": Side.RIGHT}
    if text in aliases:
        return aliases[text]
    raise InvalidInputError(f"unknown side {value!r}; use 'left' or 'right'", source=field)
