"""The findings engine: field-test asymmetries and signs → sling findings.

Each test in the battery names the slings it loads and which end (the hip/leg end,
the latissimus "arm" end, or both). A test whose weaker side is at watch or address
level points at one side of each of its slings:

* leg end weak on side S → the sling of side S (a weak right glute → the right
  posterior oblique sling: right gluteus maximus – left latissimus dorsi);
* arm end weak on side S → the sling of the *other* side (a weak left lat is the
  lat end of the RIGHT posterior oblique sling; slings are named by their hip muscle);
* both ends (contralateral bird-dog, named by the leg) → the sling of side S.

Findings "suggest"; they never diagnose. Confidence grows with the number of
independent tests that agree and with corroborating signs, and drops when tests
disagree in direction, which is common (Bishop et al. 2018-2020: the direction of
asymmetry is often inconsistent across tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.anatomy import chain_text, contralateral_partners, get_anatomy
from slingcoach.assessment.battery import FieldTest, SlingEnd, battery
from slingcoach.assessment.intake import (
    InjuryArea,
    Intake,
    PainfulMovement,
)
from slingcoach.assessment.results import TestResult
from slingcoach.vocab import SEVERITY_RANK, Confidence, Severity, Side, Sides


class Evidence(BaseModel):
    """One test or sensor result behind a finding: its values, asymmetry and whether it agrees."""

    model_config = ConfigDict(frozen=True)
    test: str
    name: str
    unit: str
    left: float | None
    right: float | None
    asymmetry: float | None = Field(description="percentage difference (max-min)/max x 100")
    weaker_side: Side | None
    status: str
    end: SlingEnd
    agrees: bool = Field(description="False for a test that points the other way")
    source: Literal["field-test", "emg", "forceplate", "pose"] = Field(
        default="field-test", description="a field test, or the kind of sensor recording"
    )
    recording: str | None = Field(
        default=None, description="the recording's file as named in the intake (sensor evidence)"
    )
    text: str | None = Field(
        default=None, description="the sensor result in words, e.g. 'left leg 58 % of ...'"
    )


class SidedMuscle(BaseModel):
    """A muscle (or connective structure) of one side: ``right gluteus-maximus``.

    ``muscle`` is an id of the anatomy data; ``str()`` gives the short form people read in
    the technical text.

    >>> str(SidedMuscle(side=Side.RIGHT, muscle="gluteus-maximus"))
    'right gluteus-maximus'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    side: Side
    muscle: str = Field(description="an id of the anatomy data (muscle or structure)")

    def __str__(self) -> str:
        return f"{self.side.value} {self.muscle}"


class Finding(BaseModel):
    """A suggested weak link in one sling of one side, with the evidence behind it.

    ``sling_side`` names the sling by its hip/leg muscle's side (architecture rule);
    ``side`` is the weaker side shown by the tests (the leg side, or the lat's side when
    only the lat end was weak). ``muscles`` are the weak links, ``partners`` the muscles
    expected to compensate, each with its side.
    """

    model_config = ConfigDict(frozen=True)
    id: str
    sling: str
    sling_side: Side
    side: Side
    ends: list[SlingEnd]
    muscles: list[SidedMuscle]
    partners: list[SidedMuscle]
    severity: Severity
    confidence: Confidence
    confidence_score: float = Field(ge=0, le=1)
    evidence: list[Evidence]
    signs: list[str]
    disagreements: list[str]
    flagged: bool = Field(
        default=False, description="red flags were found: shown for a clinician, not for training"
    )
    text: str
    technical: str
    suggestions: list[str]
    focus: list[str]


def finding_id(sling: str, sling_side: Side) -> str:
    """The id of the finding on ``sling`` of ``sling_side``: ``"posterior-oblique-right"``.

    Ids are for people and for pointing at a finding (a program's emphasis); code that
    needs the sling or the side reads the finding's ``sling`` and ``sling_side`` fields.

    >>> finding_id("posterior-oblique", Side.RIGHT)
    'posterior-oblique-right'
    """
    return f"{sling}-{sling_side.value}"


@dataclass
class _Group:
    sling: str
    sling_side: Side
    agree: list[tuple[TestResult, FieldTest, SlingEnd]] = field(default_factory=list)


