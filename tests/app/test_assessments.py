"""Intakes from files and uploads, assessed through the one application layer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from slingcoach.app.assessments import assess_file, assess_intake, thresholds
from slingcoach.app.intakes import load_intake
from slingcoach.app.sources import Source
from slingcoach.errors import InvalidInputError
from tests.assessment.helpers import ASSESSED_ON

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
RIGHT_WEAK = SAMPLES / "right-weak.yaml"


def _uploads(intake: Path) -> dict[str, Source]:
    """The recordings of ``intake`` as uploads, keyed by the names the intake gives."""
    data = yaml.safe_load(intake.read_text(encoding="utf-8"))
    return {
        entry["path"]: Source.upload((intake.parent / entry["path"]).read_bytes(), name="x.csv")
        for entry in data["recordings"]
    }


def test_an_uploaded_intake_with_its_recordings_assesses_like_the_file() -> None:
    from_file = assess_file(RIGHT_WEAK, assessed_on=ASSESSED_ON)
    upload = Source.upload(RIGHT_WEAK.read_bytes(), name="right-weak.yaml")
    uploaded = assess_intake(
        load_intake(upload, attachments=_uploads(RIGHT_WEAK)), assessed_on=ASSESSED_ON
    )
    assert [s.status for s in from_file.sensors] == ["ok", "ok", "ok"]
    assert uploaded == from_file


def test_an_uploaded_intake_never_reads_files_of_this_machine(tmp_path: Path) -> None:
    data = yaml.safe_load(RIGHT_WEAK.read_text(encoding="utf-8"))
    data["recordings"][0]["path"] = str(SAMPLES / "recordings" / "sam-phe-right.csv")
    upload = Source.upload(yaml.safe_dump(data).encode(), name="client.yaml")
    a = assess_intake(load_intake(upload), assessed_on=ASSESSED_ON)
    assert [s.status for s in a.sensors] == ["error", "error", "error"]
    assert "among the uploaded files (uploaded: none)" in (a.sensors[0].error or "")


def test_recordings_can_be_skipped_and_strict_mode_stops(tmp_path: Path) -> None:
    data = yaml.safe_load(RIGHT_WEAK.read_text(encoding="utf-8"))
    data["recordings"] = [{"path": "gone.csv", "kind": "emg", "task": "phe"}]
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    skipped = assess_file(path, assessed_on=ASSESSED_ON, recordings=False)
    assert skipped.sensors == [] and skipped.notes == []
    kept = assess_file(path, assessed_on=ASSESSED_ON)
    assert kept.sensors[0].status == "error"
    with pytest.raises(InvalidInputError, match=r"gone.csv, recordings\[1\]: .*file not found"):
        assess_file(path, assessed_on=ASSESSED_ON, strict=True)


def test_bad_thresholds_are_an_input_error() -> None:
    assert thresholds(8, 12).address_pct == 12
    with pytest.raises(InvalidInputError, match=r"^thresholds: thresholds need 0 <= watch_pct"):
        thresholds(20, 10)


def test_the_intake_accepts_every_onset_method_and_defaults_like_analyse(tmp_path: Path) -> None:
    data = yaml.safe_load(RIGHT_WEAK.read_text(encoding="utf-8"))
    emg = {**data["recordings"][0], "path": str(SAMPLES / data["recordings"][0]["path"])}
    data["recordings"] = [emg]
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    default = assess_file(path, assessed_on=ASSESSED_ON).sensors[0]
    data["recordings"][0]["method"] = "aglr"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    chosen = assess_file(path, assessed_on=ASSESSED_ON).sensors[0]
    assert default.status == chosen.status == "ok"
    from slingcoach.signals.emg_methods import DEFAULT_ONSET_METHOD

    assert default.parameters["onset_method"] == DEFAULT_ONSET_METHOD
    assert chosen.parameters["onset_method"] == "aglr"
