"""``app.programs``: the words people type, the time zone chain, and the program."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from slingcoach.app.programs import (
    PlanRequest,
    make_program,
    parse_date,
    parse_time,
    parse_weekdays,
    program_timezone,
)
from slingcoach.assessment import assess
from slingcoach.errors import InvalidInputError
from tests.assessment.helpers import ASSESSED_ON, make_intake

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TESTS = {"single-leg-glute-bridge-reps": {"left": 25, "right": 20}}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: parse_date("5/1/2026", field="--start"), "--start: '5/1/2026' is not a date"),
        (lambda: parse_time("7pm", field="--at"), "--at: '7pm' is not a time; use HH:MM"),
        (lambda: parse_weekdays("mon,mox", field="--weekdays"), "'mox' is not a weekday"),
        (lambda: parse_weekdays("mondey", field="--weekdays"), "'mondey' is not a weekday"),
    ],
)
def test_bad_words_name_the_field(call: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        call()  # type: ignore[operator]


def test_time_zone_comes_from_the_request_then_the_intake() -> None:
    training = {"level": 2, "days_per_week": 3, "minutes_per_session": 45}
    zoned = make_intake(TESTS, training={**training, "timezone": "Asia/Tokyo"})
    assessment = assess(zoned, assessed_on=ASSESSED_ON)
    assert program_timezone(PlanRequest(timezone="Europe/Paris"), assessment) == "Europe/Paris"
    assert program_timezone(PlanRequest(), assessment) == "Asia/Tokyo"
    program, prefs = make_program(assessment, PlanRequest(weeks=4), today=ASSESSED_ON)
    assert program.timezone == prefs.timezone == "Asia/Tokyo"
    assert program.start_date == dt.date(2026, 3, 9)  # the Monday after 2 March 2026


def test_an_unknown_intake_time_zone_is_refused() -> None:
    training = {"level": 2, "days_per_week": 3, "minutes_per_session": 45}
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        make_intake(TESTS, training={**training, "timezone": "Mars/Olympus"})


def test_out_of_range_preferences_name_the_field() -> None:
    assessment = assess(make_intake(TESTS), assessed_on=ASSESSED_ON)
    with pytest.raises(
        InvalidInputError, match=r"preferences, days_per_week: .*less than or equal"
    ):
        make_program(assessment, PlanRequest(days_per_week=9), today=ASSESSED_ON)


def test_without_a_zone_the_plan_uses_the_computers_not_utc(tmp_path: Path) -> None:
    data = yaml.safe_load((SAMPLES / "balanced.yaml").read_text(encoding="utf-8"))
    data["training"].pop("timezone", None)
    intake = tmp_path / "c.yaml"
    intake.write_text(yaml.safe_dump(data), encoding="utf-8")
    code = (
        "import sys; from slingcoach.cli import main; "
        f"main(['plan', {str(intake)!r}, '--weeks', '4', '--json'])"
    )
    env = {**os.environ, "TZ": "America/Chicago"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["timezone"] == "America/Chicago"
