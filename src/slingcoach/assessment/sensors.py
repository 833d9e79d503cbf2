"""Sensor results as assessment evidence (pure: no files, no signal processing here).

The application layer reads and analyses the recordings named in the intake
(:mod:`slingcoach.app.recordings`) and hands the typed evidence of ``slingcoach.signals``
(:class:`EmgEvidence`, :class:`ForceEvidence`, :class:`PoseEvidence` from ``emg_evidence``,
``force_evidence``, ``pose_evidence``) to the builders below. They
become :class:`SensorRecording` entries of a :class:`SensorEvidence`, which
:func:`slingcoach.assessment.assess` takes as ``sensor_evidence=``. There each result that
points at a side is mapped onto a sling:

* EMG, glute later than the same side's hamstrings beyond the person's own spread or a
  side-to-side difference in that delay (the rule of ``signals.emg_firing``, after Exell
  et al. 2012 and Bishop et al. 2021) → posterior oblique sling of that side, and the deep
  longitudinal sling of that side when the field tests already found it (hamstring-led
  hip extension; Sakamoto et al. 2009; Hungerford et al. 2003);
* EMG, clearly less glute–opposite-lat overlap on one side → posterior oblique sling of
  that side (Mooney et al. 2001);
* force plates, the main phase's bilateral asymmetry ``|L − R| / (L + R) × 100`` (Bishop
  et al. 2018, relative to the total for bilateral tasks) at or above the watch threshold
  → the leg end of the posterior oblique sling of the weaker side (counted like the hop
  tests of the battery);
* pose, a side difference in pelvic drop, knee valgus (FPPA), hip adduction or trunk lean
  of at least :data:`POSE_MIN_DIFFERENCE_DEG` → the lateral sling of the worse stance leg.

Confidence rules (a slingcoach convention, documented in docs/assessment.md): +0.10 per
agreeing recording (at most +0.20), −0.15 per recording pointing the other way. A sling
that no field test flagged gets a sensor-only finding of low severity: 0.30 for one
recording, 0.45 for two or more, +0.10 per corroborating sign (at most +0.20).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.assessment import asymmetry as asym
from slingcoach.assessment.battery import battery
from slingcoach.assessment.findings import (
    _SLING_WORDS,
    Evidence,
    Finding,
    SidedMuscle,
    _anatomy_partners,
    _chain_words,
    _confidence_band,
    _extra_compensators,
    _signs_for,
    _suggestions,
    finding_id,
    strongest_first,
)
from slingcoach.assessment.intake import Intake, Recording, RecordingKind
from slingcoach.assessment.results import TestResult
from slingcoach.signals.emg_models import EmgEvidence
from slingcoach.signals.force_models import ForceEvidence
from slingcoach.signals.pose_models import PoseEvidence
from slingcoach.vocab import Side

#: Smallest pose side difference that counts: the upper end of the 2D FPPA standard error
#: of measurement (2–4°, Gwynne & Curran 2014 IJSPT 9:898-906).
POSE_MIN_DIFFERENCE_DEG = 4.0

#: The force phase whose asymmetry counts, per trial type (McMahon et al. 2018 phases;
#: lifts pooled over reps; IMTP the pull).
FORCE_KEY_PHASE: dict[str, str] = {
    "cmj": "propulsion",
    "sj": "propulsion",
    "dj": "propulsion",
    "squat": "up",
    "deadlift": "up",
    "imtp": "pull",
}

#: How recordings move a finding's confidence, and a sensor-only finding's starting confidence:
#: a slingcoach convention (docs/assessment.md §7a), on the scale of findings._confidence.
AGREE_BONUS = 0.10
AGREE_BONUS_MAX = 0.20
DISAGREE_PENALTY = 0.15
SENSOR_ONLY_BASE = {1: 0.30, 2: 0.45}

_POSE_WORDS = {
    "pelvic_drop": "pelvic drop",
    "knee_fppa": "knee valgus (FPPA)",
    "hip_adduction": "hip adduction",
    "trunk_lean": "trunk lean",
}
_KIND_WORDS = {"emg": "EMG", "forceplate": "force plates", "pose": "video keypoints"}
_TASK_WORDS = {
    "cmj": "countermovement jump",
    "sj": "squat jump",
    "dj": "drop jump",
    "imtp": "isometric mid-thigh pull",
    "auto": "force-plate trial",
}


class SensorItem(BaseModel):
    """One left/right result of a recording.

    ``side`` is the side the result points at (the later glute, the weaker leg, the
    stance leg with the larger fault), or ``None``. ``size`` is what the side rule is
    judged on: force bilateral asymmetry in %, pose difference in degrees, EMG delay
    difference in ms. ``key`` marks the result that can become evidence.
    """

    model_config = ConfigDict(frozen=True)
    metric: str
    name: str
    left: float | None
    right: float | None
    unit: str
    side: Side | None
    size: float | None
    key: bool
    flagged_by_analysis: bool = Field(
        default=False, description="the analysis' own rule flagged this side (EMG)"
    )
    text: str


class EmgSideMetrics(BaseModel):
    """One side's firing-order summary (glute onset relative to the same side's hamstrings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    glute_minus_hamstrings_ms: float | None = Field(description="mean delay over the trials")
    glute_minus_hamstrings_sd_ms: float | None
    trials: int = Field(ge=0)
    glute_late: bool = Field(description="the delay is positive and larger than its SD")
    glute_opposite_lat_overlap: float | None = Field(
        default=None, description="fraction of the glute's activity with the opposite lat active"
    )


