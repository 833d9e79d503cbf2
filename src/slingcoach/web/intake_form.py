"""The intake questionnaire as an HTML form: its choices, its steps, and the form's fields
read into an :class:`~slingcoach.assessment.intake.Intake`.

Field names follow the intake's structure (``person.age``, ``signs.tight_hamstrings``,
``red_flags.saddle-numbness``, ``injuries.0.when``), so a validation error's location is the
name of the field it belongs to and the message shows next to it.

On a phone the form comes in :data:`STEPS` (one section each): each step is checked on
its own (:func:`step_errors`) before the next one, and the whole intake once more at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from slingcoach.assessment.intake import (
    ODI_SECTIONS,
    InjuryArea,
    Intake,
    Movement,
    PainfulMovement,
)
from slingcoach.errors import InvalidInputError
from slingcoach.vocab import Equipment, Goal

INJURY_ROWS = 2
"""Injury rows on the form (more can be told in the notes)."""
ODI_WORDS = {
    "0": "0 – no trouble",
    "1": "1",
    "2": "2",
    "3": "3",
    "4": "4",
    "5": "5 – the worst",
}
"""ODI 2.1a answers run 0-5 within each section (Fairbank & Pynsent 2000)."""


def choices() -> dict[str, Any]:
    """Everything the form's selects and check boxes offer."""
    from slingcoach.assessment.redflags import red_flag_data

    return {
        "equipment": [e.value for e in Equipment],
        "goals": [g.value for g in Goal],
        "painful": [p.value for p in PainfulMovement],
        "movements": [m.value for m in Movement],
        "areas": [("", "none")] + [(a.value, a.value.replace("-", " ")) for a in InjuryArea],
        "pain_scale": [("0", "0 – none")]
        + [(str(n), str(n)) for n in range(1, 10)]
        + [("10", "10 – worst imaginable")],
        "odi": list(ODI_SECTIONS),
        "odi_words": ODI_WORDS,
        "red_flags": [(q.id, q.ask) for q in red_flag_data().questions],
        "injury_rows": list(range(INJURY_ROWS)),
    }


class Step(NamedTuple):
    """One page of the intake form: the fields whose names start with one of ``prefixes``."""

    number: int
    title: str
    prefixes: tuple[str, ...]

    def holds(self, name: str) -> bool:
        """True when the field ``name`` is on this step."""
        return any(name == p or name.startswith(p + ".") for p in self.prefixes)


STEPS = (
    Step(1, "About you", ("person",)),
    Step(2, "Training and goals", ("training", "goals")),
    Step(3, "How your back and hips feel", ("signs",)),
    Step(4, "Injuries", ("injuries",)),
    Step(5, "Safety questions", ("red_flags",)),
    Step(6, "Back pain and notes", ("odi", "notes")),
)
"""The intake form's steps, in order (about a screen each on a phone)."""

MANY = ("training.equipment", "goals", "signs.painful_movements")
"""The check-box groups: a list of values each."""

Answers = dict[str, str | list[str]]
"""A filled-in form: field name → its value (a list for a check-box group)."""


def step_of(name: str) -> Step | None:
    """The step that holds the field ``name`` (None for a name that is on none).

    >>> step_of("red_flags.saddle-numbness").number, step_of("goals").number
    (5, 2)
    >>> step_of("csrf_token") is None
    True
    """
    return next((step for step in STEPS if step.holds(name)), None)


def answers_of(form: Mapping[str, str], lists: Mapping[str, Sequence[str]]) -> Answers:
    """The answers in a submitted form: only fields of the intake, each at most 2,000
    characters (a longer one is cut, like the notes box's own limit)."""
    out: Answers = {}
    for name, value in form.items():
        if step_of(name) is not None and name not in MANY:
            out[name] = value[:2000]
    for name in MANY:
        if name in lists:
            out[name] = [v[:200] for v in lists[name][:50]]
    return out


