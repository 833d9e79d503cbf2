"""Re-tests judged against the test's error; findings resolved, persisting or new."""

from __future__ import annotations

import datetime as dt

from slingcoach.assessment import assess
from slingcoach.assessment.io import load_intake
from slingcoach.tracking.retest import asymmetry_trend, compare
from tests.tracking.helpers import SAMPLES


def _retested(bridge: tuple[int, int]) -> object:
    intake = load_intake(SAMPLES / "right-weak.yaml")
    data = intake.model_dump(mode="json", by_alias=True)
    data["tests"]["single-leg-glute-bridge-reps"] = {"left": bridge[0], "right": bridge[1]}
    from slingcoach.assessment import Intake

    return assess(Intake.model_validate(data), assessed_on=dt.date(2026, 5, 1))


def test_a_closed_gap_beyond_error_improves_and_the_finding_changes() -> None:
    before = assess(load_intake(SAMPLES / "right-weak.yaml"), assessed_on=dt.date(2026, 3, 1))
    after = _retested((24, 24))
    retest = compare(before, after)  # type: ignore[arg-type]
    bridge = next(t for t in retest.tests if t.test_id == "single-leg-glute-bridge-reps")
    assert bridge.before.gap == 5 and bridge.after.gap == 0
    assert bridge.verdict == "improved beyond error"
    unchanged = [t for t in retest.tests if t.test_id != "single-leg-glute-bridge-reps"]
    assert unchanged and all(t.verdict == "within error" for t in unchanged)
    trend = asymmetry_trend([after, before])  # type: ignore[list-item]
    assert [p.assessed_on for p in trend["single-leg-glute-bridge-reps"]] == [
        dt.date(2026, 3, 1),
        dt.date(2026, 5, 1),
    ]


def test_a_wider_gap_is_worse_beyond_error() -> None:
    before = assess(load_intake(SAMPLES / "right-weak.yaml"), assessed_on=dt.date(2026, 3, 1))
    after = _retested((24, 12))
    retest = compare(before, after)  # type: ignore[arg-type]
    assert [t.test_id for t in retest.worsened] == ["single-leg-glute-bridge-reps"]
    statuses = {(f.sling, f.side): f.status for f in retest.findings}
    assert statuses[("posterior-oblique", "right")] == "persisting"
