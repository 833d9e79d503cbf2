"""Programming's own input: :class:`ProgrammingInput`, built from an assessment in one place.

The generator reads only this model. :func:`programming_input` is the one function that
knows what an assessment looks like (the attributes listed in :class:`AssessmentLike`,
which ``slingcoach.assessment.Assessment`` and the small fixture objects of the tests
both have) and turns it into plain, typed needs: the person's defaults, the findings
as the program uses them (sling side, weak muscles, a short evidence sentence, the tests
to repeat), contraindications, mobility needs worded as range, the re-tests with their
protocol dose, current pain and whether the red-flag screen was answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.vocab import SEVERITY_RANK, Equipment, Goal, Side

CROSS_SLINGS = frozenset({"posterior-oblique", "anterior-oblique"})
"""Slings that cross the body: the hip of one side with the arm/trunk of the other."""


# ---------------------------------------------------------------------------- what is read
class PersonLike(Protocol):
    """``Assessment.person``: defaults for the preferences (level, days, minutes, ...)."""

    @property
    def name(self) -> Any: ...


class TestResultLike(Protocol):
    """One bilateral field test (``Assessment.tests``)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def percent_difference(self) -> float | None: ...

    @property
    def weaker_side(self) -> Any: ...


class SidedMuscleLike(Protocol):
    """A muscle of one side (``assessment.findings.SidedMuscle``)."""

    @property
    def side(self) -> Any: ...

    @property
    def muscle(self) -> str: ...


class FindingLike(Protocol):
    """One finding: the weaker side of a sling, its weak muscles and the evidence."""

    @property
    def id(self) -> str: ...

    @property
    def sling(self) -> str: ...

    @property
    def side(self) -> Any: ...

    @property
    def muscles(self) -> Sequence[SidedMuscleLike]: ...

    @property
    def severity(self) -> str: ...

    @property
    def evidence(self) -> Sequence[Any]: ...

    @property
    def text(self) -> str: ...


class AssessmentLike(Protocol):
    """What :func:`programming_input` reads from an assessment."""

    @property
    def person(self) -> PersonLike: ...

    @property
    def refer(self) -> bool: ...

    @property
    def referral_text(self) -> str | None: ...

    @property
    def tests(self) -> Sequence[TestResultLike]: ...

    @property
    def findings(self) -> Sequence[FindingLike]: ...

    @property
    def contraindications(self) -> Sequence[str]: ...

    @property
    def mobility_needs(self) -> Sequence[str]: ...


# ---------------------------------------------------------------------------- the input
class PersonNeeds(BaseModel):
    """The person's own answers, used where the preferences leave a gap."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "client"
    level: int | None = None
    equipment: tuple[Equipment, ...] | None = None
    days_per_week: int | None = None
    minutes_per_session: int | None = None
    goals: tuple[Goal, ...] | None = None


class FindingNeed(BaseModel):
    """A finding as the program uses it.

    ``side`` is the sling's side, named by its hip/leg muscle (docs/architecture.md): the
    leg that gets more work. ``tested_side`` is the side the tests found weaker (the lat's
    side when only the lat end was weak). ``evidence`` is one short sentence.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    sling: str
    side: Side
    tested_side: Side
    muscles: tuple[str, ...]
    severity: int = Field(ge=1, le=3, description="1 low, 2 moderate, 3 high")
    evidence: str
    tests: tuple[str, ...]

    @property
    def posterior_oblique(self) -> bool:
        """True for the posterior oblique sling (trained by contralateral loading)."""
        return self.sling == "posterior-oblique"

    @property
    def arm_side(self) -> Side:
        """The arm end of the sling: opposite the leg for the two oblique slings."""
        return self.side.other if self.sling in CROSS_SLINGS else self.side


class MobilityNeed(BaseModel):
    """A mobility focus tag and, where a range test found it, the range in words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tag: str
    range_text: str | None = Field(
        default=None, description="e.g. 'right straight-leg raise 12° less than the left'"
    )


class Retest(BaseModel):
    """A test to repeat in the re-test week, with its protocol dose."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    test_id: str
    name: str
    trials: int = Field(ge=1, description="trials per side")
    measure: str = Field(description="what is recorded, e.g. 'reps to failure', 'seconds held'")
    how: str = Field(description="the protocol in one or two sentences")
    at_lab: bool = Field(description="needs the lab (EMG, force plates or video)")


