"""The intake: what a person tells us and what they did in the field tests.

A strict pydantic model: numbers must be numbers (``"20"`` is refused), values must
be plausible (an age of 500 or a body mass of 0 kg is refused), unknown fields and
unknown test ids are refused, and a bilateral test needs both sides (``null`` says
"not tested" explicitly; leaving a side out is an error). ``Intake.model_json_schema()``
is the published schema of the intake file (``slingcoach schema intake``).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from slingcoach.signals.emg_methods import DEFAULT_ONSET_METHOD, ONSET_METHODS, OnsetMethod
from slingcoach.vocab import Equipment, Goal, Side, Sides

# ---------------------------------------------------------------------------- numbers
# Strict numbers: text such as "20" is refused; bools are refused for numbers.
# The upper bounds are plausibility limits that catch typos (an extra zero), not norms.
Reps = Annotated[int, Strict(), Field(ge=0, le=300, description="repetitions (0-300)")]
Seconds = Annotated[float, Strict(), Field(ge=0, le=1800, description="seconds (0-1800)")]
PositiveSeconds = Annotated[float, Strict(), Field(gt=0, le=300, description="seconds (>0-300)")]
HopCm = Annotated[float, Strict(), Field(ge=0, le=400, description="centimetres (0-400)")]
TripleHopCm = Annotated[float, Strict(), Field(ge=0, le=1200, description="centimetres (0-1200)")]
ReachCm = Annotated[float, Strict(), Field(ge=0, le=200, description="centimetres (0-200)")]
LimbLengthCm = Annotated[float, Strict(), Field(ge=50, le=130, description="centimetres (50-130)")]
HHD_MIN_FORCE_N = 20.0
"""Smallest plausible hand-held dynamometer reading in newtons (a slingcoach range check: an
adult's hip extension or abduction reads well above it; smaller numbers are usually torque
per kg typed by mistake)."""
ForceN = Annotated[
    float,
    Strict(),
    Field(
        ge=HHD_MIN_FORCE_N,
        le=3000,
        description="peak force read from the dynamometer, newtons (20-3000; not N·m/kg)",
    ),
]
LeverArmM = Annotated[float, Strict(), Field(ge=0.1, le=1.2, description="metres (0.1-1.2)")]
HipFlexionDeg = Annotated[float, Strict(), Field(ge=0, le=150, description="degrees (0-150)")]
RotationDeg = Annotated[float, Strict(), Field(ge=0, le=90, description="degrees (0-90)")]
FaultAngleDeg = Annotated[float, Strict(), Field(ge=-45, le=60, description="degrees (-45-60)")]

_FORBID = ConfigDict(extra="forbid", frozen=True)


# A side's result: one number, a list of trials (1-10), or null for "not tested".
_TRIALS = Field(min_length=1, max_length=10)
RepsTrials = Reps | Annotated[list[Reps], _TRIALS] | None
SecondsTrials = Seconds | Annotated[list[Seconds], _TRIALS] | None
PositiveSecondsTrials = PositiveSeconds | Annotated[list[PositiveSeconds], _TRIALS] | None
HopTrials = HopCm | Annotated[list[HopCm], _TRIALS] | None
TripleHopTrials = TripleHopCm | Annotated[list[TripleHopCm], _TRIALS] | None
ReachTrials = ReachCm | Annotated[list[ReachCm], _TRIALS] | None
ForceTrials = ForceN | Annotated[list[ForceN], _TRIALS] | None
HipFlexionTrials = HipFlexionDeg | Annotated[list[HipFlexionDeg], _TRIALS] | None
RotationTrials = RotationDeg | Annotated[list[RotationDeg], _TRIALS] | None


# ---------------------------------------------------------------------------- test inputs
class RepsTest(BaseModel):
    """Reps per side: a number or a list of trials; ``null`` = side not tested."""

    model_config = _FORBID
    left: RepsTrials
    right: RepsTrials


class SecondsTest(BaseModel):
    """Hold time per side in seconds: a number or a list of trials."""

    model_config = _FORBID
    left: SecondsTrials
    right: SecondsTrials


class TimedTest(BaseModel):
    """Time to finish per side in seconds (lower is better); must be above zero."""

    model_config = _FORBID
    left: PositiveSecondsTrials
    right: PositiveSecondsTrials


class HopTest(BaseModel):
    """Hop distance per side in cm."""

    model_config = _FORBID
    left: HopTrials
    right: HopTrials


class TripleHopTest(BaseModel):
    """Triple-hop distance per side in cm."""

    model_config = _FORBID
    left: TripleHopTrials
    right: TripleHopTrials


class HipFlexionTest(BaseModel):
    """Hip flexion angle per side in degrees (active straight-leg raise)."""

    model_config = _FORBID
    left: HipFlexionTrials
    right: HipFlexionTrials


class RotationTest(BaseModel):
    """Hip rotation range per side in degrees."""

    model_config = _FORBID
    left: RotationTrials
    right: RotationTrials


class Reaches(BaseModel):
    """The three Y-balance reaches of one stance leg, in cm (one number or trials each)."""

    model_config = _FORBID
    anterior: ReachTrials
    posteromedial: ReachTrials
    posterolateral: ReachTrials


class LimbLength(BaseModel):
    """Leg length per side in cm (ASIS to medial malleolus)."""

    model_config = _FORBID
    left: LimbLengthCm
    right: LimbLengthCm


class LeverArm(BaseModel):
    """Lever arm per side in metres (hip joint to the dynamometer pad)."""

    model_config = _FORBID
    left: LeverArmM
    right: LeverArmM


class YBalanceTest(BaseModel):
    """Y-balance: reaches per stance leg and leg length (one value or per side)."""

    model_config = _FORBID
    limb_length_cm: LimbLengthCm | LimbLength
    left: Reaches | None
    right: Reaches | None


class HhdTest(BaseModel):
    """Hand-held dynamometry: peak force per side in N (trials) and the lever arm in m."""

    model_config = _FORBID
    lever_arm_m: LeverArmM | LeverArm
    left: ForceTrials
    right: ForceTrials


class QualityFaults(BaseModel):
    """Faults seen on one side, each yes/no (true/false)."""

    model_config = _FORBID
    pelvic_drop: bool = Field(strict=True)
    knee_valgus: bool = Field(strict=True)
    trunk_lean: bool = Field(strict=True)


class QualityAngles(BaseModel):
    """Angles at the deepest point on video, in degrees (positive = the fault direction)."""

    model_config = _FORBID
    pelvic_drop_deg: FaultAngleDeg
    knee_valgus_deg: FaultAngleDeg
    trunk_lean_deg: FaultAngleDeg


class QualityTest(BaseModel):
    """Movement quality per side: yes/no faults or measured angles."""

    model_config = _FORBID
    left: QualityFaults | QualityAngles | None
    right: QualityFaults | QualityAngles | None


class BinaryTest(BaseModel):
    """A positive/negative test per side: true = positive."""

    model_config = _FORBID
    left: bool | None = Field(strict=True)
    right: bool | None = Field(strict=True)


TestInput = (
    RepsTest
    | SecondsTest
    | TimedTest
    | HopTest
    | TripleHopTest
    | HipFlexionTest
    | RotationTest
    | YBalanceTest
    | HhdTest
    | QualityTest
    | BinaryTest
)


def _test(test_id: str) -> Any:
    return Field(default=None, alias=test_id, description=f"results of the {test_id} test")


def _describe_tests(schema: dict[str, Any]) -> None:
    """Describe each test property in the published schema from the bundled battery."""
    from slingcoach.assessment.battery import battery

    for test in battery().tests:
        prop = schema.get("properties", {}).get(test.id)
        if isinstance(prop, dict):
            better = "higher" if test.higher_is_better else "lower"
            prop["description"] = (
                f"{test.name}: {test.plain}. Result in {test.unit}, {better} is better; "
                f"{test.trials} trial(s) per side, {test.aggregation} counts."
            )


class FieldTests(BaseModel):
    """Field-test results keyed by test id (see ``slingcoach assess --help`` and docs/assessment.md).

    The ids match ``assessment/data/field_tests.yaml``; a test left out was not done.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=False,
        serialize_by_alias=True,  # dumps use the test ids, so a dump loads back
        json_schema_extra=_describe_tests,
    )

    single_leg_glute_bridge_reps: RepsTest | None = _test("single-leg-glute-bridge-reps")
    single_leg_hamstring_bridge: RepsTest | None = _test("single-leg-hamstring-bridge")
    single_leg_hip_thrust_reps: RepsTest | None = _test("single-leg-hip-thrust-reps")
    single_leg_bridge_hold: SecondsTest | None = _test("single-leg-bridge-hold")
    prone_hip_extension_hold: SecondsTest | None = _test("prone-hip-extension-hold")
    side_plank_hold: SecondsTest | None = _test("side-plank-hold")
    contralateral_bird_dog_hold: SecondsTest | None = _test("contralateral-bird-dog-hold")
    single_leg_rdl_reps: RepsTest | None = _test("single-leg-rdl-reps")
    single_leg_squat_quality: QualityTest | None = _test("single-leg-squat-quality")
    step_down_quality: QualityTest | None = _test("step-down-quality")
    y_balance: YBalanceTest | None = _test("y-balance")
    single_leg_hop_distance: HopTest | None = _test("single-leg-hop-distance")
    triple_hop_distance: TripleHopTest | None = _test("triple-hop-distance")
    timed_hop_6m: TimedTest | None = _test("timed-hop-6m")
    hhd_hip_extension: HhdTest | None = _test("hhd-hip-extension")
    hhd_hip_abduction: HhdTest | None = _test("hhd-hip-abduction")
    single_arm_row_reps: RepsTest | None = _test("single-arm-row-reps")
    single_arm_pulldown_reps: RepsTest | None = _test("single-arm-pulldown-reps")
    active_straight_leg_raise: HipFlexionTest | None = _test("active-straight-leg-raise")
    thomas_test: BinaryTest | None = _test("thomas-test")
    hip_internal_rotation: RotationTest | None = _test("hip-internal-rotation")
    hip_external_rotation: RotationTest | None = _test("hip-external-rotation")

    def items(self) -> list[tuple[str, TestInput]]:
        """``(test id, input)`` for every test that was done, in battery order."""
        out: list[tuple[str, TestInput]] = []
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is not None:
                out.append((info.alias or name, value))
        return out

    @classmethod
    def ids(cls) -> list[str]:
        """Every test id this model accepts."""
        return [info.alias or name for name, info in cls.model_fields.items()]


