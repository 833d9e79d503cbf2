"""Export and import: a lossless round trip, older files, and nothing written on failure."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable

import pytest

from slingcoach.app.clients import ClientCreate, NoteCreate, add_client, add_note, list_clients
from slingcoach.app.logs import log_sessions
from slingcoach.app.records import RecordingFile, save_assessment, save_program
from slingcoach.app.transfer import export_client, export_json, import_client, parse_export
from slingcoach.errors import ConflictError, InvalidInputError
from slingcoach.storage.database import Database
from tests.tracking.helpers import RDL_KEY, SAMPLES, START, rdl, rdl_key, sample_program

NOW = dt.datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)


def _history(db: Database) -> None:
    """Sam: an intake with 3 recordings, an assessment, a program, two sessions, a note."""
    from slingcoach.app.assessments import assess_file
    from slingcoach.assessment.io import load_intake

    add_client(db, ClientCreate(name="Sam Rivera", body_mass_kg=78.5), now=NOW)
    intake = load_intake(SAMPLES / "right-weak.yaml")
    assessment = assess_file(SAMPLES / "right-weak.yaml", assessed_on=dt.date(2026, 3, 1))
    files = [
        RecordingFile(name=r.path, content=(SAMPLES / r.path).read_bytes())
        for r in intake.recordings
    ]
    saved = save_assessment(db, "sam-rivera", intake, assessment, recordings=files, now=NOW)
    save_program(db, "sam-rivera", sample_program(), assessment_id=saved.id, now=NOW)
    logs = [
        rdl(START, RDL_KEY, (9, 12), (9, 14), notes="felt good", session_rpe=6),
        rdl(START + dt.timedelta(weeks=1), rdl_key(2), (10, 12.5), (9, 14)),
    ]
    log_sessions(db, "sam-rivera", logs, today=START + dt.timedelta(weeks=1), now=NOW)
    add_note(db, "sam-rivera", NoteCreate(text="left hip tight after runs"), now=NOW)


@pytest.mark.parametrize(
    "target", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_export_import_export_is_identical(
    db: Database, target: str, new_database: Callable[[str], str]
) -> None:
    from slingcoach.storage.migrate import upgrade

    _history(db)
    first = export_json(export_client(db, "sam-rivera"))
    data = json.loads(first)
    assert data["format_version"] == 2 and len(data["workouts"]) == 2
    assert len(data["assessments"][0]["recordings"]) == 3
    with Database(new_database(target), check=False) as empty:
        upgrade(empty)
        imported = import_client(empty, parse_export(json.loads(first)))
        assert (imported.assessments, imported.programs, imported.workouts) == (1, 1, 2)
        second = export_json(export_client(empty, "sam-rivera"))
    assert second == first
    original = (SAMPLES / "recordings" / "sam-phe-right.csv").read_bytes()
    assert base64.b64decode(data["assessments"][0]["recordings"][0]["content_base64"]) == original


def test_importing_twice_is_a_conflict_and_writes_nothing(db: Database) -> None:
    _history(db)
    export = parse_export(json.loads(export_json(export_client(db, "sam-rivera"))))
    with pytest.raises(ConflictError, match="'sam-rivera' exists already"):
        import_client(db, export)
    assert len(list_clients(db)) == 1


def test_a_file_that_fails_half_way_leaves_the_database_as_it_was(db: Database) -> None:
    _history(db)
    data = json.loads(export_json(export_client(db, "sam-rivera")))
    data["client"]["slug"] = "sam-copy"
    data["assessments"][0]["id"] = "0123456789abcdef"
    data["programs"][0]["assessment_id"] = "0123456789abcdef"
    # the last workout's sets are impossible: found only after the rows before it were added
    data["workouts"][-1]["entries"][0]["sets"][0]["parts"][0]["pain"] = 11
    data["programs"][0]["id"] = "fedcba9876543210"
    data["workouts"][0]["program_id"] = data["workouts"][1]["program_id"] = "fedcba9876543210"
    with pytest.raises(InvalidInputError, match="workout on 2026-03-09, entry 1"):
        import_client(db, parse_export(data))
    assert [c.slug for c in list_clients(db)] == ["sam-rivera"]


def test_an_older_file_imports(db: Database, new_database: Callable[[str], str]) -> None:
    """A version-1 file (before workout logs) holding a 1.0 program document."""
    _history(db)
    data = json.loads(export_json(export_client(db, "sam-rivera")))
    old = {k: v for k, v in data.items() if k not in ("workouts", "progressions")}
    old["format_version"] = 1
    program = old["programs"][0]
    program["schema_version"] = "1.0"
    doc = program["document"]
    doc["schema_version"] = "1.0"
    for name in ("assessment_id", "catalogue_hash", "warnings"):
        del doc[name]
    for week in doc["weeks"]:
        del week["lab_tests"]
        for session in week["sessions"]:
            for item in session["items"]:
                for name in ("key", "progression", "setup", "finding_id", "retest"):
                    del item[name]
    export = parse_export(old)
    assert export.format_version == 2 and export.workouts == []
    assert export.programs[0].schema_version == "2.0"
    assert export.programs[0].document["weeks"][0]["sessions"][0]["items"][0]["key"] == (
        "w01-s1-i01"
    )
    with Database(new_database("sqlite")) as empty:
        assert import_client(empty, export).programs == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a slingcoach client export"),
        ({"format": "slingcoach-client", "format_version": 9}, "format_version 9 is not one"),
        ({"format": "slingcoach-client", "format_version": 2}, "Field required"),
    ],
)
def test_bad_files_are_refused_clearly(data: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_export(data)


def test_tampered_recording_bytes_are_refused(db: Database) -> None:
    _history(db)
    data = json.loads(export_json(export_client(db, "sam-rivera")))
    data["client"]["slug"] = "other"
    data["assessments"][0]["recordings"][0]["content_base64"] = base64.b64encode(b"x").decode()
    with pytest.raises(InvalidInputError, match="do not match its sha256"):
        import_client(db, parse_export(data))
