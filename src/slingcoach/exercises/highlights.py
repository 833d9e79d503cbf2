"""Which muscles an exercise works on which side, as intensities for body diagrams.

Rule (ours): primary muscles 1.0, secondary 0.5. Bilateral exercises light both
sides. For one-sided work, ``side`` is the working leg (or the working arm when no
leg muscle is involved): leg and hip muscles light on that side; arm, shoulder-girdle
and lat muscles light on the same side for unilateral and ipsilateral-loaded work and
on the opposite side for contralateral-loaded work (the hand holding the load, which
is how the posterior oblique sling links a glute to the opposite lat); trunk muscles
(back extensors, abdominals) light on both sides because both work to hold the trunk.
"""

from __future__ import annotations

from slingcoach.exercises.model import Exercise
from slingcoach.vocab import Laterality, Side

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
    arm_side = working.other if exercise.laterality is Laterality.CONTRALATERAL_LOADED else working
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
                sides = (working,)
            for s in sides:
                out[(muscle_id, s)] = max(out.get((muscle_id, s), 0.0), intensity)
    return out
