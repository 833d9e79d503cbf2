"""A coach's availability for strategy sessions, and slots and bookings on the time line.

Weekly hours are wall-clock windows in the coach's time zone (IANA name, e.g.
``Europe/London``); everything on the time line (:class:`Slot`, :class:`Busy`) is an
aware UTC datetime. Days off are dates in the coach's time zone.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Weekday names by :meth:`datetime.date.weekday` number (Monday is 0)."""

MAX_SESSION_MINUTES = 240
MAX_BUFFER_MINUTES = 120
MAX_NOTICE_MINUTES = 30 * 24 * 60
MAX_HORIZON_DAYS = 365
"""Limits of the availability form (our convention: beyond them a typing slip is likelier)."""


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """The IANA time zone ``name``; :class:`ValueError` naming it when the tz database lacks it.

    >>> zone_of("Europe/London").key
    'Europe/London'
    """
    if not name or len(name) > 64 or name.startswith("/") or ".." in name:
        raise ValueError(f"{name[:64]!r} is not a time zone name (e.g. Europe/London)")
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a time zone in the tz database (e.g. Europe/London, America/New_York)"
        ) from None


class Window(BaseModel):
    """Hours on one weekday, wall clock in the coach's time zone: ``start`` to ``end``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weekday: int = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")
    start: dt.time
    end: dt.time = Field(description="after start, the same day")

    @field_validator("start", "end")
    @classmethod
    def _whole_minutes(cls, value: dt.time) -> dt.time:
        if value.tzinfo is not None:
            raise ValueError("give a wall-clock time without a time zone")
        if value.second or value.microsecond:
            raise ValueError("give the time to the minute (e.g. 09:30)")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end <= self.start:
            raise ValueError(
                f"{WEEKDAYS[self.weekday]}: the end {self.end:%H:%M} is not after the "
                f"start {self.start:%H:%M}"
            )
        return self

    @property
    def minutes(self) -> int:
        """Wall-clock length in minutes."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def label(self) -> str:
        """``Monday 09:00-12:00``."""
        return f"{WEEKDAYS[self.weekday]} {self.start:%H:%M}-{self.end:%H:%M}"


class Availability(BaseModel):
    """When a coach takes strategy sessions.

    Slots start at the start of each window and then every ``step_minutes`` (the session
    length when not given); a session lies wholly inside its window. ``buffer_before`` and
    ``buffer_after`` pad every session: a session's padded span never overlaps another's.
    A slot must start at least ``notice_minutes`` after now and within ``horizon_days``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = Field(description="the coach's IANA time zone, e.g. Europe/London")
    windows: tuple[Window, ...] = Field(default=(), max_length=70, description="weekly hours")
    session_minutes: int = Field(default=60, ge=15, le=MAX_SESSION_MINUTES)
    buffer_before_minutes: int = Field(default=0, ge=0, le=MAX_BUFFER_MINUTES)
    buffer_after_minutes: int = Field(default=0, ge=0, le=MAX_BUFFER_MINUTES)
    notice_minutes: int = Field(default=24 * 60, ge=0, le=MAX_NOTICE_MINUTES)
    step_minutes: int | None = Field(
        default=None, ge=5, le=MAX_SESSION_MINUTES, description="slot spacing; session length"
    )
    horizon_days: int = Field(default=60, ge=1, le=MAX_HORIZON_DAYS)
    days_off: frozenset[dt.date] = Field(
        default=frozenset(), max_length=1000, description="coach's dates"
    )

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return zone_of(value).key

    @field_validator("windows")
    @classmethod
    def _no_overlap(cls, value: tuple[Window, ...]) -> tuple[Window, ...]:
        ordered = tuple(sorted(value, key=lambda w: (w.weekday, w.start)))
        for before, after in itertools.pairwise(ordered):
            if before.weekday == after.weekday and after.start < before.end:
                raise ValueError(f"{before.label()} overlaps {after.label()}")
        return ordered

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The coach's time zone."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def step(self) -> dt.timedelta:
        """Spacing of slot starts within a window."""
        return dt.timedelta(minutes=self.step_minutes or self.session_minutes)

    @property
    def length(self) -> dt.timedelta:
        """Length of one session."""
        return dt.timedelta(minutes=self.session_minutes)

    @property
    def notice(self) -> dt.timedelta:
        """Minimum notice for booking, cancelling and rescheduling."""
        return dt.timedelta(minutes=self.notice_minutes)

    @property
    def before(self) -> dt.timedelta:
        """Buffer before each session."""
        return dt.timedelta(minutes=self.buffer_before_minutes)

    @property
    def after(self) -> dt.timedelta:
        """Buffer after each session."""
        return dt.timedelta(minutes=self.buffer_after_minutes)

    def windows_on(self, weekday: int) -> tuple[Window, ...]:
        """The windows of one weekday, in order."""
        return tuple(w for w in self.windows if w.weekday == weekday)


def _utc(value: dt.datetime, what: str) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be time-zone aware (got {value.isoformat()})")
    return value.astimezone(dt.UTC)


@dataclass(frozen=True, order=True)
class Slot:
    """A free session on the time line, ``starts_at`` to ``ends_at`` (UTC)."""

    starts_at: dt.datetime
    ends_at: dt.datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts_at", _utc(self.starts_at, "a slot's start"))
        object.__setattr__(self, "ends_at", _utc(self.ends_at, "a slot's end"))
        if self.ends_at <= self.starts_at:
            raise ValueError("a slot ends after it starts")

    def local(self, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """Start and end as wall-clock times in ``zone`` (a client's, a coach's)."""
        return self.starts_at.astimezone(zone), self.ends_at.astimezone(zone)

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True, order=True)
class Busy:
    """A booked session the coach is already giving, ``starts_at`` to ``ends_at`` (UTC)."""

    starts_at: dt.datetime
    ends_at: dt.datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts_at", _utc(self.starts_at, "a booking's start"))
        object.__setattr__(self, "ends_at", _utc(self.ends_at, "a booking's end"))
        if self.ends_at <= self.starts_at:
            raise ValueError("a booking ends after it starts")
