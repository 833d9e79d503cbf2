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
  rate must come from the ``sampling_rate_hz`` argument (CLI ``--rate``) or a comment.
* Empty cells and ``nan`` are missing values: an error by default (``nan_policy="raise"``),
  or linearly interpolated over gaps up to ``max_gap_ms`` with a warning
  (``nan_policy="interpolate"``).
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from slingcoach.errors import InvalidInputError, InvalidRecordingError
from slingcoach.signals.labels import parse_label_overrides
from slingcoach.signals.recording import (
    ChannelLabel,
    Event,
    FloatArray,
    Recording,
    RecordingWarning,
)

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
    text = Path(path).read_text(encoding="utf-8-sig")
    if not text.strip():
        raise InvalidRecordingError("the file is empty", source=source)
    comment_rate: float | None = None
    events: list[Event] = []
    content: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            comment = stripped.lstrip("#").strip()
            key, _, value = comment.partition(":")
            key = key.strip().lower()
            if key in {"sampling_rate_hz", "sampling rate (hz)", "sampling_rate", "rate_hz"}:
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
            continue
        content.append((number, line))
    if not content:
        raise InvalidRecordingError("the file has only comments, no header or data", source=source)
    first_line = content[0][1]
    delim = delimiter if delimiter is not None else _sniff_delimiter(first_line)
    first_cells = _split(first_line, delim)
    probe = [c.replace(",", ".") for c in first_cells] if delim == ";" else first_cells
    has_header = not all(_NUMBER.match(c) for c in probe if c != "")
    if has_header:
        names, units = _parse_header(first_cells)
        body = content[1:]
        if body:
            second = _split(body[0][1], delim)
            if delim == ";":
                second = [c.replace(",", ".") for c in second]
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
    rows = [_split(line, delim) for _, line in body]
    if delim == ";":
        # semicolon files from spreadsheets often write decimal commas ("0,25")
        rows = [[cell.replace(",", ".") for cell in row] for row in rows]
    table = _parse_rows(rows, line_numbers, names, source)

    lower = [n.lower() for n in names]
    t_index: int | None = None
    scale = 1.0
    if time_column is not None:
        if time_column not in names:
            raise InvalidRecordingError(
                f"no time column {time_column!r}; columns are: {', '.join(names)}", source=source
            )
        t_index = names.index(time_column)
    else:
        for i, name in enumerate(lower):
            if name in _TIME_NAMES_S or name in _TIME_NAMES_MS:
                t_index = i
                break
    if t_index is not None:
        unit = units[t_index].lower()
        if lower[t_index] in _TIME_NAMES_MS or unit == "ms":
            scale = 1e-3
        time = table[:, t_index] * scale
        check_time_axis(time, source=source, line_numbers=line_numbers)
        rate_from_time = 1.0 / float(np.median(np.diff(time))) if time.size > 1 else math.nan
        given = sampling_rate_hz if sampling_rate_hz is not None else comment_rate
        if (
            given is not None
            and math.isfinite(rate_from_time)
            and abs(given - rate_from_time) > 0.01 * given  # slingcoach: 1 % disagreement
        ):
            warnings.warn(
                f"{source}: the time column gives {rate_from_time:.6g} Hz but {given:g} Hz was given; "
                "using the time column",
                RecordingWarning,
                stacklevel=2,
            )
        rate = rate_from_time
    else:
        given = sampling_rate_hz if sampling_rate_hz is not None else comment_rate
        if given is None:
            raise InvalidRecordingError(
                "no time column (time_s) and no sampling rate: add a 'time_s' column in seconds, "
                "a '# sampling_rate_hz: <rate>' comment, or pass the rate (--rate)",
                source=source,
            )
        if not (given > 0 and math.isfinite(given)):
            raise InvalidRecordingError(
                f"sampling rate must be positive, got {given!r}", source=source
            )
        rate = float(given)
        time = np.arange(table.shape[0], dtype=float) / rate
    data: dict[str, FloatArray] = {}
    unit_map: dict[str, str] = {}
    for i, name in enumerate(names):
        if i == t_index:
            continue
        data[name] = _fill_nans(
            name,
            table[:, i],
            source=source,
            sampling_rate_hz=rate if math.isfinite(rate) else 1.0,
            policy=nan_policy,
            max_gap_ms=max_gap_ms,
            line_numbers=line_numbers,
        )
        if units[i]:
            unit_map[name] = units[i]
    if not data:
        raise InvalidRecordingError("the file has a time column but no channels", source=source)
    recording = Recording(time=time, data=data, units=unit_map, events=tuple(events), source=source)
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


