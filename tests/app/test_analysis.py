"""``app.analysis``: the one step from a recording to results, for paths and uploads alike."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from slingcoach.app.analysis import (
    EmgOptions,
    ForceOptions,
    PoseOptions,
    analyse_emg,
    analyse_force,
    analyse_pose,
)
from slingcoach.app.sources import Source
from slingcoach.errors import InvalidInputError
from slingcoach.vocab import Side

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "samples" / "recordings"
CMJ = ROOT / "tests" / "signals" / "data" / "force_dual_cmj.txt"


def _upload(path: Path) -> Source:
    return Source.upload(path.read_bytes(), name=path.name)


def test_emg_default_onset_method_is_the_signals_default() -> None:
    from slingcoach.signals.emg import emg_process
    from slingcoach.signals.emg_firing import emg_firing_order
    from slingcoach.signals.emg_methods import DEFAULT_ONSET_METHOD

    default = inspect.signature(emg_firing_order).parameters["method"].default
    assert default == inspect.signature(emg_process).parameters["method"].default
    assert default == DEFAULT_ONSET_METHOD
    analysis = analyse_emg(Source.from_path(RECORDINGS / "sam-phe-right.csv"))
    assert analysis.info.method == default
    assert analysis.firing is not None and analysis.firing.method == default
    assert [e.side for e in analysis.evidence if e.test == "emg-glute-hamstring-onset-delay"] == [
        Side.RIGHT
    ]


def test_an_upload_gives_the_same_results_as_the_file() -> None:
    path = RECORDINGS / "sam-phe-right.csv"
    from_file = analyse_emg(Source.from_path(path), EmgOptions(method="tkeo"))
    uploaded = analyse_emg(_upload(path), EmgOptions(method="tkeo"))
    assert uploaded.evidence == from_file.evidence
    assert uploaded.activations == from_file.activations
    force = analyse_force(_upload(CMJ), ForceOptions(sampling_rate_hz=1000.0)).result
    same = analyse_force(Source.from_path(CMJ), ForceOptions(sampling_rate_hz=1000.0)).result
    assert force.model_copy(update={"source": same.source}) == same
    pose = analyse_pose(_upload(RECORDINGS / "sam-sls.csv"), PoseOptions(task="single-leg-squat"))
    assert pose.reps and pose.evidence


def test_force_options_reach_the_analysis_and_warnings_are_kept() -> None:
    analysis = analyse_force(
        Source.from_path(CMJ), ForceOptions(sampling_rate_hz=1000.0, takeoff_threshold_N=30.0)
    )
    assert analysis.parameters.takeoff_threshold_N == 30.0
    assert any("plate sides are not labelled" in w for w in analysis.warnings)


def test_a_file_without_emg_channels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "forces.csv"
    path.write_text("time [s],Fz [N]\n0,1\n0.001,2\n0.002,3\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"no EMG channel found .*Fz \[N\]"):
        analyse_emg(Source.from_path(path))


def test_an_upload_is_named_by_its_name_never_by_its_temporary_copy() -> None:
    result = analyse_force(_upload(CMJ), ForceOptions(sampling_rate_hz=1000.0)).result
    assert result.source == "force_dual_cmj.txt"
    with pytest.raises(InvalidInputError) as error:
        analyse_force(_upload(CMJ))  # no time column and no rate
    assert str(error.value).startswith("force_dual_cmj.txt: the file has no time column")
    assert "slingcoach-" not in str(error.value)
