"""The exercise library of the web app: search and filter the catalogue, one exercise's card
with its cues and a body diagram.

Pure reads of the packaged catalogue (no database). Filters are the catalogue's own
(:meth:`~slingcoach.exercises.catalogue.Catalogue.filter`); text search is its typo-tolerant
:meth:`~slingcoach.exercises.catalogue.Catalogue.search`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from slingcoach.exercises.model import Exercise

PAGE_SIZE = 20
"""Exercises per library page (small pages for a phone on a slow connection)."""
SEARCH_LIMIT = 60


class LibraryQuery(BaseModel):
    """What the library is asked for; every field is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str = Field(default="", max_length=100, description="words of a name, alias or cue")
    sling: str = Field(default="", max_length=40, description="a sling id (posterior-oblique)")
    equipment: str = Field(default="", max_length=40, description="needs this equipment")
    pattern: str = Field(default="", max_length=40, description="movement pattern (hinge)")
    page: int = Field(default=1, ge=1, le=100)

    @field_validator("q", "sling", "equipment", "pattern")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class ExerciseRow(BaseModel):
    """One exercise of a library page."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    pattern: str
    laterality: str
    level: int
    equipment: list[str]
    slings: list[str]
    primary_muscles: list[str]
    cues: list[str]


class LibraryPage(BaseModel):
    """One page of matching exercises and the choices of each filter."""

    model_config = ConfigDict(frozen=True)

    query: LibraryQuery
    total: int
    pages: int
    exercises: list[ExerciseRow]
    slings: list[tuple[str, str]] = Field(description="(id, name) of every sling")
    equipment: list[str]
    patterns: list[str]


class ExerciseCard(BaseModel):
    """Everything the library shows about one exercise."""

    model_config = ConfigDict(frozen=True)

    row: ExerciseRow
    description: str
    secondary_muscles: list[str]
    faults: list[str]
    regressions: list[tuple[str, str]]
    progressions: list[tuple[str, str]]
    contraindications: list[str]
    dose: str
    licence: str
    author: str


def library(query: LibraryQuery) -> LibraryPage:
    """The exercises matching ``query`` (best text matches first, else by name), one page."""
    from slingcoach.anatomy import get_anatomy
    from slingcoach.exercises import get_catalogue
    from slingcoach.vocab import Equipment, Pattern

    catalogue = get_catalogue()
    slings = [(s.id, s.name) for s in get_anatomy().slings]
    equipment = [e.value for e in Equipment]
    patterns = [p.value for p in Pattern]
    _check_choice(query.sling, [s for s, _ in slings], "sling")
    _check_choice(query.equipment, equipment, "equipment")
    _check_choice(query.pattern, patterns, "pattern")
    matching = catalogue.filter(
        sling=query.sling or None,
        requires=[query.equipment] if query.equipment else None,
        pattern=query.pattern or None,
    )
    if query.q:
        allowed = {e.id for e in matching}
        found = [e for e, _ in catalogue.search(query.q, limit=SEARCH_LIMIT) if e.id in allowed]
    else:
        found = sorted(matching, key=lambda e: e.name.lower())
    pages = max(1, -(-len(found) // PAGE_SIZE))
    start = (min(query.page, pages) - 1) * PAGE_SIZE
    return LibraryPage(
        query=query,
        total=len(found),
        pages=pages,
        exercises=[_row(e) for e in found[start : start + PAGE_SIZE]],
        slings=slings,
        equipment=equipment,
        patterns=patterns,
    )


def exercise_card(exercise_id: str) -> ExerciseCard:
    """One exercise in full (raises UnknownExerciseError with close names for a wrong id)."""
    from slingcoach.exercises import get_catalogue

    catalogue = get_catalogue()
    exercise = catalogue.get(exercise_id)

    def named(ids: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(i, catalogue.get(i).name) for i in ids if i in catalogue]

    dose = exercise.dose
    return ExerciseCard(
        row=_row(exercise),
        description=exercise.description,
        secondary_muscles=[_words(m) for m in exercise.secondary_muscles],
        faults=list(exercise.faults),
        regressions=named(exercise.regressions),
        progressions=named(exercise.progressions),
        contraindications=[_words(c) for c in exercise.contraindications],
        dose=f"{dose.sets} × {dose.low}–{dose.high} {exercise.unit.value}"
        + (" per side" if exercise.one_sided else ""),
        licence=exercise.licence,
        author=exercise.author,
    )


def exercise_diagram(exercise_id: str, *, id_prefix: str = "dx") -> str:
    """The body diagram of ``exercise_id`` (SVG): primary muscles 1.0, secondary 0.5, and its
    first sling on the right-hand working side for one-sided work (as `slingcoach exercises
    show --svg` draws it)."""
    from slingcoach.exercises import get_catalogue
    from slingcoach.exercises.highlights import muscle_highlights
    from slingcoach.reports.diagrams import body_svg
    from slingcoach.vocab import Side

    exercise = get_catalogue().get(exercise_id)
    working = Side.RIGHT if exercise.one_sided else None
    highlights: dict[tuple[str, Side | None], float] = dict(
        muscle_highlights(exercise, working).items()
    )
    sling = (exercise.slings[0], working) if exercise.slings and working is not None else None
    return body_svg(
        view="both",
        highlights=highlights,
        sling=sling,
        title=exercise.name + (" (right side working)" if working is not None else ""),
        legend_label="primary muscles 1.0, secondary 0.5",
        id_prefix=id_prefix,
    )


def _check_choice(value: str, choices: list[str], field: str) -> None:
    if value and value not in choices:
        raise InvalidInputError(
            f"{value[:40]!r} is not a known {field}; choose from: {', '.join(choices)}",
            location=field,
        )


def _words(slug: str) -> str:
    return slug.replace("-", " ")


def _row(exercise: Exercise) -> ExerciseRow:
    return ExerciseRow(
        id=exercise.id,
        name=exercise.name,
        pattern=exercise.pattern.value,
        laterality=exercise.laterality.value,
        level=exercise.level,
        equipment=[e.value for e in exercise.equipment],
        slings=[_words(s) for s in exercise.slings],
        primary_muscles=[_words(m) for m in exercise.primary_muscles],
        cues=list(exercise.cues),
    )
