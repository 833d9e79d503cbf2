"""Shared vocabularies: sides, movement patterns, laterality, equipment, levels, units.

Kept in one small module so every domain package speaks the same words and the
data files can be validated against them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Side(StrEnum):
    """A body side, always the person's own left or right."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        """The opposite side."""
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Sides(StrEnum):
    """Where something is, or which sides something trains: one side, both, or the midline.

    The one vocabulary for "side" beside :class:`Side`: a sign felt on both sides, an
    injury on the spine's midline (``centre``), an item trained on both sides together.
    Fields that cannot be on the midline (signs, program items) refuse ``centre``.
    """

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    CENTRE = "centre"

    @property
    def side(self) -> Side | None:
        """The one body side this names, or None for ``both`` and ``centre``."""
        return Side(self.value) if self.value in ("left", "right") else None

    def covers(self, side: Side) -> bool:
        """True if this includes ``side`` (``both`` covers either side; ``centre`` neither)."""
        return self is Sides.BOTH or self.value == side.value

    @classmethod
    def of(cls, side: Side) -> Sides:
        """The :class:`Sides` value of one body side."""
        return cls(side.value)


class Goal(StrEnum):
    """What the person trains for."""

    PAIN_FREE_DAILY_LIFE = "pain-free-daily-life"
    STRENGTH = "strength"
    RUNNING = "running"
    SPORT = "sport"
    LONGEVITY = "longevity"


class Pattern(StrEnum):
    """Movement patterns used to classify exercises and to check program coverage."""

    HINGE = "hinge"
    SQUAT = "squat"
    LUNGE = "lunge"
    STEP_CLIMB = "step-climb"
    THRUST_BRIDGE = "thrust-bridge"
    JUMP = "jump"
    GAIT_RUN = "gait-run"
    CARRY = "carry"
    ROTATION = "rotation"
    ANTI_ROTATION = "anti-rotation"
    PULL = "pull"
    PUSH = "push"
    BRACE = "brace"  # anti-extension / anti-flexion / anti-lateral-flexion holds
    ISOLATION = "isolation"  # single-joint activation work (clamshell, banded abduction)
    MOBILITY = "mobility"


class Laterality(StrEnum):
    """How an exercise loads the two sides."""

    BILATERAL = "bilateral"
    UNILATERAL = "unilateral"  # one side works at a time, no external load or load centred
    CONTRALATERAL_LOADED = "contralateral-loaded"  # load in the hand opposite the working leg
    IPSILATERAL_LOADED = "ipsilateral-loaded"  # load in the hand on the working leg's side


class Category(StrEnum):
    """What an exercise is for in a session."""

    STRENGTH = "strength"
    POWER = "power"
    ACTIVATION = "activation"
    CORE = "core"
    MOBILITY = "mobility"
    CONDITIONING = "conditioning"


class Equipment(StrEnum):
    """Equipment an exercise needs. Body-weight work needs none (an empty list)."""

    BAND = "band"  # long resistance band
    MINI_BAND = "mini-band"  # loop band around knees or ankles
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"
    TRAP_BAR = "trap-bar"
    SANDBAG = "sandbag"
    CABLE = "cable"
    BENCH = "bench"
    BOX = "box"  # box or step
    STAIRS = "stairs"  # a flight of stairs
    PULL_UP_BAR = "pull-up-bar"
    LANDMINE = "landmine"
    SLED = "sled"
    MAT = "mat"
    FOAM_ROLLER = "foam-roller"
    DOWEL = "dowel"
    BACK_EXTENSION = "back-extension"  # 45-degree hyperextension bench or GHD
    MACHINE = "machine"  # lat pulldown and other selectorised machines
    STABILITY_BALL = "stability-ball"
    WALL = "wall"


class Unit(StrEnum):
    """What one unit of an exercise's dose counts."""

    REPS = "reps"
    SECONDS = "seconds"
    METRES = "metres"


class SpinalLoad(StrEnum):
    """Axial/shear load on the lumbar spine, used to space heavy hinges."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


Severity = Literal["low", "moderate", "high"]
"""How strongly a finding or a test result asks for attention."""

SEVERITY_RANK: dict[str, int] = {"low": 1, "moderate": 2, "high": 3}
"""The severity bands in order, for sorting and for taking the strongest."""

Confidence = Literal["low", "moderate", "high"]
"""How far the evidence behind a finding agrees (bands of its 0-1 confidence score)."""


LEVELS: tuple[int, ...] = (1, 2, 3)
"""Exercise and athlete levels: 1 beginner, 2 intermediate, 3 advanced."""


CONTRAINDICATIONS: dict[str, str] = {
    # Tags an assessment derives from signs and injuries; an exercise lists the tags it must avoid.
    "acute-low-back-flare": "low-back pain flaring now (pain 6/10 or more, or worse in the last days)",
    "flexion-intolerant-back": "back pain made worse by bending forward or sitting",
    "extension-intolerant-back": "back pain made worse by arching back or standing long",
    "sij-pain": "buttock or sacroiliac-joint pain",
    "hip-impingement": "pinching pain at the front of the hip in deep flexion",
    "knee-pain": "knee pain with loaded bending",
    "hamstring-strain": "recent or unresolved hamstring strain",
    "groin-strain": "recent or unresolved groin/adductor strain",
    "shoulder-pain": "shoulder pain with overhead or loaded arm work",
    "wrist-pain": "wrist pain bearing weight on the hands",
    "ankle-instability": "recent ankle sprain or giving way",
    "impact-intolerance": "jumping, hopping or running hurts or is not yet advised",
    "balance-impairment": "unsteady on one leg",
}
"""Contraindication tags shared by the assessment (which sets them) and the exercises (which avoid them)."""


FOCUS_TAGS: dict[str, str] = {
    # What an exercise is good for beyond its muscles; programming matches findings to these.
    "glute-activation": "wakes up the gluteus maximus/medius before heavier work",
    "sling-integration": "trains a myofascial sling as a unit (cross-body or contralateral loading)",
    "anti-rotation": "resists twisting through the trunk",
    "hamstring-mobility": "lengthens the hamstrings",
    "hip-flexor-mobility": "lengthens the hip flexors (iliopsoas, rectus femoris)",
    "thoracic-mobility": "rotation and extension of the upper back",
    "hip-rotation-mobility": "hip internal/external rotation range",
    "adductor-mobility": "lengthens the adductors",
    "ankle-mobility": "ankle dorsiflexion range",
    "balance": "single-leg balance and control",
    "grip": "grip endurance",
    "power": "fast force production",
}
"""Focus tags that exercises may carry."""
