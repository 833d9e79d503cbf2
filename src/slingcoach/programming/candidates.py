"""Pre-filtering and scoring: which exercises may appear, in which block, and why.

Filtering in Python keeps the CP-SAT model small: only exercises the person can do
(level, equipment, contraindications, exercises to avoid) reach the solver, and only the
best few per block and per requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from slingcoach.exercises.model import Exercise
from slingcoach.exercises.sides import biased_limb, externally_loaded
from slingcoach.programming.contracts import FindingNeed, ProgrammingInput
from slingcoach.programming.model import Block
from slingcoach.programming.preferences import Goal, ResolvedPreferences
from slingcoach.programming.rules import (
    EXTRA_SET_MIN,
    GRADED_PAIN,
    HARD_CATEGORIES,
    LONG_SESSION_MIN,
    SANDBAG_BONUS,
    SHORT_SESSION_MIN,
    SHORT_SESSION_REST_S,
    STRENGTH_DOSE,
    item_seconds,
    side_seconds,
    weak_sets_for,
)
from slingcoach.vocab import Category, Equipment, Laterality, Pattern, Side, Unit

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
FILLERS = (
    lambda c: c.exercise.category is Category.CONDITIONING,
    lambda c: c.hard and c.exercise.pattern is Pattern.PULL,
    lambda c: c.hard and c.exercise.pattern is Pattern.PUSH,
)
"""Kinds of work the pool always offers, to fill long sessions without more leg volume."""
FILLER_TOP = 4
"""Best candidates kept of each filler kind."""


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
    low: int = 1
    high: int = 1
    rest_s: int = 0
    ramp_sets: int = 0
    main_lift: bool = False

    def seconds(self, strong_sets: int, weak_sets: int) -> int:
        """Estimated time of this exercise on both sides (rules.item_seconds)."""
        return item_seconds(
            self.exercise,
            self.units,
            strong_sets,
            weak_sets,
            rest_s=self.rest_s,
            ramp_sets=self.ramp_sets,
        )

    def side_seconds(
        self, strong_sets: int, weak_sets: int, *, units: int | None = None
    ) -> tuple[int, int]:
        """(first item, second item) seconds (rules.side_seconds); ``units`` per set when
        not the top of the range."""
        return side_seconds(
            self.exercise,
            self.units if units is None else units,
            strong_sets,
            weak_sets,
            rest_s=self.rest_s,
            ramp_sets=self.ramp_sets,
        )

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
    graded = needs_in.pain_now >= GRADED_PAIN
    out: list[Candidate] = []
    conditioning = bool({Goal.RUNNING, Goal.SPORT} & set(prefs.goals))
    for exercise in sorted(catalogue, key=lambda e: e.id):
        # easy aerobic work is for everyone; running and other impact conditioning only for
        # the running and sport goals
        running = exercise.pattern is Pattern.GAIT_RUN and exercise.impact
        if exercise.category is Category.CONDITIONING and running and not conditioning:
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
                graded=graded,
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
    graded: bool = False,
) -> Candidate:
    """Score an exercise for this person and work out its dose, sets, weak side and reason.

    The score adds the best finding match (:func:`_match`), +6 for a favourite, +1 at the
    person's level, +2 for glute activation in the warm-up, +5 per mobility need served,
    +2 for sling integration when there are findings and :data:`~rules.SANDBAG_BONUS` for a
    sandbag exercise when the person has a sandbag: a slingcoach heuristic, no source.

    For a strength goal at level 2-3 a loaded main lift takes the strength dose
    (:data:`~rules.STRENGTH_DOSE`) and a body-weight lift is no main lift: it becomes an
    accessory.
    """
    block = block_of(exercise)
    loaded = externally_loaded(exercise)
    # a graded, pain-monitored start has no heavy lifts (rules.GRADED_PAIN)
    strength_goal = strength_lifts(prefs) and not graded
    if (
        strength_goal
        and block is Block.MAIN
        and not loaded
        and exercise.category is Category.STRENGTH
    ):
        block = Block.ACCESSORY
    main_lift = (
        strength_goal
        and block is Block.MAIN
        and loaded
        and exercise.category is Category.STRENGTH
        and exercise.unit is Unit.REPS
    )
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
    if Equipment.SANDBAG in prefs.equipment and Equipment.SANDBAG in exercise.equipment:
        score += SANDBAG_BONUS
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
        and block not in (Block.MOBILITY, Block.WARM_UP)
    )
    weak_side = lead if favoured else None
    sets, low, high, rest_s, ramp = (
        STRENGTH_DOSE[prefs.level]
        if main_lift
        else (exercise.dose.sets, exercise.dose.low, exercise.dose.high, exercise.rest_s, 0)
    )
    if main_lift and prefs.minutes_per_session < SHORT_SESSION_MIN:
        # a short session keeps the heavy sets but shortens the rests and the warm-up sets
        rest_s, ramp = SHORT_SESSION_REST_S, 1
    options = _set_options(sets, hard=hard, block=block, prefs=prefs, main_lift=main_lift)
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
        units=high,
        reason=_base_reason(exercise, block, best, needs, ranges or {}),
        contralateral_for=contralateral_for,
        lead_side=lead,
        harder=harder,
        low=low,
        high=high,
        rest_s=rest_s,
        ramp_sets=ramp,
        main_lift=main_lift,
    )


def one_sided_leg_work(candidate: Candidate) -> bool:
    """True for hard one-sided work named by the leg or trunk side (not a pull or press,
    which is named by the working arm): the work whose sets the weak leg must lead."""
    exercise = candidate.exercise
    return candidate.hard and exercise.one_sided and exercise.pattern not in ARM_PATTERNS


def leg_bias(candidate: Candidate) -> bool:
    """True for one-sided leg or trunk work that gives the weak side extra sets."""
    return (
        one_sided_leg_work(candidate)
        and candidate.weak_side is not None
        and not candidate.exercise.alternating
        and any(w > k for k, w in zip(candidate.set_options, candidate.weak_sets, strict=True))
    )


def strength_lifts(prefs: ResolvedPreferences) -> bool:
    """True when the person's main lifts take the strength dose: a strength goal at level 2-3."""
    return Goal.STRENGTH in prefs.goals and prefs.level >= 2


