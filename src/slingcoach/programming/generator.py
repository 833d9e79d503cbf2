"""``generate``: assessment + preferences → a multi-week :class:`Program`.

1. Read the assessment into programming's own input (contracts.programming_input), resolve
   the preferences (gaps from the person), refuse referral assessments.
2. Filter and score exercises (candidates.py), set the week's requirements.
3. Solve the week template once with CP-SAT (solver.py); explain infeasibility (explain.py).
4. Progress the template between mesocycles, then lay the block out (layout.py): build
   weeks with double progression and an RIR ramp, deloads, a re-test week at the end.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace

from slingcoach.errors import (
    InfeasibleProgramError,
    InvalidInputError,
    ReferralRequiredError,
    UnknownExerciseError,
)
from slingcoach.exercises.model import Exercise
from slingcoach.programming.candidates import (
    POOL_SIZE,
    REQUIREMENT_TOP,
    Candidate,
    Exclusions,
    FocusFinding,
    build_candidates,
    harder_name,
    make_candidate,
    usable,
)
from slingcoach.programming.checks import week_problems
from slingcoach.programming.contracts import AssessmentLike, ProgrammingInput, programming_input
from slingcoach.programming.explain import explain, goal_relaxations
from slingcoach.programming.layout import Context, Template, lay_out
from slingcoach.programming.model import Block, Emphasis, Program
from slingcoach.programming.preferences import (
    Goal,
    Preferences,
    ResolvedPreferences,
    resolve_preferences,
)
from slingcoach.programming.rules import BASE_PATTERNS, FOCUS_MUSCLES, GOAL_PATTERNS, VOLUME_RANGE
from slingcoach.programming.solver import (
    Placement,
    Requirements,
    diagnose,
    serves,
    solve_week,
)
from slingcoach.vocab import Pattern

MIN_WEEKS, MAX_WEEKS = 4, 16


def generate(
    assessment: AssessmentLike | ProgrammingInput,
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
        The assessment (``slingcoach.assessment.assess``), or programming's own input
        built from one (:func:`~slingcoach.programming.contracts.programming_input`); a
        referral stops here.
    preferences
        Days, minutes, equipment, goals, dates; gaps are taken from the person.
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
    needs = programming_input(assessment)
    if needs.refer:
        raise ReferralRequiredError(
            needs.referral_text
            or "the assessment found red flags: see a clinician before training; no program"
        )
    prefs = resolve_preferences(preferences, needs.person)
    if catalogue is None:
        from slingcoach.exercises import catalogue_hash as bundled_hash
        from slingcoach.exercises import get_catalogue

        catalogue = get_catalogue().all()
        content_hash = bundled_hash()
    else:
        content_hash = catalogue_hash(catalogue)
    by_id = {e.id: e for e in catalogue}
    _check_ids(prefs, by_id)

    notes: list[str] = []
    candidates, exclusions = build_candidates(catalogue, prefs, needs, needs.findings)
    findings = _favourable(needs.findings, candidates, notes)
    if findings != needs.findings:
        # without the findings no exercise can favour, each exercise favours a kept one
        candidates, exclusions = build_candidates(catalogue, prefs, needs, findings)
    req = _requirements(candidates, exclusions, prefs, needs, findings, notes)
    pool = _select_pool(candidates, req)
    template = solve_week(pool, req, seed)
    if template is None:
        diagnosis = diagnose(pool, req, seed, relaxations=goal_relaxations(req, prefs))
        raise InfeasibleProgramError(explain(diagnosis, req, prefs))

    templates = _mesocycle_templates(template.sessions, req, prefs, by_id, needs, weeks)
    week_models = lay_out(templates, Context(req, prefs, needs, by_id), weeks)
    return Program(
        person=needs.person.name,
        assessment_id=needs.assessment_id,
        catalogue_hash=content_hash,
        seed=seed,
        weeks_count=weeks,
        start_date=prefs.start_date,
        timezone=prefs.timezone,
        preferences=prefs,
        emphasis=tuple(_emphasis(f) for f in req.findings),
        patterns_required=tuple(req.patterns),
        volume_range=(req.volume_min, req.volume_max),
        focus_muscles=req.focus_muscles,
        contraindications=needs.contraindications,
        warnings=_warnings(needs),
        notes=tuple(notes),
        solver=f"OR-Tools CP-SAT, seed {seed}, one worker: {template.status}",
        weeks=week_models,
    )


def catalogue_hash(catalogue: Sequence[Exercise]) -> str:
    """SHA-256 (hex) of the exercises' canonical content: every exercise as JSON, sorted by
    id with sorted keys (the same content hash ``slingcoach.exercises`` gives a catalogue)."""
    content = [e.model_dump(mode="json") for e in sorted(catalogue, key=lambda e: e.id)]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _emphasis(finding: FocusFinding) -> Emphasis:
    return Emphasis(
        finding_id=finding.id,
        sling=finding.sling,
        weak_side=finding.side,
        arm_side=finding.arm_side,
        muscles=finding.muscles,
        evidence=finding.evidence,
        tests=finding.tests,
    )


def _warnings(needs: ProgrammingInput) -> tuple[str, ...]:
    """What the person must read before starting, in order of importance."""
    out = []
    if needs.red_flag_screen is False:
        count = needs.unanswered_red_flags
        which = f"{count} red-flag question{'s were' if count != 1 else ' was'} not answered"
        out.append(
            f"The safety screen is incomplete: {which}. Answer every red-flag question (or "
            f"see a clinician) before starting this program."
        )
    return tuple(out)


def _favourable(
    findings: tuple[FocusFinding, ...], candidates: list[Candidate], notes: list[str]
) -> tuple[FocusFinding, ...]:
    """The findings some one-sided exercise can give more work; a note for each other one."""
    kept = []
    for finding in findings:
        if any(serves(c, finding) for c in candidates):
            kept.append(finding)
        else:
            notes.append(
                f"no single-side exercise that suits this person (equipment, level, "
                f"contraindications) trains the {finding.side.value} "
                f"{finding.sling.replace('-', ' ')} sling, so it gets no extra work: more "
                f"equipment or the next level would allow it"
            )
    return tuple(kept)


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
    needs_in: ProgrammingInput,
    findings: tuple[FocusFinding, ...],
    notes: list[str],
) -> Requirements:
    """What the week must contain; raises when equipment or the avoid list rules a goal out."""
    contraindications = frozenset(needs_in.contraindications)
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
            best = min(blocked, key=lambda e: (len(e.missing_equipment(have)), e.id))
            missing = ", ".join(sorted(str(q) for q in best.missing_equipment(have)))
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
    kept = list(findings)
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
    for need in dict.fromkeys(needs_in.mobility_needs):
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


def _mesocycle_templates(
    template: Template,
    req: Requirements,
    prefs: ResolvedPreferences,
    by_id: dict[str, Exercise],
    needs_in: ProgrammingInput,
    weeks: int,
) -> list[Template]:
    """One template per mesocycle: each moves exercises one step along the progression graph.

    A progression must be usable (equipment, contraindications, avoid list, level up to one
    above the person's), stay in the same block and laterality, and keep every weekly rule
    (checks.week_problems); otherwise the exercise stays.
    """
    count = (weeks - 1) // prefs.deload_every + 1
    findings = req.findings
    contraindications = frozenset(needs_in.contraindications)
    needs = set(needs_in.mobility_needs)
    current = template
    out: list[Template] = [current]
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
        harder = harder_name(nxt, by_id, prefs, contraindications)
        cand = make_candidate(nxt, prefs, findings, needs, harder=harder)
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
