"""``slingcoach log/progress/next-block/flags/export/import`` on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach.cli import main
from tests.tracking.helpers import RDL_KEY, RDL_LEFT_KEY, rdl_key

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sam(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("SLINGCOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'coach.db'}")
    run(["clients", "add", "Sam Rivera", "--body-mass-kg", "78.5"], capsys)
    run(["assess", str(SAMPLES / "right-weak.yaml"), "--client", "sam-rivera", "--save"], capsys)
    code, _, err = run(
        ["plan", "--client", "sam-rivera", "--save", "--weeks", "4", "--start", "2026-03-02"],
        capsys,
    )
    assert code == 0, err
    return "sam-rivera"


def test_two_calls_make_one_set_with_both_sides(
    sam: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["log", sam, "--date", "2026-03-02", "--load", "12", "--rir", "3"]
    code, out, err = run(
        [*base, "--item", RDL_KEY, "--side", "right", "--reps", "10,10,10"], capsys
    )
    assert code == 0, err
    code, out, err = run([*base, "--item", RDL_LEFT_KEY, "--side", "left", "--reps", "9,9"], capsys)
    assert code == 0, err
    code, out, _ = run(["export", sam], capsys)
    workouts = json.loads(out)["workouts"]
    assert len(workouts) == 1
    sets = workouts[0]["entries"][0]["sets"]
    # the parts keep the order they were done in: the weaker right side first, as planned
    assert [[p["side"] for p in s["parts"]] for s in sets] == [
        ["right", "left"],
        ["right", "left"],
        ["right"],
    ]


def test_impossible_values_exit_2_and_write_nothing(
    sam: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        (["--item", RDL_KEY, "--side", "right", "--reps", "-3"], "--reps"),
        (["--item", RDL_KEY, "--side", "right", "--reps", "8", "--pain", "11"], "--pain"),
        (
            ["--item", RDL_KEY, "--side", "right", "--reps", "8", "--load", "900"],
            "not possible",
        ),
        (["--item", "w09-s1-i01", "--side", "right", "--reps", "8"], "no item w09-s1-i01"),
        (
            ["--item", RDL_KEY, "--side", "right", "--reps", "8", "--date", "2099-01-01"],
            "in the future",
        ),
    ]
    for extra, message in cases:
        code, _, err = run(["log", sam, "--date", "2026-03-02", *extra], capsys)
        assert code == 2 and message in err and err.startswith("error: "), (extra, err)
    code, out, _ = run(["export", sam], capsys)
    assert json.loads(out)["workouts"] == []


def test_a_csv_session_then_progress_and_next_block(
    sam: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["date,item,set,side,reps,load_kg,rir,pain"]
    for day, key, load in (("2026-03-02", RDL_KEY, 12), ("2026-03-09", rdl_key(2), 12)):
        for n in (1, 2):
            rows += [f"{day},{key},{n},right,9,{load},2,1", f"{day},{key},{n},left,9,{load + 2},2,"]
    sheet = tmp_path / "log.csv"
    sheet.write_text("\n".join(rows) + "\n")
    code, out, err = run(["log", sam, "--csv", str(sheet)], capsys)
    assert code == 0, err
    assert "logged 4 set(s) in 2 entries on 2 day(s)" in out
    code, out, err = run(
        ["progress", sam, "--today", "2026-03-20", "--json", "--plot", str(tmp_path / "p.png")],
        capsys,
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["sessions_logged"] == 2
    assert len(report["strength"][0]["points"]) == 2  # both days, both sides
    assert (tmp_path / "p.png").stat().st_size > 1000 and (tmp_path / "p.svg").is_file()
    code, out, err = run(["next-block", sam, "--today", "2026-03-28", "--save"], capsys)
    assert code == 0, err
    assert "next block for sam-rivera: 4 weeks from 2026-03-30" in out and "saved program" in out
    code, out, _ = run(["flags", "--today", "2026-03-28", "--json"], capsys)
    assert json.loads(out)[0]["client"] == sam


def test_a_bad_csv_names_the_line_and_column(
    sam: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "log.csv"
    sheet.write_text(
        f"date,item,set,side,reps\n2026-03-02,{RDL_KEY},1,right,8\n"
        f"2026-03-02,{RDL_KEY},2,right,-1\n"
    )
    code, _, err = run(["log", sam, "--csv", str(sheet)], capsys)
    assert code == 2 and "line 3, column 'reps'" in err, err
    sheet.write_text(f"date,item,set,side,reps\n2026-13-02,{RDL_KEY},1,right,8\n")
    code, _, err = run(["log", sam, "--csv", str(sheet)], capsys)
    assert code == 2 and "line 2, column 'date'" in err


def test_export_import_round_trip_through_files(
    sam: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        [
            "log",
            sam,
            "--date",
            "2026-03-02",
            "--item",
            RDL_KEY,
            "--side",
            "right",
            "--reps",
            "10",
            "--load",
            "12",
        ],
        capsys,
    )
    run(["clients", "note", sam, "knee fine today"], capsys)
    code, first, _ = run(["export", sam], capsys)
    path = tmp_path / "sam.json"
    path.write_text(first)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    code, out, err = run(["import", str(path), "--db", other], capsys)
    assert (
        code == 0 and "imported sam-rivera: 1 assessment(s), 1 program(s), 1 session(s)" in out
    ), err
    code, second, _ = run(["export", sam, "--db", other], capsys)
    assert second == first
    code, _, err = run(["import", str(path), "--db", other], capsys)
    assert code == 2 and "exists already" in err
    path.write_text("{not json")
    code, _, err = run(["import", str(path), "--db", other], capsys)
    assert code == 2 and "not valid JSON" in err
