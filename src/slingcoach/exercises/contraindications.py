"""Contraindication tags an exercise must carry, derived from its muscles, pattern and load.

An exercise lists the ``vocab.CONTRAINDICATIONS`` tags that rule it out. Listing them by
hand lets a new exercise miss one (a hamstring-dominant lift without ``hamstring-strain``),
so the catalogue adds every tag these rules derive (:func:`with_derived_tags`, applied when a
:class:`~slingcoach.exercises.catalogue.Catalogue` is built) and the tests check that the
bundled files already list them. Tags that no rule can see from the data (wrist, sacroiliac,
flexion- and extension-intolerant back) stay hand-written.

>>> from slingcoach.exercises import get_catalogue
>>> sorted(derived_tags(get_catalogue().get("kettlebell-swing")))
['acute-low-back-flare', 'hamstring-strain']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from slingcoach.exercises.model import Exercise
from slingcoach.vocab import Category, Pattern, SpinalLoad

HAMSTRINGS = frozenset({"biceps-femoris", "semitendinosus", "semimembranosus"})
GROIN_ADDUCTORS = frozenset({"adductor-longus", "adductor-brevis"})
DEEP_HIP_ROTATORS = frozenset({"deep-hip-rotators", "piriformis"})


@dataclass(frozen=True)
class TagRule:
    """Exercises that must carry ``tag``: those for which any condition holds, minus the
    exempt ones (each exemption with its reason)."""

    tag: str
    source: str
    conditions: tuple[tuple[str, Callable[[Exercise], bool]], ...]
    exempt: dict[str, str] = field(default_factory=dict)

    def applies(self, exercise: Exercise) -> str | None:
        """The condition that makes ``exercise`` carry the tag (None if none, or exempt)."""
        if exercise.id in self.exempt:
            return None
        for words, condition in self.conditions:
            if condition(exercise):
                return words
        return None


def _primary(muscles: frozenset[str]) -> Callable[[Exercise], bool]:
    return lambda e: bool(muscles & set(e.primary_muscles))


RULES: tuple[TagRule, ...] = (
    TagRule(
        "hamstring-strain",
        # Heiderscheit et al. 2010 JOSPT 40:67-81: a healing hamstring is loaded, lengthened
        # and sprinted only after pain-free criteria; sprinting is the usual mechanism.
        "Heiderscheit et al. 2010 J Orthop Sports Phys Ther 40:67",
        (
            ("a hamstring is a primary muscle", _primary(HAMSTRINGS)),
            ("it stretches the hamstrings", lambda e: "hamstring-mobility" in e.focus),
            (
                "it is sprinting or skipping",
                lambda e: e.pattern is Pattern.GAIT_RUN and e.category is Category.POWER,
            ),
            (
                "it is a loaded hinge working the hamstrings",
                lambda e: (
                    e.pattern is Pattern.HINGE
                    and e.category in (Category.STRENGTH, Category.POWER)
                    and bool(HAMSTRINGS & set(e.secondary_muscles))
                ),
            ),
        ),
    ),
    TagRule(
        "hip-impingement",
        # Griffin et al. 2016 Br J Sports Med 50:1169 (Warwick agreement): hip pain in deep
        # flexion and rotation; loaded deep flexion is what provokes it.
        "Griffin et al. 2016 Br J Sports Med 50:1169",
        (
            ("it squats into deep hip flexion", lambda e: e.pattern is Pattern.SQUAT),
            (
                "it stretches the hip into deep flexion and rotation",
                lambda e: (
                    e.pattern is Pattern.MOBILITY
                    and bool(DEEP_HIP_ROTATORS & set(e.primary_muscles))
                ),
            ),
        ),
        exempt={
            "wall-sit": "knees and hips held at 90 degrees, not deep",
            "box-squat-bodyweight": "the box stops the squat at knee height",
        },
    ),
    TagRule(
        "knee-pain",
        # "knee pain with loaded bending" (vocab): squats, lunges, steps and landings bend a
        # loaded knee (patellofemoral load rises with knee flexion: Powers et al. 2017 BJSM
        # 51:1713, patellofemoral pain consensus).
        "Powers et al. 2017 Br J Sports Med 51:1713",
        (
            (
                "it bends a loaded knee",
                lambda e: e.pattern in (Pattern.SQUAT, Pattern.LUNGE, Pattern.STEP_CLIMB),
            ),
            (
                "it lands on bent knees",
                lambda e: e.pattern is Pattern.JUMP and "quadriceps" in e.primary_muscles,
            ),
        ),
    ),
    TagRule(
        "groin-strain",
        # Weir et al. 2015 Br J Sports Med 49:768 (Doha agreement): adductor-related groin
        # pain is provoked by resisted adduction and by stretching the adductors.
        "Weir et al. 2015 Br J Sports Med 49:768",
        (
            ("the adductor longus or brevis is a primary muscle", _primary(GROIN_ADDUCTORS)),
            (
                "it lunges sideways or stretches into the adductor magnus",
                lambda e: (
                    e.pattern in (Pattern.LUNGE, Pattern.MOBILITY, Pattern.BRACE)
                    and "adductor-magnus" in e.primary_muscles
                ),
            ),
            ("it stretches the adductors", lambda e: "adductor-mobility" in e.focus),
        ),
    ),
    TagRule(
        "shoulder-pain",
        # "shoulder pain with overhead or loaded arm work" (vocab): presses and deltoid work.
        "slingcoach convention (the vocab's definition of the tag)",
        (
            ("the deltoid is a primary muscle", _primary(frozenset({"deltoid"}))),
            ("it is a press", lambda e: e.pattern is Pattern.PUSH),
        ),
    ),
    TagRule(
        "impact-intolerance",
        "slingcoach convention (the vocab's definition of the tag)",
        (("it has impact", lambda e: e.impact),),
    ),
    TagRule(
        "ankle-instability",
        # Doherty et al. 2017 Br J Sports Med 51:113 (ankle sprain: landing and hopping come
        # back late in rehabilitation)
        "Doherty et al. 2017 Br J Sports Med 51:113",
        (("it has impact (landings)", lambda e: e.impact),),
    ),
    TagRule(
        "acute-low-back-flare",
        # McGill, Low Back Disorders 3rd ed. 2016: in a flare, spare the spine load.
        "McGill, Low Back Disorders, 3rd ed. 2016",
        (
            (
                "it loads the spine moderately or heavily",
                lambda e: e.spinal_load in (SpinalLoad.MODERATE, SpinalLoad.HIGH),
            ),
        ),
    ),
    TagRule(
        "balance-impairment",
        "slingcoach convention (the vocab's definition of the tag: unsteady on one leg)",
        (("it balances on one leg", lambda e: "balance" in e.focus),),
        exempt={
            "single-leg-rdl-wall-supported": "a hand on the wall takes the balance out of it",
            "single-leg-calf-raise": "done with a hand on a wall for balance",
        },
    ),
)
"""One rule per tag that the data can show; see the module docstring."""

RULE_OF = {rule.tag: rule for rule in RULES}


def derived_tags(exercise: Exercise) -> set[str]:
    """The contraindication tags the rules say ``exercise`` must carry."""
    return {rule.tag for rule in RULES if rule.applies(exercise) is not None}


def with_derived_tags(exercise: Exercise) -> Exercise:
    """``exercise`` with every derived tag added (in ``vocab.CONTRAINDICATIONS`` order)."""
    from slingcoach.vocab import CONTRAINDICATIONS

    tags = set(exercise.contraindications) | derived_tags(exercise)
    if tags == set(exercise.contraindications):
        return exercise
    ordered = tuple(t for t in CONTRAINDICATIONS if t in tags)
    return exercise.model_copy(update={"contraindications": ordered})
