"""The questionnaire's questions and readers (the asking itself is tested via the CLI)."""

from __future__ import annotations

from typing import Any

import pytest

from slingcoach.assessment import questionnaire as qn


def question(
    key: tuple[str, ...], answers: dict[tuple[str, ...], Any] | None = None
) -> qn.Question:
    return next(q for q in qn.questions_for(answers or {}) if q.key == key)


@pytest.mark.parametrize(
    ("key", "text", "match"),
    [
        (("person", "age"), "abc", "expected a number"),
        (("person", "age"), "5", "greater than or equal to 10"),
        (("person", "dominant_hand"), "middle", "answer one of: left, right"),
        (("training", "equipment"), "sandbag, piano", "not known: piano"),
        (("injuries",), "hamstring right", "give 'area side when resolved'"),
        (("injuries",), "elbow left 20xx no", "YYYY"),
        (("signs", "extra_warm_up"), "knee left", "region one of hip, back"),
        (("signs", "low_back_pain_now"), "12", "less than or equal to 10"),
        (("red_flags", "saddle-numbness"), "maybe", "answer y or n"),
        (("_tests",), "side-plank-hld", "Did you mean: side-plank-hold"),
    ],
)
def test_bad_answers_raise_a_readable_value_error(
    key: tuple[str, ...], text: str, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        question(key).parse(text)


def test_dependent_questions_follow_the_answers() -> None:
    plain = [q.key for q in qn.questions_for({})]
    assert ("odi", "pain-intensity") not in plain
    answers: dict[tuple[str, ...], Any] = {
        ("_odi",): True,
        ("_tests",): ["y-balance", "thomas-test"],
    }
    keys = [q.key for q in qn.questions_for(answers)]
    assert ("odi", "travelling") in keys
    assert ("tests", "y-balance", "limb_length_cm") in keys
    assert ("tests", "thomas-test", "right") in keys
    reaches = question(("tests", "y-balance", "left"), answers)
    assert reaches.parse("64, 101, 97") == {
        "anterior": 64.0,
        "posteromedial": 101.0,
        "posterolateral": 97.0,
    }
    with pytest.raises(ValueError, match="three reaches"):
        reaches.parse("64, 101")
    with pytest.raises(ValueError, match="less than or equal to 130"):
        question(("tests", "y-balance", "limb_length_cm"), answers).parse("920")
    assert question(("tests", "thomas-test", "left"), answers).parse("y") is True


def test_reps_are_whole_numbers_and_trials_are_lists() -> None:
    answers: dict[tuple[str, ...], Any] = {("_tests",): ["single-leg-glute-bridge-reps"]}
    left = question(("tests", "single-leg-glute-bridge-reps", "left"), answers)
    assert left.parse("20") == 20
    assert left.parse("18, 20") == [18, 20]
    assert left.parse("") is None
    with pytest.raises(ValueError, match="whole numbers"):
        left.parse("19.5")
    with pytest.raises(ValueError, match="less than or equal to 300"):
        left.parse("10000")


def test_question_for_error_finds_the_answer_to_fix() -> None:
    answers: dict[tuple[str, ...], Any] = {("_tests",): ["hhd-hip-extension"]}
    index = qn.question_for_error(answers, ("tests", "hhd-hip-extension", "left", 0))
    assert index is not None
    assert qn.questions_for(answers)[index].key == ("tests", "hhd-hip-extension", "left")
    assert qn.question_for_error(answers, ("nothing",)) is None


def test_the_dynamometer_question_asks_in_newtons_and_range_checks() -> None:
    from slingcoach.assessment.questionnaire import _test_questions

    questions = [q for q in _test_questions("hhd-hip-extension") if q.key[-1] == "left"]
    (question,) = questions
    assert "newtons" in question.prompt and "not N·m/kg" in question.prompt
    assert question.reader("182, 188, 185") == [182.0, 188.0, 185.0]
    with pytest.raises(ValueError, match="looks like torque per kg"):
        question.reader("2.1, 2.2")
    with pytest.raises(ValueError, match="between 20 and 3000"):
        question.reader("5000")
