"""New evidence from the coach: field tests typed into a form, and uploaded recordings.

Both make a new assessment from the client's latest intake (the new test values merged in,
or the new recording added to its recordings), assessed on ``today`` with every recording
kept so far (their stored bytes, never a file of this machine), and kept with
:func:`slingcoach.app.records.save_assessment`. Values are range-checked by the intake model
itself, so the form and the YAML intake refuse the same things with the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from slingcoach.errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from slingcoach.app.records import RecordingFile, SavedAssessment
    from slingcoach.assessment import Intake
    from slingcoach.storage.database import Database

UPLOAD_SUFFIXES = (".csv", ".txt", ".c3d")
"""Recording files the upload takes: CSV/text exports and C3D (the formats signals/ reads)."""


class FieldTestRow(BaseModel):
    """One test of the battery on the form: left and right side by side, with its unit."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    unit: str
    plain: str


def field_test_form() -> list[FieldTestRow]:
    """The battery's tests that take one number per side (reps, seconds, distances, angles);
    tests with several parts (Y-balance reaches, dynamometry with a lever arm, movement
    quality) are entered in the intake."""
    from slingcoach.assessment.battery import battery

    simple = _simple_tests()
    return [
        FieldTestRow(id=t.id, name=t.name, unit=t.unit, plain=t.plain)
        for t in battery().tests
        if t.id in simple
    ]


def _simple_tests() -> set[str]:
    from slingcoach.assessment.intake import (
        FieldTests,
        HipFlexionTest,
        HopTest,
        RepsTest,
        RotationTest,
        SecondsTest,
        TimedTest,
        TripleHopTest,
    )

    kinds: tuple[type[BaseModel], ...] = (
        RepsTest,
        SecondsTest,
        TimedTest,
        HopTest,
        TripleHopTest,
        HipFlexionTest,
        RotationTest,
    )
    out = set()
    for info in FieldTests.model_fields.values():
        args = getattr(info.annotation, "__args__", ())
        if any(a in kinds for a in args) and info.alias:
            out.add(info.alias)
    return out


def enter_field_tests(
    db: Database,
    client_ref: str,
    values: Mapping[str, tuple[str, str]],
    *,
    today: dt.date,
    now: dt.datetime | None = None,
) -> SavedAssessment:
    """Assess the client again with the field tests ``values`` (``{test id: (left, right)}``
    as typed; a test with both sides blank is left as it was).

    Raises
    ------
    InvalidInputError
        A value that is not a number, one side only, or out of the test's range; ``location``
        is ``"<test id>.left"`` or ``".right"``.
    NotFoundError
        The client has no intake yet.
    """
    simple = _simple_tests()
    given: dict[str, dict[str, float]] = {}
    for test_id, (left, right) in values.items():
        if test_id not in simple:
            raise InvalidInputError(f"{test_id!r} is not a test of the form", location=test_id)
        if not left.strip() and not right.strip():
            continue
        sides = {}
        for side, text in (("left", left), ("right", right)):
            if not text.strip():
                raise InvalidInputError(
                    "enter both sides (the gap needs the two)", location=f"{test_id}.{side}"
                )
            try:
                sides[side] = float(text.replace(",", "."))
            except ValueError:
                raise InvalidInputError(
                    f"{text.strip()[:20]!r} is not a number", location=f"{test_id}.{side}"
                ) from None
        given[test_id] = sides
    if not given:
        raise InvalidInputError("enter at least one test, left and right", location="tests")
    intake, files = _latest_intake(db, client_ref)
    tests = intake.tests.model_dump(mode="json", exclude_none=True)
    for test_id, sides in given.items():
        tests[test_id] = {k: (int(v) if v.is_integer() else v) for k, v in sides.items()}
    new = _revalidate(intake, {"tests": tests})
    return _assess_and_save(db, client_ref, new, files, today=today, now=now)


