"""Reading and writing C3D files with ezc3d: analog channels, markers, force platforms, events.

Only this module and the other ``*io`` modules of :mod:`slingcoach.signals` touch files;
each reads only the path the caller gives. The parameter groups follow the C3D user guide
(c3d.org, "The C3D File Format User Guide", parameter sections ANALOG, POINT, EVENT and
FORCE_PLATFORM):

* analog samples are returned by ezc3d already in the units of ``ANALOG:UNITS``, that is
  ``(raw − OFFSET) × SCALE × GEN_SCALE``;
* ``FORCE_PLATFORM:CORNERS`` is (3, 4, USED): four corners per plate in the lab frame;
  ``ORIGIN`` (3, USED) the transducer origin in the plate's own axes; ``CHANNEL``
  (n, USED) the 1-based analog channels of each plate in the order its ``TYPE`` defines
  (types 2 and 4: Fx, Fy, Fz, Mx, My, Mz); ``CAL_MATRIX`` (n, n, USED) for type 4, row i
  column j of plate k at ``[i, j, k]``.

What the plate channels mean in newtons is computed in
:mod:`slingcoach.signals.force_platforms`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from slingcoach.errors import InvalidInputError, InvalidRecordingError
from slingcoach.inputs import check_file, limits
from slingcoach.signals.recording import ChannelLabel, Event, FloatArray, Recording

__all__ = ["C3DData", "C3DForcePlatform", "read_c3d", "write_c3d"]

Vector3 = tuple[float, float, float]


class C3DForcePlatform(BaseModel):
    """One plate of the ``FORCE_PLATFORM`` group, as the file describes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int = Field(description="1-based plate number in the file")
    type: int = Field(description="C3D plate type (2: forces and moments; 4: volts + CAL_MATRIX)")
    corners: tuple[Vector3, Vector3, Vector3, Vector3] | None = Field(
        None, description="the four corners in the lab frame, in POINT:UNITS"
    )
    origin: Vector3 | None = Field(None, description="transducer origin in the plate's axes")
    channels: list[str | None] = Field(
        default_factory=list, description="analog channel names in FORCE_PLATFORM:CHANNEL order"
    )
    cal_matrix: list[list[float]] | None = Field(
        None, description="this plate's calibration matrix (rows × columns), type 4"
    )
    label: str | None = Field(None, description="FORCE_PLATFORM:LABELS entry, when present")

    @property
    def centre(self) -> Vector3 | None:
        """Mean of the four corners (lab frame), the plate's place in the room."""
        if self.corners is None:
            return None
        c = np.mean(np.asarray(self.corners, dtype=float), axis=0)
        return (float(c[0]), float(c[1]), float(c[2]))


@dataclass(frozen=True)
class C3DData:
    """What :func:`read_c3d` returns.

    ``analog`` holds the analog channels (EMG, force-plate signals) at the analog rate;
    ``points`` holds the markers as channels ``<label>_x/_y/_z`` at the *point* rate, a
    separate recording (nothing is resampled, so no sample is invented); ``None`` when
    the file has no markers. ``force_platforms`` lists the plates of the FORCE_PLATFORM
    group; ``metadata`` holds rates, units and counts.
    """

    analog: Recording | None
    points: Recording | None
    force_platforms: list[C3DForcePlatform] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def analog_with_plate_labels(self) -> Recording:
        """The analog recording, each channel of FORCE_PLATFORM:CHANNEL labelled with its
        plate number (``ChannelLabel(plate="1")``), so that EMG selection leaves it out."""
        if self.analog is None:
            raise InvalidRecordingError(
                "the C3D has no analog data", source=str(self.metadata.get("source", ""))
            )
        labels = dict(self.analog.labels)
        for plate in self.force_platforms:
            for name in plate.channels:
                if name is not None and name in self.analog.data:
                    labels[name] = ChannelLabel(plate=str(plate.index))
        return replace(self.analog, labels=labels)


def _param(c3d: Any, group: str, name: str, default: Any = None) -> Any:
    try:
        return c3d["parameters"][group][name]["value"]
    except KeyError:
        return default


def _strings(values: Any) -> list[str]:
    if values is None:
        return []
    return [str(v).strip() for v in values]


def unique_names(names: list[str], fallback: str) -> list[str]:
    """Names made unique (``EMG``, ``EMG_2``); an empty name becomes ``<fallback><n>``."""
    out: list[str] = []
    for i, name in enumerate(names):
        base = name or f"{fallback}{i + 1}"
        candidate, k = base, 2
        while candidate in out:
            candidate, k = f"{base}_{k}", k + 1
        out.append(candidate)
    return out


# -- reading ----------------------------------------------------------------------------


