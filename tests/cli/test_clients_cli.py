"""``slingcoach clients``, ``db``, ``assess --save`` and ``plan --client``: the stored path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach.cli import main

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
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new SQLite file, also set as SLINGCOACH_DATABASE_URL (commands use it without --db)."""
    value = f"sqlite:///{tmp_path / 'coach.db'}"
    monkeypatch.setenv("SLINGCOACH_DATABASE_URL", value)
    return value


def test_add_list_show(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["clients", "add", "Sam Rivera", "--body-mass-kg", "78.5"], capsys)
    assert code == 0, err
    assert "id sam-rivera" in out
    code, out, _ = run(["clients", "list", "--json"], capsys)
    assert [c["slug"] for c in json.loads(out)] == ["sam-rivera"]
    code, out, _ = run(["clients", "show", "sam-rivera"], capsys)
    assert code == 0 and "Sam Rivera (sam-rivera, 78.5 kg)" in out and "no assessments yet" in out


def test_errors_exit_2_without_a_traceback(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(["clients", "add", "Sam Rivera"], capsys)
    code, _, err = run(["clients", "show", "sam-rivra"], capsys)
    assert code == 2 and err.startswith("error: no client with the id 'sam-rivra'")
    assert "Did you mean: sam-rivera?" in err
    code, _, err = run(["clients", "add", "Sam", "--id", "Sam R"], capsys)
    assert code == 2 and err.startswith("error: --id: ") and "lowercase letters" in err
    code, _, err = run(["clients", "add", "Other", "--id", "sam-rivera"], capsys)
    assert code == 2 and "exists already" in err
    code, _, err = run(["clients", "add", "Heavy", "--body-mass-kg", "-3"], capsys)
    assert code == 2 and err.startswith("error: --body-mass-kg: ")


def test_assess_save_then_plan_from_the_stored_assessment(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["clients", "add", "Sam Rivera"], capsys)
    intake = str(SAMPLES / "right-weak.yaml")
    code, out, err = run(["assess", intake, "--client", "sam-rivera", "--save"], capsys)
    assert code == 0, err
    assert "saved assessment" in out and "3 recording file(s) kept" in out
    argv = ["plan", "--client", "sam-rivera", "--save", "--weeks", "4", "--start", "2026-03-02"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "saved program" in out and "Sam Rivera: 4 weeks from 2026-03-02" in out
    code, out, _ = run(["clients", "show", "sam-rivera", "--json"], capsys)
    detail = json.loads(out)
    assert len(detail["assessments"]) == 1 and len(detail["programs"]) == 1
    assert detail["programs"][0]["assessment_id"] == detail["assessments"][0]["id"]
    assert detail["assessments"][0]["recordings"] == [
        "recordings/sam-phe-right.csv",
        "recordings/sam-cmj-dual.txt",
        "recordings/sam-sls.csv",
    ]


def test_save_needs_a_client_and_nothing_is_written(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    intake = str(SAMPLES / "right-weak.yaml")
    code, _, err = run(["assess", intake, "--save"], capsys)
    assert code == 2 and "--save and --client go together" in err
    code, _, err = run(["assess", intake, "--client", "nobody", "--save"], capsys)
    assert code == 2 and "no client with the id 'nobody'" in err
    code, _, err = run(["plan", "--weeks", "4"], capsys)
    assert code == 2 and "give an intake FILE, or --client ID" in err
    run(["clients", "add", "Sam Rivera"], capsys)
    code, _, err = run(["plan", "--client", "sam-rivera", "--weeks", "4"], capsys)
    assert code == 2 and "has no assessment yet" in err


def test_db_status_and_upgrade(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["db", "status", "--json"], capsys)
    state = json.loads(out)
    assert code == 0 and state["current"] is None and state["pending"]
    code, out, err = run(["db", "upgrade"], capsys)
    assert code == 0 and "upgraded" in out, err
    code, out, _ = run(["db", "status"], capsys)
    assert "up to date" in out
    code, out, _ = run(["db", "upgrade"], capsys)
    assert "is up to date" in out


def test_an_unreachable_database_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["clients", "list", "--db", "postgresql://x:pw@127.0.0.1:1/none"], capsys)
    assert code == 1
    assert err.startswith("error: cannot open the database postgresql+psycopg://x:***@")
    assert "Traceback" not in err
