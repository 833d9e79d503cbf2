"""Coach flags: what needs the coach's attention about one client, most urgent first."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from slingcoach.tracking.model import SessionLog
from slingcoach.tracking.retest import TestChange

SILENT_DAYS = 7
"""A client who has not logged for this many days is flagged (our convention)."""
MISSED_WINDOW_DAYS = 14
"""Missed sessions are counted over this many days (our convention)."""
MISSED_TO_FLAG = 2
PAIN_RISE_SESSIONS = 3
"""Pain "trending up": rising over this many sessions in a row on one exercise (convention)."""
PAIN_OF_NOTE = 3
"""...and reaching at least this (0-10): above "minimal" pain (our convention)."""

FlagKind = Literal["red-flag", "asymmetry-worsening", "pain-rising", "missed-sessions", "silent"]
RANK: dict[str, int] = {
    "red-flag": 0,
    "asymmetry-worsening": 1,
    "pain-rising": 2,
    "missed-sessions": 3,
    "silent": 4,
}


@dataclass(frozen=True)
class LoggedEntry:
    """What the flags need of a logged entry."""

    item_key: str | None
    exercise_id: str
    max_pain: int | None


@dataclass(frozen=True)
class LoggedDay:
    """What the flags need of a logged session (no sets: cheap to read for every client)."""

    performed_on: dt.date
    red_flags: tuple[str, ...]
    entries: tuple[LoggedEntry, ...]


@dataclass(frozen=True)
class PlannedDay:
    """A planned session's date and item keys."""

    date: dt.date
    keys: tuple[str, ...]


def logged_day(log: SessionLog) -> LoggedDay:
    """The flags' view of a session log."""
    return LoggedDay(
        log.performed_on,
        log.red_flags,
        tuple(LoggedEntry(e.item_key, e.exercise_id, e.max_pain) for e in log.entries),
    )


@dataclass(frozen=True)
class Flag:
    """One reason for the coach to look."""

    kind: FlagKind
    text: str


def coach_flags(
    *,
    sessions: Sequence[LoggedDay],
    planned: Sequence[PlannedDay],
    worsened: Sequence[TestChange],
    refer: bool,
    today: dt.date,
    since: dt.date | None = None,
) -> list[Flag]:
    """The client's flags, most urgent first.

    ``planned`` are the current program's sessions, ``worsened`` the tests whose gap grew
    beyond error at the last re-test, ``refer`` the latest assessment's referral, and
    ``since`` when the client started (for silence before any log).
    """
    flags = _red_flags(sessions, refer)
    for change in worsened:
        flags.append(
            Flag(
                "asymmetry-worsening",
                f"{change.name}: the left/right gap grew by {change.gap_change:g} "
                f"{change.bar_unit} (beyond the test's error of {change.bar:g})",
            )
        )
    flags += _pain_rising(sessions)
    flags += _missed(planned, sessions, today)
    flags += _silent(sessions, today, since)
    return sorted(flags, key=lambda f: RANK[f.kind])


def _red_flags(sessions: Sequence[LoggedDay], refer: bool) -> list[Flag]:
    out = []
    if refer:
        out.append(Flag("red-flag", "the latest assessment found red flags: see a clinician"))
    for log in sessions:
        if log.red_flags:
            out.append(
                Flag(
                    "red-flag",
                    f"reported on {log.performed_on.isoformat()}: {', '.join(log.red_flags)}; "
                    "programming stops until a clinician has seen them",
                )
            )
    return out


def _pain_rising(sessions: Sequence[LoggedDay]) -> list[Flag]:
    series: dict[str, list[tuple[dt.date, int]]] = {}
    for log in sorted(sessions, key=lambda s: s.performed_on):
        for entry in log.entries:
            if entry.max_pain is not None:
                series.setdefault(entry.exercise_id, []).append((log.performed_on, entry.max_pain))
    out = []
    for exercise_id, points in sorted(series.items()):
        last = [p for _, p in points[-PAIN_RISE_SESSIONS:]]
        rising = all(b > a for a, b in itertools.pairwise(last))
        if len(last) == PAIN_RISE_SESSIONS and rising and last[-1] >= PAIN_OF_NOTE:
            out.append(
                Flag(
                    "pain-rising",
                    f"pain on {exercise_id} rose over {PAIN_RISE_SESSIONS} sessions: "
                    + " → ".join(str(p) for p in last),
                )
            )
    return out


def _missed(
    planned: Sequence[PlannedDay], sessions: Sequence[LoggedDay], today: dt.date
) -> list[Flag]:
    start = today - dt.timedelta(days=MISSED_WINDOW_DAYS)
    logged = {e.item_key for log in sessions for e in log.entries if e.item_key}
    # a session is missed once its day is over with none of its items logged
    missed = [s for s in planned if start <= s.date < today and not logged & set(s.keys)]
    if len(missed) < MISSED_TO_FLAG:
        return []
    days = ", ".join(s.date.isoformat() for s in missed)
    return [
        Flag(
            "missed-sessions",
            f"{len(missed)} planned sessions missed in the last {MISSED_WINDOW_DAYS} days ({days})",
        )
    ]


def _silent(sessions: Sequence[LoggedDay], today: dt.date, since: dt.date | None) -> list[Flag]:
    last = max((s.performed_on for s in sessions), default=None)
    reference = last or since
    if reference is None or (today - reference).days < SILENT_DAYS:
        return []
    what = f"no log since {last.isoformat()}" if last else "nothing logged yet"
    return [Flag("silent", f"{what} ({(today - reference).days} days)")]