def with_step(answers: Answers, step: Step, posted: Answers) -> Answers:
    """``answers`` with the fields of ``step`` replaced by ``posted`` (an unticked box is
    simply absent from a form, so the step's old answers go first)."""
    kept = {k: v for k, v in answers.items() if not step.holds(k)}
    kept.update({k: v for k, v in posted.items() if step.holds(k)})
    return kept


def read_answers(answers: Answers) -> Intake:
    """:func:`read_intake` of stored answers."""
    form = {k: v for k, v in answers.items() if isinstance(v, str)}
    lists = {k: v for k, v in answers.items() if isinstance(v, list)}
    return read_intake(form, lists)


def _neutral() -> Answers:
    """Plain valid answers for every required field: the other steps' stand-ins while one
    step is checked on its own."""
    from slingcoach.assessment.redflags import question_ids

    answers: Answers = {
        "person.age": "30",
        "person.body_mass_kg": "70",
        "person.dominant_hand": "right",
        "person.dominant_leg": "right",
        "training.level": "1",
        "training.days_per_week": "3",
        "training.minutes_per_session": "45",
    }
    answers.update({f"red_flags.{q}": "no" for q in question_ids()})
    return answers


def step_errors(answers: Answers, step: Step) -> dict[str, str]:
    """The problems of ``step``'s answers, each by its field name (none: the step is done).

    The step is read with plain stand-ins for the other steps' answers, so a problem is
    found on the step where it can be put right.
    """
    trial = {k: v for k, v in _neutral().items() if not step.holds(k)}
    trial.update({k: v for k, v in answers.items() if step.holds(k)})
    try:
        read_answers(trial)
    except (InvalidInputError, ValidationError) as exc:
        return {k: v for k, v in errors_of(exc).items() if step.holds(k)}
    return {}


def first_step_with(errors: Mapping[str, str]) -> Step:
    """The first step holding one of ``errors``' fields (the last step for any other)."""
    numbers = [s.number for name in errors if (s := step_of(name)) is not None]
    return STEPS[min(numbers) - 1] if numbers else STEPS[-1]


class FormReader:
    """Reads typed values out of the submitted form, each error keyed by its field name."""

    def __init__(self, form: Mapping[str, str], lists: Mapping[str, Sequence[str]]) -> None:
        self.form = form
        self.lists = lists
        self.errors: dict[str, str] = {}

    def text(self, name: str) -> str | None:
        value = self.form.get(name, "").strip()
        return value or None

    def number(self, name: str, *, integer: bool, required: bool = False) -> float | int | None:
        value = self.text(name)
        if value is None:
            if required:
                self.errors[name] = "fill this in"
            return None
        try:
            return int(value) if integer else float(value.replace(",", "."))
        except ValueError:
            self.errors[name] = (
                f"{value[:20]!r} is not {'a whole number' if integer else 'a number'}"
            )
            return None

    def choice(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name)
        if value is None and required:
            self.errors[name] = "choose one"
        return value

    def many(self, name: str) -> list[str]:
        return [v for v in self.lists.get(name, ()) if v]

    def yes(self, name: str) -> bool:
        return self.form.get(name, "") in ("on", "yes", "true", "1")


