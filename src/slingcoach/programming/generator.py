"""``generate``: assessment + preferences → a multi-week :class:`Program`.

1. Resolve preferences (gaps from the person), refuse referral assessments.
2. Filter and score exercises (candidates.py), set the week's requirements.
3. Solve the week template once with CP-SAT (solver.py); explain infeasibility.
4. Lay out the block: build weeks with double progression and an RIR ramp, deloads,
   exercise progressions between mesocycles, a re-test week at the end.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from slingcoach.errors import (
    InfeasibleProgramError,
    InvalidInputError,
    ReferralRequiredError,
    UnknownExerciseError,
)
from slingcoach.exercises.model import Exercise
from slingcoach.programming.candidates import (
    ARM_PATTERNS,
    CROSS_SLINGS,
    POOL_SIZE,
    REQUIREMENT_TOP,
    Candidate,
    Exclusions,
    FocusFinding,
    build_candidates,
    focus_findings,
    make_candidate,
    usable,
)
from slingcoach.programming.checks import week_problems
from slingcoach.programming.contracts import AssessmentLike
from slingcoach.programming.model import (
    BLOCK_ORDER,
    Block,
    Emphasis,
    Item,
    Program,
    Session,
    Week,
    WeekKind,
)
from slingcoach.programming.preferences import (
    Goal,
    Preferences,
    ResolvedPreferences,
    resolve_preferences,
)
from slingcoach.programming.rules import (
    BASE_PATTERNS,
    DELOAD_RIR,
    FOCUS_MUSCLES,
    GOAL_PATTERNS,
    LOAD_STEP_TEXT,
    RETEST_S,
    VOLUME_RANGE,
    deload_sets,
    rir_for,
    side_seconds,
    target_for,
    weak_sets_for,
)
from slingcoach.programming.solver import (
    Diagnosis,
    Placement,
    Requirements,
    Template,
    diagnose,
    serves,
    solve_week,
)
from slingcoach.vocab import Category, Pattern, Side, Sides, Unit

MIN_WEEKS, MAX_WEEKS = 4, 16


def generate(
    assessment: AssessmentLike,
    preferences: Preferences,
    *,
    weeks: int,
    seed: int,
    catalogue: Sequence[Exercise] | None = None,
) -> Program:
    """Write a ``weeks``-week program for the person behind ``assessment``.

    Parameters
    ----------
    assessment
        The assessment (``slingcoach.assessment.assess``); a referral stops here.
    preferences
        Days, minutes, equipment, goals, dates; gaps are taken from ``assessment.person``.
    weeks
        Block length, 4-16.
    seed
        Seed of the CP-SAT search; the same inputs and seed give byte-identical JSON.
    catalogue
        Exercises to choose from; the bundled catalogue when None.

    Raises
    ------
    ReferralRequiredError
        The assessment found red flags: see a clinician, no program.
    InfeasibleProgramError
        The constraints cannot all be met; the message names what to relax.
    InvalidInputError, UnknownExerciseError
        A preference is out of range or names an exercise that does not exist.
    """
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise InvalidInputError(
            f"weeks must be {MIN_WEEKS}-{MAX_WEEKS}, got {weeks}", location="weeks"
        )
    if assessment.refer:
        raise ReferralRequiredError(
            assessment.referral_text
            or "the assessment found red flags: see a clinician before training; no program"
        )
    prefs = resolve_preferences(preferences, assessment)
    if catalogue is None:
        from slingcoach.exercises import get_catalogue

        catalogue = get_catalogue().all()
    by_id = {e.id: e for e in catalogue}
    _check_ids(prefs, by_id)

    findings = focus_findings(assessment)
    candidates, exclusions = build_candidates(catalogue, prefs, assessment, findings)
    notes: list[str] = []
    req = _requirements(candidates, exclusions, prefs, assessment, findings, notes)
    pool = _select_pool(candidates, req)
    template = solve_week(pool, req, seed)
    if template is None:
        diagnosis = diagnose(pool, req, seed, relaxations=_goal_relaxations(req, prefs))
        raise InfeasibleProgramError(_explain(diagnosis, req, prefs))

    templates = _mesocycle_templates(template, req, prefs, by_id, findings, assessment, weeks)
    week_models = _lay_out(templates, req, prefs, findings, assessment, weeks)
    emphasis = tuple(
        Emphasis(
            finding_id=f.id,
            sling=f.sling,
            weak_side=f.side.value,
            arm_side=f.arm_side.value,
            muscles=f.muscles,
            evidence=f.evidence,
            tests=f.tests,
        )
        for f in findings
    )
    return Program(
        person=str(getattr(assessment.person, "name", None) or "client"),
        seed=seed,
        weeks_count=weeks,
        start_date=prefs.start_date,
        timezone=prefs.timezone,
        preferences=prefs,
        emphasis=emphasis,
        patterns_required=tuple(req.patterns),
        volume_range=(req.volume_min, req.volume_max),
        focus_muscles=req.focus_muscles,
        contraindications=tuple(sorted(set(assessment.contraindications))),
        notes=tuple(notes),
        solver=f"OR-Tools CP-SAT, seed {seed}, one worker: {template.status}",
        weeks=week_models,
    )


def _check_ids(prefs: ResolvedPreferences, by_id: dict[str, Exercise]) -> None:
    """Exercises to avoid or favour must exist (with a did-you-mean hint)."""
    import difflib

    for value in (*prefs.avoid, *prefs.favourites):
        if value not in by_id:
            raise UnknownExerciseError(value, difflib.get_close_matches(value, list(by_id), n=3))


def _goals_for(pattern: Pattern, goals: Sequence[Goal]) -> tuple[str, ...]:
    names = [g.value for g in goals if pattern in GOAL_PATTERNS[g]]
    if pattern in BASE_PATTERNS:
        names.append("glute focus")
    return tuple(names)


def _requirements(
    candidates: list[Candidate],
    exclusions: Exclusions,
    prefs: ResolvedPreferences,
    assessment: AssessmentLike,
    findings: tuple[FocusFinding, ...],
    notes: list[str],
) -> Requirements:
    """What the week must contain; raises when equipment or the avoid list rules a goal out."""
    contraindications = frozenset(assessment.contraindications)
    wanted: list[Pattern] = []
    for goal in prefs.goals:
        wanted.extend(GOAL_PATTERNS[goal])
    wanted.extend(BASE_PATTERNS)
    patterns: dict[Pattern, tuple[str, ...]] = {}
    for pattern in dict.fromkeys(wanted):
        reasons = _goals_for(pattern, prefs.goals)
        if any(c.hard and c.exercise.pattern is pattern for c in candidates):
            patterns[pattern] = reasons
            continue
        goals_text = ", ".join(reasons)
        blocked = [
            e
            for e in exclusions.by_equipment.get(pattern, [])
            if not set(e.contraindications) & contraindications
            and e.id not in prefs.avoid
            and not (e.impact and "impact-intolerance" in contraindications)
            and e.level <= prefs.level
        ]
        avoided = exclusions.by_avoid.get(pattern, [])
        if avoided and not blocked:
            raise InfeasibleProgramError(
                f"every {pattern.value} exercise left is on the avoid list "
                f"({', '.join(e.id for e in avoided)}), and {goals_text} needs one: "
                f"allow one of them or drop that goal"
            )
        if blocked:
            have = set(prefs.equipment)
            best = min(blocked, key=lambda e: (len(set(e.equipment) - have), e.id))
            missing = ", ".join(sorted(str(q) for q in set(best.equipment) - have))
            notes.append(
                f"no {pattern.value} exercise fits the equipment at hand "
                f"({', '.join(str(q) for q in prefs.equipment) or 'body weight only'}); "
                f"{goals_text} would use one: add {missing} (for {best.name})"
            )
            continue
        notes.append(
            f"no {pattern.value} exercise suits this person now "
            f"(contraindications: {', '.join(sorted(contraindications)) or 'none'}; "
            f"level {prefs.level}); the {pattern.value} pattern for {goals_text} is left out"
        )
    kept: list[FocusFinding] = []
    for finding in findings:
        if any(serves(c, finding) for c in candidates):
            kept.append(finding)
        else:
            notes.append(
                f"no one-sided exercise with the equipment at hand trains the "
                f"{finding.side.value} {finding.sling} sling; add a band or a dumbbell"
            )
    contralateral = tuple(
        f.id for f in kept if any(f.id in c.contralateral_for for c in candidates)
    )
    for f in kept:
        if f.posterior_oblique and f.id not in contralateral:
            notes.append(
                f"no contralateral-loaded exercise fits the equipment at hand for the "
                f"{f.side.value} posterior oblique sling; one-sided work stands in"
            )
    needs = []
    for need in dict.fromkeys(assessment.mobility_needs):
        if any(c.block is Block.MOBILITY and need in c.exercise.focus for c in candidates):
            needs.append(need)
        else:
            notes.append(f"no exercise for {need.replace('-', ' ')} fits; it is left out")
    volume_min, volume_max = VOLUME_RANGE[prefs.level]
    focus = []
    # the level's minimum goes to the gluteus maximus and each finding's first weak link
    for muscle in dict.fromkeys([*FOCUS_MUSCLES, *(f.muscles[0] for f in kept if f.muscles)]):
        if any(c.hard and muscle in c.exercise.primary_muscles for c in candidates):
            focus.append(muscle)
    return Requirements(
        patterns=patterns,
        findings=tuple(kept),
        contralateral=contralateral,
        mobility_needs=tuple(needs),
        focus_muscles=tuple(focus),
        volume_min=volume_min,
        volume_max=volume_max,
        weekdays=tuple(d.day_number for d in prefs.weekdays),
        minutes=prefs.minutes_per_session,
    )


def _select_pool(candidates: list[Candidate], req: Requirements) -> list[Candidate]:
    """The best few candidates per block and per requirement (keeps the model small)."""

    def ranked(pred: object) -> list[Candidate]:
        chosen = [c for c in candidates if pred(c)]  # type: ignore[operator]
        return sorted(chosen, key=lambda c: (-c.score, c.id))

    keep: dict[str, Candidate] = {}
    for block, size in POOL_SIZE.items():
        for c in ranked(lambda c, b=block: c.block is b)[:size]:
            keep[c.id] = c
    for pattern in req.patterns:
        for c in ranked(lambda c, p=pattern: c.hard and c.exercise.pattern is p)[:REQUIREMENT_TOP]:
            keep[c.id] = c
    for finding in req.findings:
        for c in ranked(lambda c, f=finding: serves(c, f))[:REQUIREMENT_TOP]:
            keep[c.id] = c
    for finding_id in req.contralateral:
        for c in ranked(lambda c, f=finding_id: f in c.contralateral_for)[:REQUIREMENT_TOP]:
            keep[c.id] = c
    for need in req.mobility_needs:
        for c in ranked(lambda c, n=need: c.block is Block.MOBILITY and n in c.exercise.focus)[
            :REQUIREMENT_TOP
        ]:
            keep[c.id] = c
    for muscle in req.focus_muscles:
        for c in ranked(lambda c, m=muscle: c.hard and m in c.exercise.primary_muscles)[
            :REQUIREMENT_TOP
        ]:
            keep[c.id] = c
    return sorted(keep.values(), key=lambda c: c.id)


def _goal_relaxations(req: Requirements, prefs: ResolvedPreferences) -> list[frozenset[str]]:
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


def _explain(diagnosis: Diagnosis, req: Requirements, prefs: ResolvedPreferences) -> str:
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
                f"on {days} days a week: {allow} or drop {drop}"
            )
        if any(r.startswith("volume-min:") for r in relax) or level > 1:
            return (
                f"{minutes} minutes on {days} days a week is too short for the weekly minimum "
                f"of {req.volume_min} hard sets per side for "
                f"{', '.join(req.focus_muscles)} at level {level}: {allow}{lower}"
            )
        return (
            f"{minutes} minutes on {days} days a week is too short for the warm-up, the "
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
        f"{minutes} minutes on {days} days a week at level {level} cannot fit "
        f"{len(goals)} goal{'s' if len(goals) > 1 else ''} ({', '.join(goals)}), the weak-side "
        f"work and the mobility with the equipment at hand: add a training day, allow more "
        f"minutes{' or drop ' + goals[-1] if len(goals) > 1 else ''}"
        f" (clashing rules: {', '.join(diagnosis.core)})"
    )


def _week_kinds(weeks: int, prefs: ResolvedPreferences) -> list[tuple[WeekKind, int]]:
    """(kind, mesocycle) per week: every ``deload_every``-th week deloads, the last re-tests."""
    out = []
    for number in range(1, weeks + 1):
        mesocycle = (number - 1) // prefs.deload_every + 1
        if prefs.retest and number == weeks:
            kind = WeekKind.RETEST
        elif number % prefs.deload_every == 0:
            kind = WeekKind.DELOAD
        else:
            kind = WeekKind.BUILD
        out.append((kind, mesocycle))
    return out


def _mesocycle_templates(
    template: Template,
    req: Requirements,
    prefs: ResolvedPreferences,
    by_id: dict[str, Exercise],
    findings: tuple[FocusFinding, ...],
    assessment: AssessmentLike,
    weeks: int,
) -> list[tuple[tuple[Placement, ...], ...]]:
    """One template per mesocycle: each moves exercises one step along the progression graph.

    A progression must be usable (equipment, contraindications, avoid list, level up to one
    above the person's), stay in the same block and laterality, and keep every weekly rule
    (checks.week_problems); otherwise the exercise stays.
    """
    count = (weeks - 1) // prefs.deload_every + 1
    contraindications = frozenset(assessment.contraindications)
    needs = set(assessment.mobility_needs)
    current = template.sessions
    out = [current]
    for _ in range(1, count):
        sessions = [[replace(p, progressed_from=None) for p in s] for s in current]
        for si in range(len(sessions)):
            for pi in range(len(sessions[si])):
                moved = _progressed(
                    sessions, si, pi, req, prefs, by_id, findings, contraindications, needs
                )
                sessions = moved or sessions
        current = tuple(tuple(s) for s in sessions)
        out.append(current)
    return out


def _progressed(
    sessions: list[list[Placement]],
    si: int,
    pi: int,
    req: Requirements,
    prefs: ResolvedPreferences,
    by_id: dict[str, Exercise],
    findings: tuple[FocusFinding, ...],
    contraindications: frozenset[str],
    needs: set[str],
) -> list[list[Placement]] | None:
    """``sessions`` with placement ``pi`` of session ``si`` moved one step up its progressions.

    The first progression that is usable, not already in the week, in the same block and
    laterality, and keeps every weekly rule wins; None when there is none.
    """
    placement = sessions[si][pi]
    old = placement.candidate
    if not old.hard:
        return None
    in_use = {p.candidate.id for s in sessions for p in s}
    for next_id in old.exercise.progressions:
        nxt = by_id.get(next_id)
        if (
            nxt is None
            or nxt.id in in_use
            or usable(nxt, prefs, contraindications, max_level=min(3, prefs.level + 1))
        ):
            continue
        cand = make_candidate(nxt, prefs, findings, needs)
        if cand.block is not old.block or nxt.one_sided != old.exercise.one_sided:
            continue
        sets = min(cand.set_options, key=lambda k: abs(k - placement.strong_sets))
        option = cand.set_options.index(sets)
        trial = [list(s) for s in sessions]
        trial[si][pi] = Placement(
            cand, sets, cand.weak_sets[option], progressed_from=old.exercise.name
        )
        if not week_problems(trial, req):
            return trial
    return None


def _lay_out(
    templates: list[tuple[tuple[Placement, ...], ...]],
    req: Requirements,
    prefs: ResolvedPreferences,
    findings: tuple[FocusFinding, ...],
    assessment: AssessmentLike,
    weeks: int,
) -> tuple[Week, ...]:
    """Turn the mesocycle templates into dated weeks with progression and reasons."""
    kinds = _week_kinds(weeks, prefs)
    out: list[Week] = []
    for number, (kind, mesocycle) in enumerate(kinds, start=1):
        template = templates[min(mesocycle, len(templates)) - 1]
        builds = [
            n for n, (k, m) in enumerate(kinds, start=1) if m == mesocycle and k is WeekKind.BUILD
        ]
        build_index = builds.index(number) if number in builds else 0
        rir = (
            rir_for(prefs.level, build_index, len(builds)) if kind is WeekKind.BUILD else DELOAD_RIR
        )
        sessions: list[Session] = []
        dated = []
        for si, weekday in enumerate(prefs.weekdays):
            offset = (weekday.day_number - prefs.start_date.weekday()) % 7
            dated.append(
                (prefs.start_date + dt.timedelta(days=offset + 7 * (number - 1)), si, weekday)
            )
        dated.sort()
        for order, (date, si, weekday) in enumerate(dated, start=1):
            placements = template[si]
            items = _session_items(
                placements,
                kind=kind,
                rir=rir,
                build_index=build_index,
                build_weeks=len(builds),
                req=req,
                prefs=prefs,
                # the re-tests are shared out over the week's sessions, first session first
                retests=_retest_tests(findings, assessment)[order - 1 :: len(dated)]
                if kind is WeekKind.RETEST
                else [],
            )
            seconds = sum(i.seconds for i in items)
            minutes = math.ceil(seconds / 60)
            start = dt.datetime.combine(date, prefs.start_time)
            sessions.append(
                Session(
                    number=order,
                    date=date,
                    weekday=weekday,
                    start_time=prefs.start_time,
                    end_time=(start + dt.timedelta(minutes=minutes)).time(),
                    timezone=prefs.timezone,
                    minutes=minutes,
                    minutes_available=prefs.minutes_per_session,
                    focus=_session_focus(placements, findings),
                    items=items,
                )
            )
        out.append(
            Week(
                number=number,
                kind=kind,
                mesocycle=mesocycle,
                rir=rir,
                note=_week_note(kind, rir, build_index, len(builds), prefs),
                sessions=tuple(sessions),
            )
        )
    return tuple(out)


def _week_note(
    kind: WeekKind, rir: int, build_index: int, build_weeks: int, prefs: ResolvedPreferences
) -> str:
    if kind is WeekKind.DELOAD:
        return (
            "deload: about half the sets at the same loads, "
            f"{DELOAD_RIR} reps in reserve (Bosquet et al. 2007)"
        )
    if kind is WeekKind.RETEST:
        return (
            "re-test week: light training and the field tests that found the imbalance, "
            "done exactly as in the assessment"
        )
    return (
        f"build week {build_index + 1} of {build_weeks}: stop each set with {rir} reps in "
        f"reserve; reps climb toward the top of each range (double progression)"
    )


def _retest_tests(
    findings: tuple[FocusFinding, ...], assessment: AssessmentLike
) -> list[tuple[str, str]]:
    """(test id, name) of the tests that found the imbalances, in finding order."""
    names = {t.id: t.name for t in assessment.tests}
    ids = dict.fromkeys(t for f in findings for t in f.tests)
    return [(t, names.get(t, t.replace("-", " "))) for t in ids]


def _session_focus(placements: Sequence[Placement], findings: tuple[FocusFinding, ...]) -> str:
    patterns = dict.fromkeys(
        p.candidate.exercise.pattern.value.replace("-", " ")
        for p in placements
        if p.candidate.hard and p.candidate.block in (Block.MAIN, Block.SLING)
    )
    text = " + ".join(patterns) or "activation and mobility"
    if findings:
        f = findings[0]
        text += f"; more work for the {f.side.value} {f.sling.replace('-', ' ')} sling"
    return text


def _load_text(cand: Candidate, kind: WeekKind, rir: int, target: int) -> str:
    exercise = cand.exercise
    low, high = exercise.dose.low, exercise.dose.high
    if exercise.category is Category.CONDITIONING or exercise.pattern is Pattern.GAIT_RUN:
        # talk test for easy aerobic work (Foster et al. 2008, RPE and the talk test)
        return (
            f"easy pace, able to talk in full sentences (RPE 4-5); {target} {exercise.unit.value}, "
            f"build toward {high} by about 10 % a week"
        )
    if not cand.hard:
        if cand.block is Block.MOBILITY:
            return "slow and comfortable; ease off at any pain"
        return "easy and controlled; no load needed"
    if kind is not WeekKind.BUILD:
        return f"deload: same load as last week, {DELOAD_RIR} reps in reserve"
    if exercise.unit is Unit.REPS:
        return (
            f"RIR {rir} (RPE {10 - rir}): aim for {target} reps; when every set reaches "
            f"{high}, {LOAD_STEP_TEXT} and start again at {low}"
        )
    if exercise.unit is Unit.SECONDS:
        return (
            f"hold {target} s, stopping about {rir} s-worth short of failing form; "
            f"when {high} s is easy, make it harder (load or longer lever)"
        )
    return (
        f"{target} m with a load you could carry about {rir} lengths further; "
        f"when {high} m is easy, {LOAD_STEP_TEXT}"
    )


def _session_items(
    placements: Sequence[Placement],
    *,
    kind: WeekKind,
    rir: int,
    build_index: int,
    build_weeks: int,
    req: Requirements,
    prefs: ResolvedPreferences,
    retests: list[tuple[str, str]],
) -> tuple[Item, ...]:
    """The items of one session in block order; one-sided work as weak then strong item."""
    ordered = sorted(
        placements,
        key=lambda p: (
            BLOCK_ORDER.index(p.candidate.block),
            -int(p.candidate.hard),
            -p.candidate.score,
            p.candidate.id,
        ),
    )
    raw: list[dict[str, Any]] = []
    for test_id, name in retests:
        raw.append(
            dict(
                block=Block.RETEST,
                kind="test",
                exercise_id=None,
                test_id=test_id,
                name=f"Re-test: {name}",
                pattern=None,
                side=Sides.BOTH,
                sets=1,
                unit=Unit.REPS,
                low=3,
                high=3,
                target=None,
                load="as in the assessment: same protocol and warm-up, both sides, best of 3 trials",
                rir=None,
                rest_s=60,
                hard=False,
                seconds=RETEST_S,
                cue=None,
                reason="repeats the test that found the imbalance, to see whether the gap closed",
            )
        )
    for placement in ordered:
        raw.extend(_placement_items(placement, kind, rir, build_index, build_weeks, req, prefs))
    raw.sort(key=lambda r: BLOCK_ORDER.index(r["block"]))
    if retests:
        # the re-test session must still fit: drop accessory and mobility from the end
        budget = prefs.minutes_per_session * 60
        while sum(int(r["seconds"]) for r in raw) > budget:
            droppable = [
                i
                for i, r in enumerate(raw)
                if r["block"] in (Block.ACCESSORY, Block.MOBILITY, Block.SLING, Block.MAIN)
            ] or [i for i, r in enumerate(raw) if r["block"] is Block.WARM_UP]
            if not droppable:
                break
            last = raw[droppable[-1]]
            # one-sided items come in pairs: drop both halves together
            partner = [
                i
                for i, r in enumerate(raw)
                if r["name"] == last["name"] and r["block"] == last["block"]
            ]
            for i in sorted(partner, reverse=True):
                del raw[i]
    return tuple(Item(order=i, **r) for i, r in enumerate(raw, start=1))


def _sets(count: int) -> str:
    return f"{count} set" if count == 1 else f"{count} sets"


def _placement_items(
    placement: Placement,
    kind: WeekKind,
    rir: int,
    build_index: int,
    build_weeks: int,
    req: Requirements,
    prefs: ResolvedPreferences,
) -> list[dict[str, Any]]:
    cand = placement.candidate
    exercise = cand.exercise
    low, high = exercise.dose.low, exercise.dose.high
    strong, weak = placement.strong_sets, placement.weak_sets
    if kind is not WeekKind.BUILD and cand.hard:
        strong = deload_sets(strong)
        weak = (
            weak_sets_for(strong, prefs.weak_side_extra_sets, prefs.weak_side_factor)
            if cand.weak_side is not None and weak > placement.strong_sets
            else strong
        )
    target = target_for(low, high, build_index, build_weeks) if kind is WeekKind.BUILD else low
    if not cand.hard and exercise.category is not Category.CONDITIONING:
        target = high
    load = _load_text(cand, kind, rir, target)
    reason = cand.reason
    if cand.hard and exercise.pattern in req.patterns:
        reason += (
            f"; covers the {exercise.pattern.value.replace('-', ' ')} pattern for "
            + ", ".join(req.patterns[exercise.pattern])
        )
    if placement.progressed_from is not None:
        reason += f"; progressed from {placement.progressed_from} (the catalogue's next step)"
    common = dict(
        block=cand.block,
        kind="exercise",
        exercise_id=exercise.id,
        test_id=None,
        name=exercise.name,
        pattern=exercise.pattern,
        unit=exercise.unit,
        low=low,
        high=high,
        target=target,
        load=load,
        rir=rir if cand.hard else None,
        rest_s=exercise.rest_s,
        hard=cand.hard,
        cue=exercise.cues[0] if exercise.cues else None,
    )
    weak_seconds, strong_seconds = side_seconds(exercise, cand.units, strong, weak)
    if not exercise.one_sided:
        return [dict(common, side=Sides.BOTH, sets=strong, seconds=weak_seconds, reason=reason)]
    weak_side = cand.weak_side or Side.LEFT
    if cand.weak_side is None or cand.finding is None:
        first = reason + "; no side difference found: same sets each side, alternate sides"
        second = first
    else:
        f = cand.finding
        diff = weak - strong
        if diff > 0:
            extra = "extra set" if diff == 1 else f"{diff} extra sets"
            first = f"{extra} on the {weak_side.value}: {f.evidence}"
        else:
            first = f"weaker {weak_side.value} side first ({f.evidence})"
        if f.sling in CROSS_SLINGS and weak_side is not f.tested_side:
            first += (
                f"; the {f.side.value} {f.sling.replace('-', ' ')} sling links the "
                f"{f.side.value} hip with the {f.arm_side.value} arm"
            )
        if f.id in cand.contralateral_for:
            leg, arm = f.side.value, f.arm_side.value
            if exercise.pattern in ARM_PATTERNS:
                first += (
                    f"; the cross-body pattern trains the {leg} posterior oblique sling "
                    f"({leg} glute – {arm} lat): work the {arm} arm with the {leg} foot forward"
                )
            else:
                first += (
                    f"; contralateral load trains the {leg} posterior oblique sling "
                    f"({leg} glute – {arm} lat): hold the load in the {arm} hand"
                )
        first += f"; {reason}"
        second = (
            f"{weak_side.other.value} side after the {weak_side.value}, alternating: "
            f"{_sets(strong)}" + (f", {diff} fewer than the weaker side" if diff > 0 else "")
        )
    return [
        dict(common, side=Sides(weak_side.value), sets=weak, seconds=weak_seconds, reason=first),
        dict(
            common,
            side=Sides(weak_side.other.value),
            sets=strong,
            seconds=strong_seconds,
            reason=second,
        ),
    ]