def _set_options(
    sets: int, *, hard: bool, block: Block, prefs: ResolvedPreferences, main_lift: bool
) -> tuple[int, ...]:
    """The set counts the solver may choose from.

    Hard work: the dose or one set less, one more at level 3 and one more in sessions of
    :data:`~rules.EXTRA_SET_MIN` minutes or more (ACSM 2009: 1-3 sets per exercise for
    novices, multiple sets for advanced lifters); a strength main lift its dose or one less
    (one more from :data:`~rules.LONG_SESSION_MIN` minutes).
    Warm-ups: one or two sets; mobility and easy work: the dose, at most two sets.
    """
    long = prefs.minutes_per_session >= LONG_SESSION_MIN
    if main_lift:
        return tuple(range(sets - 1, sets + 1 + int(long)))
    if hard:
        low = max(min(2, sets), sets - 1)
        more = prefs.minutes_per_session >= EXTRA_SET_MIN
        high = min(6, sets + (1 if prefs.level == 3 else 0) + int(more))
        return tuple(range(low, high + 1))
    if block is Block.WARM_UP and sets >= 2:
        return (1, 2)
    if block is Block.ACCESSORY:  # easy conditioning: fewer or more bouts fill the time
        # (an hour or more may take two more: the solver keeps it within its share)
        more = prefs.minutes_per_session >= EXTRA_SET_MIN
        return tuple(range(max(1, sets - 1), min(6, sets + 1 + 2 * int(more)) + 1))
    return (min(sets, 2),)


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
        return "range the tests found short: " + ", ".join(words)
    if block is Block.WARM_UP:
        if "glute-activation" in exercise.focus:
            return "wakes up the glutes before heavier work"
        return "activation before heavier work"
    if finding is not None and finding.sling in exercise.slings:
        return f"trains the {finding.side.value} {finding.sling.replace('-', ' ')} sling"
    if exercise.pattern is Pattern.PULL:
        return "lats: the upper end of the posterior oblique sling"
    if exercise.pattern is Pattern.ANTI_ROTATION:
        return "anti-rotation core"
    if exercise.pattern is Pattern.CARRY:
        return "loaded carry: a stiff trunk over one leg at a time"
    return f"{exercise.pattern.value.replace('-', ' ')} pattern"
