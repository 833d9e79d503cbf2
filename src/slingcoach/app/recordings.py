"""Read and analyse the recordings an intake names (the I/O side of sensor evidence).

For each ``recordings:`` entry of the intake this module finds the file (relative to the
intake file's folder, or among the files uploaded with it; see
:class:`~slingcoach.app.intakes.IntakeFile`), reads it through
:class:`~slingcoach.app.sources.Source` and runs the matching analysis of
:mod:`slingcoach.signals`:

* ``emg`` → ``read_recording`` → channel labels (convention, ``labels_file``, inline
  ``channels``) → ``emg_firing_order`` → ``emg_evidence``;
* ``forceplate`` → ``force_read`` → ``force_process`` (the task is the trial type) →
  ``force_evidence``;
* ``pose`` → ``pose_read`` → ``pose_process`` (the task, ``side`` as stance leg) →
  ``pose_evidence``.

The results go to the pure builders of :mod:`slingcoach.assessment.sensors`. A file that
cannot be read or analysed becomes an ``error`` entry naming the file and the reason; the
other recordings and the assessment go on (``strict=True`` turns it into an error).
Heavy modules (SciPy through the signals package) are imported only when a recording
is analysed.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from slingcoach.vocab import Side

if TYPE_CHECKING:
    from slingcoach.app.intakes import IntakeFile
    from slingcoach.app.sources import Source
    from slingcoach.assessment.intake import Recording
    from slingcoach.assessment.sensors import SensorEvidence, SensorRecording


def analyse_recordings(intake: IntakeFile, *, strict: bool = False) -> SensorEvidence:
    """Analyse every recording of ``intake``; failures are kept as ``error`` entries.

    With ``strict`` the first failure raises :class:`InvalidRecordingError` instead.
    """
    from slingcoach.assessment.sensors import SensorEvidence
    from slingcoach.errors import InvalidRecordingError

    done: list[SensorRecording] = []
    for number, ref in enumerate(intake.intake.recordings, start=1):
        rec = analyse_one(ref, intake)
        if strict and rec.status == "error":
            raise InvalidRecordingError(
                f"{rec.error} (strict mode stops on a recording that cannot be used; fix or "
                "remove it, or leave strict mode off to assess the rest)",
                source=rec.file,
                location=f"recordings[{number}]",
            )
        done.append(rec)
    return SensorEvidence(recordings=done)


def analyse_one(ref: Recording, intake: IntakeFile) -> SensorRecording:
    """Read and analyse one recording; never raises for a bad file (status ``error``)."""
    from slingcoach.assessment.sensors import error_recording
    from slingcoach.errors import SlingcoachError

    source = intake.file(ref.path)
    if source is None:
        return error_recording(ref, f"file not found (looked {intake.where(ref.path)})")
    analyse = {"emg": _emg, "forceplate": _force, "pose": _pose}[ref.kind]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = analyse(ref, source, intake)
        messages = [*result.warnings, *(str(w.message) for w in caught)]
        return result.model_copy(update={"warnings": list(dict.fromkeys(messages))})
    except SlingcoachError as exc:
        return error_recording(ref, str(exc))
    except OSError as exc:
        return error_recording(
            ref, f"cannot read {exc.filename or source.name}: {exc.strerror or exc}"
        )
    except UnicodeDecodeError as exc:
        return error_recording(
            ref, f"{source.name}: not a text file (byte {exc.start} is not UTF-8)"
        )
    except Exception as exc:  # one bad recording never stops the assessment of the rest
        return error_recording(
            ref, f"{source.name}: could not be analysed ({type(exc).__name__}: {exc})"
        )


def _round(value: Any, digits: int = 3) -> Any:
    return round(value, digits) if isinstance(value, float) else value


def _emg(ref: Recording, source: Source, intake: IntakeFile) -> SensorRecording:
    from slingcoach.app.analysis import EmgOptions, analyse_emg
    from slingcoach.assessment.sensors import EmgMetrics, EmgSideMetrics, ok_recording
    from slingcoach.errors import InvalidInputError, InvalidRecordingError

    labels = None
    if ref.labels_file:
        labels = intake.file(ref.labels_file)
        if labels is None:
            raise InvalidInputError(
                f"labels_file not found (looked {intake.where(ref.labels_file)})"
            )
    options = EmgOptions(
        method=ref.method,  # None: the onset method signals uses by default
        sampling_rate_hz=ref.sampling_rate_hz,
        labels=labels,
        channels=ref.channels,
    )
    analysis = analyse_emg(source, options)
    result = analysis.firing
    if result is None:
        channels = ", ".join(analysis.recording.channels)
        raise InvalidRecordingError(
            f"{analysis.firing_note} (channels: {channels}); give `channels:` overrides such "
            "as {EMG1: right gluteus-maximus}",
            source=source.name,
        )
    recording = analysis.recording
    overlap = {coupling.side: _round(coupling.overlap) for coupling in result.coupling}
    sides = {
        side: EmgSideMetrics(
            glute_minus_hamstrings_ms=_round(summary.mean_ms, 1),
            glute_minus_hamstrings_sd_ms=_round(summary.sd_ms, 1),
            trials=summary.n_trials,
            glute_late=summary.glute_late,
            glute_opposite_lat_overlap=overlap.get(side),
        )
        for side, summary in result.sides.items()
    }
    metrics = EmgMetrics(
        sampling_rate_hz=_round(recording.sampling_rate_hz, 1),
        duration_s=_round(recording.duration_s),
        trials=len(result.trials),
        side_difference_ms=_round(result.side_difference_ms, 1),
        side_difference_flag=result.side_difference_flag,
        left=sides.get(Side.LEFT),
        right=sides.get(Side.RIGHT),
    )
    unknown = analysis.unknown_labels
    notes = [f"channels without a muscle/side: {', '.join(unknown)}"] if unknown else []
    return ok_recording(
        ref,
        evidence=analysis.evidence,
        metrics=metrics,
        method=f"firing order, {result.method} onsets; " + " ".join(result.notes[:1]),
        parameters={"onset_method": result.method, **result.parameters.model_dump(mode="json")},
        sources=dict(result.sources),
        warnings=[*notes, *analysis.warnings],
    )


def _force(ref: Recording, source: Source, intake: IntakeFile) -> SensorRecording:
    from slingcoach.app.analysis import ForceOptions, analyse_force
    from slingcoach.assessment.sensors import ForceMetrics, ok_recording

    analysis = analyse_force(
        source,
        ForceOptions(
            trial=ref.task,
            sampling_rate_hz=ref.sampling_rate_hz,
            left=ref.left,
            right=ref.right,
            total=ref.total,
        ),
    )
    result = analysis.result
    shares: dict[str, float] = {}
    for phase in result.phases:
        if phase.left_share_pct is not None and phase.name not in ("weighing", "flight"):
            shares.setdefault(phase.name, _round(phase.left_share_pct, 1))
    metrics = ForceMetrics(
        trial_type=result.trial_type,
        plates=result.plates,
        body_mass_kg=_round(result.body_mass_kg, 2),
        jump_height_m=_round(result.jump_height_m),
        jump_height_flight_m=_round(result.jump_height_flight_m),
        flight_time_s=_round(result.flight_time_s),
        contact_time_s=_round(result.contact_time_s),
        rsi=_round(result.rsi),
        reps=len(result.reps) or None,
        left_share_pct=shares,
    )
    return ok_recording(
        ref,
        evidence=analysis.evidence,
        trial_type=result.trial_type,
        metrics=metrics,
        method=analysis.method,
        parameters=analysis.parameters.model_dump(mode="json"),
        sources=analysis.sources,
        warnings=analysis.warnings,
    )


def _pose(ref: Recording, source: Source, intake: IntakeFile) -> SensorRecording:
    from slingcoach.app.analysis import PoseOptions, analyse_pose
    from slingcoach.assessment.sensors import PoseMetrics, PoseSideMetrics, ok_recording

    analysis = analyse_pose(
        source,
        PoseOptions(
            task=ref.task,
            layout=ref.layout,
            fps=ref.fps,
            stance_side=ref.side.value if ref.side else None,
        ),
    )
    info = analysis.info
    angles = {
        side: PoseSideMetrics.model_validate(
            {
                key: _round(value, 2)
                for key, value in summary.model_dump().items()
                if key in PoseSideMetrics.model_fields
            }
        )
        for side, summary in info.summary.items()
    }
    metrics = PoseMetrics(
        frames=info.frames,
        reps=len(analysis.reps),
        left=angles.get(Side.LEFT),
        right=angles.get(Side.RIGHT),
    )
    return ok_recording(
        ref,
        evidence=analysis.evidence,
        metrics=metrics,
        method=info.method,
        parameters=info.parameters.model_dump(mode="json"),
        sources=dict(info.sources),
        warnings=analysis.warnings,
    )