def _sling_side(end: SlingEnd, weaker: Side) -> Side:
    return weaker.other if end == "arm" else weaker


def _muscles_for(test: FieldTest, weaker: Side) -> list[SidedMuscle]:
    # A whole-sling test (bird-dog) cannot tell which end is weak: it is charged to the leg
    # it is named by; the opposite arm stays an expected compensator unless an arm test is weak.
    return [SidedMuscle(side=weaker, muscle=m) for m in test.muscles]


# Who picks up the slack, beyond the anatomical partners of the sling (sources in comments).
def _extra_compensators(sling: str, side: Side, ends: set[SlingEnd]) -> list[SidedMuscle]:
    if sling == "posterior-oblique":
        # Arab et al. 2011 (ipsi- and contralateral erector activity up in LBP);
        # Hungerford et al. 2003 (earlier biceps femoris on the symptomatic side).
        extra = [(side.other, "erector-spinae"), (side, "erector-spinae")]
        if ends & {"leg", "both"}:
            extra.append((side, "biceps-femoris"))
    elif sling == "lateral":
        # A weak hip abductor is offset by hiking the pelvis with the same-side QL and TFL.
        extra = [(side, "quadratus-lumborum"), (side, "tensor-fasciae-latae")]
    elif sling == "deep-longitudinal":
        # Hamstring weakness shifts hip-extension work to the erectors and gluteus maximus.
        extra = [(side, "erector-spinae"), (side, "gluteus-maximus")]
    else:
        extra = []
    return [SidedMuscle(side=s, muscle=m) for s, m in extra]


_HIP_MUSCLE = {
    "posterior-oblique": "gluteus-maximus",
    "lateral": "gluteus-medius",
    "deep-longitudinal": "biceps-femoris",
    "anterior-oblique": "adductor-longus",
}


def _anatomy_partners(sling: str, sling_side: Side) -> list[SidedMuscle]:
    """The muscles of the sling's other side (:func:`slingcoach.anatomy.contralateral_partners`)."""
    return [
        SidedMuscle(side=link.side, muscle=link.structure)
        for link in contralateral_partners(_HIP_MUSCLE[sling], sling_side)
        if link.side is not None
    ]


def _chain_words(sling: str, sling_side: Side) -> str:
    return chain_text(sling, sling_side, plain=True)


def _plain_muscle(entry: SidedMuscle) -> str:
    """right gluteus-maximus → "right butt muscle" (the anatomy's plain name)."""
    name = get_anatomy().muscle(entry.muscle).plain_name
    return f"{entry.side.value} {name.split(' — ')[0]}"


_SLING_WORDS = {
    "posterior-oblique": "posterior oblique sling",
    "lateral": "lateral sling",
    "deep-longitudinal": "deep longitudinal sling",
    "anterior-oblique": "anterior oblique sling",
}


def _signs_for(intake: Intake, sling: str, sling_side: Side) -> list[str]:
    """Reported signs that fit a weak ``sling`` of ``sling_side`` (leg side = sling_side)."""
    signs = intake.signs
    leg = sling_side

    def covers(value: Sides | None) -> bool:
        return value is not None and value.covers(leg)

    found: list[str] = []
    if signs.stiff_lower_back and sling in ("posterior-oblique", "deep-longitudinal"):
        # Low back takes over when the glute end is slack (Mooney et al. 2001; Arab et al. 2011).
        found.append("stiff lower back")
    if covers(signs.tight_hamstrings) and sling in ("posterior-oblique", "deep-longitudinal"):
        # Hamstring dominance when the glute is late or weak (Sakamoto et al. 2009; Hungerford 2003).
        found.append(f"tight {leg.value} hamstrings")
    for need in signs.extra_warm_up:
        if need.region == "hip" and need.side is leg:
            found.append(f"{leg.value} hip needs extra warm-up")
        if need.region == "back" and need.side is leg.other and sling == "posterior-oblique":
            # The compensating side of the back is the lat's side, opposite the weak glute.
            found.append(f"{need.side.value} side of the back needs extra warm-up")
    if covers(signs.buttock_or_sij_pain) and sling in ("posterior-oblique", "lateral"):
        # Gmax onset delayed on the symptomatic side in SIJ pain (Hungerford et al. 2003).
        found.append(f"{leg.value} buttock/SIJ pain")
    for feel in signs.feels_different:
        if feel.side is leg:
            found.append(f"{leg.value} side feels different in the {feel.movement.value}")
    return found


