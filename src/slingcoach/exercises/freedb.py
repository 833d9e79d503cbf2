"""Convert records in the free-exercise-db JSON format into our :class:`Exercise` model.

The format (github.com/yuhonas/free-exercise-db, public domain) is a JSON list of
objects with ``name, force, level, mechanic, equipment, primaryMuscles,
secondaryMuscles, instructions, category``. Its muscle groups are coarse ("glutes",
"lower back"), so each maps onto one or more of our muscle ids; patterns and
laterality are inferred from the name. Everything that cannot be mapped is reported
per exercise and field. Pure: the caller reads the file (see :mod:`.io`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from slingcoach.exercises.model import Exercise
from slingcoach.vocab import Category, Equipment, Laterality, Pattern, SpinalLoad, Unit

MUSCLE_MAP: dict[str, tuple[str, ...]] = {
    "glutes": ("gluteus-maximus", "gluteus-medius"),
    "hamstrings": ("biceps-femoris", "semitendinosus", "semimembranosus"),
    "lower back": ("erector-spinae", "multifidus"),
    "lats": ("latissimus-dorsi",),
    "middle back": ("middle-trapezius", "rhomboids"),
    "traps": ("upper-trapezius",),
    "quadriceps": ("quadriceps",),
    "abductors": ("gluteus-medius", "gluteus-minimus", "tensor-fasciae-latae"),
    "adductors": ("adductor-magnus", "adductor-longus", "adductor-brevis"),
    "abdominals": ("rectus-abdominis", "external-oblique", "internal-oblique"),
    "calves": ("gastrocnemius", "soleus"),
    "shoulders": ("deltoid",),
    "chest": ("pectoralis-major",),
    "biceps": ("biceps-brachii",),
    "triceps": ("triceps-brachii",),
    "forearms": ("forearm-flexors",),
}
"""free-exercise-db muscle group -> our muscle ids ("neck" has no counterpart)."""

EQUIPMENT_MAP: dict[str, tuple[Equipment, ...]] = {
    "body only": (),
    "dumbbell": (Equipment.DUMBBELL,),
    "barbell": (Equipment.BARBELL,),
    "e-z curl bar": (Equipment.BARBELL,),
    "kettlebells": (Equipment.KETTLEBELL,),
    "cable": (Equipment.CABLE,),
    "bands": (Equipment.BAND,),
    "machine": (Equipment.MACHINE,),
    "exercise ball": (Equipment.STABILITY_BALL,),
    "foam roll": (Equipment.FOAM_ROLLER,),
}
"""free-exercise-db equipment -> ours ("other" and "medicine ball" have no counterpart)."""

LEVEL_MAP = {"beginner": 1, "intermediate": 2, "expert": 3}

CATEGORY_MAP: dict[str, Category] = {
    "strength": Category.STRENGTH,
    "powerlifting": Category.STRENGTH,
    "strongman": Category.STRENGTH,
    "olympic weightlifting": Category.POWER,
    "plyometrics": Category.POWER,
    "stretching": Category.MOBILITY,
    "cardio": Category.CONDITIONING,
}

# Name keywords -> pattern, first match wins; order puts specific words before general ones.
PATTERN_KEYWORDS: tuple[tuple[str, Pattern], ...] = (
    (r"pallof|anti-rotation", Pattern.ANTI_ROTATION),
    (r"stretch|mobility|\bsmr\b|foam roll", Pattern.MOBILITY),
    (r"hip thrust|glute bridge|\bbridge", Pattern.THRUST_BRIDGE),
    (
        r"deadlift|\brdl\b|good morning|hyperextension|back extension|swing|pull.?through",
        Pattern.HINGE,
    ),
    (r"split squat|lunge", Pattern.LUNGE),
    (r"step.?up|climb", Pattern.STEP_CLIMB),
    (r"squat|leg press", Pattern.SQUAT),
    (r"jump|hop|bound|plyo", Pattern.JUMP),
    (r"carry|farmer|yoke|suitcase walk", Pattern.CARRY),
    (r"sprint|run|skip|march|walk|crawl", Pattern.GAIT_RUN),
    (r"twist|chop|wood.?chop|rotation|russian", Pattern.ROTATION),
    (r"plank|crunch|sit.?up|dead bug|bird dog|hollow|rollout", Pattern.BRACE),
    (r"\brow\b|pull.?up|chin.?up|pulldown|pull.?down|face pull", Pattern.PULL),
    (r"press|push.?up|dip\b|bench", Pattern.PUSH),
    (r"curl|raise|extension|fly|flye|kickback|abduction|adduction|clam", Pattern.ISOLATION),
)

ONE_SIDED = re.compile(
    r"single.?leg|one.?leg|single.?arm|one.?arm|unilateral|alternat|side.?lying|one.?handed"
)

_DOSE_BY_CATEGORY: dict[Category, tuple[Unit, list[int], float, int]] = {
    # unit, [sets, low, high], seconds per unit, rest in s - our general defaults.
    Category.STRENGTH: (Unit.REPS, [3, 8, 12], 3.0, 90),
    Category.POWER: (Unit.REPS, [3, 3, 6], 2.0, 120),
    Category.MOBILITY: (Unit.SECONDS, [2, 30, 45], 1.0, 15),
    Category.CONDITIONING: (Unit.SECONDS, [1, 300, 600], 1.0, 60),
}


class ImportIssue(BaseModel):
    """One thing that could not be mapped exactly, for one exercise and field."""

    model_config = ConfigDict(frozen=True)

    exercise: str
    field: str
    value: str
    note: str


class ImportReport(BaseModel):
    """What an import did: ids written, records skipped and every mapping issue."""

    model_config = ConfigDict(frozen=True)

    source: str
    imported: list[str]
    skipped: list[str]
    issues: list[ImportIssue]


def slugify(name: str) -> str:
    """A lowercase hyphenated id from a display name ("Barbell Deadlift" -> "barbell-deadlift")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def infer_pattern(
    name: str, force: str | None, mechanic: str | None, category: str | None
) -> Pattern | None:
    """Movement pattern from name keywords, then from category/mechanic/force; None if unsure."""
    lowered = name.lower()
    for pattern_re, pattern in PATTERN_KEYWORDS:
        if re.search(pattern_re, lowered):
            return pattern
    if category == "stretching":
        return Pattern.MOBILITY
    if mechanic == "isolation":
        return Pattern.ISOLATION
    if force == "push":
        return Pattern.PUSH
    if force == "pull":
        return Pattern.PULL
    return None


