"""Which muscles an exercise works on which side, as intensities for body diagrams.

Rule (ours): primary muscles 1.0, secondary 0.5. Bilateral exercises light both
sides. For one-sided work, ``side`` names the limb the exercise is named by, as the plan
prints it (``exercises.sides``): the leg for lower-body work, the arm for pulls and
presses. Leg and hip muscles light on the leg's side and arm, shoulder-girdle and lat
muscles on the arm's side: for contralateral-loaded work these are opposite (the hand
holding the load, the foot in front of a split-stance row), which is how the posterior
oblique sling links a glute to the opposite lat; trunk muscles (back extensors,
abdominals) light on both sides because both work to hold the trunk.
"""

from __future__ import annotations

from slingcoach.exercises.model import Exercise
from slingcoach.exercises.sides import limb_sides
from slingcoach.vocab import Side

PRIMARY_INTENSITY = 1.0
SECONDARY_INTENSITY = 0.5

ARM_GROUPS = frozenset({"lats", "upper-back", "shoulder", "chest", "arms"})
TRUNK_GROUPS = frozenset({"low-back", "abdominals"})


def muscle_highlights(
    exercise: Exercise, side: Side | str | None = None
) -> dict[tuple[str, Side], float]:
    """``{(muscle id, side): intensity}`` for ``exercise`` worked on ``side``.

    ``side`` is ignored for bilateral exercises; for one-sided ones it defaults to
    :attr:`Side.RIGHT`. A muscle listed as primary keeps 1.0 even if another rule
    would give it less.
    """
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    working = Side(side) if side is not None else Side.RIGHT
    leg_side, arm_side = limb_sides(exercise, working)
    out: dict[tuple[str, Side], float] = {}
    for muscles, intensity in (
        (exercise.secondary_muscles, SECONDARY_INTENSITY),
        (exercise.primary_muscles, PRIMARY_INTENSITY),
    ):
        for muscle_id in muscles:
            group = anatomy.muscle(muscle_id).group
            if not exercise.one_sided or group in TRUNK_GROUPS:
                sides: tuple[Side, ...] = (Side.LEFT, Side.RIGHT)
            elif group in ARM_GROUPS:
                sides = (arm_side,)
            else:
                sides = (leg_side,)
            for s in sides:
                out[(muscle_id, s)] = max(out.get((muscle_id, s), 0.0), intensity)
    return out