class ProgrammingInput(BaseModel):
    """Everything the generator reads: built by :func:`programming_input` or by hand."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    assessment_id: str | None = None
    person: PersonNeeds = PersonNeeds()
    refer: bool = False
    referral_text: str | None = None
    findings: tuple[FindingNeed, ...] = ()
    contraindications: tuple[str, ...] = ()
    mobility: tuple[MobilityNeed, ...] = ()
    retests: tuple[Retest, ...] = ()
    pain_now: int = Field(default=0, ge=0, le=10, description="current low-back pain 0-10")
    red_flag_screen: bool | None = Field(
        default=True,
        description="True: every red-flag question answered; False: some or all were not; "
        "None: not known",
    )
    unanswered_red_flags: int = Field(default=0, ge=0)

    @property
    def mobility_needs(self) -> tuple[str, ...]:
        """The mobility focus tags, in order."""
        return tuple(m.tag for m in self.mobility)


# ---------------------------------------------------------------------------- building it
def side_of(value: object) -> Side:
    """A finding's or test's side as a :class:`Side` (accepts the enum or its text)."""
    return Side(str(getattr(value, "value", value)))


def _plain(name: str) -> str:
    """A test name inside a sentence: "Single-leg bridge" → "single-leg bridge"."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def _short_name(name: str) -> str:
    """The test's name before its first comma: "Single-leg glute bridge, reps to failure"."""
    return _plain(name.split(",")[0].strip())


def _evidence_test_id(evidence: Any) -> str | None:
    for attr in ("test", "test_id", "id"):
        value = getattr(evidence, attr, None)
        if isinstance(value, str) and value:
            return value
    return None


def _agreeing(finding: FindingLike) -> list[Any]:
    return [e for e in finding.evidence if getattr(e, "agrees", True) is not False]


