"""Preferences: validation, defaults from the person, weekday choice."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from slingcoach.errors import InvalidInputError
from slingcoach.programming import Goal, Preferences, TimeOfDay, Weekday, parse_goal
from slingcoach.programming.contracts import programming_input
from slingcoach.programming.preferences import resolve_preferences as _resolve
from slingcoach.vocab import Equipment

from .programming_fixtures import make_assessment

START = dt.date(2026, 1, 5)


def resolve_preferences(preferences: Preferences, assessment: object):  # type: ignore[no-untyped-def]
    return _resolve(preferences, programming_input(assessment).person)  # type: ignore[arg-type]


def test_unknown_time_zone_is_refused_with_an_example() -> None:
    with pytest.raises(ValidationError, match=r"unknown time zone 'Mars/Olympus'.*Europe/London"):
        Preferences(timezone="Mars/Olympus")


def test_iana_time_zone_is_accepted() -> None:
    assert Preferences(timezone="Europe/London").timezone == "Europe/London"


@pytest.mark.parametrize("field", [{"days_per_week": 8}, {"minutes_per_session": 9}, {"level": 4}])
def test_out_of_range_values_are_refused(field: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        Preferences(**field)


def test_goal_words_are_parsed_and_unknown_goals_list_the_valid_ones() -> None:
    assert parse_goal("Pain free") is Goal.PAIN_FREE_DAILY_LIFE
    assert Preferences(goals=("running", "strength")).goals == (Goal.RUNNING, Goal.STRENGTH)
    with pytest.raises(InvalidInputError, match=r"unknown goal 'yoga'; choose from .*strength"):
        parse_goal("yoga")


def test_gaps_are_filled_from_the_person() -> None:
    assessment = make_assessment(level=2, days=4, minutes=50, goals=["strength", "running"])
    prefs = resolve_preferences(Preferences(start_date=START), assessment)
    assert (prefs.level, prefs.days_per_week, prefs.minutes_per_session) == (2, 4, 50)
    assert prefs.goals == (Goal.STRENGTH, Goal.RUNNING)
    assert set(prefs.equipment) == {Equipment.DUMBBELL, Equipment.BAND, Equipment.MINI_BAND}
    assert prefs.weekdays == (Weekday.MONDAY, Weekday.TUESDAY, Weekday.THURSDAY, Weekday.FRIDAY)
    assert prefs.start_time == dt.time(18, 30)


def test_preferences_override_the_person() -> None:
    assessment = make_assessment(level=2, days=4, minutes=50)
    prefs = resolve_preferences(
        Preferences(
            start_date=START, level=1, days_per_week=2, minutes_per_session=30, equipment=(),
            time_of_day=TimeOfDay.MORNING,
        ),
        assessment,
    )  # fmt: skip
    assert (prefs.level, prefs.days_per_week, prefs.minutes_per_session) == (1, 2, 30)
    assert prefs.equipment == ()
    assert prefs.start_time == dt.time(7, 0)


def test_missing_start_date_says_what_to_give() -> None:
    with pytest.raises(InvalidInputError, match=r"start_date is missing.*YYYY-MM-DD"):
        resolve_preferences(Preferences(), make_assessment())


def test_too_many_preferred_weekdays_keep_the_most_spread_out() -> None:
    days = tuple(Weekday)[:5]  # Monday to Friday
    prefs = resolve_preferences(
        Preferences(start_date=START, days_per_week=2, weekdays=days), make_assessment()
    )
    assert prefs.weekdays == (Weekday.MONDAY, Weekday.THURSDAY)


def test_too_few_preferred_weekdays_are_completed_from_the_defaults() -> None:
    prefs = resolve_preferences(
        Preferences(start_date=START, days_per_week=3, weekdays=(Weekday.SATURDAY,)),
        make_assessment(),
    )
    assert prefs.weekdays == (Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.SATURDAY)


def test_repeated_weekdays_are_refused() -> None:
    with pytest.raises(ValidationError, match="weekdays repeat"):
        Preferences(weekdays=(Weekday.MONDAY, Weekday.MONDAY))
