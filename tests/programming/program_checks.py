"""An independent check of every rule a generated program must keep.

Written from the rules in docs/programming.md, not from the generator's code: it reads
only the published Program JSON model and the catalogue.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from slingcoach.exercises.model import Exercise
from slingcoach.programming import Program, WeekKind
from slingcoach.vocab import Pattern, SpinalLoad


def check_program(program: Program, assessment: Any, exercises: dict[str, Exercise]) -> None:
    """Assert every rule; the assertion message says which and where."""
    prefs = program.preferences
    have = set(prefs.equipment)
    contra = set(assessment.contraindications)
    extra, factor = prefs.weak_side_extra_sets, prefs.weak_side_factor
    weak_sides = {e.weak_side for e in program.emphasis}
    leading_sides = weak_sides | {e.arm_side for e in program.emphasis}
    vmin, vmax = program.volume_range
    heavy_dates = []
    assert len(program.weeks) == program.weeks_count
    for week in program.weeks:
        volume: dict[tuple[str, str], float] = defaultdict(float)
        side_sets = {"left": 0, "right": 0}
        patterns = set()
        assert len(week.sessions) == prefs.days_per_week
        for session in week.sessions:
            where = f"week {week.number} session {session.number}"
            assert sum(i.seconds for i in session.items) <= prefs.minutes_per_session * 60, where
            assert session.minutes <= prefs.minutes_per_session, where
            assert session.weekday.day_number == session.date.weekday(), where
            assert [i.order for i in session.items] == list(range(1, len(session.items) + 1))
            pairs: dict[str, list[Any]] = defaultdict(list)
            heavy = False
            for item in session.items:
                assert item.reason, f"{where}: {item.name} has no reason"
                if item.kind == "test":
                    continue
                assert item.exercise_id is not None
                e = exercises[item.exercise_id]
                assert e.usable_with(have), f"{where}: {e.id} needs {e.equipment}"
                assert not set(e.contraindications) & contra, f"{where}: {e.id} contraindicated"
                assert not (e.impact and "impact-intolerance" in contra), where
                assert e.id not in prefs.avoid, f"{where}: {e.id} is on the avoid list"
                heavy = heavy or e.spinal_load is SpinalLoad.HIGH
                if item.hard:
                    patterns.add(e.pattern)
                    sides = ["left", "right"] if item.side.value == "both" else [item.side.value]
                    for side in sides:
                        for m in e.primary_muscles:
                            volume[m, side] += item.sets
                        for m in e.secondary_muscles:
                            volume[m, side] += 0.5 * item.sets
                        if e.one_sided and e.pattern not in (Pattern.PULL, Pattern.PUSH):
                            side_sets[side] += item.sets
                if e.one_sided and not e.alternating:
                    pairs[e.id].append(item)
                else:
                    assert item.side.value == "both", where
            if heavy:
                heavy_dates.append(session.date)
            for eid, items in pairs.items():
                assert sorted(i.side.value for i in items) == ["left", "right"], f"{where}: {eid}"
                first, second = sorted(items, key=lambda i: i.order)
                assert first.sets >= second.sets, f"{where}: {eid} weak side has fewer sets"
                if first.finding_id is None:
                    assert first.sets == second.sets, f"{where}: {eid} unexplained extra sets"
                    continue
                if weak_sides:
                    assert first.side.value in leading_sides, f"{where}: {eid} strong side first"
                if weak_sides and first.hard and week.kind is WeekKind.BUILD:
                    need = max(second.sets + extra, math.ceil(second.sets * factor - 1e-9))
                    assert first.sets >= need, f"{where}: {eid} {first.sets} < {need} weak sets"
        if week.kind is WeekKind.RETEST:
            assert any(i.kind == "test" for s in week.sessions for i in s.items) or not any(
                e.tests for e in program.emphasis
            )
            continue
        for pattern in program.patterns_required:
            assert pattern in patterns, f"week {week.number}: pattern {pattern} missing"
        if week.kind is WeekKind.BUILD:
            for (muscle, side), sets in volume.items():
                assert sets <= vmax, f"week {week.number}: {side} {muscle} {sets} > {vmax}"
            for muscle in program.focus_muscles:
                for side in ("left", "right"):
                    assert volume[muscle, side] >= vmin, (
                        f"week {week.number}: {side} {muscle} {volume[muscle, side]} < {vmin}"
                    )
            if len(weak_sides) == 1 and any(side_sets.values()):
                weak = next(iter(weak_sides))
                strong = "left" if weak == "right" else "right"
                assert side_sets[weak] >= side_sets[strong] + extra, f"week {week.number}"
    for a in heavy_dates:
        for b in heavy_dates:
            assert abs((a - b).days) != 1, f"heavy hinges on consecutive days {a} and {b}"
