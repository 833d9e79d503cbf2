"""Coach flags: what needs the coach's attention about one client, most urgent first.

The flags are made in two steps so that the coach's list of every client stays cheap:
:func:`activity` sums up a client's logs, check-ins, messages and current program in a
small :class:`Activity` that does not depend on the day (storage keeps one per client,
refreshed whenever those change), and :func:`flags_of` reads it on a given day.
:func:`coach_flags` does both for one client.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol

from slingcoach.tracking.model import SessionLog

SILENT_DAYS = 7
"""A client with a program who has neither logged nor written for this many days is flagged
(our convention)."""
MISSED_WINDOW_DAYS = 14
"""Missed sessions are counted over this many days (our convention)."""
MISSED_TO_FLAG = 2
PAIN_RISE_SESSIONS = 3
"""Pain "trending up": rising over this many sessions in a row on one exercise, or at the end
of this many sessions in a row (our convention)."""
PAIN_OF_NOTE = 3
"""...and reaching at least this (0-10): above "minimal" pain (our convention)."""
FLAG_WINDOW_DAYS = 60
"""Red flags and pain reported longer ago than this no longer raise a flag (our convention)."""
SESSION_PAIN = "end-of-session"
"""The key of the end-of-session pain series (check-ins) among the exercises' series."""

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


class PainPoint(NamedTuple):
    """Pain 0-10 reported on a day: an exercise's worst set, or the end of a session.

    (Named tuples here and in :class:`PlannedState`: the dashboard makes thousands of them.)
    """

    on: dt.date
    pain: int


class PlannedState(NamedTuple):
    """A planned session of the current program and whether any of its items was logged."""

    date: dt.date
    done: bool


@dataclass(frozen=True)
class Activity:
    """What the flags and adherence need of one client, whatever the day.

    ``pain`` holds the last :data:`PAIN_RISE_SESSIONS` pain points, oldest first, of each
    exercise (and of :data:`SESSION_PAIN`, the end-of-session check-ins) whose pain rose over
    them to a pain of note: only those can raise a flag, on a day when all of them are recent
    enough. ``program_starts`` are the start dates of the client's programs, oldest first;
    ``planned`` holds every session of the current (latest-starting) one.
    """

    @property
    def program_start(self) -> dt.date | None:
        """The start of the current program (``None`` without a program)."""
        return self.program_starts[-1] if self.program_starts else None

    def in_force(self, today: dt.date) -> dt.date | None:
        """The start of the program in force on ``today``: the latest one started by then."""
        started = [d for d in self.program_starts if d <= today]
        return started[-1] if started else None

    last_logged_on: dt.date | None
    last_message_on: dt.date | None
    program_starts: tuple[dt.date, ...]
    red_flags: tuple[tuple[dt.date, tuple[str, ...]], ...]
    pain: tuple[tuple[str, tuple[PainPoint, ...]], ...]
    planned: tuple[PlannedState, ...]


class GapChange(Protocol):
    """A test whose left/right gap grew beyond error (a ``retest.TestChange`` or its brief)."""

    @property
    def name(self) -> str: ...
    @property
    def gap_change(self) -> float: ...
    @property
    def bar(self) -> float: ...
    @property
    def bar_unit(self) -> str: ...


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


def activity(
    sessions: Sequence[LoggedDay],
    planned: Sequence[PlannedDay],
    *,
    program_starts: Sequence[dt.date],
    checkins: Sequence[PainPoint] = (),
    last_message_on: dt.date | None = None,
) -> Activity:
    """Sum up a client's sessions, end-of-session pain (``checkins``) and programs.

    ``planned`` are the sessions of the current (latest-starting) program; ``program_starts``
    the start dates of all of them. ``sessions`` need go back no further than
    :data:`FLAG_WINDOW_DAYS` before the last one and the current program's start. A planned
    session is done when one of its items was logged on or after the current program's
    start (item keys repeat from block to block).
    """
    starts = tuple(sorted(set(program_starts)))
    program_start = starts[-1] if starts else None
    ordered = sorted(sessions, key=lambda s: s.performed_on)
    series: dict[str, list[PainPoint]] = {}
    for log in ordered:
        for entry in log.entries:
            if entry.max_pain is not None:
                series.setdefault(entry.exercise_id, []).append(
                    PainPoint(log.performed_on, entry.max_pain)
                )
    if checkins:
        series[SESSION_PAIN] = sorted(checkins, key=lambda c: c.on)
    logged = {
        e.item_key
        for log in ordered
        if program_start is None or log.performed_on >= program_start
        for e in log.entries
        if e.item_key
    }
    return Activity(
        last_logged_on=ordered[-1].performed_on if ordered else None,
        last_message_on=last_message_on,
        program_starts=starts,
        red_flags=tuple((s.performed_on, s.red_flags) for s in ordered if s.red_flags),
        pain=tuple(
            (name, tuple(points[-PAIN_RISE_SESSIONS:]))
            for name, points in sorted(series.items())
            if _rising([p.pain for p in points[-PAIN_RISE_SESSIONS:]])
        ),
        planned=tuple(
            PlannedState(p.date, bool(logged & set(p.keys)))
            for p in sorted(planned, key=lambda p: p.date)
        ),
    )