def _count(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _evidence_sentence(finding: FindingLike, tests: dict[str, TestResultLike]) -> str:
    """The first agreeing result in a few words: "right single-leg glute bridge 21 % below
    the left"; fault counts as counts ("2 faults on the left, 0 on the right")."""
    for evidence in _agreeing(finding):
        test_id = _evidence_test_id(evidence)
        test = tests.get(test_id) if test_id else None
        weaker = getattr(evidence, "weaker_side", None)
        if weaker is None and test is not None:
            weaker = test.weaker_side
        name = getattr(evidence, "name", None) or (test.name if test is not None else test_id)
        if weaker is None or not name:
            continue
        side = side_of(weaker)
        unit = str(getattr(evidence, "unit", None) or getattr(test, "unit", "") or "")
        if unit in ("faults", "positive"):
            left = getattr(evidence, "left", None)
            right = getattr(evidence, "right", None)
            if left is None and test is not None:
                left, right = getattr(test, "left", None), getattr(test, "right", None)
            if left is None or right is None:
                continue
            counts = {"left": left, "right": right}
            return (
                f"{_short_name(str(name))}: {_count(counts[side.value])} faults on the "
                f"{side.value}, {_count(counts[side.other.value])} on the {side.other.value}"
            )
        pct = getattr(evidence, "asymmetry", None)
        if pct is None and test is not None:
            pct = test.percent_difference
        if pct is None:
            continue
        return f"{side.value} {_short_name(str(name))} {abs(float(pct)):.0f} % below the {side.other.value}"
    return f"the {finding.sling.replace('-', ' ')} sling tested weaker on one side"


def _finding_need(finding: FindingLike, tests: dict[str, TestResultLike]) -> FindingNeed | None:
    try:
        side = side_of(getattr(finding, "sling_side", None) or finding.side)
        tested = side_of(finding.side)
    except ValueError:
        return None
    ids = [t for e in _agreeing(finding) if (t := _evidence_test_id(e))]
    return FindingNeed(
        id=finding.id,
        sling=finding.sling,
        side=side,
        tested_side=tested,
        muscles=tuple(dict.fromkeys(m.muscle for m in finding.muscles)),
        severity=SEVERITY_RANK.get(str(finding.severity), 1),
        evidence=_evidence_sentence(finding, tests),
        tests=tuple(dict.fromkeys(ids)),
    )


def _findings(assessment: AssessmentLike) -> tuple[FindingNeed, ...]:
    """The findings with a side, strongest first (flagged ones are for a clinician only)."""
    tests = {t.id: t for t in assessment.tests}
    out = [
        need
        for finding in assessment.findings
        if not getattr(finding, "flagged", False)
        and (need := _finding_need(finding, tests)) is not None
    ]
    out.sort(key=lambda f: (-f.severity, f.id))
    return tuple(out)


def _range_text(test: TestResultLike) -> str | None:
    """ "right straight-leg raise 12° less than the left" for a range test with a gap."""
    left, right = getattr(test, "left", None), getattr(test, "right", None)
    if test.weaker_side is None or left is None or right is None:
        return None
    side = side_of(test.weaker_side)
    gap = abs(float(left) - float(right))
    unit = str(getattr(test, "unit", ""))
    amount = f"{gap:.0f}°" if unit == "deg" else f"{gap:g} {unit}".strip()
    return f"{side.value} {_short_name(test.name)} {amount} less than the {side.other.value}"


def _mobility(assessment: AssessmentLike) -> tuple[MobilityNeed, ...]:
    """Mobility needs, each worded by the range test that found it when there is one."""
    from slingcoach.assessment.battery import battery

    focus = {t.id: t.mobility_focus for t in battery().tests if t.mobility_focus}
    words: dict[str, str] = {}
    for test in assessment.tests:
        tag = focus.get(test.id)
        if tag and tag not in words and (text := _range_text(test)):
            words[tag] = text
    return tuple(
        MobilityNeed(tag=tag, range_text=words.get(tag))
        for tag in dict.fromkeys(assessment.mobility_needs)
    )


_MEASURES = {
    "reps": "reps to failure",
    "s": "seconds",
    "cm": "distance in cm",
    "deg": "degrees",
    "faults": "faults seen",
    "positive": "positive or negative",
    "%": "reach as % of leg length",
    "N·m/kg": "peak force in newtons",
}


def _retests(findings: Sequence[FindingNeed], assessment: AssessmentLike) -> tuple[Retest, ...]:
    """The tests behind the findings, in finding order, with their protocol dose."""
    from slingcoach.assessment.battery import battery

    field = {t.id: t for t in battery().tests}
    names: dict[str, str] = {t.id: t.name for t in assessment.tests}
    lab: dict[str, str] = {}
    for finding in assessment.findings:
        for evidence in finding.evidence:
            test_id = _evidence_test_id(evidence)
            source = getattr(evidence, "source", "field-test")
            if test_id and source != "field-test":
                lab[test_id] = str(getattr(evidence, "name", None) or test_id)
    no_impact = "impact-intolerance" in assessment.contraindications
    out: list[Retest] = []
    for test_id in dict.fromkeys(t for f in findings for t in f.tests):
        test = field.get(test_id)
        if test is not None and test.impact and no_impact:
            continue  # no maximal hops while impact is ruled out
        if test is not None:
            measure = _MEASURES.get(test.unit, test.unit)
            if test.unit == "s" and test.higher_is_better:
                measure = "seconds held"
            out.append(
                Retest(
                    test_id=test_id,
                    name=test.name,
                    trials=test.trials,
                    measure=measure,
                    how=" ".join(test.protocol[:2]),
                    at_lab=False,
                )
            )
        else:
            name = lab.get(test_id) or names.get(test_id) or test_id.replace("-", " ")
            out.append(
                Retest(
                    test_id=test_id,
                    name=name,
                    trials=1,
                    measure="the recording, analysed as in the assessment",
                    how="Repeat the recording at the lab with the same set-up and analysis.",
                    at_lab=test_id in lab,
                )
            )
    return tuple(out)


def _person(assessment: AssessmentLike) -> PersonNeeds:
    person = assessment.person

    def number(attr: str) -> int | None:
        value = getattr(person, attr, None)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    equipment = getattr(person, "equipment", None)
    goals = getattr(person, "goals", None)
    return PersonNeeds(
        name=str(getattr(person, "name", None) or "client"),
        level=number("level"),
        equipment=tuple(Equipment(str(e)) for e in equipment) if equipment is not None else None,
        days_per_week=number("days_per_week"),
        minutes_per_session=number("minutes_per_session"),
        goals=tuple(_goal(g) for g in goals) if goals else None,
    )


def _goal(value: object) -> Goal:
    from slingcoach.programming.preferences import parse_goal

    return parse_goal(str(getattr(value, "value", value)))


def programming_input(assessment: AssessmentLike | ProgrammingInput) -> ProgrammingInput:
    """The assessment as the program needs it (a :class:`ProgrammingInput` is returned as is)."""
    if isinstance(assessment, ProgrammingInput):
        return assessment
    findings = _findings(assessment)
    signs = getattr(assessment, "signs", None)
    pain = getattr(signs, "low_back_pain_now", 0) if signs is not None else 0
    screen = getattr(assessment, "screening_complete", None)
    unanswered = getattr(assessment, "unanswered_red_flags", None) or ()
    return ProgrammingInput(
        assessment_id=getattr(assessment, "id", None),
        person=_person(assessment),
        refer=bool(assessment.refer),
        referral_text=assessment.referral_text,
        findings=findings,
        contraindications=tuple(sorted(set(assessment.contraindications))),
        mobility=_mobility(assessment),
        retests=_retests(findings, assessment),
        pain_now=int(pain) if isinstance(pain, int) else 0,
        red_flag_screen=screen if isinstance(screen, bool) else None,
        unanswered_red_flags=len(unanswered),
    )
