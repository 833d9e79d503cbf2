"""``slingcoach analyse forceplate|pose|batch``: force plates, pose keypoints, whole folders.

The commands parse arguments, call :mod:`slingcoach.signals` and print (Rich tables or
``--json``). NumPy, SciPy, matplotlib and Dask are imported inside the commands so
``slingcoach --help`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from slingcoach.signals.force_models import ForceResult
    from slingcoach.signals.recording import Recording

_TRIALS = ("auto", "cmj", "sj", "dj", "squat", "deadlift", "imtp")
_TASKS = ("single-leg-squat", "step-down", "stance")
_LAYOUTS = ("auto", "mediapipe", "coco", "openpose")
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


def _choice(value: str, valid: tuple[str, ...], option: str) -> None:
    from slingcoach.errors import InvalidInputError

    if value not in valid:
        raise InvalidInputError(f"{value!r} is not one of: {', '.join(valid)}", source=option)


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _fmt_j(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.1f}"


# -- plots ------------------------------------------------------------------------------


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


def plot_pose(
    recording: Recording, rows: list[dict[str, Any]], info: dict[str, Any], out: Path
) -> None:
    """The four angles over time for both sides, relative to standing, reps marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from slingcoach.signals.pose import ANGLE_NAMES, pose_angles

    ang = pose_angles(recording, min_visibility=info["parameters"]["min_visibility"])
    cal = info["calibration_angles_deg"]
    titles = {
        "knee_fppa": "knee FPPA (° valgus +)",
        "hip_adduction": "hip adduction (°)",
        "pelvic_drop": "contralateral pelvic drop (°), stance side",
        "trunk_lean": "trunk lean towards stance (°)",
    }
    fig, axes = plt.subplots(len(ANGLE_NAMES), 1, figsize=(11, 9), sharex=True)
    colours = {"left": "#1f77b4", "right": "#d62728"}
    import numpy as np

    bouts = info.get("stance_bouts", [])
    for ax, name in zip(axes, ANGLE_NAMES, strict=True):
        for b in bouts:
            ax.axvspan(b["start_s"], b["end_s"], color=colours[b["side"]], alpha=0.07, lw=0)
        for side in ("left", "right"):
            values = ang.channel(f"{name}_{side}") - cal[f"{name}_{side}"]
            mask = np.zeros(values.shape[0], dtype=bool)
            for b in bouts:
                if b["side"] == side:
                    mask |= (ang.time >= b["start_s"]) & (ang.time <= b["end_s"])
            ax.plot(ang.time, values, color=colours[side], lw=0.5, alpha=0.25)
            ax.plot(
                ang.time, np.where(mask, values, np.nan), color=colours[side], lw=1.2, label=side
            )
            mine = [r for r in rows if r["side"] == side]
            ax.plot(
                [r["time_s"] for r in mine],
                [r[f"{name}_deg"] for r in mine],
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
        f"{Path(recording.source).name}: {info['task']} (relative to standing frame "
        f"{info['calibration_frame']})",
        fontsize=10,
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)


# -- commands ---------------------------------------------------------------------------


def analyze_force_file(
    path: Path,
    *,
    trial: str = "auto",
    rate: float | None = None,
    left: str | None = None,
    right: str | None = None,
    total: str | None = None,
    takeoff: float = 20.0,
    landing: float = 20.0,
    position: str | None = None,
) -> tuple[dict[str, Any], ForceResult, Recording]:
    """Read and analyse one force-plate file; return the JSON-ready output, result, recording."""
    from slingcoach.signals.force import force_evidence, force_process
    from slingcoach.signals.force_io import force_read

    _choice(trial, _TRIALS, "--trial")
    recording = force_read(path, sampling_rate_hz=rate)
    _, info = force_process(
        recording,
        trial_type=trial,  # type: ignore[arg-type]
        left=left,
        right=right,
        total=total,
        takeoff_threshold_N=takeoff,
        landing_threshold_N=landing,
        position=position,
    )
    from slingcoach.signals.force_models import ForceResult

    result = ForceResult.model_validate(info["result"])
    out = dict(info["result"])
    out["evidence"] = force_evidence(result)
    out["method"] = info["method"]
    out["parameters"] = info["parameters"]
    out["sources"] = info["sources"]
    return out, result, recording


