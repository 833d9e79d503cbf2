"""Free slots: weekly hours in the coach's zone, DST changes, buffers, notice, days off."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slingcoach.booking import (
    Availability,
    Busy,
    Slot,
    Window,
    check_bookable,
    check_change_allowed,
    free_slots,
    slots_by_day,
)
from slingcoach.errors import ConflictError, InvalidInputError

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def every_day(start: dt.time, end: dt.time) -> tuple[Window, ...]:
    return tuple(Window(weekday=d, start=start, end=end) for d in range(7))


def hours(tz: str = "Europe/London", **kwargs: object) -> Availability:
    options: dict[str, object] = {"notice_minutes": 0, "horizon_days": 365}
    options.update(kwargs)
    options.setdefault("windows", every_day(dt.time(9), dt.time(12)))
    return Availability.model_validate({"timezone": tz, **options})


def local_day(av: Availability, day: dt.date, zone: ZoneInfo) -> list[str]:
    """The slots of one local date in ``zone`` as ``HH:MM`` of that zone (with the offset)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    slots = free_slots(av, [], start=start, end=end, now=start - dt.timedelta(days=1))
    return [s.starts_at.astimezone(zone).strftime("%H:%M%z") for s in slots]


# ------------------------------------------------------------------ DST, both zones


@pytest.mark.parametrize(
    ("tz", "before", "after", "utc_before", "utc_after"),
    [
        # London: GMT to BST on Sun 29 Mar 2026, back on Sun 25 Oct 2026
        ("Europe/London", dt.date(2026, 3, 27), dt.date(2026, 3, 30), 9, 8),
        ("Europe/London", dt.date(2026, 10, 23), dt.date(2026, 10, 26), 8, 9),
        # New York: EST to EDT on Sun 8 Mar 2026, back on Sun 1 Nov 2026
        ("America/New_York", dt.date(2026, 3, 6), dt.date(2026, 3, 9), 14, 13),
        ("America/New_York", dt.date(2026, 10, 30), dt.date(2026, 11, 2), 13, 14),
    ],
)
def test_weekly_hours_keep_their_wall_clock_across_a_change(
    tz: str, before: dt.date, after: dt.date, utc_before: int, utc_after: int
) -> None:
    av = hours(tz)
    zone = ZoneInfo(tz)
    day = before
    while day <= after:  # the whole stretch, the change day included
        assert [t[:5] for t in local_day(av, day, zone)] == ["09:00", "10:00", "11:00"], day
        day += dt.timedelta(days=1)
    start = dt.datetime.combine(before, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(after + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    slots = free_slots(av, [], start=start, end=end, now=start - dt.timedelta(days=1))
    assert slots[0].starts_at.hour == utc_before
    assert slots[-1].starts_at.hour == utc_after + 2
    assert len(slots) == 3 * ((after - before).days + 1)


@pytest.mark.parametrize(
    ("tz", "day", "window", "expected"),
    [
        # spring forward: 01:00 GMT becomes 02:00 BST, the night is an hour shorter
        (
            "Europe/London",
            dt.date(2026, 3, 29),
            (dt.time(0), dt.time(4)),
            ["00:00+0000", "02:00+0100", "03:00+0100"],
        ),
        # fall back: 02:00 BST becomes 01:00 GMT, 01:00-02:00 happens twice
        (
            "Europe/London",
            dt.date(2026, 10, 25),
            (dt.time(0), dt.time(4)),
            ["00:00+0100", "01:00+0100", "01:00+0000", "02:00+0000", "03:00+0000"],
        ),
        (
            "America/New_York",
            dt.date(2026, 3, 8),
            (dt.time(1), dt.time(4)),
            ["01:00-0500", "03:00-0400"],
        ),
        (
            "America/New_York",
            dt.date(2026, 11, 1),
            (dt.time(1), dt.time(4)),
            ["01:00-0400", "01:00-0500", "02:00-0500", "03:00-0500"],
        ),
    ],
)
def test_a_window_that_spans_the_change_is_as_long_as_the_real_time(
    tz: str, day: dt.date, window: tuple[dt.time, dt.time], expected: list[str]
) -> None:
    av = hours(tz, windows=(Window(weekday=day.weekday(), start=window[0], end=window[1]),))
    assert local_day(av, day, ZoneInfo(tz)) == expected


def test_a_window_starting_in_the_skipped_hour_starts_an_hour_later_on_the_clock() -> None:
    # 01:30 does not exist in London on 29 Mar 2026; read with fold=0 it is 02:30 BST
    av = hours(windows=(Window(weekday=6, start=dt.time(1, 30), end=dt.time(4)),))
    assert local_day(av, dt.date(2026, 3, 29), LONDON) == ["02:30+0100"]


def test_a_client_in_another_zone_sees_the_slots_in_their_own_time() -> None:
    # US clocks change three weeks before the UK's: the gap is 4 hours, then 5 again.
    av = hours(windows=(Window(weekday=0, start=dt.time(9), end=dt.time(10)),))
    for monday, new_york in [
        (dt.date(2026, 3, 2), "04:00"),  # both on winter time: 5 hours apart
        (dt.date(2026, 3, 16), "05:00"),  # New York on summer time, London not: 4 hours
        (dt.date(2026, 3, 30), "04:00"),  # both on summer time
    ]:
        start = dt.datetime.combine(monday, dt.time(0), tzinfo=LONDON)
        slots = free_slots(av, [], start=start, end=start + dt.timedelta(days=1), now=start)
        (slot,) = slots
        assert slot.starts_at.astimezone(LONDON).strftime("%H:%M") == "09:00"
        assert slot.local(NEW_YORK)[0].strftime("%H:%M") == new_york


def test_slots_are_grouped_by_the_viewers_date() -> None:
    # A Sydney client sees a London Monday-evening slot on Tuesday morning.
    av = hours(windows=(Window(weekday=0, start=dt.time(17), end=dt.time(19)),))
    start = dt.datetime(2026, 7, 6, tzinfo=UTC)
    slots = free_slots(av, [], start=start, end=start + dt.timedelta(days=1), now=start)
    sydney = ZoneInfo("Australia/Sydney")
    ((day, grouped),) = slots_by_day(slots, sydney)
    assert day == dt.date(2026, 7, 7)
    assert [s.local(sydney)[0].strftime("%H:%M") for s in grouped] == ["02:00", "03:00"]


# ------------------------------------------------------------------ rules


MONDAY = dt.datetime(2026, 7, 6, tzinfo=LONDON)  # BST, 09:00 local is 08:00 UTC


def monday_slots(av: Availability, busy: list[Busy], now: dt.datetime | None = None) -> list[str]:
    slots = free_slots(av, busy, start=MONDAY, end=MONDAY + dt.timedelta(days=1), now=now or MONDAY)
    return [s.starts_at.astimezone(LONDON).strftime("%H:%M") for s in slots]


def at(hour: int, minute: int = 0) -> dt.datetime:
    return MONDAY.replace(hour=hour, minute=minute)


def test_a_booking_and_its_buffers_take_the_slots_around_it() -> None:
    # 10 min before and 15 after every session: between two sessions there are 25 minutes
    av = hours(
        step_minutes=15,
        buffer_before_minutes=10,
        buffer_after_minutes=15,
        windows=every_day(dt.time(8), dt.time(14)),
    )
    slots = monday_slots(av, [Busy(at(10), at(11))])
    # before: a session must end by 09:35 (10:00 - 15 - 10); after: start at 11:25 or later
    assert slots == [
        "08:00",
        "08:15",
        "08:30",
        "11:30",
        "11:45",
        "12:00",
        "12:15",
        "12:30",
        "12:45",
        "13:00",
    ]
    no_buffers = hours(step_minutes=15, windows=every_day(dt.time(8), dt.time(14)))
    slots = monday_slots(no_buffers, [Busy(at(10), at(11))])
    assert "09:00" in slots and "11:00" in slots and "09:15" not in slots


def test_minimum_notice_and_horizon_cut_the_range() -> None:
    av = hours(notice_minutes=90)
    assert monday_slots(av, [], now=at(8)) == ["10:00", "11:00"]
    assert monday_slots(av, [], now=at(8, 31)) == ["11:00"]
    far = hours(horizon_days=1)
    assert monday_slots(far, [], now=at(10) - dt.timedelta(days=1)) == ["09:00"]


def test_a_day_off_has_no_slots() -> None:
    av = hours(days_off=frozenset({dt.date(2026, 7, 6)}))
    assert monday_slots(av, []) == []


def test_an_empty_or_reversed_range_has_no_slots() -> None:
    av = hours()
    assert free_slots(av, [], start=at(12), end=at(9), now=at(0)) == []
    assert free_slots(av, [], start=at(9), end=at(9), now=at(0)) == []


def test_check_bookable_returns_the_slot_or_says_why_not() -> None:
    av = hours(notice_minutes=60, days_off=frozenset({dt.date(2026, 7, 7)}), horizon_days=30)
    now = at(7)
    assert check_bookable(av, [], at(10), now=now) == Slot(at(10), at(11))
    with pytest.raises(
        InvalidInputError,
        match=r"starts_at: Mon 06 Jul 2026 09:30 \(Europe"
        r"/London\) is not one of the coach's slots \(60-minute sessions",
    ):
        check_bookable(av, [], at(9, 30), now=now)
    with pytest.raises(InvalidInputError, match="too soon: sessions are booked at least 1 hour"):
        check_bookable(av, [], at(9) - dt.timedelta(hours=1, minutes=1), now=at(8, 30))
    with pytest.raises(InvalidInputError, match="the coach is off that day"):
        check_bookable(av, [], at(9) + dt.timedelta(days=1), now=now)
    with pytest.raises(InvalidInputError, match=r"too far ahead: .* up to 30 days ahead"):
        check_bookable(av, [], at(9) + dt.timedelta(days=35), now=now)
    with pytest.raises(InvalidInputError, match="give the start with its time zone"):
        check_bookable(av, [], dt.datetime(2026, 7, 6, 9), now=now)
    with pytest.raises(ConflictError, match="has just been taken"):
        check_bookable(av, [Busy(at(10), at(11))], at(10), now=now)


def test_changes_need_the_minimum_notice() -> None:
    av = hours(notice_minutes=24 * 60)
    check_change_allowed(av, at(10), now=at(10) - dt.timedelta(hours=25), action="cancel")
    with pytest.raises(ConflictError, match="cannot reschedule less than 24 hours before"):
        check_change_allowed(av, at(10), now=at(10) - dt.timedelta(hours=2), action="reschedule")
    with pytest.raises(ConflictError, match="cannot cancel a session that has started"):
        check_change_allowed(av, at(10), now=at(10), action="cancel")


# ------------------------------------------------------------------ bad availability


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "not a time zone in the tz database"),
        ({"timezone": "../etc/passwd"}, "not a time zone name"),
        ({"timezone": ""}, "not a time zone name"),
        ({"session_minutes": 5}, "greater than or equal to 15"),
        ({"buffer_after_minutes": -1}, "greater than or equal to 0"),
        (
            {"windows": [{"weekday": 0, "start": "12:00", "end": "09:00"}]},
            "Monday: the end 09:00 is not after the start 12:00",
        ),
        (
            {
                "windows": [
                    {"weekday": 2, "start": "09:00", "end": "12:00"},
                    {"weekday": 2, "start": "11:00", "end": "13:00"},
                ]
            },
            "Wednesday 09:00-12:00 overlaps Wednesday 11:00-13:00",
        ),
        ({"windows": [{"weekday": 7, "start": "09:00", "end": "12:00"}]}, "less than or equal"),
        ({"windows": [{"weekday": 1, "start": "09:00:30", "end": "12:00"}]}, "to the minute"),
    ],
)
def test_bad_availability_is_refused_with_the_field(
    changes: dict[str, object], message: str
) -> None:
    from pydantic import ValidationError

    data: dict[str, object] = {"timezone": "Europe/London"}
    data.update(changes)
    with pytest.raises(ValidationError, match=message):
        Availability.model_validate(data)


