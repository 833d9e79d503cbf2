"""The intake questionnaire as data and parsers (pure; the CLI does the asking).

:func:`next_question` gives the question to ask after the answers so far; questions
that depend on earlier answers (the left/right results of the chosen tests) are
generated from them, so going back and changing an answer changes what follows.
Each question's :meth:`Question.parse` turns the typed text into a value or raises
``ValueError`` with a message to show before asking again. :func:`build_intake`
assembles the answers into a validated :class:`Intake`.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from slingcoach.assessment.battery import battery
from slingcoach.assessment.intake import (
    FieldTests,
    InjuryArea,
    Intake,
    LeverArmM,
    LimbLengthCm,
    Movement,
    PainfulMovement,
    Person,
    ReachCm,
    Signs,
    Training,
)
from slingcoach.assessment.odi import odi_data
from slingcoach.assessment.redflags import red_flag_data
from slingcoach.vocab import Equipment, Goal, Sides

BACK = ("<", "back")
"""Typing one of these goes back to the previous question."""

_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}


@dataclass(frozen=True)
class Question:
    """One question: where its answer goes (``key``), what to ask and how to read the reply."""

    key: tuple[str, ...]
    prompt: str
    reader: Callable[[str], Any]
    section: str = ""

    def parse(self, text: str) -> Any:
        """The value for ``text``; ``ValueError`` with a readable message if it is not valid."""
        return self.reader(text.strip())


def _field_reader(
    model: type[BaseModel], name: str, *, optional: bool = False
) -> Callable[[str], Any]:
    info = model.model_fields[name]
    annotated: Any = typing.Annotated[info.annotation, info]
    adapter: TypeAdapter[Any] = TypeAdapter(annotated)

    def read(text: str) -> Any:
        if text == "":
            if optional:
                return None
            raise ValueError("an answer is needed here")
        value: Any = text
        annotation = str(info.annotation)
        if "int" in annotation or "float" in annotation:
            try:
                value = (
                    int(text) if "int" in annotation and "float" not in annotation else float(text)
                )
            except ValueError:
                raise ValueError(f"expected a number, got {text!r}") from None
        try:
            return adapter.validate_python(value)
        except ValidationError as exc:
            raise ValueError(exc.errors(include_url=False)[0]["msg"]) from None

    return read


def _choice(
    enum: type[StrEnum], *, optional: bool = False, exclude: tuple[str, ...] = ()
) -> Callable[[str], Any]:
    names = [e.value for e in enum if e.value not in exclude]

    def read(text: str) -> Any:
        if optional and text in ("", "none", "-"):
            return None
        if text.lower() in names:
            return text.lower()
        raise ValueError(f"answer one of: {', '.join(names)}" + (" (or blank)" if optional else ""))

    return read


def _yes_no(text: str) -> bool:
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    raise ValueError("answer y or n")


def _choices_list(enum: type[StrEnum]) -> Callable[[str], list[str]]:
    names = [e.value for e in enum]

    def read(text: str) -> list[str]:
        if text in ("", "none", "-"):
            return []
        items = [part.strip().lower() for part in text.split(",") if part.strip()]
        bad = [i for i in items if i not in names]
        if bad:
            raise ValueError(f"not known: {', '.join(bad)}; choose from {', '.join(names)}")
        return list(dict.fromkeys(items))

    return read


def _injuries(text: str) -> list[dict[str, Any]]:
    if text in ("", "none", "-"):
        return []
    out = []
    for entry in text.split(";"):
        parts = entry.split()
        if len(parts) != 4:
            raise ValueError(
                f"{entry.strip()!r}: give 'area side when resolved', e.g. 'hamstring right 2024-05 no'"
            )
        area, side, when, resolved = parts
        _choice(InjuryArea)(area)
        _choice(Sides)(side)
        out.append({"area": area, "side": side, "when": when, "resolved": _yes_no(resolved)})
    from slingcoach.assessment.intake import Injury

    for item in out:
        try:
            Injury.model_validate(item)
        except ValidationError as exc:
            raise ValueError(exc.errors(include_url=False)[0]["msg"]) from None
    return out


def _pairs(
    first: type[StrEnum] | tuple[str, ...], what: str
) -> Callable[[str], list[dict[str, str]]]:
    firsts = [e.value for e in first] if isinstance(first, type) else list(first)

    def read(text: str) -> list[dict[str, str]]:
        if text in ("", "none", "-"):
            return []
        out = []
        for entry in text.replace(";", ",").split(","):
            parts = entry.split()
            if len(parts) != 2 or parts[0] not in firsts or parts[1] not in ("left", "right"):
                raise ValueError(
                    f"{entry.strip()!r}: give '{what} side' with {what} one of "
                    f"{', '.join(firsts)} and side left or right"
                )
            out.append({"key": parts[0], "side": parts[1]})
        return out

    return read


def _numbers(text: str) -> list[float]:
    try:
        return [float(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"expected numbers separated by commas, got {text!r}") from None


def _side_value(test_id: str) -> Callable[[str], Any]:
    """Reader for one side of a numeric test: a number, trials 'a, b, c', or blank = not tested."""
    model = _input_model(test_id)
    annotation: Any = model.model_fields["left"].annotation
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    whole = battery().get(test_id).unit == "reps"

    def read(text: str) -> Any:
        if text in ("", "-"):
            return None
        values: list[Any] = _numbers(text)
        if whole:
            if any(v != int(v) for v in values):
                raise ValueError("reps are whole numbers")
            values = [int(v) for v in values]
        value = values[0] if len(values) == 1 else values
        try:
            return adapter.validate_python(value)
        except ValidationError as exc:
            err = exc.errors(include_url=False)
            raise ValueError(min(err, key=lambda e: e["type"] == "list_type")["msg"]) from None

    return read


def _hhd_force(test_id: str) -> Callable[[str], Any]:
    """Reader for one side of a dynamometer test: newtons, range-checked; a number that looks
    like torque per kg is refused with what to give instead."""
    from slingcoach.assessment.intake import HHD_MIN_FORCE_N

    read_number = _side_value(test_id)

    def read(text: str) -> Any:
        if text in ("", "-"):
            return None
        values = _numbers(text)
        if values and max(values) < 10:
            raise ValueError(
                f"{text} looks like torque per kg (N·m/kg); give the force the dynamometer "
                f"shows, in newtons (e.g. 180)"
            )
        if any(v < HHD_MIN_FORCE_N or v > 3000 for v in values):
            raise ValueError(
                f"give the force in newtons between {HHD_MIN_FORCE_N:.0f} and 3000, got {text}"
            )
        return read_number(text)

    return read


def _input_model(test_id: str) -> type[BaseModel]:
    name = test_id.replace("-", "_")
    for arg in typing.get_args(FieldTests.model_fields[name].annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    raise LookupError(test_id)  # pragma: no cover - every field is Model | None


def _test_ids(text: str) -> list[str]:
    if text in ("", "none", "-"):
        return []
    ids = [part.strip() for part in text.split(",") if part.strip()]
    known = battery().ids
    for test_id in ids:
        if test_id not in known:
            from slingcoach.assessment._suggest import suggest

            hint = suggest(test_id, known)
            extra = f" Did you mean: {', '.join(hint)}?" if hint else " Type 'list' to see them."
            raise ValueError(f"unknown test {test_id!r}.{extra}")
    return list(dict.fromkeys(ids))


def _checked(kind: Any) -> Callable[[str], float]:
    """Reader for one number checked against an annotated intake type (its range)."""
    adapter: TypeAdapter[Any] = TypeAdapter(kind)

    def read(text: str) -> float:
        values = _numbers(text)
        if len(values) != 1:
            raise ValueError("give one number")
        try:
            return float(adapter.validate_python(values[0]))
        except ValidationError as exc:
            raise ValueError(exc.errors(include_url=False)[0]["msg"]) from None

    return read


def _reaches(text: str) -> dict[str, float] | None:
    if text in ("", "-"):
        return None
    values = _numbers(text)
    if len(values) != 3:
        raise ValueError("give three reaches in cm: anterior, posteromedial, posterolateral")
    check = _checked(ReachCm)
    return {
        name: check(str(value))
        for name, value in zip(("anterior", "posteromedial", "posterolateral"), values, strict=True)
    }


def _faults(text: str) -> dict[str, bool] | None:
    if text in ("", "-"):
        return None
    names = ("pelvic_drop", "knee_valgus", "trunk_lean")
    seen = _choices_list(_FaultName)(text.replace("_", "-")) if text != "none" else []
    return {name: name.replace("_", "-") in seen for name in names}


class _FaultName(StrEnum):
    PELVIC_DROP = "pelvic-drop"
    KNEE_VALGUS = "knee-valgus"
    TRUNK_LEAN = "trunk-lean"


def _optional_bool(text: str) -> bool | None:
    return None if text in ("", "-") else _yes_no(text)


def _base_questions() -> list[Question]:
    q: list[Question] = []
    person = [
        ("name", "Name", False),
        ("age", "Age in years", False),
        ("body_mass_kg", "Body mass in kg", False),
        ("height_cm", "Height in cm (blank to skip)", True),
    ]
    for name, prompt, optional in person:
        q.append(
            Question(
                ("person", name),
                prompt,
                _field_reader(Person, name, optional=optional),
                "About you",
            )
        )
    from slingcoach.assessment.intake import Sex

    q.append(
        Question(
            ("person", "sex"),
            "Sex: female, male, other (blank to skip)",
            _choice(Sex, optional=True),
            "About you",
        )
    )
    from slingcoach.vocab import Side

    q.append(
        Question(
            ("person", "dominant_hand"), "Dominant hand: left or right", _choice(Side), "About you"
        )
    )
    q.append(
        Question(
            ("person", "dominant_leg"),
            "Dominant leg (the one you kick with): left or right",
            _choice(Side),
            "About you",
        )
    )
    for name, prompt in (
        ("level", "Training level: 1 beginner, 2 intermediate, 3 advanced"),
        ("days_per_week", "Training days per week (1-7)"),
        ("minutes_per_session", "Minutes per session"),
    ):
        q.append(Question(("training", name), prompt, _field_reader(Training, name), "Training"))
    q.append(
        Question(
            ("training", "equipment"),
            "Equipment at hand, comma-separated (none = body weight): "
            + ", ".join(e.value for e in Equipment),
            _choices_list(Equipment),
            "Training",
        )
    )
    q.append(
        Question(
            ("goals",),
            "Goals, comma-separated: " + ", ".join(g.value for g in Goal),
            _choices_list(Goal),
            "Training",
        )
    )
    q.append(
        Question(
            ("injuries",),
            "Injuries, one per entry 'area side when resolved' separated by ';' (blank for none), "
            "e.g. 'hamstring right 2024-05 no'. Areas: " + ", ".join(a.value for a in InjuryArea),
            _injuries,
            "Injuries",
        )
    )
    signs = "Signs"
    q.append(
        Question(
            ("signs", "stiff_lower_back"), "Is your lower back often stiff? (y/n)", _yes_no, signs
        )
    )
    q.append(
        Question(
            ("signs", "tight_hamstrings"),
            "Tight hamstrings: left, right, both (blank = no)",
            _choice(Sides, optional=True, exclude=("centre",)),
            signs,
        )
    )
    q.append(
        Question(
            ("signs", "extra_warm_up"),
            "Does a hip or one side of the back need extra warm-up? e.g. 'hip left, back right' (blank = no)",
            _pairs(("hip", "back"), "region"),
            signs,
        )
    )
    q.append(
        Question(
            ("signs", "buttock_or_sij_pain"),
            "Buttock or sacroiliac pain: left, right, both (blank = no)",
            _choice(Sides, optional=True, exclude=("centre",)),
            signs,
        )
    )
    q.append(
        Question(
            ("signs", "feels_different"),
            "Does one side feel different in a lift? e.g. 'deadlift right, lunge left' (blank = no)",
            _pairs(Movement, "movement"),
            signs,
        )
    )
    q.append(
        Question(
            ("signs", "low_back_pain_now"),
            "Low-back pain right now, 0 (none) to 10 (worst)",
            _field_reader(Signs, "low_back_pain_now"),
            signs,
        )
    )
    q.append(
        Question(
            ("signs", "painful_movements"),
            "Movements that hurt now, comma-separated (blank = none): "
            + ", ".join(m.value for m in PainfulMovement),
            _choices_list(PainfulMovement),
            signs,
        )
    )
    for item in red_flag_data().questions:
        q.append(Question(("red_flags", item.id), item.ask + " (y/n)", _yes_no, "Safety questions"))
    q.append(
        Question(
            ("_odi",), "Answer the 10 back-pain questions (Oswestry)? (y/n)", _yes_no, "Oswestry"
        )
    )
    return q


def _odi_reader(text: str) -> int | None:
    if text in ("", "-"):
        return None
    if text not in {str(i) for i in range(6)}:
        raise ValueError("answer 0, 1, 2, 3, 4 or 5 (blank to skip this section)")
    return int(text)


def questions_for(answers: dict[tuple[str, ...], Any]) -> list[Question]:
    """All questions to ask given the answers so far (later ones depend on earlier ones)."""
    q = _base_questions()
    if answers.get(("_odi",)):
        for section in odi_data().sections:
            q.append(
                Question(
                    ("odi", section["id"]),
                    f"{section['ask']} {section['anchors']} (blank to skip)",
                    _odi_reader,
                    "Oswestry",
                )
            )
    q.append(
        Question(
            ("_tests",),
            "Which field tests did you do? comma-separated ids, blank for none. Ids: "
            + ", ".join(battery().ids),
            _test_ids,
            "Field tests",
        )
    )
    for test_id in answers.get(("_tests",), []) or []:
        q += _test_questions(test_id)
    return q


def _test_questions(test_id: str) -> list[Question]:
    test = battery().get(test_id)
    sec = f"Field tests: {test.name}"
    out: list[Question] = []
    if test.kind == "y-balance":
        out.append(
            Question(
                ("tests", test_id, "limb_length_cm"),
                "Leg length in cm",
                _checked(LimbLengthCm),
                sec,
            )
        )
        for side in ("left", "right"):
            out.append(
                Question(
                    ("tests", test_id, side),
                    f"{side} leg: best anterior, posteromedial, posterolateral reach in cm, e.g. '64, 101, 97' (blank = not tested)",
                    _reaches,
                    sec,
                )
            )
        return out
    if test.kind == "hhd":
        out.append(
            Question(
                ("tests", test_id, "lever_arm_m"),
                "Lever arm in metres (hip joint to pad)",
                _checked(LeverArmM),
                sec,
            )
        )
    for side in ("left", "right"):
        if test.kind == "quality":
            reader: Callable[[str], Any] = _faults
            prompt = f"{side}: faults seen (pelvic-drop, knee-valgus, trunk-lean; 'none' if none; blank = not tested)"
        elif test.kind == "binary":
            reader = _optional_bool
            prompt = f"{side}: positive? (y/n, blank = not tested)"
        elif test.kind == "hhd":
            # the intake stores the dynamometer's force in newtons (the assessment works out
            # torque per kg from it and the lever arm), so that is what is asked
            reader = _hhd_force(test_id)
            prompt = (
                f"{side}: peak force the dynamometer shows, in newtons (N), e.g. '182, 188, 185' "
                f"(not N·m/kg; blank = not tested)"
            )
        else:
            reader = _side_value(test_id)
            prompt = f"{side}: result in {test.unit} (one number or trials 'a, b, c'; blank = not tested)"
        out.append(Question(("tests", test_id, side), prompt, reader, sec))
    return out


def question_for_error(answers: dict[tuple[str, ...], Any], loc: tuple[Any, ...]) -> int | None:
    """Index of the question whose answer a validation error location points into."""
    for index, question in enumerate(questions_for(answers)):
        if tuple(loc[: len(question.key)]) == question.key:
            return index
    return None


def build_intake(answers: dict[tuple[str, ...], Any]) -> Intake:
    """Assemble the answers into a validated :class:`Intake` (``pydantic.ValidationError`` if not)."""
    data: dict[str, Any] = {}
    active = {q.key for q in questions_for(answers)}
    for key, value in answers.items():
        if key not in active or key[0].startswith("_"):
            continue
        if key[0] == "tests" and key[2] in ("limb_length_cm", "lever_arm_m") and value is None:
            continue
        target = data
        for part in key[:-1]:
            target = target.setdefault(part, {})
        target[key[-1]] = value
    signs = data.get("signs", {})
    if "extra_warm_up" in signs:
        signs["extra_warm_up"] = [
            {"region": p["key"], "side": p["side"]} for p in signs["extra_warm_up"]
        ]
    if "feels_different" in signs:
        signs["feels_different"] = [
            {"movement": p["key"], "side": p["side"]} for p in signs["feels_different"]
        ]
    for person_key in ("height_cm", "sex"):
        if data.get("person", {}).get(person_key) is None:
            data.get("person", {}).pop(person_key, None)
    return Intake.model_validate(data)


def intake_to_data(intake: Intake) -> dict[str, Any]:
    """The intake as plain data for a YAML file (test ids and ODI sections as hyphenated keys)."""
    data: dict[str, Any] = intake.model_dump(mode="json", by_alias=True)
    # Blank optional fields are dropped, but a test side or ODI section given as null stays:
    # there null means "not tested" / "left blank".
    tests = {k: v for k, v in (data.pop("tests") or {}).items() if v is not None}
    odi = data.pop("odi")
    out = {k: _prune(v) for k, v in data.items() if v is not None and v != [] and v != {}}
    if odi is not None:
        out["odi"] = odi
    if tests:
        out["tests"] = tests
    return out


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


class SavedReply(BaseModel):
    """One reply as the person typed it, and the question it answered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: tuple[str, ...] = Field(min_length=1, max_length=4)
    reply: str = Field(max_length=10_000)


