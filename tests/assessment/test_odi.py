"""ODI 2.1a scoring (Fairbank & Pynsent 2000) and its band edges."""

from __future__ import annotations

import pytest

from slingcoach.assessment.odi import odi_band, odi_missing_reason, odi_score


def test_full_and_one_missing() -> None:
    full = odi_score([3, 2, 2, 1, 2, 2, 1, 1, 1, 1])
    assert full is not None
    assert full.score_pct == pytest.approx(32.0)
    assert full.band == "moderate"
    assert full.answered_sections == 10
    # 16 points over 9 answered sections: 16 / 45 x 100.
    missing = odi_score([3, 2, 2, 1, 2, 2, 1, None, 2, 1])
    assert missing is not None
    assert missing.score_pct == pytest.approx(35.5556, abs=1e-4)
    assert round(missing.score_pct, 1) == 35.6
    assert missing.answered_sections == 9


def test_two_missing_scored_three_refused() -> None:
    two_missing = odi_score([5, 5, 5, 5, 5, 5, 5, 5, None, None])
    assert two_missing is not None
    # 40 points over 8 answered sections: 40 / 40 x 100.
    assert two_missing.score_pct == pytest.approx(100.0)
    assert two_missing.answered_sections == 8
    answers = [5, 5, 5, 5, 5, 5, 5, None, None, None]
    assert odi_score(answers) is None
    reason = odi_missing_reason(answers)
    assert reason is not None
    assert "3 of 10 sections are blank" in reason


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "minimal"),
        (20, "minimal"),
        (20.4, "minimal"),
        (20.5, "moderate"),
        (21, "moderate"),
        (40, "moderate"),
        (40.5, "severe"),
        (60, "severe"),
        (61, "crippled"),
        (80, "crippled"),
        (80.5, "bed-bound-or-exaggerating"),
        (100, "bed-bound-or-exaggerating"),
    ],
)
def test_band_edges(score: float, band: str) -> None:
    assert odi_band(score) == band


def test_extremes_and_bad_answers() -> None:
    zero = odi_score([0] * 10)
    top = odi_score([5] * 10)
    assert zero is not None and zero.score_pct == 0
    assert top is not None and top.score_pct == 100
    with pytest.raises(ValueError, match="section 3 must be 0-5"):
        odi_score([0, 0, 6, 0, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="0-100"):
        odi_band(101)
    assert odi_missing_reason([1, 2]) == "the ODI has 10 sections, got 2"
