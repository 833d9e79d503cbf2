"""Small stand-ins for the catalogue and the assessment, with known answers.

``fixture_catalogue()`` is a 30-exercise catalogue built with the real Exercise model;
``make_assessment()`` builds an object with the attributes docs/architecture.md gives
``Assessment`` (the generator reads only those).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slingcoach.assessment.findings import SidedMuscle
from slingcoach.exercises.model import Exercise
from slingcoach.vocab import Side


def ex(
    id: str,
    pattern: str,
    category: str,
    laterality: str,
    primary: list[str],
    secondary: list[str] | None = None,
    *,
    slings: list[str] | None = None,
    equipment: list[str] | None = None,
    level: int = 1,
    unit: str = "reps",
    dose: tuple[int, int, int] = (3, 8, 12),
    spr: float = 3.0,
    rest: int = 60,
    spinal: str = "low",
    impact: bool = False,
    focus: list[str] | None = None,
    contra: list[str] | None = None,
    progressions: list[str] | None = None,
) -> Exercise:
    return Exercise(
        id=id,
        name=id.replace("-", " ").capitalize(),
        pattern=pattern,
        category=category,
        laterality=laterality,
        primary_muscles=tuple(primary),
        secondary_muscles=tuple(secondary or ()),
        slings=tuple(slings or ()),
        equipment=tuple(equipment or ()),
        level=level,
        unit=unit,
        dose={"sets": dose[0], "low": dose[1], "high": dose[2]},
        seconds_per_rep=spr,
        rest_s=rest,
        spinal_load=spinal,
        impact=impact,
        focus=tuple(focus or ()),
        cues=("Move with control.",),
        contraindications=tuple(contra or ()),
        progressions=tuple(progressions or ()),
        description="A fixture exercise for the programming tests.",
    )  # type: ignore[arg-type]


POS = "posterior-oblique"
GMAX = "gluteus-maximus"
LAT = "latissimus-dorsi"


def fixture_catalogue() -> list[Exercise]:
    """Thirty exercises covering every block and pattern the generator needs."""
    return [
        ex(
            "glute-bridge",
            "thrust-bridge",
            "activation",
            "bilateral",
            [GMAX],
            ["biceps-femoris"],
            dose=(2, 10, 15),
            spr=2,
            rest=30,
            spinal="none",
            focus=["glute-activation"],
        ),
        ex(
            "bird-dog",
            "brace",
            "activation",
            "unilateral",
            ["multifidus", GMAX],
            ["erector-spinae"],
            slings=[POS],
            dose=(2, 6, 10),
            rest=30,
            focus=["glute-activation", "sling-integration"],
        ),
        ex(
            "banded-clamshell",
            "isolation",
            "activation",
            "unilateral",
            ["gluteus-medius"],
            slings=["lateral"],
            equipment=["mini-band"],
            dose=(2, 12, 20),
            spr=2,
            rest=20,
            spinal="none",
            focus=["glute-activation"],
        ),
        ex(
            "banded-lateral-walk",
            "isolation",
            "activation",
            "bilateral",
            ["gluteus-medius"],
            equipment=["mini-band"],
            dose=(2, 10, 15),
            spr=2,
            rest=20,
            spinal="none",
            focus=["glute-activation"],
        ),
        ex(
            "single-leg-glute-bridge",
            "thrust-bridge",
            "strength",
            "unilateral",
            [GMAX],
            ["biceps-femoris"],
            slings=[POS],
            dose=(3, 8, 15),
            rest=45,
            spinal="none",
            progressions=["single-leg-hip-thrust"],
        ),
        ex(
            "single-leg-hip-thrust",
            "thrust-bridge",
            "strength",
            "unilateral",
            [GMAX],
            ["biceps-femoris"],
            slings=[POS],
            equipment=["bench"],
            level=2,
            rest=60,
        ),
        ex(
            "hip-thrust-barbell",
            "thrust-bridge",
            "strength",
            "bilateral",
            [GMAX],
            ["biceps-femoris", "quadriceps"],
            equipment=["barbell", "bench"],
            level=2,
            rest=90,
            spinal="moderate",
        ),
        ex(
            "dumbbell-romanian-deadlift",
            "hinge",
            "strength",
            "bilateral",
            [GMAX, "biceps-femoris"],
            ["erector-spinae"],
            equipment=["dumbbell"],
            rest=90,
            spinal="moderate",
            contra=["acute-low-back-flare"],
        ),
        ex(
            "trap-bar-deadlift",
            "hinge",
            "strength",
            "bilateral",
            [GMAX, "quadriceps"],
            ["erector-spinae", "biceps-femoris"],
            equipment=["trap-bar"],
            level=2,
            dose=(3, 4, 6),
            spr=4,
            rest=150,
            spinal="high",
            contra=["acute-low-back-flare"],
        ),
        ex(
            "barbell-deadlift",
            "hinge",
            "strength",
            "bilateral",
            [GMAX, "erector-spinae"],
            ["biceps-femoris", "quadriceps"],
            equipment=["barbell"],
            level=2,
            dose=(3, 3, 6),
            spr=4,
            rest=150,
            spinal="high",
            contra=["acute-low-back-flare"],
        ),
        ex(
            "kickstand-rdl-contralateral",
            "hinge",
            "strength",
            "contralateral-loaded",
            [GMAX, "biceps-femoris"],
            [LAT],
            slings=[POS],
            equipment=["kettlebell"],
            focus=["sling-integration"],
            progressions=["single-leg-rdl-contralateral"],
        ),
        ex(
            "single-leg-rdl-contralateral",
            "hinge",
            "strength",
            "contralateral-loaded",
            [GMAX, "biceps-femoris"],
            [LAT, "gluteus-medius"],
            slings=[POS],
            equipment=["dumbbell"],
            level=2,
            focus=["sling-integration", "balance"],
            contra=["balance-impairment"],
        ),
        ex(
            "bodyweight-good-morning",
            "hinge",
            "strength",
            "bilateral",
            ["biceps-femoris", GMAX],
            ["erector-spinae"],
            dose=(2, 10, 15),
            rest=45,
            spinal="low",
            contra=["flexion-intolerant-back"],
        ),
        ex(
            "goblet-squat",
            "squat",
            "strength",
            "bilateral",
            ["quadriceps", GMAX],
            ["adductor-magnus"],
            equipment=["dumbbell"],
            rest=90,
            contra=["knee-pain"],
        ),
        ex(
            "bodyweight-squat",
            "squat",
            "strength",
            "bilateral",
            ["quadriceps", GMAX],
            dose=(3, 10, 20),
            spr=2,
            rest=45,
            spinal="none",
            contra=["knee-pain"],
        ),
        ex(
            "split-squat",
            "lunge",
            "strength",
            "unilateral",
            ["quadriceps", GMAX],
            ["adductor-magnus"],
            spinal="none",
            progressions=["reverse-lunge-contralateral"],
        ),
        ex(
            "reverse-lunge-contralateral",
            "lunge",
            "strength",
            "contralateral-loaded",
            [GMAX, "quadriceps"],
            [LAT, "gluteus-medius"],
            slings=[POS],
            equipment=["dumbbell"],
            focus=["sling-integration"],
            contra=["knee-pain"],
        ),
        ex(
            "step-up",
            "step-climb",
            "strength",
            "unilateral",
            ["quadriceps", GMAX],
            equipment=["box"],
            spinal="none",
        ),
        ex(
            "split-stance-band-row",
            "pull",
            "strength",
            "contralateral-loaded",
            [LAT],
            ["rhomboids", GMAX],
            slings=[POS],
            equipment=["band"],
            dose=(3, 10, 15),
            rest=45,
            focus=["sling-integration"],
        ),
        ex(
            "band-pulldown",
            "pull",
            "strength",
            "bilateral",
            [LAT],
            ["rhomboids"],
            equipment=["band"],
            dose=(3, 10, 15),
            rest=45,
            spinal="none",
        ),
        ex(
            "lat-pulldown",
            "pull",
            "strength",
            "bilateral",
            [LAT],
            ["biceps-brachii", "rhomboids"],
            equipment=["machine"],
            spinal="none",
        ),
        ex(
            "prone-y-t-raise",
            "pull",
            "strength",
            "bilateral",
            ["lower-trapezius", "rhomboids"],
            [LAT],
            dose=(2, 8, 12),
            rest=30,
            spinal="none",
        ),
        ex(
            "pallof-press",
            "anti-rotation",
            "core",
            "unilateral",
            ["internal-oblique", "external-oblique"],
            ["transversus-abdominis"],
            slings=["anterior-oblique"],
            equipment=["band"],
            rest=30,
            spinal="none",
            focus=["anti-rotation"],
        ),
        ex(
            "dead-bug",
            "anti-rotation",
            "core",
            "unilateral",
            ["transversus-abdominis", "rectus-abdominis"],
            dose=(2, 6, 10),
            spr=4,
            rest=30,
            spinal="none",
            focus=["anti-rotation"],
        ),
        ex(
            "side-plank",
            "brace",
            "core",
            "unilateral",
            ["internal-oblique", "quadratus-lumborum"],
            ["gluteus-medius"],
            slings=["lateral"],
            unit="seconds",
            dose=(2, 20, 40),
            spr=1,
            rest=30,
            spinal="none",
            contra=["shoulder-pain"],
        ),
        ex(
            "suitcase-carry",
            "carry",
            "core",
            "ipsilateral-loaded",
            ["quadratus-lumborum", "internal-oblique"],
            ["gluteus-medius", "forearm-flexors"],
            slings=["lateral"],
            equipment=["dumbbell"],
            unit="metres",
            dose=(3, 20, 40),
            spr=1,
            rest=60,
            focus=["grip"],
        ),
        ex(
            "band-woodchop",
            "rotation",
            "core",
            "unilateral",
            ["external-oblique", "internal-oblique"],
            [LAT, GMAX],
            slings=[POS],
            equipment=["band"],
            spr=2,
            rest=30,
        ),
        ex(
            "hamstring-strap-stretch",
            "mobility",
            "mobility",
            "unilateral",
            ["biceps-femoris"],
            unit="seconds",
            dose=(2, 30, 45),
            spr=1,
            rest=10,
            spinal="none",
            focus=["hamstring-mobility"],
        ),
        ex(
            "half-kneeling-hip-flexor-stretch",
            "mobility",
            "mobility",
            "unilateral",
            ["iliopsoas"],
            unit="seconds",
            dose=(2, 30, 45),
            spr=1,
            rest=10,
            spinal="none",
            focus=["hip-flexor-mobility"],
        ),
        ex(
            "open-book",
            "mobility",
            "mobility",
            "unilateral",
            ["middle-trapezius"],
            dose=(2, 6, 8),
            spr=4,
            rest=10,
            spinal="none",
            focus=["thoracic-mobility"],
        ),
        ex(
            "pogo-hops",
            "jump",
            "power",
            "bilateral",
            ["gastrocnemius"],
            ["soleus"],
            dose=(3, 10, 20),
            spr=1,
            rest=60,
            spinal="none",
            impact=True,
            contra=["impact-intolerance", "ankle-instability"],
        ),
        ex(
            "lateral-bound",
            "lunge",
            "power",
            "unilateral",
            [GMAX, "gluteus-medius"],
            ["quadriceps"],
            dose=(3, 4, 6),
            spr=2,
            rest=60,
            spinal="none",
            impact=True,
            contra=["impact-intolerance"],
        ),
    ]


@dataclass
class Person:
    name: str = "Test Client"
    age: int = 35
    body_mass_kg: float = 70.0
    level: int = 1
    equipment: list[str] = field(default_factory=lambda: ["dumbbell", "band", "mini-band"])
    days_per_week: int = 3
    minutes_per_session: int = 45
    goals: list[str] = field(default_factory=lambda: ["pain-free-daily-life"])


@dataclass
class Evidence:
    test_id: str


@dataclass
class Finding:
    id: str
    sling: str
    side: str
    muscles: list[SidedMuscle]
    severity: str = "moderate"
    confidence: str = "moderate"
    evidence: list[Evidence] = field(default_factory=list)
    text: str = "suggests a weaker side"
    partners: list[SidedMuscle] = field(default_factory=list)


@dataclass
class TestResult:
    __test__ = False
    id: str
    name: str
    percent_difference: float | None
    weaker_side: str | None
    status: str = "address"


@dataclass
class Assessment:
    person: Person = field(default_factory=Person)
    refer: bool = False
    referral_text: str | None = None
    tests: list[TestResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    contraindications: list[str] = field(default_factory=list)
    mobility_needs: list[str] = field(default_factory=list)


def make_assessment(
    *,
    weak: str | None = "left",
    pct: float = 18.0,
    level: int = 1,
    equipment: list[str] | None = None,
    goals: list[str] | None = None,
    days: int = 3,
    minutes: int = 45,
    contraindications: list[str] | None = None,
    mobility: list[str] | None = None,
    **extra: Any,
) -> Assessment:
    """A person with (by default) a left posterior oblique sling 18 % weaker on the bridge test."""
    person = Person(
        level=level,
        equipment=equipment if equipment is not None else ["dumbbell", "band", "mini-band"],
        goals=goals if goals is not None else ["pain-free-daily-life"],
        days_per_week=days,
        minutes_per_session=minutes,
    )
    tests = []
    findings = []
    if weak is not None:
        tests.append(TestResult("single-leg-bridge", "single-leg bridge", pct, weak))
        findings.append(
            Finding(
                id=f"{weak}-posterior-oblique",
                sling=POS,
                side=weak,
                muscles=[SidedMuscle(side=Side(weak), muscle=GMAX)],
                evidence=[Evidence("single-leg-bridge")],
                text=f"suggests a weaker {weak} posterior oblique sling",
            )
        )
    return Assessment(
        person=person,
        tests=tests,
        findings=findings,
        contraindications=contraindications or [],
        mobility_needs=mobility if mobility is not None else ["hamstring-mobility"],
        **extra,
    )
