"""A coach's edits of a program: keys stay, past sessions stay, every rule is re-checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slingcoach.errors import InvalidInputError, UnknownExerciseError
from slingcoach.exercises import get_catalogue
from slingcoach.programming import Program, Weekday, WeekKind
from slingcoach.programming.edit import (
    EDIT_ADAPTER,
    DaysChange,
    ExerciseSwap,
    SetsChange,
    apply_edit,
    by_id,
    find_item,
    program_conflicts,
    substitutes_for,
)

ROOT = Path(__file__).resolve().parents[2]
START = dt.date(2026, 1, 5)  # a Monday
EXERCISES = by_id(get_catalogue().all())
RDL = "w01-s1-i05"  # Dumbbell Romanian deadlift, both sides
SL_RDL = "w01-s1-i06"  # single-leg RDL, weaker right side first (w01-s1-i07: the left)


@pytest.fixture(scope="module")
def program() -> Program:
    from slingcoach.app.assessments import assess_file
    from slingcoach.programming import Preferences, generate

    assessment = assess_file(ROOT / "samples" / "right-weak.yaml", assessed_on=START)
    return generate(assessment, Preferences(start_date=START), weeks=8, seed=1)


def keys(program: Program) -> list[str]:
    return [i.key for w in program.weeks for s in w.sessions for i in s.items]


def test_the_fixture_items_are_where_the_tests_expect(program: Program) -> None:
    _, _, rdl = find_item(program, RDL)
    _, _, weak = find_item(program, SL_RDL)
    _, _, strong = find_item(program, "w01-s1-i07")
    assert rdl.side.value == "both" and rdl.hard
    assert (weak.exercise_id, weak.side.value) == (strong.exercise_id, "right")
    assert strong.side.value == "left" and weak.sets == strong.sets + 1


def test_a_swap_keeps_every_key_and_changes_the_pair_from_that_session_on(program: Program) -> None:
    old = find_item(program, SL_RDL)[2].exercise_id
    out = apply_edit(
        program, ExerciseSwap(item_key=SL_RDL, to="single-leg-rdl"), EXERCISES, from_date=START
    )
    assert keys(out.program) == keys(program)
    assert out.conflicts == ()
    swapped = [
        i for w in out.program.weeks for s in w.sessions for i in s.items if i.key in out.changed
    ]
    assert len(swapped) == len(out.changed) >= 2 * 6  # both sides, in every week that had it
    assert all(i.exercise_id == "single-leg-rdl" for i in swapped)
    assert all(i.load and i.reason.startswith("the coach's swap for") for i in swapped)
    assert not any(
        i.exercise_id == old for w in out.program.weeks for s in w.sessions for i in s.items
    )
    assert find_item(program, SL_RDL)[2].exercise_id == old  # the input is not changed
    for week in out.program.weeks:
        for session in week.sessions:
            assert session.minutes == -(-sum(i.seconds for i in session.items) // 60)


def test_a_swap_in_this_session_only_leaves_the_other_weeks(program: Program) -> None:
    out = apply_edit(
        program,
        ExerciseSwap(item_key=SL_RDL, to="single-leg-rdl", later_weeks=False),
        EXERCISES,
        from_date=START,
    )
    assert out.changed == ("w01-s1-i06", "w01-s1-i07")
    assert find_item(out.program, "w02-s1-i06")[2] == find_item(program, "w02-s1-i06")[2]


def test_past_sessions_are_not_edited(program: Program) -> None:
    with pytest.raises(
        InvalidInputError, match="in the past; edits change sessions from 2026-01-06"
    ):
        apply_edit(
            program,
            ExerciseSwap(item_key=SL_RDL, to="single-leg-rdl"),
            EXERCISES,
            from_date=dt.date(2026, 1, 6),
        )
    out = apply_edit(
        program,
        ExerciseSwap(item_key="w02-s1-i06", to="single-leg-rdl"),
        EXERCISES,
        from_date=dt.date(2026, 1, 6),
    )
    assert find_item(out.program, SL_RDL)[2] == find_item(program, SL_RDL)[2]
    assert "w01-s1-i06" not in out.changed and "w02-s1-i06" in out.changed


@pytest.mark.parametrize(
    ("key", "to", "message"),
    [
        (SL_RDL, "goblet-squat", "done one side at a time .* choose a one-sided substitute"),
        (RDL, "single-leg-rdl", "would need a second item"),
        (RDL, "dumbbell-rdl", "is already there"),
    ],
)
def test_a_substitute_of_another_shape_is_refused(
    program: Program, key: str, to: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        apply_edit(program, ExerciseSwap(item_key=key, to=to), EXERCISES, from_date=START)


def test_unknown_items_and_exercises_are_named(program: Program) -> None:
    with pytest.raises(InvalidInputError, match="no item 'w09-s1-i05'"):
        apply_edit(program, ExerciseSwap(item_key="w09-s1-i05", to="x"), EXERCISES, from_date=START)
    with pytest.raises(UnknownExerciseError, match="nope"):
        apply_edit(program, ExerciseSwap(item_key=RDL, to="nope"), EXERCISES, from_date=START)


def test_equipment_and_contraindications_block_a_swap(program: Program) -> None:
    assert "flexion-intolerant-back" in program.contraindications
    out = apply_edit(
        program, ExerciseSwap(item_key=RDL, to="barbell-deadlift"), EXERCISES, from_date=START
    )
    rules = {c.rule for c in out.blocking}
    assert {"equipment", "contraindication"} <= rules <= {"equipment", "contraindication", "time"}
    texts = " ".join(c.text for c in out.blocking)
    assert "needs barbell, which the client lacks" in texts
    assert "back pain made worse by bending forward" in texts
    assert {c.rule for c in out.warnings} == {"level"}


def test_the_weaker_side_with_fewer_sets_is_refused_and_without_its_extra_set_warned(
    program: Program,
) -> None:
    weak, strong = find_item(program, SL_RDL)[2].sets, find_item(program, "w01-s1-i07")[2].sets
    fewer = apply_edit(program, SetsChange(item_key=SL_RDL, sets=1), EXERCISES, from_date=START)
    assert [c.rule for c in fewer.blocking] == ["weak-side-fewer"]
    assert f"the right side (the weaker one, done first) would do 1 set and the left {strong}" in (
        fewer.blocking[0].text
    )
    even = apply_edit(program, SetsChange(item_key=SL_RDL, sets=strong), EXERCISES, from_date=START)
    assert even.blocking == ()
    assert [c.rule for c in even.warnings] == ["weak-side-extra"]
    assert f"not the {weak} the program gives it ({strong} + 1 extra)" in even.warnings[0].text


def test_too_many_sets_break_the_minutes_and_the_weekly_volume(program: Program) -> None:
    out = apply_edit(program, SetsChange(item_key=RDL, sets=8), EXERCISES, from_date=START)
    assert [c.rule for c in out.blocking] == ["time"]
    assert "more than the 50 min the client has" in out.blocking[0].text
    assert out.blocking[0].place == "week 1 session 1 (Mon 05 Jan)"
    assert {c.rule for c in out.warnings} == {"volume-high"}
    # the pair's time follows the sets: one more set on the weak side takes longer
    before = find_item(program, SL_RDL)[2]
    more = apply_edit(
        program, SetsChange(item_key=SL_RDL, sets=before.sets + 1), EXERCISES, from_date=START
    )
    assert find_item(more.program, SL_RDL)[2].seconds > before.seconds


def test_sets_in_later_weeks_change_only_weeks_of_the_same_kind(program: Program) -> None:
    sets = find_item(program, RDL)[2].sets - 1
    out = apply_edit(
        program, SetsChange(item_key=RDL, sets=sets, later_weeks=True), EXERCISES, from_date=START
    )
    kinds = {w.number: w.kind for w in program.weeks}
    assert out.changed and all(kinds[int(k[1:3])] is WeekKind.BUILD for k in out.changed)
    assert all(find_item(out.program, k)[2].sets == sets for k in out.changed)


def test_moving_the_days_keeps_keys_and_the_weeks_already_started(program: Program) -> None:
    days = (Weekday.SATURDAY, Weekday.TUESDAY, Weekday.THURSDAY)
    out = apply_edit(program, DaysChange(weekdays=days), EXERCISES, from_date=dt.date(2026, 1, 7))
    assert keys(out.program) == keys(program)
    assert out.program.weeks[0] == program.weeks[0]
    week2 = out.program.weeks[1]
    assert [s.date for s in week2.sessions] == [
        dt.date(2026, 1, 13),
        dt.date(2026, 1, 15),
        dt.date(2026, 1, 17),
    ]
    assert [s.weekday.value for s in week2.sessions] == ["tuesday", "thursday", "saturday"]
    assert out.program.preferences.weekdays == (Weekday.TUESDAY, Weekday.THURSDAY, Weekday.SATURDAY)
    assert week2.sessions[0].items == program.weeks[1].sessions[0].items
    assert out.summary == "training days moved to tue, thu, sat from week 2"


def test_days_are_refused_when_their_number_changes_or_nothing_moves(program: Program) -> None:
    with pytest.raises(InvalidInputError, match="3 days a week and 2 were given"):
        apply_edit(
            program,
            DaysChange(weekdays=(Weekday.MONDAY, Weekday.FRIDAY)),
            EXERCISES,
            from_date=START,
        )
    with pytest.raises(InvalidInputError, match="the days the program uses already"):
        apply_edit(
            program,
            DaysChange(weekdays=program.preferences.weekdays),
            EXERCISES,
            from_date=START,
        )
    with pytest.raises(ValueError, match="a weekday is named twice"):
        DaysChange(weekdays=(Weekday.MONDAY, Weekday.MONDAY))


def test_a_generated_program_conflicts_are_not_blamed_on_an_edit(program: Program) -> None:
    before = program_conflicts(program, EXERCISES)
    assert not any(c.blocking for c in before)
    out = apply_edit(
        program, ExerciseSwap(item_key=SL_RDL, to="single-leg-rdl"), EXERCISES, from_date=START
    )
    assert out.conflicts == ()


def test_substitutes_fit_the_person_and_the_items(program: Program) -> None:
    subs = substitutes_for(program, SL_RDL, get_catalogue())
    assert len(subs) >= 3
    assert subs[0].relation == "easier"
    have = program.preferences.equipment
    for s in subs:
        e = s.exercise
        assert e.usable_with(have)
        assert not set(e.contraindications) & set(program.contraindications)
        assert e.one_sided and not e.alternating
        out = apply_edit(
            program, ExerciseSwap(item_key=SL_RDL, to=e.id), EXERCISES, from_date=START
        )
        assert {c.rule for c in out.blocking} <= {"time"}, (e.id, out.blocking)
    both = substitutes_for(program, RDL, get_catalogue())
    assert "barbell-deadlift" not in {s.exercise.id for s in both}
    with pytest.raises(InvalidInputError, match="no item"):
        substitutes_for(program, "w99-s1-i01", get_catalogue())


def test_edits_read_and_write_as_json() -> None:
    edit = EDIT_ADAPTER.validate_python({"kind": "days", "weekdays": ["monday", "thursday"]})
    assert isinstance(edit, DaysChange)
    assert EDIT_ADAPTER.dump_python(edit, mode="json") == {
        "kind": "days",
        "weekdays": ["monday", "thursday"],
    }
    with pytest.raises(ValueError, match="item_key"):
        EDIT_ADAPTER.validate_python({"kind": "sets", "item_key": "week1", "sets": 3})
    with pytest.raises(ValueError, match="less than or equal to 10"):
        EDIT_ADAPTER.validate_python({"kind": "sets", "item_key": RDL, "sets": 11})
