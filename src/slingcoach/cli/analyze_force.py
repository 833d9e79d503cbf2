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


def _parse_weigh(text: str | None) -> tuple[float, float] | None:
    from slingcoach.errors import InvalidInputError

    if text is None:
        return None
    try:
        start, end = (float(v) for v in text.replace(",", ":").split(":"))
    except ValueError:
        raise InvalidInputError(
            f"--weigh must be START:END in seconds (e.g. 0.2:1.0), got {text!r}", source="--weigh"
        ) from None
    if not start < end:
        raise InvalidInputError(
            f"--weigh START:END needs START before END, got {text!r}", source="--weigh"
        )
    return start, end


def analyze_force_file(
    path: Path,
    *,
    trial: str = "auto",
    rate: float | None = None,
    left: str | None = None,
    right: str | None = None,
    total: str | None = None,
    takeoff: float | None = None,
    landing: float | None = None,
    position: str | None = None,
    weigh: str | None = None,
) -> tuple[dict[str, Any], ForceResult, Recording]:
    """Check the options, run :func:`slingcoach.app.analysis.analyse_force`, shape the JSON."""
    from slingcoach.app.analysis import ForceOptions, analyse_force
    from slingcoach.app.sources import Source
    from slingcoach.cli._output import option_hints

    _choice(trial, _TRIALS, "--trial")
    options = ForceOptions(
        weigh=_parse_weigh(weigh),
        trial=trial,
        sampling_rate_hz=rate,
        left=left,
        right=right,
        total=total,
        takeoff_threshold_N=takeoff,
        landing_threshold_N=landing,
        position=position,
    )
    with option_hints(sampling_rate_hz="--rate"):
        analysis = analyse_force(Source.from_path(path), options)
    out = analysis.result.model_dump(mode="json")
    out["evidence"] = [e.model_dump(mode="json") for e in analysis.evidence]
    out["method"] = analysis.method
    out["parameters"] = analysis.parameters
    out["sources"] = analysis.sources
    out["warnings"] = analysis.warnings  # the result's own, and the reader's
    return out, analysis.result, analysis.recording


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
        takeoff: float | None = typer.Option(
            None, "--takeoff", help="Take-off threshold, N (default 20)."
        ),
        landing: float | None = typer.Option(
            None, "--landing", help="Landing threshold, N (default 20)."
        ),
        weigh: str | None = typer.Option(
            None,
            "--weigh",
            help="Quiet stance to weigh on, START:END in seconds (default: found in the trace).",
        ),
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
            weigh=weigh,
        )
        if plot is not None:
            from slingcoach.reports.recording_plots import plot_force

            plot_force(recording, result, plot)
        if as_json:
            print_json(out)
            return
        for message in out["warnings"]:
            err_console.print(f"[yellow]warning:[/] {message}", highlight=False)
        head = Table(title=f"{file.name}: {result.trial_type}", show_header=False)
        head.add_row("body weight", f"{result.body_weight_N:.1f} N ({result.body_mass_kg:.1f} kg)")
        head.add_row(
            "weighed",
            f"{result.weighing_start_s:.2f}–{result.weighing_end_s:.2f} s "
            f"({'given' if result.weighing == 'given' else 'quiet stance found'}), "
            f"SD {result.body_weight_sd_N:.1f} N",
        )
        if result.onset_threshold_N is not None:
            head.add_row("onset threshold", f"{result.onset_threshold_N:.1f} N")
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
        fps: float | None = typer.Option(
            None, "--fps", help="Frame rate when the file has no times (default 30)."
        ),
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

        from slingcoach.app.analysis import PoseOptions, analyse_pose
        from slingcoach.app.sources import Source
        from slingcoach.cli._output import console, err_console, print_json

        _choice(task, _TASKS, "--task")
        _choice(layout, _LAYOUTS, "--layout")
        _choice(side, ("auto", "left", "right"), "--side")
        options = PoseOptions(
            task=task,
            layout=None if layout == "auto" else layout,
            fps=fps,
            stance_side=side,
            calibration_frame=calibration_frame,
        )
        analysis = analyse_pose(Source.from_path(file), options)
        recording, rows, info, evidence = (
            analysis.recording,
            analysis.reps,
            analysis.info,
            analysis.evidence,
        )
        if plot is not None:
            from slingcoach.reports.recording_plots import plot_pose

            plot_pose(recording, rows, info, plot)
        if as_json:
            print_json({**info.model_dump(mode="json"), "reps": rows, "evidence": evidence})
            return
        for message in analysis.warnings:
            err_console.print(f"[yellow]warning:[/] {message}", highlight=False)
        table = Table(
            title=f"{file.name}: {task} (degrees, relative to standing frame {info.calibration_frame})"
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
                r.side.value,
                str(r.rep),
                f"{r.time_s:.2f}",
                _fmt(r.depth_pct_leg),
                _fmt(r.knee_fppa_deg),
                _fmt(r.hip_adduction_deg),
                _fmt(r.pelvic_drop_deg),
                _fmt(r.trunk_lean_deg),
            )
        console.print(table)
        for e in evidence:
            console.print(f"• {e.text}", highlight=False)
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

        from slingcoach.app.batch import batch_discover, batch_run, batch_summary
        from slingcoach.cli._output import console, err_console, print_json
        from slingcoach.errors import InvalidInputError

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