def register(group: typer.Typer) -> None:
    """Add ``forceplate``, ``pose`` and ``batch`` to the analyze group."""

    @group.command("forceplate")
    def forceplate(
        file: Path = typer.Argument(..., help="Force-plate file: text (FP1/FP2, Fz), CSV or C3D."),
        trial: str = typer.Option("auto", "--trial", help=f"Trial type: {', '.join(_TRIALS)}."),
        rate: float | None = typer.Option(
            None, "--rate", help="Sampling rate in Hz, for files without a time column."
        ),
        left: str | None = typer.Option(None, "--left", help="Column of the left plate."),
        right: str | None = typer.Option(None, "--right", help="Column of the right plate."),
        total: str | None = typer.Option(None, "--total", help="Column of a single plate's total."),
        takeoff: float = typer.Option(20.0, "--takeoff", help="Take-off threshold, N."),
        landing: float = typer.Option(20.0, "--landing", help="Landing threshold, N."),
        position: str | None = typer.Option(
            None, "--position", help="Bar/COM position column for lift repetitions."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
        plot: Path | None = typer.Option(None, "--plot", help="Write a PNG plot to this path."),
    ) -> None:
        """Jumps (CMJ, SJ, DJ), lifts and IMTP on one or two force plates, per phase and side."""
        from rich.table import Table

        from slingcoach.cli._output import console, err_console, print_json

        out, result, recording = analyze_force_file(
            file,
            trial=trial,
            rate=rate,
            left=left,
            right=right,
            total=total,
            takeoff=takeoff,
            landing=landing,
            position=position,
        )
        if plot is not None:
            plot_force(recording, result, plot)
        if as_json:
            print_json(out)
            return
        for message in result.warnings:
            err_console.print(f"[yellow]warning:[/] {message}", highlight=False)
        head = Table(title=f"{file.name}: {result.trial_type}", show_header=False)
        head.add_row("body weight", f"{result.body_weight_N:.1f} N ({result.body_mass_kg:.1f} kg)")
        head.add_row("weighed", f"{result.weighing_start_s:.2f}–{result.weighing_end_s:.2f} s")
        if result.jump_height_m is not None:
            head.add_row("jump height (impulse–momentum)", f"{100 * result.jump_height_m:.1f} cm")
            head.add_row(
                "jump height (flight time)", f"{100 * (result.jump_height_flight_m or 0):.1f} cm"
            )
            head.add_row("flight time", f"{result.flight_time_s:.3f} s")
            head.add_row(
                "thresholds",
                f"take-off {result.takeoff_threshold_N:g} N, landing {result.landing_threshold_N:g} N",
            )
        if result.rsi_mod is not None:
            head.add_row("RSImod", f"{result.rsi_mod:.2f}")
        if result.contact_time_s is not None:
            head.add_row("contact time", f"{result.contact_time_s:.3f} s")
            head.add_row("RSI", f"{result.rsi:.2f}")
        if result.imtp is not None:
            m = result.imtp
            head.add_row("peak force", f"{m.peak_force_N:.0f} N (net {m.net_peak_force_N:.0f} N)")
            head.add_row(
                "force at 50/100/150/200/250 ms",
                " / ".join(f"{v:.0f}" for v in m.force_at_ms_N.values()) + " N",
            )
            if m.peak_asymmetry_pct is not None:
                head.add_row("asymmetry at peak", f"{m.peak_asymmetry_pct:+.1f} % (+ = right)")
        console.print(head)
        basis = "gross ∫F" if result.reps else "net: total vs BW, limbs vs BW/2"
        table = Table(
            title=f"phases: time s, force N, impulse J N·s ({basis}); "
            "asym = (R − L)/(R + L) %, + = right"
        )
        table.add_column("phase", no_wrap=True, min_width=10)
        for col in ("start", "end", "mean", "peak", "J", "J left", "J right", "asym"):
            table.add_column(col, justify="right", no_wrap=True)
        for p in result.phases:
            name = p.name if p.rep is None else f"rep {p.rep} {p.name}"
            table.add_row(
                name,
                f"{p.start_s:.2f}",
                f"{p.end_s:.2f}",
                _fmt(p.mean_force_N, 0),
                _fmt(p.peak_force_N, 0),
                _fmt_j(p.impulse_Ns),
                _fmt_j(p.left_impulse_Ns),
                _fmt_j(p.right_impulse_Ns),
                _fmt(p.asymmetry_pct),
            )
        console.print(table)
        for e in out["evidence"]:
            console.print(f"• {e['text']}", highlight=False)
        console.print(f"[dim]method: {out['method']}[/]", highlight=False)
        if plot is not None:
            console.print(f"Plot written to {plot}")

    @group.command("pose")
    def pose(
        file: Path = typer.Argument(
            ...,
            help="Keypoints: CSV (long or wide) or JSON; or a video (needs MediaPipe, see docs).",
        ),
        task: str = typer.Option("single-leg-squat", "--task", help=f"Task: {', '.join(_TASKS)}."),
        layout: str = typer.Option(
            "auto", "--layout", help="Keypoint layout: mediapipe, coco, openpose or auto."
        ),
        fps: float = typer.Option(30.0, "--fps", help="Frame rate when the file has no times."),
        side: str = typer.Option("auto", "--side", help="Stance side: auto, left or right."),
        calibration_frame: int | None = typer.Option(
            None,
            "--calibration-frame",
            help="Index of a standing frame (default: first level frame).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
        plot: Path | None = typer.Option(None, "--plot", help="Write a PNG plot to this path."),
    ) -> None:
        """Pelvic drop, trunk lean, knee FPPA and hip adduction per repetition and side."""
        from rich.table import Table

        from slingcoach.cli._output import console, err_console, print_json
        from slingcoach.signals.pose import pose_evidence, pose_process
        from slingcoach.signals.pose_io import pose_read

        _choice(task, _TASKS, "--task")
        _choice(layout, _LAYOUTS, "--layout")
        _choice(side, ("auto", "left", "right"), "--side")
        recording = pose_read(file, layout=None if layout == "auto" else layout, fps=fps)  # type: ignore[arg-type]
        rows, info = pose_process(
            recording,
            task=task,  # type: ignore[arg-type]
            stance_side=side,  # type: ignore[arg-type]
            calibration_frame=calibration_frame,
        )
        evidence = pose_evidence(info)
        if plot is not None:
            plot_pose(recording, rows, info, plot)
        if as_json:
            print_json({**info, "reps": rows, "evidence": evidence})
            return
        for message in info["warnings"]:
            err_console.print(f"[yellow]warning:[/] {message}", highlight=False)
        table = Table(
            title=f"{file.name}: {task} (degrees, relative to standing frame {info['calibration_frame']})"
        )
        for col in (
            "side",
            "rep",
            "time s",
            "depth % leg",
            "knee FPPA",
            "hip add.",
            "pelvic drop",
            "trunk lean",
        ):
            table.add_column(col, justify="left" if col == "side" else "right")
        for r in rows:
            table.add_row(
                r["side"],
                str(r["rep"]),
                f"{r['time_s']:.2f}",
                _fmt(r.get("depth_pct_leg")),
                _fmt(r["knee_fppa_deg"]),
                _fmt(r["hip_adduction_deg"]),
                _fmt(r["pelvic_drop_deg"]),
                _fmt(r["trunk_lean_deg"]),
            )
        console.print(table)
        for e in evidence:
            console.print(f"• {e['text']}", highlight=False)
        if plot is not None:
            console.print(f"Plot written to {plot}")

    @group.command("batch")
    def batch(
        directory: Path = typer.Argument(..., help="Folder of recordings (searched recursively)."),
        workers: int | None = typer.Option(
            None, "--workers", help="Processes (default: all cores)."
        ),
        dask: str | None = typer.Option(
            None, "--dask", help="Dask scheduler address (tcp://host:8786) to run the batch on."
        ),
        rate: float | None = typer.Option(
            None, "--rate", help="Sampling rate for files without a time column, Hz."
        ),
        manifest: Path | None = typer.Option(
            None,
            "--manifest",
            help="CSV with file,kind[,trial,task,rate_hz] (default: DIR/manifest.csv).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    ) -> None:
        """Analyse every recording in a folder on all cores; failing files are listed, not fatal."""
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.table import Table

        from slingcoach.cli._output import console, err_console, print_json
        from slingcoach.errors import InvalidInputError
        from slingcoach.signals.batch import batch_discover, batch_run, batch_summary

        if workers is not None and workers < 1:
            raise InvalidInputError(f"must be at least 1, got {workers}", source="--workers")
        items = batch_discover(directory, manifest=manifest, rate_hz=rate)
        if not items:
            raise InvalidInputError(
                "no recordings found (.csv, .tsv, .txt, .json, .c3d)", source=str(directory)
            )
        with Progress(
            TextColumn("analysing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=as_json,
        ) as progress:
            task_id = progress.add_task("files", total=len(items))
            rows = batch_run(
                items,
                workers=workers,
                dask_address=dask,
                on_done=lambda _row: progress.advance(task_id),
            )
        summary = batch_summary(rows)
        if as_json:
            print_json({"summary": summary, "files": [r.to_dict() for r in rows]})
            return
        table = Table(title=f"{directory}: {summary['files']} files")
        for col in ("file", "kind", "status", "result"):
            table.add_column(col)
        for r in rows:
            name = (
                str(Path(r.path).relative_to(directory))
                if Path(r.path).is_relative_to(directory)
                else r.path
            )
            if r.status == "ok":
                text = str(r.summary.get("headline", ""))
                if "finding" in r.summary:
                    text += f"\n{r.summary['finding']}"
                style = "green"
            else:
                text = r.message
                style = "red" if r.status == "error" else "yellow"
            table.add_row(name, r.kind, f"[{style}]{r.status}[/]", text)
        console.print(table)
        counts = ", ".join(
            f"{k} {summary['by_status'][k]}"
            for k in ("ok", "error", "unsupported")
            if k in summary["by_status"]
        )
        console.print(f"{summary['files']} files: {counts}")