def coach_flags(
    *,
    sessions: Sequence[LoggedDay],
    planned: Sequence[PlannedDay],
    worsened: Sequence[GapChange],
    refer: bool,
    today: dt.date,
    program_starts: Sequence[dt.date],
    checkins: Sequence[PainPoint] = (),
    last_message_on: dt.date | None = None,
) -> list[Flag]:
    """The client's flags, most urgent first.

    ``planned`` are the current program's sessions, ``program_starts`` the start dates of
    the client's programs (none: no program), ``worsened`` the tests whose gap grew beyond
    error at the last re-test, ``refer`` the latest assessment's referral, ``checkins`` the
    pain told at the end of sessions and ``last_message_on`` the client's last message to
    the coach.
    """
    summary = activity(
        sessions,
        planned,
        program_starts=program_starts,
        checkins=checkins,
        last_message_on=last_message_on,
    )
    return flags_of(summary, worsened=worsened, refer=refer, today=today)


def flags_of(
    summary: Activity, *, worsened: Sequence[GapChange], refer: bool, today: dt.date
) -> list[Flag]:
    """The flags of a client's :class:`Activity` on ``today``, most urgent first."""
    recent = today - dt.timedelta(days=FLAG_WINDOW_DAYS)
    flags = _red_flags(summary, refer, recent)
    for change in worsened:
        flags.append(
            Flag(
                "asymmetry-worsening",
                f"{change.name}: the left/right gap grew by {change.gap_change:g} "
                f"{change.bar_unit} (beyond the test's error of {change.bar:g})",
            )
        )
    flags += _pain_rising(summary, recent)
    flags += _missed(summary, today)
    flags += _silent(summary, today)
    return sorted(flags, key=lambda f: RANK[f.kind])


def due_sessions(summary: Activity, today: dt.date, days: int) -> tuple[int, int]:
    """(done, planned) sessions of the current program over the ``days`` before ``today``."""
    start = today - dt.timedelta(days=days)
    due = [p for p in summary.planned if start <= p.date < today]
    return sum(1 for p in due if p.done), len(due)


def _red_flags(summary: Activity, refer: bool, recent: dt.date) -> list[Flag]:
    out = []
    if refer:
        out.append(Flag("red-flag", "the latest assessment found red flags: see a clinician"))
    for day, red_flags in summary.red_flags:
        if day >= recent:
            out.append(
                Flag(
                    "red-flag",
                    f"reported on {day.isoformat()}: {', '.join(red_flags)}; "
                    "programming stops until a clinician has seen them",
                )
            )
    return out


def _pain_rising(summary: Activity, recent: dt.date) -> list[Flag]:
    out = []
    for name, points in summary.pain:
        last = [p.pain for p in points if p.on >= recent][-PAIN_RISE_SESSIONS:]
        if _rising(last):
            where = "at the end of the session" if name == SESSION_PAIN else f"on {name}"
            out.append(
                Flag(
                    "pain-rising",
                    f"pain {where} rose over {PAIN_RISE_SESSIONS} sessions: "
                    + " → ".join(str(p) for p in last),
                )
            )
    return out


def _rising(pains: Sequence[int]) -> bool:
    """Rising over :data:`PAIN_RISE_SESSIONS` points in a row to a pain of note."""
    return (
        len(pains) == PAIN_RISE_SESSIONS
        and all(b > a for a, b in itertools.pairwise(pains))
        and pains[-1] >= PAIN_OF_NOTE
    )


def _missed(summary: Activity, today: dt.date) -> list[Flag]:
    start = today - dt.timedelta(days=MISSED_WINDOW_DAYS)
    # a session is missed once its day is over with none of its items logged
    missed = [p for p in summary.planned if start <= p.date < today and not p.done]
    if len(missed) < MISSED_TO_FLAG:
        return []
    days = ", ".join(p.date.isoformat() for p in missed)
    return [
        Flag(
            "missed-sessions",
            f"{len(missed)} planned sessions missed in the last {MISSED_WINDOW_DAYS} days ({days})",
        )
    ]


def _silent(summary: Activity, today: dt.date) -> list[Flag]:
    """Silence needs a program in force: a client without one has nothing to log yet."""
    start = summary.in_force(today)
    if start is None:
        return []
    heard = [d for d in (summary.last_logged_on, summary.last_message_on) if d is not None]
    reference = max([start, *heard])
    days = (today - reference).days
    if days < SILENT_DAYS:
        return []
    if heard and max(heard) >= start:
        what = f"no log or message since {max(heard).isoformat()}"
    else:
        what = f"nothing logged since the program started on {start.isoformat()}"
    return [Flag("silent", f"{what} ({days} days)")]
