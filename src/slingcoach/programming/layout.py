"""The block laid out: mesocycle templates → dated weeks → sessions → items with reasons.

Each step is one function where the data changes form: the week's plan (kind, RIR, where
in the mesocycle), the dated sessions, the items of one session (re-tests, then each
placement's one or two items), and for each item its dose, set-up, progression and reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slingcoach.exercises.model import Exercise
from slingcoach.exercises.sides import Limb, Setup, externally_loaded, setup_for
from slingcoach.programming.candidates import ARM_PATTERNS, Candidate
from slingcoach.programming.contracts import CROSS_SLINGS, FindingNeed, ProgrammingInput, Retest
from slingcoach.programming.model import (
    BLOCK_ORDER,
    Block,
    Item,
    LabTest,
    Progression,
    ProgressionRule,
    RetestDose,
    Session,
    Week,
    WeekKind,
    item_key,
)
from slingcoach.programming.preferences import ResolvedPreferences, Weekday
from slingcoach.programming.rules import (
    DELOAD_RIR,
    EXTRA_REPS_ALTERNATING,
    LOAD_STEP_PCT,
    RETEST_S,
    WEEKLY_AEROBIC_STEP_PCT,
    deload_sets,
    goal_words,
    percent_1rm,
    rir_for,
    target_for,
    weak_sets_for,
)
from slingcoach.programming.solver import Placement, Requirements
from slingcoach.programming.wording import progression_text, reps_in_reserve
from slingcoach.vocab import Category, Equipment, Pattern, Side, Sides, Unit

Template = tuple[tuple[Placement, ...], ...]


@dataclass(frozen=True)
class Context:
    """What every step of the layout reads."""

    req: Requirements
    prefs: ResolvedPreferences
    needs: ProgrammingInput
    by_id: dict[str, Exercise]


@dataclass(frozen=True)
class WeekPlan:
    """One week's place in the block: kind, mesocycle, RIR and build-week index."""

    number: int
    kind: WeekKind
    mesocycle: int
    rir: int
    build_index: int
    build_weeks: int


def week_kinds(weeks: int, prefs: ResolvedPreferences) -> list[tuple[WeekKind, int]]:
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


def week_plans(weeks: int, prefs: ResolvedPreferences) -> list[WeekPlan]:
    """The plan of every week: RIR ramps over each mesocycle's build weeks."""
    kinds = week_kinds(weeks, prefs)
    plans = []
    for number, (kind, mesocycle) in enumerate(kinds, start=1):
        builds = [
            n for n, (k, m) in enumerate(kinds, start=1) if m == mesocycle and k is WeekKind.BUILD
        ]
        index = builds.index(number) if number in builds else 0
        rir = rir_for(prefs.level, index, len(builds)) if kind is WeekKind.BUILD else DELOAD_RIR
        plans.append(WeekPlan(number, kind, mesocycle, rir, index, len(builds)))
    return plans


def lay_out(templates: list[Template], ctx: Context, weeks: int) -> tuple[Week, ...]:
    """Turn the mesocycle templates into dated weeks with progression and reasons."""
    out = []
    for plan in week_plans(weeks, ctx.prefs):
        template = templates[min(plan.mesocycle, len(templates)) - 1]
        out.append(_week(plan, template, ctx))
    return tuple(out)


def _dated_sessions(prefs: ResolvedPreferences, week: int) -> list[tuple[dt.date, int, Weekday]]:
    """(date, template session index, weekday) of a week's sessions, in date order."""
    dated = []
    for si, weekday in enumerate(prefs.weekdays):
        offset = (weekday.day_number - prefs.start_date.weekday()) % 7
        dated.append((prefs.start_date + dt.timedelta(days=offset + 7 * (week - 1)), si, weekday))
    return sorted(dated)


def _week(plan: WeekPlan, template: Template, ctx: Context) -> Week:
    dated = _dated_sessions(ctx.prefs, plan.number)
    retests = [r for r in ctx.needs.retests if not r.at_lab]
    sessions = []
    for number, (date, si, weekday) in enumerate(dated, start=1):
        # the re-tests are shared out over the week's sessions, first session first
        mine = retests[number - 1 :: len(dated)] if plan.kind is WeekKind.RETEST else []
        items = _session_items(template[si], plan, number, ctx, mine)
        sessions.append(_session(number, date, weekday, items, template[si], ctx))
    lab: tuple[LabTest, ...] = ()
    if plan.kind is WeekKind.RETEST:
        lab = tuple(
            LabTest(test_id=r.test_id, name=r.name, how=r.how)
            for r in ctx.needs.retests
            if r.at_lab
        )
    return Week(
        number=plan.number,
        kind=plan.kind,
        mesocycle=plan.mesocycle,
        rir=plan.rir,
        note=_week_note(plan),
        sessions=tuple(sessions),
        lab_tests=lab,
    )


