"""Force traces as labs export them: cut at take-off, a short quiet stance, ties, weigh=.

The exports are cut from the real dual-plate recordings of Gidiel-Machado et al. (MIT, see
data/README.md), the way trimming software cuts them, and written as the same tab-separated
text; the full recordings give the answers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slingcoach.errors import AnalysisError, InvalidInputError
from slingcoach.signals.force import force_analyse, force_evidence
from slingcoach.signals.force_io import force_read_text
from slingcoach.signals.force_simulate import force_simulate_cmj
from slingcoach.signals.recording import Recording

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> tuple[str, np.ndarray]:
    lines = (DATA / f"force_dual_{name}.txt").read_text(encoding="utf-8").splitlines()
    return lines[0], np.array([[float(v) for v in line.split("\t")] for line in lines[1:]])


def _export(tmp_path: Path, name: str, first: int, last: int) -> Path:
    header, rows = _rows(name)
    path = tmp_path / f"{name}_{first}_{last}.txt"
    body = "\n".join("\t".join(f"{v:.3f}" for v in row) for row in rows[first:last])
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")
    return path


def _takeoff(name: str) -> int:
    """First sample of the flight (summed force under 20 N after the push) of a real file."""
    _, rows = _rows(name)
    return int(np.flatnonzero(rows.sum(axis=1) < 20.0)[0])  # they start on the plates


def _full(name: str) -> object:
    rec = force_read_text(DATA / f"force_dual_{name}.txt", sampling_rate_hz=1000)
    return force_analyse(rec, trial_type=name)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["cmj", "sj"])
def test_a_jump_cut_at_take_off_gives_height_and_phases(name: str, tmp_path: Path) -> None:
    full = _full(name)
    path = _export(tmp_path, name, 0, _takeoff(name) + 1)  # the export ends at take-off
    r = force_analyse(force_read_text(path, sampling_rate_hz=1000), trial_type="auto")
    assert r.trial_type == name  # detected as the jump it is, not as a squat
    assert r.flight_time_s is None and r.jump_height_flight_m is None
    # impulse–momentum needs only the push: the same take-off velocity as the full trace
    assert r.takeoff_velocity_m_s == pytest.approx(full.takeoff_velocity_m_s, abs=0.02)  # type: ignore[attr-defined]
    assert r.jump_height_m == pytest.approx(full.jump_height_m, abs=0.005)  # type: ignore[attr-defined]
    names = [p.name for p in r.phases]
    expected = (
        ["weighing", "unweighting", "braking", "propulsion"]
        if name == "cmj"
        else [
            "weighing",
            "propulsion",
        ]
    )
    assert names == expected
    assert [e.name for e in r.events][-1] == "take-off"
    assert any("ends at take-off" in w for w in r.warnings)


def test_the_trial_type_given_is_honoured(tmp_path: Path) -> None:
    path = _export(tmp_path, "cmj", 0, _takeoff("cmj") + 1)
    rec = force_read_text(path, sampling_rate_hz=1000)
    assert force_analyse(rec, trial_type="cmj").trial_type == "cmj"
    assert force_analyse(rec, trial_type="sj").trial_type == "sj"  # never reclassified
    # the squat jump reading still says what it saw: a countermovement before the push
    assert any("countermovement" in w for w in force_analyse(rec, trial_type="sj").warnings)


def test_a_trace_cut_before_take_off_is_a_clear_error(tmp_path: Path) -> None:
    path = _export(tmp_path, "cmj", 0, _takeoff("cmj") - 120)  # ends mid-push
    rec = force_read_text(path, sampling_rate_hz=1000)
    with pytest.raises(AnalysisError, match=r"no take-off found.*still \d+ N at the end"):
        force_analyse(rec, trial_type="cmj")


def test_a_trace_too_short_to_say_anything(tmp_path: Path) -> None:
    path = _export(tmp_path, "cmj", 0, 150)
    with pytest.raises(AnalysisError, match=r"0.15 s long, too short"):
        force_analyse(force_read_text(path, sampling_rate_hz=1000), trial_type="cmj")


def test_a_two_second_export_with_a_short_stance_is_weighed_on_the_stance(tmp_path: Path) -> None:
    full = _full("cmj")
    onset = next(e.sample for e in full.events if e.name == "onset")  # type: ignore[attr-defined]
    first = onset - 300  # 0.3 s of stance left before the movement
    path = _export(tmp_path, "cmj", first, first + 2000)
    r = force_analyse(force_read_text(path, sampling_rate_hz=1000), trial_type="cmj")
    # a fixed first second would reach 0.7 s into the movement: it is not body weight
    _, rows = _rows("cmj")
    first_second = rows[first : first + 1000].sum(axis=1)
    assert abs(first_second.mean() - full.body_weight_N) > 0.05 * full.body_weight_N  # type: ignore[attr-defined]
    assert first_second.std() > 10 * r.body_weight_sd_N
    assert r.weighing == "found" and r.weighing_end_s < 0.3
    assert r.body_weight_N == pytest.approx(full.body_weight_N, rel=0.005)  # type: ignore[attr-defined]
    assert r.jump_height_m == pytest.approx(full.jump_height_m, abs=0.01)  # type: ignore[attr-defined]
    assert r.onset_threshold_N is not None and r.body_weight_sd_N < 5.0
    assert any("less than the 1 s recommended" in w for w in r.warnings)


def test_weigh_sets_the_stance(tmp_path: Path) -> None:
    rec = force_read_text(DATA / "force_dual_cmj.txt", sampling_rate_hz=1000)
    r = force_analyse(rec, trial_type="cmj", weigh=(0.2, 0.7))
    assert r.weighing == "given"
    assert (r.weighing_start_s, r.weighing_end_s) == pytest.approx((0.2, 0.7), abs=0.0015)
    assert r.parameters.weigh_s == (0.2, 0.7)
    with pytest.raises(InvalidInputError, match="weigh: weigh covers samples"):
        force_analyse(rec, trial_type="cmj", weigh=(7.0, 8.0))
    # a stance given in the middle of the jump is refused as not quiet
    with pytest.raises(AnalysisError, match="not quiet"):
        force_analyse(rec, trial_type="cmj", weigh=(1.6, 2.2))


def test_equal_legs_point_to_no_side() -> None:
    sim = force_simulate_cmj(seed=3)
    rec = sim.recording
    half = (rec.channel("Fz_left") + rec.channel("Fz_right")) / 2
    same = Recording(
        time=rec.time,
        data={"Fz_left": half, "Fz_right": half.copy()},
        units=rec.units,
        labels=rec.labels,
        source="tie",
    )
    evidence = force_evidence(force_analyse(same, trial_type="cmj"))
    assert evidence
    assert all(e.larger_side is None for e in evidence)
    assert all(e.text.startswith("both legs alike: 50 % each") for e in evidence)
    assert not any("left" in e.text or "right" in e.text for e in evidence)
