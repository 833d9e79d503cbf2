"""Turn field-test inputs (trials per side) into left/right results with asymmetry.

One :class:`TestResult` per test done: the aggregated left and right values in the
test's unit, the indices of :mod:`slingcoach.assessment.asymmetry`, a status band and
the raw trials. Derived tests: Y-balance composite (Plisky et al. 2006/2009), hand-held
dynamometer force → torque → torque per kg body mass.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from slingcoach.assessment import asymmetry as asym
from slingcoach.assessment.battery import FieldTest, battery
from slingcoach.assessment.intake import (
    BinaryTest,
    HhdTest,
    Intake,
    LeverArm,
    LimbLength,
    QualityAngles,
    QualityFaults,
    QualityTest,
    Reaches,
    Sex,
    TestInput,
    YBalanceTest,
)
from slingcoach.vocab import Severity, Side

# Plisky et al. 2006 JOSPT 36:911-919: anterior reach difference > 4 cm → 2.5x injury risk.
Y_BALANCE_ANTERIOR_DIFF_CM = 4.0
# Composite below this % of limb length: Plisky 2006 (girls < 94.0 %); males 89.6 % (Ness et al., IJSPT).
Y_BALANCE_LOW_COMPOSITE_PCT = {Sex.FEMALE: 94.0, Sex.MALE: 89.6}


class TestResult(BaseModel):
    """One field test's left and right result and how (a)symmetric it is.

    ``signed_percent_difference`` is positive when the left side is the weaker.
    ``error`` is the difference (in ``unit``) below which a gap is called noise, and
    ``error_source`` says where it came from (``mdc``, ``typical-error``, ``trials``).
    """

    model_config = ConfigDict(frozen=True)
    __test__: ClassVar[bool] = False  # not a pytest test class

    id: str
    name: str
    kind: str
    unit: str
    left: float | None
    right: float | None
    higher_is_better: bool
    percent_difference: float | None
    signed_percent_difference: float | None
    weaker_side: Side | None
    lsi: float | None
    symmetry_angle: float | None
    status: asym.Status
    severity: Severity | None
    error: float | None
    error_source: Literal["mdc", "typical-error", "trials"] | None
    trials_left: list[float]
    trials_right: list[float]
    aggregation: Literal["best", "mean"]
    lat_side: bool
    range_of_motion: bool = False
    slings: list[str]
    details: dict[str, Any]
    notes: list[str]


def _as_trials(value: Any) -> list[float]:
    if value is None:
        return []
    if isinstance(value, list):
        return [float(v) for v in value]
    return [float(value)]


def _aggregate(trials: Sequence[float], test: FieldTest) -> float | None:
    """Best (max, or min when lower is better) or mean of the trials, as the protocol says."""
    if not trials:
        return None
    if test.aggregation == "mean":
        return statistics.fmean(trials)
    return max(trials) if test.higher_is_better else min(trials)


def _trial_error(left: Sequence[float], right: Sequence[float]) -> float | None:
    """Pooled within-side SD of the trials (needs >= 2 per side).

    A between-side gap no larger than the athlete's own trial-to-trial variability is not
    called an asymmetry (Exell et al. 2012 J Sports Sci 30:403-409; Bishop et al. 2021).
    """
    if len(left) < 2 or len(right) < 2:
        return None
    return math.sqrt((statistics.variance(left) + statistics.variance(right)) / 2.0)


def severity_of(
    percent_diff: float, status: asym.Status, thresholds: asym.Thresholds
) -> Severity | None:
    """Severity of a banded difference: watch → low; address → moderate; >= 2x address → high.

    The doubling rule is a slingcoach convention on top of the Bishop et al. 2018 / Hewit
    et al. 2012 bands; it only ranks findings, it is not a clinical cut-off.
    """
    if status == "watch":
        return "low"
    if status == "address":
        return "high" if percent_diff >= 2 * thresholds.address_pct else "moderate"
    return None


def _test_thresholds(test: FieldTest, default: asym.Thresholds) -> asym.Thresholds:
    if test.watch_pct is None and test.address_pct is None:
        return default
    return asym.Thresholds(
        watch_pct=test.watch_pct if test.watch_pct is not None else default.watch_pct,
        address_pct=test.address_pct if test.address_pct is not None else default.address_pct,
    )


def _fields(
    test: FieldTest,
    left: float | None,
    right: float | None,
    *,
    higher_is_better: bool,
    error: float | None = None,
    error_source: Literal["mdc", "typical-error", "trials"] | None = None,
    trials_left: list[float] | None = None,
    trials_right: list[float] | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The fields every kind of result fills the same way (all but the asymmetry and notes)."""
    return {
        "id": test.id,
        "name": test.name,
        "kind": test.kind,
        "unit": test.unit,
        "left": left,
        "right": right,
        "higher_is_better": higher_is_better,
        "error": error,
        "error_source": error_source,
        "trials_left": trials_left or [],
        "trials_right": trials_right or [],
        "aggregation": test.aggregation,
        "lat_side": test.lat_side,
        "range_of_motion": test.range_of_motion,
        "slings": sorted({s.sling for s in test.slings}),
        "details": details or {},
    }