class PartialIntake(BaseModel):
    """The replies of an intake that was interrupted, kept so that it can be resumed.

    The replies are kept as typed (not as parsed values), so resuming asks each question's
    parser again: a saved file can never slip in a value the questions would refuse.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["slingcoach-partial-intake"] = "slingcoach-partial-intake"
    version: Literal[1] = 1
    replies: list[SavedReply] = Field(default_factory=list, max_length=1_000)


def replay(
    replies: dict[tuple[str, ...], str],
) -> tuple[dict[tuple[str, ...], Any], dict[tuple[str, ...], str], list[str]]:
    """Rebuild answers from saved ``replies``, in question order.

    Returns the answers, the replies that were used and a note for each reply that no
    longer fits its question (that question is asked again). Replies to questions that
    do not come up any more (a test no longer chosen) are dropped.
    """
    answers: dict[tuple[str, ...], Any] = {}
    used: dict[tuple[str, ...], str] = {}
    notes: list[str] = []
    progressed = True
    while progressed:
        progressed = False
        for question in questions_for(answers):
            if question.key in answers or question.key not in replies:
                continue
            text = replies[question.key]
            try:
                answers[question.key] = question.parse(text)
            except ValueError as exc:
                notes.append(f"{question.prompt.split('?')[0][:60]}: {text!r} ({exc})")
                continue
            used[question.key] = text
            progressed = True
            break  # the questions may change with this answer
    return answers, used, notes


def first_unanswered(answers: dict[tuple[str, ...], Any]) -> int:
    """Index of the first question without an answer (the length of the list if none)."""
    questions = questions_for(answers)
    return next((i for i, q in enumerate(questions) if q.key not in answers), len(questions))