def _muscles(names: Any, field: str, ident: str, issues: list[ImportIssue]) -> list[str]:
    if names is None:
        return []
    if not isinstance(names, list):
        issues.append(
            ImportIssue(
                exercise=ident,
                field=field,
                value=repr(names),
                note="expected a list of muscle names; ignored",
            )
        )
        return []
    mapped: list[str] = []
    for raw in names:
        key = str(raw).strip().lower()
        if key in MUSCLE_MAP:
            mapped.extend(m for m in MUSCLE_MAP[key] if m not in mapped)
        else:
            issues.append(
                ImportIssue(
                    exercise=ident,
                    field=field,
                    value=str(raw),
                    note="no matching muscle in slingcoach's anatomy; dropped",
                )
            )
    return mapped


def _convert_one(
    record: Mapping[str, Any], ident: str, issues: list[ImportIssue], licence: str, author: str
) -> Exercise | None:
    def issue(field: str, value: str, note: str) -> None:
        issues.append(ImportIssue(exercise=ident, field=field, value=value, note=note))

    name = str(record["name"]).strip()
    force = record.get("force")
    mechanic = record.get("mechanic")
    raw_category = record.get("category")

    category = CATEGORY_MAP.get(str(raw_category).lower()) if raw_category else None
    if category is None:
        issue("category", str(raw_category), f"unknown category; used {Category.STRENGTH.value!r}")
        category = Category.STRENGTH

    raw_level = record.get("level")
    level = LEVEL_MAP.get(str(raw_level).lower()) if raw_level else None
    if level is None:
        issue("level", str(raw_level), "unknown level; used 2 (intermediate)")
        level = 2

    raw_equipment = record.get("equipment")
    key = "body only" if raw_equipment is None else str(raw_equipment).strip().lower()
    if key in EQUIPMENT_MAP:
        equipment = list(EQUIPMENT_MAP[key])
    else:
        issue(
            "equipment",
            str(raw_equipment),
            "no matching slingcoach equipment; listed as body weight, check before use",
        )
        equipment = []

    primary = _muscles(record.get("primaryMuscles"), "primaryMuscles", ident, issues)
    secondary = [
        m
        for m in _muscles(record.get("secondaryMuscles"), "secondaryMuscles", ident, issues)
        if m not in primary
    ]
    if not primary:
        issue(
            "primaryMuscles",
            repr(record.get("primaryMuscles")),
            "no primary muscle could be mapped; exercise skipped",
        )
        return None

    instructions = record.get("instructions") or []
    if not isinstance(instructions, list):
        instructions = [str(instructions)]
    cues = [str(step).strip() for step in instructions if str(step).strip()]
    if not cues:
        issue("instructions", "[]", "no instructions to use as cues; exercise skipped")
        return None

    pattern = infer_pattern(name, force, mechanic, str(raw_category or "").lower())
    if pattern is None:
        issue(
            "pattern",
            name,
            f"pattern not inferable from name, force or mechanic; used {Pattern.ISOLATION.value!r}",
        )
        pattern = Pattern.ISOLATION
    if category is Category.MOBILITY:
        pattern = Pattern.MOBILITY
    laterality = Laterality.UNILATERAL if ONE_SIDED.search(name.lower()) else Laterality.BILATERAL

    unit, dose, seconds_per_rep, rest_s = _DOSE_BY_CATEGORY[category]
    if pattern is Pattern.BRACE and "plank" in name.lower():
        unit, dose, seconds_per_rep = Unit.SECONDS, [3, 20, 40], 1.0
    heavy = Equipment.BARBELL in equipment or Equipment.TRAP_BAR in equipment
    if pattern in (Pattern.HINGE, Pattern.SQUAT):
        spinal = SpinalLoad.HIGH if heavy else SpinalLoad.MODERATE
    elif pattern is Pattern.MOBILITY:
        spinal = SpinalLoad.NONE
    else:
        spinal = SpinalLoad.LOW
    description = (
        f"{name}: imported from a free-exercise-db file "
        f"({raw_category or 'unknown category'}, {mechanic or 'unknown'} mechanic, {force or 'unknown'} force)."
    )
    return Exercise.model_validate(
        {
            "id": ident,
            "name": name,
            "pattern": pattern,
            "category": category,
            "laterality": laterality,
            "primary_muscles": primary,
            "secondary_muscles": secondary,
            "equipment": equipment,
            "level": level,
            "unit": unit,
            "dose": dose,
            "seconds_per_rep": seconds_per_rep,
            "rest_s": rest_s,
            "spinal_load": spinal,
            "impact": pattern is Pattern.JUMP or str(raw_category).lower() == "plyometrics",
            "cues": cues,
            "description": description,
            "licence": licence,
            "author": author,
        }
    )


