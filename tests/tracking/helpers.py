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
RDL = "single-leg-rdl-contralateral-kettlebell"  # w01-s1-i05 (right) and i06 (left)


@lru_cache(maxsize=1)
def sample_assessment() -> Assessment:
    return assess(load_intake(SAMPLES / "right-weak.yaml"), assessed_on=dt.date(2026, 3, 1))


@lru_cache(maxsize=1)
def sample_program() -> Program:
    """Sam's 4-week block from 2026-03-02 (w01-s1-i05/i06: single-leg RDL right/left)."""
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
