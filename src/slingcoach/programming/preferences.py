"""What the person wants and can do: days, minutes, equipment, goals, dates.

Every field the assessment's ``person`` also carries (days, minutes, equipment, level,
goals) may be left out; :func:`resolve_preferences` fills it from the person.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from slingcoach.errors import InvalidInputError
from slingcoach.programming.contracts import PersonNeeds
from slingcoach.vocab import Equipment
from slingcoach.vocab import Goal as Goal

# Goals are the intake's own enum (slingcoach.assessment.intake.Goal); a few spoken
# variants are accepted on the command line.
_GOAL_ALIASES: dict[str, Goal] = {
    "pain-free": Goal.PAIN_FREE_DAILY_LIFE,
    "pain-free-daily": Goal.PAIN_FREE_DAILY_LIFE,
    "daily-life": Goal.PAIN_FREE_DAILY_LIFE,
    "pain": Goal.PAIN_FREE_DAILY_LIFE,
    "health": Goal.LONGEVITY,
    "run": Goal.RUNNING,
    "sports": Goal.SPORT,
}


def parse_goal(value: str) -> Goal:
    """Read a goal word (case and spaces/underscores tolerated); InvalidInputError if unknown."""
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return Goal(key)
    except ValueError:
        pass
    if key in _GOAL_ALIASES:
        return _GOAL_ALIASES[key]
    raise InvalidInputError(
        f"unknown goal {value!r}; choose from {', '.join(g.value for g in Goal)}",
        location="goals",
    )


class Weekday(StrEnum):
    """Days of the week; ``day_number`` is 0 for Monday as in :meth:`datetime.date.weekday`."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def day_number(self) -> int:
        """0 (Monday) to 6 (Sunday)."""
        return list(Weekday).index(self)

    @classmethod
    def from_index(cls, index: int) -> Weekday:
        """The weekday for 0 (Monday) to 6 (Sunday)."""
        return list(cls)[index % 7]


class TimeOfDay(StrEnum):
    """A rough time of day; :data:`DEFAULT_START` gives the start time used for each."""

    MORNING = "morning"
    MIDDAY = "midday"
    AFTERNOON = "afternoon"
    EVENING = "evening"


DEFAULT_START: dict[TimeOfDay, dt.time] = {
    TimeOfDay.MORNING: dt.time(7, 0),
    TimeOfDay.MIDDAY: dt.time(12, 0),
    TimeOfDay.AFTERNOON: dt.time(16, 0),
    TimeOfDay.EVENING: dt.time(18, 30),
}
"""Session start times for each :class:`TimeOfDay` (a convention, editable in preferences)."""


MIN_MINUTES, MAX_MINUTES = 10, 120
"""Session lengths a program is made for. Longer sessions are refused rather than cut
(slingcoach convention: past about two hours a strength session loses quality; more weekly
time is better spent on another day)."""
DEFAULT_DAYS, DEFAULT_MINUTES, DEFAULT_LEVEL = 3, 45, 1
"""Used only when neither the preferences nor the person give a value."""


class Preferences(BaseModel):
    """A person's constraints and wishes for a program.

    ``None`` means "take it from the assessment's person" (days, minutes, equipment,
    level, goals). The weak side gets ``weak_side_extra_sets`` more sets than the strong
    side, or ``weak_side_factor`` times as many, whichever is more. Every
    ``deload_every``-th week is a deload week.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", title="slingcoach preferences")

    schema_version: Literal["1.0"] = Field(
        default="1.0", description="layout version of this document (default: current)"
    )
    days_per_week: int | None = Field(default=None, ge=1, le=7)
    weekdays: tuple[Weekday, ...] = ()
    time_of_day: TimeOfDay = TimeOfDay.EVENING
    start_time: dt.time | None = None
    minutes_per_session: int | None = Field(default=None, ge=10, le=240)
    equipment: tuple[Equipment, ...] | None = None
    level: int | None = Field(default=None, ge=1, le=3)
    goals: tuple[Goal, ...] | None = None
    avoid: tuple[str, ...] = ()
    favourites: tuple[str, ...] = ()
    start_date: dt.date | None = None
    timezone: str = "UTC"
    weak_side_extra_sets: int = Field(default=1, ge=0, le=3)
    weak_side_factor: float = Field(default=1.0, ge=1.0, le=2.0)
    deload_every: int = Field(default=4, ge=3, le=8)
    retest: bool = True

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # IANA names are checked against the tz database (zoneinfo + the tzdata package).
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name like 'Europe/London'"
            ) from exc
        return value

    @field_validator("weekdays")
    @classmethod
    def _unique_days(cls, value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        if len(set(value)) != len(value):
            raise ValueError(f"weekdays repeat: {[d.value for d in value]}")
        return tuple(sorted(value, key=lambda d: d.day_number))

    @field_validator("goals", mode="before")
    @classmethod
    def _goal_words(cls, value: Any) -> Any:
        if value is None:
            return None
        return tuple(parse_goal(v) if isinstance(v, str) else v for v in value)


class ResolvedPreferences(BaseModel):
    """Preferences with every gap filled from the person; recorded in the program."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    days_per_week: int = Field(ge=1, le=7)
    weekdays: tuple[Weekday, ...]
    start_time: dt.time
    minutes_per_session: int = Field(ge=MIN_MINUTES, le=MAX_MINUTES)
    equipment: tuple[Equipment, ...]
    level: int = Field(ge=1, le=3)
    goals: tuple[Goal, ...]
    avoid: tuple[str, ...]
    favourites: tuple[str, ...]
    start_date: dt.date
    timezone: str
    weak_side_extra_sets: int
    weak_side_factor: float
    deload_every: int
    retest: bool


