"""Coach flags and the next block's inputs."""

from __future__ import annotations

import datetime as dt

from slingcoach.tracking.flags import PlannedDay, coach_flags, logged_day
from slingcoach.tracking.model import LogEntry, LoggedSet, SessionLog
from slingcoach.tracking.nextblock import block_inputs, next_monday
from slingcoach.tracking.plan import plan_index
from tests.tracking.helpers import (
    RDL,
    RDL_KEY,
    RDL_SESSION,
    SKIPPED,
    START,
    one_sided,
    parts,
    rdl,
    sample_program,
)


def planned(plan: object) -> list[PlannedDay]:
    return [PlannedDay(s.date, s.keys) for s in plan.sessions]  # type: ignore[attr-defined]


def painful(day: dt.date, pain: int) -> SessionLog:
    part = {"reps": 8, "load_kg": 10, "pain": pain}
    return SessionLog(performed_on=day, entries=(one_sided(RDL, None, [(part, part)]),))


def test_an_exercise_left_out_of_attended_sessions_is_skipped() -> None:
    plan = plan_index(sample_program())
    # the RDL's session of weeks 1 and 2 attended with only the RDL: the rest was skipped
    logs = [rdl(START, RDL_KEY, (10, 12), (10, 14))]
    week2 = next(s for s in plan.sessions if s.week == 2 and s.number == RDL_SESSION)
    rdl_key = next(k for k in week2.keys if plan.items[k].exercise_id == RDL)
    logs.append(rdl(week2.date, rdl_key, (10, 12), (10, 14)))
    inputs = block_inputs(plan, logs, today=week2.date)
    assert SKIPPED in inputs.avoid and RDL not in inputs.avoid
    assert any(f"{SKIPPED} was done in 0 of 2 sessions" in r for r in inputs.reasons)


def test_flags_most_urgent_first() -> None:
    plan = plan_index(sample_program())
    logs = [painful(START + dt.timedelta(days=d), p) for d, p in ((0, 1), (2, 3), (4, 5))]
    logs.append(
        SessionLog(
            performed_on=START + dt.timedelta(days=5),
            entries=(
                LogEntry(
                    exercise_id="bear-crawl",
                    sets=(LoggedSet(number=1, parts=parts(both={"metres": 10})),),
                ),
            ),
            red_flags=("bladder-change",),
        )
    )
    flags = coach_flags(
        sessions=[logged_day(log) for log in logs],
        planned=planned(plan),
        worsened=(),
        refer=False,
        today=START + dt.timedelta(days=20),
        program_starts=(START,),
    )
    kinds = [f.kind for f in flags]
    assert kinds == ["red-flag", "pain-rising", "missed-sessions", "silent"]
    assert "1 → 3 → 5" in flags[1].text
    assert "15 days" in flags[-1].text


def test_a_quiet_compliant_client_has_no_flags() -> None:
    plan = plan_index(sample_program())
    logs = [rdl(START, RDL_KEY, (10, 12), (10, 14))]
    days = [logged_day(log) for log in logs]
    assert (
        coach_flags(
            sessions=days,
            planned=planned(plan),
            worsened=(),
            refer=False,
            today=START,
            program_starts=(START,),
        )
        == []
    )
    silent = coach_flags(
        sessions=[], planned=[], worsened=(), refer=False, today=START, program_starts=(START,)
    )
    assert silent == []


def test_next_block_keeps_swaps_and_drops_what_hurt_or_was_skipped() -> None:
    plan = plan_index(sample_program())
    swapped = one_sided("kickstand-rdl", RDL_KEY, [({"reps": 8}, {"reps": 8})], swapped_from=RDL)
    logs = [
        SessionLog(performed_on=START, entries=(swapped,)),
        painful(START + dt.timedelta(days=2), 7),
    ]
    today = START + dt.timedelta(days=28)
    inputs = block_inputs(plan, logs, today=today)
    assert "kickstand-rdl" in inputs.favourites
    assert RDL in inputs.avoid
    assert any("hurt (7/10)" in r for r in inputs.reasons)
    # the sessions not attended are missed, not skipped: nothing else is left out
    assert inputs.avoid == (RDL,)
    assert inputs.start_date == next_monday(today) and inputs.start_date.weekday() == 0


def test_silence_needs_a_program_and_end_of_session_pain_counts() -> None:
    from slingcoach.tracking.flags import PainPoint

    today = START + dt.timedelta(days=40)
    nothing = {"sessions": [], "planned": [], "worsened": (), "refer": False, "today": today}
    assert coach_flags(**nothing, program_starts=()) == []  # type: ignore[arg-type]
    [silent] = coach_flags(**nothing, program_starts=(START,))  # type: ignore[arg-type]
    assert silent.kind == "silent" and "40 days" in silent.text
    # a next block saved ahead of its start leaves the one in force deciding silence
    ahead = coach_flags(**nothing, program_starts=(START, today + dt.timedelta(days=2)))  # type: ignore[arg-type]
    assert ahead == [silent]
    heard = coach_flags(
        **nothing,  # type: ignore[arg-type]
        program_starts=(START,),
        last_message_on=today - dt.timedelta(days=1),
    )
    assert heard == []
    checkins = [PainPoint(START + dt.timedelta(days=d), p) for d, p in ((30, 1), (32, 3), (35, 4))]
    [pain] = coach_flags(
        **nothing,  # type: ignore[arg-type]
        program_starts=(),
        checkins=checkins,
    )
    assert pain.kind == "pain-rising" and "1 → 3 → 4" in pain.text
