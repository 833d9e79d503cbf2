"""Identity and provenance of an assessment: its id, and what it was made with.

An assessment's id is deterministic: the first :data:`ID_LENGTH` hex digits of the SHA-256
of everything the assessment is computed from (the intake, the analysed recordings, the
thresholds, the date, the software version and the catalogue hash), written as canonical
JSON. The same inputs give the same id on any machine; any change gives another id. A
caller that has its own ids (a database) passes one instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from slingcoach.assessment.asymmetry import Thresholds
    from slingcoach.assessment.intake import Intake
    from slingcoach.assessment.sensors import SensorEvidence

#: Hex digits kept of the SHA-256: 64 bits, so two different assessments of one coach's
#: clients share an id with a probability far below one in a billion.
ID_LENGTH = 16

#: What a caller-given id may look like: 1-64 letters, digits, '.', '_' or '-'.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_ID = re.compile(ID_PATTERN)


def canonical_json(value: Any) -> str:
    """``value`` as canonical JSON: sorted keys, no spaces, UTF-8 text (for hashing)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def assessment_id(
    intake: Intake,
    *,
    sensor_evidence: SensorEvidence,
    thresholds: Thresholds,
    assessed_on: dt.date,
    software_version: str,
    catalogue_hash: str,
) -> str:
    """The deterministic id of the assessment of these inputs (16 lowercase hex digits).

    >>> from slingcoach.assessment import DEFAULT_THRESHOLDS, Intake, SensorEvidence
    >>> intake = Intake.model_validate({
    ...     "person": {"name": "A", "age": 35, "body_mass_kg": 70.0,
    ...                "dominant_hand": "right", "dominant_leg": "right"},
    ...     "training": {"level": 2, "days_per_week": 3, "minutes_per_session": 45}})
    >>> first = assessment_id(intake, sensor_evidence=SensorEvidence(),
    ...     thresholds=DEFAULT_THRESHOLDS, assessed_on=dt.date(2026, 3, 2),
    ...     software_version="0.1.0", catalogue_hash="0" * 64)
    >>> later = assessment_id(intake, sensor_evidence=SensorEvidence(),
    ...     thresholds=DEFAULT_THRESHOLDS, assessed_on=dt.date(2026, 3, 9),
    ...     software_version="0.1.0", catalogue_hash="0" * 64)
    >>> len(first), first == later
    (16, False)
    """
    content = {
        "intake": intake.model_dump(mode="json", by_alias=True),
        "recordings": sensor_evidence.model_dump(mode="json"),
        "thresholds": dataclasses.asdict(thresholds),
        "assessed_on": assessed_on.isoformat(),
        "software_version": software_version,
        "catalogue_hash": catalogue_hash,
    }
    digest = hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
    return digest[:ID_LENGTH]


def checked_id(value: str) -> str:
    """A caller-given assessment id, refused with a clear message when it cannot be used."""
    if not _ID.match(value):
        raise InvalidInputError(
            f"{value!r} cannot be an assessment id; use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            source="assessment_id",
        )
    return value