class EmgMetrics(BaseModel):
    """The key numbers of an analysed EMG recording."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["emg"] = "emg"
    sampling_rate_hz: float
    duration_s: float
    trials: int = Field(ge=0)
    side_difference_ms: float | None = Field(description="right minus left glute delay")
    side_difference_flag: bool | None
    left: EmgSideMetrics | None = None
    right: EmgSideMetrics | None = None


class ForceMetrics(BaseModel):
    """The key numbers of an analysed force-plate trial."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["forceplate"] = "forceplate"
    trial_type: str
    plates: str
    body_mass_kg: float
    jump_height_m: float | None = None
    jump_height_flight_m: float | None = None
    flight_time_s: float | None = None
    contact_time_s: float | None = None
    rsi: float | None = None
    reps: int | None = None
    left_share_pct: dict[str, float] = Field(
        default_factory=dict, description="the left leg's share of each phase's impulse, in %"
    )


class PoseSideMetrics(BaseModel):
    """One stance leg's mean angles at peak knee flexion, in degrees."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    knee_fppa_deg: float | None = None
    hip_adduction_deg: float | None = None
    pelvic_drop_deg: float | None = None
    trunk_lean_deg: float | None = None


class PoseMetrics(BaseModel):
    """The key numbers of analysed pose keypoints."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["pose"] = "pose"
    frames: int | None
    reps: int = Field(ge=0)
    left: PoseSideMetrics | None = None
    right: PoseSideMetrics | None = None


SensorMetrics = Annotated[EmgMetrics | ForceMetrics | PoseMetrics, Field(discriminator="kind")]
"""The typed key numbers of a recording, one model per kind."""


class SensorRecording(BaseModel):
    """One recording of the intake: what was found, or why it could not be used."""

    model_config = ConfigDict(frozen=True)
    file: str = Field(description="the path as written in the intake")
    kind: RecordingKind
    task: str
    side: Side | None = None
    status: Literal["ok", "error"]
    error: str | None = Field(default=None, description="why the recording could not be used")
    metrics: SensorMetrics | None = Field(
        default=None, description="the key numbers (typed per kind); none for an error"
    )
    method: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    sources: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    items: list[SensorItem] = Field(default_factory=list)
    used_in: list[str] = Field(
        default_factory=list, description="ids of the findings this recording is evidence in"
    )


#: Version of the sensor-evidence document's layout; a reader refuses another one.
#: 2.0: the metrics are typed per kind (1.0 had a flat mapping with "left_..." keys).
SCHEMA_VERSION: Final = "2.0"


