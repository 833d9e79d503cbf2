"""Analyse one recording: EMG, force plates or pose keypoints, from a path or an upload.

The one step from a file to results. ``slingcoach analyse``, the intake's recordings
(:mod:`slingcoach.app.recordings`) and the batch runner (:mod:`slingcoach.app.batch`) all
call these functions. An option left at ``None`` takes the default of the
:mod:`slingcoach.signals` function it goes to, so each default (the EMG onset method, the
take-off threshold, the frame rate, ...) is defined once, where the method is.

Warnings raised while reading and analysing are collected in the result's ``warnings``.
Heavy modules (NumPy, SciPy) are imported when a recording is analysed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slingcoach.app.sources import Source

if TYPE_CHECKING:
    from pathlib import Path

    from slingcoach.signals.emg_models import (
        Activation,
        EmgEvidence,
        EmgInfo,
        FiringOrderResult,
    )
    from slingcoach.signals.force_models import ForceEvidence, ForceParameters, ForceResult
    from slingcoach.signals.pose_models import PoseEvidence, PoseInfo, PoseRep
    from slingcoach.signals.recording import ChannelLabel, Recording


def _given(**options: Any) -> dict[str, Any]:
    """The options that were given (``None`` leaves the signals function's default)."""
    return {name: value for name, value in options.items() if value is not None}


def _read(source: Source, what: str, read: Callable[[Path], Recording]) -> Recording:
    """Read ``source`` with ``read``; an upload's temporary file is named by its upload name.

    Uploads are read from a private temporary copy; its path must not show in results or
    messages, so the recording's ``source`` and any error message name the upload instead.
    """
    import dataclasses

    from slingcoach.errors import SlingcoachError
    from slingcoach.inputs import limits

    with source.as_file(what=what, max_bytes=limits().max_recording_bytes) as path:
        try:
            recording = read(path)
        except SlingcoachError as exc:
            if source.path is None:
                exc.args = (str(exc).replace(str(path), source.name), *exc.args[1:])
                if getattr(exc, "source", None) == str(path):
                    exc.source = source.name  # type: ignore[attr-defined]
            raise
    if source.path is None:
        recording = dataclasses.replace(recording, source=source.name)
    return recording


@contextmanager
def _collected(into: list[str]) -> Iterator[None]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    into.extend(str(w.message) for w in caught if str(w.message) not in into)


# ---------------------------------------------------------------------------- EMG
@dataclass(frozen=True)
class EmgOptions:
    """How to analyse an EMG recording; ``None`` = the signals default.

    ``labels`` is a YAML/JSON label-override file and ``channels`` inline overrides
    (``{"EMG3": "right gluteus-maximus"}``); inline ones win.
    """

    method: str | None = None
    sampling_rate_hz: float | None = None
    labels: Source | None = None
    channels: Mapping[str, str] = field(default_factory=dict)
    trials: str | None = None
    baseline: tuple[float, float] | None = None
    notch_hz: float | None = None


@dataclass(frozen=True)
class EmgAnalysis:
    """An EMG recording analysed: activations per channel and, with labelled glute,
    hamstring, erector and lat channels, the firing order and its evidence."""

    recording: Recording
    activations: list[Activation]
    info: EmgInfo
    firing: FiringOrderResult | None
    firing_note: str | None
    evidence: list[EmgEvidence]
    unknown_labels: list[str]
    warnings: list[str]


def _overrides(options: EmgOptions, source_name: str) -> dict[str, ChannelLabel]:
    from slingcoach.signals.io import read_label_overrides
    from slingcoach.signals.labels import parse_label_overrides

    overrides: dict[str, ChannelLabel] = {}
    if options.labels is not None:
        with options.labels.as_file(what="label file") as path:
            overrides.update(read_label_overrides(path))
    if options.channels:
        overrides.update(
            parse_label_overrides(dict(options.channels), source=f"{source_name}: channels")
        )
    return overrides


def analyse_emg(source: Source, options: EmgOptions | None = None) -> EmgAnalysis:
    """Read an EMG recording, label its channels, find activations and the firing order.

    Raises
    ------
    InvalidInputError
        The file cannot be read, or has no EMG channel (the message lists the channels).
    """
    from slingcoach.errors import AnalysisError, InvalidInputError
    from slingcoach.signals.emg import emg_clean, emg_process
    from slingcoach.signals.emg_firing import emg_evidence, emg_firing_order, firing_channels
    from slingcoach.signals.io import emg_channels, read_recording
    from slingcoach.signals.labels import emg_label

    options = options or EmgOptions()
    messages: list[str] = []
    with _collected(messages):
        rate = _given(sampling_rate_hz=options.sampling_rate_hz)
        recording = _read(source, "EMG recording", lambda path: read_recording(path, **rate))
        overrides = _overrides(options, source.name)
        names = emg_channels(recording)
        others = [n for n in recording.channels if n not in names and n not in overrides]
        recording, unknown = emg_label(recording, overrides=overrides, skip=others, warn=False)
        names = [n for n in emg_channels(recording) if n in recording.data]
        roles = firing_channels(recording)
        if not names and not roles:
            listing = ", ".join(f"{n} [{recording.units.get(n, '')}]" for n in recording.channels)
            raise InvalidInputError(
                "no EMG channel found (channels with units V, mV, µV, counts or none); "
                f"channels are: {listing}",
                source=source.name,
            )
        common = _given(method=options.method, baseline=options.baseline)
        # band-pass each channel once, for both the activation table and the firing order
        cleaned = emg_clean(
            recording, list(dict.fromkeys(names + roles)), **_given(notch_hz=options.notch_hz)
        )
        table, info = emg_process(
            cleaned, names, clean=False, **common, **_given(notch_hz=options.notch_hz)
        )
        firing = None
        evidence: list[EmgEvidence] = []
        note = None
        if roles:
            try:
                firing = emg_firing_order(
                    cleaned,
                    clean=False,
                    **common,
                    **_given(trials=options.trials, notch_hz=options.notch_hz),
                )
                evidence = emg_evidence(firing)
            except AnalysisError as exc:
                note = str(exc)
        else:
            note = (
                "no channel labelled gluteus maximus, hamstrings, erector spinae or latissimus "
                "dorsi with a side; the firing order needs them (name channels like 'R_GMAX' "
                "or give label overrides)"
            )
    return EmgAnalysis(
        recording=recording,
        activations=table,
        info=info,
        firing=firing,
        firing_note=note,
        evidence=evidence,
        unknown_labels=unknown,
        warnings=messages,
    )


# ---------------------------------------------------------------------------- force plates
@dataclass(frozen=True)
class ForceOptions:
    """How to analyse a force-plate trial; ``None`` = the signals default."""

    trial: str | None = None
    sampling_rate_hz: float | None = None
    left: str | None = None
    right: str | None = None
    total: str | None = None
    takeoff_threshold_N: float | None = None
    landing_threshold_N: float | None = None
    position: str | None = None
    weigh: tuple[float, float] | None = None


@dataclass(frozen=True)
class ForceAnalysis:
    """A force-plate trial analysed: the typed result, how it was made, and its evidence."""

    recording: Recording
    result: ForceResult
    method: str
    parameters: ForceParameters
    sources: dict[str, str]
    evidence: list[ForceEvidence]
    warnings: list[str]


def analyse_force(source: Source, options: ForceOptions | None = None) -> ForceAnalysis:
    """Read a force-plate file and find the phases, per-leg impulses and jump metrics."""
    from slingcoach.signals.force import force_evidence, force_process
    from slingcoach.signals.force_io import force_read

    options = options or ForceOptions()
    messages: list[str] = []
    with _collected(messages):
        rate = _given(sampling_rate_hz=options.sampling_rate_hz)
        recording = _read(source, "force-plate recording", lambda path: force_read(path, **rate))
        _, info = force_process(
            recording,
            **_given(
                trial_type=options.trial,
                left=options.left,
                right=options.right,
                total=options.total,
                takeoff_threshold_N=options.takeoff_threshold_N,
                landing_threshold_N=options.landing_threshold_N,
                position=options.position,
                weigh=options.weigh,
            ),
        )
    result = info.result
    for message in result.warnings:
        if message not in messages:
            messages.append(message)
    return ForceAnalysis(
        recording=recording,
        result=result,
        method=info.method,
        parameters=info.parameters,
        sources=dict(info.sources),
        evidence=force_evidence(result),
        warnings=messages,
    )


# ---------------------------------------------------------------------------- pose
@dataclass(frozen=True)
class PoseOptions:
    """How to analyse pose keypoints; ``None`` = the signals default."""

    task: str | None = None
    layout: str | None = None
    fps: float | None = None
    stance_side: str | None = None
    calibration_frame: int | None = None


@dataclass(frozen=True)
class PoseAnalysis:
    """Pose keypoints analysed: one row per repetition, the summary, and the evidence."""

    recording: Recording
    reps: list[PoseRep]
    info: PoseInfo
    evidence: list[PoseEvidence]
    warnings: list[str]


def analyse_pose(source: Source, options: PoseOptions | None = None) -> PoseAnalysis:
    """Read keypoints and measure knee FPPA, hip adduction, pelvic drop and trunk lean."""
    from slingcoach.signals.pose import pose_evidence, pose_process
    from slingcoach.signals.pose_io import pose_read

    options = options or PoseOptions()
    messages: list[str] = []
    with _collected(messages):
        layout = _given(layout=options.layout, fps=options.fps)
        recording = _read(source, "pose recording", lambda path: pose_read(path, **layout))
        rows, info = pose_process(
            recording,
            **_given(
                task=options.task,
                stance_side=options.stance_side,
                calibration_frame=options.calibration_frame,
            ),
        )
    for message in info.warnings:
        if message not in messages:
            messages.append(message)
    return PoseAnalysis(
        recording=recording, reps=rows, info=info, evidence=pose_evidence(info), warnings=messages
    )