def _incomplete(fields: dict[str, Any], notes: list[str]) -> TestResult:
    """A result with a side missing: no asymmetry is computed."""
    return TestResult(
        **fields,
        percent_difference=None,
        signed_percent_difference=None,
        weaker_side=None,
        lsi=None,
        symmetry_angle=None,
        status="incomplete",
        severity=None,
        notes=notes,
    )


def _numeric_result(
    test: FieldTest,
    trials_left: list[float],
    trials_right: list[float],
    *,
    left: float | None,
    right: float | None,
    involved: Side | None,
    thresholds: asym.Thresholds,
    error: float | None = None,
    error_source: Literal["mdc", "typical-error", "trials"] | None = None,
    details: dict[str, Any] | None = None,
    notes: list[str] | None = None,
) -> TestResult:
    thresholds = _test_thresholds(test, thresholds)
    if error is None and test.error is not None and test.error_unit is None:
        error = test.error
        error_source = "mdc" if test.mdc is not None else "typical-error"
    if error is None:
        error = _trial_error(trials_left, trials_right)
        error_source = "trials" if error is not None else None
    base = _fields(
        test,
        left,
        right,
        higher_is_better=test.higher_is_better,
        error=error,
        error_source=error_source,
        trials_left=trials_left,
        trials_right=trials_right,
        details=details,
    )
    notes = list(notes or [])
    if left is None or right is None:
        missing = "left" if left is None else "right"
        return _incomplete(base, [*notes, f"the {missing} side was not tested"])
    pdiff = asym.percent_difference(left, right)
    status = asym.classify(
        pdiff, absolute_difference=abs(left - right), error=error, thresholds=thresholds
    )
    if status == "within-error":
        notes.append(
            f"the {abs(left - right):.3g} {test.unit} gap is within this test's error "
            f"({error:.3g} {test.unit}), so it is not called an asymmetry"
        )
    return TestResult(
        **base,
        percent_difference=pdiff,
        signed_percent_difference=asym.signed_percent_difference(
            left, right, higher_is_better=test.higher_is_better
        ),
        weaker_side=asym.weaker_side(left, right, higher_is_better=test.higher_is_better),
        lsi=asym.limb_symmetry_index(
            left, right, involved=involved, higher_is_better=test.higher_is_better
        ),
        symmetry_angle=asym.symmetry_angle(left, right),
        status=status,
        severity=severity_of(pdiff, status, thresholds),
        notes=notes,
    )