def _suggestions(sling: str, sling_side: Side, ends: set[SlingEnd]) -> tuple[list[str], list[str]]:
    s, o = sling_side.value, sling_side.other.value
    tips: list[str] = []
    focus: list[str] = []
    if sling == "posterior-oblique":
        if ends & {"leg", "both"}:
            tips += [
                f"start sessions with the {s} leg: single-leg glute bridges and hip thrusts, "
                "one extra set on that side",
                f"single-leg Romanian deadlift on the {s} leg with the weight in the {o} hand "
                "(cross-body loading)",
            ]
            focus += ["glute-activation", "sling-integration"]
        if ends & {"arm", "both"}:
            tips.append(
                f"one-arm rows and pulldowns with the {o} arm, the {s} foot forward (split stance)"
            )
            focus.append("sling-integration")
        tips.append(f"bird-dog holds with the {s} leg and the {o} arm")
    elif sling == "lateral":
        tips += [
            f"side plank on the {s} side (lying on the {s} forearm)",
            f"single-leg balance and slow step-downs on the {s} leg, keeping the pelvis level",
            "banded side steps and clamshells as a warm-up",
        ]
        focus += ["glute-activation", "balance"]
    elif sling == "deep-longitudinal":
        tips += [
            f"single-leg hamstring bridges and Romanian deadlifts on the {s} leg",
            f"gentle hamstring mobility for the {s} leg if the straight-leg raise is short",
        ]
        focus += ["sling-integration"]
    tips.append("re-test these tests in 4-6 weeks to see whether the gap closes")
    return tips, list(dict.fromkeys(focus))


def _confidence(agree: int, disagree: int, neutral: int, signs: int) -> tuple[float, Confidence]:
    """Confidence score 0-1 and band (a slingcoach convention, documented in docs/assessment.md).

    One agreeing test 0.40, two 0.60, three or more 0.75; +0.10 per corroborating sign (at
    most +0.20); -0.20 per test pointing the other way; -0.05 per test of the same sling end
    that showed no asymmetry (at most -0.15). Bands: >= 0.70 high, >= 0.45 moderate, else low.
    """
    base = {0: 0.0, 1: 0.40, 2: 0.60}.get(agree, 0.75)
    return _confidence_band(
        base + 0.10 * min(signs, 2) - 0.20 * disagree - min(0.05 * neutral, 0.15)
    )


def _confidence_band(score: float) -> tuple[float, Confidence]:
    """The score kept within 0.05-0.95 (two decimals) and its band (slingcoach convention)."""
    score = round(min(max(score, 0.05), 0.95), 2)
    band: Confidence = "high" if score >= 0.70 else ("moderate" if score >= 0.45 else "low")
    return score, band


def find_findings(intake: Intake, results: list[TestResult]) -> list[Finding]:
    """Findings from the test results and the intake's signs, strongest first."""
    tests = {t.id: t for t in battery().tests}
    groups: dict[tuple[str, Side], _Group] = {}
    for result in results:
        if result.status not in ("watch", "address") or result.weaker_side is None:
            continue
        test = tests[result.id]
        for load in test.slings:
            key = (load.sling, _sling_side(load.end, result.weaker_side))
            group = groups.setdefault(key, _Group(sling=key[0], sling_side=key[1]))
            group.agree.append((result, test, load.end))

    findings = [
        _finding(intake, group, groups, results, tests)
        for key, group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1].value))
    ]
    findings.sort(key=strongest_first)
    return findings


def strongest_first(f: Finding) -> tuple[int, float, str, str]:
    """Sort key of findings: higher severity, then higher confidence, then sling and side."""
    return (-SEVERITY_RANK[f.severity], -f.confidence_score, f.sling, f.sling_side)


