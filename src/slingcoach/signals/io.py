"""Reading and writing sensor recordings: CSV, C3D, BioSPPy text and UCI lower-limb EMG.

This is the one module of :mod:`slingcoach.signals` that touches files; it reads
only the path the caller gives. Every reader returns a checked
:class:`~slingcoach.signals.recording.Recording` (or, for C3D, a :class:`C3DData`)
and raises :class:`~slingcoach.errors.InvalidRecordingError` naming the file, line
or sample, and channel when the input cannot be used.

CSV conventions (see ``docs/signals-emg.md``)
---------------------------------------------
* Lines starting with ``#`` are comments. ``# sampling_rate_hz: 2000`` gives the rate;
  ``# event: 1.250, Left Foot Strike`` adds an event (seconds, name).
* The delimiter is sniffed from the header line: tab, semicolon or comma. In semicolon files a
  decimal comma (``0,25``) is read as a decimal point.
* The first non-comment line holds the channel names, optionally with units as
  ``name [unit]`` or ``name (unit)``. A second line with no numbers is a unit row.
  A file whose first line is numbers has no header: channels are ``ch1, ch2, ...``.
* A column named ``time``, ``time_s``, ``t`` or ``time [s]`` gives the sample times in
  seconds (``time_ms`` or ``time [ms]`` in milliseconds). Without one, the sampling
  rate must come from the ``sampling_rate_hz`` argument or a comment.
* Empty cells and ``nan`` are missing values: an error by default (``nan_policy="raise"``),
  or linearly interpolated over gaps up to ``max_gap_ms`` with a warning
  (``nan_policy="interpolate"``).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from slingcoach.errors import InvalidRecordingError
from slingcoach.inputs import limits, read_head, read_text
from slingcoach.signals.c3d_io import C3DData, C3DForcePlatform, read_c3d, unique_names, write_c3d
from slingcoach.signals.labels import parse_label_overrides
from slingcoach.signals.recording import (
    ChannelLabel,
    Event,
    FloatArray,
    Recording,
    RecordingWarning,
)
from slingcoach.structured import Format, parse_document

NanPolicy = Literal["raise", "interpolate"]

_TIME_NAMES_S = {"time", "time_s", "t", "times", "timestamp_s", "time s", "seconds", "sec"}
_TIME_NAMES_MS = {"time_ms", "time ms", "ms"}
_HEADER_UNIT = re.compile(r"^\s*(?P<name>.*?)\s*[\[(](?P<unit>[^\])]*)[\])]\s*$")
_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$|^\s*(nan|NaN|NAN)\s*$")

#: Units of kinematic channels, which are not checked for clipping.
_KINEMATIC_UNITS = frozenset({"deg", "°", "rad", "mm", "cm", "m", "px"})

#: Units that mark a channel as EMG (anything else, e.g. deg, N, mm, is not analysed as EMG).
EMG_UNITS = frozenset({"", "v", "mv", "uv", "µv", "μv", "counts", "adc", "a.u.", "au", "%mvc"})


# -- shared checks --------------------------------------------------------------------------


def _line_of(index: int, line_numbers: Sequence[int] | None) -> str:
    if line_numbers is None:
        return f"sample {index}"
    return f"sample {index} (line {line_numbers[index]})"


def check_time_axis(
    time: FloatArray,
    *,
    source: str,
    line_numbers: Sequence[int] | None = None,
    max_gap_factor: float = 1.9,
) -> None:
    """Raise on NaN, duplicated, backwards time or gaps longer than ``max_gap_factor`` steps."""
    if time.size == 0:
        raise InvalidRecordingError(
            "no data rows (the file has a header but no samples)", source=source
        )
    bad = np.flatnonzero(~np.isfinite(time))
    if bad.size:
        raise InvalidRecordingError(
            f"time is not a number at {_line_of(int(bad[0]), line_numbers)}", source=source
        )
    if time.size < 2:
        return
    steps = np.diff(time)
    bad = np.flatnonzero(steps <= 0)
    if bad.size:
        i = int(bad[0]) + 1
        kind = "duplicated" if steps[i - 1] == 0 else "going backwards"
        raise InvalidRecordingError(
            f"time is {kind} at {_line_of(i, line_numbers)}: t={time[i]:.6g} s after "
            f"{time[i - 1]:.6g} s; time must be strictly increasing",
            source=source,
        )
    median = float(np.median(steps))
    gaps = np.flatnonzero(steps > max_gap_factor * median)
    if gaps.size:
        i = int(gaps[0]) + 1
        missing = round(float(steps[i - 1]) / median) - 1
        raise InvalidRecordingError(
            f"time jumps from {time[i - 1]:.6g} s to {time[i]:.6g} s at {_line_of(i, line_numbers)} "
            f"(about {missing} missing samples at {1.0 / median:.6g} Hz); filters need evenly "
            "spaced samples: fill the gap or split the file",
            source=source,
        )


def _fill_nans(
    name: str,
    values: FloatArray,
    *,
    source: str,
    sampling_rate_hz: float,
    policy: NanPolicy,
    max_gap_ms: float,
    line_numbers: Sequence[int] | None,
) -> FloatArray:
    nan = ~np.isfinite(values)
    if not nan.any():
        return values
    first = int(np.flatnonzero(nan)[0])
    if policy == "raise":
        raise InvalidRecordingError(
            f"channel {name!r} has {int(nan.sum())} missing or non-finite value(s), the first at "
            f"{_line_of(first, line_numbers)}; fix the file or read it with "
            "nan_policy='interpolate' to fill short gaps",
            source=source,
        )
    edges = np.diff(np.concatenate(([0], nan.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    longest = int((ends - starts).max())
    if longest * 1000.0 / sampling_rate_hz > max_gap_ms or nan.all():
        raise InvalidRecordingError(
            f"channel {name!r} has a gap of {longest} missing samples "
            f"({longest * 1000.0 / sampling_rate_hz:.0f} ms) near {_line_of(first, line_numbers)}, "
            f"longer than max_gap_ms={max_gap_ms:g}; it cannot be interpolated safely",
            source=source,
        )
    idx = np.arange(values.size)
    filled = values.copy()
    filled[nan] = np.interp(idx[nan], idx[~nan], values[~nan])
    warnings.warn(
        f"{source}: channel {name!r}: interpolated {int(nan.sum())} missing sample(s) in "
        f"{starts.size} gap(s), the first at {_line_of(first, line_numbers)}",
        RecordingWarning,
        stacklevel=3,
    )
    return filled


def check_clipping(
    recording: Recording, /, *, min_run: int = 5, min_fraction: float = 0.001
) -> list[str]:
    """Warn about channels that look clipped; return their names.

    A channel is suspicious when at least ``min_fraction`` of its samples (and at least one
    run of ``min_run`` consecutive samples) sit exactly at its maximum or minimum: an
    amplifier or ADC that saturated flattens the signal at the rail.
    """
    clipped: list[str] = []
    for name, values in recording.data.items():
        if values.ndim != 1 or values.size < min_run:
            continue
        if recording.units.get(name, "").strip().lower() in _KINEMATIC_UNITS:
            continue  # angles and positions plateau for real (and are often upsampled steps)
        finite = values[np.isfinite(values)]
        if finite.size == 0 or float(finite.max()) == float(finite.min()):
            continue
        span = float(finite.max()) - float(finite.min())
        for extreme in (float(finite.max()), float(finite.min())):
            if abs(extreme) <= 0.02 * span:  # slingcoach: a plateau at ~0 is rest, not clipping
                continue
            at = values == extreme
            if at.sum() < max(min_run, min_fraction * values.size):
                continue
            edges = np.diff(np.concatenate(([0], at.astype(np.int8), [0])))
            starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
            long_runs = starts[(ends - starts) >= min_run]
            if long_runs.size:
                clipped.append(name)
                warnings.warn(
                    f"{recording.source}: channel {name!r} looks clipped: {int(at.sum())} samples "
                    f"flat at its extreme value {extreme:g}, the first run at sample {int(long_runs[0])} "
                    f"(t={recording.time[int(long_runs[0])]:.4g} s); amplitudes there are unreliable",
                    RecordingWarning,
                    stacklevel=2,
                )
                break
    return clipped


# -- CSV ------------------------------------------------------------------------------------


def _sniff_delimiter(line: str) -> str | None:
    counts = {d: line.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > 0:
        return best
    return None


def _split(line: str, delimiter: str | None) -> list[str]:
    return [c.strip() for c in (line.split(delimiter) if delimiter else line.split())]


def _parse_header(cells: list[str]) -> tuple[list[str], list[str]]:
    names, units = [], []
    for i, cell in enumerate(cells):
        cell = cell.strip().strip('"').strip("'")
        match = _HEADER_UNIT.match(cell)
        if match and match.group("name"):
            names.append(match.group("name").strip())
            units.append(match.group("unit").strip())
        else:
            names.append(cell or f"ch{i + 1}")
            units.append("")
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        if name in seen:
            seen[name] += 1
            unique.append(f"{name}_{seen[name]}")
        else:
            seen[name] = 1
            unique.append(name)
    return unique, units


def _parse_rows(
    rows: list[list[str]], line_numbers: list[int], names: list[str], source: str
) -> FloatArray:
    n_cols = len(names)
    for cells, line in zip(rows, line_numbers, strict=True):
        if len(cells) != n_cols:
            truncated = " (the file may be truncated)" if line == line_numbers[-1] else ""
            raise InvalidRecordingError(
                f"line {line} has {len(cells)} value(s), the header has {n_cols} column(s){truncated}",
                source=source,
            )
    try:
        return np.array(rows, dtype=float).reshape(len(rows), n_cols)
    except ValueError:
        pass
    out = np.empty((len(rows), n_cols))
    for r, (cells, line) in enumerate(zip(rows, line_numbers, strict=True)):
        for c, cell in enumerate(cells):
            if cell == "" or cell.lower() in {"nan", "na", "null"}:
                out[r, c] = math.nan
                continue
            try:
                out[r, c] = float(cell)
            except ValueError:
                raise InvalidRecordingError(
                    f"line {line}, column {names[c]!r}: {cell!r} is not a number",
                    source=source,
                    location=None,
                ) from None
    return out


@dataclass(frozen=True)
class _CsvText:
    """The lines of a CSV file that are not comments, and what the comments said."""

    content: list[tuple[int, str]]  # (line number, text)
    comment_rate: float | None
    events: list[Event]


@dataclass(frozen=True)
class _CsvTable:
    """Column names and units, the numbers, and the file line of each row."""

    names: list[str]
    units: list[str]
    table: FloatArray
    line_numbers: list[int]


_RATE_KEYS = {"sampling_rate_hz", "sampling rate (hz)", "sampling_rate", "rate_hz"}


def _csv_text(text: str, source: str) -> _CsvText:
    """Split comments (``# sampling_rate_hz: ...``, ``# event: ...``) from content lines."""
    if not text.strip():
        raise InvalidRecordingError("the file is empty", source=source)
    comment_rate: float | None = None
    events: list[Event] = []
    content: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            content.append((number, raw.rstrip("\r\n")))
            continue
        key, _, value = stripped.lstrip("#").strip().partition(":")
        key = key.strip().lower()
        if key in _RATE_KEYS:
            try:
                comment_rate = float(value.strip().lstrip("="))
            except ValueError:
                raise InvalidRecordingError(
                    f"line {number}: sampling rate {value.strip()!r} is not a number",
                    source=source,
                ) from None
        elif key == "event":
            t_text, _, name = value.partition(",")
            try:
                events.append(Event(float(t_text), name.strip()))
            except ValueError:
                raise InvalidRecordingError(
                    f"line {number}: event time {t_text.strip()!r} is not a number; "
                    "write '# event: <seconds>, <name>'",
                    source=source,
                ) from None
    if not content:
        raise InvalidRecordingError("the file has only comments, no header or data", source=source)
    return _CsvText(content, comment_rate, events)


def _decimal_commas(cells: list[str], delimiter: str | None) -> list[str]:
    # semicolon files from spreadsheets often write decimal commas ("0,25")
    return [c.replace(",", ".") for c in cells] if delimiter == ";" else cells


def _csv_table(content: list[tuple[int, str]], delimiter: str | None, source: str) -> _CsvTable:
    """Header (names, units, an optional unit row) and the numbers below it."""
    first_line = content[0][1]
    delim = delimiter if delimiter is not None else _sniff_delimiter(first_line)
    first_cells = _split(first_line, delim)
    probe = _decimal_commas(first_cells, delim)
    has_header = not all(_NUMBER.match(c) for c in probe if c != "")
    if has_header:
        names, units = _parse_header(first_cells)
        body = content[1:]
        if body:
            second = _decimal_commas(_split(body[0][1], delim), delim)
            if second and not any(_NUMBER.match(c) for c in second):
                units = [u or s.strip("[]() ") for u, s in zip(units, second, strict=False)]
                units += [""] * (len(names) - len(units))
                body = body[1:]
    else:
        names = [f"ch{i + 1}" for i in range(len(first_cells))]
        units = [""] * len(names)
        body = content
    if not body:
        raise InvalidRecordingError(
            "no data rows (the file has a header but no samples)", source=source
        )
    line_numbers = [n for n, _ in body]
    rows = [_decimal_commas(_split(line, delim), delim) for _, line in body]
    return _CsvTable(names, units, _parse_rows(rows, line_numbers, names, source), line_numbers)


def _time_column(names: list[str], time_column: str | None, source: str) -> int | None:
    if time_column is not None:
        if time_column not in names:
            raise InvalidRecordingError(
                f"no time column {time_column!r}; columns are: {', '.join(names)}", source=source
            )
        return names.index(time_column)
    lower = [n.lower() for n in names]
    return next((i for i, n in enumerate(lower) if n in _TIME_NAMES_S or n in _TIME_NAMES_MS), None)


def _csv_time(
    csv: _CsvTable, t_index: int | None, given: float | None, source: str
) -> tuple[FloatArray, float]:
    """Sample times (s) and the rate: from the time column, else from the given rate."""
    if t_index is None:
        if given is None:
            raise InvalidRecordingError(
                "no time column (time_s) and no sampling rate: add a 'time_s' column in seconds, "
                "a '# sampling_rate_hz: <rate>' comment, or give sampling_rate_hz",
                source=source,
                field="sampling_rate_hz",
            )
        if not (given > 0 and math.isfinite(given)):
            raise InvalidRecordingError(
                f"sampling_rate_hz must be positive, got {given!r}",
                source=source,
                field="sampling_rate_hz",
            )
        return np.arange(csv.table.shape[0], dtype=float) / given, float(given)
    in_ms = csv.names[t_index].lower() in _TIME_NAMES_MS or csv.units[t_index].lower() == "ms"
    time = csv.table[:, t_index] * (1e-3 if in_ms else 1.0)
    check_time_axis(time, source=source, line_numbers=csv.line_numbers)
    rate = 1.0 / float(np.median(np.diff(time))) if time.size > 1 else math.nan
    if given is not None and math.isfinite(rate) and abs(given - rate) > 0.01 * given:
        # slingcoach: a 1 % disagreement is worth a word; the time column wins
        warnings.warn(
            f"{source}: the time column gives {rate:.6g} Hz but {given:g} Hz was given; "
            "using the time column",
            RecordingWarning,
            stacklevel=3,
        )
    return time, rate


def read_csv(
    path: str | Path,
    /,
    *,
    sampling_rate_hz: float | None = None,
    time_column: str | None = None,
    delimiter: str | None = None,
    nan_policy: NanPolicy = "raise",
    max_gap_ms: float = 50.0,
) -> Recording:
    """Read a delimited text file into a :class:`Recording` (conventions in the module doc).

    Parameters
    ----------
    path
        The file.
    sampling_rate_hz
        Used when the file has no time column.
    time_column
        Name of the time column, when it is not one of the usual names.
    delimiter
        ``","``, ``";"`` or ``"\\t"``; sniffed from the header when ``None``.
    nan_policy, max_gap_ms
        What to do with missing values (see module doc).
    """
    source = str(path)
    content = read_text(
        path, what="recording", max_bytes=limits().max_recording_bytes, error=InvalidRecordingError
    )
    text = _csv_text(content, source)
    csv = _csv_table(text.content, delimiter, source)
    t_index = _time_column(csv.names, time_column, source)
    given = sampling_rate_hz if sampling_rate_hz is not None else text.comment_rate
    time, rate = _csv_time(csv, t_index, given, source)
    data: dict[str, FloatArray] = {}
    for i, name in enumerate(csv.names):
        if i == t_index:
            continue
        data[name] = _fill_nans(
            name,
            csv.table[:, i],
            source=source,
            sampling_rate_hz=rate if math.isfinite(rate) else 1.0,
            policy=nan_policy,
            max_gap_ms=max_gap_ms,
            line_numbers=csv.line_numbers,
        )
    if not data:
        raise InvalidRecordingError("the file has a time column but no channels", source=source)
    units = {
        n: u
        for i, (n, u) in enumerate(zip(csv.names, csv.units, strict=True))
        if u and i != t_index
    }
    recording = Recording(
        time=time, data=data, units=units, events=tuple(text.events), source=source
    )
    check_clipping(recording)
    return recording


def write_csv(
    recording: Recording,
    path: str | Path,
    /,
    *,
    delimiter: str = ",",
    float_format: str = "%.9g",
) -> None:
    """Write ``recording`` as CSV: ``time_s`` first, ``name [unit]`` headers, events as comments.

    Channels with a second axis are written as ``name_0, name_1, ...`` (``_x/_y/_z`` for 3).
    """
    header = ["time_s"]
    columns: list[FloatArray] = [recording.time]
    for name, values in recording.data.items():
        unit = recording.units.get(name, "")
        suffix = f" [{unit}]" if unit else ""
        if values.ndim == 1:
            header.append(f"{name}{suffix}")
            columns.append(values)
        else:
            flat = values.reshape(values.shape[0], -1)
            tags = ["x", "y", "z"] if flat.shape[1] == 3 else [str(k) for k in range(flat.shape[1])]
            for k, tag in enumerate(tags):
                header.append(f"{name}_{tag}{suffix}")
                columns.append(flat[:, k])
    lines = []
    if recording.n_samples > 1:
        lines.append(f"# sampling_rate_hz: {recording.sampling_rate_hz:.9g}")
    lines += [f"# event: {e.time:.9g}, {e.name}" for e in recording.events]
    lines.append(delimiter.join(header))
    table = np.column_stack(columns) if columns else np.empty((0, 0))
    body = "\n".join(delimiter.join(float_format % v for v in row) for row in table)
    Path(path).write_text("\n".join(lines) + "\n" + body + "\n", encoding="utf-8")


# -- other text formats --------------------------------------------------------------------


def read_biosppy_txt(path: str | Path, /) -> Recording:
    """Read the BioSPPy "Simple Text Format": ``#`` header with rate and labels, then samples.

    Values are raw ADC counts (unit ``"counts"``); the header's ``Resolution`` is kept in
    the channel unit text only as counts, no conversion to volts is made.
    """
    source = str(path)
    text = read_text(
        path,
        what="BioSPPy recording",
        max_bytes=limits().max_recording_bytes,
        error=InvalidRecordingError,
    )
    rate: float | None = None
    names: list[str] = []
    body: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            key, _, value = s.lstrip("# ").partition(":=")
            if key.strip().lower().startswith("sampling rate"):
                rate = float(value)
            elif key.strip().lower() == "labels":
                names = [v for v in re.split(r"[\t,;]+|\s+", value.strip()) if v]
            continue
        body.append((number, s))
    if rate is None:
        raise InvalidRecordingError(
            "no '# Sampling Rate (Hz):= <rate>' line; is this a BioSPPy text file?", source=source
        )
    if not body:
        raise InvalidRecordingError("no data rows", source=source)
    rows = [line.split() for _, line in body]
    width = len(rows[0])
    names = (names + [f"ch{i + 1}" for i in range(len(names), width)])[:width]
    table = _parse_rows(rows, [n for n, _ in body], names, source)
    recording = Recording.from_rate(
        {name: table[:, i] for i, name in enumerate(names)},
        sampling_rate_hz=rate,
        units=dict.fromkeys(names, "counts"),
        source=source,
    )
    for name in names:
        _fill_nans(
            name,
            recording.data[name],
            source=source,
            sampling_rate_hz=rate,
            policy="raise",
            max_gap_ms=0.0,
            line_numbers=[n for n, _ in body],
        )
    check_clipping(recording)
    return recording


_UCI_CHANNEL = re.compile(
    r"Channel\s+\d+:\s*'(?P<name>[^']*)'.*engineering units:\s*(?P<unit>[^,\s]+)"
)


def read_uci_emg(path: str | Path, /, *, sampling_rate_hz: float = 1000.0) -> Recording:
    """Read a UCI "EMG dataset in Lower Limb" txt file (Sanchez & Sotelo): 4 EMG columns + knee angle.

    The 7 header lines name the channels (``'Recto Femoral'``, ``'BF'``...) and their units
    (mV, deg). Rows whose EMG fields are all empty (the goniometer-only tail of some
    files) are dropped. The rate is 1000 Hz (the dataset's documentation).
    """
    source = str(path)
    lines = read_text(
        path,
        what="UCI EMG recording",
        max_bytes=limits().max_recording_bytes,
        error=InvalidRecordingError,
    ).splitlines()
    if not lines or not lines[0].startswith("File Name"):
        raise InvalidRecordingError(
            "not a UCI lower-limb EMG file (first line is not 'File Name: ...')", source=source
        )
    names, units = [], []
    for line in lines[1:7]:
        match = _UCI_CHANNEL.search(line)
        if match:
            names.append(match.group("name").strip())
            units.append(match.group("unit").strip())
    if not names:
        raise InvalidRecordingError("no 'Channel n: ...' header lines", source=source)
    names = unique_names(names, "ch")
    rows, numbers = [], []
    n_emg = sum(1 for u in units if u.lower() != "deg")
    for number, line in enumerate(lines[7:], start=8):
        cells = line.split("\t")
        if not line.strip() or all(c.strip() == "" for c in cells[:n_emg]):
            continue
        rows.append([c.strip() for c in cells[: len(names)]] + [""] * (len(names) - len(cells)))
        numbers.append(number)
    if not rows:
        raise InvalidRecordingError("no data rows", source=source)
    table = _parse_rows(rows, numbers, names, source)
    data = {
        name: _fill_nans(
            name,
            table[:, i],
            source=source,
            sampling_rate_hz=sampling_rate_hz,
            policy="raise",
            max_gap_ms=0.0,
            line_numbers=numbers,
        )
        for i, name in enumerate(names)
    }
    recording = Recording.from_rate(
        data,
        sampling_rate_hz=sampling_rate_hz,
        units=dict(zip(names, units, strict=True)),
        source=source,
    )
    check_clipping(recording)
    return recording


# -- dispatch and label overrides ------------------------------------------------------------


def read_recording(
    path: str | Path,
    /,
    *,
    sampling_rate_hz: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> Recording:
    """Read any supported file, chosen by extension and first line.

    ``.c3d`` → the analog channels of :func:`read_c3d`; a first line ``# Simple Text
    Format`` → :func:`read_biosppy_txt`; ``File Name:`` → :func:`read_uci_emg`; else
    :func:`read_csv`.
    """
    p = Path(path)
    if p.suffix.lower() == ".c3d":
        return read_c3d(p).analog_with_plate_labels()
    head = read_head(p, what="recording", error=InvalidRecordingError)
    first = head.lstrip().partition("\n")[0].strip()
    if first.startswith("# Simple Text Format"):
        return read_biosppy_txt(p)
    if first.startswith("File Name"):
        return read_uci_emg(p, sampling_rate_hz=sampling_rate_hz or 1000.0)
    return read_csv(p, sampling_rate_hz=sampling_rate_hz, nan_policy=nan_policy)


def read_label_overrides(path: str | Path, /) -> dict[str, ChannelLabel]:
    """Read a YAML or JSON file mapping channel name → ``{muscle, side}`` or ``"right gluteus-maximus"``."""
    source = str(path)
    text = read_text(path, what="label-override file")
    fmt: Format = "json" if Path(path).suffix.lower() == ".json" else "yaml"
    raw = parse_document(text, source=source, format=fmt, what="label-override file").data
    if raw is None:
        return {}
    return parse_label_overrides(raw, source=source)


#: Name words of force-plate signals (forces, moments, centre of pressure), which are often
#: stored in volts beside EMG in a C3D: Fx, Fz1, Force.Fz2, Moment.Mx1, COPx, ...
_PLATE_WORD = re.compile(r"^(f[xyz]|m[xyz]|cop[xy]?|force|moment|forces|moments|grf)\d*$")


def is_plate_signal(name: str, label: ChannelLabel | None = None) -> bool:
    """True for a force-plate signal: labelled with a plate, or named like one (Fz1, Force.Fx)."""
    if label is not None and label.plate:
        return True
    return any(_PLATE_WORD.match(w) for w in re.split(r"[^a-z0-9]+", name.lower()) if w)


def emg_channels(recording: Recording, /) -> list[str]:
    """Channels that can be EMG: one-dimensional, with an EMG-like unit (V, mV, µV, counts,
    none), and not a force-plate signal (a channel of FORCE_PLATFORM:CHANNEL in a C3D, or
    named Fx, Fz1, Force.Fz, Moment.Mx, COP...; a label override naming a muscle wins)."""
    return [
        name
        for name, values in recording.data.items()
        if values.ndim == 1
        and recording.units.get(name, "").strip().lower() in EMG_UNITS
        and (recording.label(name).muscle or not is_plate_signal(name, recording.label(name)))
    ]


__all__ = [
    "EMG_UNITS",
    "C3DData",
    "C3DForcePlatform",
    "check_clipping",
    "check_time_axis",
    "emg_channels",
    "is_plate_signal",
    "read_biosppy_txt",
    "read_c3d",
    "read_csv",
    "read_label_overrides",
    "read_recording",
    "read_uci_emg",
    "write_c3d",
    "write_csv",
]
