"""Logging sessions on both databases: stored per side, checked first, one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from slingcoach.app.clients import ClientCreate, add_client
from slingcoach.app.logs import client_sessions, log_sessions
from slingcoach.app.progress import coach_flags_all, next_block, progress
from slingcoach.app.records import save_assessment, save_program
from slingcoach.errors import InvalidInputError, ReferralRequiredError
from slingcoach.storage.database import Database
from slingcoach.storage.tables import LogEntryRow, ProgressionRow, WorkoutRow
from slingcoach.tracking.model import SessionLog
from tests.tracking.helpers import (
    RDL,
    RDL_KEY,
    SKIPPED,
    START,
    one_sided,
    rdl,
    rdl_key,
    sample_assessment,
    sample_program,
)

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def sam(db: Database) -> Database:
    """Sam with the sample assessment and 4-week program stored."""
    from slingcoach.assessment.io import load_intake
    from tests.tracking.helpers import SAMPLES

    add_client(db, ClientCreate(name="Sam Rivera", body_mass_kg=78.5), now=NOW)
    intake = load_intake(SAMPLES / "right-weak.yaml")
    assessment = sample_assessment()
    saved = save_assessment(
        db, "sam-rivera", intake.model_copy(update={"recordings": []}), assessment, now=NOW
    )
    save_program(db, "sam-rivera", sample_program(), assessment_id=saved.id, now=NOW)
    return db


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(WorkoutRow)) or 0,
            s.scalar(select(func.count()).select_from(LogEntryRow)) or 0,
        )


def test_a_session_is_stored_and_moves_each_side(sam: Database) -> None:
    result = log_sessions(sam, "sam-rivera", [rdl(START, RDL_KEY, (10, 12), (9, 14))], today=START)
    assert (result.sessions, result.entries, result.sets) == (1, 1, 2)
    moves = {p.side: p for p in result.prescriptions}
    assert moves["right"].action == "add-load" and moves["right"].load_kg == 13
    assert moves["left"].action == "hold" and moves["left"].load_kg == 14
    with sam.read() as s:
        from slingcoach.app.clients import find_client

        stored = client_sessions(s, find_client(s, "sam-rivera"))
    assert stored == [rdl(START, RDL_KEY, (10, 12), (9, 14))]


def test_a_swap_keeps_the_link_to_the_planned_item(sam: Database) -> None:
    entry = one_sided("kickstand-rdl", RDL_KEY, [({"reps": 8}, {"reps": 8})], swapped_from=RDL)
    log_sessions(sam, "sam-rivera", [SessionLog(performed_on=START, entries=(entry,))], today=START)
    with sam.read() as s:
        row = s.scalars(select(LogEntryRow)).one()
        assert (row.item_key, row.exercise_id, row.swapped_from) == (
            RDL_KEY,
            "kickstand-rdl",
            RDL,
        )


@pytest.mark.parametrize(
    ("log", "message"),
    [
        (rdl(START + dt.timedelta(days=9), RDL_KEY, (10, 12), (9, 14)), "in the future"),
        (rdl(START, rdl_key(7), (10, 12), (9, 14)), f"no item {rdl_key(7)}"),
        (rdl(START, RDL_KEY, (10, 400), (9, 14)), r"400 kg is not possible"),
    ],
    ids=["future", "unknown-item", "impossible-load"],
)
def test_a_batch_with_one_bad_session_writes_nothing(
    sam: Database, log: SessionLog, message: str
) -> None:
    good = rdl(START, RDL_KEY, (10, 12), (9, 14))
    with pytest.raises(InvalidInputError, match=message):
        log_sessions(sam, "sam-rivera", [good, log], today=START + dt.timedelta(days=2))
    assert _counts(sam) == (0, 0)
    with sam.read() as s:
        assert s.scalar(select(func.count()).select_from(ProgressionRow)) == 0


def test_a_failure_after_the_rows_were_written_rolls_everything_back(
    sam: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import slingcoach.app.logs as logs

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("lost the connection half-way")

    log_sessions(sam, "sam-rivera", [rdl(START, RDL_KEY, (10, 12), (9, 14))], today=START)
    before = _counts(sam)
    monkeypatch.setattr(logs, "_update_progressions", broken)
    later = [rdl(START + dt.timedelta(days=7), rdl_key(2), (8, 10), (8, 10))]
    with pytest.raises(RuntimeError, match="half-way"):
        log_sessions(sam, "sam-rivera", later, today=START + dt.timedelta(days=7))
    assert _counts(sam) == before


def test_unknown_red_flag_ids_are_refused(sam: Database) -> None:
    log = rdl(START, RDL_KEY, (10, 12), (9, 14), red_flags=("bladder-chnage",))
    with pytest.raises(InvalidInputError, match="unknown red-flag question"):
        log_sessions(sam, "sam-rivera", [log], today=START)


def test_progress_flags_and_the_next_block(sam: Database) -> None:
    logs = [
        rdl(START + dt.timedelta(weeks=w), key, (9, 12 + w), (9, 14))
        for w, key in enumerate([RDL_KEY, rdl_key(2)])
    ]
    log_sessions(sam, "sam-rivera", logs, today=START + dt.timedelta(weeks=1))
    today = START + dt.timedelta(weeks=4)
    report = progress(sam, "sam-rivera", today=today)
    assert report.sessions_logged == 2 and report.last_logged_on == logs[-1].performed_on
    assert [a.days for a in report.adherence] == [7, 30]
    assert report.strength[0].exercise_id == RDL and len(report.strength[0].points) == 2
    assert {f.kind for f in report.flags} >= {"missed-sessions", "silent"}
    everyone = coach_flags_all(sam, today=today)
    assert [c.client for c in everyone] == ["sam-rivera"]
    block = next_block(sam, "sam-rivera", today=today)
    assert block.start_date == dt.date(2026, 4, 6)
    assert block.program.start_date == block.start_date
    held = [p for p in report.prescriptions if p["exercise_id"] == RDL and p["side"] == "right"]
    assert held[0]["load_kg"] == 13 and held[0]["action"] == "hold"  # 9 of 8-10 reps
    assert SKIPPED in block.avoid  # left out of both attended sessions
    used = {i.exercise_id for w in block.program.weeks for s in w.sessions for i in s.items}
    assert SKIPPED not in used
    assert all(load["exercise_id"] in used for load in block.starting_loads)


def test_a_red_flag_reported_later_stops_the_next_block(sam: Database) -> None:
    log = rdl(START, RDL_KEY, (10, 12), (9, 14), red_flags=("bladder-change",))
    log_sessions(sam, "sam-rivera", [log], today=START)
    with pytest.raises(ReferralRequiredError, match="bladder-change"):
        next_block(sam, "sam-rivera", today=START + dt.timedelta(days=20))
    kinds = [f.kind for f in progress(sam, "sam-rivera", today=START).flags]
    assert kinds[0] == "red-flag"


def test_the_flag_list_sees_a_worse_retest(sam: Database) -> None:
    from slingcoach.assessment import Intake, assess
    from slingcoach.assessment.io import load_intake
    from tests.tracking.helpers import SAMPLES

    data = load_intake(SAMPLES / "right-weak.yaml").model_dump(mode="json", by_alias=True)
    data["recordings"] = []
    data["tests"]["single-leg-glute-bridge-reps"] = {"left": 24, "right": 12}
    intake = Intake.model_validate(data)
    later = assess(intake, assessed_on=dt.date(2026, 4, 1))
    save_assessment(sam, "sam-rivera", intake, later, now=NOW + dt.timedelta(days=40))
    everyone = coach_flags_all(sam, today=dt.date(2026, 4, 2))
    kinds = [f.kind for f in everyone[0].flags]
    assert "asymmetry-worsening" in kinds
    worse = next(f for f in everyone[0].flags if f.kind == "asymmetry-worsening")
    assert "glute bridge" in worse.text.lower()
    # the same verdict as the full re-test in progress()
    report = progress(sam, "sam-rivera", today=dt.date(2026, 4, 2))
    assert [f.text for f in report.flags if f.kind == "asymmetry-worsening"] == [worse.text]


def test_parsed_programs_are_reused_by_content_and_evicted_oldest_first() -> None:
    import json

    from slingcoach.app.logs import ParsedPrograms
    from slingcoach.storage.documents import dump_document
    from tests.tracking.helpers import sample_program

    program = sample_program()
    text = json.dumps(dump_document(program))
    cache = ParsedPrograms(capacity=2)
    first, plan = cache.get(text)
    assert first == program and plan.sessions
    assert cache.get(text)[0] is first  # same content: parsed once
    edited = program.model_copy(update={"notes": (*program.notes, "moved a day")})
    other = json.dumps(dump_document(edited))
    assert cache.get(other)[0].notes[-1] == "moved a day"  # new content: a new entry
    cache.get(json.dumps(dump_document(program), indent=1))  # a third text: the first goes
    assert cache.get(text)[0] is not first