# -- C3D --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class C3DData:
    """What :func:`read_c3d` returns.

    ``analog`` holds the analog channels (EMG, force-plate signals) at the analog rate;
    ``points`` holds the markers as channels ``<label>_x/_y/_z`` at the *point* rate, a
    separate recording (nothing is resampled, so no sample is invented); ``None`` when
    the file has no markers. ``force_platforms`` lists one dict per plate (FORCE_PLATFORM
    group: ``type``, ``corners`` (4 × xyz), ``origin``, ``channels`` (analog channel
    names in the order of FORCE_PLATFORM:CHANNEL), ``cal_matrix`` where present);
    ``metadata`` holds rates, units and counts.
    """

    analog: Recording | None
    points: Recording | None
    force_platforms: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def _param(c3d: Any, group: str, name: str, default: Any = None) -> Any:
    try:
        return c3d["parameters"][group][name]["value"]
    except KeyError:
        return default


def _strings(values: Any) -> list[str]:
    if values is None:
        return []
    return [str(v).strip() for v in values]


def _unique(names: list[str], fallback: str) -> list[str]:
    out: list[str] = []
    for i, name in enumerate(names):
        base = name or f"{fallback}{i + 1}"
        candidate, k = base, 2
        while candidate in out:
            candidate, k = f"{base}_{k}", k + 1
        out.append(candidate)
    return out


