"""Firing order (prone hip extension and other tasks) and posterior oblique sling coupling.

The literature does not support one fixed "normal" order (Pierce & Lee 1990; Lehman et
al. 2004; Bruno & Bagust 2006): healthy people often switch the gluteus maximus on after
the hamstrings (Sakamoto et al. 2009; Lehman et al. 2004: ≈ 370 ms after the first
muscle). So nothing here labels a person from order alone. What is flagged, following
the individual approach (Bishop et al. 2021; Exell et al. 2012), is:

* a glute later than the same side's hamstrings by more than the person's own
  trial-to-trial spread (mean delay > SD over trials), and
* a side-to-side difference in that delay larger than ``side_difference_sd`` pooled SDs.

Findings are worded "suggests" and always give the numbers.

Posterior oblique sling coupling (Mooney et al. 2001; Lehman et al. 2004): for each
gluteus maximus and the *opposite* latissimus dorsi, the overlap of their active periods
(intersection over union), the Pearson correlation of their linear envelopes and the
lat − glute onset delay per trial.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from slingcoach.errors import AnalysisError, InvalidInputError
from slingcoach.signals.emg import (
    DEFAULT_ONSET_METHOD,
    ONSET_DEFAULTS,
    SOURCES,
    FilterPhase,
    OnsetMethod,
    emg_clean,
    emg_envelope,
    emg_onsets,
    filter_text,
)
from slingcoach.signals.emg_models import (
    Coupling,
    EmgEvidence,
    FiringChannel,
    FiringOrderResult,
    FiringParameters,
    OnsetResult,
    OrderEntry,
    Role,
    SideSummary,
    TrialOnsets,
    TrialSplit,
)
from slingcoach.signals.recording import FloatArray, Recording
from slingcoach.vocab import Side

__all__ = [
    "FIRING_SOURCES",
    "ROLES",
    "Coupling",
    "FiringOrderResult",
    "SideSummary",
    "TrialOnsets",
    "emg_evidence",
    "emg_firing_order",
    "firing_channels",
]

#: Muscle id → role in the firing-order analysis.
ROLES: dict[str, Role] = {
    "gluteus-maximus": "glute",
    "biceps-femoris": "hamstrings",
    "semitendinosus": "hamstrings",
    "semimembranosus": "hamstrings",
    "erector-spinae": "erector-spinae",
    "latissimus-dorsi": "latissimus-dorsi",
}

FIRING_SOURCES: dict[str, str] = {
    "order": "Pierce & Lee 1990 JOSPT 12:2-9; Lehman et al. 2004 BMC Musculoskelet Disord 5:3; "
    "Sakamoto et al. 2009 J Electromyogr Kinesiol 19:105-112",
    "individual threshold": "Exell et al. 2012 J Sports Sci 30:403-409; Bishop et al. 2021 JSCR 35:695-701",
    "posterior oblique sling": "Mooney et al. 2001 Orthopedics 24:29-32; Vleeming et al. 2012 J Anat 221:537-567",
}

#: A trial window: start and end (s), the side an event named, and where the side came from.
_Window = tuple[float, float, Side | None, Literal["event", "onsets"]]


def _mean_sd(values: Sequence[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    arr = np.asarray(values, dtype=float)
    sd = float(np.std(arr, ddof=1)) if arr.size > 1 else None
    return float(np.mean(arr)), sd


def _side_of_event(name: str) -> Side | None:
    lower = name.lower()
    words = set(lower.replace("_", " ").replace("-", " ").split())
    if "left" in words or lower.startswith("l ") or "l" in words:
        return Side.LEFT
    if "right" in words or lower.startswith("r ") or "r" in words:
        return Side.RIGHT
    return None


def _windows(
    recording: Recording,
    results: dict[str, OnsetResult],
    split: TrialSplit,
    many: bool,
    gap_s: float,
    min_confidence: float,
) -> list[_Window]:
    t0, t1 = float(recording.time[0]), float(recording.time[-1])
    mode = split
    if mode == "auto":
        mode = "events" if recording.events else ("recordings" if many else "gaps")
    if mode == "recordings":
        return [(t0, t1, None, "onsets")]
    if mode == "events":
        if not recording.events:
            raise AnalysisError(
                f"{recording.source}: trials='events' but the recording has no events; "
                "use trials='gaps' or add events"
            )
        evs = list(recording.events)
        out: list[_Window] = []
        for k, ev in enumerate(evs):
            end = evs[k + 1].time if k + 1 < len(evs) else t1
            side = _side_of_event(ev.name)
            out.append((ev.time, end, side, "event" if side else "onsets"))
        return out
    # gaps: cluster the union of all active periods; a silence ≥ gap_s separates trials
    spans = sorted(
        (on, off)
        for r in results.values()
        for on, off, conf in zip(r.onsets_s, r.offsets_s, r.confidence, strict=True)
        if conf >= min_confidence
    )
    if not spans:
        return []
    clusters = [list(spans[0])]
    for on, off in spans[1:]:
        if on - clusters[-1][1] < gap_s:
            clusters[-1][1] = max(clusters[-1][1], off)
        else:
            clusters.append([on, off])
    # each trial starts half a gap before its first onset, so its quiet lead-in is kept
    return [(max(t0, a - 0.5 * gap_s), b, None, "onsets") for a, b in clusters]


def _active_mask(time: FloatArray, result: OnsetResult) -> np.ndarray:
    mask = np.zeros(time.shape[0], dtype=bool)
    for on, off in zip(result.onsets_s, result.offsets_s, strict=True):
        mask[int(np.searchsorted(time, on)) : int(np.searchsorted(time, off, side="right"))] = True
    return mask


def firing_channels(recording: Recording) -> list[str]:
    """The channels :func:`emg_firing_order` uses: one-dimensional, labelled with a side and
    a muscle in :data:`ROLES`."""
    return [
        name
        for name, lab in recording.labels.items()
        if lab.muscle in ROLES and lab.side in ("left", "right") and recording.data[name].ndim == 1
    ]


def _firing_channels(rec: Recording) -> dict[str, FiringChannel]:
    """Muscle, side and role of each usable channel; an error names the channels there are."""
    chans = {
        name: FiringChannel(
            muscle=str(rec.labels[name].muscle),
            side=Side(str(rec.labels[name].side)),
            role=ROLES[str(rec.labels[name].muscle)],
        )
        for name in firing_channels(rec)
    }
    if not chans:
        raise AnalysisError(
            f"{rec.source}: no channel is labelled as gluteus maximus, hamstrings, erector spinae "
            f"or latissimus dorsi with a side (channels: {', '.join(rec.channels)}); name them like "
            "'R_GMAX', 'L BF' or give a label override file"
        )
    return chans


@dataclass
class _Accumulated:
    """What the recordings add up to, recording after recording."""

    channels: dict[str, FiringChannel] = field(default_factory=dict)
    trials: list[TrialOnsets] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # (glute, lat) → [samples both active, samples either active]
    overlap: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    envelopes: dict[tuple[str, str], list[tuple[FloatArray, FloatArray]]] = field(
        default_factory=dict
    )


def _onsets_per_channel(
    cleaned: Recording,
    chans: dict[str, FiringChannel],
    acc: _Accumulated,
    onset_options: dict[str, object],
) -> dict[str, OnsetResult]:
    """Onsets of each channel; a flat or disconnected channel is left out and said so."""
    results: dict[str, OnsetResult] = {}
    for name in list(chans):
        try:
            results[name] = emg_onsets(cleaned, name, clean=False, **onset_options)  # type: ignore[arg-type]
        except AnalysisError as exc:
            acc.skipped.append(f"{name}: {exc}")
            del chans[name]
    return results


def _by_role(chans: dict[str, FiringChannel]) -> dict[tuple[Role, Side], list[str]]:
    out: dict[tuple[Role, Side], list[str]] = {}
    for name, ch in chans.items():
        out.setdefault((ch.role, ch.side), []).append(name)
    return out


def _add_coupling_material(
    rec: Recording,
    cleaned: Recording,
    chans: dict[str, FiringChannel],
    results: dict[str, OnsetResult],
    acc: _Accumulated,
) -> None:
    """Overlap counts and envelopes of each glute with the opposite lat."""
    roles = _by_role(chans)
    envelope = emg_envelope(cleaned, list(chans))
    for glute_side in Side:
        for g in roles.get(("glute", glute_side), []):
            for lat in roles.get(("latissimus-dorsi", glute_side.other), []):
                mg, ml = _active_mask(rec.time, results[g]), _active_mask(rec.time, results[lat])
                counts = acc.overlap.setdefault((g, lat), [0.0, 0.0])
                counts[0] += float(np.sum(mg & ml))
                counts[1] += float(np.sum(mg | ml))
                acc.envelopes.setdefault((g, lat), []).append(
                    (envelope.data[g], envelope.data[lat])
                )


def _trial(
    index: int,
    window: _Window,
    rec: Recording,
    chans: dict[str, FiringChannel],
    results: dict[str, OnsetResult],
    min_confidence: float,
) -> TrialOnsets | None:
    """Each channel's first confident onset in the window, the order and the leg's delay."""
    start, end, side, side_from = window
    onsets: dict[str, float | None] = {}
    for name, res in results.items():
        inside = [
            t
            for t, conf in zip(res.onsets_s, res.confidence, strict=True)
            if start <= t <= end and conf >= min_confidence
        ]
        onsets[name] = inside[0] if inside else None
    present = {k: v for k, v in onsets.items() if v is not None}
    if not present:
        return None
    first = min(present.values())
    how: Literal["event", "onsets", "earliest hip-extensor onset", "unknown"] = side_from
    if side is None:
        hip = [
            (v, chans[k].side)
            for k, v in present.items()
            if chans[k].role in ("glute", "hamstrings")
        ]
        side = min(hip)[1] if hip else None
        how = "earliest hip-extensor onset" if hip else "unknown"
    delay = None
    if side is not None:
        roles = _by_role(chans)
        glutes = [present[n] for n in roles.get(("glute", side), []) if n in present]
        hams = [present[n] for n in roles.get(("hamstrings", side), []) if n in present]
        if glutes and hams:
            delay = round((min(glutes) - min(hams)) * 1000.0, 3)
    return TrialOnsets(
        index=index,
        start_s=round(start, 6),
        end_s=round(end, 6),
        side=side,
        side_from=how,
        onsets_s={k: (round(v, 6) if v is not None else None) for k, v in onsets.items()},
        delays_ms={
            k: (round((v - first) * 1000.0, 3) if v is not None else None)
            for k, v in onsets.items()
        },
        order=sorted(present, key=lambda k: present[k]),
        glute_minus_hamstrings_ms=delay,
        source=rec.source,
    )


def _side_summary(
    side: Side, trials: list[TrialOnsets], channels: dict[str, FiringChannel]
) -> SideSummary:
    """Mean and SD of one side's glute − hamstrings delay; its mean order."""
    delays = [
        t.glute_minus_hamstrings_ms for t in trials if t.glute_minus_hamstrings_ms is not None
    ]
    mean, sd = _mean_sd(delays)
    late = mean is not None and sd is not None and mean > 0 and mean > sd
    order: list[OrderEntry] = []
    for name, ch in channels.items():
        values = [float(v) for t in trials if (v := t.delays_ms.get(name)) is not None]
        m, s = _mean_sd(values)
        if m is not None:
            order.append(
                OrderEntry(
                    channel=name,
                    muscle=ch.muscle,
                    side=ch.side,
                    role=ch.role,
                    mean_ms=round(m, 1),
                    sd_ms=None if s is None else round(s, 1),
                    n=len(values),
                )
            )
    order.sort(key=lambda row: row.mean_ms)
    return SideSummary(
        side=side,
        n_trials=len(trials),
        delays_ms=delays,
        mean_ms=None if mean is None else round(mean, 1),
        sd_ms=None if sd is None else round(sd, 1),
        glute_late=late,
        mean_order=order,
    )