# Spread of training days when none are preferred: at least one rest day between sessions
# where the count allows it (ACSM 2009 position stand: 48 h between sessions for the same
# muscle groups for novices).
DEFAULT_WEEKDAYS: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 4, 5),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def _pick_weekdays(days: int, preferred: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
    """Choose ``days`` weekdays: the preferred ones first, spread out, then the defaults."""
    chosen = [d.day_number for d in preferred]
    if len(chosen) > days:
        # keep the subset whose smallest gap (cyclic) is largest; ties → earliest days
        from itertools import combinations

        def spread(combo: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
            gaps = [(combo[(i + 1) % len(combo)] - combo[i]) % 7 or 7 for i in range(len(combo))]
            return (-min(gaps), combo)

        combos: list[tuple[int, ...]] = list(combinations(sorted(chosen), days))
        best: tuple[int, ...] = min(combos, key=spread)
        chosen = list(best)
    for index in DEFAULT_WEEKDAYS[days]:
        if len(chosen) >= days:
            break
        if index not in chosen:
            chosen.append(index)
    for index in range(7):
        if len(chosen) >= days:
            break
        if index not in chosen:
            chosen.append(index)
    return tuple(Weekday.from_index(i) for i in sorted(chosen))


def resolve_preferences(preferences: Preferences, person: PersonNeeds) -> ResolvedPreferences:
    """Fill the gaps of ``preferences`` from the ``person``'s own answers.

    Days and minutes are honoured as given, never changed; a session longer than
    :data:`MAX_MINUTES` is refused with what to change. Raises InvalidInputError when a
    value is missing on both sides or out of range.
    """
    days = preferences.days_per_week or person.days_per_week or DEFAULT_DAYS
    minutes = preferences.minutes_per_session or person.minutes_per_session or DEFAULT_MINUTES
    where = "preferences" if preferences.minutes_per_session else "training"
    if not 1 <= days <= 7:
        raise InvalidInputError(
            f"{days} training days a week is not possible: give 1-7",
            location=f"{where}.days_per_week",
        )
    if minutes > MAX_MINUTES:
        raise InvalidInputError(
            f"{minutes}-minute sessions are longer than the {MAX_MINUTES} minutes a session is "
            f"planned for: give {MAX_MINUTES} minutes or fewer (and add a training day for more "
            f"weekly time)",
            location=f"{where}.minutes_per_session",
        )
    if minutes < MIN_MINUTES:
        raise InvalidInputError(
            f"{minutes}-minute sessions are too short for a warm-up and one exercise: give "
            f"{MIN_MINUTES} minutes or more",
            location=f"{where}.minutes_per_session",
        )
    level = preferences.level or person.level or DEFAULT_LEVEL
    if not 1 <= level <= 3:
        raise InvalidInputError(f"level must be 1-3, got {level}", location="training.level")
    if preferences.equipment is not None:
        equipment = preferences.equipment
    else:
        equipment = person.equipment or ()
    goals = preferences.goals if preferences.goals is not None else (person.goals or ())
    if not goals:
        goals = (Goal.PAIN_FREE_DAILY_LIFE,)
    if preferences.start_date is None:
        raise InvalidInputError(
            "start_date is missing: give the first training day as YYYY-MM-DD",
            location="preferences.start_date",
        )
    start_time = preferences.start_time or DEFAULT_START[preferences.time_of_day]
    return ResolvedPreferences(
        days_per_week=days,
        weekdays=_pick_weekdays(days, preferences.weekdays),
        start_time=start_time,
        minutes_per_session=minutes,
        equipment=tuple(sorted(set(equipment), key=lambda e: e.value)),
        level=level,
        goals=tuple(dict.fromkeys(goals)),
        avoid=tuple(sorted(set(preferences.avoid))),
        favourites=tuple(sorted(set(preferences.favourites))),
        start_date=preferences.start_date,
        timezone=preferences.timezone,
        weak_side_extra_sets=preferences.weak_side_extra_sets,
        weak_side_factor=preferences.weak_side_factor,
        deload_every=preferences.deload_every,
        retest=preferences.retest,
    )
