"""Infeasible weeks in words: what to relax, named in the person's terms.

:func:`explain` turns a :class:`~slingcoach.programming.solver.Diagnosis` into one message
(docs/programming.md, "Infeasible constraints"); :func:`goal_relaxations` gives the
diagnosis the pattern groups that dropping each goal would remove.
"""

from __future__ import annotations

from slingcoach.programming.preferences import ResolvedPreferences
from slingcoach.programming.rules import GOAL_PATTERNS
from slingcoach.programming.solver import Diagnosis, Requirements


def _days(days: int) -> str:
    return "1 day a week" if days == 1 else f"{days} days a week"


def goal_relaxations(req: Requirements, prefs: ResolvedPreferences) -> list[frozenset[str]]:
    """Per goal (last first), the pattern groups only that goal needs: dropping the goal."""
    out = []
    for goal in reversed(prefs.goals):
        own = {
            f"pattern:{p.value}"
            for p in GOAL_PATTERNS[goal]
            if p in req.patterns and req.patterns[p] == (goal.value,)
        }
        if own:
            out.append(frozenset(own))
    return out


def _dropped_goal(group: str, prefs: ResolvedPreferences) -> str | None:
    """The goal whose own patterns are the relaxation ``group`` ("pattern:a+pattern:b")."""
    patterns = {g.split(":", 1)[1] for g in group.split("+")}
    for goal in reversed(prefs.goals):
        if patterns <= {p.value for p in GOAL_PATTERNS[goal]}:
            return goal.value
    return None


def explain(diagnosis: Diagnosis, req: Requirements, prefs: ResolvedPreferences) -> str:
    """The infeasibility in words, naming what to relax."""
    minutes, days, level = prefs.minutes_per_session, prefs.days_per_week, prefs.level
    needed = diagnosis.minutes_needed
    relax = diagnosis.feasible_without
    goals = [g.value for g in prefs.goals]
    drops = [g for g in (_dropped_goal(r, prefs) for r in relax if "pattern:" in r) if g]
    lower = f" or choose level {level - 1}" if level > 1 else ""
    if needed is not None and needed > minutes:
        allow = f"allow {needed} minutes" if needed <= 120 else "add a training day"
        if len(goals) > 1:
            drop = drops[0] if drops else goals[-1]
            return (
                f"{minutes} minutes is too short for {len(goals)} goals ({', '.join(goals)}) "
                f"on {_days(days)}: {allow} or drop {drop}"
            )
        if any(r.startswith("volume-min:") for r in relax) or level > 1:
            return (
                f"{minutes} minutes on {_days(days)} is too short for the weekly minimum "
                f"of {req.volume_min} hard sets per side for "
                f"{', '.join(req.focus_muscles)} at level {level}: {allow}{lower}"
            )
        return (
            f"{minutes} minutes on {_days(days)} is too short for the warm-up, the "
            f"weak-side work and the mobility the findings need: {allow}"
        )
    if "hinge-spacing" in relax:
        days_text = ", ".join(d.value for d in prefs.weekdays)
        return (
            f"the heavy hinges cannot be kept off consecutive days with sessions on {days_text}: "
            f"choose weekdays with a rest day between them, or fewer days"
        )
    if "volume-max" in relax:
        options = [f"choose level {level + 1}"] if level < 3 else []
        if days >= 5:
            options.append("train fewer days")
        options.append(f"drop {drops[0] if drops else goals[-1]}")
        return (
            f"the weekly maximum of {req.volume_max} hard sets per muscle at level {level} "
            f"is too low for everything the goals and findings need on {days} days: "
            + (", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else options[0])
        )
    mins = [r.split(":", 1)[1] for r in relax if r.startswith("volume-min:")]
    if mins:
        return (
            f"the weekly minimum of {req.volume_min} hard sets per side for {', '.join(mins)} "
            f"cannot be reached with the exercises and equipment at hand: add equipment{lower}"
        )
    if drops:
        return (
            f"the goals {', '.join(goals)} cannot all be trained with the equipment, days and "
            f"contraindications given: drop {drops[0]} or add equipment"
        )
    return (
        f"{minutes} minutes on {_days(days)} at level {level} cannot fit "
        f"{len(goals)} goal{'s' if len(goals) > 1 else ''} ({', '.join(goals)}), the weak-side "
        f"work and the mobility with the equipment at hand: add a training day, allow more "
        f"minutes{' or drop ' + goals[-1] if len(goals) > 1 else ''}"
        f" (clashing rules: {', '.join(diagnosis.core)})"
    )
