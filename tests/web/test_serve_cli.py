"""``slingcoach seed-demo`` (what ``make run`` seeds, twice without harm) and ``serve``'s
refusals (settings and options checked before anything starts, no traceback)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from slingcoach.app.demo import DEMO_COACH_EMAIL, DEMO_PASSWORD
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


@pytest.mark.slow
def test_seed_demo_seeds_the_practice_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    for name in ("right-weak.yaml", "red-flag.yaml"):
        shutil.copy(SAMPLES / name, samples / name)
    shutil.copytree(SAMPLES / "recordings", samples / "recordings")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    argv = ["seed-demo", "--samples", str(samples), "--db", url, "--today", "2026-12-09"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "seeded: the demo practice" in out and DEMO_PASSWORD in out
    assert DEMO_COACH_EMAIL in out and "sam-rivera@demo.slingcoach.org" in out
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0, err
    practice = json.loads(out)
    assert practice["created"] is False
    roles = sorted((login["role"], login["client"]) for login in practice["logins"])
    assert roles == [("client", "pat-morgan"), ("client", "sam-rivera"), ("coach", None)]

    from slingcoach.app.accounts import authenticate
    from slingcoach.app.clients import show_client
    from slingcoach.storage.database import Database

    with Database(url) as db:
        coach = authenticate(db, DEMO_COACH_EMAIL, DEMO_PASSWORD, ip="127.0.0.1")
        client = authenticate(db, "sam-rivera@demo.slingcoach.org", DEMO_PASSWORD, ip="127.0.0.1")
        assert client.coach_id == coach.coach_id
        sam = show_client(db, "sam-rivera")
        assert sam.assessments and sam.programs
        pat = show_client(db, "pat-morgan")
        assert pat.assessments[0].refer and not pat.programs
        # the made-up history (message notices, booking invitations) is not mailed when
        # `make run` starts: only the booking's reminders wait, for their day
        from slingcoach.app import jobs

        withheld = jobs.list_jobs(db, status="cancelled")
        assert len(withheld) == 5 and {j.kind for j in withheld} == {jobs.MAIL}
        waiting = jobs.list_jobs(db, status="pending")
        assert len(waiting) == 2 and {j.kind for j in waiting} == {jobs.BOOKING_REMINDER}


def test_serve_refuses_production_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLINGCOACH_ENV", "production")
    monkeypatch.delenv("SLINGCOACH_SECRET_KEY", raising=False)
    code, _, err = run(["serve"], capsys)
    assert code == 2
    assert "error: settings: SLINGCOACH_SECRET_KEY must be set" in err
    assert "Traceback" not in err


def test_serve_refuses_reload_with_workers(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["serve", "--reload", "--workers", "2"], capsys)
    assert code == 2 and "--reload runs one process" in err


def test_serve_names_a_database_it_cannot_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["serve", "--db", "mysql://nobody@nowhere/x"], capsys)
    assert code != 0 and "slingcoach stores data in SQLite or PostgreSQL" in err


def test_seed_demo_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        [
            "seed-demo",
            "--samples",
            str(tmp_path / "none"),
            "--db",
            f"sqlite:///{tmp_path / 'd.db'}",
        ],
        capsys,
    )
    assert code == 2 and "not a folder of sample intakes" in err
