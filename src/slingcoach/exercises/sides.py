"""Which limb an R or L names, decided once per exercise (:func:`setup_for`).

One-sided items are named by the limb that works: the leg for lower-body work (the
standing or working leg), the arm for pulls and presses, the side nearer the floor for
side planks (as the side-plank test names it), the hand for one-hand carries, the side
the band or cable pulls from for anti-rotation presses and chops. Contralateral-loaded
work puts the load in the other hand; a split-stance (or half-kneeling) pull or press puts
the foot opposite the working arm in front; one-legged pulls stand on the opposite leg.

The posterior oblique sling joins a hip with the opposite lat (Vleeming et al. 1995 Spine
20:753), and in walking the lat pulls as the opposite leg lands in front: so the sling of
the right leg is trained by rowing with the left arm with the right foot forward. That one
rule (the foot forward is opposite the working arm) is used everywhere: the plan's items,
their reasons, the assessment's suggestions and the exercise cues.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.exercises.model import Exercise
from slingcoach.vocab import Equipment, Laterality, Pattern, Side

LETTER = {Side.LEFT: "L", Side.RIGHT: "R"}


class Limb(StrEnum):
    """What an item's ``side`` names."""

    LEG = "leg"
    """The working or standing leg."""
    ARM = "arm"
    """The working arm."""
    SIDE_DOWN = "side-down"
    """The side nearer the floor (side planks, as in the side-plank test)."""
    HAND = "hand"
    """The hand that holds the load (one-hand carries)."""
    ANCHOR = "anchor"
    """The side the band or cable pulls from (anti-rotation presses, chops)."""


class Setup(BaseModel):
    """How a one-sided item is set up: which limb ``side`` names and where the other limbs go.

    Decided once per exercise and side (``programming.sides``) and rendered the same way on
    the sheet, in HTML, in the CLI table and by ``exercises show --side``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    limb: Limb
    load_hand: Side | None = Field(default=None, description="the hand that holds the load")
    front_foot: Side | None = Field(
        default=None, description="split stance or half kneeling: the foot in front"
    )
    stance_leg: Side | None = Field(default=None, description="arm work on one leg: that leg")
    moving_arm: Side | None = Field(
        default=None, description="the opposite arm that moves with the leg (bird dog)"
    )
    alternating: bool = Field(
        default=False, description="sides alternate rep by rep within each set (side 'both')"
    )
    extra_reps: int = Field(
        default=0, ge=0, description="alternating work: extra reps per set on extra_reps_side"
    )
    extra_reps_side: Side | None = None


LOAD_EQUIPMENT = frozenset(
    {
        Equipment.DUMBBELL,
        Equipment.KETTLEBELL,
        Equipment.BARBELL,
        Equipment.TRAP_BAR,
        Equipment.SANDBAG,
        Equipment.LANDMINE,
        Equipment.CABLE,
        Equipment.MACHINE,
        Equipment.SLED,
    }
)
"""Equipment that is a load whose weight a person picks (and writes down)."""

LOWER_LIMB_GROUPS = frozenset(
    {"glutes", "hip", "hamstrings", "adductors", "quadriceps", "hip-flexors", "calves", "lower-leg"}
)
"""Anatomy groups of the leg: one-sided work on them is named by the leg."""


def externally_loaded(exercise: Exercise) -> bool:
    """True when the exercise is done with a load that is weighed (not a band, not body weight)."""
    return bool(set(exercise.equipment) & LOAD_EQUIPMENT)


def _leg_work(exercise: Exercise) -> bool:
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    groups = []
    for muscle in exercise.primary_muscles:
        try:
            groups.append(str(anatomy.muscle(muscle).group))
        except LookupError:
            continue
    return any(g in LOWER_LIMB_GROUPS for g in groups)


def limb_of(exercise: Exercise) -> Limb:
    """The limb an exercise's side names (see the module docstring)."""
    pattern = exercise.pattern
    pulled = {Equipment.BAND, Equipment.CABLE} & set(exercise.equipment)
    if pattern in (Pattern.PULL, Pattern.PUSH):
        return Limb.ARM
    if pattern is Pattern.CARRY:
        return Limb.HAND
    if pattern in (Pattern.ANTI_ROTATION, Pattern.ROTATION) and pulled:
        return Limb.ANCHOR
    if pattern is Pattern.BRACE and {"quadratus-lumborum", "adductor-longus"} & set(
        exercise.primary_muscles
    ):
        return Limb.SIDE_DOWN
    if pattern in (Pattern.ANTI_ROTATION, Pattern.ROTATION, Pattern.BRACE) and externally_loaded(
        exercise
    ):
        return Limb.HAND
    if _leg_work(exercise) or pattern not in (Pattern.MOBILITY, Pattern.BRACE):
        return Limb.LEG
    return Limb.ARM