# ---------------------------------------------------------------------------- person etc.
class Sex(StrEnum):
    """Sex, optional; used only for sex-specific reference values (Y-balance)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class InjuryArea(StrEnum):
    """Where an injury was."""

    LOWER_BACK = "lower-back"
    UPPER_BACK = "upper-back"
    NECK = "neck"
    SACROILIAC = "sacroiliac"
    HIP = "hip"
    GROIN = "groin"
    HAMSTRING = "hamstring"
    QUADRICEPS = "quadriceps"
    KNEE = "knee"
    CALF = "calf"
    ANKLE = "ankle"
    FOOT = "foot"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    OTHER = "other"


class Movement(StrEnum):
    """Lifts in which one side can feel different."""

    DEADLIFT = "deadlift"
    SQUAT = "squat"
    LUNGE = "lunge"


class PainfulMovement(StrEnum):
    """Movements that hurt now (each maps to a contraindication tag)."""

    BENDING_FORWARD = "bending-forward"
    SITTING = "sitting"
    ARCHING_BACK = "arching-back"
    STANDING_LONG = "standing-long"
    DEEP_SQUAT = "deep-squat"
    KNEELING = "kneeling"
    LOADED_KNEE_BENDING = "loaded-knee-bending"
    JUMPING = "jumping"
    RUNNING = "running"
    OVERHEAD = "overhead"
    HANDS_ON_FLOOR = "hands-on-floor"


_WHEN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class Injury(BaseModel):
    """One past or current injury."""

    model_config = _FORBID
    area: InjuryArea
    side: Sides
    when: str = Field(
        description="when it happened: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2023-05"]
    )
    resolved: bool = Field(strict=True)

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()[:10]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not _WHEN.match(value):
            raise ValueError(
                f"give the date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2023-05), got {value!r}"
            )
        year = int(value[:4])
        if not 1900 <= year <= 2100:
            raise ValueError(f"year {year} is not plausible (1900-2100)")
        return value


class Person(BaseModel):
    """Who is being assessed."""

    model_config = _FORBID
    name: str = Field(min_length=1, max_length=120)
    age: int = Field(strict=True, ge=10, le=110, description="years (10-110)")
    body_mass_kg: float = Field(strict=True, ge=25, le=300, description="kg (25-300)")
    height_cm: float | None = Field(
        default=None, strict=True, ge=100, le=250, description="cm (100-250)"
    )
    sex: Sex | None = None
    dominant_hand: Side
    dominant_leg: Side


class Training(BaseModel):
    """Training background and what is at hand."""

    model_config = _FORBID
    level: int = Field(
        strict=True, ge=1, le=3, description="1 beginner, 2 intermediate, 3 advanced"
    )
    days_per_week: int = Field(strict=True, ge=1, le=7)
    minutes_per_session: int = Field(strict=True, ge=10, le=240)
    equipment: list[Equipment] = Field(default_factory=list, description="[] = body weight only")
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="IANA time zone where the person trains, e.g. Europe/London; the "
        "program's calendar uses it (default: the time zone of the computer that plans)",
        examples=["Europe/London"],
    )

    @field_validator("equipment")
    @classmethod
    def _unique(cls, value: list[Equipment]) -> list[Equipment]:
        return list(dict.fromkeys(value))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        # IANA names are checked against the tz database (zoneinfo + the tzdata package).
        import zoneinfo

        if value is None:
            return None
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name like 'Europe/London'"
            ) from None
        return value


class WarmUpNeed(BaseModel):
    """A hip or one side of the back that needs extra warm-up time."""

    model_config = _FORBID
    region: Literal["hip", "back"]
    side: Side


class FeelsDifferent(BaseModel):
    """One side feeling different in a lift."""

    model_config = _FORBID
    movement: Movement
    side: Side = Field(description="the side that feels weaker, less stable or different")


class Signs(BaseModel):
    """Signs and symptoms the person reports, each with its side where it has one."""

    model_config = _FORBID
    stiff_lower_back: bool = Field(default=False, strict=True)
    tight_hamstrings: Sides | None = None
    extra_warm_up: list[WarmUpNeed] = Field(default_factory=list)
    buttock_or_sij_pain: Sides | None = None
    feels_different: list[FeelsDifferent] = Field(default_factory=list)
    low_back_pain_now: int = Field(
        default=0, strict=True, ge=0, le=10, description="current low-back pain, 0-10"
    )
    painful_movements: list[PainfulMovement] = Field(default_factory=list)

    @field_validator("tight_hamstrings", "buttock_or_sij_pain")
    @classmethod
    def _not_midline(cls, value: Sides | None) -> Sides | None:
        if value is Sides.CENTRE:
            raise ValueError("a sign is on the left, the right or both sides, not 'centre'")
        return value


OdiAnswer = Annotated[int, Strict(), Field(ge=0, le=5)] | None

ODI_SECTIONS: tuple[str, ...] = (
    "pain-intensity",
    "personal-care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex-life",
    "social-life",
    "travelling",
)
"""The ten ODI 2.1a sections in questionnaire order (Fairbank & Pynsent 2000)."""


class Odi(BaseModel):
    """ODI 2.1a answers: each section 0-5, or null when left blank."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=False, serialize_by_alias=True
    )

    pain_intensity: OdiAnswer = Field(default=None, alias="pain-intensity")
    personal_care: OdiAnswer = Field(default=None, alias="personal-care")
    lifting: OdiAnswer = None
    walking: OdiAnswer = None
    sitting: OdiAnswer = None
    standing: OdiAnswer = None
    sleeping: OdiAnswer = None
    sex_life: OdiAnswer = Field(default=None, alias="sex-life")
    social_life: OdiAnswer = Field(default=None, alias="social-life")
    travelling: OdiAnswer = None

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        # A list of ten answers in section order is accepted as well as a mapping.
        if isinstance(value, list):
            if len(value) != len(ODI_SECTIONS):
                raise ValueError(
                    f"give all {len(ODI_SECTIONS)} sections in order (null for a blank one), "
                    f"got {len(value)}"
                )
            return dict(zip(ODI_SECTIONS, value, strict=True))
        return value

    def answers(self) -> list[int | None]:
        """The ten answers in section order."""
        return [getattr(self, name.replace("-", "_")) for name in ODI_SECTIONS]


