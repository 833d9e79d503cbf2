"""Mapping free-exercise-db records onto our model (pure conversion, no files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach.errors import InvalidInputError
from slingcoach.exercises import get_catalogue
from slingcoach.exercises.freedb import convert_free_db, infer_pattern, slugify
from slingcoach.vocab import Category, Equipment, Laterality, Pattern, SpinalLoad, Unit

SAMPLE = Path(__file__).parent / "data" / "exercises_free_db_sample.json"


@pytest.fixture(scope="module")
def converted() -> tuple[dict[str, object], object]:
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))
    exercises, report = convert_free_db(
        records, source="sample.json", taken_ids=get_catalogue().ids()
    )
    return {ex.id: ex for ex in exercises}, report


def test_imported_ids_and_skips(converted: tuple[dict, object]) -> None:
    by_id, report = converted
    assert list(by_id) == [
        "hip-circles-prone",
        "barbell-deadlift-imported",
        "one-arm-kettlebell-row",
        "tire-flip",
        "box-jump-multiple-response",
        "cable-hip-adduction",
    ]
    assert report.skipped == ["medicine-ball-neck-bridge", "plank-without-instructions", "#9"]


def test_muscles_equipment_level_and_category_are_mapped(converted: tuple[dict, object]) -> None:
    by_id, _ = converted
    deadlift = by_id["barbell-deadlift-imported"]
    assert deadlift.primary_muscles == ("erector-spinae", "multifidus")
    assert "latissimus-dorsi" in deadlift.secondary_muscles
    assert "gluteus-maximus" in deadlift.secondary_muscles
    assert deadlift.equipment == (Equipment.BARBELL,)
    assert (deadlift.level, deadlift.pattern, deadlift.spinal_load) == (
        2,
        Pattern.HINGE,
        SpinalLoad.HIGH,
    )
    assert deadlift.licence == "Unlicense"
    circles = by_id["hip-circles-prone"]
    assert circles.primary_muscles == ("gluteus-medius", "gluteus-minimus", "tensor-fasciae-latae")
    assert circles.secondary_muscles == ("gluteus-maximus",)  # medius already primary
    assert (circles.category, circles.pattern, circles.unit) == (
        Category.MOBILITY,
        Pattern.MOBILITY,
        Unit.SECONDS,
    )
    row = by_id["one-arm-kettlebell-row"]
    assert (row.pattern, row.laterality, row.equipment) == (
        Pattern.PULL,
        Laterality.UNILATERAL,
        (Equipment.KETTLEBELL,),
    )
    jump = by_id["box-jump-multiple-response"]
    assert (jump.pattern, jump.category, jump.impact) == (Pattern.JUMP, Category.POWER, True)
    assert by_id["tire-flip"].pattern is Pattern.PUSH  # from force: no name keyword


def test_report_names_exercise_and_field_of_every_problem(converted: tuple[dict, object]) -> None:
    _, report = converted
    issues = {(i.exercise, i.field, i.value) for i in report.issues}
    assert ("barbell-deadlift-imported", "id", "barbell-deadlift") in issues
    assert ("medicine-ball-neck-bridge", "equipment", "medicine ball") in issues
    assert ("medicine-ball-neck-bridge", "primaryMuscles", "neck") in issues
    assert ("tire-flip", "equipment", "other") in issues
    assert ("cable-hip-adduction", "level", "grandmaster") in issues
    assert ("cable-hip-adduction", "secondaryMuscles", "sartorius") in issues
    assert ("plank-without-instructions", "instructions", "[]") in issues
    assert any(i.exercise == "#9" and i.field == "name" for i in report.issues)


def test_top_level_must_be_a_list() -> None:
    with pytest.raises(InvalidInputError, match=r"x\.json: expected a JSON list"):
        convert_free_db({"name": "Squat"}, source="x.json")


@pytest.mark.parametrize(
    ("name", "force", "mechanic", "category", "expected"),
    [
        ("Romanian Deadlift", "pull", "compound", "strength", Pattern.HINGE),
        ("Barbell Hip Thrust", "push", "compound", "strength", Pattern.THRUST_BRIDGE),
        ("Dumbbell Lunges", "push", "compound", "strength", Pattern.LUNGE),
        ("Pallof Press", "push", "isolation", "strength", Pattern.ANTI_ROTATION),
        ("Hamstring Stretch", None, None, "stretching", Pattern.MOBILITY),
        ("Farmer's Walk", None, "compound", "strongman", Pattern.CARRY),
        ("Zottman Curl", "pull", "isolation", "strength", Pattern.ISOLATION),
        ("Mystery Move", None, None, "strength", None),
    ],
)
def test_infer_pattern(
    name: str, force: str | None, mechanic: str | None, category: str, expected: Pattern | None
) -> None:
    assert infer_pattern(name, force, mechanic, category) is expected


def test_slugify() -> None:
    assert slugify("Box Jump (Multiple Response)") == "box-jump-multiple-response"
    assert slugify("  90/90 Hip Switch ") == "90-90-hip-switch"