def convert_free_db(
    records: Any,
    *,
    source: str,
    taken_ids: Iterable[str] = (),
    licence: str = "Unlicense",
    author: str = "free-exercise-db contributors",
) -> tuple[list[Exercise], ImportReport]:
    """Map free-exercise-db records onto :class:`Exercise`; return them with a report.

    ``taken_ids`` are ids already in use (the bundled catalogue): an imported
    exercise whose slug collides gets a ``-imported`` suffix, and the report says so.
    """
    from slingcoach.errors import InvalidInputError

    if not isinstance(records, list):
        raise InvalidInputError(
            f"expected a JSON list of exercise objects, got {type(records).__name__}", source=source
        )
    taken = set(taken_ids)
    exercises: list[Exercise] = []
    skipped: list[str] = []
    issues: list[ImportIssue] = []
    for index, record in enumerate(records):
        label = f"#{index + 1}"
        if not isinstance(record, Mapping) or not str(record.get("name") or "").strip():
            issues.append(
                ImportIssue(
                    exercise=label,
                    field="name",
                    value=repr(record)[:60],
                    note="record is not an object with a name; skipped",
                )
            )
            skipped.append(label)
            continue
        ident = slugify(str(record["name"]))
        if not ident:
            issues.append(
                ImportIssue(
                    exercise=label,
                    field="name",
                    value=str(record["name"]),
                    note="name has no letters or digits to make an id; skipped",
                )
            )
            skipped.append(label)
            continue
        if ident in taken:
            new = f"{ident}-imported"
            suffix = 2
            while new in taken:
                new = f"{ident}-imported-{suffix}"
                suffix += 1
            issues.append(
                ImportIssue(
                    exercise=new,
                    field="id",
                    value=ident,
                    note=f"id already in use; renamed to {new!r}",
                )
            )
            ident = new
        try:
            exercise = _convert_one(record, ident, issues, licence, author)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"])
                issues.append(
                    ImportIssue(
                        exercise=ident,
                        field=field,
                        value="",
                        note=f"{err['msg']}; exercise skipped",
                    )
                )
            exercise = None
        if exercise is None:
            skipped.append(ident)
            continue
        taken.add(ident)
        exercises.append(exercise)
    report = ImportReport(
        source=source, imported=[ex.id for ex in exercises], skipped=skipped, issues=issues
    )
    return exercises, report
