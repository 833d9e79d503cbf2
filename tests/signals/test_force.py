"""Force-plate analysis on simulated trials with known answers and on real sample files.

Tolerances, and why:
* body mass ±0.1 kg: the weighing mean of 1000 samples with 2 N noise per plate has a
  standard error of ~0.09 N (0.01 kg); 0.1 kg leaves room for nothing else.
* jump height ±1 % (impulse–momentum): trapezoid integration of the sampled profile
  at 1000 Hz is exact to well under 0.5 %; ±2 % (flight time): the 20 N threshold is
  crossed ~1.5 ms before the simulated force reaches zero, plus ±1 sample.
* phase boundaries ±5 ms where found from velocity (1000 Hz sampling plus noise), ±35 ms
  for the onset (Owen's 30 ms back-off is part of the definition).
* per-phase asymmetry ±1 percentage point: phase boundaries found within a few samples
  shift a few N·s between neighbouring phases.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from slingcoach.errors import AnalysisError, InvalidRecordingError, UnknownIdError
from slingcoach.signals import Recording
from slingcoach.signals.force import (
    ForceInfo,
    force_analyse,
    force_evidence,
    force_phases,
    force_process,
)
from slingcoach.signals.force_io import force_read_text, parse_force_text
from slingcoach.signals.force_simulate import (
    force_simulate_cmj,
    force_simulate_dj,
    force_simulate_imtp,
    force_simulate_lift,
    force_simulate_sj,
)
from slingcoach.vocab import Side

DATA = Path(__file__).parent / "data"
CMJ_SHARES = {"unweighting": 0.55, "braking": 0.45, "propulsion": 0.58, "landing": 0.52}


@pytest.fixture(scope="module")
def cmj():
    sim = force_simulate_cmj(body_mass_kg=82.0, jump_height_m=0.38, left_share=CMJ_SHARES, seed=3)
    return sim, force_analyse(sim.recording, trial_type="cmj")


def _phase(result, name):
    return next(p for p in result.phases if p.name == name)


def test_cmj_body_mass_and_height(cmj):
    sim, r = cmj
    assert r.body_mass_kg == pytest.approx(82.0, abs=0.1)
    assert r.jump_height_m == pytest.approx(0.38, rel=0.01)
    assert r.jump_height_flight_m == pytest.approx(0.38, rel=0.02)
    assert r.flight_time_s == pytest.approx(sim.truth["flight_time_s"], abs=0.003)
    assert r.takeoff_threshold_N == 20.0 and r.landing_threshold_N == 20.0
    assert r.rsi_mod == pytest.approx(r.jump_height_m / r.time_to_takeoff_s)


def test_cmj_phase_boundaries(cmj):
    sim, r = cmj
    events = {e.name: e.time_s for e in r.events}
    truth = sim.truth["events"]
    assert events["onset"] == pytest.approx(truth["onset"], abs=0.035)
    for name in ("peak-negative-velocity", "zero-velocity", "take-off", "landing"):
        assert events[name] == pytest.approx(truth[name], abs=0.005), name
    assert events["landing-end"] == pytest.approx(truth["landing-end"], abs=0.02)
    names = [p.name for p in r.phases]
    assert names == ["weighing", "unweighting", "braking", "propulsion", "flight", "landing"]


@pytest.mark.parametrize("phase", ["unweighting", "braking", "propulsion", "landing"])
def test_cmj_asymmetry_per_phase(cmj, phase):
    sim, r = cmj
    p = _phase(r, phase)
    assert p.asymmetry_pct == pytest.approx(sim.truth["phases"][phase][2], abs=1.0)
    assert p.left_share_pct == pytest.approx(100 * CMJ_SHARES[phase], abs=0.5)
    # limb impulses add up to the phase's net impulse against body weight
    assert p.left_impulse_Ns + p.right_impulse_Ns == pytest.approx(p.impulse_Ns, abs=1e-6)


def test_cmj_flight_has_no_asymmetry_and_phases_are_contiguous(cmj):
    _, r = cmj
    assert _phase(r, "flight").asymmetry_pct is None
    moving = r.phases[1:]
    for a, b in itertools.pairwise(moving):
        assert a.end_s == b.start_s


def test_cmj_symmetric_jump_gives_near_zero_asymmetry():
    sim = force_simulate_cmj(seed=11)
    r = force_analyse(sim.recording, trial_type="cmj")
    for name in ("unweighting", "braking", "propulsion"):
        assert abs(_phase(r, name).asymmetry_pct) < 1.0


def test_sj_recovers_height_and_propulsive_split():
    sim = force_simulate_sj(
        body_mass_kg=68.0, jump_height_m=0.27, left_share={"propulsion": 0.4}, seed=1
    )
    r = force_analyse(sim.recording, trial_type="sj")
    assert r.weighing_start_s > 2.0  # weighed in the last second, after landing
    assert r.body_mass_kg == pytest.approx(68.0, abs=0.1)
    assert r.jump_height_m == pytest.approx(0.27, rel=0.01)
    assert r.jump_height_flight_m == pytest.approx(0.27, rel=0.02)
    assert _phase(r, "propulsion").asymmetry_pct == pytest.approx(20.0, abs=1.0)
    assert {e.name: e.time_s for e in r.events}["onset"] == pytest.approx(1.0, abs=0.035)


@pytest.mark.parametrize("integration", ["auto", "forward"])
def test_dj_contact_time_height_and_rsi(integration):
    sim = force_simulate_dj(
        drop_height_m=0.4, jump_height_m=0.25, contact_s=0.22, left_share={"propulsion": 0.6}
    )
    r = force_analyse(sim.recording, trial_type="dj", integration=integration)
    assert r.contact_time_s == pytest.approx(0.22, abs=0.003)
    assert r.jump_height_flight_m == pytest.approx(0.25, rel=0.02)
    assert r.rsi == pytest.approx(0.25 / 0.22, rel=0.03)
    if integration == "auto":
        assert r.integration == "backward"
        assert r.jump_height_m == pytest.approx(0.25, rel=0.01)
        assert _phase(r, "propulsion").asymmetry_pct == pytest.approx(-20.0, abs=1.0)
        zero = {e.name: e.time_s for e in r.events}["zero-velocity"]
        assert zero == pytest.approx(sim.truth["events"]["zero-velocity"], abs=0.005)
    else:
        assert any("forward integration" in w for w in r.warnings)


@pytest.mark.parametrize("kind", ["squat", "deadlift"])
@pytest.mark.parametrize("use_bar", [False, True])
def test_lift_reps_and_shares(kind, use_bar):
    sim = force_simulate_lift(kind=kind, reps=4, depth_m=0.4, left_share={"down": 0.46, "up": 0.56})
    r = force_analyse(sim.recording, trial_type=kind, position="bar_z" if use_bar else None)
    assert len(r.reps) == 4
    for rep, (start, turn, end) in zip(r.reps, sim.truth["reps"], strict=True):
        # the simulated rep starts with zero acceleration, growing as ~14 m/s³·t²: it
        # leaves W ± 5 SD (≈ 0.1 m/s²) only ~0.09 s after its mathematical start, and
        # likewise comes back inside that band ~0.09-0.1 s before its end (measured)
        assert 0.0 < rep.start_s - start < 0.12
        assert rep.turn_s == pytest.approx(turn, abs=0.002)
        assert 0.0 < end - rep.end_s < 0.12
        assert rep.excursion_m == pytest.approx(0.4, abs=0.002)  # measured ≤ 0.6 mm
        down, up = rep.phases
        assert (down.name, up.name) == ("down", "up")
        # 2 N noise on ~1300 N: shares are measured within 0.015 points
        assert down.left_share_pct == pytest.approx(46.0, abs=0.1)
        assert up.left_share_pct == pytest.approx(56.0, abs=0.1)
    assert r.body_mass_kg == pytest.approx(sim.truth["system_mass_kg"], abs=0.1)
    evidence = {e.metric: e for e in force_evidence(r)}
    assert evidence["up force"].text == "left leg 56 % of lifting force"
    assert evidence["down force"].larger_side is Side.RIGHT


def test_imtp_peak_force_at_times_and_sides():
    sim = force_simulate_imtp(peak_net_force_N=1800.0, tau_s=0.12, left_share=0.45)
    r = force_analyse(sim.recording, trial_type="imtp")
    m = r.imtp
    assert m is not None
    bw, truth = sim.truth["body_weight_N"], sim.truth
    assert m.onset_s == pytest.approx(truth["onset_s"], abs=0.005)
    # a peak over a 3 s plateau picks the largest noise sample: ~+3.5 SD (≈10 N summed)
    assert m.peak_force_N == pytest.approx(truth["peak_force_N"], abs=15)
    assert m.left_peak_force_N == pytest.approx(truth["left_peak_force_N"], abs=12)
    assert m.right_peak_force_N == pytest.approx(truth["right_peak_force_N"], abs=12)
    assert m.peak_asymmetry_pct == pytest.approx(truth["peak_asymmetry_pct"], abs=0.5)
    # force at each time, against the analytic curve evaluated at the detected onset
    for ms in ("50", "100", "150", "200", "250"):
        t = m.onset_s - truth["onset_s"] + int(ms) / 1000
        expected = bw + 1800.0 * (1 - np.exp(-t / 0.12))
        assert m.force_at_ms_N[ms] == pytest.approx(expected, rel=0.005)
        expected_rfd = (expected - bw) / (int(ms) / 1000)
        assert m.rfd_N_per_s[ms] == pytest.approx(expected_rfd, rel=0.05)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (force_simulate_cmj, "cmj"),
        (force_simulate_sj, "sj"),
        (force_simulate_dj, "dj"),
        (force_simulate_lift, "squat"),
        (force_simulate_imtp, "imtp"),
    ],
)
def test_auto_detects_trial_type(factory, expected):
    r = force_analyse(factory().recording, trial_type="auto")
    assert r.trial_type == expected
    assert any("detected" in w for w in r.warnings)


def test_single_plate_total_force():
    sim = force_simulate_cmj(jump_height_m=0.3)
    rec = sim.recording
    total = Recording.from_rate(
        {"Fz": rec.channel("Fz_left") + rec.channel("Fz_right")}, sampling_rate_hz=1000
    )
    r = force_analyse(total, trial_type="cmj")
    assert r.plates == "single"
    assert r.jump_height_m == pytest.approx(0.3, rel=0.01)
    assert all(p.asymmetry_pct is None for p in r.phases)
    assert force_evidence(r) == []


def test_custom_thresholds_are_reported():
    sim = force_simulate_cmj()
    r = force_analyse(
        sim.recording, trial_type="cmj", takeoff_threshold_N=10, landing_threshold_N=30
    )
    assert (r.takeoff_threshold_N, r.landing_threshold_N) == (10, 30)
    _, info = force_process(sim.recording, trial_type="cmj", takeoff_threshold_N=10)
    assert info.parameters.takeoff_threshold_N == 10
    assert info.parameters.landing_threshold_N == 20  # the default, echoed
    assert "Owen" in info.sources["onset"]


def test_process_table_info_and_json_schema(cmj):
    sim, _ = cmj
    table, info = force_process(sim.recording, trial_type="cmj")
    assert [row.name for row in table][:2] == ["weighing", "unweighting"]
    result = json.loads(info.result.model_dump_json())
    assert result["trial_type"] == "cmj"
    assert {"body_mass_kg", "jump_height_m", "phases", "reps"} <= set(result)
    assert {
        "name",
        "start_s",
        "end_s",
        "left_impulse_Ns",
        "right_impulse_Ns",
        "asymmetry_pct",
    } <= set(result["phases"][0])
    assert "forward integration" in info.method
    assert ForceInfo.model_validate_json(info.model_dump_json()) == info


def test_force_phases_adds_events(cmj):
    sim, _ = cmj
    rec = force_phases(sim.recording, trial_type="cmj")
    assert [e.name for e in rec.events][:2] == ["onset", "peak-negative-velocity"]


def test_evidence_text(cmj):
    _, r = cmj
    texts = [e.text for e in force_evidence(r)]
    assert "left leg 58 % of propulsive net impulse" in texts
    assert force_evidence(r, min_asymmetry_pct=12.0)[0].metric == "propulsion net impulse"


# -- real files (Gidiel-Machado et al., MIT; see data/README.md) ---------------------------


@pytest.mark.parametrize(
    ("name", "trial", "weight", "flight", "height"),
    [
        ("cmj", "cmj", 662.9, 0.511, 0.32),
        ("sj", "sj", 660.6, 0.471, 0.272),
        ("dj", "dj", 665.3, 0.487, 0.291),
    ],
)
def test_real_dual_plate_files(name, trial, weight, flight, height):
    rec = force_read_text(DATA / f"force_dual_{name}.txt", sampling_rate_hz=1000)
    r = force_analyse(rec, trial_type="auto")
    assert r.trial_type == trial
    # the README's weights are means over the first or last second; the quiet stance found
    # in the signal is a second nearer the movement, within 0.5 N of them
    assert r.body_weight_N == pytest.approx(weight, abs=0.5)
    assert r.weighing == "found" and r.body_weight_sd_N < 5.0
    assert r.flight_time_s == pytest.approx(flight, abs=0.0015)
    assert r.jump_height_flight_m == pytest.approx(height, abs=0.005)
    # impulse–momentum agrees with flight time within 1 cm on good data
    assert r.jump_height_m == pytest.approx(r.jump_height_flight_m, abs=0.01)
    assert r.left_channel == "FP1" and r.right_channel == "FP2"
    assert any("limb A / limb B" in w for w in r.warnings)
    assert not r.sides_known
    assert all(
        e.text.startswith(("FP1 (taken as left)", "FP2 (taken as right)"))
        for e in force_evidence(r)
    )


def test_real_dj_contact_time():
    rec = force_read_text(DATA / "force_dual_dj.txt", sampling_rate_hz=1000)
    r = force_analyse(rec, trial_type="dj")
    assert r.contact_time_s == pytest.approx(0.249, abs=0.0015)


# -- bad input -----------------------------------------------------------------------------


def _cmj_rec():
    return force_simulate_cmj().recording


def test_nan_is_named():
    rec = _cmj_rec()
    left = rec.channel("Fz_left").copy()
    left[1234] = np.nan
    bad = rec.with_data({"Fz_left": left, "Fz_right": rec.channel("Fz_right")})
    with pytest.raises(InvalidRecordingError, match=r"'Fz_left'.*sample 1234"):
        force_analyse(bad, trial_type="cmj")


def test_gap_in_time_is_named():
    rec = _cmj_rec()
    time = rec.time.copy()
    time[2000:] += 0.05
    bad = Recording(time=time, data=rec.data, source="gappy.csv")
    with pytest.raises(InvalidRecordingError, match=r"gappy.csv.*gap .*sample 2000"):
        force_analyse(bad, trial_type="cmj")


def test_non_monotonic_time():
    rec = _cmj_rec()
    time = rec.time.copy()
    time[10] = time[9]
    with pytest.raises(InvalidRecordingError, match="duplicated at sample 10"):
        force_analyse(Recording(time=time, data=rec.data), trial_type="cmj")


def test_missing_channel_is_named():
    rec = _cmj_rec()
    with pytest.raises(InvalidRecordingError, match="missing channel 'Fz_L'"):
        force_analyse(rec, trial_type="cmj", left="Fz_L", right="Fz_right")


def test_ambiguous_channels():
    rec = Recording.from_rate(
        {"a": np.ones(10), "b": np.ones(10), "c": np.ones(10)}, sampling_rate_hz=1000
    )
    with pytest.raises(InvalidRecordingError, match="which channels are the plates"):
        force_analyse(rec)


def test_no_jump_found():
    sim = force_simulate_lift()
    with pytest.raises(AnalysisError, match="no take-off found"):
        force_analyse(sim.recording, trial_type="cmj")


def test_a_trace_with_only_the_stance_says_there_is_no_movement():
    rec = _cmj_rec().slice_time(0.0, 0.9)
    with pytest.raises(AnalysisError, match=r"no movement onset.*the trace lasts 0.90 s"):
        force_analyse(rec, trial_type="cmj")


def test_not_quiet_weighing_period():
    rec = _cmj_rec().slice_time(1.5, 5.0)  # starts with the movement
    with pytest.raises(AnalysisError, match="before any still stance; give weigh="):
        force_analyse(rec, trial_type="cmj")


def test_clipped_plate_warns():
    rec = _cmj_rec()
    right = np.minimum(rec.channel("Fz_right"), 800.0)
    r = force_analyse(
        rec.with_data({"Fz_left": rec.channel("Fz_left"), "Fz_right": right}), trial_type="cmj"
    )
    assert any("'Fz_right' may be clipped" in w and "from sample" in w for w in r.warnings)


def test_a_reading_no_plate_can_give_is_refused_not_overflowed():
    # a fuzzed export with 1e308 in one cell once overflowed the take-off velocity
    rec = _cmj_rec()
    left = rec.channel("Fz_left").copy()
    left[1500] = 1e308
    with pytest.raises(InvalidRecordingError, match=r"'Fz_left' reads 1e\+308 N at sample 1500"):
        force_analyse(rec.with_data({"Fz_left": left, "Fz_right": rec.channel("Fz_right")}))


def test_low_rate_rejected():
    rec = Recording.from_rate({"Fz": np.full(200, 700.0)}, sampling_rate_hz=100)
    with pytest.raises(InvalidRecordingError, match="100 Hz is too low"):
        force_analyse(rec, trial_type="cmj")


def test_unknown_trial_type():
    with pytest.raises(UnknownIdError, match="unknown trial type 'hop'"):
        force_analyse(_cmj_rec(), trial_type="hop")  # type: ignore[arg-type]


# -- the text reader -----------------------------------------------------------------------


def test_reader_header_crlf_and_rate():
    rec = parse_force_text("FP1\tFP2\r\n1.0\t2.0\r\n3.0\t4.0", sampling_rate_hz=500)
    assert rec.channels == ["FP1", "FP2"]
    assert rec.sampling_rate_hz == pytest.approx(500)
    assert rec.channel("FP2").tolist() == [2.0, 4.0]


def test_reader_time_column_and_no_header():
    rec = parse_force_text("time,left,right\n0,1,2\n0.001,3,4\n")
    assert rec.sampling_rate_hz == pytest.approx(1000)
    assert rec.label("left").plate == "left"
    single = parse_force_text("700\n701\n", sampling_rate_hz=1000)
    assert single.channels == ["Fz"]


def test_reader_errors():
    with pytest.raises(InvalidRecordingError, match="no time column; give the sampling rate"):
        parse_force_text("FP1\tFP2\n1\t2\n")
    with pytest.raises(InvalidRecordingError, match=r"line 3: 1 fields where 2"):
        parse_force_text("FP1\tFP2\n1\t2\n3\n", sampling_rate_hz=1000)
    with pytest.raises(InvalidRecordingError, match="empty"):
        parse_force_text("\n\n", sampling_rate_hz=1000)
    with pytest.raises(InvalidRecordingError, match=r"line 2: field 2 is 'x'"):
        parse_force_text("FP1\tFP2\n1\tx\n", sampling_rate_hz=1000)


def test_refined_thresholds_remove_the_threshold_bias():
    # with a 20 N threshold the take-off sample comes ~1.5 ms before the force reaches
    # zero, so v_TO is ~g·1.5 ms too high (+0.5–1 % height); refining to the plate noise
    # of the flight (Gidiel-Machado et al. 2025) brings it within 0.3 %
    sim = force_simulate_cmj(jump_height_m=0.25, seed=5)
    plain = force_analyse(sim.recording, trial_type="cmj")
    refined = force_analyse(sim.recording, trial_type="cmj", refine_thresholds=True)
    assert abs(refined.jump_height_m / 0.25 - 1) < 0.003
    assert abs(refined.jump_height_m / 0.25 - 1) < abs(plain.jump_height_m / 0.25 - 1)
    assert refined.takeoff_threshold_N < 15  # the noise level of two 2 N plates
    assert any("refined to the plate noise" in w for w in refined.warnings)


def test_c3d_round_trip_with_horizontal_axes(tmp_path):
    from slingcoach.signals.force_io import force_read
    from slingcoach.signals.io import write_c3d

    rec = force_simulate_cmj(jump_height_m=0.3).recording
    n = rec.n_samples
    analog = rec.with_data(
        {
            "Fz1": rec.channel("Fz_left"),
            "Fz2": rec.channel("Fz_right"),
            "Fx1": np.full(n, 5.0),
            "Fy2": np.full(n, -3.0),
        },
        units={"Fz1": "N", "Fz2": "N", "Fx1": "N", "Fy2": "N"},
    )
    path = tmp_path / "force_cmj.c3d"
    write_c3d(path, analog)
    r = force_analyse(force_read(path), trial_type="cmj")
    assert (r.left_channel, r.right_channel) == ("Fz1", "Fz2")
    assert r.jump_height_m == pytest.approx(0.3, rel=0.01)
    assert _phase(r, "braking").axes_mean_N == pytest.approx({"Fx1": 5.0, "Fy2": -3.0})


def test_sj_backward_integration_matches_forward():
    sim = force_simulate_sj(jump_height_m=0.3, seed=2)
    fwd = force_analyse(sim.recording, trial_type="sj")
    bwd = force_analyse(sim.recording, trial_type="sj", integration="backward")
    assert (fwd.integration, bwd.integration) == ("forward", "backward")
    assert bwd.jump_height_m == pytest.approx(fwd.jump_height_m, rel=0.01)


def test_kilonewtons_are_converted_and_other_units_refused():
    rec = force_simulate_cmj().recording
    kn = rec.with_data(
        {k: v / 1000 for k, v in rec.data.items()}, units={"Fz_left": "kN", "Fz_right": "kN"}
    )
    assert force_analyse(kn, trial_type="cmj").body_mass_kg == pytest.approx(75.0, abs=0.1)
    lbf = rec.with_data(dict(rec.data), units={"Fz_left": "lbf", "Fz_right": "lbf"})
    with pytest.raises(InvalidRecordingError, match="'Fz_left' is in 'lbf'; expected N or kN"):
        force_analyse(lbf, trial_type="cmj")


def test_swapping_the_plates_flips_every_asymmetry(cmj):
    sim, r = cmj
    rec = sim.recording
    swapped = force_analyse(rec, trial_type="cmj", left="Fz_right", right="Fz_left")
    for a, b in zip(r.phases, swapped.phases, strict=True):
        assert a.start_s == b.start_s and a.end_s == b.end_s
        if a.asymmetry_pct is None:
            assert b.asymmetry_pct is None
        else:
            assert b.asymmetry_pct == pytest.approx(-a.asymmetry_pct, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_random_heights_splits_and_masses(seed):
    rng = np.random.default_rng(100 + seed)
    height = float(rng.uniform(0.15, 0.5))
    mass = float(rng.uniform(45, 120))
    share = float(rng.uniform(0.35, 0.65))
    sim = force_simulate_cmj(
        body_mass_kg=mass, jump_height_m=height, left_share={"propulsion": share}, seed=seed
    )
    r = force_analyse(sim.recording, trial_type="cmj", refine_thresholds=True)
    assert r.body_mass_kg == pytest.approx(mass, abs=0.1)
    assert r.jump_height_m == pytest.approx(height, rel=0.005)
    assert _phase(r, "propulsion").asymmetry_pct == pytest.approx(100 * (1 - 2 * share), abs=1.0)


def test_unzeroed_plates_explain_the_missing_take_off():
    rec = force_simulate_cmj().recording
    offset = rec.with_data({k: v + 15.0 for k, v in rec.data.items()})
    with pytest.raises(AnalysisError, match="plates were not zeroed"):
        force_analyse(offset, trial_type="cmj")


def test_bar_going_up_first_names_the_phases_up_then_down():
    sim = force_simulate_lift(reps=2, left_share={"down": 0.45, "up": 0.55})
    rec = sim.recording
    data = dict(rec.data)
    data["bar_z"] = 2.0 - rec.channel("bar_z")  # mirrored: the bar rises first (from the floor)
    r = force_analyse(rec.with_data(data, units=rec.units), trial_type="deadlift", position="bar_z")
    assert len(r.reps) == 2
    first, second = r.reps[0].phases
    assert (first.name, second.name) == ("up", "down")
    assert first.left_share_pct == pytest.approx(45.0, abs=0.3)  # the forces are unchanged
    assert not any("hang" in w for w in r.warnings)  # a bar channel was given


def test_sj_weighs_in_the_squat_hold_when_the_end_is_not_quiet():
    sim = force_simulate_sj(jump_height_m=0.3, hold_s=1.5, seed=6)
    rec = sim.recording
    n = rec.n_samples
    wobble = np.zeros(n)
    wobble[-800:] = 120 * np.sin(np.linspace(0, 12, 800))  # stepping about after landing
    data = {k: v + wobble / 2 for k, v in rec.data.items()}
    r = force_analyse(rec.with_data(data), trial_type="sj")
    assert r.weighing_end_s < 1.5  # in the squat hold, before the push (onset 1.5 s)
    assert r.body_mass_kg == pytest.approx(75.0, abs=0.1)
    assert r.jump_height_m == pytest.approx(0.3, rel=0.02)
    assert any("squat hold" in w for w in r.warnings)


def test_a_second_jump_in_the_file_is_reported():
    a = force_simulate_cmj(jump_height_m=0.3, seed=1).recording
    b = force_simulate_cmj(jump_height_m=0.25, seed=2).recording
    both = {k: np.concatenate([a.channel(k), b.channel(k)]) for k in a.channels}
    rec = Recording.from_rate(both, sampling_rate_hz=1000, units=a.units)
    r = force_analyse(rec, trial_type="cmj")
    assert r.jump_height_m == pytest.approx(0.3, rel=0.02)  # the first jump
    assert any("1 more flight(s)" in w and "one jump per file" in w for w in r.warnings)
    assert not any("more flight" in w for w in force_analyse(a, trial_type="cmj").warnings)
