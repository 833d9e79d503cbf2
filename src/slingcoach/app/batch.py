"""Analyse a whole folder of recordings on all cores, or on a Dask cluster.

Each file is classified (force plate, pose keypoints, EMG) by a manifest, its name or
its first line, analysed in a worker process with the same functions as
``slingcoach analyse`` and the intake's recordings (:mod:`slingcoach.app.analysis`), and
summarised in one :class:`BatchRow`. A file that fails becomes a row with
``status="error"`` and its message; the batch always finishes. The orchestration (process
pool, Dask) is application work, so it lives here and not in the pure ``signals`` package.

Manifest (``manifest.csv`` in the folder, or given): columns ``file`` (relative to the
folder), ``kind`` (force, pose, emg), and optionally ``trial`` (cmj, sj, dj, squat,
deadlift, imtp, auto), ``task`` (single-leg-squat, step-down, stance), ``rate_hz``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from slingcoach.app.sources import Source
from slingcoach.errors import InvalidInputError, SlingcoachError
from slingcoach.inputs import read_head, read_text
from slingcoach.signals.pose_io import VIDEO_SUFFIXES

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "BatchItem",
    "BatchRow",
    "analyse_file",
    "batch_discover",
    "batch_item",
    "batch_run",
    "batch_summary",
]

Kind = Literal["force", "pose", "emg", "unknown"]
SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".c3d", ".mp4", ".mov", ".avi", ".mkv", ".webm")
_SKIP_WORDS = {"readme", "license", "licence", "manifest", "copying", "authors"}
_FORCE_WORDS = {"force", "fz", "fp", "fp1", "fp2", "plate", "cmj", "sj", "dj", "jump", "imtp"}
_FORCE_WORDS |= {"squat", "deadlift", "grf"}
_TRIAL_WORDS = ("cmj", "sj", "dj", "imtp", "squat", "deadlift")
_POSE_WORDS = {"pose", "keypoints", "keypoint", "landmarks", "mediapipe", "coco", "sls"}


@dataclass(frozen=True)
class BatchItem:
    """One file to analyse and how."""

    path: str
    kind: Kind
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchRow:
    """The outcome of one file: ``status`` is ok, error or unsupported."""

    path: str
    kind: str
    status: Literal["ok", "error", "unsupported"]
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(
        default_factory=list, metadata={"doc": "the typed evidence as JSON"}
    )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return asdict(self)


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", name.lower()) if w}


def _sniff(path: Path) -> Kind:
    """Classify by name, then by the first non-comment line of a text file."""
    if path.suffix.lower() == ".json" or path.suffix.lower() in VIDEO_SUFFIXES:
        return "pose"
    words = _words(path.stem)
    if words & _POSE_WORDS:
        return "pose"
    if "emg" in words:
        return "emg"
    if words & _FORCE_WORDS:
        return "force"
    if path.suffix.lower() == ".c3d":
        return "force" if "emg" not in words else "emg"
    try:
        # the head only (a FIFO or a device is refused, never read)
        head = read_head(path, what="recording", n_bytes=64 * 1024)
    except SlingcoachError:
        return "unknown"
    first = ""
    for line in head.splitlines():
        if line.strip() and not line.startswith("#"):
            first = line.lower()
            break
        if line.startswith("# Simple Text Format"):
            return "emg"
    if first.startswith("file name"):
        return "emg"
    cells = set(_words(first))
    if "frame" in cells and ("landmark" in cells or any(c.endswith("x") for c in cells)):
        return "pose"
    if cells & {"fp1", "fp2", "fz", "fz1", "fz2", "force"}:
        return "force"
    return "emg"


def _options_from_name(path: Path, kind: Kind) -> dict[str, Any]:
    words = _words(path.stem)
    if kind == "force":
        trial = next((w for w in _TRIAL_WORDS if w in words), "auto")
        return {"trial": trial}
    if kind == "pose":
        if "step" in words or "stepdown" in words:
            return {"task": "step-down"}
        if "stance" in words:
            return {"task": "stance"}
    return {}


def batch_discover(
    directory: str | Path,
    /,
    *,
    manifest: str | Path | None = None,
    recursive: bool = True,
    rate_hz: float | None = None,
) -> list[BatchItem]:
    """List the files of a folder to analyse (a manifest, if any, decides kinds and options)."""
    root = Path(directory)
    if not root.is_dir():
        raise InvalidInputError("not a folder", source=str(root))
    manifest_path = Path(manifest) if manifest else root / "manifest.csv"
    if manifest_path.exists():
        return _read_manifest(manifest_path, root, rate_hz)
    pattern = "**/*" if recursive else "*"
    items: list[BatchItem] = []
    for path in sorted(root.glob(pattern)):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        if path.name.startswith(".") or _words(path.stem) & _SKIP_WORDS:
            continue
        kind = _sniff(path)
        options = _options_from_name(path, kind)
        if rate_hz is not None:
            options["rate_hz"] = rate_hz
        items.append(BatchItem(str(path), kind, options))
    return items


def _read_manifest(path: Path, root: Path, rate_hz: float | None) -> list[BatchItem]:
    text = read_text(path, what="batch manifest (CSV)")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # e.g. a cell over the csv module's field size limit
        raise InvalidInputError(f"not a readable CSV manifest ({exc})", source=str(path)) from None
    items: list[BatchItem] = []
    for line, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        kind = (row.get("kind") or "").strip().lower()
        if not name:
            raise InvalidInputError("no file name", source=str(path), location=f"line {line}")
        if kind not in ("force", "pose", "emg", ""):
            raise InvalidInputError(
                f"kind {kind!r} is not one of force, pose, emg",
                source=str(path),
                location=f"line {line}",
            )
        target = root / name
        chosen: Kind = kind or _sniff(target)  # type: ignore[assignment]
        options = _options_from_name(target, chosen)
        for key in ("trial", "task", "layout"):
            if (row.get(key) or "").strip():
                options[key] = row[key].strip()
        rate = (row.get("rate_hz") or "").strip()
        if rate:
            try:
                options["rate_hz"] = float(rate)
            except ValueError:
                raise InvalidInputError(
                    f"rate_hz {rate!r} is not a number", source=str(path), location=f"line {line}"
                ) from None
        elif rate_hz is not None:
            options["rate_hz"] = rate_hz
        items.append(BatchItem(str(target), chosen, options))
    return items


# -- one file ---------------------------------------------------------------------------


_Outcome = tuple[dict[str, Any], list[str], list[dict[str, Any]]]


def _source(path: Path) -> Source:
    return Source.from_path(path)


def _force_summary(path: Path, options: dict[str, Any]) -> _Outcome:
    from slingcoach.app.analysis import ForceOptions, analyse_force

    analysis = analyse_force(
        _source(path),
        ForceOptions(trial=options.get("trial"), sampling_rate_hz=options.get("rate_hz")),
    )
    result = analysis.result
    summary: dict[str, Any] = {
        "trial_type": result.trial_type,
        "body_mass_kg": round(result.body_mass_kg, 2),
    }
    if result.jump_height_m is not None:
        summary["jump_height_m"] = round(result.jump_height_m, 4)
        summary["jump_height_flight_m"] = round(result.jump_height_flight_m or 0.0, 4)
    if result.contact_time_s is not None:
        summary["contact_time_s"] = round(result.contact_time_s, 4)
        summary["rsi"] = round(result.rsi or 0.0, 3)
    if result.reps:
        summary["reps"] = len(result.reps)
    if result.imtp is not None:
        summary["peak_force_N"] = round(result.imtp.peak_force_N, 1)
    parts = [result.trial_type.upper(), f"{result.body_mass_kg:.1f} kg"]
    if result.jump_height_m is not None:
        parts.append(
            f"jump {100 * result.jump_height_m:.1f} cm (flight {100 * (result.jump_height_flight_m or 0):.1f} cm)"
        )
    if result.contact_time_s is not None:
        parts.append(f"contact {1000 * result.contact_time_s:.0f} ms, RSI {result.rsi or 0:.2f}")
    if result.reps:
        parts.append(f"{len(result.reps)} reps")
    if result.imtp is not None:
        parts.append(f"peak {result.imtp.peak_force_N:.0f} N")
    summary["headline"] = ", ".join(parts)
    from slingcoach.assessment.sensors import FORCE_KEY_PHASE

    wanted = FORCE_KEY_PHASE.get(result.trial_type, "up")
    main = next((e for e in analysis.evidence if e.phase == wanted), None)
    if main is not None:
        summary["asymmetry_pct"] = main.asymmetry_pct
        summary["finding"] = main.text
    return summary, analysis.warnings, _json(analysis.evidence)


def _json(evidence: Sequence[BaseModel]) -> list[dict[str, Any]]:
    """The typed evidence as the JSON a batch row carries (rows are plain, picklable dicts)."""
    return [e.model_dump(mode="json") for e in evidence]


def _pose_summary(path: Path, options: dict[str, Any]) -> _Outcome:
    from slingcoach.app.analysis import PoseOptions, analyse_pose

    analysis = analyse_pose(
        _source(path),
        PoseOptions(
            task=options.get("task"), layout=options.get("layout"), fps=options.get("rate_hz")
        ),
    )
    info = analysis.info
    summary: dict[str, Any] = {"task": info.task}
    for side, values in info.summary.items():
        summary[f"{side}_reps"] = values.n
        summary[f"{side}_knee_fppa_deg"] = round(values.knee_fppa_deg, 2)
        summary[f"{side}_pelvic_drop_deg"] = round(values.pelvic_drop_deg, 2)
    summary["headline"] = "; ".join(
        f"{side}: {v.n} reps, FPPA {v.knee_fppa_deg:.1f}°, pelvic drop {v.pelvic_drop_deg:.1f}°"
        for side, v in info.summary.items()
    )
    if analysis.evidence:
        summary["finding"] = max(analysis.evidence, key=lambda e: abs(e.difference)).text
    return summary, analysis.warnings, _json(analysis.evidence)


def _emg_summary(path: Path, options: dict[str, Any]) -> _Outcome:
    from slingcoach.app.analysis import EmgOptions, analyse_emg

    analysis = analyse_emg(_source(path), EmgOptions(sampling_rate_hz=options.get("rate_hz")))
    channels, table = analysis.info.channels, analysis.activations
    summary = {
        "channels": len(channels),
        "activations": len(table),
        "headline": f"{len(channels)} EMG channel(s), {len(table)} activation(s)",
    }
    notes = list(analysis.warnings)
    if analysis.firing_note:
        notes.append(f"no firing order: {analysis.firing_note}")
    return summary, notes, _json(analysis.evidence)


def analyse_file(item: BatchItem) -> BatchRow:
    """Analyse one file; never raises (failures become an error row)."""
    import warnings as warnings_module

    start = time.perf_counter()
    path = Path(item.path)
    handlers = {"force": _force_summary, "pose": _pose_summary, "emg": _emg_summary}
    handler = handlers.get(item.kind)
    if handler is None:
        return BatchRow(item.path, item.kind, "unsupported", 0.0, message="unknown file kind")
    try:
        with warnings_module.catch_warnings(record=True) as caught:
            warnings_module.simplefilter("always")
            summary, notes, evidence = handler(path, dict(item.options))
        notes.extend(str(w.message) for w in caught)
    except SlingcoachError as exc:
        return BatchRow(item.path, item.kind, "error", _since(start), message=str(exc))
    except OSError as exc:
        return BatchRow(
            item.path,
            item.kind,
            "error",
            _since(start),
            message=f"{item.path}: {exc.strerror or exc}",
        )
    except Exception as exc:  # a batch never dies on one file
        return BatchRow(
            item.path,
            item.kind,
            "error",
            _since(start),
            message=f"{item.path}: internal error {type(exc).__name__}: {exc}",
        )
    return BatchRow(
        item.path, item.kind, "ok", _since(start), summary, warnings=notes, evidence=evidence
    )


def batch_item(
    path: str | Path, kind: str, *, task: str | None = None, rate_hz: float | None = None
) -> BatchItem:
    """A batch item from the words an intake file uses (``kind`` emg/forceplate/pose, a task).

    A force task that is a trial type (cmj, sj, dj, squat, deadlift, imtp) becomes the trial;
    a pose task (single-leg-squat, step-down, stance) the task; anything else is left to
    detection. Pass the item to :func:`analyse_file`; its row carries the ``evidence``.
    """
    chosen = {"forceplate": "force", "force": "force", "pose": "pose", "emg": "emg"}.get(kind)
    if chosen is None:
        raise InvalidInputError(
            f"recording kind {kind!r} is not one of emg, forceplate, pose", source=str(path)
        )
    options: dict[str, Any] = {}
    if chosen == "force":
        options["trial"] = task if task in _TRIAL_WORDS else "auto"
    elif chosen == "pose" and task in ("single-leg-squat", "step-down", "stance"):
        options["task"] = task
    if rate_hz is not None:
        options["rate_hz"] = rate_hz
    return BatchItem(str(path), chosen, options)  # type: ignore[arg-type]


def _since(start: float) -> float:
    return round(time.perf_counter() - start, 4)


# -- many files -------------------------------------------------------------------------


def batch_run(
    items: Iterable[BatchItem],
    /,
    *,
    workers: int | None = None,
    dask_address: Any = None,
    on_done: Callable[[BatchRow], None] | None = None,
) -> list[BatchRow]:
    """Analyse every item; rows come back sorted by path.

    ``workers``: processes (default: all cores; 1 runs in this process).
    ``dask_address``: a scheduler address (``"tcp://host:8786"``) or a cluster object;
    the same work is then sent to that Dask cluster instead.
    ``on_done`` is called with each row as it finishes (for a progress bar).
    """
    todo = list(items)
    rows: list[BatchRow] = []

    def done(row: BatchRow) -> None:
        rows.append(row)
        if on_done is not None:
            on_done(row)

    if dask_address is not None:
        _run_dask(todo, dask_address, done)
    else:
        if workers is not None and workers < 1:
            raise InvalidInputError(
                f"workers must be at least 1, got {workers}", source="--workers"
            )
        n = workers or os.cpu_count() or 1
        if n == 1 or len(todo) <= 1:
            for item in todo:
                done(analyse_file(item))
        else:
            _run_pool(todo, min(n, len(todo)), done)
    return sorted(rows, key=lambda r: r.path)


def _run_pool(todo: list[BatchItem], n: int, done: Callable[[BatchRow], None]) -> None:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=n) as pool:
        futures = {pool.submit(analyse_file, item): item for item in todo}
        for future in as_completed(futures):
            item = futures[future]
            try:
                row = future.result()
            except Exception as exc:  # a worker process died (memory, signal)
                row = BatchRow(
                    item.path,
                    item.kind,
                    "error",
                    0.0,
                    message=f"worker failed: {type(exc).__name__}: {exc}",
                )
            done(row)


def _run_dask(todo: list[BatchItem], address: Any, done: Callable[[BatchRow], None]) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - distributed is a declared dependency
        raise InvalidInputError("--dask needs the 'distributed' package", source="--dask") from None
    try:
        client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise InvalidInputError(
            f"cannot reach the Dask scheduler at {address!r}: {exc}", source="--dask"
        ) from None
    try:
        futures = client.map(analyse_file, todo, pure=False)
        index = {f.key: item for f, item in zip(futures, todo, strict=True)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            item = index[future.key]
            try:
                row = future.result()
            except Exception as exc:
                row = BatchRow(
                    item.path,
                    item.kind,
                    "error",
                    0.0,
                    message=f"dask task failed: {type(exc).__name__}: {exc}",
                )
            done(row)
    finally:
        client.close()  # type: ignore[no-untyped-call]


def batch_summary(rows: list[BatchRow]) -> dict[str, Any]:
    """Counts by status and kind, for the end of a batch."""
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for r in rows:
        by_status[r.status] = by_status.get(r.status, 0) + 1
        by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
    return {"files": len(rows), "by_status": by_status, "by_kind": by_kind}
