"""Plots of analysed recordings: EMG activations, force–time curves, pose angles (PNG).

``slingcoach analyse ... --plot FILE`` writes them. matplotlib is imported inside each
function (Agg backend, no display needed), so importing this module stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slingcoach.signals.force_models import ForceResult
    from slingcoach.signals.pose_models import PoseInfo, PoseRep
    from slingcoach.signals.recording import Recording

_PHASE_COLOURS = {
    "weighing": "#dddddd",
    "unweighting": "#fde0c5",
    "braking": "#f8b4b4",
    "propulsion": "#b8e0b8",
    "flight": "#cfe2f3",
    "landing": "#e1d5f0",
    "pull": "#b8e0b8",
    "down": "#f8b4b4",
    "up": "#b8e0b8",
}


def plot_force(recording: Recording, result: ForceResult, out: Path) -> None:
    """Force–time curves with the phases shaded: summed force, then each plate."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    t = recording.time
    dual = result.left_channel is not None and result.right_channel is not None
    if dual:
        assert result.left_channel is not None and result.right_channel is not None
        left = recording.channel(result.left_channel)
        right = recording.channel(result.right_channel)
        total = left + right
    else:
        assert result.total_channel is not None
        total = recording.channel(result.total_channel)
    fig, axes = plt.subplots(
        2 if dual else 1, 1, figsize=(11, 7 if dual else 4.2), sharex=True, squeeze=False
    )
    ax0 = axes[0, 0]
    shown = [p for p in result.phases if p.name != "weighing" or not result.reps]
    start = min(p.start_s for p in result.phases if p.name != "weighing") - 0.8
    end = max(p.end_s for p in result.phases) + 0.5
    for ax in axes[:, 0]:
        for p in shown:
            ax.axvspan(p.start_s, p.end_s, color=_PHASE_COLOURS.get(p.name, "#eeeeee"), lw=0)
        ax.grid(alpha=0.3)
    ax0.plot(t, total, color="black", lw=1.0, label="summed vertical force")
    ax0.axhline(result.body_weight_N, color="0.4", ls="--", lw=0.8, label="body weight")
    top = float(np.max(total))
    labelled: set[str] = set()
    for k, p in enumerate(shown):
        if p.rep is not None and p.rep > 1:
            continue
        if p.name in labelled and p.rep is None:
            continue
        labelled.add(p.name)
        # alternate heights so the names of short neighbouring phases do not overlap
        ax0.text(
            (p.start_s + p.end_s) / 2,
            top * (1.02 if k % 2 == 0 else 1.09),
            p.name,
            ha="center",
            va="bottom",
            fontsize=8,
            clip_on=True,
        )
    for r in result.reps:
        ax0.text(r.turn_s, 0.5 * result.body_weight_N, f"rep {r.index}", ha="center", fontsize=9)
    title = f"{Path(result.source).name}: {result.trial_type.upper()}, body mass {result.body_mass_kg:.1f} kg"
    if result.jump_height_m is not None:
        title += (
            f", jump {100 * result.jump_height_m:.1f} cm (impulse) / "
            f"{100 * (result.jump_height_flight_m or 0):.1f} cm (flight)"
        )
    ax0.set_title(title, fontsize=10)
    ax0.set_ylabel("force (N)")
    ax0.set_ylim(min(-50.0, float(np.min(total)) - 50), top * 1.18)
    jump = result.trial_type in ("cmj", "sj", "dj")
    ax0.legend(loc="upper left" if jump else "lower right", fontsize=8)
    if dual:
        ax1 = axes[1, 0]
        ax1.plot(t, left, color="#1f77b4", lw=1.0, label=f"left ({result.left_channel})")
        ax1.plot(t, right, color="#d62728", lw=1.0, label=f"right ({result.right_channel})")
        ax1.axhline(
            result.body_weight_N / 2, color="0.4", ls="--", lw=0.8, label="half body weight"
        )
        limb_top = float(max(np.max(left), np.max(right)))
        for k, p in enumerate(shown):
            if p.left_share_pct is None or p.name == "weighing":
                continue
            ax1.text(
                (p.start_s + p.end_s) / 2,
                limb_top * (1.02 if k % 2 == 0 else 1.09),
                f"L {p.left_share_pct:.0f}%",
                ha="center",
                va="bottom",
                fontsize=7,
                clip_on=True,
            )
        ax1.set_ylim(min(-50.0, float(min(np.min(left), np.min(right))) - 50), limb_top * 1.18)
        ax1.set_ylabel("force per plate (N)")
        ax1.legend(loc="upper left" if jump else "lower right", fontsize=8)
        ax1.set_title("each plate, with the left share of each phase's impulse", fontsize=9)
    axes[-1, 0].set_xlabel("time (s)")
    axes[-1, 0].set_xlim(max(float(t[0]), start), min(float(t[-1]), end))
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_pose(recording: Recording, rows: list[PoseRep], info: PoseInfo, out: Path) -> None:
    """The four angles over time for both sides, relative to standing, reps marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from slingcoach.signals.pose import ANGLE_NAMES, pose_angles

    ang = pose_angles(recording, min_visibility=info.parameters.min_visibility)
    cal = info.calibration_angles_deg
    titles = {
        "knee_fppa": "knee FPPA (° valgus +)",
        "hip_adduction": "hip adduction (°)",
        "pelvic_drop": "contralateral pelvic drop (°), stance side",
        "trunk_lean": "trunk lean towards stance (°)",
    }
    fig, axes = plt.subplots(len(ANGLE_NAMES), 1, figsize=(11, 9), sharex=True)
    colours = {"left": "#1f77b4", "right": "#d62728"}
    import numpy as np

    bouts = info.stance_bouts
    for ax, name in zip(axes, ANGLE_NAMES, strict=True):
        for b in bouts:
            ax.axvspan(b.start_s, b.end_s, color=colours[b.side], alpha=0.07, lw=0)
        for side in ("left", "right"):
            values = ang.channel(f"{name}_{side}") - cal[f"{name}_{side}"]
            mask = np.zeros(values.shape[0], dtype=bool)
            for b in bouts:
                if b.side == side:
                    mask |= (ang.time >= b.start_s) & (ang.time <= b.end_s)
            ax.plot(ang.time, values, color=colours[side], lw=0.5, alpha=0.25)
            ax.plot(
                ang.time, np.where(mask, values, np.nan), color=colours[side], lw=1.2, label=side
            )
            mine = [r for r in rows if r.side == side]
            ax.plot(
                [r.time_s for r in mine],
                [getattr(r, f"{name}_deg") for r in mine],
                "o",
                color=colours[side],
                ms=5,
            )
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_ylabel("°")
        ax.set_title(titles[name], fontsize=9)
        ax.grid(alpha=0.3)
    axes[0].legend(loc="upper right", fontsize=8, title="stance side", title_fontsize=8)
    axes[-1].set_xlabel(
        "time (s); bold = that leg is the stance leg (shaded); dots = repetitions at peak knee flexion"
    )
    fig.suptitle(
        f"{Path(recording.source).name}: {info.task} (relative to standing frame "
        f"{info.calibration_frame})",
        fontsize=10,
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_emg(recording: Recording, result: dict[str, Any], out: Path) -> None:
    """Raw signal, linear envelope and detected activations, one panel per EMG channel."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from slingcoach.signals.emg import emg_clean, emg_envelope

    names = [c["name"] for c in result["channels"]]
    cleaned = emg_clean(recording, names)
    envelope = emg_envelope(cleaned, names)
    fig, axes = plt.subplots(
        len(names), 1, figsize=(11, 1.9 * len(names) + 0.8), sharex=True, squeeze=False
    )
    t = recording.time
    for ax, channel in zip(axes[:, 0], result["channels"], strict=True):
        name = channel["name"]
        raw = cleaned.data[name]
        env = envelope.data[name]
        scale = float(np.percentile(np.abs(raw), 99.5)) or 1.0
        ax.plot(t, raw / scale, color="0.7", lw=0.4, label="band-passed EMG")
        ax.plot(
            t, env / (float(env.max()) or 1.0), color="tab:blue", lw=1.2, label="envelope (6 Hz)"
        )
        spans = zip(channel["onsets_s"], channel["offsets_s"], channel["confidence"], strict=True)
        for on, off, conf in spans:
            # low-confidence activations are drawn faint so the clear ones stand out
            ax.axvspan(on, off, color="tab:orange", alpha=0.05 + 0.2 * conf, lw=0)
            ax.axvline(on, color="tab:red", lw=1.0, alpha=0.25 + 0.75 * conf)
        who = " ".join(v for v in (channel["side"], channel["muscle"]) if v) or "unlabelled"
        ax.set_ylabel(f"{name}\n({who})", fontsize=8, rotation=0, ha="right", va="center")
        ax.set_yticks([])
        ax.set_ylim(-1.05, 1.05)
        for event in recording.events:
            ax.axvline(event.time, color="0.3", lw=0.6, ls="--")
    axes[0, 0].legend(loc="upper right", fontsize=7, ncol=2, frameon=False)
    axes[0, 0].set_title(
        f"{Path(result['file']).name}: activations by {result['method']} (red line = onset, "
        "shaded = active, fainter = lower confidence; dashed = events)",
        fontsize=9,
    )
    axes[-1, 0].set_xlabel("time (s)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
