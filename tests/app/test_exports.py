"""``app.exports``: every format of each document renders, and files are written whole."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from slingcoach.app.exports import (
    ASSESSMENT_FORMATS,
    PROGRAM_FORMATS,
    Export,
    document_json,
    render_assessment,
    render_program,
    write_exports,
)
from slingcoach.assessment import Assessment, assess
from slingcoach.errors import InvalidInputError
from slingcoach.programming import Preferences, Program, generate
from tests.assessment.helpers import ASSESSED_ON, make_intake

START = b"%PDF-", b"<!DOCTYPE html>", b"{\n", b"BEGIN:VCALENDAR", b"\xef\xbb\xbfweek,"


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    tests = {"single-leg-glute-bridge-reps": {"left": 25, "right": 20}}
    return assess(make_intake(tests), assessed_on=ASSESSED_ON)


@pytest.fixture(scope="module")
def program(assessment: Assessment) -> Program:
    prefs = Preferences(start_date=ASSESSED_ON, timezone="Europe/London")
    return generate(assessment, prefs, weeks=4, seed=1)


@pytest.mark.parametrize("fmt", [f for f in PROGRAM_FORMATS if f != "pdf"])
def test_program_formats(program: Program, fmt: str) -> None:
    export = render_program(program, fmt)  # type: ignore[arg-type]
    assert export.data.startswith(START) and export.is_text
    assert export.media_type.startswith(
        {
            "json": "application/json",
            "html": "text/html",
            "ics": "text/calendar",
            "csv": "text/csv",
        }[fmt]
    )


@pytest.mark.parametrize("fmt", [f for f in ASSESSMENT_FORMATS if f != "pdf"])
def test_assessment_formats(assessment: Assessment, fmt: str) -> None:
    export = render_assessment(assessment, fmt)  # type: ignore[arg-type]
    assert export.data.startswith(START)


def test_json_export_is_the_document_json(assessment: Assessment, program: Program) -> None:
    assert render_assessment(assessment, "json").data.decode() == document_json(assessment)
    assert Program.model_validate_json(render_program(program, "json").data) == program


def test_a_format_the_document_has_not_is_refused(assessment: Assessment) -> None:
    with pytest.raises(InvalidInputError, match="'ics' is not a format of the assessment"):
        render_assessment(assessment, "ics")


def test_files_are_replaced_whole_with_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    [written] = write_exports([(Export("json", b"{}\n"), target)])
    assert written == target and target.read_bytes() == b"{}\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary left


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "a.json"
    with pytest.raises(FileNotFoundError):
        write_exports([(Export("json", b"{}"), missing)])
    assert list(tmp_path.iterdir()) == []
