"""Free slots from an availability, minus bookings; the checks a booking change must pass.

Each window is placed on the time line per date with :mod:`zoneinfo` (the wall-clock start
and end of that date, so a window keeps its local hours across a daylight-saving change,
and a window that spans the change is an hour shorter or longer in real time). Slots then
step through the window in real time. A wall-clock time skipped by a spring-forward change
is read with the offset before the change (``fold=0``, PEP 495), i.e. as the instant an
hour later on the clock; a repeated fall-back time is its first occurrence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from slingcoach.booking.model import WEEKDAYS, Availability, Busy, Slot
from slingcoach.errors import ConflictError, InvalidInputError


def _wall(day: dt.date, at: dt.time, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


class _Blocked:
    """The padded spans of the bookings (each widened by the buffers), merged and sorted."""

    def __init__(self, availability: Availability, busy: Iterable[Busy]) -> None:
        spans = sorted(
            (b.starts_at - availability.before, b.ends_at + availability.after) for b in busy
        )
        merged: list[tuple[dt.datetime, dt.datetime]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def clashes(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether ``[start, end)`` overlaps a padded booking."""
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end


def _candidates(availability: Availability, first: dt.date, last: dt.date) -> Iterator[Slot]:
    """Every slot the weekly hours offer on the coach's dates ``first``..``last``."""
    zone = availability.zone
    length, step = availability.length, availability.step
    day = first
    while day <= last:
        if day not in availability.days_off:
            for window in availability.windows_on(day.weekday()):
                start = _wall(day, window.start, zone)
                end = _wall(day, window.end, zone)
                while start + length <= end:
                    yield Slot(start, start + length)
                    start += step
        day += dt.timedelta(days=1)


def free_slots(
    availability: Availability,
    busy: Iterable[Busy],
    *,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
) -> list[Slot]:
    """The free slots that start in ``[start, end)``, in time order.

    A slot is free when it lies inside a weekly window on a day that is not a day off,
    starts at least the minimum notice after ``now`` and within the horizon, and its span
    widened by the buffers overlaps no booking widened by the buffers.

    Examples
    --------
    >>> import datetime as dt
    >>> from slingcoach.booking.model import Availability, Window
    >>> hours = Availability(timezone="Europe/London", session_minutes=60, notice_minutes=0,
    ...     windows=(Window(weekday=0, start=dt.time(9), end=dt.time(11)),))
    >>> monday = dt.datetime(2026, 7, 6, tzinfo=dt.UTC)
    >>> [s.starts_at.astimezone(hours.zone).strftime("%H:%M") for s in free_slots(
    ...     hours, [], start=monday, end=monday + dt.timedelta(days=1), now=monday)]
    ['09:00', '10:00']
    """
    if end <= start:
        return []
    earliest = max(start, now + availability.notice)
    latest = min(end, now + dt.timedelta(days=availability.horizon_days))
    if latest <= earliest:
        return []
    zone = availability.zone
    blocked = _Blocked(availability, busy)
    before, after = availability.before, availability.after
    first = earliest.astimezone(zone).date() - dt.timedelta(days=1)
    last = latest.astimezone(zone).date() + dt.timedelta(days=1)
    return [
        slot
        for slot in _candidates(availability, first, last)
        if earliest <= slot.starts_at < latest
        and not blocked.clashes(slot.starts_at - before, slot.ends_at + after)
    ]


def slots_by_day(slots: Sequence[Slot], zone: dt.tzinfo) -> list[tuple[dt.date, list[Slot]]]:
    """Slots grouped by their local date in ``zone`` (the viewer's), dates in order."""
    days: dict[dt.date, list[Slot]] = {}
    for slot in sorted(slots):
        days.setdefault(slot.starts_at.astimezone(zone).date(), []).append(slot)
    return list(days.items())


def check_bookable(
    availability: Availability, busy: Iterable[Busy], starts_at: dt.datetime, *, now: dt.datetime
) -> Slot:
    """The slot that starts at ``starts_at`` if it is free; otherwise say why not.

    Raises
    ------
    InvalidInputError
        Not a slot of the weekly hours, a day off, too soon (minimum notice) or beyond the
        horizon.
    ConflictError
        The slot is taken (by a booking or its buffer).
    """
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise InvalidInputError("give the start with its time zone", location="starts_at")
    at = starts_at.astimezone(dt.UTC)
    zone = availability.zone
    try:
        local = at.astimezone(zone)
    except OverflowError:  # year 1 or 9999: beyond the horizon either way
        raise InvalidInputError(
            f"{at.isoformat()} is outside the bookable range", location="starts_at"
        ) from None
    shown = f"{local:%a %d %b %Y %H:%M} ({availability.timezone})"
    if at < now + availability.notice:
        raise InvalidInputError(
            f"{shown} is too soon: sessions are booked at least "
            f"{_duration(availability.notice_minutes)} ahead",
            location="starts_at",
        )
    if at >= now + dt.timedelta(days=availability.horizon_days):
        raise InvalidInputError(
            f"{shown} is too far ahead: sessions are booked up to "
            f"{availability.horizon_days} days ahead",
            location="starts_at",
        )
    if local.date() in availability.days_off:
        raise InvalidInputError(f"{shown}: the coach is off that day", location="starts_at")
    days = (local.date() - dt.timedelta(days=1), local.date())
    offered = [s for s in _candidates(availability, *days) if s.starts_at == at]
    if not offered:
        hours = ", ".join(w.label() for w in availability.windows) or "none set"
        raise InvalidInputError(
            f"{shown} is not one of the coach's slots "
            f"({availability.session_minutes}-minute sessions; weekly hours: {hours})",
            location="starts_at",
        )
    slot = offered[0]
    if _Blocked(availability, busy).clashes(
        slot.starts_at - availability.before, slot.ends_at + availability.after
    ):
        raise ConflictError(f"{shown} has just been taken; please pick another slot")
    return slot


def check_change_allowed(
    availability: Availability, starts_at: dt.datetime, *, now: dt.datetime, action: str
) -> None:
    """Refuse to ``action`` (cancel, reschedule) a session starting within the minimum notice.

    Raises
    ------
    ConflictError
        The session starts sooner than the notice allows, or is over.
    """
    if starts_at <= now:
        raise ConflictError(f"cannot {action} a session that has started or is over")
    if starts_at - now < availability.notice:
        raise ConflictError(
            f"cannot {action} less than {_duration(availability.notice_minutes)} before the "
            "session; please message your coach"
        )


def _duration(minutes: int) -> str:
    """``2 days``, ``24 hours``, ``90 minutes``.

    >>> _duration(2880), _duration(1440), _duration(90), _duration(60)
    ('2 days', '24 hours', '90 minutes', '1 hour')
    """
    if minutes >= 48 * 60 and minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)} days"
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


__all__ = ["WEEKDAYS", "check_bookable", "check_change_allowed", "free_slots", "slots_by_day"]
