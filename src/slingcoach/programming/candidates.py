"""Pre-filtering and scoring: which exercises may appear, in which block, and why.

Filtering in Python keeps the CP-SAT model small: only exercises the person can do
(level, equipment, contraindications, exercises to avoid) reach the solver, and only the
best few per block and per requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from slingcoach.exercises.model import Exercise
from slingcoach.programming.contracts import AssessmentLike, FindingLike, TestResultLike
from slingcoach.programming.model import Block
from slingcoach.programming.preferences import Goal, ResolvedPreferences
from slingcoach.programming.rules import HARD_CATEGORIES, weak_sets_for
from slingcoach.vocab import SEVERITY_RANK, Category, Laterality, Pattern, Side

CROSS_SLINGS = frozenset({"posterior-oblique", "anterior-oblique"})
"""Slings that cross the body: the hip of one side with the arm/trunk of the other."""
ARM_PATTERNS = frozenset({Pattern.PULL, Pattern.PUSH})
"""Patterns whose one-sided items are named by the working arm."""
ACCESSORY_PATTERNS = frozenset(
    {
        Pattern.CARRY,
        Pattern.ANTI_ROTATION,
        Pattern.ROTATION,
        Pattern.BRACE,
        Pattern.ISOLATION,
        Pattern.PULL,
        Pattern.PUSH,
    }
)
SLING_PATTERNS = frozenset(
    {
        Pattern.HINGE,
        Pattern.SQUAT,
        Pattern.LUNGE,
        Pattern.STEP_CLIMB,
        Pattern.THRUST_BRIDGE,
        Pattern.JUMP,
        Pattern.PULL,
        Pattern.ROTATION,
        Pattern.GAIT_RUN,
    }
)
POOL_SIZE: dict[Block, int] = {
    Block.WARM_UP: 3,
    Block.MAIN: 5,
    Block.SLING: 5,
    Block.ACCESSORY: 5,
    Block.MOBILITY: 2,
}
"""Best candidates kept per block (plus the best few per requirement) to keep the model small
(a slingcoach convention, sized so an 8-week block solves in well under a second)."""
REQUIREMENT_TOP = 2
"""Best candidates kept for each required pattern, finding, mobility need and focus muscle."""


def muscle_id(text: str) -> str:
    """``"right gluteus-maximus"`` or ``"gluteus-maximus"`` → ``"gluteus-maximus"``."""
    words = text.strip().split()
    if len(words) == 2 and words[0] in ("left", "right"):
        return words[1]
    return words[-1] if words else text


def side_of(value: object) -> Side:
    """A finding's or test's side as a :class:`Side` (accepts the enum or its text)."""
    return Side(str(getattr(value, "value", value)))


@dataclass(frozen=True)
class FocusFinding:
    """A finding as the generator uses it: side, sling, weak muscles, evidence in words."""

    id: str
    sling: str
    side: Side
    muscles: tuple[str, ...]
    severity: int
    evidence: str
    tests: tuple[str, ...]
    tested_side: Side | None = None

    @property
    def posterior_oblique(self) -> bool:
        """True for the posterior oblique sling (trained by contralateral loading)."""
        return self.sling == "posterior-oblique"

    @property
    def arm_side(self) -> Side:
        """The arm end of the sling: opposite the leg for the two oblique slings."""
        return self.side.other if self.sling in CROSS_SLINGS else self.side

    def side_for(self, exercise: Exercise) -> Side:
        """The weak side as the exercise names sides: the working arm for pulls and
        presses (split-stance rows row with the arm opposite the front leg), else the leg."""
        return self.arm_side if exercise.pattern in ARM_PATTERNS else self.side


def _evidence_test_ids(finding: FindingLike) -> tuple[str, ...]:
    """Ids of the tests behind a finding that agree with it (``Evidence.test``)."""
    ids: list[str] = []
    for evidence in finding.evidence:
        if getattr(evidence, "agrees", True) is False:
            continue
        for name in ("test", "test_id", "id"):
            value = getattr(evidence, name, None)
            if isinstance(value, str) and value:
                ids.append(value)
                break
    return tuple(dict.fromkeys(ids))


def _plain(name: str) -> str:
    """A test name inside a sentence: "Single-leg bridge" → "single-leg bridge"."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def _evidence_sentence(finding: FindingLike, tests: dict[str, TestResultLike]) -> str:
    """The first agreeing test as "left single-leg bridge 18 % below the right"."""
    for evidence in finding.evidence:
        if getattr(evidence, "agrees", True) is False:
            continue
        test_id = next(
            (
                v
                for v in (getattr(evidence, n, None) for n in ("test", "test_id", "id"))
                if isinstance(v, str)
            ),
            None,
        )
        test = tests.get(test_id) if test_id else None
        pct = getattr(evidence, "asymmetry", None)
        if pct is None and test is not None:
            pct = test.percent_difference
        weaker = getattr(evidence, "weaker_side", None)
        if weaker is None and test is not None:
            weaker = test.weaker_side
        name = getattr(evidence, "name", None) or (test.name if test is not None else test_id)
        if pct is None or weaker is None or not name:
            continue
        side = side_of(weaker)
        sentence = (
            f"{side.value} {_plain(str(name))} {abs(float(pct)):.0f} % below the {side.other.value}"
        )
        # the assessment lists evidence strongest first: quote the first usable one
        return sentence
    return finding.text