def read_intake(form: Mapping[str, str], lists: Mapping[str, Sequence[str]]) -> Intake:
    """The intake the form describes; :class:`InvalidInputError` (the first problem, its
    field named) or a pydantic ``ValidationError`` (every problem, each located) otherwise."""
    from slingcoach.assessment.redflags import question_ids

    r = FormReader(form, lists)
    red_flags: dict[str, bool] = {}
    for question in question_ids():
        answer = r.choice(f"red_flags.{question}")
        if answer not in ("yes", "no"):
            r.errors[f"red_flags.{question}"] = "answer yes or no"
        else:
            red_flags[question] = answer == "yes"
    injuries = []
    for row in range(INJURY_ROWS):
        area = r.choice(f"injuries.{row}.area")
        if area is None:
            continue
        injuries.append(
            {
                "area": area,
                "side": r.choice(f"injuries.{row}.side", required=True),
                "when": r.text(f"injuries.{row}.when") or "",
                "resolved": r.yes(f"injuries.{row}.resolved"),
            }
        )
    odi = {s: r.number(f"odi.{s}", integer=True) for s in ODI_SECTIONS}
    data: dict[str, Any] = {
        "person": {
            "name": r.text("person.name") or "",
            "age": r.number("person.age", integer=True, required=True),
            "body_mass_kg": r.number("person.body_mass_kg", integer=False, required=True),
            "height_cm": r.number("person.height_cm", integer=False),
            "sex": r.choice("person.sex"),
            "dominant_hand": r.choice("person.dominant_hand", required=True),
            "dominant_leg": r.choice("person.dominant_leg", required=True),
        },
        "training": {
            "level": r.number("training.level", integer=True, required=True),
            "days_per_week": r.number("training.days_per_week", integer=True, required=True),
            "minutes_per_session": r.number(
                "training.minutes_per_session", integer=True, required=True
            ),
            "equipment": r.many("training.equipment"),
            "timezone": r.text("training.timezone"),
        },
        "goals": r.many("goals"),
        "injuries": injuries,
        "signs": {
            "stiff_lower_back": r.yes("signs.stiff_lower_back"),
            "tight_hamstrings": r.choice("signs.tight_hamstrings"),
            "buttock_or_sij_pain": r.choice("signs.buttock_or_sij_pain"),
            "low_back_pain_now": r.number("signs.low_back_pain_now", integer=True) or 0,
            "painful_movements": r.many("signs.painful_movements"),
            "feels_different": [
                {"movement": m.value, "side": side}
                for m in Movement
                if (side := r.choice(f"signs.feels_different.{m.value}")) is not None
            ],
        },
        "red_flags": red_flags,
        "odi": odi if any(v is not None for v in odi.values()) else None,
        "notes": r.text("notes"),
    }
    if r.errors:
        raise FormErrors(r.errors)
    return Intake.model_validate(data)


class FormErrors(InvalidInputError):
    """Several fields are wrong before the intake could even be checked: all of them."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        field, message = next(iter(errors.items()))
        super().__init__(message, location=field)


def errors_of(exc: Exception) -> dict[str, str]:
    """``{field name: message}`` for the form (the intake's error locations are its names)."""
    from slingcoach.web.forms import errors_from

    if isinstance(exc, FormErrors):
        return exc.errors
    out = errors_from(exc)
    if isinstance(exc, ValidationError):
        # feels_different is a list on the model but one select per movement on the form
        for key in list(out):
            if key.startswith("signs.feels_different."):
                out.setdefault("signs.feels_different", out.pop(key))
    return out


def form_values(intake: Intake | None) -> dict[str, Any]:
    """The form's values for ``intake`` (to fill it in again), or an empty form."""
    if intake is None:
        return {}
    values: dict[str, Any] = {}
    for part in ("person", "training"):
        for key, value in getattr(intake, part).model_dump(mode="json").items():
            values[f"{part}.{key}"] = value
    signs = intake.signs
    values["signs.stiff_lower_back"] = signs.stiff_lower_back
    values["signs.tight_hamstrings"] = (
        signs.tight_hamstrings.value if signs.tight_hamstrings else ""
    )
    values["signs.buttock_or_sij_pain"] = (
        signs.buttock_or_sij_pain.value if signs.buttock_or_sij_pain else ""
    )
    values["signs.low_back_pain_now"] = signs.low_back_pain_now
    values["signs.painful_movements"] = [p.value for p in signs.painful_movements]
    for felt in signs.feels_different:
        values[f"signs.feels_different.{felt.movement.value}"] = felt.side.value
    values["goals"] = [g.value for g in intake.goals]
    for row, injury in enumerate(intake.injuries[:INJURY_ROWS]):
        for key, value in injury.model_dump(mode="json").items():
            values[f"injuries.{row}.{key}"] = value
    for question, said_yes in intake.red_flags.items():
        values[f"red_flags.{question}"] = "yes" if said_yes else "no"
    if intake.odi is not None:
        for section, score in zip(ODI_SECTIONS, intake.odi.answers(), strict=True):
            values[f"odi.{section}"] = "" if score is None else score
    values["notes"] = intake.notes or ""
    return values
