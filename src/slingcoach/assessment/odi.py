"""Oswestry Disability Index 2.1a scoring (Fairbank & Pynsent 2000 Spine 25(22):2940-2953).

Score = sum of the answered sections / (5 x sections answered) x 100. More than
``max_missing`` (2) blank sections: no score, with a reason (a convention of scoring
services, not in Fairbank & Pynsent). The band uses the score rounded to the nearest
whole percent, half up (20.4 → minimal, 20.5 → moderate).

>>> odi_score([3, 2, 2, 1, 2, 2, 1, 1, 1, 1]).score_pct
32.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Band = Literal["minimal", "moderate", "severe", "crippled", "bed-bound-or-exaggerating"]


class OdiScore(BaseModel):
    """An ODI result: the percentage (unrounded), its band and how many sections counted."""

    model_config = ConfigDict(frozen=True)
    score_pct: float = Field(ge=0, le=100)
    band: Band
    answered_sections: int = Field(ge=1, le=10)


class OdiBand(BaseModel):
    """A band and its inclusive upper edge in whole percent."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    band: Band
    upper: int


class OdiData(BaseModel):
    """Sections, bands and the missing-section limit (``assessment/data/odi.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sections: tuple[dict[str, str], ...]
    bands: tuple[OdiBand, ...]
    max_missing: int


@cache
def odi_data() -> OdiData:
    """The bundled ODI section prompts (our wording) and bands."""
    from slingcoach.assessment.battery import _read_yaml

    return OdiData.model_validate(_read_yaml("odi.yaml"))


def odi_band(score_pct: float) -> Band:
    """Band of a percentage score; bands from Fairbank & Pynsent 2000, rounded half up."""
    if not 0 <= score_pct <= 100:
        raise ValueError(f"an ODI score is 0-100 %, got {score_pct}")
    whole = math.floor(score_pct + 0.5)
    for band in odi_data().bands:
        if whole <= band.upper:
            return band.band
    raise AssertionError("bands cover 0-100")  # pragma: no cover - data validated by tests


def odi_missing_reason(answers: Sequence[int | None]) -> str | None:
    """Why ``answers`` cannot be scored, or None when they can."""
    if len(answers) != 10:
        return f"the ODI has 10 sections, got {len(answers)}"
    missing = sum(a is None for a in answers)
    limit = odi_data().max_missing
    if missing > limit:
        return (
            f"{missing} of 10 sections are blank; the score needs at least {10 - limit} "
            "answered sections"
        )
    return None


def odi_score(answers: Sequence[int | None]) -> OdiScore | None:
    """Score ODI 2.1a answers (10 values 0-5 or None); None when too many are blank.

    Fairbank & Pynsent 2000: total / (5 x answered) x 100, e.g. 16/50 → 32 %,
    16 of 45 (one blank) → 35.56 %.
    """
    for index, answer in enumerate(answers):
        if answer is not None and not (isinstance(answer, int) and 0 <= answer <= 5):
            raise ValueError(f"ODI section {index + 1} must be 0-5 or blank, got {answer!r}")
    if odi_missing_reason(answers) is not None:
        return None
    given = [a for a in answers if a is not None]
    score = sum(given) / (5 * len(given)) * 100.0
    return OdiScore(score_pct=score, band=odi_band(score), answered_sections=len(given))
