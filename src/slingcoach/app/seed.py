"""Store a sample client with history: the demo database that ``make run`` writes.

The client is assessed a few weeks ago, given a program that started the Monday after,
and has seeded (simulated, :mod:`slingcoach.app.simulate`) logs up to yesterday, so that
``progress``, ``next-block`` and ``flags`` have something to show at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from slingcoach.storage.database import Database


class SeededClient(BaseModel):
    """What was stored for the sample client."""

    client: str
    assessment_id: str
    program_id: str
    program_start: dt.date
    sessions: int
    sets: int


def seed_sample_client(
    db: Database, intake_path: Path, *, today: dt.date, weeks_logged: int = 4, seed: int = 1
) -> SeededClient:
    """Add the intake's person as a client with an assessment, a program and seeded logs."""
    from slingcoach.app.assessments import assess_intake
    from slingcoach.app.clients import ClientCreate, add_client
    from slingcoach.app.intakes import load_intake
    from slingcoach.app.logs import log_sessions
    from slingcoach.app.programs import PlanRequest, make_program
    from slingcoach.app.records import RecordingFile, save_assessment, save_program
    from slingcoach.app.simulate import SimulatedClient, monday_weeks_before
    from slingcoach.errors import InvalidInputError

    start = monday_weeks_before(today, weeks_logged)
    loaded = load_intake(intake_path)
    assessment = assess_intake(loaded, assessed_on=start - dt.timedelta(days=3))
    files = []
    for recording in loaded.intake.recordings:
        source = loaded.file(recording.path)
        if source is None:
            raise InvalidInputError("recording not found", source=recording.path)
        content = source.read_bytes(what=f"{recording.kind} recording")
        files.append(RecordingFile(name=recording.path, content=content))
    person = assessment.person
    client = add_client(db, ClientCreate(name=person.name, body_mass_kg=person.body_mass_kg))
    saved = save_assessment(db, client.slug, loaded.intake, assessment, recordings=files)
    program, _ = make_program(
        assessment, PlanRequest(weeks=8, seed=seed, start_date=start), today=start
    )
    kept = save_program(db, client.slug, program, assessment_id=saved.id)
    weaker = next((e.weak_side for e in program.emphasis), None)
    simulated = SimulatedClient(seed=seed)
    if weaker is not None:
        from slingcoach.vocab import Sides

        simulated.weaker = Sides(str(weaker))
    logs = simulated.sessions(program, through=today - dt.timedelta(days=1))
    result = log_sessions(db, client.slug, logs, today=today) if logs else None
    return SeededClient(
        client=client.slug,
        assessment_id=saved.id,
        program_id=kept.id,
        program_start=start,
        sessions=result.sessions if result else 0,
        sets=result.sets if result else 0,
    )
