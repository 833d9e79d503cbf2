"""Saving assessments (with the recordings' bytes) and programs, on both databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from slingcoach.app.clients import ClientCreate, add_client, show_client
from slingcoach.app.records import (
    RecordingFile,
    latest_assessment,
    save_assessment,
    save_program,
)
from slingcoach.assessment import Assessment, Intake
from slingcoach.assessment.io import load_intake
from slingcoach.errors import InvalidInputError, NotFoundError
from slingcoach.storage.database import Database
from slingcoach.storage.tables import AssessmentRow, IntakeRow, RecordingRow

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def sample() -> tuple[Intake, Assessment, list[RecordingFile]]:
    intake = load_intake(SAMPLES / "right-weak.yaml")
    files = [
        RecordingFile(name=r.path, content=(SAMPLES / r.path).read_bytes())
        for r in intake.recordings
    ]
    # the recordings as analysed for the assessment (their derived results are kept too)
    from slingcoach.app.assessments import assess_file

    return intake, assess_file(SAMPLES / "right-weak.yaml", assessed_on=dt.date(2026, 3, 1)), files


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t))
            for t in (IntakeRow, AssessmentRow, RecordingRow)
        )


def test_save_keeps_the_documents_and_the_original_bytes(
    db: Database, sample: tuple[Intake, Assessment, list[RecordingFile]]
) -> None:
    intake, assessment, files = sample
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    saved = save_assessment(db, "sam-rivera", intake, assessment, recordings=files, now=NOW)
    assert saved.created and saved.recordings == 3 and saved.assessed_on == dt.date(2026, 3, 1)
    with db.read() as s:
        rows = s.scalars(select(RecordingRow).order_by(RecordingRow.position)).all()
        assert [r.content for r in rows] == [f.content for f in files]
        assert [r.file_name for r in rows] == [f.name for f in files]
        assert all(r.results is not None and r.results["status"] == "ok" for r in rows)
    stored = latest_assessment(db, "sam-rivera")
    assert stored.assessment == assessment
    assert stored.id == saved.id
    detail = show_client(db, "sam-rivera")
    assert detail.intakes == 1 and detail.body_mass_kg == 78.5
    assert [a.id for a in detail.assessments] == [saved.id]


def test_saving_the_same_assessment_again_writes_nothing(
    db: Database, sample: tuple[Intake, Assessment, list[RecordingFile]]
) -> None:
    intake, assessment, files = sample
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    save_assessment(db, "sam-rivera", intake, assessment, recordings=files, now=NOW)
    again = save_assessment(db, "sam-rivera", intake, assessment, recordings=files, now=NOW)
    assert not again.created
    assert _counts(db) == (1, 1, 3)


def test_missing_recording_bytes_write_nothing(
    db: Database, sample: tuple[Intake, Assessment, list[RecordingFile]]
) -> None:
    intake, assessment, files = sample
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    with pytest.raises(InvalidInputError, match=r"sam-sls\.csv were not given"):
        save_assessment(db, "sam-rivera", intake, assessment, recordings=files[:2], now=NOW)
    extra = [*files, RecordingFile(name="other.csv", content=b"x")]
    with pytest.raises(InvalidInputError, match=r"other\.csv is not one of the intake's"):
        save_assessment(db, "sam-rivera", intake, assessment, recordings=extra, now=NOW)
    assert _counts(db) == (0, 0, 0)


def test_a_failure_inside_the_transaction_leaves_the_database_as_it_was(
    db: Database,
    sample: tuple[Intake, Assessment, list[RecordingFile]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    intake, assessment, files = sample
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    import slingcoach.storage.documents as documents

    real = documents.dump_document
    calls = {"n": 0}

    def failing(model: object) -> object:
        calls["n"] += 1
        if calls["n"] == 4:  # after the intake and two recordings' results were built
            raise RuntimeError("disk full")
        return real(model)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "dump_document", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        save_assessment(db, "sam-rivera", intake, assessment, recordings=files, now=NOW)
    assert _counts(db) == (0, 0, 0)


def test_no_assessment_yet_says_what_to_do(db: Database) -> None:
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    with pytest.raises(NotFoundError, match="assess FILE --client sam-rivera --save"):
        latest_assessment(db, "sam-rivera")


def test_program_is_linked_to_its_assessment(
    db: Database, sample: tuple[Intake, Assessment, list[RecordingFile]]
) -> None:
    from slingcoach.programming import Preferences, generate
    from slingcoach.storage.documents import load_program
    from slingcoach.storage.tables import ProgramRow

    intake, assessment, files = sample
    add_client(db, ClientCreate(name="Sam Rivera"), now=NOW)
    saved = save_assessment(db, "sam-rivera", intake, assessment, recordings=files, now=NOW)
    program = generate(assessment, Preferences(start_date=dt.date(2026, 3, 2)), weeks=4, seed=1)
    kept = save_program(db, "sam-rivera", program, assessment_id=saved.id, now=NOW)
    assert kept.created and kept.assessment_id == saved.id and kept.weeks == 4
    assert not save_program(db, "sam-rivera", program, assessment_id=saved.id, now=NOW).created
    with db.read() as s:
        row = s.scalars(select(ProgramRow)).one()
        assert load_program(row.document) == program
    with pytest.raises(NotFoundError, match="has no assessment 'nope'"):
        save_program(db, "sam-rivera", program, assessment_id="nope", now=NOW)
    assert show_client(db, "sam-rivera").programs[0].assessment_id == saved.id
