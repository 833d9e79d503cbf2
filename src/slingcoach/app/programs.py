"""Make a program: preferences from a person's answers (or command-line words), then the plan.

The words people type (``mon,wed,fri``, ``2026-03-02``, ``18:30``) are read here once, for the
CLI and the web app alike; errors name the field and say what would be right. The program's
time zone comes from the request, else from the intake (``training.timezone``), else from
this computer: never a silent UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from slingcoach.assessment import Assessment
    from slingcoach.programming import Preferences, Program

#: Block length when none is asked for, and the seed of the solver (same seed, same program).
DEFAULT_WEEKS = 8
DEFAULT_SEED = 1


@dataclass(frozen=True)
class PlanRequest:
    """What a person asks of a program; ``None`` takes the value from the assessment.

    Attributes mirror :class:`slingcoach.programming.Preferences`; dates and times are
    already parsed (see :func:`parse_date`, :func:`parse_time`, :func:`parse_weekdays`).
    """

    weeks: int = DEFAULT_WEEKS
    seed: int = DEFAULT_SEED
    days_per_week: int | None = None
    minutes_per_session: int | None = None
    start_date: dt.date | None = None
    timezone: str | None = None
    weekdays: tuple[str, ...] = ()
    start_time: dt.time | None = None
    time_of_day: str = "evening"
    level: int | None = None
    goals: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    weak_side_extra_sets: int = 1
    weak_side_factor: float = 1.0
    deload_every: int = 4


def parse_date(text: str, *, field: str) -> dt.date:
    """A ``YYYY-MM-DD`` date; an :class:`InvalidInputError` naming ``field`` otherwise.

    >>> parse_date("2026-03-02", field="start")
    datetime.date(2026, 3, 2)
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"{text!r} is not a date; use YYYY-MM-DD", source=field) from None


def parse_time(text: str, *, field: str) -> dt.time:
    """An ``HH:MM`` time of day; an :class:`InvalidInputError` naming ``field`` otherwise."""
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"{text!r} is not a time; use HH:MM", source=field) from None


def parse_weekdays(text: str, *, field: str) -> tuple[str, ...]:
    """Weekdays from ``"mon,wed,fri"`` (any unambiguous start of the name, any case).

    >>> parse_weekdays("Mon, wed,FRIDAY", field="weekdays")
    ('monday', 'wednesday', 'friday')
    """
    from slingcoach.programming import Weekday

    names = {d.value[:3]: d for d in Weekday}
    days: list[Weekday] = []
    for word in text.split(","):
        key = word.strip().lower()
        day = names.get(key[:3])
        if day is None or not day.value.startswith(key):
            raise InvalidInputError(
                f"{word.strip()!r} is not a weekday; use mon,tue,wed,thu,fri,sat,sun",
                source=field,
            )
        days.append(day)
    return tuple(d.value for d in days)


def next_monday(today: dt.date) -> dt.date:
    """The first Monday after ``today``: the default first day of a block.

    >>> next_monday(dt.date(2026, 3, 2)), next_monday(dt.date(2026, 3, 4))
    (datetime.date(2026, 3, 9), datetime.date(2026, 3, 9))
    """
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def system_timezone() -> str:
    """The IANA name of this computer's time zone (``TZ``, then the system settings).

    Falls back to ``"UTC"`` only when the system names none.
    """
    import tzlocal

    try:
        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises a bare ValueError/ZoneInfoNotFoundError on odd set-ups
        name = None
    return name or "UTC"


def program_timezone(request: PlanRequest, assessment: Assessment) -> str:
    """The calendar's time zone: the request's, else the intake's, else this computer's."""
    return request.timezone or assessment.person.timezone or system_timezone()


def preferences(request: PlanRequest, assessment: Assessment, *, today: dt.date) -> Preferences:
    """:class:`~slingcoach.programming.Preferences` for ``request``.

    ``today`` sets the default first day (the next Monday). A value out of range becomes an
    :class:`InvalidInputError` naming the field.
    """
    from pydantic import ValidationError

    from slingcoach.programming import Preferences

    fields: dict[str, Any] = {
        "days_per_week": request.days_per_week,
        "weekdays": list(request.weekdays),
        "time_of_day": request.time_of_day,
        "start_time": request.start_time,
        "minutes_per_session": request.minutes_per_session,
        "equipment": list(request.equipment) or None,
        "level": request.level,
        "goals": list(request.goals) or None,
        "avoid": list(request.avoid),
        "start_date": request.start_date or next_monday(today),
        "timezone": program_timezone(request, assessment),
        "weak_side_extra_sets": request.weak_side_extra_sets,
        "weak_side_factor": request.weak_side_factor,
        "deload_every": request.deload_every,
    }
    try:
        return Preferences.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"][:1])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInputError(message, source="preferences", location=where) from None


def make_program(
    assessment: Assessment, request: PlanRequest, *, today: dt.date
) -> tuple[Program, Preferences]:
    """The program for ``assessment`` and the preferences it was made with.

    Raises
    ------
    ReferralRequiredError
        The assessment found red flags: no program is made.
    InfeasibleProgramError
        The preferences cannot all be met; the message names what to relax.
    """
    from slingcoach.programming import generate

    prefs = preferences(request, assessment, today=today)
    program = generate(assessment, prefs, weeks=request.weeks, seed=request.seed)
    return program, prefs
