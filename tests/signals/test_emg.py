"""EMG cleaning, envelopes, normalisation and onset detection on signals with known answers.

Onset bounds. Every detector smooths or pools samples, so an abrupt onset is placed within
about half its smoothing span: Hodges–Bui's 50 Hz low-pass plus 25 ms moving mean spreads a
step over ≈ 25–30 ms; TKEO's 50 Hz low-pass over ≈ 10 ms; Bonato's m = 5 pairs over 5 ms;
AGLR places the change by maximum likelihood (no smoothing lag). At
20 dB and 6 dB SNR we therefore require every onset within 40 ms of the truth (abrupt
bursts). A ramped burst (100 ms linear rise) reaches a threshold only part-way up the ramp,
so onsets may come up to 80 ms late at 20 dB (TKEO, an energy operator, is quadratic in the
amplitude and the latest). These bounds sit ~1.5× above the 95th percentiles measured by
benchmarks/bench_emg.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slingcoach.errors import AnalysisError, InvalidInputError, InvalidRecordingError
from slingcoach.signals.emg import (
    ONSET_METHODS,
    emg_clean,
    emg_envelope,
    emg_normalize,
    emg_onsets,
    emg_process,
    emg_rectify,
    onsets_array,
)
from slingcoach.signals.emg_detectors import _bonato_xi, _glr, _tkeo
from slingcoach.signals.emg_models import EmgInfo
from slingcoach.signals.io import read_biosppy_txt
from slingcoach.signals.recording import ChannelLabel, Recording
from slingcoach.signals.simulate import emg_simulate

DATA = Path(__file__).parent / "data"
BURSTS = [(2.0, 3.0, 1.0), (4.7, 5.5, 1.0), (7.3, 8.6, 1.0)]


def _sines(rate: float = 2000.0, seconds: float = 2.0, **freqs: float) -> Recording:
    t = np.arange(round(rate * seconds)) / rate
    return Recording.from_rate(
        {name: np.sin(2 * np.pi * f * t) for name, f in freqs.items()}, sampling_rate_hz=rate
    )


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x**2)))


# -- filters ---------------------------------------------------------------------------------


def test_band_pass_keeps_the_emg_band_and_removes_drift_and_high_frequencies() -> None:
    rec = emg_clean(_sines(low=2.0, mid=100.0, high=800.0))
    core = slice(500, -500)  # away from the edges
    assert _rms(rec.data["mid"][core]) == pytest.approx(1 / np.sqrt(2), rel=0.02)
    assert _rms(rec.data["low"][core]) < 0.01
    assert _rms(rec.data["high"][core]) < 0.01


def test_zero_phase_cleaning_has_no_lag() -> None:
    rec = emg_clean(_sines(mid=100.0), phase="zero")
    x = _sines(mid=100.0).data["mid"]
    lag = np.argmax(np.correlate(rec.data["mid"][1000:1400], x[1000:1400], mode="full")) - 399
    assert lag == 0


def test_notch_only_when_asked() -> None:
    rec = _sines(mains=50.0)
    assert _rms(emg_clean(rec).data["mains"][500:-500]) > 0.6
    assert _rms(emg_clean(rec, notch_hz=50.0).data["mains"][500:-500]) < 0.05


def test_too_low_sampling_rate_is_a_clear_error() -> None:
    with pytest.raises(InvalidRecordingError, match=r"sampling rate 500 Hz is too low .* 450 Hz"):
        emg_clean(_sines(rate=500.0, a=10.0))
    assert emg_clean(_sines(rate=500.0, a=100.0), highcut_hz=200.0).n_samples == 1000


def test_nan_in_a_channel_names_the_sample() -> None:
    rec = _sines(a=100.0)
    bad = rec.data["a"].copy()
    bad[123] = np.nan
    with pytest.raises(InvalidRecordingError, match=r"channel 'a' is not a number at sample 123"):
        emg_clean(rec.with_data({"a": bad}))


def test_rectify_and_envelopes_of_a_sine() -> None:
    rec = _sines(a=100.0)
    assert np.all(emg_rectify(rec).data["a"] >= 0)
    linear = emg_envelope(rec, method="linear", lowpass_hz=6.0).data["a"][1000:-1000]
    assert np.mean(linear) == pytest.approx(2 / np.pi, rel=0.01)  # mean of |sin|
    rms = emg_envelope(rec, method="rms", window_ms=100.0).data["a"][1000:-1000]
    assert np.mean(rms) == pytest.approx(1 / np.sqrt(2), rel=0.01)
    with pytest.raises(InvalidInputError, match="unknown envelope method 'peak'"):
        emg_envelope(rec, method="peak")  # type: ignore[arg-type]


def test_normalize_to_reference_value_and_recording() -> None:
    env = emg_envelope(_sines(a=100.0))
    pct = emg_normalize(env, {"a": 2 / np.pi})
    assert pct.units["a"] == "%MVC"
    assert np.mean(pct.data["a"][1000:-1000]) == pytest.approx(100.0, rel=0.01)
    mvc = env.with_data({"a": env.data["a"] * 2})
    assert np.mean(emg_normalize(env, mvc).data["a"][1000:-1000]) == pytest.approx(50.0, rel=0.02)
    with pytest.raises(InvalidInputError, match="positive"):
        emg_normalize(env, {"a": 0.0})
    with pytest.raises(InvalidInputError, match="no reference value for channel 'a'"):
        emg_normalize(env, {"b": 1.0})


def test_tkeo_of_a_sine_is_constant() -> None:
    # Kaiser 1990: for A·sin(Ωn), ψ = A²·sin²(Ω)
    n = np.arange(200)
    omega = 2 * np.pi * 0.05
    psi = _tkeo(3.0 * np.sin(omega * n))
    np.testing.assert_allclose(psi, 9.0 * np.sin(omega) ** 2, rtol=1e-9)


def test_bonato_threshold_matches_chi_square() -> None:
    # with m = r0 = 1 the window false-alarm rate is the per-pair one: xi = -2 ln(alpha)
    p, xi = _bonato_xi(0.01, 1, 1)
    assert p == pytest.approx(0.01, rel=1e-6)
    assert xi == pytest.approx(-2 * np.log(0.01), rel=1e-6)
    p5, _ = _bonato_xi(0.01, 5, 1)
    assert 1 - (1 - p5) ** 5 == pytest.approx(0.01, rel=1e-6)


def test_aglr_log_likelihood_ratio() -> None:
    # Staude et al. 2001: n/2·(r − ln r − 1) for a variance ratio r > 1, 0 for a decrease
    out = _glr(np.array([20.0, 5.0]), np.array([10.0, 10.0]), 1.0)
    assert out[0] == pytest.approx(5.0 * (2.0 - np.log(2.0) - 1.0))
    assert out[1] == 0.0


# -- onsets on simulated signals --------------------------------------------------------------


def _errors(method: str, *, snr_db: float, shape: str, seeds: range) -> tuple[list[float], int]:
    errors, extra = [], 0
    for seed in seeds:
        rec = emg_simulate(
            10.0,
            2000.0,
            bursts=BURSTS,
            noise_sd=10 ** (-snr_db / 20),
            burst_shape=shape,
            seed=seed,
            baseline_drift=0.3,
        )
        res = emg_onsets(rec, "EMG", method=method)  # type: ignore[arg-type]
        found = np.array(res.onsets_s)
        for onset, _, _ in BURSTS:
            near = found[np.abs(found - onset) < 0.3]
            assert near.size == 1, (
                f"{method} seed {seed}: burst at {onset} s found {near.size} times"
            )
            errors.append(1000 * float(near[0] - onset))
        extra += found.size - len(BURSTS)
    return errors, extra


@pytest.mark.parametrize("method", ONSET_METHODS)
@pytest.mark.parametrize("snr_db", [20.0, 6.0])
def test_abrupt_onsets_within_25_ms(method: str, snr_db: float) -> None:
    errors, extra = _errors(method, snr_db=snr_db, shape="abrupt", seeds=range(3))
    # worst case over these seeds is 16.5 ms (hodges-bui, 20 dB); the others stay within 14 ms
    assert max(abs(e) for e in errors) < 25.0
    assert extra == 0


@pytest.mark.parametrize("method", ONSET_METHODS)
def test_ramped_onsets_are_late_by_less_than_the_ramp(method: str) -> None:
    errors, extra = _errors(method, snr_db=20.0, shape="ramped", seeds=range(3))
    # 100 ms ramps: measured −12 … +29.5 ms over methods and seeds, so a detector that
    # waited for half the ramp (50 ms) or fired early on the drift would fail
    assert all(-20.0 < e < 40.0 for e in errors)
    assert extra == 0


@pytest.mark.parametrize("method", ONSET_METHODS)
def test_offsets_are_found(method: str) -> None:
    rec = emg_simulate(10.0, 2000.0, bursts=BURSTS, noise_sd=0.1, seed=4)
    res = emg_onsets(rec, "EMG", method=method)  # type: ignore[arg-type]
    assert res.n == 3
    for (_, offset, _), found in zip(BURSTS, res.offsets_s, strict=True):
        assert abs(found - offset) < 0.025  # measured at most 14 ms (hodges-bui's 25 ms window)


@pytest.mark.parametrize("method", ONSET_METHODS)
def test_no_false_alarms_on_noise_alone(method: str) -> None:
    rec = emg_simulate(30.0, 2000.0, bursts=[], noise_sd=0.05, seed=11)
    assert emg_onsets(rec, "EMG", method=method).n == 0  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ONSET_METHODS)
def test_confidence_is_higher_for_clean_signals(method: str) -> None:
    high = emg_onsets(
        emg_simulate(10.0, 2000.0, bursts=BURSTS, noise_sd=0.05, seed=2), "EMG", method=method
    )  # type: ignore[arg-type]
    low = emg_onsets(
        emg_simulate(10.0, 2000.0, bursts=BURSTS, noise_sd=0.5, seed=2), "EMG", method=method
    )  # type: ignore[arg-type]
    assert all(0.0 <= c <= 1.0 for c in high.confidence + low.confidence)
    assert np.mean(high.confidence) > np.mean(low.confidence)


def test_explicit_baseline_agrees_with_auto() -> None:
    rec = emg_simulate(10.0, 2000.0, bursts=BURSTS, noise_sd=0.1, seed=5)
    auto = emg_onsets(rec, "EMG", method="hodges-bui")
    given = emg_onsets(rec, "EMG", method="hodges-bui", baseline=(0.2, 1.8))
    assert given.baseline_s == pytest.approx((0.2, 1.8), abs=1e-3)
    # the two baselines give near-identical thresholds: onsets agree to a sample (0.5 ms)
    np.testing.assert_allclose(auto.onsets_s, given.onsets_s, atol=0.002)


@pytest.mark.parametrize("method", ONSET_METHODS)
def test_min_active_drops_short_bursts(method: str) -> None:
    # a 30 ms burst; zero-phase filtering and smoothing widen it to at most ~70 ms
    rec = emg_simulate(
        6.0, 2000.0, bursts=[(2.0, 2.03, 1.0), (4.0, 5.0, 1.0)], noise_sd=0.05, seed=1
    )
    assert emg_onsets(rec, "EMG", method=method, min_active_ms=100).n == 1  # type: ignore[arg-type]
    assert emg_onsets(rec, "EMG", method=method, min_active_ms=10).n == 2  # type: ignore[arg-type]


def test_works_at_1000_hz_and_on_precleaned_arrays() -> None:
    rec = emg_simulate(10.0, 1000.0, bursts=BURSTS, noise_sd=0.05, seed=3)
    res = emg_onsets(rec, "EMG", method="bonato")
    assert res.n == 3
    cleaned = emg_clean(rec).data["EMG"]
    again = onsets_array(cleaned, 1000.0, method="bonato")
    assert again.onsets_s == pytest.approx(res.onsets_s)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"method": "visual"},
            InvalidInputError,
            "method: unknown onset method 'visual'; choose one of: aglr-ramp, aglr, hodges-bui, tkeo, bonato",
        ),
        (
            {"method": "tkeo", "m": 3},
            InvalidInputError,
            r"unknown parameter\(s\) m for method 'tkeo'",
        ),
        ({"baseline": (9.99, 10.0)}, InvalidInputError, "at least 50 ms"),
        ({"method": "bonato", "r0": 9}, InvalidInputError, "need 1 <= r0 <= m"),
    ],
)
def test_bad_onset_arguments(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    rec = emg_simulate(10.0, 2000.0, bursts=BURSTS, seed=1)
    with pytest.raises(error, match=message):
        emg_onsets(rec, "EMG", **kwargs)  # type: ignore[arg-type]


def test_missing_channel_lists_the_channels() -> None:
    rec = emg_simulate(2.0, 2000.0, seed=1)
    with pytest.raises(InvalidRecordingError, match="missing channel 'R_GMAX'; channels are: EMG"):
        emg_onsets(rec, "R_GMAX")


def test_emg_process_table_and_info() -> None:
    rec = emg_simulate(10.0, 2000.0, bursts=BURSTS, noise_sd=0.05, seed=1, channel="R_GMAX")
    rec = Recording(
        time=rec.time,
        data=rec.data,
        units=rec.units,
        labels={"R_GMAX": ChannelLabel("gluteus-maximus", "right")},
    )
    table, info = emg_process(rec, method="bonato", reference={"R_GMAX": 1.0})
    assert len(table) == 3
    row = table[0]
    assert row.muscle == "gluteus-maximus" and row.side == "right" and row.unit == "%MVC"
    assert row.duration_s == pytest.approx(1.0, abs=0.06)
    assert info.method == "bonato"
    assert "Bonato" in info.sources["onsets"] and "Burden" in info.sources["normalisation"]
    assert info.parameters.band_pass_hz == (20.0, 450.0)
    assert info.parameters.onset == {"m": 5.0, "r0": 1.0, "false_alarm": 0.0001}
    assert info.channels[0].onsets_s == [r.onset_s for r in table]
    # the info is JSON data and reads back to the same model
    assert EmgInfo.model_validate_json(info.model_dump_json()) == info


# -- real recording (smoke) -----------------------------------------------------------------


@pytest.mark.parametrize("method", ONSET_METHODS)
def test_biosppy_recording_bursts_are_found(method: str) -> None:
    # emg_1.txt: clear bursts around 1.5 s and 15.5 s (data README, 1-s RMS 54 and 90-117 counts
    # vs 10 at rest)
    rec = read_biosppy_txt(DATA / "emg_biosppy_excerpt.txt")
    res = emg_onsets(rec, "EMG", method=method)  # type: ignore[arg-type]
    onsets = np.array(res.onsets_s)
    assert np.any(np.abs(onsets - 1.5) < 0.3)
    assert np.any(np.abs(onsets - 15.5) < 0.3)
    best = np.array(res.confidence)[np.abs(onsets - 1.5) < 0.3]
    assert best.max() > 0.5


def test_a_flat_channel_is_reported_not_fatal() -> None:
    rec = emg_simulate(10.0, 2000.0, bursts=BURSTS, noise_sd=0.05, seed=1)
    rec = rec.with_data({"EMG": rec.data["EMG"], "dead": np.zeros(rec.n_samples)})
    # the message names the file, the channel and the baseline samples
    with pytest.raises(
        AnalysisError,
        match=r"emg_simulate, channel 'dead': the baseline window \(samples \d+-\d+\) is flat",
    ):
        emg_onsets(rec, "dead")
    table, info = emg_process(rec)
    assert {row.channel for row in table} == {"EMG"}
    dead = next(c for c in info.channels if c.name == "dead")
    assert dead.error is not None and "flat" in dead.error and dead.onsets_s == []
