"""A coach's program edits on both databases: stored in place, keys kept, who and what kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from slingcoach.app.clients import ClientCreate, add_client
from slingcoach.app.logs import log_sessions
from slingcoach.app.program_edits import edit_program, program_edit_history, program_substitutes
from slingcoach.app.records import save_assessment, save_program
from slingcoach.errors import EditRefusedError, InvalidInputError, NotFoundError
from slingcoach.programming import Weekday
from slingcoach.programming.edit import DaysChange, ExerciseSwap, SetsChange
from slingcoach.storage.database import Database
from slingcoach.storage.documents import load_program
from slingcoach.storage.tables import ProgramEditRow, ProgramRow
from slingcoach.tracking.model import SessionLog
from tests.tracking.helpers import RDL_KEY, START, one_sided, sample_assessment, sample_program

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
COACH = "coach@example.org"


@pytest.fixture
def sam(db: Database) -> Database:
    from slingcoach.assessment.io import load_intake
    from tests.tracking.helpers import SAMPLES

    add_client(db, ClientCreate(name="Sam Rivera", body_mass_kg=78.5), now=NOW)
    intake = load_intake(SAMPLES / "right-weak.yaml")
    saved = save_assessment(
        db,
        "sam-rivera",
        intake.model_copy(update={"recordings": []}),
        sample_assessment(),
        now=NOW,
    )
    save_program(db, "sam-rivera", sample_program(), assessment_id=saved.id, now=NOW)
    return db


class Stored:
    def __init__(self, row: ProgramRow) -> None:
        self.id, self.uid = row.id, row.uid
        self.document, self.sessions = row.document, row.sessions


def stored(db: Database) -> Stored:
    with db.read() as s:
        row = s.scalar(select(ProgramRow))
        assert row is not None
        return Stored(row)


def edits(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(ProgramEditRow)) or 0


def test_a_swap_is_stored_in_place_with_who_and_what(sam: Database) -> None:
    before = stored(sam)
    result = edit_program(
        sam,
        "sam-rivera",
        ExerciseSwap(item_key=RDL_KEY, to="single-leg-rdl"),
        author=COACH,
        today=START,
        now=NOW,
    )
    assert result.saved and result.program_id == before.uid
    assert RDL_KEY in result.changed
    after = stored(sam)
    assert (after.id, after.uid, after.sessions) == (before.id, before.uid, before.sessions)
    program = load_program(after.document)
    item = next(i for w in program.weeks for s in w.sessions for i in s.items if i.key == RDL_KEY)
    assert item.exercise_id == "single-leg-rdl"
    assert program.notes[-1].startswith(f"Changed by {COACH} on 2026-03-02: swapped")
    history = program_edit_history(sam, "sam-rivera")
    assert [(h.author, h.summary) for h in history] == [(COACH, result.summary)]
    assert history[0].edit == {
        "kind": "swap",
        "item_key": RDL_KEY,
        "to": "single-leg-rdl",
        "later_weeks": True,
    }


def test_the_swapped_exercise_is_logged_at_the_same_key(sam: Database) -> None:
    edit_program(
        sam,
        "sam-rivera",
        ExerciseSwap(item_key=RDL_KEY, to="single-leg-rdl"),
        author=COACH,
        today=START,
        now=NOW,
    )
    part = {"reps": 10, "load_kg": 0.0, "rir": 3}
    entry = one_sided("single-leg-rdl", RDL_KEY, [(part, part)])
    day = START + dt.timedelta(days=0)
    result = log_sessions(
        sam, "sam-rivera", [SessionLog(performed_on=day, entries=(entry,))], today=day
    )
    assert result.entries == 1


def test_a_refused_edit_stores_nothing_and_says_why(sam: Database) -> None:
    before = stored(sam)
    with pytest.raises(EditRefusedError, match="trained the wrong way round") as info:
        edit_program(
            sam,
            "sam-rivera",
            SetsChange(item_key=RDL_KEY, sets=1),
            author=COACH,
            today=START,
        )
    assert info.value.location == "sets" and len(info.value.problems) == 1
    assert "week 1 session" in info.value.problems[0]
    assert stored(sam).document == before.document
    assert edits(sam) == 0


def test_a_dry_run_shows_the_warnings_and_stores_nothing(sam: Database) -> None:
    before = stored(sam)
    result = edit_program(
        sam,
        "sam-rivera",
        SetsChange(item_key=RDL_KEY, sets=2),
        author=COACH,
        today=START,
        dry_run=True,
    )
    assert not result.saved
    assert [w.rule for w in result.warnings] == ["weak-side-extra"]
    assert stored(sam).document == before.document and edits(sam) == 0


def test_moving_days_updates_the_planned_sessions_the_flags_read(sam: Database) -> None:
    result = edit_program(
        sam,
        "sam-rivera",
        DaysChange(weekdays=(Weekday.TUESDAY, Weekday.THURSDAY, Weekday.SATURDAY)),
        author=COACH,
        today=START + dt.timedelta(days=1),
        now=NOW,
    )
    assert result.summary == "training days moved to tue, thu, sat from week 2"
    dates = [dt.date.fromisoformat(s["date"]) for s in stored(sam).sessions]
    assert {d.weekday() for d in dates if d >= START + dt.timedelta(weeks=1)} == {1, 3, 5}
    assert {d.weekday() for d in dates if d < START + dt.timedelta(weeks=1)} == {0, 2, 4}


def test_substitutes_and_errors(sam: Database) -> None:
    subs = program_substitutes(sam, "sam-rivera", RDL_KEY)
    assert subs and subs[0].relation == "easier"
    assert all("barbell" not in s.equipment for s in subs)
    with pytest.raises(InvalidInputError, match="no item"):
        program_substitutes(sam, "sam-rivera", "w09-s1-i01")
    with pytest.raises(NotFoundError, match="no program 'nope'"):
        program_edit_history(sam, "sam-rivera", program_id="nope")
    add_client(sam, ClientCreate(name="Ana"), now=NOW)
    with pytest.raises(NotFoundError, match="no program yet"):
        edit_program(sam, "ana", SetsChange(item_key=RDL_KEY, sets=3), author=COACH, today=START)