class SensorEvidence(BaseModel):
    """The analysed recordings handed to :func:`slingcoach.assessment.assess` (a document)."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="slingcoach sensor evidence")

    schema_version: Literal["2.0"] = Field(
        default=SCHEMA_VERSION, description="layout version of this document"
    )
    recordings: list[SensorRecording] = Field(default_factory=list)


NO_SENSORS = SensorEvidence()


# ---------------------------------------------------------------------------- builders
def error_recording(ref: Recording, reason: str) -> SensorRecording:
    """A recording that could not be read or analysed, with the reason in words."""
    return SensorRecording(
        file=ref.path, kind=ref.kind, task=ref.task, side=ref.side, status="error", error=reason
    )


def _emg_delay_text(left: float | None, right: float | None, first: Side | None) -> str:
    values = {"left": left, "right": right}
    order = ["right", "left"] if first is not Side.LEFT else ["left", "right"]
    parts: list[str] = []
    for side in order:
        value = values[side]
        if value is None:
            continue
        when = "after" if value >= 0 else "before"
        if not parts:
            parts.append(f"{side} glute onset {abs(value):.0f} ms {when} {side} hamstrings")
        else:
            parts.append(f"{side} {abs(value):.0f} ms{'' if when == 'after' else ' before'}")
    return "; ".join(parts)


def emg_items(evidence: Sequence[EmgEvidence]) -> list[SensorItem]:
    """Items from :func:`slingcoach.signals.emg_firing.emg_evidence` results."""
    items: list[SensorItem] = []
    for e in evidence:
        left, right, side = e.left, e.right, e.side
        # The two key EMG results point at a side; the other is reported for information.
        key = True
        if e.test == "emg-glute-hamstring-onset-delay":
            metric, name = "glute-hamstring-onset-delay", "glute − hamstrings onset delay"
            text = _emg_delay_text(left, right, side)
        elif e.test == "emg-posterior-oblique-sling-overlap":
            metric, name = "posterior-oblique-sling-overlap", "glute – opposite lat overlap"
            text = _emg_overlap_text(left, right)
        else:  # emg-posterior-oblique-sling-onset-delay
            metric, name = "posterior-oblique-sling-onset-delay", "opposite lat − glute onset delay"
            text = _emg_lat_delay_text(left, right)
            key, side = False, None
        items.append(
            SensorItem(
                metric=metric,
                name=name,
                left=left,
                right=right,
                unit=e.unit,
                side=side,
                size=abs(right - left) if left is not None and right is not None else None,
                key=key,
                flagged_by_analysis=key and side is not None,
                text=text,
            )
        )
    return items


def _emg_overlap_text(left: float | None, right: float | None) -> str:
    """Plain text of the glute – opposite lat co-activation fractions, in %."""
    parts = []
    if right is not None:
        parts.append(f"right glute – left lat active together {100 * right:.0f} %")
    if left is not None:
        parts.append(f"left glute – right lat {100 * left:.0f} %")
    return "; ".join(parts)


def _emg_lat_delay_text(left: float | None, right: float | None) -> str:
    """Plain text of the opposite lat's onset relative to each glute's."""
    return "; ".join(
        f"{'left' if glute == 'right' else 'right'} lat onset {abs(v):.0f} ms "
        f"{'after' if v >= 0 else 'before'} the {glute} glute"
        for glute, v in (("right", right), ("left", left))
        if v is not None
    )


def force_items(evidence: Sequence[ForceEvidence], trial_type: str) -> list[SensorItem]:
    """Items from :func:`slingcoach.signals.force.force_evidence`, one per phase.

    ``side`` is the leg with the smaller share (the weaker leg); ``size`` the bilateral
    asymmetry in % relative to the total (Bishop et al. 2018). A result whose plate sides
    were only assumed (FP1/FP2, ``sides_known`` false) is reported but not ``key``.
    """
    key_phase = FORCE_KEY_PHASE.get(trial_type)
    return [
        SensorItem(
            metric=e.metric.replace(" ", "-"),
            name=e.metric,
            left=e.left,
            right=e.right,
            unit=e.unit,
            side=e.larger_side.other if e.larger_side is not None else None,
            size=abs(e.asymmetry_pct),
            # Plates whose sides were only assumed (FP1/FP2) cannot say which leg is weaker.
            key=e.phase == key_phase and e.sides_known,
            text=e.text,
        )
        for e in evidence
    ]


def pose_items(evidence: Sequence[PoseEvidence]) -> list[SensorItem]:
    """Items from :func:`slingcoach.signals.pose.pose_evidence`; ``side`` is the stance leg
    with more fault."""
    return [
        SensorItem(
            metric=e.metric.replace("_", "-"),
            name=_POSE_WORDS[e.metric],
            left=e.left,
            right=e.right,
            unit=e.unit,
            side=e.larger_side,
            size=abs(e.difference),
            key=True,
            text=e.text,
        )
        for e in evidence
    ]


def ok_recording(
    ref: Recording,
    *,
    evidence: Sequence[EmgEvidence] | Sequence[ForceEvidence] | Sequence[PoseEvidence],
    trial_type: str | None = None,
    metrics: EmgMetrics | ForceMetrics | PoseMetrics | None = None,
    method: str | None = None,
    parameters: Mapping[str, Any] | None = None,
    sources: Mapping[str, str] | None = None,
    warnings: Sequence[str] = (),
) -> SensorRecording:
    """A recording that was analysed: its evidence turned into :class:`SensorItem` s."""
    kinds = {"emg": EmgEvidence, "forceplate": ForceEvidence, "pose": PoseEvidence}
    wrong = [type(e).__name__ for e in evidence if not isinstance(e, kinds[ref.kind])]
    if wrong:
        raise TypeError(f"{ref.kind} recording {ref.path!r} given {', '.join(wrong)}")
    if ref.kind == "emg":
        items = emg_items([e for e in evidence if isinstance(e, EmgEvidence)])
    elif ref.kind == "forceplate":
        items = force_items(
            [e for e in evidence if isinstance(e, ForceEvidence)], trial_type or ref.task
        )
    else:
        items = pose_items([e for e in evidence if isinstance(e, PoseEvidence)])
    return SensorRecording(
        file=ref.path,
        kind=ref.kind,
        task=ref.task,
        side=ref.side,
        status="ok",
        metrics=metrics,
        method=method,
        parameters=dict(parameters or {}),
        sources=dict(sources or {}),
        warnings=list(warnings),
        items=items,
    )


# ---------------------------------------------------------------------------- mapping
def _targets(kind: str, item: SensorItem) -> list[tuple[str, bool]]:
    """(sling, may create a finding) for an item of this kind."""
    if kind == "emg" and item.metric == "glute-hamstring-onset-delay":
        return [("posterior-oblique", True), ("deep-longitudinal", False)]
    if kind == "emg" and item.metric == "posterior-oblique-sling-overlap":
        return [("posterior-oblique", True)]
    if kind == "forceplate":
        return [("posterior-oblique", True)]
    if kind == "pose":
        return [("lateral", True)]
    return []


def _counts(kind: str, item: SensorItem, thresholds: asym.Thresholds) -> bool:
    """Whether an item points at its side strongly enough to be evidence."""
    if not item.key or item.side is None:
        return False
    if kind == "emg":
        return item.flagged_by_analysis
    if kind == "forceplate":
        return item.size is not None and item.size >= thresholds.watch_pct
    return item.size is not None and item.size >= POSE_MIN_DIFFERENCE_DEG


def _status(kind: str, item: SensorItem, thresholds: asym.Thresholds) -> str:
    if kind == "forceplate" and item.size is not None:
        return asym.classify(item.size, thresholds=thresholds)
    return "flagged"


def _evidence(
    rec: SensorRecording, item: SensorItem, thresholds: asym.Thresholds, *, agrees: bool
) -> Evidence:
    task = _TASK_WORDS.get(rec.task, rec.task.replace("-", " "))
    percent = None
    if rec.kind == "forceplate" and item.left is not None and item.right is not None:
        percent = round(asym.percent_difference(abs(item.left), abs(item.right)), 2)
    return Evidence(
        test=f"{rec.kind}-{rec.task}-{item.metric}",
        name=f"{item.name[:1].upper()}{item.name[1:]}, {task} ({_KIND_WORDS[rec.kind]})",
        unit=item.unit,
        left=item.left,
        right=item.right,
        asymmetry=percent,
        weaker_side=item.side,
        status=_status(rec.kind, item, thresholds),
        end="leg",
        agrees=agrees,
        source=rec.kind,
        recording=rec.file,
        text=item.text,
    )


def _before_disclaimer(text: str, sentence: str) -> str:
    tail = " This is a coaching observation, not a diagnosis."
    if text.endswith(tail):
        return text[: -len(tail)] + " " + sentence + tail
    return text + " " + sentence


_Vote = tuple[int, SensorItem]
_Key = tuple[str, Side]  # (sling, the side the sling is named by)


def _joined(votes: list[_Vote], recs: list[SensorRecording]) -> str:
    return "; ".join(
        f"{item.text} ({_KIND_WORDS[recs[i].kind]}, {recs[i].file})" for i, item in votes
    )


def _updated(
    finding: Finding,
    agree: list[_Vote],
    disagree: list[_Vote],
    recs: list[SensorRecording],
    thresholds: asym.Thresholds,
) -> Finding:
    n_agree = len({i for i, _ in agree})
    n_disagree = len({i for i, _ in disagree})
    bonus = min(AGREE_BONUS * n_agree, AGREE_BONUS_MAX)
    score, band = _confidence_band(finding.confidence_score + bonus - DISAGREE_PENALTY * n_disagree)
    evidence = list(finding.evidence)
    evidence += [_evidence(recs[i], item, thresholds, agrees=True) for i, item in agree]
    evidence += [_evidence(recs[i], item, thresholds, agrees=False) for i, item in disagree]
    text = finding.text
    if agree:
        lead = "Lab recordings agree" if n_agree > 1 else "A lab recording agrees"
        text = _before_disclaimer(text, f"{lead}: {_joined(agree, recs)}.")
    disagreements = list(finding.disagreements)
    if disagree:
        disagreements += [
            f"{item.text} ({_KIND_WORDS[recs[i].kind]}, {recs[i].file}) points the other way"
            for i, item in disagree
        ]
        text = _before_disclaimer(
            text,
            f"A lab recording points the other way ({_joined(disagree, recs)}), "
            "so treat this with care.",
        )
    technical = (
        f"{finding.technical} Sensors: {n_agree} agreeing, {n_disagree} opposing recording(s); "
        f"confidence {finding.confidence_score:.2f} → {score:.2f} (+{AGREE_BONUS:.2f} per "
        f"agreeing recording, at most +{AGREE_BONUS_MAX:.2f}; −{DISAGREE_PENALTY:.2f} per "
        "opposing)."
    )
    return finding.model_copy(
        update={
            "evidence": evidence,
            "confidence_score": score,
            "confidence": band,
            "disagreements": disagreements,
            "text": text,
            "technical": technical,
        }
    )


_WEAK_LINK = {"posterior-oblique": "gluteus-maximus", "lateral": "gluteus-medius"}


def _symmetric_tests(results: Sequence[TestResult], sling: str) -> list[TestResult]:
    """Field tests of the sling's leg end that showed no side gap."""
    loads = {t.id: t.slings for t in battery().tests}
    return [
        r
        for r in results
        if r.status in ("fine", "within-error")
        and any(load.sling == sling and load.end in ("leg", "both") for load in loads[r.id])
    ]