def _open(path: str | Path) -> Any:
    source = str(path)
    p = check_file(
        path,
        what="C3D recording",
        max_bytes=limits().max_recording_bytes,
        error=InvalidRecordingError,
    )
    if p.stat().st_size == 0:
        raise InvalidRecordingError("the file is empty", source=source)
    import ezc3d

    try:
        return ezc3d.c3d(str(p))
    except Exception as exc:  # ezc3d raises plain RuntimeError/IOError on a bad file
        raise InvalidRecordingError(
            f"not a readable C3D file ({type(exc).__name__}: {exc}); the file may be truncated",
            source=source,
        ) from None


def _events(c3d: Any) -> list[Event]:
    """EVENT group: time = minutes·60 + seconds, name = ``<context> <label>`` (not General)."""
    times = _param(c3d, "EVENT", "TIMES")
    labels = _strings(_param(c3d, "EVENT", "LABELS"))
    contexts = _strings(_param(c3d, "EVENT", "CONTEXTS"))
    if times is None or not np.size(times) or not labels:
        return []
    arr = np.asarray(times, dtype=float).reshape(2, -1)
    events = []
    for i, label in enumerate(labels[: arr.shape[1]]):
        context = contexts[i] if i < len(contexts) else ""
        name = f"{context} {label}".strip() if context and context.lower() != "general" else label
        events.append(Event(float(arr[0, i] * 60.0 + arr[1, i]), name))
    return events


def _analog(
    c3d: Any, start_s: float, events: list[Event], source: str, require: bool
) -> tuple[Recording | None, list[str]]:
    """The analog channels as one recording (and their names, for FORCE_PLATFORM:CHANNEL)."""
    analogs = np.asarray(c3d["data"]["analogs"], dtype=float)
    rate = float(c3d["header"]["analogs"]["frame_rate"] or 0)
    names = unique_names(_strings(_param(c3d, "ANALOG", "LABELS")), "analog")
    n_analog = analogs.shape[1] if analogs.ndim == 3 else 0
    if n_analog == 0 or analogs.shape[2] == 0 or rate <= 0:
        if require:
            raise InvalidRecordingError(
                "the C3D has no analog data (ANALOG:USED = 0 or no analog samples); EMG and "
                "force plates are stored as analog channels",
                source=source,
            )
        return None, names
    names = (names + [f"analog{i + 1}" for i in range(len(names), n_analog)])[:n_analog]
    unit_list = _strings(_param(c3d, "ANALOG", "UNITS"))
    values = analogs[0]
    data = {name: values[i] for i, name in enumerate(names)}
    for name, series in data.items():
        bad = np.flatnonzero(~np.isfinite(series))
        if bad.size:
            raise InvalidRecordingError(
                f"analog channel {name!r} is not a number at sample {int(bad[0])}", source=source
            )
    units = {n: unit_list[i] for i, n in enumerate(names) if i < len(unit_list) and unit_list[i]}
    time = start_s + np.arange(values.shape[1], dtype=float) / rate
    recording = Recording(time=time, data=data, units=units, events=tuple(events), source=source)
    return recording, names


def _points(
    c3d: Any, point_rate: float, start_s: float, events: list[Event], source: str
) -> Recording | None:
    """Markers as ``<label>_x/_y/_z`` channels at the point rate (occluded markers stay NaN)."""
    points = np.asarray(c3d["data"]["points"], dtype=float)
    if not (points.ndim == 3 and points.shape[1] > 0 and points.shape[2] > 0 and point_rate > 0):
        return None
    names = unique_names(_strings(_param(c3d, "POINT", "LABELS")), "point")
    names = (names + [f"point{i + 1}" for i in range(len(names), points.shape[1])])[
        : points.shape[1]
    ]
    unit = (_strings(_param(c3d, "POINT", "UNITS")) or ["mm"])[0] or "mm"
    time = start_s + np.arange(points.shape[2], dtype=float) / point_rate
    data: dict[str, FloatArray] = {}
    for i, name in enumerate(names):
        for axis, tag in enumerate("xyz"):
            data[f"{name}_{tag}"] = points[axis, i, :]
    return Recording(
        time=time, data=data, units=dict.fromkeys(data, unit), events=tuple(events), source=source
    )


