"""Shared fixtures for tracking tests: the sample client's program and log builders."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from slingcoach.assessment import Assessment, assess
from slingcoach.assessment.io import load_intake
from slingcoach.programming import Preferences, Program, generate
from slingcoach.tracking.model import LogEntry, LoggedSet, SessionLog, SidePart
from slingcoach.vocab import Sides

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
START = dt.date(2026, 3, 2)  # a Monday: week 1, session 1
RDL = "single-leg-rdl-contralateral-kettlebell"  # its items: RDL_KEY (right), RDL_LEFT_KEY


@lru_cache(maxsize=1)
def sample_assessment() -> Assessment:
    return assess(load_intake(SAMPLES / "right-weak.yaml"), assessed_on=dt.date(2026, 3, 1))


@lru_cache(maxsize=1)
def sample_program() -> Program:
    """Sam's 4-week block from 2026-03-02."""
    return generate(sample_assessment(), Preferences(start_date=START), weeks=4, seed=1)


def parts(**sides: dict[str, Any]) -> tuple[SidePart, ...]:
    return tuple(SidePart(side=Sides(side), **values) for side, values in sides.items())


def one_sided(
    exercise: str,
    key: str | None,
    sets: list[tuple[dict[str, Any], dict[str, Any]]],
    **extra: Any,
) -> LogEntry:
    """An entry with (right, left) parts per set."""
    return LogEntry(
        item_key=key,
        exercise_id=exercise,
        sets=tuple(
            LoggedSet(number=n, parts=parts(right=r, left=left))
            for n, (r, left) in enumerate(sets, start=1)
        ),
        **extra,
    )


def rdl(
    day: dt.date, key: str, right: tuple[int, float], left: tuple[int, float], **kw: Any
) -> SessionLog:
    """A session with the single-leg RDL: 2 sets of (reps, kg) per side at RIR 3."""
    r = {"reps": right[0], "load_kg": right[1], "rir": 3}
    lft = {"reps": left[0], "load_kg": left[1], "rir": 3}
    entry = one_sided(RDL, key, [(r, lft), (r, lft)])
    return SessionLog(performed_on=day, entries=(entry,), **kw)


def _week_one(pred: Any) -> tuple[Any, Any]:
    """(session, item) of the first item of week 1 for which ``pred(session, item)`` holds."""
    for session in sample_program().weeks[0].sessions:
        for item in session.items:
            if pred(session, item):
                return session, item
    raise LookupError("the sample program has no such item")  # pragma: no cover


# Where the generator put things in Sam's program (read from it, so a better program does not
# break these tests): the single-leg RDL's right and left items, a carry, and an exercise of
# the RDL's session that no other session of the week has.
_RDL_SESSION, _RDL_RIGHT = _week_one(lambda s, i: i.exercise_id == RDL and i.side.value == "right")
RDL_SESSION: int = _RDL_SESSION.number
RDL_KEY: str = _RDL_RIGHT.key
RDL_LEFT_KEY: str = next(
    i.key for i in _RDL_SESSION.items if i.exercise_id == RDL and i.side.value == "left"
)
_, _CARRY = _week_one(lambda s, i: i.unit.value == "metres" and i.side.value == "both")
CARRY: str = str(_CARRY.exercise_id)
CARRY_KEY: str = _CARRY.key
SKIPPED: str = next(
    str(i.exercise_id)
    for i in _RDL_SESSION.items
    if i.hard
    and i.exercise_id != RDL
    and not any(
        j.exercise_id == i.exercise_id
        for s in sample_program().weeks[0].sessions
        if s.number != RDL_SESSION
        for j in s.items
    )
)


def rdl_key(week: int) -> str:
    """The key of the right single-leg RDL item in ``week`` (same session and position)."""
    return f"w{week:02d}{RDL_KEY[3:]}"