def _sensor_only(
    intake: Intake,
    results: Sequence[TestResult],
    sling: str,
    side: Side,
    votes: list[_Vote],
    recs: list[SensorRecording],
    thresholds: asym.Thresholds,
) -> Finding:
    n = len({i for i, _ in votes})
    signs = _signs_for(intake, sling, side)
    neutral = _symmetric_tests(results, sling)
    base = SENSOR_ONLY_BASE.get(n, SENSOR_ONLY_BASE[2])
    # Signs and symmetric field tests weigh as in findings._confidence (+0.10 each up to
    # +0.20; −0.05 each up to −0.15).
    score, band = _confidence_band(
        base + 0.10 * min(len(signs), 2) - min(0.05 * len(neutral), 0.15)
    )
    muscles = [SidedMuscle(side=side, muscle=_WEAK_LINK[sling])]
    partners = [p for p in _anatomy_partners(sling, side) if p not in muscles]
    partners += [
        p for p in _extra_compensators(sling, side, {"leg"}) if p not in partners + muscles
    ]
    tips, focus = _suggestions(sling, side, {"leg"})
    sling_words = f"{side.value} {_SLING_WORDS[sling]}"
    if neutral:
        names = ", ".join(r.name.split(",")[0].lower() for r in neutral)
        field = f"The field tests of this sling ({names}) showed no clear side gap"
    else:
        field = "No field test of this sling showed a side gap"
    text = (
        f"A lab recording suggests your {sling_words} ({_chain_words(sling, side)}) may be "
        f"under-performing: {_joined(votes, recs)}. {field}, so treat it as a lead to "
        "re-test rather than a conclusion."
    )
    if signs:
        text += f" What you told us fits this picture: {', '.join(signs)}."
    if len(tips) > 1:
        text += f" Suggested: {tips[0]}; {tips[1]}."
    text += " This is a coaching observation, not a diagnosis."
    technical = (
        f"{sling} sling of the {side.value} side from sensor recordings only: "
        f"{_joined(votes, recs)}. Corroborating signs: {', '.join(signs) if signs else 'none'}. "
        f"Confidence {score:.2f} ({SENSOR_ONLY_BASE[1]:.2f} for one recording, "
        f"{SENSOR_ONLY_BASE[2]:.2f} for two or more, +0.10 per sign, −0.05 per symmetric "
        f"field test: {len(neutral)})."
    )
    return Finding(
        id=finding_id(sling, side),
        sling=sling,
        sling_side=side,
        side=side,
        ends=["leg"],
        muscles=muscles,
        partners=partners,
        severity="low",
        confidence=band,
        confidence_score=score,
        evidence=[_evidence(recs[i], item, thresholds, agrees=True) for i, item in votes],
        signs=signs,
        disagreements=[],
        text=text,
        technical=technical,
        suggestions=tips,
        focus=focus,
    )


