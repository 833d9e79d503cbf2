"""The :class:`Assessment`: what :func:`slingcoach.assessment.assess` returns (JSON out)."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.assessment.asymmetry import Thresholds
from slingcoach.assessment.findings import Finding
from slingcoach.assessment.intake import Recording, Signs
from slingcoach.assessment.odi import OdiScore
from slingcoach.assessment.provenance import ID_PATTERN
from slingcoach.assessment.redflags import RedFlagHit
from slingcoach.assessment.results import TestResult
from slingcoach.assessment.sensors import SensorRecording
from slingcoach.vocab import Equipment, Side

#: Version of the assessment document's layout; a reader refuses another one.
#: 2.0: the recordings' metrics are typed per kind (1.0 had flat "left_..." keys).
#: 3.0: a finding's muscles and partners are {side, muscle} (2.0: "right gluteus-maximus").
SCHEMA_VERSION: Final = "3.0"


class PersonSummary(BaseModel):
    """The person and their constraints, as programming needs them."""

    model_config = ConfigDict(frozen=True)
    name: str
    age: int
    body_mass_kg: float
    sex: str | None
    dominant_hand: Side
    dominant_leg: Side
    level: int = Field(ge=1, le=3)
    equipment: list[Equipment]
    days_per_week: int
    minutes_per_session: int
    goals: list[str]
    timezone: str | None = Field(
        default=None, description="IANA time zone where the person trains (from the intake)"
    )


class Assessment(BaseModel):
    """One person's assessment: screening, ODI, left/right tests, findings and tags.

    ``refer`` True means red flags were found: the report says to see a clinician and
    programming refuses to build a program. Findings are still computed (and shown as
    flagged) so a clinician can see them.

    The first fields are its provenance: ``id`` (deterministic, see
    :mod:`slingcoach.assessment.provenance`, unless the caller gave one), ``assessed_on``
    (given by the caller: domain code reads no clock), the ``thresholds`` the tests were
    banded with, the ``software_version`` and the ``catalogue_hash`` of the exercise
    catalogue (:func:`slingcoach.exercises.catalogue_hash`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", title="slingcoach assessment")

    schema_version: Literal["3.0"] = Field(
        default=SCHEMA_VERSION, description="layout version of this document"
    )
    id: str = Field(
        pattern=ID_PATTERN,
        description="16 hex digits of the SHA-256 of everything the assessment was made from, "
        "or an id the caller gave",
    )
    assessed_on: dt.date = Field(description="the day of the assessment (given by the caller)")
    thresholds: Thresholds = Field(description="the percentage-difference bands used")
    software_version: str = Field(description="the slingcoach version that made it")
    catalogue_hash: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the exercise catalogue's canonical content",
    )
    person: PersonSummary
    refer: bool
    red_flags: list[RedFlagHit]
    red_flag_ids: list[str] = Field(description="the ids of red_flags, for quick checks")
    referral_text: str | None
    screening_complete: bool = Field(description="every red-flag question was answered")
    unanswered_red_flags: list[str]
    odi: OdiScore | None
    odi_note: str | None = Field(description="why there is no ODI score, when there is none")
    tests: list[TestResult]
    findings: list[Finding]
    contraindications: list[str]
    mobility_needs: list[str]
    signs: Signs
    involved_side: Side | None
    recordings: list[Recording]
    sensors: list[SensorRecording] = Field(
        default_factory=list,
        description="the recordings as analysed (status ok/error, key metrics, method, the "
        "findings each is evidence in); empty when none were analysed",
    )
    notes: list[str]
