"""Loading intake files: YAML or JSON, one clear error naming the line and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from slingcoach.assessment.io import load_intake, parse_intake
from slingcoach.errors import InvalidInputError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _sample_text() -> str:
    return (SAMPLES / "balanced.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_and_json_give_the_same_intake(tmp_path: Path) -> None:
    from_yaml = load_intake(SAMPLES / "right-weak.yaml")
    data = yaml.safe_load((SAMPLES / "right-weak.yaml").read_text(encoding="utf-8"))
    from_json = load_intake(_write(tmp_path, "c.json", json.dumps(data)))
    assert from_yaml == from_json


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            "single-arm-row-reps: {left: 12, right: 12}",
            "single-arm-row-reps: {left: 12}",
            r"tests\.single-arm-row-reps\.right: the right side is missing",
        ),
        ("body_mass_kg: 72.0", "body_mass_kg: 0", r"person\.body_mass_kg: 0 is not plausible"),
        ("age: 44", "age: 500", r"person\.age: 500 is not plausible here; it must be at most 110"),
        (
            "single-leg-glute-bridge-reps: {left: 15, right: 16}",
            "single-leg-glute-bridge-reps: {left: fifteen, right: 16}",
            r"\.left: expected a number, got text 'fifteen'",
        ),
        (
            "single-leg-glute-bridge-reps: {left: 15, right: 16}",
            "single-leg-glute-bridge-reps: {left: [15, -3], right: 16}",
            r"\.left\[1\]: -3 is not plausible",
        ),
        (
            "single-leg-glute-bridge-reps: {left: 15, right: 16}",
            "single-leg-glute-brige-reps: {left: 15, right: 16}",
            r"unknown field test 'single-leg-glute-brige-reps'\. Did you mean: "
            r"single-leg-glute-bridge-reps",
        ),
        (
            "bladder-change: false",
            "bladder-chnge: false",
            r"red_flags\.bladder-chnge: unknown red-flag question.*Did you mean: bladder-change",
        ),
    ],
)
def test_bad_values_name_field_and_line(tmp_path: Path, old: str, new: str, match: str) -> None:
    text = _sample_text()
    assert old in text
    bad = text.replace(old, new)
    line = _line_of(bad, new.split(":")[0].strip() if "{" in new else new.split(":")[0])
    with pytest.raises(InvalidInputError, match=match) as info:
        load_intake(_write(tmp_path, "bad.yaml", bad))
    assert f"bad.yaml, line {line}," in str(info.value)


def test_json_errors_name_the_line(tmp_path: Path) -> None:
    data = yaml.safe_load(_sample_text())
    data["tests"]["y-balance"]["left"]["anterior"] = "sixty"
    text = json.dumps(data, indent=2)
    path = _write(tmp_path, "bad.json", text)
    with pytest.raises(InvalidInputError, match=r"y-balance\.left\.anterior: expected a number"):
        load_intake(path)
    line = _line_of(text, '"sixty"')
    with pytest.raises(InvalidInputError, match=rf"line {line},"):
        load_intake(path)


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("empty.yaml", "", "the file is empty"),
        ("blank.yaml", "\n  \n", "the file is empty"),
        ("words.yaml", "just some words\n", "expected a mapping"),
        ("list.yaml", "- 1\n- 2\n", "expected a mapping.*got a list"),
        ("broken.yaml", "a: [1, 2\nb: 3\n", "line 2, column 2: not valid YAML"),
        ("broken.json", '{"person": {"name": 1,}\n', "line 1, column 23: not valid JSON"),
        ("dup.yaml", "person: {}\nperson: {}\n", "line 2, column 1: key 'person' appears twice"),
    ],
)
def test_not_an_intake(tmp_path: Path, name: str, content: str, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        load_intake(_write(tmp_path, name, content))


def test_binary_and_missing_files(tmp_path: Path) -> None:
    binary = tmp_path / "img.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InvalidInputError, match="not a UTF-8 text file"):
        load_intake(binary)
    with pytest.raises(InvalidInputError, match="file not found"):
        load_intake(tmp_path / "nope.yaml")


def test_misspelt_top_level_key_suggests() -> None:
    text = _sample_text().replace("person:", "persn:")
    with pytest.raises(InvalidInputError, match=r"unknown field 'persn'\. Did you mean: person\?"):
        parse_intake(text, source="t.yaml")


def test_union_errors_pick_the_right_branch() -> None:
    text = (SAMPLES / "left-weak.yaml").read_text(encoding="utf-8")
    bad = text.replace(
        "left: {pelvic_drop: true, knee_valgus: true, trunk_lean: false}",
        "left: {pelvic_drop: true, knee_valgus: true}",
    )
    with pytest.raises(InvalidInputError, match=r"left\.trunk_lean' is missing|'trunk_lean' is"):
        parse_intake(bad, source="t.yaml")