def apply_sensor_evidence(
    intake: Intake,
    findings: list[Finding],
    sensors: SensorEvidence,
    *,
    results: Sequence[TestResult] = (),
    thresholds: asym.Thresholds = asym.DEFAULT_THRESHOLDS,
) -> tuple[list[Finding], list[SensorRecording]]:
    """Add the recordings' results to the findings; return the findings and the recordings.

    A result that points at a side agrees with that side's finding of its sling (raising
    its confidence) and disagrees with the other side's (noted, confidence lowered). A
    sling no field test flagged on either side gets a sensor-only finding where the
    mapping allows it (weighed against the symmetric field ``results`` of that sling).
    Each recording lists the findings it became evidence in.
    """
    recs = list(sensors.recordings)
    votes: dict[tuple[str, Side], list[tuple[int, SensorItem, bool]]] = {}
    for index, rec in enumerate(recs):
        if rec.status != "ok":
            continue
        for item in rec.items:
            if not _counts(rec.kind, item, thresholds):
                continue
            assert item.side is not None
            for sling, create in _targets(rec.kind, item):
                votes.setdefault((sling, item.side), []).append((index, item, create))
    # Findings are matched by their structured (sling, sling side), never by splitting ids.
    by_key = {(f.sling, f.sling_side): f for f in findings}
    agree: dict[_Key, list[_Vote]] = {}
    disagree: dict[_Key, list[_Vote]] = {}
    created: dict[_Key, list[_Vote]] = {}
    for (sling, side), entries in sorted(votes.items(), key=lambda kv: (kv[0][0], kv[0][1].value)):
        own, other = (sling, side), (sling, side.other)
        plain = [(i, item) for i, item, _ in entries]
        if own in by_key:
            agree.setdefault(own, []).extend(plain)
        if other in by_key:
            disagree.setdefault(other, []).extend(plain)
        if own not in by_key and other not in by_key:
            creatable = [(i, item) for i, item, create in entries if create]
            if creatable:
                created[own] = creatable
    out: list[Finding] = []
    for finding in findings:
        key = (finding.sling, finding.sling_side)
        if key in agree or key in disagree:
            finding = _updated(finding, agree.get(key, []), disagree.get(key, []), recs, thresholds)
        out.append(finding)
    made = {
        key: _sensor_only(intake, results, key[0], key[1], votes_, recs, thresholds)
        for key, votes_ in created.items()
    }
    out.extend(made.values())
    out.sort(key=strongest_first)
    ids = {**{key: f.id for key, f in by_key.items()}, **{key: f.id for key, f in made.items()}}
    used: dict[int, list[str]] = {}
    for key, listed in [*agree.items(), *disagree.items(), *created.items()]:
        for i, _ in listed:
            if ids[key] not in used.setdefault(i, []):
                used[i].append(ids[key])
    recs = [
        rec.model_copy(update={"used_in": sorted(used.get(i, []))}) for i, rec in enumerate(recs)
    ]
    return out, recs