def focus_findings(assessment: AssessmentLike) -> tuple[FocusFinding, ...]:
    """The findings with a side, strongest first, each with a plain evidence sentence.

    The side the program favours is the sling's side (named by its hip/leg muscle,
    ``sling_side`` where the assessment gives it), which is the side of the working leg
    in one-sided lower-body work.
    """
    tests = {t.id: t for t in assessment.tests}
    out: list[FocusFinding] = []
    for finding in assessment.findings:
        if getattr(finding, "flagged", False):
            continue
        try:
            side = side_of(getattr(finding, "sling_side", None) or finding.side)
        except ValueError:
            continue
        out.append(
            FocusFinding(
                id=finding.id,
                sling=finding.sling,
                side=side,
                tested_side=side_of(finding.side),
                muscles=tuple(dict.fromkeys(muscle_id(m) for m in finding.muscles)),
                severity=SEVERITY_RANK.get(str(finding.severity), 1),
                evidence=_evidence_sentence(finding, tests),
                tests=_evidence_test_ids(finding),
            )
        )
    out.sort(key=lambda f: (-f.severity, f.id))
    return tuple(out)


@dataclass(frozen=True)
class Candidate:
    """An exercise that may be placed, with its block, score, weak side and reason."""

    exercise: Exercise
    block: Block
    hard: bool
    score: int
    weak_side: Side | None
    finding: FocusFinding | None
    set_options: tuple[int, ...]
    weak_sets: tuple[int, ...]
    units: int
    reason: str
    contralateral_for: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        """The exercise id."""
        return self.exercise.id


def block_of(exercise: Exercise) -> Block:
    """The session block an exercise belongs to (by category, focus, pattern, laterality)."""
    if exercise.category is Category.MOBILITY or exercise.pattern is Pattern.MOBILITY:
        return Block.MOBILITY
    if exercise.category is Category.ACTIVATION:
        return Block.WARM_UP
    if exercise.category is Category.CONDITIONING:
        return Block.ACCESSORY  # an easy finisher, never the session's main work
    strength = exercise.category in (Category.STRENGTH, Category.POWER)
    sling_like = "sling-integration" in exercise.focus or exercise.pattern in SLING_PATTERNS
    if exercise.one_sided and strength and sling_like:
        return Block.SLING
    if exercise.category is Category.CORE or exercise.pattern in ACCESSORY_PATTERNS:
        return Block.ACCESSORY
    if exercise.one_sided and "sling-integration" in exercise.focus:
        return Block.SLING
    return Block.MAIN


@dataclass
class Exclusions:
    """Why exercises were left out, per pattern (for infeasibility messages)."""

    by_level: dict[Pattern, list[Exercise]] = field(default_factory=dict)
    by_equipment: dict[Pattern, list[Exercise]] = field(default_factory=dict)
    by_contraindication: dict[Pattern, list[Exercise]] = field(default_factory=dict)
    by_avoid: dict[Pattern, list[Exercise]] = field(default_factory=dict)


def usable(
    exercise: Exercise,
    prefs: ResolvedPreferences,
    contraindications: frozenset[str],
    *,
    max_level: int,
) -> str | None:
    """None when the person may do ``exercise``; otherwise the reason it is excluded."""
    if exercise.level > max_level:
        return "level"
    if not set(exercise.equipment) <= set(prefs.equipment):
        return "equipment"
    if set(exercise.contraindications) & contraindications:
        return "contraindication"
    if exercise.impact and "impact-intolerance" in contraindications:
        return "contraindication"
    if exercise.id in prefs.avoid:
        return "avoid"
    return None


def _match(exercise: Exercise, finding: FocusFinding) -> int:
    """How well an exercise trains a finding (sling, weak muscles, contralateral load).

    Weights are a slingcoach heuristic (no published source): the sling as a unit and
    contralateral loading count most, as in the posterior oblique sling studies of Mooney
    et al. 2001 (Orthopedics 24:29-32) and Lee et al. 2019 (J Phys Ther Sci 31:166-169).
    """
    score = 0
    if finding.sling in exercise.slings:
        score += 4
    muscles = set(finding.muscles)
    score += 3 * len(muscles & set(exercise.primary_muscles))
    score += len(muscles & set(exercise.secondary_muscles))
    if finding.posterior_oblique and exercise.laterality is Laterality.CONTRALATERAL_LOADED:
        score += 5
    return score


