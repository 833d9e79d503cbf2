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
    method: str = "aglr",
    rate: float | None = None,
    labels: Path | None = None,
    trials: str = "auto",
    baseline: str | None = None,
    notch_hz: float | None = None,
) -> tuple[dict[str, Any], Recording]:
    """Run the whole EMG analysis of one file; return the JSON-ready result and the recording."""
    import warnings

    from slingcoach.errors import AnalysisError, InvalidInputError
    from slingcoach.signals.emg import ONSET_METHODS, emg_clean, emg_process
    from slingcoach.signals.emg_firing import emg_evidence, emg_firing_order, firing_channels
    from slingcoach.signals.io import emg_channels, read_label_overrides, read_recording
    from slingcoach.signals.labels import emg_label

    if method not in ONSET_METHODS:
        raise InvalidInputError(
            f"unknown method {method!r}; choose one of: {', '.join(ONSET_METHODS)}",
            source="--method",
        )
    if trials not in _TRIALS:
        raise InvalidInputError(
            f"unknown trial split {trials!r}; choose one of: {', '.join(_TRIALS)}",
            source="--trials",
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        recording = read_recording(path, sampling_rate_hz=rate)
        overrides = read_label_overrides(labels) if labels else None
        emg_names = emg_channels(recording)
        others = [n for n in recording.channels if n not in emg_names]
        recording, unknown = emg_label(recording, overrides=overrides, skip=others)
        emg_names = [n for n in emg_names if n in recording.data]
        if not emg_names:
            listing = ", ".join(f"{n} [{recording.units.get(n, '')}]" for n in recording.channels)
            raise InvalidInputError(
                "no EMG channel found (channels with units V, mV, µV, counts or none); "
                f"channels are: {listing}",
                source=str(path),
            )
        base = _parse_baseline(baseline)
        roles = firing_channels(recording)
        # band-pass each channel once, for both the activation table and the firing order
        cleaned = emg_clean(recording, list(dict.fromkeys(emg_names + roles)), notch_hz=notch_hz)
        table, info = emg_process(
            cleaned,
            emg_names,
            method=method,  # type: ignore[arg-type]
            baseline=base,  # type: ignore[arg-type]
            notch_hz=notch_hz,
            clean=False,
        )
        firing: Any = None
        evidence: list[dict[str, Any]] = []
        firing_note = None
        if roles:
            try:
                result = emg_firing_order(
                    cleaned,
                    method=method,  # type: ignore[arg-type]
                    trials=trials,  # type: ignore[arg-type]
                    baseline=base,  # type: ignore[arg-type]
                    notch_hz=notch_hz,
                    clean=False,
                )
                firing = result
                evidence = emg_evidence(result)
            except AnalysisError as exc:
                firing_note = str(exc)
        else:
            firing_note = (
                "no channel labelled gluteus maximus, hamstrings, erector spinae or latissimus "
                "dorsi with a side; firing order needs those"
            )
    messages = [str(w.message) for w in caught]
    out: dict[str, Any] = {
        "file": str(path),
        "sampling_rate_hz": info["sampling_rate_hz"],
        "duration_s": recording.duration_s,
        "method": method,
        "channels": [
            {
                "name": c["name"],
                "muscle": c["muscle"],
                "side": c["side"],
                "unit": recording.units.get(c["name"], ""),
                "onsets_s": c["onsets_s"],
                "offsets_s": c["offsets_s"],
                "confidence": c["confidence"],
                **({"error": c["error"]} if "error" in c else {}),
            }
            for c in info["channels"]
        ],
        "unknown_labels": unknown,
        "firing_order": firing,
        "firing_order_note": firing_note,
        "evidence": evidence,
        "activations": table,
        "info": {k: v for k, v in info.items() if k != "channels"},
        "warnings": messages,
    }
    return out, recording


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


def register(group: typer.Typer) -> None:
    """Add this module's commands to the analyze group."""

    @group.command("emg")
    def emg(
        file: Path = typer.Argument(
            ..., help="CSV, C3D, BioSPPy .txt or UCI lower-limb .txt file."
        ),
        method: str = typer.Option(
            "aglr",
            "--method",
            "-m",
            help="Onset method: aglr (default), bonato, tkeo or hodges-bui.",
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
            plot_emg(recording, result, plot)
        if as_json:
            print_json(result)
            return
        from rich.table import Table

        for message in result["warnings"]:
            err_console.print(f"[yellow]warning:[/] {message}", highlight=False)
        table = Table(
            title=f"{file.name}: {result['sampling_rate_hz']:.0f} Hz, {result['duration_s']:.1f} s, "
            f"method {method}"
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
