"""Write the sample recordings of ``samples/right-weak.yaml`` (deterministic; re-run to refresh).

    .venv/bin/python samples/recordings/make_samples.py

Every file comes from the slingcoach simulators (``slingcoach.signals.simulate``,
``force_simulate``, ``pose_simulate``) with fixed seeds, so the answers are known:

* ``sam-phe-right.csv``: prone hip extension EMG, 3 trials per leg, 8 channels at 1 kHz;
  the right gluteus maximus switches on 310 ms after the cue (left 200 ms), both
  hamstrings at 100 ms, so the right glute is about 210 ms after the right hamstrings and
  the left about 100 ms.
* ``sam-cmj-dual.txt``: a countermovement jump on two plates (78.5 kg, 0.30 m); the left
  leg gives 58 % of the propulsive and 55 % of the braking net impulse.
* ``sam-sls.csv``: single-leg squats, MediaPipe keypoints at 30 fps; the right stance leg
  shows 8° pelvic drop and 14° knee valgus, the left 3° and 9°.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from slingcoach.signals.force_simulate import force_simulate_cmj
from slingcoach.signals.io import write_csv
from slingcoach.signals.pose_io import pose_to_csv
from slingcoach.signals.pose_simulate import pose_simulate_sls
from slingcoach.signals.simulate import emg_simulate_phe

HERE = Path(__file__).resolve().parent


def make_emg(path: Path) -> None:
    """Prone hip extension with a late right glute, in whole microvolts (keeps the file small)."""
    recording, _ = emg_simulate_phe(
        trials_per_side=3,
        delays_ms={"right": {"gluteus-maximus": 310.0}},
        jitter_ms=10.0,
        sampling_rate_hz=1000.0,
        trial_period_s=2.0,
        burst_s=0.8,
        seed=5,
    )
    micro = recording.with_data(
        {name: np.round(values * 1000.0) for name, values in recording.data.items()},
        units=dict.fromkeys(recording.data, "uV"),
    )
    write_csv(micro, path, float_format="%.6g")


def make_cmj(path: Path) -> None:
    """Dual-plate CMJ in the plain plate-text format (time, FP1 = left, FP2 = right)."""
    trial = force_simulate_cmj(
        body_mass_kg=78.5,
        jump_height_m=0.30,
        left_share={"braking": 0.55, "propulsion": 0.58},
        quiet_before_s=1.2,
        quiet_after_s=1.0,
        seed=5,
    )
    rec = trial.recording
    left, right = (rec.channel(name) for name in rec.channels)
    lines = ["time\tFP1\tFP2"]
    lines += [
        f"{t:.3f}\t{fl:.1f}\t{fr:.1f}" for t, fl, fr in zip(rec.time, left, right, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_pose(path: Path) -> None:
    """Single-leg squats, right pelvic drop and knee valgus larger than the left."""
    sim = pose_simulate_sls(
        peaks={
            "left": {"pelvic_drop": 3.0, "knee_fppa": 12.0},
            "right": {"pelvic_drop": 8.0, "knee_fppa": 17.0},
        },
        reps=3,
        noise_px=0.5,
        seed=5,
    )
    text = pose_to_csv(sim.recording, layout="mediapipe", wide=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    np.seterr(all="raise")
    make_emg(HERE / "sam-phe-right.csv")
    make_cmj(HERE / "sam-cmj-dual.txt")
    make_pose(HERE / "sam-sls.csv")


if __name__ == "__main__":
    main()
