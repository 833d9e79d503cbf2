"""The client's program calendar: the current program by week and day, each session marked
done, part done, missed, today or to come from the sets logged against its items.

A session counts what was logged against its own items (by item key), whatever day it was
logged on, so a session moved to another day still counts as done.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from slingcoach.storage.database import Database

Status = Literal["done", "part done", "missed", "today", "to come"]


class CalendarItem(BaseModel):
    """One exercise of a planned session, in brief."""

    model_config = ConfigDict(frozen=True)

    name: str
    side: str
    sets: int
    dose: str


class CalendarDay(BaseModel):
    """One planned session and what became of it."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    weekday: str
    week: int
    session: int
    focus: str
    minutes: int
    planned_sets: int
    done_sets: int
    status: Status
    items: list[CalendarItem]


class CalendarWeek(BaseModel):
    """One week of the program."""

    model_config = ConfigDict(frozen=True)

    number: int
    kind: str
    note: str
    days: list[CalendarDay]


class Calendar(BaseModel):
    """The current program's weeks (empty when there is no program yet)."""

    model_config = ConfigDict(frozen=True)

    client: str
    today: dt.date
    start_date: dt.date | None
    weeks: list[CalendarWeek]
    done: int
    missed: int


def status_of(day: dt.date, today: dt.date, planned: int, done: int) -> Status:
    """What became of a session planned on ``day``.

    >>> status_of(dt.date(2026, 12, 1), dt.date(2026, 12, 9), 10, 0)
    'missed'
    >>> status_of(dt.date(2026, 12, 1), dt.date(2026, 12, 9), 10, 4)
    'part done'
    >>> status_of(dt.date(2026, 12, 10), dt.date(2026, 12, 9), 10, 0)
    'to come'
    >>> status_of(dt.date(2026, 12, 9), dt.date(2026, 12, 9), 10, 4)
    'today'
    """
    if planned > 0 and done >= planned:
        return "done"
    if day == today:  # the day is not over: a half-logged session is still today's
        return "today"
    if done > 0:
        return "part done"
    return "missed" if day < today else "to come"


def program_calendar(db: Database, client_ref: str, *, today: dt.date) -> Calendar:
    """The client's current (latest-starting) program by week, with each session's status."""
    from slingcoach.app.clients import find_client
    from slingcoach.app.logs import client_sessions
    from slingcoach.app.progress import _current_program
    from slingcoach.tracking.plan import session_of_key

    with db.read() as session:
        client = find_client(session, client_ref)
        current = _current_program(session, client)
        if current is None:
            return Calendar(
                client=client.slug, today=today, start_date=None, weeks=[], done=0, missed=0
            )
        program, _ = current
        logs = client_sessions(session, client, since=program.start_date)
        slug = client.slug
    done: dict[tuple[int, int], int] = {}
    for log in logs:
        for entry in log.entries:
            where = session_of_key(entry.item_key)
            if where is not None:
                done[where] = done.get(where, 0) + sum(len(s.parts) for s in entry.sets)
    weeks = []
    for week in program.weeks:
        days = []
        for planned in week.sessions:
            loggable = [i for i in planned.items if i.kind == "exercise" and i.exercise_id]
            planned_sets = sum(i.sets for i in loggable)
            done_sets = min(done.get((week.number, planned.number), 0), planned_sets)
            days.append(
                CalendarDay(
                    date=planned.date,
                    weekday=planned.date.strftime("%A"),
                    week=week.number,
                    session=planned.number,
                    focus=planned.focus,
                    minutes=planned.minutes,
                    planned_sets=planned_sets,
                    done_sets=done_sets,
                    status=status_of(planned.date, today, planned_sets, done_sets),
                    items=[
                        CalendarItem(
                            name=i.name,
                            side=i.side.value,
                            sets=i.sets,
                            dose=f"{i.low}-{i.high} {i.unit.value}"
                            if i.low != i.high
                            else f"{i.low} {i.unit.value}",
                        )
                        for i in planned.items
                    ],
                )
            )
        weeks.append(
            CalendarWeek(number=week.number, kind=week.kind.value, note=week.note, days=days)
        )
    statuses = [d.status for w in weeks for d in w.days]
    return Calendar(
        client=slug,
        today=today,
        start_date=program.start_date,
        weeks=weeks,
        done=statuses.count("done"),
        missed=statuses.count("missed"),
    )
