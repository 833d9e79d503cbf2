"""Forces in newtons from the force platforms a C3D file describes.

The C3D user guide (c3d.org, "The C3D File Format User Guide", FORCE_PLATFORM group) defines
each plate by its TYPE, the analog CHANNELs it uses, its CORNERS in the lab and its ORIGIN:

* type 2: six channels Fx, Fy, Fz, Mx, My, Mz already in force units (N, or kN) and
  moment units, in the plate's own axes;
* type 4: the same six channels as raw signals (usually volts), turned into forces and
  moments by the plate's 6 × 6 CAL_MATRIX: [F; M] = CAL_MATRIX · [signals];
* type 1: Fx, Fy, Fz, COPx, COPy, Tz (forces in N); type 3 (Kistler): eight channels,
  vertical force = fz1 + fz2 + fz3 + fz4, Fx = fx12 + fx34, Fy = fy14 + fy23.

The analog values are already scaled by ezc3d ((raw − OFFSET) × SCALE × GEN_SCALE).

The plate axes follow the manufacturer: many plates (and so many files) have z pointing into
the floor and store the force the person exerts *on* the plate, so the vertical force is
negative under load. Only the ground reaction (upward, positive under load) is useful here,
so a plate whose vertical force is negative under load is turned round, and a warning says
so. The plates are told apart by number and by where their corners put them in the lab;
which foot stood on which plate is read from FORCE_PLATFORM:LABELS when they say left or
right, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from slingcoach.errors import InvalidRecordingError
from slingcoach.signals.c3d_io import C3DForcePlatform
from slingcoach.signals.recording import ChannelLabel, FloatArray, Recording

_CHANNELS = {1: 6, 2: 6, 3: 8, 4: 6}
_FORCE_UNITS = {"n": 1.0, "newton": 1.0, "newtons": 1.0, "kn": 1000.0}


def _plate_side(plate: C3DForcePlatform) -> str | None:
    words = set((plate.label or "").lower().replace("_", " ").replace("-", " ").split())
    if words & {"left", "l", "lt"}:
        return "left"
    if words & {"right", "r", "rt"}:
        return "right"
    return None


def _signals(analog: Recording, plate: C3DForcePlatform, count: int) -> list[FloatArray]:
    names = plate.channels[:count]
    if len(names) < count or any(n is None for n in names):
        raise InvalidRecordingError(
            f"force platform {plate.index} (type {plate.type}) needs {count} analog channels in "
            f"FORCE_PLATFORM:CHANNEL, the file gives {len([n for n in names if n])}",
            source=analog.source,
        )
    return [analog.channel(str(n)) for n in names]


def _in_newtons(analog: Recording, plate: C3DForcePlatform, name: str | None) -> float:
    unit = analog.units.get(str(name), "N").strip().lower() or "n"
    factor = _FORCE_UNITS.get(unit)
    if factor is None:
        raise InvalidRecordingError(
            f"force platform {plate.index} is type {plate.type}, whose force channels are in "
            f"newtons, but channel {name!r} is in {unit!r}; a plate whose signals are in volts "
            "is type 4 and needs its CAL_MATRIX",
            source=analog.source,
        )
    return factor


def plate_forces(analog: Recording, plate: C3DForcePlatform) -> FloatArray:
    """(n, 3) force of one plate in its own axes, in N, as the file stores it."""
    count = _CHANNELS.get(plate.type)
    if count is None:
        raise InvalidRecordingError(
            f"force platform {plate.index} is type {plate.type}; types 1, 2, 3 and 4 are read "
            "(C3D user guide); export the plate as type 2 (forces in N) or type 4",
            source=analog.source,
        )
    signals = _signals(analog, plate, count)
    if plate.type == 4:
        if plate.cal_matrix is None:
            raise InvalidRecordingError(
                f"force platform {plate.index} is type 4 but the file has no "
                "FORCE_PLATFORM:CAL_MATRIX for it",
                source=analog.source,
            )
        cal = np.asarray(plate.cal_matrix, dtype=float)[:6, :6]
        loads = cal @ np.vstack(signals)  # [F; M] = CAL · signals
        return np.asarray(loads[:3].T, dtype=float)
    scale = _in_newtons(analog, plate, plate.channels[2 if plate.type != 3 else 4])
    if plate.type == 3:
        fx = signals[0] + signals[1]
        fy = signals[2] + signals[3]
        fz = signals[4] + signals[5] + signals[6] + signals[7]
        return np.column_stack([fx, fy, fz]) * scale
    return np.column_stack(signals[:3]) * scale


def platform_forces(
    analog: Recording, plates: Sequence[C3DForcePlatform]
) -> tuple[Recording, list[str]]:
    """Ground reaction forces of every plate: ``FP<k>`` (vertical, N, positive under load),
    ``FP<k>_Fx`` and ``FP<k>_Fy`` (the plate's own horizontal axes). Plates whose label says
    left or right carry that side; the notes say how each plate was read."""
    data: dict[str, FloatArray] = {}
    labels: dict[str, ChannelLabel] = {}
    notes: list[str] = []
    for plate in plates:
        forces = plate_forces(analog, plate)
        vertical = forces[:, 2]
        loaded = np.abs(vertical) > 0.2 * float(np.max(np.abs(vertical)) or 1.0)
        if loaded.any() and float(np.median(vertical[loaded])) < 0:
            forces = -forces  # the force on the plate → the ground reaction force
            notes.append(
                f"force platform {plate.index}: its vertical force is negative under load in "
                "this file (the force on the plate); it was turned round to the ground reaction"
            )
        name = f"FP{plate.index}"
        data[name], data[f"{name}_Fx"], data[f"{name}_Fy"] = (
            forces[:, 2],
            forces[:, 0],
            forces[:, 1],
        )
        side = _plate_side(plate)
        where = ""
        if plate.centre is not None:
            x, y, _ = plate.centre
            where = f" centred at x = {x:.0f}, y = {y:.0f} (lab units)"
        if side is not None:
            labels[name] = ChannelLabel(side=side, plate=side)
            notes.append(f"{name} is force platform {plate.index}{where}, labelled {side}")
        else:
            notes.append(
                f"{name} is force platform {plate.index}{where}; the file does not say which "
                "foot stood on it"
            )
    if not data:
        raise InvalidRecordingError("the C3D describes no force platform", source=analog.source)
    units = dict.fromkeys(data, "N")
    rec = Recording(
        time=analog.time,
        data=data,
        units=units,
        labels=labels,
        events=analog.events,
        source=analog.source,
    )
    return rec, notes


__all__ = ["plate_forces", "platform_forces"]
