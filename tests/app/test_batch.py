"""Batch analysis of a folder: classification, process pool, Dask, one bad file."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from slingcoach.app.batch import (
    BatchItem,
    analyse_file,
    batch_discover,
    batch_item,
    batch_run,
    batch_summary,
)
from slingcoach.errors import InvalidInputError
from slingcoach.signals.force_simulate import force_simulate_cmj, force_simulate_lift
from slingcoach.signals.pose_io import pose_to_json
from slingcoach.signals.pose_simulate import pose_simulate_sls

DATA = Path(__file__).resolve().parents[1] / "signals" / "data"


def _write_force_csv(path: Path, rec) -> None:
    cols = np.column_stack([rec.time, rec.channel("Fz_left"), rec.channel("Fz_right")])
    np.savetxt(path, cols, delimiter=",", header="time,Fz_left,Fz_right", comments="", fmt="%.6f")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    for name in ("cmj", "sj", "dj"):
        shutil.copy(DATA / f"force_dual_{name}.txt", root / f"force_dual_{name}.txt")
    _write_force_csv(root / "athlete1_cmj.csv", force_simulate_cmj(seed=1).recording)
    _write_force_csv(
        root / "athlete1_squat.csv",
        force_simulate_lift(reps=3, left_share={"down": 0.5, "up": 0.44}).recording,
    )
    sub = root / "video"
    sub.mkdir()
    (sub / "athlete1_sls_pose.json").write_text(
        pose_to_json(pose_simulate_sls(reps=2).recording, layout="coco", fps=30)
    )
    (root / "broken_cmj.txt").write_text("FP1\tFP2\n1\t2\n3\n")
    (root / "README.md").write_text("not data")
    (root / "LICENSE.txt").write_text("not data")
    (root / "emg_source_LICENSE.txt").write_text("not data")
    return root


def test_discover_classifies_and_skips(folder):
    items = batch_discover(folder, rate_hz=1000)
    kinds = {
        Path(i.path).name: (i.kind, i.options.get("trial") or i.options.get("task")) for i in items
    }
    assert kinds["force_dual_cmj.txt"] == ("force", "cmj")
    assert kinds["athlete1_squat.csv"] == ("force", "squat")
    assert kinds["athlete1_sls_pose.json"][0] == "pose"
    assert "README.md" not in kinds and "LICENSE.txt" not in kinds
    assert "emg_source_LICENSE.txt" not in kinds
    assert all(i.options["rate_hz"] == 1000 for i in items)


def test_one_file_fails_the_rest_finish_in_a_process_pool(folder):
    seen = []
    rows = batch_run(batch_discover(folder, rate_hz=1000), workers=2, on_done=seen.append)
    assert len(seen) == len(rows) == 7
    by_name = {Path(r.path).name: r for r in rows}
    bad = by_name["broken_cmj.txt"]
    assert bad.status == "error"
    assert "broken_cmj.txt" in bad.message and "line 3" in bad.message
    cmj = by_name["force_dual_cmj.txt"]
    assert cmj.status == "ok"
    assert cmj.summary["jump_height_flight_m"] == pytest.approx(0.32, abs=0.005)
    squat = by_name["athlete1_squat.csv"].summary
    assert squat["reps"] == 3
    assert squat["finding"] == "right leg 56 % of lifting force"
    pose = by_name["athlete1_sls_pose.json"]
    assert pose.status == "ok" and pose.summary["left_reps"] == 2
    assert batch_summary(rows)["by_status"] == {"ok": 6, "error": 1}


def test_in_process_and_pool_give_the_same_rows(folder):
    items = [i for i in batch_discover(folder, rate_hz=1000) if "dual" in i.path]
    serial = batch_run(items, workers=1)
    parallel = batch_run(items, workers=2)
    assert [r.summary for r in serial] == [r.summary for r in parallel]


def test_dask_local_cluster(folder):
    import distributed  # a declared dependency (dask[distributed]): no skip

    items = [
        i for i in batch_discover(folder, rate_hz=1000) if "dual" in i.path or "broken" in i.path
    ]
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        rows = batch_run(items, dask_address=cluster)
    assert [r.status for r in rows] == ["error", "ok", "ok", "ok"]
    assert rows[1].summary["trial_type"] == "cmj"


def test_manifest_decides_kind_and_options(folder, tmp_path):
    shutil.copy(DATA / "force_dual_sj.txt", tmp_path / "trial_a.txt")
    (tmp_path / "manifest.csv").write_text("file,kind,trial,rate_hz\ntrial_a.txt,force,sj,1000\n")
    items = batch_discover(tmp_path)
    assert items == [
        BatchItem(str(tmp_path / "trial_a.txt"), "force", {"trial": "sj", "rate_hz": 1000.0})
    ]
    (tmp_path / "manifest.csv").write_text("file,kind\ntrial_a.txt,video\n")
    with pytest.raises(InvalidInputError, match=r"manifest.csv, line 2: kind 'video'"):
        batch_discover(tmp_path)


def test_missing_rate_and_missing_file_are_error_rows(folder, tmp_path):
    row = analyse_file(BatchItem(str(folder / "force_dual_cmj.txt"), "force", {"trial": "cmj"}))
    assert row.status == "error" and "give the sampling rate" in row.message
    row = analyse_file(BatchItem(str(tmp_path / "nope.txt"), "force", {}))
    assert row.status == "error" and "nope.txt" in row.message
    assert analyse_file(BatchItem("x.bin", "unknown", {})).status == "unsupported"


def test_not_a_folder(tmp_path):
    with pytest.raises(InvalidInputError, match="not a folder"):
        batch_discover(tmp_path / "missing")


def test_workers_must_be_positive():
    with pytest.raises(InvalidInputError, match="workers must be at least 1, got 0"):
        batch_run([], workers=0)


def test_intake_words_map_to_items_and_rows_carry_evidence():
    item = batch_item(DATA / "force_dual_sj.txt", "forceplate", task="sj", rate_hz=1000)
    assert (item.kind, item.options) == ("force", {"trial": "sj", "rate_hz": 1000})
    row = analyse_file(item)
    assert row.status == "ok"
    assert "FP2 (taken as right) 58 % of propulsive net impulse" in [
        e["text"] for e in row.evidence
    ]
    assert batch_item("x.json", "pose", task="step-down").options == {"task": "step-down"}
    assert batch_item("x.txt", "forceplate", task="hop").options == {"trial": "auto"}
    with pytest.raises(InvalidInputError, match="kind 'video' is not one of"):
        batch_item("x.mp4", "video")