def _platforms(c3d: Any, analog_names: list[str]) -> list[C3DForcePlatform]:
    """The FORCE_PLATFORM group, one typed entry per plate in use."""
    used = _param(c3d, "FORCE_PLATFORM", "USED", [0])
    n_plates = int(np.asarray(used).ravel()[0]) if np.size(used) else 0
    types = np.asarray(_param(c3d, "FORCE_PLATFORM", "TYPE", []), dtype=int).ravel()
    corners = np.asarray(_param(c3d, "FORCE_PLATFORM", "CORNERS", []), dtype=float)
    origin = np.asarray(_param(c3d, "FORCE_PLATFORM", "ORIGIN", []), dtype=float)
    channel = np.asarray(_param(c3d, "FORCE_PLATFORM", "CHANNEL", []), dtype=int)
    cal = np.asarray(_param(c3d, "FORCE_PLATFORM", "CAL_MATRIX", []), dtype=float)
    labels = _strings(_param(c3d, "FORCE_PLATFORM", "LABELS"))
    plates = []
    for k in range(n_plates):
        entry: dict[str, Any] = {"index": k + 1, "type": int(types[k]) if k < types.size else 0}
        if corners.size >= 12 * (k + 1):
            entry["corners"] = tuple(map(tuple, corners.reshape(3, 4, -1)[:, :, k].T.tolist()))
        if origin.size >= 3 * (k + 1):
            entry["origin"] = tuple(origin.reshape(3, -1)[:, k].tolist())
        if channel.size:
            cols = channel.reshape(channel.shape[0], -1)[:, k] if channel.ndim > 1 else channel
            entry["channels"] = [
                analog_names[c - 1] if 0 < c <= len(analog_names) else None for c in cols.tolist()
            ]
        if cal.ndim == 3 and cal.shape[2] > k and cal[:, :, k].any():
            entry["cal_matrix"] = cal[:, :, k].tolist()
        if k < len(labels) and labels[k]:
            entry["label"] = labels[k]
        plates.append(C3DForcePlatform.model_validate(entry))
    return plates


def read_c3d(path: str | Path, /, *, require_analog: bool = True) -> C3DData:
    """Read a C3D file with ezc3d: analog channels, markers, force platforms and events.

    Raises :class:`InvalidRecordingError` when the file cannot be parsed, or when it has
    no analog data and ``require_analog`` is true (EMG and force plates are analog).
    """
    from slingcoach.signals.io import check_clipping

    source = str(path)
    c3d = _open(path)
    header = c3d["header"]
    point_rate = float(header["points"]["frame_rate"] or _param(c3d, "POINT", "RATE", [0])[0] or 0)
    first_frame = int(header["points"]["first_frame"])
    start_s = first_frame / point_rate if point_rate > 0 else 0.0
    events = _events(c3d)
    analog, analog_names = _analog(c3d, start_s, events, source, require_analog)
    if analog is not None:
        check_clipping(analog)
    points = _points(c3d, point_rate, start_s, events, source)
    plates = _platforms(c3d, analog_names)
    metadata: dict[str, Any] = {
        "source": source,
        "point_rate_hz": point_rate,
        "analog_rate_hz": float(header["analogs"]["frame_rate"] or 0),
        "n_points": 0 if points is None else len(points.channels) // 3,
        "n_analog": 0 if analog is None else len(analog.channels),
        "first_frame": first_frame,
        "point_units": (_strings(_param(c3d, "POINT", "UNITS")) or ["mm"])[0] or "mm",
        "events": [{"time_s": e.time, "name": e.name} for e in sorted(events)],
    }
    return C3DData(analog=analog, points=points, force_platforms=plates, metadata=metadata)


# -- writing (tests, examples) ------------------------------------------------------------


def _write_points(c3d: Any, points: Recording) -> None:
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
    c3d["parameters"]["POINT"]["UNITS"]["value"] = (next(iter(points.units.values()), "mm"),)
    c3d["data"]["points"] = arr


def _write_analog(
    c3d: Any,
    analog: Recording,
    point_rate: float,
    scale: Mapping[str, float],
    gen_scale: float,
    source: str,
) -> None:
    rate = analog.sampling_rate_hz
    ratio = rate / point_rate
    if abs(ratio - round(ratio)) > 1e-6:
        raise InvalidInputError(
            f"the analog rate {rate:g} Hz must be a whole multiple of the point rate "
            f"{point_rate:g} Hz",
            source=source,
        )
    names = analog.channels
    c3d["parameters"]["ANALOG"]["RATE"]["value"] = [rate]
    c3d["parameters"]["ANALOG"]["LABELS"]["value"] = tuple(names)
    c3d["parameters"]["ANALOG"]["UNITS"]["value"] = tuple(analog.units.get(n, "") for n in names)
    c3d["data"]["analogs"] = np.stack([analog.channel(n) for n in names])[np.newaxis]
    if scale or gen_scale != 1.0:
        # ezc3d stores raw = value / (SCALE × GEN_SCALE) and multiplies back on reading
        c3d["parameters"]["ANALOG"]["SCALE"]["value"] = [float(scale.get(n, 1.0)) for n in names]
        c3d["parameters"]["ANALOG"]["GEN_SCALE"]["value"] = [float(gen_scale)]


