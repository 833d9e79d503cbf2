"""Assessment: intake, red flags, ODI, field tests, asymmetry maths and sling findings (pure).

>>> import datetime as dt
>>> from slingcoach.assessment import Intake, assess
>>> intake = Intake.model_validate({
...     "person": {"name": "A", "age": 35, "body_mass_kg": 70.0,
...                "dominant_hand": "right", "dominant_leg": "right"},
...     "training": {"level": 2, "days_per_week": 3, "minutes_per_session": 45},
...     "tests": {"single-leg-glute-bridge-reps": {"left": 25, "right": 20}},
... })
>>> assessment = assess(intake, assessed_on=dt.date(2026, 3, 2))
>>> assessment.tests[0].weaker_side.value, len(assessment.id), str(assessment.assessed_on)
('right', 16, '2026-03-02')
"""

from __future__ import annotations

from slingcoach.assessment.asymmetry import DEFAULT_THRESHOLDS, Thresholds
from slingcoach.assessment.battery import Battery, FieldTest, battery
from slingcoach.assessment.engine import assess
from slingcoach.assessment.findings import Evidence, Finding, SidedMuscle
from slingcoach.assessment.intake import Intake
from slingcoach.assessment.model import Assessment, PersonSummary
from slingcoach.assessment.odi import OdiScore, odi_band, odi_score
from slingcoach.assessment.redflags import RedFlagHit, screen
from slingcoach.assessment.results import TestResult
from slingcoach.assessment.sensors import SensorEvidence, SensorItem, SensorRecording

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Assessment",
    "Battery",
    "Evidence",
    "FieldTest",
    "Finding",
    "Intake",
    "OdiScore",
    "PersonSummary",
    "RedFlagHit",
    "SensorEvidence",
    "SensorItem",
    "SensorRecording",
    "SidedMuscle",
    "TestResult",
    "Thresholds",
    "assess",
    "battery",
    "odi_band",
    "odi_score",
    "screen",
]