def read_c3d(path: str | Path, /, *, require_analog: bool = True) -> C3DData:
    """Read a C3D file with ezc3d: analog channels, markers, force platforms and events.

    Raises :class:`InvalidRecordingError` when the file cannot be parsed, or when it has
    no analog data and ``require_analog`` is true (EMG and force plates are analog).
    """
    source = str(path)
    p = Path(path)
    if not p.exists():
        raise InvalidRecordingError("file not found", source=source)
    if p.stat().st_size == 0:
        raise InvalidRecordingError("the file is empty", source=source)
    import ezc3d

    try:
        c3d = ezc3d.c3d(str(p))
    except Exception as exc:  # ezc3d raises plain RuntimeError/IOError on a bad file
        raise InvalidRecordingError(
            f"not a readable C3D file ({type(exc).__name__}: {exc}); the file may be truncated",
            source=source,
        ) from None
    header = c3d["header"]
    point_rate = float(header["points"]["frame_rate"] or _param(c3d, "POINT", "RATE", [0])[0] or 0)
    first_frame = int(header["points"]["first_frame"])
    start_s = first_frame / point_rate if point_rate > 0 else 0.0

    events: list[Event] = []
    times = _param(c3d, "EVENT", "TIMES")
    labels = _strings(_param(c3d, "EVENT", "LABELS"))
    contexts = _strings(_param(c3d, "EVENT", "CONTEXTS"))
    if times is not None and np.size(times) and labels:
        arr = np.asarray(times, dtype=float).reshape(2, -1)
        for i, label in enumerate(labels[: arr.shape[1]]):
            context = contexts[i] if i < len(contexts) else ""
            name = (
                f"{context} {label}".strip() if context and context.lower() != "general" else label
            )
            events.append(Event(float(arr[0, i] * 60.0 + arr[1, i]), name))

    analog_rec: Recording | None = None
    analogs = np.asarray(c3d["data"]["analogs"], dtype=float)
    analog_rate = float(header["analogs"]["frame_rate"] or 0)
    analog_names = _unique(_strings(_param(c3d, "ANALOG", "LABELS")), "analog")
    n_analog = analogs.shape[1] if analogs.ndim == 3 else 0
    if n_analog == 0 or analogs.shape[2] == 0 or analog_rate <= 0:
        if require_analog:
            raise InvalidRecordingError(
                "the C3D has no analog data (ANALOG:USED = 0 or no analog samples); EMG and "
                "force plates are stored as analog channels",
                source=source,
            )
    else:
        analog_names = (
            analog_names + [f"analog{i + 1}" for i in range(len(analog_names), n_analog)]
        )[:n_analog]
        analog_units = _strings(_param(c3d, "ANALOG", "UNITS"))
        values = analogs[0]
        time = start_s + np.arange(values.shape[1], dtype=float) / analog_rate
        data = {name: values[i] for i, name in enumerate(analog_names)}
        units = {
            name: analog_units[i]
            for i, name in enumerate(analog_names)
            if i < len(analog_units) and analog_units[i]
        }
        for name, series in data.items():
            bad = np.flatnonzero(~np.isfinite(series))
            if bad.size:
                raise InvalidRecordingError(
                    f"analog channel {name!r} is not a number at sample {int(bad[0])}",
                    source=source,
                )
        analog_rec = Recording(
            time=time, data=data, units=units, events=tuple(events), source=source
        )
        check_clipping(analog_rec)

    points_rec: Recording | None = None
    points = np.asarray(c3d["data"]["points"], dtype=float)
    if points.ndim == 3 and points.shape[1] > 0 and points.shape[2] > 0 and point_rate > 0:
        point_names = _unique(_strings(_param(c3d, "POINT", "LABELS")), "point")
        point_names = (
            point_names + [f"point{i + 1}" for i in range(len(point_names), points.shape[1])]
        )[: points.shape[1]]
        point_unit = (_strings(_param(c3d, "POINT", "UNITS")) or ["mm"])[0] or "mm"
        ptime = start_s + np.arange(points.shape[2], dtype=float) / point_rate
        pdata: dict[str, FloatArray] = {}
        for i, name in enumerate(point_names):
            for axis, tag in enumerate("xyz"):
                pdata[f"{name}_{tag}"] = points[axis, i, :]
        points_rec = Recording(
            time=ptime,
            data=pdata,
            units=dict.fromkeys(pdata, point_unit),
            events=tuple(events),
            source=source,
        )

    plates: list[dict[str, Any]] = []
    used = _param(c3d, "FORCE_PLATFORM", "USED", [0])
    n_plates = int(np.asarray(used).ravel()[0]) if np.size(used) else 0
    if n_plates:
        types = np.asarray(_param(c3d, "FORCE_PLATFORM", "TYPE", []), dtype=int).ravel()
        corners = np.asarray(_param(c3d, "FORCE_PLATFORM", "CORNERS", []), dtype=float)
        origin = np.asarray(_param(c3d, "FORCE_PLATFORM", "ORIGIN", []), dtype=float)
        channel = np.asarray(_param(c3d, "FORCE_PLATFORM", "CHANNEL", []), dtype=int)
        cal = np.asarray(_param(c3d, "FORCE_PLATFORM", "CAL_MATRIX", []), dtype=float)
        for k in range(n_plates):
            plate: dict[str, Any] = {
                "index": k + 1,
                "type": int(types[k]) if k < types.size else None,
            }
            if corners.size >= 12 * (k + 1):
                plate["corners"] = corners.reshape(3, 4, -1)[:, :, k].T.tolist()
            if origin.size >= 3 * (k + 1):
                plate["origin"] = origin.reshape(3, -1)[:, k].tolist()
            if channel.size:
                cols = channel.reshape(channel.shape[0], -1)[:, k] if channel.ndim > 1 else channel
                plate["channels"] = [
                    analog_names[c - 1] if 0 < c <= len(analog_names) else None
                    for c in cols.tolist()
                ]
            if cal.size:
                plate["cal_matrix"] = cal.tolist()
            plates.append(plate)

    metadata: dict[str, Any] = {
        "source": source,
        "point_rate_hz": point_rate,
        "analog_rate_hz": analog_rate,
        "n_points": int(points.shape[1]) if points.ndim == 3 else 0,
        "n_analog": n_analog,
        "first_frame": first_frame,
        "events": [{"time_s": e.time, "name": e.name} for e in sorted(events)],
        "force_platforms": plates,
    }
    return C3DData(analog=analog_rec, points=points_rec, force_platforms=plates, metadata=metadata)


