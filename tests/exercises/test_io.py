"""Reading user catalogue files and importing free-exercise-db files (file I/O lives in io.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from slingcoach.errors import InvalidInputError, ReferenceDataError
from slingcoach.exercises import get_catalogue, load_catalogue
from slingcoach.exercises.io import import_free_db

SAMPLE = Path(__file__).parent / "data" / "exercises_free_db_sample.json"

USER_FILE = """\
licence: CC-BY-4.0
author: A Coach
exercises:
  - id: towel-single-leg-rdl
    name: Towel-pull single-leg RDL
    pattern: hinge
    category: strength
    laterality: contralateral-loaded
    primary_muscles: [gluteus-maximus, biceps-femoris]
    slings: [posterior-oblique]
    level: 2
    unit: reps
    dose: [3, 8, 10]
    seconds_per_rep: 4
    rest_s: 60
    spinal_load: low
    impact: false
    cues: [Pull a towel under the standing foot with the opposite hand.]
    regressions: [single-leg-rdl]
    description: A home variation made up for this test.
"""


def test_user_catalogue_merges_over_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    cat = load_catalogue(path)
    assert cat.get("towel-single-leg-rdl").author == "A Coach"
    assert "towel-single-leg-rdl" in cat.get("single-leg-rdl").progressions
    assert cat.source_of("towel-single-leg-rdl") == str(path)
    assert len(cat) == len(get_catalogue()) + 1


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (
            "exercises: [\n  - id: x\n   name: bad indent\n",
            InvalidInputError,
            r"bad\.yaml, line \d+, column \d+: not valid YAML",
        ),
        ("", InvalidInputError, "the file is empty"),
        ("- just\n- a list\n", ReferenceDataError, "expected a mapping with an 'exercises' list"),
        (
            USER_FILE.replace("level: 2", "level: two"),
            ReferenceDataError,
            "exercise 'towel-single-leg-rdl', field 'level'",
        ),
        (
            USER_FILE.replace("[single-leg-rdl]", "[single-leg-rld]"),
            ReferenceDataError,
            "did you mean single-leg-rdl",
        ),
    ],
)
def test_malformed_user_files_give_clear_errors(
    tmp_path: Path, text: str, error: type, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=message) as info:
        load_catalogue(path)
    assert "bad.yaml" in str(info.value)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"nope\.yaml: file not found"):
        load_catalogue(tmp_path / "nope.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InvalidInputError, match="not a UTF-8 text file"):
        load_catalogue(binary)


def test_import_writes_a_loadable_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    report = import_free_db(SAMPLE, out)
    assert len(report.imported) == 6
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["licence"] == "Unlicense"
    assert [row["id"] for row in data["exercises"]] == report.imported
    cat = load_catalogue(out)
    assert cat.get("barbell-deadlift-imported").licence == "Unlicense"
    assert cat.get("barbell-deadlift").licence == "CC-BY-4.0"  # the bundled one is untouched
    assert len(cat) == len(get_catalogue()) + 6


def test_import_rejects_bad_json_and_files_with_nothing_usable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "Squat",}]', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"bad\.json, line 1, column \d+: not valid JSON"):
        import_free_db(bad, tmp_path / "out.yaml")
    empty = tmp_path / "empty.json"
    empty.write_text(
        '[{"name": "Neck Roll", "primaryMuscles": ["neck"], "instructions": ["Roll."]}]'
    )
    with pytest.raises(InvalidInputError, match=r"no exercise could be imported.*neck"):
        import_free_db(empty, tmp_path / "out.yaml")
    assert not (tmp_path / "out.yaml").exists()