def _side_difference(sides: dict[Side, SideSummary], k: float) -> tuple[float | None, bool]:
    """Right − left mean delay, flagged above k pooled SDs (Exell et al. 2012)."""
    left, right = sides.get(Side.LEFT), sides.get(Side.RIGHT)
    if not (left and right and left.mean_ms is not None and right.mean_ms is not None):
        return None, False
    diff = round(right.mean_ms - left.mean_ms, 1)
    if left.sd_ms is None or right.sd_ms is None:
        return diff, False
    # pooled SD of two groups of equal size (Cohen 1988); flagging a side gap beyond
    # the person's own spread follows Exell et al. 2012 (the multiple is our convention)
    pooled = math.sqrt((left.sd_ms**2 + right.sd_ms**2) / 2.0)
    return diff, abs(diff) > k * pooled


def _couplings(acc: _Accumulated) -> list[Coupling]:
    """Overlap, envelope correlation and lat − glute onset delays of each sling pair."""
    couplings: list[Coupling] = []
    for (g, lat), (inter, union) in acc.overlap.items():
        env_g = np.concatenate([a for a, _ in acc.envelopes[(g, lat)]])
        env_l = np.concatenate([b for _, b in acc.envelopes[(g, lat)]])
        corr = (
            float(np.corrcoef(env_g, env_l)[0, 1])
            if np.std(env_g) > 0 and np.std(env_l) > 0
            else 0.0
        )
        side = acc.channels[g].side
        lat_delays = [
            round((on_l - on_g) * 1000.0, 3)
            for t in acc.trials
            if (on_g := t.onsets_s.get(g)) is not None
            and (on_l := t.onsets_s.get(lat)) is not None
            and t.side in (side, None)
        ]
        m, s = _mean_sd(lat_delays)
        couplings.append(
            Coupling(
                side=side,
                glute_channel=g,
                lat_channel=lat,
                overlap=round(inter / union, 3) if union else 0.0,
                envelope_correlation=round(corr, 3),
                onset_delays_ms=lat_delays,
                onset_delay_mean_ms=None if m is None else round(m, 1),
                onset_delay_sd_ms=None if s is None else round(s, 1),
            )
        )
    return couplings