def write_c3d(
    path: str | Path,
    analog: Recording | None,
    /,
    *,
    points: Recording | None = None,
    force_platforms: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Write a C3D with ezc3d (used by tests to round-trip :func:`read_c3d`).

    ``analog`` channels must be one-dimensional; ``points`` channels come in
    ``<label>_x/_y/_z`` triples at a rate that divides the analog rate. Without points the
    point rate equals the analog rate. Events are written to the EVENT group, a leading
    ``Left``/``Right``/``General`` word becoming the context.
    """
    import ezc3d

    if analog is None and points is None:
        raise InvalidInputError("write_c3d needs analog data, points, or both", source=str(path))
    c3d = ezc3d.c3d()
    analog_rate = analog.sampling_rate_hz if analog is not None else None
    if points is not None:
        point_rate = points.sampling_rate_hz
        labels: list[str] = []
        for name in points.channels:
            base = name[:-2] if name[-2:] in {"_x", "_y", "_z"} else name
            if base not in labels:
                labels.append(base)
        arr = np.ones((4, len(labels), points.n_samples))
        for i, base in enumerate(labels):
            for axis, tag in enumerate("xyz"):
                arr[axis, i, :] = points.channel(f"{base}_{tag}")
        c3d["parameters"]["POINT"]["LABELS"]["value"] = tuple(labels)
        unit = next(iter(points.units.values()), "mm")
        c3d["parameters"]["POINT"]["UNITS"]["value"] = (unit,)
    else:
        point_rate = float(analog_rate or 1.0)
        arr = np.zeros((4, 0, analog.n_samples if analog is not None else 0))
    c3d["parameters"]["POINT"]["RATE"]["value"] = [point_rate]
    c3d["data"]["points"] = arr
    if analog is not None and analog_rate is not None:
        ratio = analog_rate / point_rate
        if abs(ratio - round(ratio)) > 1e-6:
            raise InvalidInputError(
                f"the analog rate {analog_rate:g} Hz must be a whole multiple of the point rate {point_rate:g} Hz",
                source=str(path),
            )
        names = analog.channels
        c3d["parameters"]["ANALOG"]["RATE"]["value"] = [analog_rate]
        c3d["parameters"]["ANALOG"]["LABELS"]["value"] = tuple(names)
        c3d["parameters"]["ANALOG"]["UNITS"]["value"] = tuple(
            analog.units.get(n, "") for n in names
        )
        c3d["data"]["analogs"] = np.stack([analog.channel(n) for n in names])[np.newaxis]
    events = sorted((analog or points).events) if (analog or points) is not None else []  # type: ignore[union-attr]
    if events:
        contexts, labels_ev = [], []
        for e in events:
            first, _, rest = e.name.partition(" ")
            if first.lower() in {"left", "right", "general"} and rest:
                contexts.append(first)
                labels_ev.append(rest)
            else:
                contexts.append("General")
                labels_ev.append(e.name)
        t = np.array([e.time for e in events])
        c3d.add_parameter("EVENT", "USED", [len(events)])
        c3d.add_parameter(
            "EVENT", "TIMES", np.vstack([np.floor(t / 60.0), t - 60.0 * np.floor(t / 60.0)])
        )
        c3d.add_parameter("EVENT", "LABELS", tuple(labels_ev))
        c3d.add_parameter("EVENT", "CONTEXTS", tuple(contexts))
    if force_platforms:
        n = len(force_platforms)
        fp = c3d["parameters"]["FORCE_PLATFORM"]
        fp["USED"]["value"] = [n]
        fp["TYPE"]["value"] = [int(p.get("type", 2)) for p in force_platforms]
        fp["CORNERS"]["value"] = np.stack(
            [
                np.asarray(p.get("corners", np.zeros((4, 3))), dtype=float).T
                for p in force_platforms
            ],
            axis=-1,
        )
        fp["ORIGIN"]["value"] = np.stack(
            [np.asarray(p.get("origin", np.zeros(3)), dtype=float) for p in force_platforms],
            axis=-1,
        )
        names = analog.channels if analog is not None else []
        chans = []
        for p in force_platforms:
            chans.append([names.index(c) + 1 if c in names else 0 for c in p.get("channels", [])])
        width = max((len(c) for c in chans), default=0)
        if width:
            fp["CHANNEL"]["value"] = np.array(
                [c + [0] * (width - len(c)) for c in chans], dtype=int
            ).T
    c3d.write(str(path))


# -- other text formats --------------------------------------------------------------------


def read_biosppy_txt(path: str | Path, /) -> Recording:
    """Read the BioSPPy "Simple Text Format": ``#`` header with rate and labels, then samples.

    Values are raw ADC counts (unit ``"counts"``); the header's ``Resolution`` is kept in
    the channel unit text only as counts, no conversion to volts is made.
    """
    source = str(path)
    text = Path(path).read_text(encoding="utf-8")
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
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
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
    names = _unique(names, "ch")
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
    if not p.exists():
        raise InvalidRecordingError("file not found", source=str(path))
    if p.suffix.lower() == ".c3d":
        analog = read_c3d(p).analog
        assert analog is not None  # read_c3d raised otherwise
        return analog
    with p.open("r", encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline().strip()
    if first.startswith("# Simple Text Format"):
        return read_biosppy_txt(p)
    if first.startswith("File Name"):
        return read_uci_emg(p, sampling_rate_hz=sampling_rate_hz or 1000.0)
    return read_csv(p, sampling_rate_hz=sampling_rate_hz, nan_policy=nan_policy)


def read_label_overrides(path: str | Path, /) -> dict[str, ChannelLabel]:
    """Read a YAML or JSON file mapping channel name → ``{muscle, side}`` or ``"right gluteus-maximus"``."""
    source = str(path)
    text = Path(path).read_text(encoding="utf-8")
    try:
        if Path(path).suffix.lower() == ".json":
            raw = json.loads(text)
        else:
            import yaml

            raw = yaml.safe_load(text)
    except (json.JSONDecodeError, ValueError) as exc:
        raise InvalidInputError(f"cannot parse label overrides: {exc}", source=source) from None
    except Exception as exc:  # yaml.YAMLError
        raise InvalidInputError(f"cannot parse label overrides: {exc}", source=source) from None
    if raw is None:
        return {}
    return parse_label_overrides(raw, source=source)


def emg_channels(recording: Recording, /) -> list[str]:
    """Channels that can be EMG: one-dimensional, with an EMG-like unit (V, mV, µV, counts, none)."""
    return [
        name
        for name, values in recording.data.items()
        if values.ndim == 1 and recording.units.get(name, "").strip().lower() in EMG_UNITS
    ]


__all__ = [
    "EMG_UNITS",
    "C3DData",
    "check_clipping",
    "check_time_axis",
    "emg_channels",
    "read_biosppy_txt",
    "read_c3d",
    "read_csv",
    "read_label_overrides",
    "read_recording",
    "read_uci_emg",
    "write_c3d",
    "write_csv",
]
