"""Re-tests: each test compared with earlier assessments, judged against its error, and the
findings that were resolved, persist or are new.

A change in the left/right gap counts only when it is larger than the test's error (its
MDC or typical error, as the assessment recorded it): "the need for an individual approach"
of Bishop et al. 2021 JSCR 35(3):695-701. Where a test has no error figure, a change of
5 percentage points in the percentage difference is the bar (half the 10 % watch band; our
convention).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from slingcoach.assessment import Assessment
from slingcoach.assessment.results import TestResult

FALLBACK_PCT_POINTS = 5.0

Verdict = Literal["improved beyond error", "worsened beyond error", "within error"]


@dataclass(frozen=True)
class TestPoint:
    """One test in one assessment."""

    assessed_on: dt.date
    left: float
    right: float
    gap: float
    percent_difference: float | None
    error: float | None


@dataclass(frozen=True)
class TestChange:
    """A test's gap before and after, and the verdict."""

    test_id: str
    name: str
    unit: str
    before: TestPoint
    after: TestPoint
    gap_change: float
    bar: float
    bar_unit: str
    verdict: Verdict


@dataclass(frozen=True)
class FindingChange:
    """A finding (sling and side) and what became of it."""

    sling: str
    side: str
    status: Literal["resolved", "persisting", "new"]
    severity_before: str | None
    severity_after: str | None


@dataclass(frozen=True)
class Retest:
    """A later assessment against an earlier one."""

    before_on: dt.date
    after_on: dt.date
    tests: tuple[TestChange, ...]
    findings: tuple[FindingChange, ...]

    @property
    def worsened(self) -> tuple[TestChange, ...]:
        """The tests whose gap grew beyond error."""
        return tuple(t for t in self.tests if t.verdict == "worsened beyond error")


def test_point(result: TestResult, on: dt.date) -> TestPoint | None:
    """The point of a test result with both sides measured (None otherwise)."""
    if result.left is None or result.right is None:
        return None
    return TestPoint(
        on,
        result.left,
        result.right,
        abs(result.left - result.right),
        result.percent_difference,
        result.error,
    )


def compare(before: Assessment, after: Assessment) -> Retest:
    """Every test measured in both assessments, and the findings' fate."""
    changes = test_changes(before.tests, before.assessed_on, after.tests, after.assessed_on)
    return Retest(before.assessed_on, after.assessed_on, changes, _findings(before, after))


def test_changes(
    before: Sequence[TestResult],
    before_on: dt.date,
    after: Sequence[TestResult],
    after_on: dt.date,
) -> tuple[TestChange, ...]:
    """Every test measured on both days, judged against its error."""
    earlier = {t.id: t for t in before}
    changes = []
    for result in after:
        old = earlier.get(result.id)
        if old is None:
            continue
        a, b = test_point(old, before_on), test_point(result, after_on)
        if a is None or b is None:
            continue
        changes.append(_change(result, a, b))
    return tuple(changes)


def _change(result: TestResult, a: TestPoint, b: TestPoint) -> TestChange:
    error = b.error if b.error is not None else a.error
    if error is not None:
        change, bar, unit = b.gap - a.gap, error, result.unit
    else:
        change = (b.percent_difference or 0.0) - (a.percent_difference or 0.0)
        bar, unit = FALLBACK_PCT_POINTS, "percentage points"
    verdict: Verdict = "within error"
    if change < -bar:
        verdict = "improved beyond error"
    elif change > bar:
        verdict = "worsened beyond error"
    return TestChange(
        result.id, result.name, result.unit, a, b, round(change, 3), bar, unit, verdict
    )


def _findings(before: Assessment, after: Assessment) -> tuple[FindingChange, ...]:
    old = {(f.sling, f.side.value): f.severity for f in before.findings}
    new = {(f.sling, f.side.value): f.severity for f in after.findings}
    out = []
    for key in sorted(set(old) | set(new)):
        status: Literal["resolved", "persisting", "new"] = (
            "persisting" if key in old and key in new else "resolved" if key in old else "new"
        )
        out.append(FindingChange(key[0], key[1], status, old.get(key), new.get(key)))
    return tuple(out)


def asymmetry_trend(
    assessments: Sequence[Assessment],
) -> dict[str, list[TestPoint]]:
    """Per test id, its points over the assessments (oldest first)."""
    trend: dict[str, list[TestPoint]] = {}
    for assessment in sorted(assessments, key=lambda a: a.assessed_on):
        for result in assessment.tests:
            point = test_point(result, assessment.assessed_on)
            if point is not None:
                trend.setdefault(result.id, []).append(point)
    return trend