def _test_evidence(r: TestResult, end: SlingEnd, *, agrees: bool) -> Evidence:
    """One field test's result as evidence for (``agrees``) or against a finding."""
    return Evidence(
        test=r.id,
        name=r.name,
        unit=r.unit,
        left=r.left,
        right=r.right,
        asymmetry=r.percent_difference,
        weaker_side=r.weaker_side,
        status=r.status,
        end=end,
        agrees=agrees,
    )


def _finding(
    intake: Intake,
    group: _Group,
    groups: dict[tuple[str, Side], _Group],
    results: list[TestResult],
    tests: dict[str, FieldTest],
) -> Finding:
    sling, s_side = group.sling, group.sling_side
    ends = {end for _, _, end in group.agree}
    other = groups.get((sling, s_side.other))
    # A test pointing at the other side's sling through the same end disagrees in direction.
    disagreeing = [
        (r, t, e)
        for r, t, e in (other.agree if other else [])
        if e in ends or e == "both" or "both" in ends
    ]
    agreeing_ids = {r.id for r, _, _ in group.agree}
    neutral = [
        r
        for r in results
        if r.id not in agreeing_ids
        and r.status in ("fine", "within-error")
        and any(load.sling == sling and load.end in ends for load in tests[r.id].slings)
    ]
    signs = _signs_for(intake, sling, s_side)
    score, band = _confidence(len(agreeing_ids), len(disagreeing), len(neutral), len(signs))

    evidence = [_test_evidence(r, e, agrees=True) for r, _, e in group.agree] + [
        _test_evidence(r, e, agrees=False) for r, _, e in disagreeing
    ]
    weak_muscles: list[SidedMuscle] = []
    for r, t, _end in group.agree:
        assert r.weaker_side is not None
        weak_muscles += [m for m in _muscles_for(t, r.weaker_side) if m not in weak_muscles]
    leg_weak = bool(ends & {"leg", "both"})
    weaker = s_side if leg_weak else s_side.other
    partners = [p for p in _anatomy_partners(sling, s_side) if p not in weak_muscles]
    if not leg_weak:
        # Only the lat end is weak: its partner is the sling's own glute/hip end.
        partners = [SidedMuscle(side=s_side, muscle=_HIP_MUSCLE[sling])]
    partners += [
        p for p in _extra_compensators(sling, s_side, ends) if p not in partners + weak_muscles
    ]
    severity = max((r.severity or "low" for r, _, _ in group.agree), key=SEVERITY_RANK.__getitem__)
    disagreements = [
        f"{r.name} points the other way: the {r.weaker_side.value if r.weaker_side else '?'} "
        f"side was weaker ({r.percent_difference or 0:.0f} %)"
        for r, _, _ in disagreeing
    ]
    tips, focus = _suggestions(sling, s_side, ends)
    text = _plain_text(group, weaker, leg_weak, partners, signs, disagreements, tips)
    technical = _technical_text(
        group, weaker, weak_muscles, partners, signs, score, len(disagreeing), len(neutral)
    )
    return Finding(
        id=finding_id(sling, s_side),
        sling=sling,
        sling_side=s_side,
        side=weaker,
        ends=sorted(ends),
        muscles=weak_muscles,
        partners=partners,
        severity=severity,
        confidence=band,
        confidence_score=score,
        evidence=evidence,
        signs=signs,
        disagreements=disagreements,
        text=text,
        technical=technical,
        suggestions=tips,
        focus=focus,
    )


def _mean_gap(group: _Group) -> float:
    """Mean percentage difference of the measured tests (fault counts are left out)."""
    gaps = [
        r.percent_difference
        for r, _, _ in group.agree
        if r.percent_difference is not None and r.kind not in ("quality", "binary")
    ]
    return sum(gaps) / len(gaps) if gaps else 0.0


def _helpers(partners: list[SidedMuscle], limit: int = 3) -> str:
    """Up to ``limit`` compensators in plain words, one per side and muscle group."""
    seen: set[tuple[Side, str]] = set()
    words: list[str] = []
    for entry in partners:
        group = _group_of(entry.muscle)
        if (entry.side, group) in seen:
            continue
        seen.add((entry.side, group))
        words.append(_plain_muscle(entry))
    return ", ".join(words[:limit])


