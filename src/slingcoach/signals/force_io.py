"""Reader for plain force-plate text exports (one or two vertical-force columns).

The format (as exported by many lab systems and used by the dual-plate sample data of
gidiel-machado/Vertical-Jumps-Fz-Automated-Analysis):

* columns separated by tabs, commas, semicolons or runs of spaces; CRLF or LF;
* an optional header line (any field that is not a number makes a line a header);
* an optional time column named ``time``, ``t``, ``time_s`` (seconds) or ``time_ms``;
  without one the sampling rate must be given;
* force columns in newtons. ``FP1``/``FP2`` (or ``left``/``right``) are two plates,
  one column is the total. Without a header, one column is ``Fz`` and two are
  ``FP1``, ``FP2``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from slingcoach.errors import InvalidRecordingError
from slingcoach.inputs import limits, read_head, read_text
from slingcoach.signals.recording import ChannelLabel, Recording, RecordingWarning

__all__ = ["force_read", "force_read_text", "parse_force_text"]

_TIME = {"time": 1.0, "t": 1.0, "time_s": 1.0, "time_ms": 0.001, "ms": 0.001}


def force_read(path: str | Path, *, sampling_rate_hz: float | None = None) -> Recording:
    """Read a force-plate file: C3D, commented CSV, or plain plate text.

    A ``.c3d`` gives one vertical ground reaction force per plate of its FORCE_PLATFORM
    group, in newtons (:func:`slingcoach.signals.force_platforms.platform_forces`), or its
    analog channels when it describes no plate; CSV files starting with ``#`` comments go
    through :func:`slingcoach.signals.io.read_csv`; everything else through
    :func:`force_read_text`.
    """
    p = Path(path)
    if p.suffix.lower() == ".c3d":
        return _c3d_forces(p)
    first = read_head(p, what="force-plate recording", error=InvalidRecordingError)
    if first.startswith("#"):
        from slingcoach.signals.io import read_csv

        return read_csv(p, sampling_rate_hz=sampling_rate_hz)
    return force_read_text(p, sampling_rate_hz=sampling_rate_hz)


def _c3d_forces(path: Path) -> Recording:
    """The plates of a C3D in newtons (FORCE_PLATFORM group), or its analog channels as they
    are when the file describes no plate. How each plate was read is said as a warning."""
    import warnings

    from slingcoach.signals.force_platforms import platform_forces
    from slingcoach.signals.io import read_c3d

    data = read_c3d(path)
    if data.analog is None:
        raise InvalidRecordingError("the C3D file has no analog (force) data", source=str(path))
    if not data.force_platforms:
        return data.analog
    recording, notes = platform_forces(data.analog, data.force_platforms)
    for note in notes:
        warnings.warn(f"{path}: {note}", RecordingWarning, stacklevel=3)
    return recording


def force_read_text(path: str | Path, *, sampling_rate_hz: float | None = None) -> Recording:
    """Read a force-plate text file; see the module doc for the format."""
    p = Path(path)
    text = read_text(
        p,
        what="force-plate recording",
        max_bytes=limits().max_recording_bytes,
        error=InvalidRecordingError,
    )
    return parse_force_text(text, sampling_rate_hz=sampling_rate_hz, source=str(p))


def _split(line: str) -> list[str]:
    if "\t" in line:
        return [f.strip() for f in line.split("\t")]
    if ";" in line:
        return [f.strip() for f in line.split(";")]
    if "," in line:
        return [f.strip() for f in line.split(",")]
    return line.split()


def _is_number(field: str) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


def parse_force_text(
    text: str, *, sampling_rate_hz: float | None = None, source: str = "<text>"
) -> Recording:
    """Parse the text of a force-plate export into a :class:`Recording` (forces in N)."""
    lines = [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip()]
    if not lines:
        raise InvalidRecordingError("the file is empty (no data lines)", source=source)
    first = _split(lines[0][1])
    header: list[str] | None = None
    if not all(_is_number(f) for f in first if f):
        header = [f or f"col{k + 1}" for k, f in enumerate(first)]
        lines = lines[1:]
    if not lines:
        raise InvalidRecordingError("the file has a header but no data lines", source=source)
    width = len(header) if header else len(_split(lines[0][1]))
    rows = np.full((len(lines), width), np.nan)
    for r, (lineno, line) in enumerate(lines):
        fields = _split(line)
        if len(fields) != width:
            raise InvalidRecordingError(
                f"{len(fields)} fields where {width} were expected"
                + (f" ({', '.join(header)})" if header else ""),
                source=source,
                location=f"line {lineno}",
            )
        for c, f in enumerate(fields):
            if f == "" or f.lower() in ("nan", "na"):
                continue  # left as NaN; the analysis names the sample
            try:
                rows[r, c] = float(f)
            except ValueError:
                raise InvalidRecordingError(
                    f"field {c + 1} is {f!r}, not a number",
                    source=source,
                    location=f"line {lineno}",
                ) from None
    if header is None:
        header = ["Fz"] if width == 1 else [f"FP{k + 1}" for k in range(width)]
    time_col = next((k for k, h in enumerate(header) if h.lower() in _TIME), None)
    data = {h: rows[:, k] for k, h in enumerate(header) if k != time_col}
    if not data:
        raise InvalidRecordingError("no force columns, only a time column", source=source)
    units = {name: "N" for name in data}
    labels = {name: _label(name) for name in data}
    if time_col is not None:
        time = rows[:, time_col] * _TIME[header[time_col].lower()]
        return Recording(time=time, data=data, units=units, labels=labels, source=source)
    if sampling_rate_hz is None or not math.isfinite(sampling_rate_hz):
        raise InvalidRecordingError(
            "the file has no time column; give the sampling rate, e.g. sampling_rate_hz: 1000",
            source=source,
            field="sampling_rate_hz",
        )
    return Recording.from_rate(
        data, sampling_rate_hz=sampling_rate_hz, units=units, labels=labels, source=source
    )


def _label(name: str) -> ChannelLabel:
    low = name.lower()
    if re.search(r"(^|[^a-z])(left|l)([^a-z]|$)", low):
        return ChannelLabel(side="left", plate="left")
    if re.search(r"(^|[^a-z])(right|r)([^a-z]|$)", low):
        return ChannelLabel(side="right", plate="right")
    return ChannelLabel()
