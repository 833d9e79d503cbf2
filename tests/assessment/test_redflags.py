"""Red-flag screening: any positive answer refers; age rules; urgent wording."""

from __future__ import annotations

import pytest

from slingcoach.assessment.redflags import (
    question_ids,
    red_flag_data,
    referral_text,
    screen,
    unanswered,
)

FLAG_IDS = [q.id for q in red_flag_data().questions if q.flag]


@pytest.mark.parametrize("flag", FLAG_IDS)
def test_each_flag_alone_is_a_hit(flag: str) -> None:
    hits = screen({flag: True}, age=35)
    assert [h.id for h in hits] == [flag]
    assert referral_text(hits)


def test_no_answers_no_hits_and_context_alone_is_not_a_flag() -> None:
    assert screen({}, age=35) == []
    assert screen({"minor-trauma": True}, age=35) == []
    assert screen({"new-back-pain": True}, age=35) == []
    assert referral_text([]) is None


def test_combinations_and_age_rules() -> None:
    hits = screen({"minor-trauma": True, "osteoporosis-or-steroids": True}, age=40)
    assert [h.id for h in hits] == ["trauma-with-fragile-bone"]
    assert [h.id for h in screen({"new-back-pain": True}, age=19)] == ["new-back-pain-under-20"]
    assert screen({"new-back-pain": True}, age=20) == []
    assert screen({"new-back-pain": True}, age=50) == []
    assert [h.id for h in screen({"new-back-pain": True}, age=51)] == ["new-back-pain-over-50"]


def test_cauda_equina_is_urgent() -> None:
    hits = screen({"saddle-numbness": True}, age=40)
    assert hits[0].urgent and hits[0].category == "cauda-equina"
    text = referral_text(hits)
    assert text is not None and "emergency" in text
    calm = referral_text(screen({"cancer-history": True}, age=40))
    assert calm is not None and "emergency" not in calm and "doctor or physiotherapist" in calm


def test_unanswered_and_ids() -> None:
    ids = question_ids()
    assert "bladder-change" in ids and "new-back-pain" in ids
    assert unanswered({i: False for i in ids}) == []
    assert unanswered({}) == list(ids)