def build_candidates(
    catalogue: Sequence[Exercise],
    prefs: ResolvedPreferences,
    assessment: AssessmentLike,
    findings: tuple[FocusFinding, ...],
) -> tuple[list[Candidate], Exclusions]:
    """Every usable exercise as a :class:`Candidate`, sorted by id, and the exclusions."""
    contraindications = frozenset(assessment.contraindications)
    needs = set(assessment.mobility_needs)
    exclusions = Exclusions()
    out: list[Candidate] = []
    # easy conditioning (runs, walks, drags) only serves the running and sport goals
    conditioning = bool({Goal.RUNNING, Goal.SPORT} & set(prefs.goals))
    for exercise in sorted(catalogue, key=lambda e: e.id):
        if exercise.category is Category.CONDITIONING and not conditioning:
            continue
        why = usable(exercise, prefs, contraindications, max_level=prefs.level)
        if why is not None:
            bucket = {
                "level": exclusions.by_level,
                "equipment": exclusions.by_equipment,
                "contraindication": exclusions.by_contraindication,
                "avoid": exclusions.by_avoid,
            }[why]
            bucket.setdefault(exercise.pattern, []).append(exercise)
            continue
        out.append(make_candidate(exercise, prefs, findings, needs))
    return out, exclusions


def make_candidate(
    exercise: Exercise,
    prefs: ResolvedPreferences,
    findings: tuple[FocusFinding, ...],
    needs: set[str],
) -> Candidate:
    """Score an exercise for this person and work out its sets, weak side and reason.

    The score adds the best finding match (:func:`_match`), +6 for a favourite, +1 at the
    person's level, +2 for glute activation in the warm-up, +5 per mobility need served and
    +2 for sling integration when there are findings: a slingcoach heuristic, no source.
    """
    block = block_of(exercise)
    hard = exercise.category in HARD_CATEGORIES and block in (
        Block.MAIN,
        Block.SLING,
        Block.ACCESSORY,
    )
    score = 0
    best: FocusFinding | None = None
    best_match = 0
    for finding in findings:
        match = _match(exercise, finding)
        if match > best_match:
            best, best_match = finding, match
    score += best_match
    if exercise.id in prefs.favourites:
        score += 6
    if exercise.level == prefs.level:
        score += 1
    if block is Block.WARM_UP and "glute-activation" in exercise.focus:
        score += 2
    if block is Block.MOBILITY:
        score += 5 * len(needs & set(exercise.focus))
    if "sling-integration" in exercise.focus and findings:
        score += 2
    contralateral_for = tuple(
        f.id
        for f in findings
        if f.posterior_oblique
        and exercise.laterality is Laterality.CONTRALATERAL_LOADED
        and block is Block.SLING
    )
    weak_finding = best if best is not None else (findings[0] if findings else None)
    weak_side = weak_finding.side_for(exercise) if (exercise.one_sided and weak_finding) else None
    if hard:
        # the catalogue's dose or one set less (one more at level 3); ACSM 2009: 1-3 sets
        # per exercise for novices, multiple sets with periodisation for advanced lifters
        low = max(min(2, exercise.dose.sets), exercise.dose.sets - 1)
        high = min(5, exercise.dose.sets + (1 if prefs.level == 3 else 0))
        options = tuple(range(low, high + 1))
    else:
        options = (min(exercise.dose.sets, 2),)
    applies_bias = weak_side is not None and block is not Block.MOBILITY
    weak = tuple(
        weak_sets_for(k, prefs.weak_side_extra_sets, prefs.weak_side_factor) if applies_bias else k
        for k in options
    )
    return Candidate(
        exercise=exercise,
        block=block,
        hard=hard,
        score=score,
        weak_side=weak_side,
        finding=weak_finding if weak_side is not None else best,
        set_options=options,
        weak_sets=weak,
        units=exercise.dose.high,
        reason=_base_reason(exercise, block, best, needs),
        contralateral_for=contralateral_for,
    )


def _base_reason(
    exercise: Exercise, block: Block, finding: FocusFinding | None, needs: set[str]
) -> str:
    """The reason an exercise is in the program, in plain words."""
    if block is Block.MOBILITY:
        named = sorted(needs & set(exercise.focus))
        if named:
            return "mobility the findings name: " + ", ".join(n.replace("-", " ") for n in named)
        return "general mobility to finish the session"
    if block is Block.WARM_UP:
        if "glute-activation" in exercise.focus:
            return "wakes up the glutes before heavier work"
        return "activation before heavier work"
    if finding is not None and finding.sling in exercise.slings:
        return f"trains the {finding.side.value} {finding.sling.replace('-', ' ')} sling"
    if exercise.pattern is Pattern.PULL:
        return "trains the lats, the upper half of the posterior oblique sling"
    if exercise.pattern is Pattern.ANTI_ROTATION:
        return "anti-rotation core: keeps the trunk square while the sling works"
    if exercise.pattern is Pattern.CARRY:
        return "loaded carry: trunk and hip stiffness on one leg at a time"
    return f"{exercise.pattern.value.replace('-', ' ')} pattern"
