"""Contraindication tags derived from muscles, pattern and load: no exercise can miss one."""

from __future__ import annotations

from typing import Any

import pytest

from slingcoach.exercises import Catalogue, get_catalogue
from slingcoach.exercises.catalogue import _read_bundled, parse_exercises
from slingcoach.exercises.contraindications import RULES, derived_tags
from slingcoach.vocab import CONTRAINDICATIONS

CAT = get_catalogue()


def test_the_bundled_files_already_list_every_derived_tag() -> None:
    # the catalogue adds derived tags on load; the data files should say so themselves
    exercises, _ = _read_bundled()
    assert len(exercises) == len(CAT.all())
    missing = {
        e.id: sorted(derived_tags(e) - set(e.contraindications))
        for e in exercises
        if derived_tags(e) - set(e.contraindications)
    }
    assert not missing


@pytest.mark.parametrize(
    ("exercise_id", "tag"),
    [
        ("kettlebell-swing", "hamstring-strain"),
        ("kettlebell-deadlift", "hamstring-strain"),
        ("band-hamstring-floss", "hamstring-strain"),
        ("acceleration-sprint", "hamstring-strain"),
        ("goblet-squat", "hip-impingement"),
        ("barbell-back-squat", "hip-impingement"),
        ("pigeon-stretch", "hip-impingement"),
        ("split-squat", "knee-pain"),
        ("copenhagen-plank-short", "groin-strain"),
        ("push-up", "shoulder-pain"),
        ("countermovement-jump", "impact-intolerance"),
        ("countermovement-jump", "ankle-instability"),
        ("single-leg-rdl-ipsilateral-dumbbell", "acute-low-back-flare"),
        ("single-leg-rdl-contralateral-dumbbell", "balance-impairment"),
    ],
)
def test_a_coach_would_expect_these_exclusions(exercise_id: str, tag: str) -> None:
    assert tag in CAT.get(exercise_id).contraindications


def test_exemptions_are_few_and_explained() -> None:
    for rule in RULES:
        for exercise_id, reason in rule.exempt.items():
            assert exercise_id in CAT, exercise_id
            assert len(reason) > 15, exercise_id
    # a box squat stops at knee height: it stays for a person with a painful deep squat
    assert "hip-impingement" not in CAT.get("box-squat-bodyweight").contraindications


def test_a_new_exercise_gets_the_tags_its_muscles_imply() -> None:
    record: dict[str, Any] = {
        "id": "new-hamstring-lift",
        "name": "A new hamstring lift",
        "pattern": "hinge",
        "category": "strength",
        "laterality": "bilateral",
        "primary_muscles": ["semitendinosus", "gluteus-maximus"],
        "level": 2,
        "unit": "reps",
        "dose": [3, 8, 10],
        "seconds_per_rep": 4,
        "rest_s": 90,
        "spinal_load": "moderate",
        "impact": False,
        "cues": ["Hinge."],
        "description": "A lift made up for this test.",
    }
    catalogue = Catalogue([*CAT.all(), *parse_exercises({"exercises": [record]}, "new.yaml")])
    tags = catalogue.get("new-hamstring-lift").contraindications
    assert {"hamstring-strain", "acute-low-back-flare"} <= set(tags)


def test_every_rule_is_about_a_known_tag_and_names_a_source() -> None:
    assert {r.tag for r in RULES} <= set(CONTRAINDICATIONS)
    for rule in RULES:
        assert rule.source and rule.conditions
