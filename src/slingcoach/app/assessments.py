"""Assess an intake: analyse the recordings it names, then run the pure assessment.

This is the one path from an intake to an :class:`~slingcoach.assessment.Assessment` that
``slingcoach assess``, ``slingcoach plan``, the demo, the batch runner and the web app
share, so the same intake, date and thresholds always give the same findings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from slingcoach.app.intakes import IntakeFile, load_intake
from slingcoach.app.sources import Source
from slingcoach.assessment.asymmetry import DEFAULT_THRESHOLDS, Thresholds

if TYPE_CHECKING:
    from slingcoach.assessment import Assessment


def assess_intake(
    intake: IntakeFile,
    *,
    assessed_on: dt.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    recordings: bool = True,
    strict: bool = False,
    assessment_id: str | None = None,
) -> Assessment:
    """The assessment of a loaded intake.

    Parameters
    ----------
    intake
        From :func:`slingcoach.app.intakes.load_intake`.
    assessed_on
        The day of the assessment (the caller reads the clock; see :func:`today`).
    thresholds
        The percentage-difference bands (default :data:`DEFAULT_THRESHOLDS`, 10 % / 15 %).
    recordings
        Analyse the sensor recordings the intake names (default) and add their results as
        evidence; ``False`` assesses the field tests alone.
    strict
        Stop with :class:`~slingcoach.errors.InvalidRecordingError` on a recording that
        cannot be used, instead of reporting it and assessing the rest.
    assessment_id
        An id of the caller's; by default the deterministic one of
        :func:`slingcoach.assessment.provenance.assessment_id`.
    """
    from slingcoach.assessment import SensorEvidence, assess

    sensors = SensorEvidence()
    if recordings and intake.intake.recordings:
        from slingcoach.app.recordings import analyse_recordings

        sensors = analyse_recordings(intake, strict=strict)
    return assess(
        intake.intake,
        assessed_on=assessed_on,
        thresholds=thresholds,
        sensor_evidence=sensors,
        assessment_id=assessment_id,
    )


def assess_file(
    source: Source | str | Path,
    *,
    assessed_on: dt.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    recordings: bool = True,
    strict: bool = False,
) -> Assessment:
    """Load an intake file and assess it (:func:`load_intake`, then :func:`assess_intake`)."""
    return assess_intake(
        load_intake(source),
        assessed_on=assessed_on,
        thresholds=thresholds,
        recordings=recordings,
        strict=strict,
    )


def thresholds(watch_pct: float, address_pct: float) -> Thresholds:
    """:class:`Thresholds` from two percentages; a bad pair is an ``InvalidInputError``."""
    from slingcoach.errors import InvalidInputError

    try:
        return Thresholds(watch_pct=watch_pct, address_pct=address_pct)
    except ValueError as exc:
        raise InvalidInputError(str(exc), source="thresholds") from None


def today() -> dt.date:
    """Today's date on this machine: the default ``assessed_on`` of the CLI and the web app.

    The application layer may read the clock; the domain packages never do.
    """
    return dt.date.today()
