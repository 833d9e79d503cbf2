"""``slingcoach analyze forceplate|pose|batch``: tables, JSON, plots and errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from slingcoach.cli import main
from slingcoach.signals.pose_io import pose_to_csv
from slingcoach.signals.pose_simulate import pose_simulate_sls

DATA = Path(__file__).parent / "data"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_forceplate_json_schema(capsys):
    code, out, _ = _run(
        ["analyze", "forceplate", str(DATA / "force_dual_cmj.txt"), "--rate", "1000", "--json"],
        capsys,
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["trial_type"] == "cmj"
    assert doc["body_mass_kg"] == pytest.approx(662.9 / 9.80665, abs=0.02)
    assert doc["jump_height_m"] == pytest.approx(0.32, abs=0.005)
    names = [p["name"] for p in doc["phases"]]
    assert names == ["weighing", "unweighting", "braking", "propulsion", "flight", "landing"]
    for p in doc["phases"]:
        assert {"start_s", "end_s", "left_impulse_Ns", "right_impulse_Ns", "asymmetry_pct"} <= set(
            p
        )
    assert doc["reps"] == []
    assert any("propulsive" in e["text"] for e in doc["evidence"])
    assert doc["parameters"]["takeoff_threshold_N"] == 20.0


def test_forceplate_table_and_plot(capsys, tmp_path):
    png = tmp_path / "cmj.png"
    code, out, err = _run(
        [
            "analyze", "forceplate", str(DATA / "force_dual_dj.txt"), "--rate", "1000",
            "--trial", "dj", "--left", "FP2", "--right", "FP1", "--plot", str(png),
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "contact time" in out and "RSI" in out
    assert "Traceback" not in out + err
    assert png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_forceplate_errors_have_exit_code_2(capsys, tmp_path):
    code, _, err = _run(["analyze", "forceplate", str(DATA / "force_dual_cmj.txt")], capsys)
    assert code == 2 and "give the sampling rate" in err
    code, _, err = _run(
        [
            "analyze",
            "forceplate",
            str(DATA / "force_dual_cmj.txt"),
            "--rate",
            "1000",
            "--trial",
            "hop",
        ],
        capsys,
    )
    assert code == 2 and "--trial: 'hop' is not one of" in err
    flat = tmp_path / "force_flat.txt"
    flat.write_text("Fz\n" + "700\n" * 3000)
    code, _, err = _run(
        ["analyze", "forceplate", str(flat), "--rate", "1000", "--trial", "cmj"], capsys
    )
    assert code == 1 and "no movement onset" in err and "Traceback" not in err
    code, _, err = _run(
        ["analyze", "forceplate", str(tmp_path / "missing.txt"), "--rate", "1000"], capsys
    )
    assert code == 2 and "missing.txt" in err


def test_pose_csv_json_and_plot(capsys, tmp_path):
    sim = pose_simulate_sls(reps=2)
    path = tmp_path / "pose_sls.csv"
    path.write_text(pose_to_csv(sim.recording, layout="coco"))
    png = tmp_path / "pose.png"
    code, out, err = _run(["analyze", "pose", str(path), "--json", "--plot", str(png)], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert [r["side"] for r in doc["reps"]] == ["left", "left", "right", "right"]
    assert doc["reps"][0]["knee_fppa_deg"] == pytest.approx(9.0, abs=1e-3)
    assert png.stat().st_size > 20_000
    code, out, _ = _run(["analyze", "pose", str(path)], capsys)
    assert code == 0 and "knee" in out
    code, _, err = _run(["analyze", "pose", str(path), "--task", "hop"], capsys)
    assert code == 2 and "--task" in err


def test_batch_table_and_json(capsys, tmp_path):
    for name in ("cmj", "sj"):
        shutil.copy(DATA / f"force_dual_{name}.txt", tmp_path / f"force_dual_{name}.txt")
    (tmp_path / "force_broken_cmj.txt").write_text("FP1\tFP2\n")
    code, out, err = _run(
        ["analyze", "batch", str(tmp_path), "--rate", "1000", "--workers", "1"], capsys
    )
    assert code == 0, err
    assert "3 files: ok 2, error 1" in out
    code, out, _ = _run(
        ["analyze", "batch", str(tmp_path), "--rate", "1000", "--workers", "1", "--json"], capsys
    )
    doc = json.loads(out)
    assert doc["summary"]["by_status"] == {"ok": 2, "error": 1}
    assert [f["status"] for f in doc["files"]] == ["error", "ok", "ok"]
    code, _, err = _run(["analyze", "batch", str(tmp_path / "nothing")], capsys)
    assert code == 2 and "not a folder" in err


def test_batch_on_a_dask_scheduler_address(capsys, tmp_path):
    import distributed  # a declared dependency (dask[distributed]): no skip

    shutil.copy(DATA / "force_dual_cmj.txt", tmp_path / "force_dual_cmj.txt")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None, protocol="tcp"
    ) as cluster:
        code, out, err = _run(
            [
                "analyze",
                "batch",
                str(tmp_path),
                "--rate",
                "1000",
                "--dask",
                cluster.scheduler_address,
            ],
            capsys,
        )
    assert code == 0, err
    assert "1 files: ok 1" in out


def test_forceplate_weigh_option_and_the_table_reports_the_weighing(capsys):
    path = str(DATA / "force_dual_cmj.txt")
    code, out, _ = _run(
        ["analyse", "forceplate", path, "--rate", "1000", "--weigh", "0.2:0.7", "--json"], capsys
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["weighing"] == "given" and doc["parameters"]["weigh_s"] == [0.2, 0.7]
    assert doc["weighing_start_s"] == pytest.approx(0.2, abs=0.002)
    code, out, _ = _run(["analyse", "forceplate", path, "--rate", "1000"], capsys)
    assert code == 0
    assert "quiet stance found" in out and "SD " in out and "onset threshold" in out
    code, _, err = _run(
        ["analyse", "forceplate", path, "--rate", "1000", "--weigh", "soon"], capsys
    )
    assert code == 2 and "--weigh must be START:END" in err and "Traceback" not in err