def emg_firing_order(
    recordings: Recording | Sequence[Recording],
    /,
    *,
    method: OnsetMethod = DEFAULT_ONSET_METHOD,
    trials: TrialSplit = "auto",
    trial_gap_s: float = 0.5,
    side_difference_sd: float = 2.0,
    min_confidence: float = 0.1,
    baseline: tuple[float, float] | Literal["auto"] = "auto",
    min_active_ms: float = 50.0,
    min_inactive_ms: float = 50.0,
    lowcut_hz: float = 20.0,
    highcut_hz: float = 450.0,
    notch_hz: float | None = None,
    filter_phase: FilterPhase = "causal",
    clean: bool = True,
    **params: float,
) -> FiringOrderResult:
    """Onset order and delays of glutes, hamstrings, erector spinae and lats, per trial and side.

    Parameters
    ----------
    recordings
        One recording (trials split by its events or by silences), or several (one trial
        each, unless they carry events). Channels must be labelled with muscle and side
        (see :func:`slingcoach.signals.labels.emg_label`).
    method, baseline, min_active_ms, min_inactive_ms, **params
        Passed to :func:`slingcoach.signals.emg.emg_onsets`.
    trials
        ``"events"``: a trial runs from each event to the next; an event name with
        ``left``/``right`` gives the moving leg. ``"gaps"``: activity separated by at least
        ``trial_gap_s`` of silence on every channel. ``"recordings"``: one trial per
        recording. ``"auto"``: events if any, else one per recording when several, else gaps.
        Without a side from the event, a trial's leg is the side of its earliest glute or
        hamstring onset.
    min_confidence
        Activations whose onset confidence is below this are not used as trial onsets (on
        real recordings they are mostly baseline fluctuations); 0 keeps every activation.
    side_difference_sd
        A left/right difference in mean glute − hamstrings delay is flagged above this many
        pooled trial-to-trial SDs (1–2 SD suggested in the literature; 2 is conservative).
    clean, lowcut_hz, highcut_hz, notch_hz, filter_phase
        Band-pass first with :func:`slingcoach.signals.emg.emg_clean`; ``clean=False`` for
        data already band-passed with these settings (they are then only reported).
    """
    recs = [recordings] if isinstance(recordings, Recording) else list(recordings)
    if not recs:
        raise InvalidInputError("no recordings given", source="recordings")
    onset_options: dict[str, object] = {
        "method": method,
        "baseline": baseline,
        "min_active_ms": min_active_ms,
        "min_inactive_ms": min_inactive_ms,
        **params,
    }
    acc = _Accumulated()
    for rec in recs:
        chans = _firing_channels(rec)
        cleaned = (
            emg_clean(
                rec,
                list(chans),
                lowcut_hz=lowcut_hz,
                highcut_hz=highcut_hz,
                notch_hz=notch_hz,
                phase=filter_phase,
            )
            if clean
            else rec
        )
        results = _onsets_per_channel(cleaned, chans, acc, onset_options)
        acc.channels.update(chans)
        _add_coupling_material(rec, cleaned, chans, results, acc)
        for window in _windows(rec, results, trials, len(recs) > 1, trial_gap_s, min_confidence):
            trial = _trial(len(acc.trials), window, rec, chans, results, min_confidence)
            if trial is not None:
                acc.trials.append(trial)
    if not acc.trials:
        raise AnalysisError(
            f"{', '.join(r.source for r in recs)}: no muscle activity was detected, so there is "
            "no trial to order"
        )
    sides = {
        side: _side_summary(side, mine, acc.channels)
        for side in (Side.RIGHT, Side.LEFT)
        if (mine := [t for t in acc.trials if t.side == side])
    }
    diff, diff_flag = _side_difference(sides, side_difference_sd)
    couplings = _couplings(acc)
    notes = _notes(sides, diff, diff_flag, couplings, side_difference_sd)
    notes += [f"Channel left out, {reason}" for reason in acc.skipped]
    return FiringOrderResult(
        method=method,
        channels=acc.channels,
        trials=acc.trials,
        sides=sides,
        side_difference_ms=diff,
        side_difference_flag=diff_flag,
        coupling=couplings,
        notes=notes,
        parameters=FiringParameters(
            trials=trials,
            trial_gap_s=trial_gap_s,
            side_difference_sd=side_difference_sd,
            min_confidence=min_confidence,
            baseline="auto" if baseline == "auto" else (float(baseline[0]), float(baseline[1])),
            min_active_ms=min_active_ms,
            min_inactive_ms=min_inactive_ms,
            band_pass_hz=(lowcut_hz, highcut_hz),
            filter=filter_text(filter_phase),
            notch_hz=notch_hz,
            onset={**ONSET_DEFAULTS[method], **{k: float(v) for k, v in params.items()}},
        ),
        sources={**FIRING_SOURCES, "onsets": SOURCES[method]},
    )


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def _notes(
    sides: dict[Side, SideSummary],
    diff: float | None,
    diff_flag: bool,
    couplings: list[Coupling],
    k: float,
) -> list[str]:
    notes: list[str] = []
    parts = []
    for side in (Side.RIGHT, Side.LEFT):
        summary = sides.get(side)
        if summary is None or summary.mean_ms is None:
            continue
        when = "after" if summary.mean_ms >= 0 else "before"
        spread = f", SD {summary.sd_ms:.0f} ms" if summary.sd_ms is not None else ""
        parts.append(
            f"{side} glute onset {abs(summary.mean_ms):.0f} ms {when} {side} hamstrings "
            f"({len(summary.delays_ms)} trial(s){spread})"
        )
    if parts:
        notes.append("; ".join(parts) + ".")
    for side in (Side.RIGHT, Side.LEFT):
        summary = sides.get(side)
        if summary is None:
            continue
        if summary.glute_late:
            notes.append(
                f"The {side} glute switches on later than the {side} hamstrings by more than this "
                f"person's own trial-to-trial spread ({_fmt(summary.mean_ms)} vs SD {_fmt(summary.sd_ms)}); "
                "this suggests hamstring-led hip extension on that side. Healthy people often show "
                "the glute after the hamstrings, so read it with the side-to-side comparison."
            )
        elif summary.sd_ms is None and summary.delays_ms:
            notes.append(f"Only one {side} trial: record at least 3 per side to judge the spread.")
    if diff is not None:
        later = "right" if diff > 0 else "left"
        if diff_flag:
            notes.append(
                f"The glute − hamstrings delay differs between sides by {abs(diff):.0f} ms "
                f"(more than {k:g} pooled SDs), which suggests a later {later} glute; "
                "timing alone does not diagnose anything."
            )
        else:
            notes.append(
                f"The side-to-side difference in glute − hamstrings delay ({abs(diff):.0f} ms) is within "
                f"{k:g} pooled SDs of the trial-to-trial spread."
            )
    for c in couplings:
        other = "left" if c.side == "right" else "right"
        timing = (
            f", {other} lat onset {abs(c.onset_delay_mean_ms):.0f} ms "
            f"{'after' if c.onset_delay_mean_ms >= 0 else 'before'} the glute"
            if c.onset_delay_mean_ms is not None
            else ""
        )
        notes.append(
            f"Posterior oblique sling ({c.side} glute with {other} lat): active together "
            f"{100 * c.overlap:.0f} % of their active time, envelope correlation {c.envelope_correlation:.2f}{timing}."
        )
    return notes


