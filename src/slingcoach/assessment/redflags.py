"""Red-flag screening: any positive answer means "see a clinician", and no program.

Items and rules are data (``assessment/data/red_flags.yaml``) following the IFOMPT
framework (Finucane et al. 2020 JOSPT 50(7):350-372) and NICE NG59 (2016). Software
cannot weigh combinations of flags as a clinician does, so any single positive item
refers (Finucane et al. 2020 caution on false positives applies to the clinician).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from slingcoach.errors import ReferenceDataError

Category = Literal["cauda-equina", "malignancy", "infection", "fracture", "age-onset", "context"]


class RedFlagQuestion(BaseModel):
    """One screening question (``flag: false`` = context only, a flag in combination)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    category: Category
    urgent: bool = False
    flag: bool = True
    ask: str
    text: str


class RedFlagRule(BaseModel):
    """A flag raised by a combination of answers and, optionally, the person's age."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    category: Category
    urgent: bool = False
    when_all: tuple[str, ...] = Field(min_length=1)
    age_below: int | None = None
    age_above: int | None = None
    text: str


class RedFlagData(BaseModel):
    """The bundled screening questions and combination rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    questions: tuple[RedFlagQuestion, ...]
    rules: tuple[RedFlagRule, ...]


class RedFlagHit(BaseModel):
    """A red flag that was found: its id, category, whether urgent, and why in plain words."""

    model_config = ConfigDict(frozen=True)
    id: str
    category: Category
    urgent: bool
    text: str


@cache
def red_flag_data() -> RedFlagData:
    """The bundled red-flag questions and rules, validated (every rule names real questions)."""
    from slingcoach.assessment.battery import _read_yaml

    try:
        data = RedFlagData.model_validate(_read_yaml("red_flags.yaml"))
    except ValidationError as exc:
        raise ReferenceDataError(f"assessment/data/red_flags.yaml is invalid: {exc}") from exc
    ids = {q.id for q in data.questions}
    for rule in data.rules:
        missing = [i for i in rule.when_all if i not in ids]
        if missing:
            raise ReferenceDataError(f"red-flag rule {rule.id!r} names unknown questions {missing}")
    return data


def question_ids() -> tuple[str, ...]:
    """Every red-flag question id an intake may answer."""
    return tuple(q.id for q in red_flag_data().questions)


def screen(answers: Mapping[str, bool], *, age: int) -> list[RedFlagHit]:
    """The red flags raised by ``answers`` (question id → yes) for a person of ``age``.

    Single questions with ``flag: true`` raise themselves; rules raise when all their
    questions are answered yes and the age condition holds (NICE NG59 / Finucane et al.
    2020: new back pain under 20 or over 50).
    """
    data = red_flag_data()
    hits: list[RedFlagHit] = []
    for question in data.questions:
        if question.flag and answers.get(question.id, False):
            hits.append(
                RedFlagHit(
                    id=question.id,
                    category=question.category,
                    urgent=question.urgent,
                    text=question.text,
                )
            )
    for rule in data.rules:
        if not all(answers.get(q, False) for q in rule.when_all):
            continue
        if rule.age_below is not None and not age < rule.age_below:
            continue
        if rule.age_above is not None and not age > rule.age_above:
            continue
        hits.append(
            RedFlagHit(id=rule.id, category=rule.category, urgent=rule.urgent, text=rule.text)
        )
    return hits


def unanswered(answers: Mapping[str, bool]) -> list[str]:
    """Screening questions with no answer (the screening is then incomplete)."""
    return [q.id for q in red_flag_data().questions if q.id not in answers]


def referral_text(hits: list[RedFlagHit]) -> str | None:
    """Plain-language advice for the hits: urgent wording for cauda equina signs; None if no hits."""
    if not hits:
        return None
    reasons = " ".join(hit.text for hit in hits)
    if any(hit.urgent for hit in hits):
        # Cauda equina signs are an emergency (NICE NG59; Finucane et al. 2020).
        head = (
            "Please get medical help today: go to an emergency department or call your "
            "emergency number now. Do not wait and do not train. "
        )
    else:
        head = (
            "Please see a doctor or physiotherapist before you start training, and take this "
            "report with you. "
        )
    tail = (
        " slingcoach will not make a training program until a clinician has checked you; "
        "this is a safety screen, not a diagnosis."
    )
    return head + "Why: " + reasons + tail
