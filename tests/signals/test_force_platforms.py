"""C3D force platforms in newtons, from files written by ezc3d in the layouts labs use.

Vicon Nexus exports type-2 plates: analog channels ``Force.Fx1 … Moment.Mz1`` in N and N·mm,
the force the person exerts *on* the plate in plate axes whose z points into the floor, so
Fz is negative under load. Qualisys QTM can export AMTI plates as type 4: six raw signals
per plate in volts (``F1X … M1Z``) and a 6 × 6 FORCE_PLATFORM:CAL_MATRIX per plate. Both
files here store scaled analog channels (ANALOG:SCALE and GEN_SCALE ≠ 1), as ADC-based
exports do. The forces come from a simulated countermovement jump with a known jump height,
body weight and left share of the propulsive impulse.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slingcoach.errors import InvalidRecordingError
from slingcoach.signals.c3d_io import C3DForcePlatform, read_c3d, write_c3d
from slingcoach.signals.force import force_analyse
from slingcoach.signals.force_io import force_read
from slingcoach.signals.force_simulate import force_simulate_cmj
from slingcoach.signals.io import emg_channels, read_recording
from slingcoach.signals.recording import Recording, RecordingWarning

SHARE = 0.44  # left share of the propulsive impulse
# two 500 × 400 mm plates side by side in the lab (mm); corner 1 in the plate's +x +y
# quadrant, as the C3D user guide numbers them
CORNERS = {
    1: [[500, 400, 0], [0, 400, 0], [0, 0, 0], [500, 0, 0]],
    2: [[1000, 400, 0], [500, 400, 0], [500, 0, 0], [1000, 0, 0]],
}
# an AMTI-like calibration: N/V and N·mm/V on the diagonal, a little cross-talk
CAL = np.diag([500.0, 500.0, 1000.0, 300_000.0, 300_000.0, 150_000.0])
CAL[0, 1] = CAL[1, 0] = 4.0
CAL[2, 0] = 6.0


@pytest.fixture(scope="module")
def cmj() -> Recording:
    sim = force_simulate_cmj(jump_height_m=0.3, left_share={"propulsion": SHARE}, seed=4)
    return sim.recording


def _vicon(rec: Recording, path: Path, *, labels: tuple[str, str] | None = None) -> None:
    data, units = {}, {}
    n = rec.n_samples
    for k, side in ((1, "left"), (2, "right")):
        fz = rec.channel(f"Fz_{side}")
        loads = {
            f"Force.Fx{k}": 0.02 * fz,
            f"Force.Fy{k}": -0.01 * fz,
            f"Force.Fz{k}": -fz,  # force on the plate, z into the floor: negative under load
            f"Moment.Mx{k}": 40.0 * fz,
            f"Moment.My{k}": -25.0 * fz,
            f"Moment.Mz{k}": np.zeros(n),
        }
        data.update(loads)
        units.update({name: ("N" if name.startswith("Force") else "Nmm") for name in loads})
    data["R_GMAX"] = 0.01 * np.random.default_rng(1).standard_normal(n)  # EMG on the same file
    units["R_GMAX"] = "V"
    analog = Recording(time=rec.time, data=data, units=units, source="vicon")
    plates = [
        C3DForcePlatform(
            index=k,
            type=2,
            corners=CORNERS[k],  # type: ignore[arg-type]
            origin=(0.0, 0.0, -40.0),
            channels=[
                f"Force.Fx{k}",
                f"Force.Fy{k}",
                f"Force.Fz{k}",
                f"Moment.Mx{k}",
                f"Moment.My{k}",
                f"Moment.Mz{k}",
            ],
            label=None if labels is None else labels[k - 1],
        )
        for k in (1, 2)
    ]
    scale = {name: (0.25 if name.startswith("Force") else 8.0) for name in data}
    write_c3d(path, analog, force_platforms=plates, analog_scale=scale, gen_scale=0.5)


def _qualisys(rec: Recording, path: Path) -> None:
    data, units = {}, {}
    inverse = np.linalg.inv(CAL)
    for k, side in ((1, "left"), (2, "right")):
        fz = rec.channel(f"Fz_{side}")
        loads = np.vstack([0.02 * fz, 0.01 * fz, -fz, 30.0 * fz, 20.0 * fz, 0.0 * fz])
        volts = inverse @ loads  # what the amplifier gave: [F; M] = CAL · volts
        for name, row in zip(
            (f"F{k}X", f"F{k}Y", f"F{k}Z", f"M{k}X", f"M{k}Y", f"M{k}Z"), volts, strict=True
        ):
            data[name], units[name] = row, "V"
    analog = Recording(time=rec.time, data=data, units=units, source="qualisys")
    plates = [
        C3DForcePlatform(
            index=k,
            type=4,
            corners=CORNERS[k],  # type: ignore[arg-type]
            origin=(1.0, -2.0, -43.0),
            channels=[f"F{k}X", f"F{k}Y", f"F{k}Z", f"M{k}X", f"M{k}Y", f"M{k}Z"],
            cal_matrix=CAL.tolist(),
            label=("Left force plate", "Right force plate")[k - 1],
        )
        for k in (1, 2)
    ]
    write_c3d(path, analog, force_platforms=plates, analog_scale=dict.fromkeys(data, 0.001))


def _check(result: object, rec: Recording) -> None:
    truth = force_simulate_cmj(jump_height_m=0.3, left_share={"propulsion": SHARE}, seed=4).truth
    assert result.trial_type == "cmj"  # type: ignore[attr-defined]
    assert result.body_weight_N == pytest.approx(truth["body_weight_N"], rel=0.002)  # type: ignore[attr-defined]
    assert result.jump_height_m == pytest.approx(0.3, rel=0.02)  # type: ignore[attr-defined]
    propulsion = next(p for p in result.phases if p.name == "propulsion")  # type: ignore[attr-defined]
    assert propulsion.left_share_pct == pytest.approx(100 * SHARE, abs=1.0)


def test_vicon_type_2_plates_with_negative_fz_and_scaled_channels(
    cmj: Recording, tmp_path: Path
) -> None:
    path = tmp_path / "vicon_cmj.c3d"
    _vicon(cmj, path)
    data = read_c3d(path)
    # the scaled channels come back in newtons (ezc3d applies SCALE and GEN_SCALE)
    np.testing.assert_allclose(data.analog.channel("Force.Fz1"), -cmj.channel("Fz_left"), atol=0.05)  # type: ignore[union-attr]
    assert [p.centre for p in data.force_platforms] == [(250.0, 200.0, 0.0), (750.0, 200.0, 0.0)]
    with pytest.warns(RecordingWarning) as caught:
        rec = force_read(path)
    notes = " ".join(str(w.message) for w in caught)
    assert "negative under load" in notes
    assert "does not say which foot" in notes and "centred at x = 250, y = 200" in notes
    assert rec.channels == ["FP1", "FP1_Fx", "FP1_Fy", "FP2", "FP2_Fx", "FP2_Fy"]
    assert float(np.median(rec.channel("FP1"))) > 0  # ground reaction, up
    # which plate is under which foot is not in the file: an override says it
    result = force_analyse(rec, left="FP1", right="FP2", trial_type="auto")
    _check(result, cmj)
    assert result.sides_known
    unlabelled = force_analyse(rec, trial_type="cmj")
    assert not unlabelled.sides_known  # plate numbers alone never become feet


def test_plate_labels_that_say_left_and_right_give_the_sides(
    cmj: Recording, tmp_path: Path
) -> None:
    path = tmp_path / "vicon_labelled.c3d"
    _vicon(cmj, path, labels=("Right Plate", "Left Plate"))  # plate 1 under the right foot
    with pytest.warns(RecordingWarning):
        rec = force_read(path)
    result = force_analyse(rec, trial_type="cmj")
    assert result.sides_known
    assert (result.left_channel, result.right_channel) == ("FP2", "FP1")
    propulsion = next(p for p in result.phases if p.name == "propulsion")
    assert propulsion.left_share_pct == pytest.approx(100 * (1 - SHARE), abs=1.0)


def test_qualisys_type_4_plates_through_the_calibration_matrix(
    cmj: Recording, tmp_path: Path
) -> None:
    path = tmp_path / "qualisys_cmj.c3d"
    _qualisys(cmj, path)
    plates = read_c3d(path).force_platforms
    assert [p.type for p in plates] == [4, 4]
    np.testing.assert_allclose(np.array(plates[1].cal_matrix), CAL)  # row i, column j
    with pytest.warns(RecordingWarning):
        rec = force_read(path)
    result = force_analyse(rec, trial_type="cmj")
    assert result.sides_known and (result.left_channel, result.right_channel) == ("FP1", "FP2")
    _check(result, cmj)


def test_emg_beside_the_plates_is_still_emg(cmj: Recording, tmp_path: Path) -> None:
    path = tmp_path / "vicon_cmj.c3d"
    _vicon(cmj, path)
    assert emg_channels(read_recording(path)) == ["R_GMAX"]


def test_a_type_2_plate_in_volts_is_refused(cmj: Recording, tmp_path: Path) -> None:
    path = tmp_path / "volts.c3d"
    n = cmj.n_samples
    names = ["Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1"]
    analog = Recording(
        time=cmj.time,
        data={
            name: (cmj.channel("Fz_left") / 1000 if name == "Fz1" else np.zeros(n))
            for name in names
        },
        units=dict.fromkeys(names, "V"),
    )
    write_c3d(path, analog, force_platforms=[C3DForcePlatform(index=1, type=2, channels=names)])
    with pytest.raises(InvalidRecordingError, match=r"type 2.*'Fz1' is in 'v'.*type 4"):
        force_read(path)


@pytest.mark.parametrize("layout", ["vicon", "qualisys"])
def test_forces_agree_with_ezc3d_own_platform_module(
    cmj: Recording, tmp_path: Path, layout: str
) -> None:
    # an independent reading of the same parameters: ezc3d's ForcePlatforms module (which
    # rotates into the lab frame with the corners, so only the magnitudes are compared)
    import ezc3d

    from slingcoach.signals.force_platforms import plate_forces

    path = tmp_path / f"{layout}.c3d"
    (_vicon if layout == "vicon" else _qualisys)(cmj, path)
    theirs = ezc3d.c3d(str(path), extract_forceplat_data=True)["data"]["platform"]
    data = read_c3d(path)
    for k, plate in enumerate(data.force_platforms):
        mine = plate_forces(data.analog, plate)  # type: ignore[arg-type]
        np.testing.assert_allclose(np.abs(mine), np.abs(theirs[k]["force"].T), rtol=1e-6, atol=1e-6)