def emg_evidence(result: FiringOrderResult, /) -> list[EmgEvidence]:
    """Turn firing-order results into :class:`EmgEvidence` for the assessment.

    ``side`` is the side the finding points at (the later glute) when a flag was raised,
    else ``None``.
    """
    evidence: list[EmgEvidence] = []
    left, right = result.sides.get(Side.LEFT), result.sides.get(Side.RIGHT)
    if (left and left.mean_ms is not None) or (right and right.mean_ms is not None):
        flagged: Side | None = None
        if result.side_difference_flag and result.side_difference_ms is not None:
            flagged = Side.RIGHT if result.side_difference_ms > 0 else Side.LEFT
        else:
            late = [s.side for s in (left, right) if s is not None and s.glute_late]
            flagged = late[0] if len(late) == 1 else None
        evidence.append(
            EmgEvidence(
                test="emg-glute-hamstring-onset-delay",
                side=flagged,
                left=None if left is None else left.mean_ms,
                right=None if right is None else right.mean_ms,
                unit="ms",
                note=" ".join(result.notes[:2]) if result.notes else "",
            )
        )
    by_side = {c.side: c for c in result.coupling}
    if by_side:
        lc, rc = by_side.get(Side.LEFT), by_side.get(Side.RIGHT)
        weaker: Side | None = None
        # slingcoach threshold, no published cut-off exists: the sides' overlaps (intersection
        # over union) must differ by at least 0.2 before one is called weaker
        if lc and rc and abs(lc.overlap - rc.overlap) >= 0.2:
            weaker = Side.LEFT if lc.overlap < rc.overlap else Side.RIGHT
        evidence.append(
            EmgEvidence(
                test="emg-posterior-oblique-sling-overlap",
                side=weaker,
                left=None if lc is None else lc.overlap,
                right=None if rc is None else rc.overlap,
                unit="fraction",
                note="overlap of active periods of each gluteus maximus with the opposite "
                "latissimus dorsi (intersection over union); a side with much less overlap suggests "
                "weaker sling coupling on that side",
            )
        )
        if (lc and lc.onset_delay_mean_ms is not None) or (
            rc and rc.onset_delay_mean_ms is not None
        ):
            evidence.append(
                EmgEvidence(
                    test="emg-posterior-oblique-sling-onset-delay",
                    side=None,
                    left=None if lc is None else lc.onset_delay_mean_ms,
                    right=None if rc is None else rc.onset_delay_mean_ms,
                    unit="ms",
                    note="opposite latissimus dorsi onset minus gluteus maximus onset, mean over trials",
                )
            )
    return evidence