RecordingKind = Literal["emg", "forceplate", "pose"]

#: Force-plate tasks (the trial types of ``slingcoach.signals.force``); ``auto`` detects it.
FORCE_TASKS: tuple[str, ...] = ("cmj", "sj", "dj", "squat", "deadlift", "imtp", "auto")
#: Pose tasks (``slingcoach.signals.pose.TASKS``).
POSE_TASKS: tuple[str, ...] = ("single-leg-squat", "step-down", "stance")
#: EMG onset methods: the one vocabulary of ``slingcoach.signals.emg_methods``.
EMG_METHODS: tuple[str, ...] = ONSET_METHODS

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_KIND_OPTIONS: dict[str, tuple[str, ...]] = {
    "emg": ("sampling_rate_hz", "channels", "labels_file", "method"),
    "forceplate": ("sampling_rate_hz", "left", "right", "total"),
    "pose": ("fps", "layout"),
}


class Recording(BaseModel):
    """A sensor file to analyse with the assessment (read by the CLI, never by ``assess``).

    ``path`` is relative to the intake file's folder (an absolute path is used as given).
    Options that do not fit the ``kind`` are refused, so a typo does not pass silently.
    """

    model_config = _FORBID
    path: str = Field(min_length=1, description="file path, relative to the intake file's folder")
    kind: RecordingKind
    task: str = Field(
        min_length=1,
        pattern=_SLUG,
        description="emg: any task id, e.g. prone-hip-extension; forceplate: "
        + ", ".join(FORCE_TASKS)
        + "; pose: "
        + ", ".join(POSE_TASKS),
    )
    side: Side | None = Field(
        default=None,
        description="the side the recording is about; for pose the stance leg when only one "
        "leg was filmed (default: found per frame)",
    )
    sampling_rate_hz: float | None = Field(
        default=None,
        strict=True,
        gt=0,
        le=100_000,
        description="emg/forceplate: sampling rate when the file has no time column",
    )
    channels: dict[str, str] = Field(
        default_factory=dict,
        description="emg: channel label overrides, name -> 'side muscle-id' "
        "(e.g. {EMG3: right gluteus-maximus})",
    )
    labels_file: str | None = Field(
        default=None,
        min_length=1,
        description="emg: a YAML/JSON label-override file, relative to the intake file's folder",
    )
    method: OnsetMethod | None = Field(
        default=None,
        description=f"emg: onset detection method (default {DEFAULT_ONSET_METHOD})",
    )
    left: str | None = Field(default=None, min_length=1, description="forceplate: left column")
    right: str | None = Field(default=None, min_length=1, description="forceplate: right column")
    total: str | None = Field(
        default=None, min_length=1, description="forceplate: total-force column (one plate)"
    )
    fps: float | None = Field(
        default=None, strict=True, gt=0, le=1000, description="pose: frame rate without times"
    )
    layout: Literal["mediapipe", "coco"] | None = Field(
        default=None, description="pose: keypoint layout (default: from the keypoint count)"
    )

    @model_validator(mode="after")
    def _fits_kind(self) -> Recording:
        if self.kind == "forceplate" and self.task not in FORCE_TASKS:
            raise ValueError(
                f"forceplate task {self.task!r} is not one of: {', '.join(FORCE_TASKS)}"
            )
        if self.kind == "pose" and self.task not in POSE_TASKS:
            raise ValueError(f"pose task {self.task!r} is not one of: {', '.join(POSE_TASKS)}")
        allowed = _KIND_OPTIONS[self.kind]
        every = {name for names in _KIND_OPTIONS.values() for name in names}
        given = {n for n in self.model_fields_set if getattr(self, n) not in (None, {})}
        for name in sorted(given & every - set(allowed)):
            raise ValueError(
                f"option {name!r} does not apply to {self.kind} recordings "
                f"(its options: {', '.join(allowed)})"
            )
        if self.kind == "forceplate" and self.total and (self.left or self.right):
            raise ValueError("give either total (one plate) or left/right (two plates), not both")
        return self


