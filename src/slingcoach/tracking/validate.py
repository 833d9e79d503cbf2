"""Refuse impossible logs before anything is stored, naming entry, set, side and field.

Field ranges (negative reps, pain 11, RIR over 10) are refused by the models in
:mod:`.model`. Here the checks that need context: the item exists in the program, the
exercise exists, a part's side is planned, the unit fits the exercise, the date is not in
the future, and the load is possible for this person and this exercise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from slingcoach.errors import InvalidInputError, UnknownExerciseError
from slingcoach.exercises.model import Exercise
from slingcoach.tracking.model import LogEntry, SessionLog, SidePart
from slingcoach.tracking.plan import PlanIndex
from slingcoach.vocab import Pattern, Sides, Unit

# Heaviest plausible external load as a multiple of body mass (our convention, set above
# the best lifts on record: about 4.5x body mass in a two-legged deadlift by light lifters).
BODY_MASS_MULTIPLE_TWO_SIDED = 5.0
BODY_MASS_MULTIPLE_ONE_SIDED = 3.0
UPPER_BODY_FACTOR = 0.5  # pulls and presses: half the leg and hip figures (our convention)
UPPER_BODY = frozenset({Pattern.PULL, Pattern.PUSH})
ABSOLUTE_LIMIT_KG = 500.0
"""Without a body mass: about the heaviest deadlift on record (our convention)."""

_UNIT_FIELD = {Unit.REPS: "reps", Unit.SECONDS: "seconds", Unit.METRES: "metres"}


def check_session(
    log: SessionLog,
    *,
    plan: PlanIndex | None,
    exercises: Sequence[Exercise],
    body_mass_kg: float | None,
    today: dt.date,
) -> None:
    """Raise :class:`InvalidInputError` (or :class:`UnknownExerciseError`) for the first
    impossible value in ``log``; return quietly when everything is possible.

    ``today`` is the client's date (passed in: tracking reads no clock).
    """
    if log.performed_on > today:
        raise InvalidInputError(
            f"{log.performed_on.isoformat()} is in the future (today is {today.isoformat()})",
            location="performed_on",
        )
    by_id = {e.id: e for e in exercises}
    for number, entry in enumerate(log.entries, start=1):
        where = f"entry {number}" + (f" ({entry.item_key})" if entry.item_key else "")
        exercise = _exercise(entry.exercise_id, by_id)
        if entry.swapped_from is not None:
            _exercise(entry.swapped_from, by_id)
        _check_planned(entry, where, plan)
        for logged in entry.sets:
            for part in logged.parts:
                place = f"{where}, set {logged.number}, {part.side.value}"
                _check_part(part, place, exercise, body_mass_kg)
                _check_side(entry, part, place, plan, exercise)


def load_limit_kg(exercise: Exercise, body_mass_kg: float | None) -> float:
    """The heaviest external load slingcoach accepts for ``exercise``."""
    if body_mass_kg is None:
        return ABSOLUTE_LIMIT_KG
    multiple = BODY_MASS_MULTIPLE_ONE_SIDED if exercise.one_sided else BODY_MASS_MULTIPLE_TWO_SIDED
    if exercise.pattern in UPPER_BODY:
        multiple *= UPPER_BODY_FACTOR
    return multiple * body_mass_kg


def _exercise(exercise_id: str, by_id: dict[str, Exercise]) -> Exercise:
    exercise = by_id.get(exercise_id)
    if exercise is None:
        import difflib

        raise UnknownExerciseError(exercise_id, difflib.get_close_matches(exercise_id, by_id, n=3))
    return exercise


def _check_planned(entry: LogEntry, where: str, plan: PlanIndex | None) -> None:
    if entry.item_key is None:
        return
    if plan is None:
        raise InvalidInputError(
            f"item {entry.item_key} was given, but the client has no program; log it unplanned",
            location=where,
        )
    item = plan.items.get(entry.item_key)
    if item is None:
        raise InvalidInputError(
            f"the program has no item {entry.item_key} (keys run from "
            f"{min(plan.items)} to {max(plan.items)})",
            location=where,
        )
    planned = item.exercise_id
    if planned is not None and entry.exercise_id != planned and entry.swapped_from != planned:
        raise InvalidInputError(
            f"item {entry.item_key} is {planned}, not {entry.exercise_id}; "
            f"log a substitute with swapped_from: {planned}",
            location=where,
        )
    if entry.swapped_from is not None and entry.swapped_from != planned:
        raise InvalidInputError(
            f"swapped_from {entry.swapped_from} is not the planned exercise ({planned})",
            location=where,
        )


def _check_part(part: SidePart, place: str, exercise: Exercise, body_mass_kg: float | None) -> None:
    field = _UNIT_FIELD[exercise.unit]
    if getattr(part, field) is None:
        raise InvalidInputError(
            f"{exercise.name} is counted in {exercise.unit.value}: give {field}",
            location=place,
        )
    limit = load_limit_kg(exercise, body_mass_kg)
    if part.load_kg is not None and part.load_kg > limit:
        person = f" for a {body_mass_kg:g} kg person" if body_mass_kg else ""
        raise InvalidInputError(
            f"{part.load_kg:g} kg is not possible on {exercise.name}{person} "
            f"(at most {limit:g} kg); check the load",
            location=f"{place}: load_kg",
        )


def _check_side(
    entry: LogEntry,
    part: SidePart,
    place: str,
    plan: PlanIndex | None,
    exercise: Exercise,
) -> None:
    planned = (
        plan.planned_for(entry.item_key, part.side)
        if plan is not None and entry.item_key is not None
        else None
    )
    alternating = planned is not None and planned.side is Sides.BOTH
    if part.side is Sides.BOTH and exercise.one_sided and not alternating:
        raise InvalidInputError(
            f"{exercise.name} works one side at a time: log a left and a right part "
            "(or 'both' where the program plans it alternating)",
            location=place,
        )
    if part.side is not Sides.BOTH and not exercise.one_sided:
        raise InvalidInputError(
            f"{exercise.name} works both sides together: log one part on 'both'",
            location=place,
        )
    if entry.item_key is None or plan is None or entry.swapped_from is not None:
        return
    if plan.planned_for(entry.item_key, part.side) is None:
        raise InvalidInputError(
            f"item {entry.item_key} plans no {part.side.value} side", location=place
        )
