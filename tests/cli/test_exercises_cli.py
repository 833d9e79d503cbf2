"""``slingcoach exercises ...`` through the real entry point (exit codes, JSON, tables, errors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach.cli import main

SAMPLE = Path(__file__).parents[1] / "exercises" / "data" / "exercises_free_db_sample.json"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI like the console script; return (exit code, stdout, stderr)."""
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_list_hinge_sandbag_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["exercises", "list", "--pattern", "hinge", "--equipment", "sandbag", "--json"], capsys
    )
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 4
    assert all(r["pattern"] == "hinge" and "sandbag" in r["equipment"] for r in rows)
    assert {"id", "primary_muscles", "slings", "dose", "cues", "licence"} <= set(rows[0])


def test_list_filters_combine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "exercises",
            "list",
            "--available",
            "band",
            "--available",
            "mat",
            "--sling",
            "posterior-oblique",
            "--laterality",
            "contralateral-loaded",
            "--max-level",
            "3",
            "--exclude",
            "shoulder-pain",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    rows = json.loads(out)
    assert rows
    for row in rows:
        assert set(row["equipment"]) <= {"band", "mat"}
        assert "posterior-oblique" in row["slings"]
        assert row["laterality"] == "contralateral-loaded"
        assert "shoulder-pain" not in row["contraindications"]


def test_list_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "exercises",
            "list",
            "--muscle",
            "gluteus-medius",
            "--primary-only",
            "--focus",
            "glute-activation",
        ],
        capsys,
    )
    assert code == 0
    assert "clamshell" in out and "Exercises (" in out
    assert "barbell-deadlift" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["exercises", "show", "sngle-leg-rdl"], "did you mean: single-leg-rdl"),
        (["exercises", "chain", "bird-dgo"], "did you mean: bird-dog"),
        (["exercises", "substitutes", "deadlfit", "-e", "sandbag"], "unknown exercise 'deadlfit'"),
        (["exercises", "list", "--muscle", "glutes"], "unknown muscle 'glutes'"),
        (["exercises", "list", "--sling", "posterior"], "did you mean: posterior-oblique"),
        (["exercises", "list", "--focus", "mobility"], "unknown focus tag 'mobility'"),
        (["exercises", "list", "--exclude", "bad-back"], "unknown contraindication tag 'bad-back'"),
    ],
)
def test_unknown_values_exit_2_with_a_hint(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert err.startswith("error: ")
    assert message.lower() in err.lower()
    assert out == ""


def test_invalid_enum_choice_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["exercises", "list", "--pattern", "hinges"], capsys)
    assert code == 2
    assert "hinges" in err


def test_show_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["exercises", "show", "bird-dog", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "bird-dog" and "posterior-oblique" in data["slings"]
    code, out, _ = run(["exercises", "show", "bird-dog"], capsys)
    assert code == 0
    assert "Bird dog" in out and "per side" in out and "exercises/data/core.yaml" in out


def test_show_svg_highlights_the_working_side(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slingcoach.reports.diagrams import scale_colour

    target = tmp_path / "row.svg"
    code, out, _ = run(
        [
            "exercises",
            "show",
            "split-stance-single-arm-dumbbell-row",
            "--svg",
            str(target),
            "--side",
            "left",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    json.loads(out)  # still only JSON on stdout
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<svg") or svg.startswith("<?xml")
    assert scale_colour(1.0) in svg and scale_colour(0.5) in svg
    assert "L arm · R foot forward" in svg


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["exercises", "search", "sngle leg rdl", "--json"], capsys)
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["id"] == "single-leg-rdl" and hits[0]["score"] > 90
    code, out, _ = run(["exercises", "search", "qqqqzzzz"], capsys)
    assert code == 0 and "no exercise matches" in out


def test_substitutes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["exercises", "substitutes", "barbell-deadlift", "-e", "sandbag", "--json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["exercise"]["id"] == "barbell-deadlift"
    assert data["substitutes"][0]["id"] == "sandbag-deadlift"
    assert all(set(s["equipment"]) <= {"sandbag"} for s in data["substitutes"])
    code, out, _ = run(["exercises", "substitutes", "barbell-deadlift", "-e", "sandbag"], capsys)
    assert "Substitutes for Barbell deadlift with sandbag" in out


def test_chain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["exercises", "chain", "kettlebell-deadlift", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [e["id"] for e in data["regressions"]] == ["wall-hip-hinge", "hip-hinge-dowel"]
    assert [e["id"] for e in data["progressions"]] == ["trap-bar-deadlift", "barbell-deadlift"]
    code, out, _ = run(["exercises", "chain", "kettlebell-deadlift"], capsys)
    assert code == 0
    assert " ".join(out.split()) == (
        "Wall hip hinge [L1] → Dowel hip hinge [L1] → Kettlebell deadlift [L1] → "
        "Trap-bar deadlift [L2] → Barbell deadlift [L3]"
    )


def test_import_and_use_the_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.yaml"
    code, out, _ = run(["exercises", "import", str(SAMPLE), "--out", str(target), "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["out"] == str(target)
    assert len(report["imported"]) == 6
    assert any(i["field"] == "primaryMuscles" and i["value"] == "neck" for i in report["issues"])
    code, out, _ = run(
        ["exercises", "list", "--catalogue", str(target), "--pattern", "pull", "--json"], capsys
    )
    assert "one-arm-kettlebell-row" in {r["id"] for r in json.loads(out)}
    # refuses to overwrite without --force, then a table report with --force
    code, _, err = run(["exercises", "import", str(SAMPLE), "--out", str(target)], capsys)
    assert code == 2 and "--force" in err
    code, out, _ = run(
        ["exercises", "import", str(SAMPLE), "--out", str(target), "--force"], capsys
    )
    assert code == 0 and "imported 6 exercise(s)" in out and "sartorius" in out


def test_import_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(["exercises", "import", str(bad), "--out", str(tmp_path / "o.yaml")], capsys)
    assert code == 2 and "not valid JSON" in err


@pytest.mark.parametrize(
    ("exercise_id", "side", "text"),
    [
        ("single-leg-rdl-contralateral-dumbbell", "right", "R leg · weight in L hand"),
        ("split-stance-single-arm-dumbbell-row", "left", "L arm · R foot forward"),
        ("side-plank", "left", "L side down"),
        ("dead-bug", "left", "alternate sides"),
    ],
)
def test_show_side_says_which_limb_as_the_plan_does(
    exercise_id: str, side: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["exercises", "show", exercise_id, "--side", side], capsys)
    assert code == 0
    assert text in " ".join(out.split())