def _y_balance(
    test: FieldTest, data: YBalanceTest, intake: Intake, thresholds: asym.Thresholds
) -> TestResult:
    """Composite = (A + PM + PL) / (3 x limb length) x 100, best reach per direction.

    Plisky et al. 2006 JOSPT 36:911-919 (formula, > 4 cm anterior difference);
    Plisky et al. 2009 NAJSPT 4:92-99 (three trials, best counts).
    """
    lengths = data.limb_length_cm
    length = (
        {Side.LEFT: lengths.left, Side.RIGHT: lengths.right}
        if isinstance(lengths, LimbLength)
        else {Side.LEFT: lengths, Side.RIGHT: lengths}
    )
    composite: dict[Side, float | None] = {}
    best: dict[Side, dict[str, float] | None] = {}
    for side, reaches in ((Side.LEFT, data.left), (Side.RIGHT, data.right)):
        if reaches is None:
            composite[side], best[side] = None, None
            continue
        per_dir = _best_reaches(reaches)
        best[side] = per_dir
        composite[side] = sum(per_dir.values()) / (3 * length[side]) * 100.0
    details: dict[str, Any] = {
        "limb_length_cm": {s.value: length[s] for s in Side},
        "reaches_cm": {s.value: best[s] for s in Side},
    }
    notes: list[str] = []
    left_best, right_best = best[Side.LEFT], best[Side.RIGHT]
    anterior_weaker: Side | None = None
    if left_best is not None and right_best is not None:
        ant_diff = abs(left_best["anterior"] - right_best["anterior"])
        details["anterior_difference_cm"] = ant_diff
        flagged = ant_diff > Y_BALANCE_ANTERIOR_DIFF_CM
        details["anterior_difference_flag"] = flagged
        if flagged:
            anterior_weaker = (
                Side.LEFT if left_best["anterior"] < right_best["anterior"] else Side.RIGHT
            )
            notes.append(
                f"anterior reach differs by {ant_diff:.1f} cm (> 4 cm, Plisky et al. 2006); "
                f"the {anterior_weaker.value} leg reaches less"
            )
    cutoff = Y_BALANCE_LOW_COMPOSITE_PCT.get(intake.person.sex) if intake.person.sex else None
    if cutoff is not None:
        low = [s.value for s in Side if (c := composite[s]) is not None and c < cutoff]
        details["low_composite_sides"] = low
        if low:
            notes.append(
                f"composite below {cutoff} % of leg length on the {' and '.join(low)} side"
            )
    result = _numeric_result(
        test,
        [],
        [],
        left=composite[Side.LEFT],
        right=composite[Side.RIGHT],
        involved=intake.involved_side,
        thresholds=thresholds,
        details=details,
        notes=notes,
    )
    if anterior_weaker is not None and result.status in ("fine", "watch", "within-error"):
        # The anterior-reach rule is this test's own asymmetry criterion (Plisky 2006).
        magnitude = result.percent_difference or 0.0
        return result.model_copy(
            update={
                "status": "address",
                "severity": "moderate",
                "weaker_side": anterior_weaker,
                # Keep the sign convention (positive = left weaker) with the new weaker side.
                "signed_percent_difference": magnitude
                if anterior_weaker is Side.LEFT
                else -magnitude,
            }
        )
    return result


def _best_reaches(reaches: Reaches) -> dict[str, float]:
    out: dict[str, float] = {}
    for direction in ("anterior", "posteromedial", "posterolateral"):
        out[direction] = max(_as_trials(getattr(reaches, direction)))
    return out


def _hhd(test: FieldTest, data: HhdTest, intake: Intake, thresholds: asym.Thresholds) -> TestResult:
    """Peak force (N) x lever arm (m) = torque (N·m), / body mass = N·m/kg (Thorborg et al. 2010).

    The MDC (N·m) is converted to N·m/kg with the same body mass.
    """
    arms = data.lever_arm_m
    lever = (
        {Side.LEFT: arms.left, Side.RIGHT: arms.right}
        if isinstance(arms, LeverArm)
        else {Side.LEFT: arms, Side.RIGHT: arms}
    )
    mass = intake.person.body_mass_kg
    trials = {Side.LEFT: _as_trials(data.left), Side.RIGHT: _as_trials(data.right)}
    force = {s: _aggregate(trials[s], test) for s in Side}
    torque = {s: (f * lever[s] if (f := force[s]) is not None else None) for s in Side}
    per_kg = {s: (t / mass if (t := torque[s]) is not None else None) for s in Side}
    error = test.error / mass if test.error is not None and test.error_unit == "N·m" else None
    details = {
        "force_n": {s.value: force[s] for s in Side},
        "lever_arm_m": {s.value: lever[s] for s in Side},
        "torque_nm": {s.value: torque[s] for s in Side},
        "body_mass_kg": mass,
    }
    if error is not None:
        details["mdc_nm"] = test.error
    # Trials in the result unit (N·m/kg), so a trial-based error compares like with like.
    scaled = {s: [f * lever[s] / mass for f in trials[s]] for s in Side}
    details["trials_force_n"] = {s.value: trials[s] for s in Side}
    return _numeric_result(
        test,
        scaled[Side.LEFT],
        scaled[Side.RIGHT],
        left=per_kg[Side.LEFT],
        right=per_kg[Side.RIGHT],
        involved=intake.involved_side,
        thresholds=thresholds,
        error=error,
        error_source="mdc" if error is not None else None,
        details=details,
    )


def _faults(side: QualityFaults | QualityAngles | None) -> dict[str, bool] | None:
    if side is None:
        return None
    if isinstance(side, QualityFaults):
        return side.model_dump()
    cut = battery().quality_angle_faults_deg
    return {
        "pelvic_drop": side.pelvic_drop_deg > cut["pelvic_drop"],
        "knee_valgus": side.knee_valgus_deg > cut["knee_valgus"],
        "trunk_lean": side.trunk_lean_deg > cut["trunk_lean"],
    }


