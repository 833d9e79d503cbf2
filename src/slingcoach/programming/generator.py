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
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from slingcoach.errors import (
    InfeasibleProgramError,
    InvalidInputError,
    ReferralRequiredError,
    UnknownExerciseError,
)
from slingcoach.exercises.model import Exercise
from slingcoach.programming.candidates import (
    FILLER_TOP,
    FILLERS,
    POOL_SIZE,
    REQUIREMENT_TOP,
    Candidate,
    Exclusions,
    FocusFinding,
    build_candidates,
    harder_name,
    leg_bias,
    make_candidate,
    strength_lifts,
    usable,
)
from slingcoach.programming.checks import week_problems, week_volume
from slingcoach.programming.contracts import AssessmentLike, ProgrammingInput, programming_input
from slingcoach.programming.explain import explain, goal_relaxations
from slingcoach.programming.layout import Context, Template, lay_out, week_kinds
from slingcoach.programming.model import Block, Emphasis, Program, WeekKind
from slingcoach.programming.preferences import (
    Goal,
    Preferences,
    ResolvedPreferences,
    resolve_preferences,
)
from slingcoach.programming.rules import (
    BASE_PATTERNS,
    FOCUS_MUSCLES,
    GOAL_PATTERNS,
    GRADED_PAIN,
    MAIN_LIFT_SESSIONS,
    TIME_USE_AIM,
    TIME_USE_FLOOR,
    VOLUME_RANGE,
    goal_words,
)
from slingcoach.programming.solver import (
    Placement,
    Requirements,
    diagnose,
    max_items,
    serves,
    solve_week,
)
from slingcoach.vocab import Equipment, Pattern

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
    stated = resolve_preferences(preferences, needs.person)
    prefs = stated
    notes: list[str] = []
    if needs.pain_now >= GRADED_PAIN and stated.level > 1:
        # a graded start: one level easier while the back hurts; the program records the
        # person's own level and says what was lowered and why (rules.GRADED_PAIN)
        prefs = stated.model_copy(update={"level": stated.level - 1})
        notes.append(_graded_note(needs.pain_now, stated.level))
    if catalogue is None:
        from slingcoach.exercises import catalogue_hash as bundled_hash
        from slingcoach.exercises import get_catalogue

        catalogue = get_catalogue().all()
        content_hash = bundled_hash()
    else:
        content_hash = catalogue_hash(catalogue)
    by_id = {e.id: e for e in catalogue}
    _check_ids(prefs, by_id)

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
    # the build weeks' sessions, each mesocycle's template once per build week
    builds = [m for kind, m in week_kinds(weeks, prefs) if kind is WeekKind.BUILD]
    built = [templates[min(m, len(templates)) - 1] for m in builds] or templates
    time_note = _time_note(built, req, prefs, graded=prefs.level != stated.level)
    if time_note:
        # after the graded-start note, before the notes on what was left out
        notes.insert(int(prefs.level != stated.level), time_note)
    week_models = lay_out(templates, Context(req, prefs, needs, by_id), weeks)
    return Program(
        person=needs.person.name,
        assessment_id=needs.assessment_id,
        catalogue_hash=content_hash,
        seed=seed,
        weeks_count=weeks,
        start_date=prefs.start_date,
        timezone=prefs.timezone,
        preferences=stated,
        emphasis=tuple(_emphasis(f) for f in req.findings),
        patterns_required=tuple(req.patterns),
        volume_range=(req.volume_min, req.volume_max),
        focus_muscles=req.focus_muscles,
        contraindications=needs.contraindications,
        warnings=_warnings(needs, prefs),
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


def _warnings(needs: ProgrammingInput, prefs: ResolvedPreferences) -> tuple[str, ...]:
    """What the person must read before starting, in order of importance."""
    out = []
    if needs.red_flag_screen is False:
        count = needs.unanswered_red_flags
        which = f"{count} red-flag question{'s were' if count != 1 else ' was'} not answered"
        out.append(
            f"The safety screen is incomplete: {which}. Answer every red-flag question (or "
            f"see a clinician) before starting this program."
        )
    if needs.pain_now >= GRADED_PAIN:
        out.append(
            f"Back pain is {needs.pain_now}/10 now, so this plan starts graded and "
            f"pain-monitored: keep the pain at 3/10 or less during training and make sure it "
            f"has settled by the next morning; ease off or leave out an exercise that pushes it "
            f"higher. Jumps, hops and sprints are left out, the exercises are level "
            f"{prefs.level}, and heavy lifts wait until the pain is below {GRADED_PAIN}/10: "
            f"re-assess in 2-4 weeks."
        )
    return tuple(out)


def _graded_note(pain_now: int, level: int) -> str:
    """The note that says a graded start lowered the level, why, and when it comes back."""
    return (
        f"Graded start: back pain is {pain_now}/10 now, so the exercises and doses are level "
        f"{level - 1}, one below the level {level} you gave; level {level} comes back when the "
        f"pain is below {GRADED_PAIN}/10 at the re-assessment."
    )


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


def _time_note(
    templates: list[Template], req: Requirements, prefs: ResolvedPreferences, *, graded: bool
) -> str | None:
    """Why the build weeks' sessions (``templates``, one per build week) are shorter than
    the minutes given, with the choices, or None.

    Sessions should use :data:`~rules.TIME_USE_AIM` of the minutes (median) and none less
    than :data:`~rules.TIME_USE_FLOOR`; when the week cannot, the plan says why and what to
    change (never a higher level during a graded start: the pain set it).
    """
    import statistics

    budget = 60 * prefs.minutes_per_session
    used = [sum(p.seconds for p in s) / budget for template in templates for s in template]
    if not used or (min(used) >= TIME_USE_FLOOR and statistics.median(used) >= TIME_USE_AIM):
        return None
    median = round(statistics.median(used) * prefs.minutes_per_session)
    volume: dict[tuple[str, object], int] = {}
    for template in templates:
        for key, halves in week_volume(template).items():
            volume[key] = max(volume.get(key, 0), halves)
    full = sorted(
        {
            m.replace("-", " ")
            for (m, _), halves in volume.items()
            if halves >= 2 * req.volume_max - 2
        }
    )
    head = f"Sessions use about {median} of the {prefs.minutes_per_session} minutes"
    # the real choices: sessions as long as this plan needs, or fewer, fuller days
    longest = max(sum(p.seconds for p in s) for template in templates for s in template)
    needed = min(prefs.minutes_per_session, 5 * math.ceil(longest / 300))
    choices = []
    if needed < prefs.minutes_per_session:
        choices.append(f"plan {needed}-minute sessions (the time this plan needs)")
    days = prefs.days_per_week
    fewer = max(1, round(days * statistics.median(used)))
    if fewer < days:
        choices.append(f"train {fewer} day{'s' if fewer > 1 else ''} a week with fuller sessions")
    if prefs.level < 3 and not graded:
        choices.append(f"choose level {prefs.level + 1} (more sets a week)")
    choices.append("keep the shorter sessions as planned")
    if full:
        return (
            f"{head}: the weekly maximum of {req.volume_max} hard sets per muscle and side at "
            f"level {prefs.level} is reached for {', '.join(full[:3])}, so more exercises would "
            f"be too much. Your choice: {'; or '.join(choices)}."
        )
    return (
        f"{head}: the exercises that suit you (equipment, level, contraindications) do not "
        f"fill more, as the maximum of {max_items(prefs.minutes_per_session)} exercises a "
        f"session and the weekly rules stand. Your choice: add equipment; or "
        f"{'; or '.join(choices)}."
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
        goals_text = goal_words(reasons)
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
    main_lifts = 0
    if any(c.main_lift for c in candidates):
        main_lifts = min(MAIN_LIFT_SESSIONS, prefs.days_per_week)
    elif strength_lifts(prefs) and needs_in.pain_now < GRADED_PAIN:
        notes.append(
            "no loaded main lift (a squat, hinge, bridge, press or pull with a barbell, "
            "dumbbells, kettlebells or a sandbag) suits this person now (equipment, level, "
            "contraindications): the strength work is single-side and body-weight work"
        )
    return Requirements(
        main_lifts=main_lifts,
        patterns=patterns,
        findings=tuple(kept),
        contralateral=contralateral,
        mobility_needs=tuple(needs),
        focus_muscles=tuple(focus),
        volume_min=volume_min,
        volume_max=volume_max,
        weekdays=tuple(d.day_number for d in prefs.weekdays),
        minutes=prefs.minutes_per_session,
        leg_bias=len({f.side for f in kept}) == 1
        and (prefs.weak_side_extra_sets > 0 or prefs.weak_side_factor > 1),
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
    # work that fills a long session without adding to the glutes' weekly sets: easy
    # conditioning, upper-body pulls and presses
    for filler in FILLERS:
        for c in ranked(filler)[:FILLER_TOP]:
            keep[c.id] = c
    if req.main_lifts:
        for c in ranked(lambda c: c.main_lift)[: REQUIREMENT_TOP + 1]:
            keep[c.id] = c
    for pattern in req.patterns:
        for c in ranked(lambda c, p=pattern: c.hard and c.exercise.pattern is p)[:REQUIREMENT_TOP]:
            keep[c.id] = c
    for finding in req.findings:
        for c in ranked(lambda c, f=finding: serves(c, f))[:REQUIREMENT_TOP]:
            keep[c.id] = c
        # the weak leg's own extra work, not only pulls and presses for the arm
        for c in ranked(lambda c, f=finding: serves(c, f) and leg_bias(c))[:REQUIREMENT_TOP]:
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


@dataclass(frozen=True)
class _Stepping:
    """What moving exercises between mesocycles reads."""

    req: Requirements
    prefs: ResolvedPreferences
    by_id: dict[str, Exercise]
    contraindications: frozenset[str]
    needs: set[str]
    graded: bool

    def candidate(self, exercise: Exercise) -> Candidate | None:
        """``exercise`` as a candidate, or None when the person may not do it (the level may
        be one above theirs: a progression is a step up)."""
        prefs = self.prefs
        if usable(exercise, prefs, self.contraindications, max_level=min(3, prefs.level + 1)):
            return None
        harder = harder_name(exercise, self.by_id, prefs, self.contraindications)
        return make_candidate(
            exercise, prefs, self.req.findings, self.needs, harder=harder, graded=self.graded
        )


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
    (checks.week_problems) and the session's time use; otherwise the exercise stays. A
    person with a sandbag whose exercise cannot progress changes to another sandbag exercise
    of the same pattern instead (variety from the sandbag library).
    """
    count = (weeks - 1) // prefs.deload_every + 1
    stepping = _Stepping(
        req,
        prefs,
        by_id,
        frozenset(needs_in.contraindications),
        set(needs_in.mobility_needs),
        needs_in.pain_now >= GRADED_PAIN,
    )
    current = template
    out: list[Template] = [current]
    for _ in range(1, count):
        sessions = [[replace(p, progressed_from=None) for p in s] for s in current]
        for si in range(len(sessions)):
            for pi in range(len(sessions[si])):
                moved = _progressed(sessions, si, pi, stepping)
                sessions = moved or sessions
        current = tuple(tuple(s) for s in sessions)
        out.append(current)
    return out


def _next_steps(old: Exercise, stepping: _Stepping) -> list[Exercise]:
    """The exercises ``old`` may move to: its progressions, then (for a person with a
    sandbag) other sandbag exercises of the same pattern, by id."""
    steps = [stepping.by_id[i] for i in old.progressions if i in stepping.by_id]
    if Equipment.SANDBAG in stepping.prefs.equipment:
        steps += sorted(
            (
                e
                for e in stepping.by_id.values()
                if Equipment.SANDBAG in e.equipment
                and e.pattern is old.pattern
                and e.id != old.id
                and e.level <= stepping.prefs.level
            ),
            key=lambda e: e.id,
        )
    return steps


def _progressed(
    sessions: list[list[Placement]], si: int, pi: int, stepping: _Stepping
) -> list[list[Placement]] | None:
    """``sessions`` with placement ``pi`` of session ``si`` moved one step (see
    :func:`_mesocycle_templates`); None when no step keeps every rule."""
    placement = sessions[si][pi]
    old = placement.candidate
    if not old.hard:
        return None
    in_use = {p.candidate.id for s in sessions for p in s}
    budget = 60 * stepping.req.minutes
    before = sum(p.seconds for p in sessions[si]) / budget
    for nxt in _next_steps(old.exercise, stepping):
        if nxt.id in in_use:
            continue
        cand = stepping.candidate(nxt)
        if cand is None or cand.block is not old.block:
            continue
        if nxt.one_sided != old.exercise.one_sided:
            continue
        sets = min(cand.set_options, key=lambda k: abs(k - placement.strong_sets))
        option = cand.set_options.index(sets)
        trial = [list(s) for s in sessions]
        trial[si][pi] = Placement(
            cand, sets, cand.weak_sets[option], progressed_from=old.exercise.name
        )
        after = sum(p.seconds for p in trial[si]) / budget
        if after < min(before, TIME_USE_FLOOR):
            continue
        if not week_problems(trial, stepping.req):
            return trial
    return None
