"""Checks of a placed week against the requirements (the solver's rules, restated in Python).

Used after progressing exercises between mesocycles: a swap that breaks a rule is undone.
"""

from __future__ import annotations

from collections.abc import Sequence

from slingcoach.programming.candidates import leg_bias, one_sided_leg_work
from slingcoach.programming.solver import (
    Placement,
    Requirements,
    adjacent_pairs,
    serves,
    volume_halves,
)
from slingcoach.vocab import Side, SpinalLoad


def week_volume(sessions: Sequence[Sequence[Placement]]) -> dict[tuple[str, Side], int]:
    """Weekly hard half-sets per (muscle, side)."""
    totals: dict[tuple[str, Side], int] = {}
    for placements in sessions:
        for p in placements:
            option = p.candidate.set_options.index(p.strong_sets)
            for muscle in p.candidate.exercise.all_muscles:
                for side in (Side.LEFT, Side.RIGHT):
                    halves = volume_halves(p.candidate, muscle, side, option)
                    if halves:
                        totals[muscle, side] = totals.get((muscle, side), 0) + halves
    return totals


def week_problems(sessions: Sequence[Sequence[Placement]], req: Requirements) -> list[str]:
    """Every rule the placed week breaks, in words (empty when it keeps them all)."""
    problems: list[str] = []
    for index, placements in enumerate(sessions):
        seconds = sum(p.seconds for p in placements)
        if seconds > req.minutes * 60:
            problems.append(f"session {index + 1} takes {seconds / 60:.0f} > {req.minutes} min")
    used = [p.candidate for placements in sessions for p in placements]
    for pattern in req.patterns:
        if not any(c.hard and c.exercise.pattern is pattern for c in used):
            problems.append(f"pattern {pattern.value} not covered")
    for finding in req.findings:
        if not any(serves(c, finding) for c in used):
            problems.append(f"finding {finding.id} has no one-sided work")
    for finding_id in req.contralateral:
        if not any(finding_id in c.contralateral_for for c in used):
            problems.append(f"finding {finding_id} has no contralateral-loaded work")
    for need in req.mobility_needs:
        if not any(need in c.exercise.focus and c.block.value == "mobility" for c in used):
            problems.append(f"mobility need {need} not met")
    for (muscle, side), halves in week_volume(sessions).items():
        if halves > 2 * req.volume_max:
            problems.append(f"{side.value} {muscle} gets {halves / 2} > {req.volume_max} sets")
    volume = week_volume(sessions)
    for muscle in req.focus_muscles:
        for side in (Side.LEFT, Side.RIGHT):
            if volume.get((muscle, side), 0) < 2 * req.volume_min:
                problems.append(f"{side.value} {muscle} below {req.volume_min} sets")
    leg_work = any(one_sided_leg_work(c) for c in used)
    if req.leg_bias and leg_work and not any(leg_bias(c) for c in used):
        problems.append("one-sided leg work without extra sets for the weak side")
    lifts = sum(any(p.candidate.main_lift for p in placements) for placements in sessions)
    if lifts < req.main_lifts:
        problems.append(f"{lifts} sessions with a loaded main lift, {req.main_lifts} wanted")
    heavy = [
        any(p.candidate.exercise.spinal_load is SpinalLoad.HIGH for p in placements)
        for placements in sessions
    ]
    for a, b in adjacent_pairs(req.weekdays):
        if heavy[a] and heavy[b]:
            problems.append(f"heavy hinges on consecutive days (sessions {a + 1} and {b + 1})")
    return problems