def _write_events(c3d: Any, events: Sequence[Event]) -> None:
    contexts, labels = [], []
    for e in events:
        first, _, rest = e.name.partition(" ")
        if first.lower() in {"left", "right", "general"} and rest:
            contexts.append(first)
            labels.append(rest)
        else:
            contexts.append("General")
            labels.append(e.name)
    t = np.array([e.time for e in events])
    c3d.add_parameter("EVENT", "USED", [len(events)])
    c3d.add_parameter(
        "EVENT", "TIMES", np.vstack([np.floor(t / 60.0), t - 60.0 * np.floor(t / 60.0)])
    )
    c3d.add_parameter("EVENT", "LABELS", tuple(labels))
    c3d.add_parameter("EVENT", "CONTEXTS", tuple(contexts))


def _write_platforms(c3d: Any, plates: Sequence[C3DForcePlatform], analog_names: list[str]) -> None:
    fp = c3d["parameters"]["FORCE_PLATFORM"]
    fp["USED"]["value"] = [len(plates)]
    fp["TYPE"]["value"] = [p.type for p in plates]
    fp["CORNERS"]["value"] = np.stack(
        [np.asarray(p.corners or np.zeros((4, 3)), dtype=float).T for p in plates], axis=-1
    )
    fp["ORIGIN"]["value"] = np.stack(
        [np.asarray(p.origin or np.zeros(3), dtype=float) for p in plates], axis=-1
    )
    chans = [
        [analog_names.index(c) + 1 if c in analog_names else 0 for c in p.channels] for p in plates
    ]
    width = max((len(c) for c in chans), default=0)
    if width:
        fp["CHANNEL"]["value"] = np.array([c + [0] * (width - len(c)) for c in chans], dtype=int).T
    if any(p.cal_matrix is not None for p in plates):
        size = max(len(p.cal_matrix) for p in plates if p.cal_matrix is not None)
        cal = np.zeros((size, size, len(plates)))
        for k, p in enumerate(plates):
            if p.cal_matrix is not None:
                m = np.asarray(p.cal_matrix, dtype=float)
                cal[: m.shape[0], : m.shape[1], k] = m
        c3d.add_parameter("FORCE_PLATFORM", "CAL_MATRIX", cal)
    if any(p.label for p in plates):
        c3d.add_parameter(
            "FORCE_PLATFORM", "LABELS", tuple(p.label or f"Force Plate {p.index}" for p in plates)
        )


def write_c3d(
    path: str | Path,
    analog: Recording | None,
    /,
    *,
    points: Recording | None = None,
    force_platforms: Sequence[C3DForcePlatform | Mapping[str, Any]] = (),
    analog_scale: Mapping[str, float] | None = None,
    gen_scale: float = 1.0,
) -> None:
    """Write a C3D with ezc3d (used by tests and examples to round-trip :func:`read_c3d`).

    ``analog`` channels must be one-dimensional; ``points`` channels come in
    ``<label>_x/_y/_z`` triples at a rate that divides the analog rate. Without points the
    point rate equals the analog rate. Events are written to the EVENT group, a leading
    ``Left``/``Right``/``General`` word becoming the context. ``analog_scale`` (per channel)
    and ``gen_scale`` set ANALOG:SCALE and ANALOG:GEN_SCALE, so that the stored numbers
    differ from the values as labs' files do; a reader must apply them.
    """
    import ezc3d

    if analog is None and points is None:
        raise InvalidInputError("write_c3d needs analog data, points, or both", source=str(path))
    c3d = ezc3d.c3d()
    if points is not None:
        point_rate = points.sampling_rate_hz
        _write_points(c3d, points)
    else:
        assert analog is not None
        point_rate = analog.sampling_rate_hz
        c3d["data"]["points"] = np.zeros((4, 0, analog.n_samples))
    c3d["parameters"]["POINT"]["RATE"]["value"] = [point_rate]
    if analog is not None:
        _write_analog(c3d, analog, point_rate, analog_scale or {}, gen_scale, str(path))
    events = sorted((analog if analog is not None else points).events)  # type: ignore[union-attr]
    if events:
        _write_events(c3d, events)
    if force_platforms:
        plates = [
            p
            if isinstance(p, C3DForcePlatform)
            else C3DForcePlatform.model_validate({"index": k + 1, "type": 2, **p})
            for k, p in enumerate(force_platforms)
        ]
        _write_platforms(c3d, plates, analog.channels if analog is not None else [])
    c3d.write(str(path))
