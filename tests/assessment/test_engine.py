"""Golden tests: the sample clients in samples/ give the findings we expect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slingcoach.assessment import Assessment, assess
from slingcoach.assessment.io import load_intake
from slingcoach.vocab import Side

from .helpers import ASSESSED_ON

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(name: str) -> Assessment:
    return assess(load_intake(SAMPLES / name), assessed_on=ASSESSED_ON)


def test_right_weak() -> None:
    a = run("right-weak.yaml")
    assert not a.refer and a.screening_complete
    assert a.odi is not None and a.odi.band == "moderate" and a.odi.answered_sections == 9
    top = a.findings[0]
    assert top.id == "posterior-oblique-right" and top.side is Side.RIGHT
    assert top.confidence == "high" and top.severity == "moderate"
    assert str(top.partners[0]) == "left latissimus-dorsi"
    assert "stiff lower back" in top.signs
    # the short right straight-leg raise is range, not strength: mobility, no finding
    assert {f.id for f in a.findings} == {"posterior-oblique-right"}
    assert a.mobility_needs == ["hamstring-mobility"]
    assert a.recordings[0].kind == "emg"


def test_left_weak() -> None:
    a = run("left-weak.yaml")
    assert not a.refer
    ids = [f.id for f in a.findings]
    assert set(ids) == {"lateral-left", "posterior-oblique-left", "deep-longitudinal-left"}
    assert all(f.side is Side.LEFT for f in a.findings)
    # two faults in the left single-leg squat: unsteady on one leg
    assert a.contraindications == ["balance-impairment", "sij-pain"]
    timed = next(t for t in a.tests if t.id == "timed-hop-6m")
    assert timed.weaker_side is Side.LEFT and timed.left == pytest.approx(2.55)


def test_balanced() -> None:
    a = run("balanced.yaml")
    assert a.findings == []
    assert all(t.status == "fine" for t in a.tests)
    assert a.odi is not None and a.odi.band == "minimal"


def test_red_flag_refers_and_blocks() -> None:
    a = run("red-flag.yaml")
    assert a.refer
    assert a.red_flag_ids == ["saddle-numbness", "new-back-pain-over-50"]
    assert a.referral_text is not None and "emergency" in a.referral_text
    assert a.findings and all(f.flagged for f in a.findings)
    assert "acute-low-back-flare" in a.contraindications


def test_sandbag_athlete_lat_side() -> None:
    a = run("sandbag-athlete.yaml")
    [finding] = a.findings
    assert finding.id == "posterior-oblique-right" and finding.side is Side.LEFT
    assert "sandbag" in [e.value for e in a.person.equipment]
    assert a.odi is None and a.odi_note == "no ODI answers given"
    assert a.contraindications == ["hamstring-strain"]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_deterministic_and_json_serialisable(name: str) -> None:
    first = run(name).model_dump_json()
    assert first == run(name).model_dump_json()
    data = json.loads(first)
    for key in ("refer", "red_flags", "odi", "tests", "findings"):
        assert key in data
