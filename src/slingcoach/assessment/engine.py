"""``assess(intake, *, assessed_on, ...) -> Assessment``: pure, deterministic."""

from __future__ import annotations

import datetime as dt

from slingcoach import __version__
from slingcoach.assessment import asymmetry as asym
from slingcoach.assessment.findings import contraindications, find_findings, mobility_needs
from slingcoach.assessment.intake import Intake
from slingcoach.assessment.model import Assessment, PersonSummary
from slingcoach.assessment.odi import odi_missing_reason, odi_score
from slingcoach.assessment.provenance import assessment_id as make_id
from slingcoach.assessment.provenance import checked_id
from slingcoach.assessment.redflags import referral_text, screen, unanswered
from slingcoach.assessment.results import compute_results
from slingcoach.assessment.sensors import NO_SENSORS, SensorEvidence, apply_sensor_evidence
from slingcoach.exercises import catalogue_hash


def assess(
    intake: Intake,
    *,
    assessed_on: dt.date,
    thresholds: asym.Thresholds = asym.DEFAULT_THRESHOLDS,
    sensor_evidence: SensorEvidence = NO_SENSORS,
    assessment_id: str | None = None,
) -> Assessment:
    """Screen, score and compare the sides; return the findings.

    Parameters
    ----------
    intake
        A validated :class:`Intake` (see :func:`slingcoach.assessment.io.load_intake`).
    assessed_on
        The day of the assessment. The caller reads the clock (or the intake's date);
        the domain never does, so the same inputs give the same assessment.
    thresholds
        Percentage-difference bands (default 10 % watch, 15 % address); also the bands of
        force-plate asymmetry.
    sensor_evidence
        The intake's recordings, already read and analysed by the caller (the CLI does it
        in ``slingcoach.cli._sensors``); their results become evidence in the findings
        (see :mod:`slingcoach.assessment.sensors`). Default: none.
    assessment_id
        An id from the caller (1-64 letters, digits, '.', '_' or '-'); by default the
        deterministic id of :func:`slingcoach.assessment.provenance.assessment_id`.
    """
    catalogue = catalogue_hash()
    if assessment_id is None:
        assessment_id = make_id(
            intake,
            sensor_evidence=sensor_evidence,
            thresholds=thresholds,
            assessed_on=assessed_on,
            software_version=__version__,
            catalogue_hash=catalogue,
        )
    else:
        assessment_id = checked_id(assessment_id)
    person, training = intake.person, intake.training
    hits = screen(intake.red_flags, age=person.age)
    missing = unanswered(intake.red_flags)
    notes: list[str] = []
    if missing:
        notes.append(
            f"red-flag screening incomplete: {len(missing)} question(s) unanswered "
            f"({', '.join(missing)}); ask them before programming"
        )
    odi = None
    odi_note: str | None = "no ODI answers given"
    if intake.odi is not None:
        answers = intake.odi.answers()
        odi = odi_score(answers)
        odi_note = odi_missing_reason(answers)
    results = compute_results(intake, thresholds=thresholds)
    findings = find_findings(intake, results)
    findings, sensors = apply_sensor_evidence(
        intake, findings, sensor_evidence, results=results, thresholds=thresholds
    )
    failed = [r for r in sensors if r.status == "error"]
    if failed:
        notes.append(
            f"{len(failed)} recording(s) could not be used: "
            + "; ".join(f"{r.file}: {r.error}" for r in failed)
        )
    if hits:
        notes.append("red flags found: findings are shown for a clinician; no program will be made")
        findings = [f.model_copy(update={"flagged": True}) for f in findings]
    return Assessment(
        id=assessment_id,
        assessed_on=assessed_on,
        thresholds=thresholds,
        software_version=__version__,
        catalogue_hash=catalogue,
        person=PersonSummary(
            name=person.name,
            age=person.age,
            body_mass_kg=person.body_mass_kg,
            sex=person.sex.value if person.sex else None,
            dominant_hand=person.dominant_hand,
            dominant_leg=person.dominant_leg,
            level=training.level,
            equipment=list(training.equipment),
            days_per_week=training.days_per_week,
            minutes_per_session=training.minutes_per_session,
            goals=[g.value for g in intake.goals],
            timezone=training.timezone,
        ),
        refer=bool(hits),
        red_flags=hits,
        red_flag_ids=[h.id for h in hits],
        referral_text=referral_text(hits),
        screening_complete=not missing,
        unanswered_red_flags=missing,
        odi=odi,
        odi_note=odi_note,
        tests=results,
        findings=findings,
        contraindications=contraindications(intake, results),
        mobility_needs=mobility_needs(intake, results),
        signs=intake.signs,
        involved_side=intake.involved_side,
        recordings=list(intake.recordings),
        sensors=sensors,
        notes=notes,
    )
