"""``slingcoach demo``: the main job of ``make run`` writes every promised file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from slingcoach.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_demo_runs_the_whole_pipeline(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo", "--out", str(tmp_path), "--client", str(SAMPLES / "right-weak.yaml")]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "posterior-oblique-right.svg",
        "right-weak-assessment.json",
        "right-weak-assessment.html",
        "right-weak-assessment.pdf",
        "right-weak-program.json",
        "right-weak-program.html",
        "right-weak-program.pdf",
        "right-weak-program.ics",
        "right-weak-program.csv",
    } <= names
    assessment = json.loads((tmp_path / "right-weak-assessment.json").read_text())
    assert assessment["refer"] is False
    assert any(f["side"] == "right" for f in assessment["findings"])
    program = json.loads((tmp_path / "right-weak-program.json").read_text())
    assert len(program["weeks"]) == 8
    assert (tmp_path / "right-weak-assessment.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / "right-weak-assessment.html").read_text(encoding="utf-8")
    assert "Right posterior oblique sling" in html and "What happens next" in html


def test_demo_of_a_red_flag_client_writes_no_program(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo", "--out", str(tmp_path), "--client", str(SAMPLES / "red-flag.yaml")]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert "red-flag-assessment.pdf" in names
    assert not any("program" in name for name in names)