def _group_of(muscle: str) -> str:
    return str(get_anatomy().muscle(muscle).group)


def _plain_text(
    group: _Group,
    weaker: Side,
    leg_weak: bool,
    partners: list[SidedMuscle],
    signs: list[str],
    disagreements: list[str],
    tips: list[str],
) -> str:
    names = ", ".join(r.name.split(",")[0].lower() for r, _, _ in group.agree)
    part = "lat (back) side" if not leg_weak and group.sling == "posterior-oblique" else "side"
    gap = _mean_gap(group)
    measured = [r for r, _, _ in group.agree if r.kind not in ("quality", "binary")]
    faults = [r for r, _, _ in group.agree if r.kind in ("quality", "binary")]
    lead = (
        f"Your {weaker.value} {part} tested about {gap:.0f} % below the {weaker.other.value} "
        f"({', '.join(r.name.split(',')[0].lower() for r in measured)})."
        if measured
        else f"Your {weaker.value} {part} showed more faults than the {weaker.other.value} ({names})."
    )
    if measured and faults:
        lead += (
            f" The {weaker.value} side also showed more faults in "
            f"{', '.join(r.name.lower() for r in faults)}."
        )
    sling_words = f"{group.sling_side.value} {_SLING_WORDS[group.sling]}"
    chain = _chain_words(group.sling, group.sling_side)
    helpers = _helpers(partners)
    body = f" This suggests your {sling_words} ({chain}) is under-performing"
    body += f", and that the {helpers} may be picking up the slack." if helpers else "."
    extra = ""
    if signs:
        extra += f" What you told us fits this picture: {', '.join(signs)}."
    if disagreements:
        extra += " Not every test agrees (" + "; ".join(disagreements) + "), so treat it with care."
    advice = f" Suggested: {tips[0]}; {tips[1]}." if len(tips) > 1 else ""
    return lead + body + extra + advice + " This is a coaching observation, not a diagnosis."


def _technical_text(
    group: _Group,
    weaker: Side,
    weak_muscles: list[SidedMuscle],
    partners: list[SidedMuscle],
    signs: list[str],
    score: float,
    disagree: int,
    neutral: int,
) -> str:
    per_test = "; ".join(
        f"{r.id} L={r.left:.4g} R={r.right:.4g} {r.unit}, "
        + (
            f"%diff {r.percent_difference:.1f} "
            if r.percent_difference is not None
            else f"{abs(r.left - r.right):.0f} more on one side "
        )
        + f"({r.status}, {e} end)"
        for r, _, e in group.agree
        if r.left is not None and r.right is not None
    )
    return (
        f"{group.sling} sling of the {group.sling_side.value} side; weaker side {weaker.value}; "
        f"weak links: {', '.join(map(str, weak_muscles))}; "
        f"expected compensation: {', '.join(map(str, partners))}. "
        f"Evidence: {per_test}. Mean percentage difference {_mean_gap(group):.1f} % "
        f"((max-min)/max, Bishop et al. 2018). Corroborating signs: "
        f"{', '.join(signs) if signs else 'none'}. Confidence {score:.2f} "
        f"({len(group.agree)} agreeing, {disagree} opposing, {neutral} symmetric tests)."
    )


# ---------------------------------------------------------------------------- tags
_MOVEMENT_TAGS: dict[PainfulMovement, str] = {
    PainfulMovement.BENDING_FORWARD: "flexion-intolerant-back",
    PainfulMovement.SITTING: "flexion-intolerant-back",
    PainfulMovement.ARCHING_BACK: "extension-intolerant-back",
    PainfulMovement.STANDING_LONG: "extension-intolerant-back",
    PainfulMovement.DEEP_SQUAT: "hip-impingement",
    PainfulMovement.KNEELING: "knee-pain",
    PainfulMovement.LOADED_KNEE_BENDING: "knee-pain",
    PainfulMovement.JUMPING: "impact-intolerance",
    PainfulMovement.RUNNING: "impact-intolerance",
    PainfulMovement.OVERHEAD: "shoulder-pain",
    PainfulMovement.HANDS_ON_FLOOR: "wrist-pain",
}
"""Pain in a movement → the contraindication tag (vocab.CONTRAINDICATIONS) describing it."""