def _red_flag_ids_schema(schema: dict[str, Any]) -> None:
    """List the red-flag question ids in the published schema (read from the bundled data)."""
    from slingcoach.assessment.redflags import question_ids

    schema["propertyNames"] = {"enum": list(question_ids())}


#: Version of the intake file's layout; an intake that names another one is refused.
SCHEMA_VERSION: Final = "1.0"


class Intake(BaseModel):
    """Everything an assessment starts from (one client, one session).

    ``schema_version`` may be left out of a file (it means the current version).
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, serialize_by_alias=True, title="slingcoach intake"
    )

    schema_version: Literal["1.0"] = Field(
        default=SCHEMA_VERSION, description="layout version of this file (default: current)"
    )
    person: Person
    training: Training
    goals: list[Goal] = Field(default_factory=list)
    injuries: list[Injury] = Field(default_factory=list)
    signs: Signs = Field(default_factory=Signs)
    red_flags: dict[str, bool] = Field(
        default_factory=dict,
        description="red-flag screening answers by question id (see docs/assessment.md); "
        "true = yes",
        json_schema_extra=_red_flag_ids_schema,
    )
    odi: Odi | None = None
    tests: FieldTests = Field(default_factory=FieldTests)
    involved_side: Side | None = Field(
        default=None,
        description="a side known to be injured or operated on; LSI is then involved/uninvolved",
    )
    recordings: list[Recording] = Field(default_factory=list)
    notes: str | None = Field(default=None, max_length=5000)

    @field_validator("red_flags", mode="before")
    @classmethod
    def _known_red_flags(cls, value: Any) -> Any:
        # Unknown question ids and non-boolean answers are refused (did-you-mean for typos).
        from slingcoach.assessment._suggest import suggest
        from slingcoach.assessment.redflags import question_ids

        if not isinstance(value, dict):
            return value
        known = question_ids()
        for key, answer in value.items():
            if key not in known:
                hint = suggest(str(key), known)
                extra = f" Did you mean: {', '.join(hint)}?" if hint else ""
                raise ValueError(f"unknown red-flag question {key!r}.{extra}")
            if not isinstance(answer, bool):
                raise ValueError(f"answer {key!r} with true or false, got {answer!r}")
        return value