def one_legged(exercise: Exercise) -> bool:
    """True when the exercise stands on one leg (it asks for single-leg balance)."""
    return "balance" in exercise.focus or "balance-impairment" in exercise.contraindications


def setup_for(exercise: Exercise, side: Side | None) -> Setup | None:
    """The set-up of ``exercise`` on ``side`` (None for bilateral work; ``side`` None for
    alternating work, which names both sides)."""
    if not exercise.one_sided:
        return None
    limb = limb_of(exercise)
    if exercise.alternating or side is None:
        return Setup(limb=limb, alternating=True)
    contra = exercise.laterality is Laterality.CONTRALATERAL_LOADED
    ipsi = exercise.laterality is Laterality.IPSILATERAL_LOADED
    if limb is Limb.ARM:
        if not contra:
            return Setup(limb=limb)
        if one_legged(exercise):
            return Setup(limb=limb, stance_leg=side.other)
        return Setup(limb=limb, front_foot=side.other)
    if limb is Limb.LEG:
        if contra:
            loaded = externally_loaded(exercise) or Equipment.BAND in exercise.equipment
            if loaded:
                return Setup(limb=limb, load_hand=side.other)
            return Setup(limb=limb, moving_arm=side.other)
        if ipsi:
            return Setup(limb=limb, load_hand=side)
        if exercise.pattern is Pattern.BRACE and "posterior-oblique" in exercise.slings:
            # bird dogs: the leg reaches back with the opposite arm forward
            return Setup(limb=limb, moving_arm=side.other)
    return Setup(limb=limb)


def biased_limb(exercise: Exercise) -> bool:
    """True when extra work for one side can go to this exercise's side.

    Carries, anti-rotation presses and chops are named by the hand or the anchor, which is
    not the weak limb itself: they are dosed the same on both sides.
    """
    return limb_of(exercise) in (Limb.LEG, Limb.ARM, Limb.SIDE_DOWN)


def setup_parts(setup: Setup, side: Side | None) -> tuple[str, ...]:
    """:func:`setup_text` in its parts: the limb first, then where the rest goes.

    >>> setup_parts(Setup(limb=Limb.LEG, load_hand=Side.LEFT), Side.RIGHT)
    ('R leg', 'weight in L hand')
    """
    if setup.alternating or side is None:
        text = "alternate sides, reps per side"
        if setup.extra_reps and setup.extra_reps_side is not None:
            extra = "rep" if setup.extra_reps == 1 else "reps"
            text += f" · +{setup.extra_reps} {extra} on the {LETTER[setup.extra_reps_side]}"
        return (text,)
    letter = LETTER[side]
    head = {
        Limb.LEG: f"{letter} leg",
        Limb.ARM: f"{letter} arm",
        Limb.SIDE_DOWN: f"{letter} side down",
        Limb.HAND: f"weight in {letter} hand",
        Limb.ANCHOR: f"pulled from the {letter}",
    }[setup.limb]
    parts = [head]
    if setup.load_hand is not None and setup.limb is not Limb.HAND:
        parts.append(f"weight in {LETTER[setup.load_hand]} hand")
    if setup.front_foot is not None:
        parts.append(f"{LETTER[setup.front_foot]} foot forward")
    if setup.stance_leg is not None:
        parts.append(f"on the {LETTER[setup.stance_leg]} leg")
    if setup.moving_arm is not None:
        parts.append(f"{LETTER[setup.moving_arm]} arm reaches")
    return tuple(parts)


def setup_text(setup: Setup, side: Side | None) -> str:
    """Which limb an R or L means, and where the rest goes: ``"R leg · weight in L hand"``.

    ``side`` is the item's side (None for alternating work, which names both).

    >>> setup_text(Setup(limb=Limb.ARM, front_foot=Side.RIGHT), Side.LEFT)
    'L arm · R foot forward'
    """
    return " · ".join(setup_parts(setup, side))


def limb_sides(exercise: Exercise, side: Side) -> tuple[Side, Side]:
    """(leg side, arm side) of ``exercise`` done on ``side``: which leg's and which arm's
    muscles work, by the same set-up the plan prints."""
    setup = setup_for(exercise, side)
    if setup is None or setup.alternating:
        return side, side
    if setup.limb is Limb.ARM:
        return setup.front_foot or setup.stance_leg or side, side
    return side, setup.load_hand or setup.moving_arm or side
