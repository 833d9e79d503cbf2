"""The EMG simulator: determinism, SNR, burst shapes, drift and mains."""

from __future__ import annotations

import numpy as np
import pytest

from slingcoach.errors import InvalidInputError
from slingcoach.signals.simulate import PHE_DELAYS_MS, emg_simulate, emg_simulate_phe


def test_same_seed_same_signal() -> None:
    a = emg_simulate(2.0, 1000.0, seed=5).data["EMG"]
    b = emg_simulate(2.0, 1000.0, seed=5).data["EMG"]
    c = emg_simulate(2.0, 1000.0, seed=6).data["EMG"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_burst_rms_and_noise_sd_set_the_snr() -> None:
    rec = emg_simulate(6.0, 2000.0, bursts=[(2.0, 4.0, 2.0)], noise_sd=0.2, seed=1)
    x, t = rec.data["EMG"], rec.time
    burst = x[(t > 2.1) & (t < 3.9)]
    quiet = x[t < 1.9]
    assert np.std(quiet) == pytest.approx(0.2, rel=0.05)
    assert np.sqrt(np.mean(burst**2)) == pytest.approx(np.hypot(2.0, 0.2), rel=0.05)


def test_ramped_burst_rises_linearly() -> None:
    rec = emg_simulate(
        4.0,
        2000.0,
        bursts=[(1.0, 3.0, 1.0)],
        noise_sd=0.0,
        burst_shape="ramped",
        ramp_ms=200,
        seed=2,
    )
    x, t = rec.data["EMG"], rec.time
    early = np.std(x[(t >= 1.0) & (t < 1.05)])
    late = np.std(x[(t >= 1.5) & (t < 2.5)])
    assert early < 0.4 * late
    assert np.all(x[t < 1.0] == 0.0)


def test_drift_and_mains_are_added() -> None:
    plain = emg_simulate(4.0, 1000.0, bursts=[], noise_sd=0.01, seed=3).data["EMG"]
    drift = emg_simulate(4.0, 1000.0, bursts=[], noise_sd=0.01, baseline_drift=1.0, seed=3).data[
        "EMG"
    ]
    assert np.ptp(drift) > 1.0 > np.ptp(plain)
    hum = emg_simulate(
        4.0, 1000.0, bursts=[], noise_sd=0.0, mains_hz=50.0, mains_amplitude=1.0, seed=3
    )
    spectrum = np.abs(np.fft.rfft(hum.data["EMG"]))
    assert np.argmax(spectrum) == 4 * 50  # bin of 50 Hz for a 4 s signal


def test_bad_bursts_are_rejected() -> None:
    with pytest.raises(InvalidInputError, match="must come after its onset"):
        emg_simulate(2.0, 1000.0, bursts=[(1.0, 0.5, 1.0)])
    with pytest.raises(InvalidInputError, match="must be positive"):
        emg_simulate(0.0, 1000.0)


def test_phe_truth_follows_the_delays() -> None:
    rec, truth = emg_simulate_phe(trials_per_side=2, jitter_ms=0.0, seed=1)
    assert [e.name for e in rec.events] == ["Right PHE", "Right PHE", "Left PHE", "Left PHE"]
    first = truth["R_GMAX"][0]["onset_s"] - truth["R_BF"][0]["onset_s"]
    expected = PHE_DELAYS_MS["gluteus-maximus"] - PHE_DELAYS_MS["hamstrings"]
    assert 1000 * first == pytest.approx(expected)
    assert truth["R_LATS"] and all(item["trial"] >= 2 for item in truth["R_LATS"])
    assert rec.labels["L_LATS"].muscle == "latissimus-dorsi"