def _session(
    number: int,
    date: dt.date,
    weekday: Weekday,
    items: tuple[Item, ...],
    placements: Sequence[Placement],
    ctx: Context,
) -> Session:
    prefs = ctx.prefs
    minutes = math.ceil(sum(i.seconds for i in items) / 60)
    start = dt.datetime.combine(date, prefs.start_time)
    return Session(
        number=number,
        date=date,
        weekday=weekday,
        start_time=prefs.start_time,
        end_time=(start + dt.timedelta(minutes=minutes)).time(),
        timezone=prefs.timezone,
        minutes=minutes,
        minutes_available=prefs.minutes_per_session,
        focus=_session_focus(placements, ctx.req.findings),
        items=items,
    )


def _week_note(plan: WeekPlan) -> str:
    if plan.kind is WeekKind.DELOAD:
        return (
            "deload: about half the sets at the same loads, "
            f"{reps_in_reserve(DELOAD_RIR)} (Bosquet et al. 2007)"
        )
    if plan.kind is WeekKind.RETEST:
        return "re-test week: tests first, after an even warm-up; light training after them"
    return (
        f"build week {plan.build_index + 1} of {plan.build_weeks}: stop each set with "
        f"{reps_in_reserve(plan.rir)}; reps climb toward the top of each range"
    )


def _session_focus(placements: Sequence[Placement], findings: Sequence[FindingNeed]) -> str:
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