_INJURY_TAGS: dict[InjuryArea, str] = {
    InjuryArea.HAMSTRING: "hamstring-strain",
    InjuryArea.GROIN: "groin-strain",
    InjuryArea.KNEE: "knee-pain",
    InjuryArea.ANKLE: "ankle-instability",
    InjuryArea.SHOULDER: "shoulder-pain",
    InjuryArea.WRIST: "wrist-pain",
    InjuryArea.SACROILIAC: "sij-pain",
}
"""An unresolved injury of this area → its contraindication tag."""

# vocab.CONTRAINDICATIONS: "acute-low-back-flare" is pain 6/10 or more.
ACUTE_FLARE_PAIN = 6
IMPACT_PAIN = 4
"""Current back pain from which jumps, hops, bounds and sprints are left out: moderate pain
on the 0-10 scale (NRS 4 or more; moderate-to-severe cut-off of Gerbershagen et al. 2011
Br J Anaesth 107:619). A slingcoach convention: impact is added back once pain settles."""
BALANCE_FAULTS = 2
"""Faults on one side of a single-leg squat or step-down (of pelvic drop, knee valgus and
trunk lean) from which a person counts as unsteady on one leg (slingcoach convention)."""


def contraindications(intake: Intake, results: Sequence[TestResult] = ()) -> list[str]:
    """Contraindication tags from the signs, unresolved injuries and test results, sorted.

    Back pain of :data:`ACUTE_FLARE_PAIN` or more is an acute flare; of :data:`IMPACT_PAIN`
    or more it rules out impact. ``balance-impairment`` comes from the tests: a Y-balance
    composite below its published cut-off on either leg (results.Y_BALANCE_LOW_COMPOSITE_PCT:
    Plisky et al. 2006 for women, Ness et al. for men), or :data:`BALANCE_FAULTS` or more faults on one side of a single-leg squat or a
    step-down.
    """
    tags: set[str] = set()
    signs = intake.signs
    if signs.low_back_pain_now >= ACUTE_FLARE_PAIN:
        tags.add("acute-low-back-flare")
    if signs.low_back_pain_now >= IMPACT_PAIN:
        tags.add("impact-intolerance")
    if signs.buttock_or_sij_pain is not None:
        tags.add("sij-pain")
    tags.update(_MOVEMENT_TAGS[m] for m in signs.painful_movements if m in _MOVEMENT_TAGS)
    for injury in intake.injuries:
        if not injury.resolved and injury.area in _INJURY_TAGS:
            tags.add(_INJURY_TAGS[injury.area])
    if any(_unsteady(r) for r in results):
        tags.add("balance-impairment")
    return sorted(tags)


def _unsteady(result: TestResult) -> bool:
    """True when a test result says the person is unsteady on one leg."""
    if result.id == "y-balance":
        return bool(result.details.get("low_composite_sides"))
    if result.kind == "quality":
        return any(v is not None and v >= BALANCE_FAULTS for v in (result.left, result.right))
    return False


def mobility_needs(intake: Intake, results: list[TestResult]) -> list[str]:
    """Mobility focus tags from the signs and mobility tests, sorted.

    Tight hamstrings (sign) or an active straight-leg raise below the test's cut-off →
    hamstring-mobility; a positive Thomas test → hip-flexor-mobility; hip rotation below
    its cut-off → hip-rotation-mobility. Cut-offs live in field_tests.yaml
    (``mobility_below``, with their sources).
    """
    tests = {t.id: t for t in battery().tests}
    needs: set[str] = set()
    if intake.signs.tight_hamstrings is not None:
        needs.add("hamstring-mobility")
    for result in results:
        test = tests[result.id]
        if test.mobility_focus is None:
            continue
        values = [v for v in (result.left, result.right) if v is not None]
        if test.kind == "binary":
            if any(v == 1.0 for v in values):
                needs.add(test.mobility_focus)
        elif test.mobility_below is not None and any(v < test.mobility_below for v in values):
            needs.add(test.mobility_focus)
    return sorted(needs)
