"""``assess``, ``plan`` and the demo agree: same client, same day, same seed → same results.

All three go through ``slingcoach.app`` (recordings included), so the assessment that
``plan`` programs from is the one ``assess`` prints, and the demo writes both unchanged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slingcoach.app import assessments
from slingcoach.assessment import Assessment
from slingcoach.cli import main
from slingcoach.programming import Preferences, generate

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CLIENTS = sorted(p.name for p in SAMPLES.glob("*.yaml"))
DAY = dt.date(2026, 3, 4)  # a Wednesday: the default first day is Monday 9 March


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assessments, "today", lambda: DAY)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_there_are_sample_clients() -> None:
    assert len(CLIENTS) >= 5


@pytest.mark.parametrize("client", CLIENTS)
def test_plan_programs_exactly_the_assessment_that_assess_prints(
    client: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, assessed, err = _run(["assess", str(SAMPLES / client), "--json"], capsys)
    assert code == 0, err
    assessment = Assessment.model_validate_json(assessed)
    assert assessment.assessed_on == DAY
    argv = ["plan", str(SAMPLES / client), "--json", "--tz", "Europe/London", "--seed", "3"]
    code, planned, err = _run(argv, capsys)
    if assessment.refer:
        assert code == 3 and "clinician" in err
        return
    assert code == 0, err
    start = dt.date(2026, 3, 9)
    expected = generate(
        assessment, Preferences(start_date=start, timezone="Europe/London"), weeks=8, seed=3
    )
    assert planned == expected.model_dump_json(indent=2) + "\n"
    emphasised = {e.finding_id for e in expected.emphasis}
    assert emphasised <= {f.id for f in assessment.findings}


def test_the_demo_writes_what_assess_and_plan_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = str(SAMPLES / "right-weak.yaml")
    code, _, err = _run(["demo", "--out", str(tmp_path), "--client", client], capsys)
    assert code == 0, err
    assessed = _run(["assess", client, "--json"], capsys)[1]
    planned = _run(["plan", client, "--json"], capsys)[1]
    assert (tmp_path / "right-weak-assessment.json").read_text(encoding="utf-8") == assessed
    assert (tmp_path / "right-weak-program.json").read_text(encoding="utf-8") == planned
    # the sample's recordings are part of it: the pose recording adds the lateral sling
    assert "lateral-right" in assessed and '"finding_id": "lateral-right"' in planned