# ---------------------------------------------------------------------------- one session
def _session_items(
    placements: Sequence[Placement],
    plan: WeekPlan,
    session: int,
    ctx: Context,
    retests: list[Retest],
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
    raw: list[dict[str, Any]] = [_retest_item(r) for r in retests]
    for placement in ordered:
        raw.extend(_placement_items(placement, plan, ctx))
    raw.sort(key=lambda r: BLOCK_ORDER.index(r["block"]))
    if retests:
        _fit(raw, ctx.prefs.minutes_per_session * 60)
    items = []
    for order, fields in enumerate(raw, start=1):
        item = Item(key=item_key(plan.number, session, order), order=order, load="", **fields)
        items.append(item.model_copy(update={"load": progression_text(item)}))
    return tuple(items)


def _fit(raw: list[dict[str, Any]], budget_s: int) -> None:
    """Keep a re-test session inside its minutes: drop training from the end (both halves
    of one-sided work together), warm-ups last, never the tests."""
    while sum(int(r["seconds"]) for r in raw) > budget_s:
        droppable = [
            i
            for i, r in enumerate(raw)
            if r["block"] in (Block.ACCESSORY, Block.MOBILITY, Block.SLING, Block.MAIN)
        ] or [i for i, r in enumerate(raw) if r["block"] is Block.WARM_UP]
        if not droppable:
            return
        last = raw[droppable[-1]]
        partner = [
            i
            for i, r in enumerate(raw)
            if r["name"] == last["name"] and r["block"] == last["block"]
        ]
        for i in sorted(partner, reverse=True):
            del raw[i]


def _retest_item(retest: Retest) -> dict[str, Any]:
    """A field test of the re-test week: its protocol dose, both sides."""
    return dict(
        block=Block.RETEST,
        kind="test",
        exercise_id=None,
        test_id=retest.test_id,
        name=retest.name,
        pattern=None,
        side=Sides.BOTH,
        sets=retest.trials,
        unit=Unit.REPS,
        low=1,
        high=1,
        target=None,
        rir=None,
        progression=Progression(rule=ProgressionRule.TEST, loaded=False),
        retest=RetestDose(trials=retest.trials, measure=retest.measure, how=retest.how),
        rest_s=180,
        hard=False,
        seconds=RETEST_S,
        cue=retest.how,
        reason="repeats the test that found the imbalance: is the gap closing?",
    )


# ---------------------------------------------------------------------------- one placement
def _week_sets(placement: Placement, plan: WeekPlan, ctx: Context) -> tuple[int, int]:
    """(strong, weak) sets this week: deloads and the re-test week cut hard work to 0.55x
    (the weak side keeps its bias) and warm-ups by one set; the re-test week's warm-up is
    even, so no test follows extra sets on one side."""
    cand = placement.candidate
    strong, weak = placement.strong_sets, placement.weak_sets
    if plan.kind is WeekKind.BUILD:
        return strong, weak
    if cand.hard:
        cut = deload_sets(strong)
        biased = cand.weak_side is not None and weak > strong
        prefs = ctx.prefs
        return cut, (
            weak_sets_for(cut, prefs.weak_side_extra_sets, prefs.weak_side_factor)
            if biased
            else cut
        )
    if cand.block is Block.WARM_UP:
        light = max(1, strong - 1)
        return light, light
    return strong, weak


def _progression(cand: Candidate, plan: WeekPlan, rir: int | None, reps: int) -> Progression:
    """How this item progresses, as data (words: programming.wording)."""
    exercise = cand.exercise
    loaded = externally_loaded(exercise)
    conditioning = exercise.category is Category.CONDITIONING
    if not cand.hard and not conditioning:
        return Progression(rule=ProgressionRule.NONE, loaded=False)
    aerobic = conditioning and not loaded and exercise.pattern is not Pattern.CARRY
    if plan.kind is not WeekKind.BUILD:
        return Progression(
            rule=ProgressionRule.HOLD_STEADY,
            loaded=loaded,
            weekly_step_pct=WEEKLY_AEROBIC_STEP_PCT if aerobic else None,
            ramp_sets=cand.ramp_sets,
        )
    if aerobic:
        return Progression(
            rule=ProgressionRule.EASY_AEROBIC, loaded=False, weekly_step_pct=WEEKLY_AEROBIC_STEP_PCT
        )
    harder = _harder(cand)
    if exercise.unit is Unit.SECONDS:
        return Progression(rule=ProgressionRule.HOLD_TIME, loaded=loaded, harder=harder)
    if exercise.unit is Unit.METRES:
        if loaded:
            return Progression(rule=ProgressionRule.CARRY, loaded=True, load_step_pct=LOAD_STEP_PCT)
        return Progression(rule=ProgressionRule.REPS_THEN_VARIATION, loaded=False, harder=harder)
    if loaded:
        # % 1RM only for the lifts the NSCA table is about, not for core or carries
        lift = exercise.category in (Category.STRENGTH, Category.POWER)
        return Progression(
            rule=ProgressionRule.DOUBLE,
            loaded=True,
            load_step_pct=LOAD_STEP_PCT,
            intensity_pct_1rm=percent_1rm(reps + (rir or 0)) if lift else None,
            ramp_sets=cand.ramp_sets,
        )
    if Equipment.BAND in exercise.equipment:
        return Progression(rule=ProgressionRule.BAND, loaded=False)
    return Progression(rule=ProgressionRule.REPS_THEN_VARIATION, loaded=False, harder=harder)


def _harder(cand: Candidate) -> str | None:
    """The catalogue's next step, by name (set when the candidate was made)."""
    return cand.harder


def _reason(cand: Candidate, placement: Placement, ctx: Context, lead: str = "") -> str:
    """The item's reason in short clauses: why one side gets more (``lead``), what it trains
    (unless ``lead`` already names it), the pattern it covers, where it came from."""
    exercise = cand.exercise
    parts = [lead] if lead else []
    covered = cand.hard and exercise.pattern in ctx.req.patterns
    base = cand.reason
    named = lead and "sling" in base  # the lead already names the sling
    if not named and not (covered and base.endswith(" pattern")):
        parts.append(base)
    if covered:
        goals = goal_words(ctx.req.patterns[exercise.pattern])
        parts.append(f"covers {exercise.pattern.value.replace('-', ' ')} for {goals}")
    if placement.progressed_from is not None:
        parts.append(f"a step on from {placement.progressed_from}")
    return "; ".join(parts)


def _limb_words(setup: Setup | None, side: Side) -> str:
    limb = setup.limb if setup is not None else Limb.LEG
    word = {Limb.ARM: "arm", Limb.SIDE_DOWN: "side"}.get(limb, "leg")
    return f"{side.value} {word}"


def _bias_lead(cand: Candidate, finding: FindingNeed, extra: str, where: str) -> str:
    """ "1 extra set for the left arm (right posterior oblique sling, right hip to left
    arm): <evidence>": which limb, which sling and the evidence, in one clause."""
    sling = f"{finding.side.value} {finding.sling.replace('-', ' ')} sling"
    if finding.sling in CROSS_SLINGS and cand.exercise.pattern in ARM_PATTERNS:
        sling += f", {finding.side.value} hip to {finding.arm_side.value} arm"
    return f"{extra} for the {where} ({sling}): {finding.evidence}"


def _placement_items(placement: Placement, plan: WeekPlan, ctx: Context) -> list[dict[str, Any]]:
    """One item (bilateral or alternating work) or two (one-sided work, weaker side first)."""
    cand = placement.candidate
    exercise = cand.exercise
    low, high = cand.low, cand.high
    strong, weak = _week_sets(placement, plan, ctx)
    target = target_for(low, high, plan.build_index, plan.build_weeks)
    if plan.kind is not WeekKind.BUILD:
        target = low
    if not cand.hard and exercise.category is not Category.CONDITIONING:
        target = high
    light = plan.kind is not WeekKind.BUILD and cand.block is Block.WARM_UP
    if light:
        target = low  # a lighter warm-up: fewer sets and the bottom of the range
    rir = plan.rir if cand.hard else None
    common: dict[str, Any] = dict(
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
        rir=rir,
        progression=_progression(cand, plan, rir, target),
        retest=None,
        rest_s=cand.rest_s,
        hard=cand.hard,
        cue=exercise.cues[0] if exercise.cues else None,
    )
    weak_seconds, strong_seconds = cand.side_seconds(strong, weak, units=low if light else None)
    if not exercise.one_sided:
        reason = _reason(cand, placement, ctx)
        return [dict(common, side=Sides.BOTH, sets=strong, seconds=weak_seconds, reason=reason)]
    if exercise.alternating:
        return [_alternating_item(common, placement, strong, weak_seconds, plan, ctx)]
    finding = cand.finding if cand.weak_side is not None else None
    lead = cand.weak_side or cand.lead_side
    first_setup = setup_for(exercise, lead)
    second_setup = setup_for(exercise, lead.other)
    if finding is None:
        same = _reason(cand, placement, ctx) + "; same sets on each side"
        return [
            dict(common, side=Sides.of(lead), setup=first_setup, sets=strong,
                 seconds=weak_seconds, reason=same),
            dict(common, side=Sides.of(lead.other), setup=second_setup, sets=strong,
                 seconds=strong_seconds, reason=same),
        ]  # fmt: skip
    diff = weak - strong
    where = _limb_words(first_setup, lead)
    if diff > 0:
        extra = f"+{diff} set{'s' if diff > 1 else ''}"
        first = _reason(cand, placement, ctx, _bias_lead(cand, finding, extra, where))
        second = (
            f"{_limb_words(second_setup, lead.other)}: {diff} set{'s' if diff > 1 else ''} fewer"
        )
    else:
        first = _reason(cand, placement, ctx, _bias_lead(cand, finding, "first", where))
        second = f"{_limb_words(second_setup, lead.other)} after the {lead.value}"
    return [
        dict(common, side=Sides.of(lead), setup=first_setup, finding_id=finding.id, sets=weak,
             seconds=weak_seconds, reason=first),
        dict(common, side=Sides.of(lead.other), setup=second_setup, finding_id=finding.id,
             sets=strong, seconds=strong_seconds, reason=second),
    ]  # fmt: skip


def _alternating_item(
    common: dict[str, Any],
    placement: Placement,
    sets: int,
    seconds: int,
    plan: WeekPlan,
    ctx: Context,
) -> dict[str, Any]:
    """Sides alternate rep by rep: one item; a weak side gets extra reps in each set."""
    cand = placement.candidate
    finding = cand.finding if cand.weak_side is not None else None
    extra = EXTRA_REPS_ALTERNATING if finding is not None and cand.hard else 0
    if plan.kind is WeekKind.RETEST:
        extra = 0
    setup = Setup(
        limb=setup_for(cand.exercise, None).limb,  # type: ignore[union-attr]
        alternating=True,
        extra_reps=extra,
        extra_reps_side=cand.weak_side if extra else None,
    )
    lead = ""
    if extra and finding is not None and cand.weak_side is not None:
        where = f"{cand.weak_side.value} side"
        lead = _bias_lead(cand, finding, f"+{extra} reps a set", where)
    return dict(
        common,
        side=Sides.BOTH,
        setup=setup,
        finding_id=finding.id if extra and finding is not None else None,
        sets=sets,
        seconds=seconds,
        reason=_reason(cand, placement, ctx, lead),
    )
