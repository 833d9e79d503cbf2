"""Readers and writers of slingcoach.signals.io: CSV, C3D, BioSPPy text, UCI lower-limb EMG."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from slingcoach.errors import InvalidInputError, InvalidRecordingError
from slingcoach.signals.io import (
    check_clipping,
    emg_channels,
    read_biosppy_txt,
    read_c3d,
    read_csv,
    read_label_overrides,
    read_recording,
    read_uci_emg,
    write_c3d,
    write_csv,
)
from slingcoach.signals.recording import ChannelLabel, Event, Recording, RecordingWarning

DATA = Path(__file__).parent / "data"


def _rec(n: int = 400, rate: float = 1000.0) -> Recording:
    t = np.arange(n) / rate
    return Recording.from_rate(
        {"R_GMAX": np.sin(2 * np.pi * 50 * t), "L_BF": 0.5 * np.cos(2 * np.pi * 30 * t)},
        sampling_rate_hz=rate,
        units={"R_GMAX": "mV", "L_BF": "mV"},
        events=[Event(0.1, "Left Foot Strike"), Event(0.25, "Trial start")],
        source="test",
    )


def _write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- CSV ------------------------------------------------------------------------------------


def test_csv_round_trip_keeps_time_data_units_and_events(tmp_path: Path) -> None:
    rec = _rec()
    write_csv(rec, tmp_path / "r.csv")
    back = read_csv(tmp_path / "r.csv")
    assert back.channels == rec.channels
    assert back.units == {"R_GMAX": "mV", "L_BF": "mV"}
    np.testing.assert_allclose(back.time, rec.time, atol=1e-9)
    np.testing.assert_allclose(back.data["L_BF"], rec.data["L_BF"], atol=1e-8)
    assert back.events == rec.events
    assert back.sampling_rate_hz == pytest.approx(1000.0)


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    rows = ["time_s", "EMG [mV]"]
    text = delimiter.join(rows) + "\n" + "\n".join(f"{i / 100}{delimiter}{i}" for i in range(10))
    rec = read_csv(_write(tmp_path, text))
    assert rec.channels == ["EMG"]
    assert rec.units == {"EMG": "mV"}
    assert rec.sampling_rate_hz == pytest.approx(100.0)


def test_csv_unit_row_comments_and_time_in_ms(tmp_path: Path) -> None:
    text = "# recorded by hand\ntime;R ES\nms;uV\n0;1\n0.5;2\n1.0;3\n1.5;4\n"
    rec = read_csv(_write(tmp_path, text))
    assert rec.units == {"R ES": "uV"}
    assert rec.sampling_rate_hz == pytest.approx(2000.0)


def test_csv_units_in_parentheses() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.csv"
        path.write_text("time (s)\tL BF (mV)\n0\t1\n0.001\t2\n0.002\t3\n", encoding="utf-8")
        rec = read_csv(path)
    assert rec.channels == ["L BF"]
    assert rec.units == {"L BF": "mV"}
    assert rec.sampling_rate_hz == pytest.approx(1000.0)


def test_semicolon_csv_with_decimal_commas(tmp_path: Path) -> None:
    rec = read_csv(_write(tmp_path, "time_s;R_GMAX [mV]\n0,000;0,25\n0,001;-1,5\n0,002;2\n"))
    assert rec.data["R_GMAX"].tolist() == [0.25, -1.5, 2.0]
    assert rec.sampling_rate_hz == pytest.approx(1000.0)


def test_csv_without_time_needs_a_rate(tmp_path: Path) -> None:
    path = _write(tmp_path, "EMG\n1\n2\n3\n4\n")
    with pytest.raises(InvalidRecordingError, match=r"no time column .* give sampling_rate_hz"):
        read_csv(path)
    assert read_csv(path, sampling_rate_hz=250.0).duration_s == pytest.approx(3 / 250)


def test_csv_rate_from_comment_and_headerless_file(tmp_path: Path) -> None:
    rec = read_csv(_write(tmp_path, "# sampling_rate_hz: 500\n1,2\n3,4\n5,6\n"))
    assert rec.channels == ["ch1", "ch2"]
    assert rec.sampling_rate_hz == pytest.approx(500.0)


def test_csv_time_column_rate_disagreement_warns(tmp_path: Path) -> None:
    path = _write(tmp_path, "time_s,EMG\n0,1\n0.01,2\n0.02,3\n")
    with pytest.warns(RecordingWarning, match="using the time column"):
        read_csv(path, sampling_rate_hz=1000.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "only comments"),
        ("time_s,EMG\n", "no data rows"),
        ("time_s,EMG\n0,1\n0.001,2\n0.001,3\n", r"duplicated at sample 2 \(line 4\)"),
        ("time_s,EMG\n0,1\n0.002,2\n0.001,3\n", r"going backwards at sample 2 \(line 4\)"),
        ("time_s,EMG\n0,1\n0.001,2\n0.002,3\n0.010,4\n", r"time jumps .*line 5.* 7 missing"),
        ("time_s,EMG\n0,1\n0.001,abc\n", r"line 3, column 'EMG': 'abc' is not a number"),
        ("time_s,EMG\n0,1\n0.001,2\n0.002\n", r"line 4 has 1 value.*truncated"),
        ("time_s,EMG\n0,1\n0.001,\n0.002,3\n", r"channel 'EMG' has 1 missing .*line 3"),
        ("time_s,EMG\n0,1\nnan,2\n0.002,3\n", r"time is not a number at sample 1 \(line 3\)"),
    ],
)
def test_bad_csv_names_file_line_and_channel(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text, "bad.csv")
    with pytest.raises(InvalidRecordingError, match=message) as info:
        read_csv(path)
    assert "bad.csv" in str(info.value)


def test_csv_interpolates_short_gaps_when_asked(tmp_path: Path) -> None:
    path = _write(tmp_path, "time_s,EMG\n0,1\n0.001,\n0.002,3\n0.003,4\n")
    with pytest.warns(RecordingWarning, match="interpolated 1 missing"):
        rec = read_csv(path, nan_policy="interpolate")
    assert rec.data["EMG"][1] == pytest.approx(2.0)
    with pytest.raises(InvalidRecordingError, match="longer than max_gap_ms"):
        read_csv(path, nan_policy="interpolate", max_gap_ms=0.5)


def test_clipped_channel_warns_with_sample() -> None:
    x = np.sin(np.linspace(0, 20, 2000)) * 2.0
    x = np.clip(x, -1.5, 1.5)
    rec = Recording.from_rate(
        {"EMG": x, "ok": np.sin(np.linspace(0, 20, 2000))}, sampling_rate_hz=1000.0
    )
    with pytest.warns(RecordingWarning, match=r"channel 'EMG' looks clipped.*first run at sample"):
        clipped = check_clipping(rec)
    assert clipped == ["EMG"]


def test_a_signal_resting_at_zero_is_not_clipping() -> None:
    x = np.concatenate([np.zeros(500), np.linspace(0, 800, 500)])
    rec = Recording.from_rate({"Fz": x}, sampling_rate_hz=1000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_clipping(rec) == []


# -- C3D ------------------------------------------------------------------------------------


def test_c3d_round_trip_analog_points_events_and_plates(tmp_path: Path) -> None:
    rec = _rec(400, 1000.0)
    t = np.arange(40) / 100.0
    points = Recording.from_rate(
        {"RASI_x": t, "RASI_y": 2 * t, "RASI_z": 3 * t + 1},
        sampling_rate_hz=100.0,
        units=dict.fromkeys(("RASI_x", "RASI_y", "RASI_z"), "mm"),
    )
    plate = {
        "type": 2,
        "corners": [[0, 0, 0], [500, 0, 0], [500, 400, 0], [0, 400, 0]],
        "origin": [1.0, 2.0, -40.0],
        "channels": ["R_GMAX", "L_BF"],
    }
    path = tmp_path / "trial.c3d"
    write_c3d(path, rec, points=points, force_platforms=[plate])
    data = read_c3d(path)
    assert data.analog is not None and data.points is not None
    assert data.analog.channels == ["R_GMAX", "L_BF"]
    assert data.analog.units == {"R_GMAX": "mV", "L_BF": "mV"}
    assert data.analog.sampling_rate_hz == pytest.approx(1000.0)
    np.testing.assert_allclose(data.analog.data["R_GMAX"], rec.data["R_GMAX"], atol=1e-5)
    assert data.points.sampling_rate_hz == pytest.approx(100.0)
    np.testing.assert_allclose(data.points.data["RASI_z"], 3 * t + 1, atol=1e-4)
    assert [e.name for e in data.analog.events] == ["Left Foot Strike", "Trial start"]
    assert data.analog.events[0].time == pytest.approx(0.1, abs=1e-6)
    fp = data.force_platforms[0]
    assert fp.type == 2 and fp.index == 1
    assert fp.corners is not None and fp.corners[2] == pytest.approx((500, 400, 0))
    assert fp.centre == pytest.approx((250, 200, 0))
    assert fp.origin == pytest.approx((1.0, 2.0, -40.0))
    assert fp.channels == ["R_GMAX", "L_BF"]
    assert fp.cal_matrix is None
    assert data.metadata["analog_rate_hz"] == pytest.approx(1000.0)


def test_c3d_without_analog_data_is_an_error(tmp_path: Path) -> None:
    points = Recording.from_rate(
        {"M_x": np.ones(10), "M_y": np.ones(10), "M_z": np.ones(10)}, sampling_rate_hz=100.0
    )
    path = tmp_path / "markers.c3d"
    write_c3d(path, None, points=points)
    with pytest.raises(InvalidRecordingError, match=r"markers.c3d.*no analog data"):
        read_c3d(path)
    assert read_c3d(path, require_analog=False).points is not None


def test_truncated_or_empty_c3d_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "t.c3d"
    write_c3d(path, _rec())
    cut = tmp_path / "cut.c3d"
    cut.write_bytes(path.read_bytes()[:700])
    with pytest.raises(InvalidRecordingError, match=r"cut\.c3d"):
        read_c3d(cut)
    empty = tmp_path / "empty.c3d"
    empty.write_bytes(b"")
    with pytest.raises(InvalidRecordingError, match="empty"):
        read_c3d(empty)


def test_read_recording_dispatches_on_extension(tmp_path: Path) -> None:
    path = tmp_path / "t.c3d"
    write_c3d(path, _rec())
    assert read_recording(path).channels == ["R_GMAX", "L_BF"]
    with pytest.raises(InvalidRecordingError, match="file not found"):
        read_recording(tmp_path / "missing.csv")


# -- real sample files -----------------------------------------------------------------------


def test_biosppy_excerpt() -> None:
    rec = read_biosppy_txt(DATA / "emg_biosppy_excerpt.txt")
    assert rec.channels == ["EMG"]
    assert rec.units == {"EMG": "counts"}
    assert rec.n_samples == 20000
    assert rec.sampling_rate_hz == pytest.approx(1000.0)
    assert 1400 <= rec.data["EMG"].min() < rec.data["EMG"].max() <= 2500
    assert read_recording(DATA / "emg_biosppy_excerpt.txt").n_samples == 20000


def test_uci_excerpt_drops_angle_only_rows() -> None:
    rec = read_uci_emg(DATA / "emg_uci_5nmar_excerpt.txt")
    assert rec.channels == ["RF", "BF", "VM", "ST", "FX"]
    assert rec.units["BF"] == "mV" and rec.units["FX"] == "deg"
    assert rec.n_samples == 2000
    assert emg_channels(rec) == ["RF", "BF", "VM", "ST"]
    assert rec.data["FX"][0] == pytest.approx(59.9)


def test_uci_reader_rejects_other_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidRecordingError, match="not a UCI"):
        read_uci_emg(_write(tmp_path, "time_s,EMG\n0,1\n"))


# -- label overrides -------------------------------------------------------------------------


def test_label_overrides_from_yaml_and_json(tmp_path: Path) -> None:
    yaml_path = _write(
        tmp_path,
        "ch1: {muscle: gluteus-maximus, side: left}\nch2: right erector-spinae\n",
        "l.yaml",
    )
    json_path = _write(
        tmp_path, json.dumps({"ch1": {"muscle": "latissimus-dorsi", "side": "right"}}), "l.json"
    )
    assert read_label_overrides(yaml_path) == {
        "ch1": ChannelLabel("gluteus-maximus", "left"),
        "ch2": ChannelLabel("erector-spinae", "right"),
    }
    assert read_label_overrides(json_path)["ch1"] == ChannelLabel("latissimus-dorsi", "right")
    with pytest.raises(InvalidInputError, match=r"l2\.yaml"):
        read_label_overrides(_write(tmp_path, "ch1: {muscle: nonsense}\n", "l2.yaml"))
    with pytest.raises(InvalidInputError, match=r"bad\.json, line 1, column 2: not valid JSON"):
        read_label_overrides(_write(tmp_path, "{not json", "bad.json"))
