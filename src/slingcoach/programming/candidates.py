"""Pre-filtering and scoring: which exercises may appear, in which block, and why.

Filtering in Python keeps the CP-SAT model small: only exercises the person can do
(level, equipment, contraindications, exercises to avoid) reach the solver, and only the
best few per block and per requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from slingcoach.exercises.model import Exercise
from slingcoach.exercises.sides import biased_limb
from slingcoach.programming.contracts import FindingNeed, ProgrammingInput
from slingcoach.programming.model import Block
from slingcoach.programming.preferences import Goal, ResolvedPreferences
from slingcoach.programming.rules import HARD_CATEGORIES, weak_sets_for
from slingcoach.vocab import Category, Laterality, Pattern, Side

FocusFinding = FindingNeed
"""A finding as the generator uses it (:class:`~slingcoach.programming.contracts.FindingNeed`)."""


def side_for(finding: FindingNeed, exercise: Exercise) -> Side:
    """The weak side as the exercise names sides: the working arm for pulls and presses
    (for the oblique slings the arm opposite the leg), else the leg."""
    return finding.arm_side if exercise.pattern in ARM_PATTERNS else finding.side


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
    lead_side: Side = Side.LEFT
    harder: str | None = None

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
    if not exercise.usable_with(prefs.equipment):
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
    needs_in: ProgrammingInput,
    findings: tuple[FocusFinding, ...],
) -> tuple[list[Candidate], Exclusions]:
    """Every usable exercise as a :class:`Candidate`, sorted by id, and the exclusions."""
    contraindications = frozenset(needs_in.contraindications)
    needs = set(needs_in.mobility_needs)
    exclusions = Exclusions()
    by_id = {e.id: e for e in catalogue}
    ranges = {m.tag: m.range_text for m in needs_in.mobility if m.range_text}
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
        out.append(
            make_candidate(
                exercise,
                prefs,
                findings,
                needs,
                harder=harder_name(exercise, by_id, prefs, contraindications),
                ranges=ranges,
            )
        )
    return out, exclusions


def harder_name(
    exercise: Exercise,
    by_id: dict[str, Exercise],
    prefs: ResolvedPreferences,
    contraindications: frozenset[str],
) -> str | None:
    """The name of the first progression the person can use (equipment, contraindications,
    avoid list, level up to one above theirs), if any."""
    for next_id in exercise.progressions:
        nxt = by_id.get(next_id)
        if nxt is not None and not usable(
            nxt, prefs, contraindications, max_level=min(3, prefs.level + 1)
        ):
            return nxt.name
    return None


def make_candidate(
    exercise: Exercise,
    prefs: ResolvedPreferences,
    findings: tuple[FocusFinding, ...],
    needs: set[str],
    *,
    harder: str | None = None,
    ranges: dict[str, str] | None = None,
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
    lead = side_for(weak_finding, exercise) if weak_finding is not None else Side.LEFT
    # extra work goes to the limb the exercise is named by (not to a carry's hand or a
    # band's anchor), and not in mobility work
    favoured = (
        exercise.one_sided
        and weak_finding is not None
        and biased_limb(exercise)
        and block is not Block.MOBILITY
    )
    weak_side = lead if favoured else None
    if hard:
        # the catalogue's dose or one set less (one more at level 3); ACSM 2009: 1-3 sets
        # per exercise for novices, multiple sets with periodisation for advanced lifters
        low = max(min(2, exercise.dose.sets), exercise.dose.sets - 1)
        high = min(5, exercise.dose.sets + (1 if prefs.level == 3 else 0))
        options = tuple(range(low, high + 1))
    else:
        options = (min(exercise.dose.sets, 2),)
    # alternating work is biased with extra reps within each set, not extra sets
    applies_bias = weak_side is not None and not exercise.alternating
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
        reason=_base_reason(exercise, block, best, needs, ranges or {}),
        contralateral_for=contralateral_for,
        lead_side=lead,
        harder=harder,
    )


def _base_reason(
    exercise: Exercise,
    block: Block,
    finding: FocusFinding | None,
    needs: set[str],
    ranges: dict[str, str],
) -> str:
    """The reason an exercise is in the program, in plain words (range, never "weaker",
    for mobility work)."""
    if block is Block.MOBILITY:
        named = sorted(needs & set(exercise.focus))
        if not named:
            return "general mobility to finish the session"
        words = [
            f"{n.replace('-', ' ')} ({ranges[n]})" if n in ranges else n.replace("-", " ")
            for n in named
        ]
        return "range of motion the assessment found short: " + ", ".join(words)
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