def _quality(test: FieldTest, data: QualityTest) -> TestResult:
    """Fault count per side (0-3, lower is better); banded by how many more faults one side
    shows. No percentage is computed: the result is the two counts.

    One extra fault → watch (low), two → address (moderate), three → address (high): a
    slingcoach convention, as the faults are yes/no observations, not measurements.
    """
    faults = {Side.LEFT: _faults(data.left), Side.RIGHT: _faults(data.right)}
    counts = {s: (float(sum(f.values())) if (f := faults[s]) is not None else None) for s in Side}
    details: dict[str, Any] = {"faults": {s.value: faults[s] for s in Side}}
    angles = {
        s.value: side.model_dump()
        for s, side in ((Side.LEFT, data.left), (Side.RIGHT, data.right))
        if isinstance(side, QualityAngles)
    }
    if angles:
        details["angles_deg"] = angles
        details["angle_fault_cutoffs_deg"] = dict(battery().quality_angle_faults_deg)
    left, right = counts[Side.LEFT], counts[Side.RIGHT]
    common = _fields(test, left, right, higher_is_better=False, details=details)
    if left is None or right is None:
        return _incomplete(common, ["one side was not tested"])
    gap = abs(left - right)
    status: asym.Status = "fine" if gap == 0 else ("watch" if gap == 1 else "address")
    severity: Severity | None = {0: None, 1: "low", 2: "moderate"}.get(int(gap), "high")
    notes = []
    both = [
        name.replace("_", " ")
        for name in ("pelvic_drop", "knee_valgus", "trunk_lean")
        if (faults[Side.LEFT] or {}).get(name) and (faults[Side.RIGHT] or {}).get(name)
    ]
    if both:
        notes.append(f"seen on both sides: {', '.join(both)}")
    # fault counts are reported as counts: a percentage of 0-3 yes/no faults means nothing
    # ("2 vs 0 faults" is not "100 %")
    return TestResult(
        **common,
        percent_difference=None,
        signed_percent_difference=None,
        weaker_side=asym.weaker_side(left, right, higher_is_better=False),
        lsi=None,
        symmetry_angle=None,
        status=status,
        severity=severity,
        notes=notes,
    )


def _binary(test: FieldTest, data: BinaryTest) -> TestResult:
    """Positive (1) / negative (0) per side: sides differ → watch (low), a slingcoach convention;
    no percentage is computed for a yes/no result."""
    values = {
        Side.LEFT: None if data.left is None else float(data.left),
        Side.RIGHT: None if data.right is None else float(data.right),
    }
    left, right = values[Side.LEFT], values[Side.RIGHT]
    complete = left is not None and right is not None
    status: asym.Status = "incomplete" if not complete else ("fine" if left == right else "watch")
    weaker: Side | None = None
    if complete and left != right:
        weaker = Side.LEFT if left == 1.0 else Side.RIGHT
    notes = []
    if left == 1.0 and right == 1.0:
        notes.append("positive on both sides")
    return TestResult(
        **_fields(test, left, right, higher_is_better=False),
        percent_difference=None,
        signed_percent_difference=None,
        weaker_side=weaker,
        lsi=None,
        symmetry_angle=None,
        status=status,
        severity="low" if status == "watch" else None,
        notes=notes,
    )


def result_of(
    test_id: str,
    data: TestInput,
    intake: Intake,
    *,
    thresholds: asym.Thresholds = asym.DEFAULT_THRESHOLDS,
) -> TestResult:
    """The :class:`TestResult` of one test's input for this intake's person."""
    test = battery().get(test_id)
    if isinstance(data, YBalanceTest):
        return _y_balance(test, data, intake, thresholds)
    if isinstance(data, HhdTest):
        return _hhd(test, data, intake, thresholds)
    if isinstance(data, QualityTest):
        return _quality(test, data)
    if isinstance(data, BinaryTest):
        return _binary(test, data)
    trials_left, trials_right = _as_trials(data.left), _as_trials(data.right)
    return _numeric_result(
        test,
        trials_left,
        trials_right,
        left=_aggregate(trials_left, test),
        right=_aggregate(trials_right, test),
        involved=intake.involved_side,
        thresholds=thresholds,
    )


def compute_results(
    intake: Intake, *, thresholds: asym.Thresholds = asym.DEFAULT_THRESHOLDS
) -> list[TestResult]:
    """Results of every test in the intake, in battery order."""
    order = {test_id: index for index, test_id in enumerate(battery().ids)}
    items = sorted(intake.tests.items(), key=lambda item: order[item[0]])
    return [result_of(test_id, data, intake, thresholds=thresholds) for test_id, data in items]