# ------------------------------------------------------------------ properties

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute DST change
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
]


@st.composite
def availabilities(draw: st.DrawFn) -> Availability:
    windows = []
    for weekday in range(7):
        minute = draw(st.integers(0, 22 * 60))
        for _ in range(draw(st.integers(0, 2))):
            length = draw(st.integers(15, 6 * 60))
            end = min(minute + length, 24 * 60 - 1)
            if end <= minute:
                break
            windows.append(
                Window(
                    weekday=weekday,
                    start=dt.time(minute // 60, minute % 60),
                    end=dt.time(end // 60, end % 60),
                )
            )
            minute = end + draw(st.integers(0, 120))
            if minute >= 24 * 60 - 15:
                break
    base = dt.date(2026, 3, 1)
    days_off = draw(
        st.frozensets(st.integers(0, 300).map(lambda n: base + dt.timedelta(n)), max_size=20)
    )
    return Availability(
        timezone=draw(st.sampled_from(ZONES)),
        windows=tuple(windows),
        session_minutes=draw(st.sampled_from([15, 30, 45, 50, 60, 90])),
        buffer_before_minutes=draw(st.sampled_from([0, 5, 10, 15, 30])),
        buffer_after_minutes=draw(st.sampled_from([0, 5, 10, 15, 30])),
        notice_minutes=draw(st.sampled_from([0, 60, 24 * 60, 48 * 60])),
        step_minutes=draw(st.sampled_from([None, 15, 30])),
        horizon_days=draw(st.integers(1, 60)),
        days_off=days_off,
    )


instants = st.integers(0, 290 * 24 * 60).map(
    lambda m: dt.datetime(2026, 3, 1, tzinfo=UTC) + dt.timedelta(minutes=m)
)
bookings = st.lists(
    st.tuples(instants, st.sampled_from([15, 30, 60, 90])).map(
        lambda t: Busy(t[0], t[0] + dt.timedelta(minutes=t[1]))
    ),
    max_size=15,
)


def inside_a_window(av: Availability, slot: Slot) -> bool:
    local = slot.starts_at.astimezone(av.zone)
    for window in av.windows_on(local.date().weekday()):
        start = dt.datetime.combine(local.date(), window.start, tzinfo=av.zone)
        end = dt.datetime.combine(local.date(), window.end, tzinfo=av.zone)
        if start.astimezone(UTC) <= slot.starts_at and slot.ends_at <= end.astimezone(UTC):
            return True
    return False


def padded_overlap(av: Availability, slot: Slot, booking: Busy) -> bool:
    return (
        slot.starts_at - av.before < booking.ends_at + av.after
        and booking.starts_at - av.before < slot.ends_at + av.after
    )


@given(av=availabilities(), busy=bookings, now=instants, days=st.integers(1, 21))
def test_free_slots_keep_every_rule(
    av: Availability, busy: list[Busy], now: dt.datetime, days: int
) -> None:
    start = now - dt.timedelta(days=2)
    end = now + dt.timedelta(days=days)
    slots = free_slots(av, busy, start=start, end=end, now=now)
    assert slots == sorted(slots)
    for slot in slots:
        assert start <= slot.starts_at < end
        assert slot.starts_at >= now + av.notice
        assert slot.starts_at < now + dt.timedelta(days=av.horizon_days)
        assert slot.ends_at - slot.starts_at == av.length
        assert slot.starts_at.astimezone(av.zone).date() not in av.days_off
        assert inside_a_window(av, slot), slot
        assert not any(padded_overlap(av, slot, b) for b in busy), slot
        assert check_bookable(av, busy, slot.starts_at, now=now) == slot


@given(av=availabilities(), now=instants)
def test_booking_free_slots_one_after_another_never_double_books(
    av: Availability, now: dt.datetime
) -> None:
    busy: list[Busy] = []
    end = now + dt.timedelta(days=8)
    while slots := free_slots(av, busy, start=now, end=end, now=now):
        slot = slots[len(slots) // 2]
        assert not any(padded_overlap(av, slot, b) for b in busy)
        busy.append(Busy(slot.starts_at, slot.ends_at))
        with pytest.raises(ConflictError):
            check_bookable(av, busy, slot.starts_at, now=now)
    assert len(busy) <= 8 * 24 * 60 // av.session_minutes


@pytest.mark.parametrize(
    "starts_at",
    [dt.datetime(1, 1, 1, 0, 30, tzinfo=UTC), dt.datetime(9999, 12, 31, 23, 30, tzinfo=UTC)],
)
def test_a_start_at_the_ends_of_time_is_refused_not_overflowed(starts_at: dt.datetime) -> None:
    av = hours("America/New_York", horizon_days=365)
    with pytest.raises(InvalidInputError, match="starts_at: "):
        check_bookable(av, [], starts_at, now=dt.datetime(2026, 7, 6, tzinfo=UTC))
