"""``slingcoach assess`` with sensor recordings (app/recordings.py) end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from slingcoach.app.intakes import load_intake
from slingcoach.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CMJ = SAMPLES / "recordings" / "sam-cmj-dual.txt"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["assess", *args, "--json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    data: dict[str, Any] = json.loads(captured.out)
    return data


def intake_with(tmp_path: Path, recordings: list[dict[str, Any]]) -> Path:
    """right-weak.yaml in ``tmp_path`` with its recordings replaced."""
    data = yaml.safe_load((SAMPLES / "right-weak.yaml").read_text(encoding="utf-8"))
    data["recordings"] = recordings
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_recordings_are_found_relative_to_the_intake_folder(tmp_path: Path) -> None:
    intake = load_intake(intake_with(tmp_path, []))
    found = intake.file("rec/a.csv")
    assert found is not None and found.path == tmp_path / "rec" / "a.csv"
    absolute = intake.file(str(CMJ))
    assert absolute is not None and absolute.path == CMJ


def test_unlabelled_plates_without_a_rate_say_what_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = CMJ.read_text(encoding="utf-8").splitlines()
    plates = tmp_path / "plates.txt"  # no time column: FP1, FP2 only
    plates.write_text(
        "\n".join("\t".join(line.split("\t")[1:]) for line in text) + "\n", encoding="utf-8"
    )
    entry = {"path": "plates.txt", "kind": "forceplate", "task": "cmj"}
    [rec] = run_json(capsys, str(intake_with(tmp_path, [entry])))["sensors"]
    assert rec["status"] == "error" and "sampling_rate_hz: 1000" in rec["error"]
    assert "--" not in rec["error"]  # the intake's field, not a command-line option
    [rec] = run_json(capsys, str(intake_with(tmp_path, [{**entry, "sampling_rate_hz": 1000.0}])))[
        "sensors"
    ]
    assert rec["status"] == "ok"
    assert rec["metrics"]["body_mass_kg"] == pytest.approx(78.5, abs=0.2)


def test_analyse_without_a_rate_says_which_option_gives_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = CMJ.read_text(encoding="utf-8").splitlines()
    plates = tmp_path / "plates.txt"
    plates.write_text(
        "\n".join("\t".join(line.split("\t")[1:]) for line in text) + "\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["analyse", "forceplate", str(plates)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {plates}: the file has no time column")
    assert err.rstrip().endswith("sampling_rate_hz: 1000 (give it with --rate)")
    emg = tmp_path / "emg.csv"
    emg.write_text("glute_r,glute_l\n0.1,0.2\n0.2,0.1\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["analyse", "emg", str(emg)])
    assert "or give sampling_rate_hz (give it with --rate)" in capsys.readouterr().err


def test_sample_client_recordings_become_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, str(SAMPLES / "right-weak.yaml"))
    sensors = {s["kind"]: s for s in data["sensors"]}
    assert [s["status"] for s in data["sensors"]] == ["ok", "ok", "ok"]
    emg, force, pose = sensors["emg"], sensors["forceplate"], sensors["pose"]
    # Known answers of make_samples.py: right glute ~210 ms after the right hamstrings,
    # left ~100 ms; CMJ 78.5 kg, left 58 % of the propulsive net impulse.
    assert emg["metrics"]["kind"] == "emg" and emg["metrics"]["right"]["glute_late"] is True
    assert emg["metrics"]["right"]["glute_minus_hamstrings_ms"] == pytest.approx(210, abs=25)
    assert emg["metrics"]["left"]["glute_minus_hamstrings_ms"] == pytest.approx(100, abs=25)
    assert force["metrics"]["body_mass_kg"] == pytest.approx(78.5, abs=0.2)
    assert force["metrics"]["left_share_pct"]["propulsion"] == pytest.approx(58.0, abs=1.0)
    drop = {side: pose["metrics"][side]["pelvic_drop_deg"] for side in ("left", "right")}
    assert drop["right"] > drop["left"] + 4
    for rec in data["sensors"]:
        assert rec["method"] and rec["sources"] and rec["file"].startswith("recordings/")
    top = data["findings"][0]
    assert top["id"] == "posterior-oblique-right"
    by_source = {e["source"]: e for e in top["evidence"]}
    assert by_source["emg"]["agrees"] and by_source["emg"]["weaker_side"] == "right"
    assert "left leg 58 % of propulsive" in by_source["forceplate"]["text"]
    assert "Lab recordings agree" in top["text"]
    assert emg["used_in"] == [
        "posterior-oblique-right"
    ]  # the straight-leg raise is range: no DLS finding
    assert pose["used_in"] == ["lateral-right"]


def test_broken_recordings_are_reported_and_the_rest_is_assessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "garbage.csv").write_text("hello,world\nfoo,bar\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "folder").mkdir()
    path = intake_with(
        tmp_path,
        [
            {"path": "missing.csv", "kind": "emg", "task": "prone-hip-extension"},
            {"path": "garbage.csv", "kind": "emg", "task": "prone-hip-extension"},
            {"path": "binary.txt", "kind": "forceplate", "task": "cmj"},
            {"path": "folder", "kind": "pose", "task": "single-leg-squat"},
            # absolute, outside the intake's folder
            {"path": str(CMJ), "kind": "forceplate", "task": "cmj", "left": "FP1", "right": "FP2"},
        ],
    )
    data = run_json(capsys, str(path))
    statuses = [(s["file"], s["status"]) for s in data["sensors"]]
    assert statuses == [
        ("missing.csv", "error"),
        ("garbage.csv", "error"),
        ("binary.txt", "error"),
        ("folder", "error"),
        (str(CMJ), "ok"),
    ]
    errors = {s["file"]: s["error"] for s in data["sensors"] if s["error"]}
    assert "file not found" in errors["missing.csv"] and "missing.csv" in errors["missing.csv"]
    assert "garbage.csv" in errors["garbage.csv"]
    assert "binary.txt" in errors["binary.txt"]
    assert "is a folder" in errors["folder"]
    assert any("4 recording(s) could not be used" in note for note in data["notes"])
    # The field tests and the good recording still make the findings.
    top = data["findings"][0]
    assert top["id"] == "posterior-oblique-right"
    assert any(e["source"] == "forceplate" for e in top["evidence"])


def test_strict_turns_a_broken_recording_into_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = intake_with(tmp_path, [{"path": "missing.csv", "kind": "emg", "task": "phe"}])
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", str(path), "--strict", "--json"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: missing.csv, recordings[1]: ")
    assert f"{tmp_path / 'missing.csv'}: file not found; expected the EMG recording" in captured.err
    assert "strict mode stops" in captured.err and "Traceback" not in captured.err


def test_summary_lists_recordings_and_skipping_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = intake_with(
        tmp_path,
        [
            {"path": str(CMJ), "kind": "forceplate", "task": "cmj", "left": "FP1", "right": "FP2"},
            {"path": "missing.csv", "kind": "emg", "task": "phe"},
        ],
    )
    main(["assess", str(path)])
    out = " ".join(capsys.readouterr().out.split())  # Rich wraps lines
    assert "Sensor recordings" in out and "error" in out
    assert "A lab recording agrees: left leg 58 % of propulsive" in out
    data = run_json(capsys, str(path), "--no-recordings")
    assert data["sensors"] == [] and data["recordings"][0]["kind"] == "forceplate"


def test_wrong_plate_column_is_a_clear_recording_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = intake_with(
        tmp_path,
        [{"path": str(CMJ), "kind": "forceplate", "task": "cmj", "left": "FP9", "right": "FP2"}],
    )
    [rec] = run_json(capsys, str(path))["sensors"]
    assert rec["status"] == "error" and "FP9" in rec["error"]


def test_emg_channel_overrides_from_the_intake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = SAMPLES / "recordings" / "sam-phe-right.csv"
    names = ["R_GMAX", "L_GMAX", "R_BF", "L_BF", "R_ES", "L_ES", "R_LATS", "L_LATS"]
    text = source.read_text(encoding="utf-8")
    for number, name in enumerate(names, start=1):
        text = text.replace(f"{name} [uV]", f"EMG{number} [uV]", 1)
    (tmp_path / "generic.csv").write_text(text, encoding="utf-8")
    words = {
        "R": "right",
        "L": "left",
        "GMAX": "gluteus-maximus",
        "BF": "biceps-femoris",
        "ES": "erector-spinae",
        "LATS": "latissimus-dorsi",
    }
    channels = {
        f"EMG{n}": f"{words[name[0]]} {words[name[2:]]}" for n, name in enumerate(names, start=1)
    }
    entry = {"path": "generic.csv", "kind": "emg", "task": "prone-hip-extension"}
    [unlabelled] = run_json(capsys, str(intake_with(tmp_path, [entry])))["sensors"]
    assert unlabelled["status"] == "error" and "channels:" in unlabelled["error"]
    [rec] = run_json(capsys, str(intake_with(tmp_path, [{**entry, "channels": channels}])))[
        "sensors"
    ]
    assert rec["status"] == "ok" and rec["metrics"]["right"]["glute_late"] is True
    # the straight-leg raise is range: no deep longitudinal finding
    assert rec["used_in"] == ["posterior-oblique-right"]
    bad = {**entry, "channels": {"EMG1": "right glutes-maximus"}}
    [wrong] = run_json(capsys, str(intake_with(tmp_path, [bad])))["sensors"]
    assert wrong["status"] == "error" and "EMG1" in wrong["error"]
