"""``slingcoach analyse emg FILE``: onsets, offsets and firing order from an EMG recording.

Reads CSV, C3D, BioSPPy text or UCI lower-limb files (:mod:`slingcoach.signals.io`),
labels channels by name (or an override file), detects activations on every EMG channel
and, when glute/hamstring/erector/lat channels with sides are present, the firing order
and posterior oblique sling coupling. NumPy, SciPy and matplotlib are imported inside
the command so ``slingcoach --help`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from slingcoach.signals.recording import Recording

_TRIALS = ("auto", "events", "gaps", "recordings")


def _parse_baseline(text: str | None) -> tuple[float, float] | str:
    from slingcoach.errors import InvalidInputError

    if text is None or text == "auto":
        return "auto"
    try:
        start, end = (float(v) for v in text.split(","))
    except ValueError:
        raise InvalidInputError(
            f"--baseline must be 'START,END' in seconds (e.g. 0,1.5) or 'auto', got {text!r}",
            source="--baseline",
        ) from None
    return start, end


def analyze_emg_file(
    path: Path,
    *,
    method: str | None = None,
    rate: float | None = None,
    labels: Path | None = None,
    trials: str = "auto",
    baseline: str | None = None,
    notch_hz: float | None = None,
) -> tuple[dict[str, Any], Recording]:
    """Check the options, run :func:`slingcoach.app.analysis.analyse_emg`, shape the JSON."""
    from slingcoach.app.analysis import EmgOptions, analyse_emg
    from slingcoach.app.sources import Source
    from slingcoach.cli._output import option_hints
    from slingcoach.errors import InvalidInputError
    from slingcoach.signals.emg import ONSET_METHODS

    if method is not None and method not in ONSET_METHODS:
        raise InvalidInputError(
            f"unknown method {method!r}; choose one of: {', '.join(ONSET_METHODS)}",
            source="--method",
        )
    if trials not in _TRIALS:
        raise InvalidInputError(
            f"unknown trial split {trials!r}; choose one of: {', '.join(_TRIALS)}",
            source="--trials",
        )
    base = _parse_baseline(baseline)
    options = EmgOptions(
        method=method,
        sampling_rate_hz=rate,
        labels=None if labels is None else Source.from_path(labels),
        trials=trials,
        baseline=None if base == "auto" else base,  # type: ignore[arg-type]
        notch_hz=notch_hz,
    )
    with option_hints(sampling_rate_hz="--rate"):
        analysis = analyse_emg(Source.from_path(path), options)
    recording, info = analysis.recording, analysis.info
    out: dict[str, Any] = {
        "file": str(path),
        "sampling_rate_hz": info.sampling_rate_hz,
        "duration_s": recording.duration_s,
        "method": info.method,
        "channels": [c.model_dump(mode="json") for c in info.channels],
        "unknown_labels": analysis.unknown_labels,
        "firing_order": analysis.firing,
        "firing_order_note": analysis.firing_note,
        "evidence": [e.model_dump(mode="json") for e in analysis.evidence],
        "activations": [row.model_dump(mode="json") for row in analysis.activations],
        "info": info.model_dump(mode="json", exclude={"channels"}),
        "warnings": analysis.warnings,
    }
    return out, recording


def register(group: typer.Typer) -> None:
    """Add this module's commands to the analyze group."""
    # the one vocabulary of onset methods; a light module (no NumPy), so --help stays fast
    from slingcoach.signals.emg_methods import DEFAULT_ONSET_METHOD, ONSET_METHODS

    others = ", ".join(m for m in ONSET_METHODS if m != DEFAULT_ONSET_METHOD)

    @group.command("emg")
    def emg(
        file: Path = typer.Argument(
            ..., help="CSV, C3D, BioSPPy .txt or UCI lower-limb .txt file."
        ),
        method: str | None = typer.Option(
            None,
            "--method",
            help=f"Onset method: {DEFAULT_ONSET_METHOD} (default), {others}.",
        ),
        rate: float | None = typer.Option(
            None, "--rate", help="Sampling rate in Hz, for CSV files without a time column."
        ),
        labels: Path | None = typer.Option(
            None, "--labels", help="YAML/JSON file mapping channel → {muscle, side}."
        ),
        trials: str = typer.Option(
            "auto", "--trials", help="How to split trials: auto, events, gaps or recordings."
        ),
        baseline: str | None = typer.Option(
            None, "--baseline", help="Quiet period 'START,END' in seconds (default: auto)."
        ),
        notch: float | None = typer.Option(
            None, "--notch", help="Mains notch frequency in Hz (only when hum is present)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
        plot: Path | None = typer.Option(None, "--plot", help="Write a PNG plot to this path."),
    ) -> None:
        """Find muscle onsets/offsets and the firing order in an EMG recording."""
        from slingcoach.cli._output import console, err_console, print_json, to_jsonable

        result, recording = analyze_emg_file(
            file,
            method=method,
            rate=rate,
            labels=labels,
            trials=trials,
            baseline=baseline,
            notch_hz=notch,
        )
        if plot is not None:
            from slingcoach.reports.recording_plots import plot_emg

            plot_emg(recording, result, plot)
        if as_json:
            print_json(result)
            return
        from rich.table import Table

        for message in result["warnings"]:
            err_console.print(f"[yellow]warning:[/] {message}", highlight=False)
        table = Table(
            title=f"{file.name}: {result['sampling_rate_hz']:.0f} Hz, {result['duration_s']:.1f} s, "
            f"method {result['method']}"
        )
        for column in ("channel", "muscle", "side", "activations", "onsets (s)", "confidence"):
            table.add_column(column)
        for c in result["channels"]:
            onsets = ", ".join(f"{v:.3f}" for v in c["onsets_s"][:6])
            if len(c["onsets_s"]) > 6:
                onsets += ", ..."
            conf = ", ".join(f"{v:.2f}" for v in c["confidence"][:6])
            if "error" in c:
                onsets, conf = f"not analysed: {c['error']}", ""
            table.add_row(
                c["name"],
                c["muscle"] or "?",
                c["side"] or "-",
                str(len(c["onsets_s"])),
                onsets,
                conf,
            )
        console.print(table)
        if result["unknown_labels"]:
            console.print(
                "Channels with no recognised muscle/side: "
                + ", ".join(result["unknown_labels"])
                + " (use --labels to name them)."
            )
        firing = to_jsonable(result["firing_order"]) if result["firing_order"] is not None else None
        if firing is not None:
            order = Table(title="Firing order per trial (ms after the first onset)")
            order.add_column("trial")
            order.add_column("leg")
            order.add_column("order")
            order.add_column("glute − hamstrings (ms)")
            for trial in firing["trials"]:
                delays = trial["delays_ms"]
                order.add_row(
                    str(trial["index"] + 1),
                    trial["side"] or "?",
                    " → ".join(f"{n} ({delays[n]:.0f})" for n in trial["order"]),
                    "-"
                    if trial["glute_minus_hamstrings_ms"] is None
                    else f"{trial['glute_minus_hamstrings_ms']:.0f}",
                )
            console.print(order)
            for note in firing["notes"]:
                console.print(f"• {note}", highlight=False)
        elif result["firing_order_note"]:
            console.print(f"Firing order: {result['firing_order_note']}", highlight=False)
        if plot is not None:
            console.print(f"Plot written to {plot}")
