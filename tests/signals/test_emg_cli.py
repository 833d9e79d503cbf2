"""``slingcoach analyze emg``: JSON schema, tables, plot and clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from slingcoach.cli import app
from slingcoach.signals.io import write_c3d, write_csv
from slingcoach.signals.simulate import emg_simulate_phe

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def phe_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rec, _ = emg_simulate_phe(
        delays_ms={"right": {"gluteus-maximus": 320.0}},
        trials_per_side=2,
        sampling_rate_hz=1000.0,
        seed=4,
    )
    path = tmp_path_factory.mktemp("emg") / "phe.csv"
    write_csv(rec, path)
    return path


def test_json_schema(phe_csv: Path) -> None:
    result = runner.invoke(app, ["analyze", "emg", str(phe_csv), "--json", "--method", "bonato"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "bonato"
    names = {c["name"]: c for c in data["channels"]}
    assert set(names) == {"R_GMAX", "L_GMAX", "R_BF", "L_BF", "R_ES", "L_ES", "R_LATS", "L_LATS"}
    gmax = names["R_GMAX"]
    assert gmax["muscle"] == "gluteus-maximus" and gmax["side"] == "right"
    assert len(gmax["onsets_s"]) == len(gmax["offsets_s"]) == 2
    firing = data["firing_order"]
    assert firing["side_difference_flag"] is True
    assert len(firing["trials"]) == 4
    assert any("suggests" in note for note in firing["notes"])
    assert {e["test"] for e in data["evidence"]} >= {"emg-glute-hamstring-onset-delay"}
    assert "Bonato" in data["info"]["sources"]["onsets"]


def test_tables_and_plot(phe_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "emg.png"
    result = runner.invoke(app, ["analyze", "emg", str(phe_csv), "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert "Firing order per trial" in result.stdout
    assert "glute onset" in result.stdout
    assert out.stat().st_size > 10_000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_real_file_with_label_override(tmp_path: Path) -> None:
    labels = tmp_path / "labels.yaml"
    labels.write_text("EMG: {muscle: gluteus-maximus, side: right}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "analyze",
            "emg",
            str(DATA / "emg_biosppy_excerpt.txt"),
            "--labels",
            str(labels),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["channels"][0]["muscle"] == "gluteus-maximus"
    assert data["unknown_labels"] == []
    assert data["firing_order"] is not None  # one glute: order and trials, no side comparison


def test_uci_file_reports_unknown_and_skips_angle() -> None:
    result = runner.invoke(
        app, ["analyze", "emg", str(DATA / "emg_uci_5nmar_excerpt.txt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["name"] for c in data["channels"]] == ["RF", "BF", "VM", "ST"]
    assert data["firing_order"] is None and "side" in data["firing_order_note"]


def test_c3d_input(tmp_path: Path) -> None:
    rec, _ = emg_simulate_phe(trials_per_side=1, sampling_rate_hz=1000.0, seed=2)
    path = tmp_path / "phe.c3d"
    write_c3d(path, rec)
    result = runner.invoke(app, ["analyze", "emg", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["firing_order"]["trials"]) == 2


def _plate_channels(n: int, seed: int) -> dict[str, np.ndarray]:
    """Six force-plate signals in volts, as a lab's C3D stores them beside the EMG."""
    rng = np.random.default_rng(seed)
    return {
        name: 0.5 + 0.01 * rng.standard_normal(n)
        for name in ("Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1")
    }


def test_c3d_force_plate_voltages_are_not_analysed_as_emg(tmp_path: Path) -> None:
    rec, _ = emg_simulate_phe(trials_per_side=1, sampling_rate_hz=1000.0, seed=2)
    plates = _plate_channels(rec.n_samples, 1)
    both = rec.with_data({**rec.data, **plates}, units={**rec.units, **dict.fromkeys(plates, "V")})
    path = tmp_path / "emg_and_plate.c3d"
    plate = {"type": 2, "corners": [[0, 0, 0], [500, 0, 0], [500, 400, 0], [0, 400, 0]]}
    write_c3d(path, both, force_platforms=[{**plate, "channels": list(plates)}])
    result = runner.invoke(app, ["analyse", "emg", str(path), "--json"])
    assert result.exit_code == 0, result.output
    names = {c["name"] for c in json.loads(result.stdout)["channels"]}
    assert names == set(rec.channels)  # the eight muscles, none of the plate's volts
    # without FORCE_PLATFORM:CHANNEL, the names alone (Fx1, Mz1 ...) give them away
    unlisted = tmp_path / "no_platform_group.c3d"
    write_c3d(unlisted, both)
    result = runner.invoke(app, ["analyse", "emg", str(unlisted), "--json"])
    assert {c["name"] for c in json.loads(result.stdout)["channels"]} == set(rec.channels)


def test_c3d_with_only_force_plate_channels_says_there_is_no_emg(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slingcoach.cli import main
    from slingcoach.signals.recording import Recording

    plates = _plate_channels(2000, 2)
    rec = Recording.from_rate(plates, sampling_rate_hz=1000.0, units=dict.fromkeys(plates, "V"))
    path = tmp_path / "plate_only.c3d"
    write_c3d(path, rec, force_platforms=[{"type": 2, "channels": list(plates)}])
    with pytest.raises(SystemExit) as exit_info:
        main(["analyse", "emg", str(path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "no EMG channel found" in err and "Fz1 [V]" in err and "Traceback" not in err


def test_sampling_rate_is_reported_as_the_file_states_it(tmp_path: Path) -> None:
    rec, _ = emg_simulate_phe(trials_per_side=1, sampling_rate_hz=1000.0, seed=2)
    path = tmp_path / "phe.c3d"
    write_c3d(path, rec)
    result = runner.invoke(app, ["analyse", "emg", str(path), "--json"])
    data = json.loads(result.stdout)
    assert data["sampling_rate_hz"] == 1000.0 and data["info"]["sampling_rate_hz"] == 1000.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "visual"], "unknown method 'visual'"),
        (["--trials", "weekly"], "unknown trial split 'weekly'"),
        (["--baseline", "zero"], "--baseline must be 'START,END'"),
    ],
)
def test_bad_options_exit_2_without_traceback(
    phe_csv: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from slingcoach.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", "emg", str(phe_csv), *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_file_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from slingcoach.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_text("EMG\n1\n2\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", "emg", str(bad)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err and "bad.csv" in err and "sampling_rate_hz" in err
    assert "Traceback" not in err