class RecordingUpload(BaseModel):
    """What the upload form says about a recording."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    task: str
    side: str | None = None


def add_recording(
    db: Database,
    client_ref: str,
    name: str,
    content: bytes,
    about: RecordingUpload,
    *,
    max_bytes: int,
    today: dt.date,
    now: dt.datetime | None = None,
) -> tuple[SavedAssessment, dict[str, Any]]:
    """Analyse an uploaded recording, add it to the client's evidence and assess again.

    Returns the saved assessment and the recording's analysis (the assessment's
    ``sensors`` entry: status, method, key numbers, warnings, the findings it supports).
    The file must be CSV/text or C3D, at most ``max_bytes`` and not HTML; its name is kept
    as its base name only.
    """
    from pathlib import PurePosixPath

    from slingcoach.app.records import RecordingFile

    base = PurePosixPath(name.replace("\\", "/")).name
    if not base or len(base) > 200:
        raise InvalidInputError("the file has no usable name", location="file")
    if not base.lower().endswith(UPLOAD_SUFFIXES):
        raise InvalidInputError(f"{base}: upload a CSV, TXT or C3D recording", location="file")
    if not content:
        raise InvalidInputError(f"{base} is empty", location="file")
    if len(content) > max_bytes:
        raise InvalidInputError(
            f"{base} is {len(content) / 1e6:.1f} MB; the most is {max_bytes / 1e6:.1f} MB",
            location="file",
        )
    head = content[:512].lstrip().lower()
    if head.startswith((b"<", b"\xef\xbb\xbf<")):  # markup is never a recording
        raise InvalidInputError(f"{base} looks like a web page, not a recording", location="file")
    intake, files = _latest_intake(db, client_ref)
    entry: dict[str, Any] = {"path": base, "kind": about.kind, "task": about.task}
    if about.side:
        entry["side"] = about.side
    recordings = [r.model_dump(mode="json", exclude_none=True) for r in intake.recordings]
    recordings = [r for r in recordings if r["path"] != base] + [entry]
    new = _revalidate(intake, {"recordings": recordings}, prefix="recording")
    kept = [f for f in files if f.name != base] + [RecordingFile(name=base, content=content)]
    saved = _assess_and_save(db, client_ref, new, kept, today=today, now=now, strict=True)
    from slingcoach.app.records import latest_assessment

    stored = latest_assessment(db, client_ref)
    analysis: dict[str, Any] = next(
        (s.model_dump(mode="json") for s in stored.assessment.sensors if s.file == base), {}
    )
    return saved, analysis


def _revalidate(intake: Intake, update: dict[str, Any], *, prefix: str = "") -> Intake:
    from slingcoach.assessment import Intake

    data = intake.model_dump(mode="json", exclude_none=True, by_alias=True)
    data.update(update)
    try:
        return Intake.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = [str(p) for p in first["loc"]]
        message = str(first["msg"]).removeprefix("Value error, ")
        if loc and loc[0] == "tests":
            where = ".".join(loc[1:3])  # "<test id>.left"
        elif loc and loc[0] == "recordings":
            # the upload form's field: kind, task or side (a task that does not fit the kind
            # is the task's fault)
            where = loc[2] if len(loc) > 2 else ("task" if "task" in message else "file")
        else:
            where = prefix or ".".join(loc)
        raise InvalidInputError(message, location=where) from None


def _latest_intake(db: Database, client_ref: str) -> tuple[Intake, list[RecordingFile]]:
    """The client's latest intake and the bytes of the recordings of their latest assessment."""
    from sqlalchemy import select

    from slingcoach.app.clients import find_client
    from slingcoach.app.records import RecordingFile
    from slingcoach.storage.documents import load_intake
    from slingcoach.storage.tables import AssessmentRow, IntakeRow, RecordingRow

    with db.read() as session:
        client = find_client(session, client_ref)
        row = session.scalar(
            select(IntakeRow)
            .where(IntakeRow.client_id == client.id)
            .order_by(IntakeRow.created_at.desc(), IntakeRow.id.desc())
            .limit(1)
        )
        if row is None:
            raise NotFoundError(
                f"client {client.slug!r} has not filled in the intake yet: the tests and "
                "recordings are added to it"
            )
        intake = load_intake(row.document)
        latest = session.scalar(
            select(AssessmentRow.id)
            .where(AssessmentRow.client_id == client.id)
            .order_by(AssessmentRow.assessed_on.desc(), AssessmentRow.id.desc())
            .limit(1)
        )
        files = []
        if latest is not None:
            for name, content in session.execute(
                select(RecordingRow.file_name, RecordingRow.content)
                .where(RecordingRow.assessment_id == latest)
                .order_by(RecordingRow.position)
            ):
                files.append(RecordingFile(name=name, content=content))
    named = {r.path for r in intake.recordings}
    return intake, [f for f in files if f.name in named]


def _assess_and_save(
    db: Database,
    client_ref: str,
    intake: Intake,
    files: list[RecordingFile],
    *,
    today: dt.date,
    now: dt.datetime | None,
    strict: bool = False,
) -> SavedAssessment:
    from slingcoach.app.assessments import assess_intake
    from slingcoach.app.intakes import IntakeFile
    from slingcoach.app.records import save_assessment
    from slingcoach.app.sources import Source

    have = {f.name for f in files}
    missing = [r.path for r in intake.recordings if r.path not in have]
    if missing:  # named by the intake, never kept: assess without them
        intake = intake.model_copy(
            update={"recordings": [r for r in intake.recordings if r.path in have]}
        )
    loaded = IntakeFile(
        intake=intake,
        source=Source.upload(b"", name="intake.json"),
        attachments={f.name: Source.upload(f.content, name=f.name) for f in files},
    )
    assessment = assess_intake(loaded, assessed_on=today, strict=strict)
    return save_assessment(db, client_ref, intake, assessment, recordings=files, now=now)
