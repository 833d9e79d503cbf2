"""A coach's checklist: what a careful strength coach checks before signing a program.

Written from issue 12 and docs/programming.md, not from the generator's code. It reads
the published Program model, the person's own intake (so a silently changed day count or
session length is caught), the assessment's tags and the catalogue, and returns every
violation in words, each starting with its rule ("S1 …"). Its rules keep their own small
tables (hamstring muscles, hop tests, %1RM by reps) instead of importing the generator's.

Rules
-----
S1 no jumps, hops, bounds, sprints or jump re-tests with back pain 4/10+ or impact intolerance
S2 pain now 4/10+: a pain-monitored, graded start, said in the warnings; the person's
   level kept in the program, and a note when the plan works a level below it
S3 every injury and painful movement excludes what it should
S4 an unanswered red-flag screen gives a visible warning
T1 the days and minutes the person gave, never changed
T2 sessions use the time (median >= 90 %, none < 75 %) unless the weekly maximum stops it
   and the plan says so with a real choice (shorter sessions, fewer days or the next level)
T3 warm-ups proportionate, lighter on deloads
T4 strength goal at level 2-3: a real loaded main lift at a fitting intensity every session
T5 a sandbag person uses the sandbag library
D1 range-of-motion tests never make a side "weaker"
D2 the extra work stays on the finding's side (leg, or the opposite arm for oblique slings)
D3 alternating drills are one item, not "R 4 sets / L 3 sets"
D4 every one-sided item says which limb, the load hand and the front foot
R1 the re-test week tests first after an even warm-up, protocol doses, lab tests listed apart
W1 progression words fit the exercise and the week; grammar
W2 short reasons without repeats
P1 the generator's documented rules (equipment, volume, patterns, hinge spacing)
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from typing import Any

from slingcoach.exercises.model import Exercise
from slingcoach.programming import Program, WeekKind

HAMSTRINGS = {"biceps-femoris", "semitendinosus", "semimembranosus"}
RANGE_TESTS = {
    "active-straight-leg-raise",
    "thomas-test",
    "hip-internal-rotation",
    "hip-external-rotation",
}
LOADS = {"dumbbell", "kettlebell", "barbell", "trap-bar", "sandbag", "landmine", "cable", "machine"}
MAIN_LIFT_LOADS = {"dumbbell", "kettlebell", "barbell", "trap-bar", "sandbag"}
# NSCA Essentials 3rd ed. (2008) Table 17.7, repetitions to failure -> % 1RM
PCT_1RM = {1: 100, 2: 95, 3: 93, 4: 90, 5: 87, 6: 85, 7: 83, 8: 80, 9: 77, 10: 75, 11: 70, 12: 67}
# single-leg work that is held on to a wall: not a balance challenge
SUPPORTED = {"single-leg-rdl-wall-supported", "single-leg-calf-raise"}


def _impact(e: Exercise) -> bool:
    sprint = e.pattern.value == "gait-run" and e.category.value == "power"
    return e.impact or e.pattern.value == "jump" or sprint


def _excluded_by(tag: str, e: Exercise) -> bool:
    """The checker's own reading of each tag (vocab.CONTRAINDICATIONS' descriptions)."""
    primary = set(e.primary_muscles)
    pattern = e.pattern.value
    if tag == "hamstring-strain":
        sprint = pattern == "gait-run" and e.category.value == "power"
        return bool(primary & HAMSTRINGS) or "hamstring-mobility" in e.focus or sprint
    if tag == "hip-impingement":
        return pattern == "squat" and e.id not in ("wall-sit", "box-squat-bodyweight")
    if tag == "knee-pain":
        return pattern in ("squat", "lunge", "step-climb")
    if tag == "groin-strain":
        return bool(primary & {"adductor-longus", "adductor-brevis"})
    if tag == "shoulder-pain":
        return pattern == "push" or "deltoid" in primary
    if tag == "acute-low-back-flare":
        return e.spinal_load.value in ("moderate", "high")
    if tag in ("impact-intolerance", "ankle-instability"):
        return _impact(e)
    if tag == "balance-impairment":
        return "balance" in e.focus and e.id not in SUPPORTED
    return False


def _loaded(e: Exercise, have: set[str]) -> bool:
    options = set(e.equipment) | {x for alts in e.equipment_or.values() for x in alts}
    return bool({str(x) for x in options} & LOADS)


def _pct_1rm(reps_to_failure: int) -> int:
    if reps_to_failure >= 15:
        return 60
    if reps_to_failure > 12:
        return 66
    return PCT_1RM[max(1, reps_to_failure)]


def coach_violations(
    program: Program, intake: Any, assessment: Any, exercises: dict[str, Exercise]
) -> list[str]:
    """Every rule of the checklist the program breaks (empty: a coach would sign it)."""
    out: list[str] = []
    checks = (
        _safety,
        _time,
        _warm_up,
        _strength,
        _sandbag,
        _sides,
        _retest,
        _wording,
        _documented_rules,
    )
    for check in checks:
        out.extend(check(program, intake, assessment, exercises))
    return out


def _items(program: Program) -> Any:
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                yield week, session, item


def _where(week: Any, session: Any, item: Any = None) -> str:
    text = f"week {week.number} session {session.number}"
    return f"{text} {item.name}" if item is not None else text


# ---------------------------------------------------------------------------- safety
def _safety(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    out = []
    pain = intake.signs.low_back_pain_now
    painful = {m.value for m in intake.signs.painful_movements}
    tags = set(assessment.contraindications)
    no_impact = pain >= 4 or {"jumping", "running"} & painful or "impact-intolerance" in tags
    for week, session, item in _items(program):
        if item.kind == "test":
            if no_impact and item.test_id and "hop" in item.test_id:
                out.append(f"S1 {_where(week, session, item)}: a hop re-test with impact ruled out")
            continue
        e = ex[item.exercise_id]
        if no_impact and _impact(e):
            out.append(f"S1 {_where(week, session, item)}: impact work with impact ruled out")
        for tag in tags:
            if _excluded_by(tag, e) or tag in e.contraindications:
                out.append(f"S3 {_where(week, session, item)}: contraindicated by {tag}")
    text = " ".join(program.warnings).lower()
    if pain >= 4:
        if "pain" not in text or "monitor" not in text:
            out.append("S2 back pain now 4/10+ and the warnings do not say pain-monitored")
        if program.weeks[0].rir is None or program.weeks[0].rir < 3:
            out.append("S2 back pain now 4/10+ and week 1 is not easy (RIR < 3)")
    level = intake.training.level
    if program.preferences.level != level:
        out.append(f"S2 the person's level {level} recorded as {program.preferences.level}")
    if pain >= 4 and level > 1:
        said = " ".join(program.notes).lower()
        if f"level {level - 1}" not in said or f"level {level} you gave" not in said:
            out.append("S2 a graded start lowers the level and no note says so")
    screened = set(intake.red_flags)
    from slingcoach.assessment.redflags import question_ids

    if not set(question_ids()) <= screened and "red-flag" not in text:
        out.append("S4 the red-flag screen is not fully answered and no warning says so")
    return out


# ---------------------------------------------------------------------------- time
def _week_volume(week: Any, ex: dict[str, Exercise]) -> dict[tuple[str, str], float]:
    volume: dict[tuple[str, str], float] = defaultdict(float)
    for session in week.sessions:
        for item in session.items:
            if not item.hard or item.kind == "test":
                continue
            e = ex[item.exercise_id]
            sides = ["left", "right"] if item.side.value == "both" else [item.side.value]
            for side in sides:
                for m in e.primary_muscles:
                    volume[m, side] += item.sets
                for m in e.secondary_muscles:
                    volume[m, side] += 0.5 * item.sets
    return volume


def _time(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    out = []
    days, minutes = intake.training.days_per_week, intake.training.minutes_per_session
    used = []
    short_weeks = []
    for week in program.weeks:
        if len(week.sessions) != days:
            out.append(f"T1 week {week.number}: {len(week.sessions)} sessions, asked {days}")
        for session in week.sessions:
            if session.minutes_available != minutes or session.minutes > minutes:
                out.append(f"T1 {_where(week, session)}: {session.minutes} of {minutes} min")
            if week.kind is WeekKind.BUILD:
                share = sum(i.seconds for i in session.items) / (60 * minutes)
                used.append(share)
                if share < 0.75:
                    short_weeks.append(week)
    if not used:
        return out
    explained = any(_offers_choice(n, minutes, days) for n in program.notes)
    if short_weeks or statistics.median(used) < 0.9:
        vmax = program.volume_range[1]
        weeks = short_weeks or [w for w in program.weeks if w.kind is WeekKind.BUILD]
        capped = all(max(_week_volume(w, ex).values(), default=0) >= vmax - 1 for w in weeks)
        if not (explained and capped):
            worst = min(used)
            out.append(
                f"T2 time use: median {statistics.median(used):.0%}, lowest {worst:.0%} of "
                f"{minutes} min, {'explained' if explained else 'not explained'}, "
                f"{'at' if capped else 'below'} the weekly maximum"
            )
    return out


def _offers_choice(note: str, minutes: int, days: int) -> bool:
    """A short-session note that says why (the weekly maximum) and offers a real choice:
    shorter sessions, fewer days or a higher level (a higher weekly maximum), with the number
    to pick."""
    if "maximum" not in note or "minutes" not in note:
        return False
    shorter = [int(m) for m in re.findall(r"(\d+)-minute sessions", note)]
    fewer = [int(d) for d in re.findall(r"(\d+) days? a week", note)]
    higher = re.search(r"choose level [23]", note)
    return any(m < minutes for m in shorter) or any(d < days for d in fewer) or bool(higher)


def _warm_up(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    out = []
    minutes = intake.training.minutes_per_session
    sets_by_week = {}
    for week in program.weeks:
        total = 0
        for session in week.sessions:
            warm = [i for i in session.items if i.block.value == "warm-up"]
            seconds = sum(i.seconds for i in warm)
            if seconds > min(600, max(300, 0.2 * minutes * 60)):
                out.append(f"T3 {_where(week, session)}: {seconds / 60:.0f} min of warm-up")
            total += seconds
        sets_by_week[week.number] = total
        if week.kind is WeekKind.DELOAD and week.number > 1:
            before = sets_by_week[week.number - 1]
            if before and total >= before:
                out.append(f"T3 week {week.number}: the deload's warm-up is not lighter")
    return out


def _strength(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    out = []
    goals = {g.value for g in intake.goals}
    level = intake.training.level
    have = {e.value for e in intake.training.equipment}
    if "strength" not in goals or level < 2 or not have & MAIN_LIFT_LOADS:
        return out
    graded = " ".join(program.warnings)
    if intake.signs.low_back_pain_now >= 4 and "heavy lifts wait" in graded:
        return out  # a graded, pain-monitored start: heavy lifts come later, and it says so
    floor = 75 if level == 2 else 80
    for week in program.weeks:
        if week.kind is not WeekKind.BUILD:
            continue
        lifts = 0
        for session in week.sessions:
            for item in session.items:
                if item.block.value != "main" or not item.hard:
                    continue
                e = ex[item.exercise_id]
                if e.category.value != "strength":
                    continue  # jumps and throws: power work before the lifts
                where = _where(week, session, item)
                if not _loaded(e, have):
                    out.append(f"T4 {where}: a body-weight main lift for a strength goal")
                    continue
                lifts += 1
                if item.unit.value == "reps" and item.target is not None and item.rir is not None:
                    pct = _pct_1rm(item.target + item.rir)
                    if pct < floor:
                        out.append(f"T4 {where}: about {pct} % 1RM < {floor}")
        explained = any("no loaded main lift" in n for n in program.notes)
        if lifts < min(2, len(week.sessions)) and not explained:
            out.append(f"T4 week {week.number}: {lifts} loaded main lifts for a strength goal")
    return out


def _sandbag(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    have = {e.value for e in intake.training.equipment}
    if "sandbag" not in have:
        return []
    loaded = sandbag = 0
    kinds = set()
    for _, _, item in _items(program):
        if item.kind == "test" or not item.hard:
            continue
        e = ex[item.exercise_id]
        if _loaded(e, have):
            loaded += 1
            if "sandbag" in {str(x) for x in e.equipment}:
                sandbag += 1
                kinds.add(e.id)
    only = not (have - {"sandbag"}) & LOADS
    share = 0.5 if only else 0.3
    out = []
    if loaded and sandbag < share * loaded:
        out.append(f"T5 {sandbag} of {loaded} loaded hard items use the sandbag (< {share:.0%})")
    # the sandbag exercises this person may do: equipment, level, contraindications
    tags = set(assessment.contraindications)
    level = intake.training.level
    usable = [
        e
        for e in ex.values()
        if "sandbag" in {str(x) for x in e.equipment}
        and e.usable_with(intake.training.equipment)
        and e.level <= level
        and e.category.value in ("strength", "power", "core")
        and not set(e.contraindications) & tags
        and not any(_excluded_by(t, e) for t in tags)
    ]
    wanted = min(6 if only else 4, max(2, len(usable) // 2))
    if len(kinds) < wanted:
        out.append(
            f"T5 {len(kinds)} different sandbag exercises over the block "
            f"({len(usable)} would suit, {wanted} wanted)"
        )
    return out


# ---------------------------------------------------------------------------- sides
def _sides(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    out = []
    emphasis = {e.finding_id: e for e in program.emphasis}
    for e in program.emphasis:
        if not set(e.tests) - RANGE_TESTS:
            out.append(f"D1 {e.finding_id} rests only on range-of-motion tests")
    for week, session, item in _items(program):
        if item.kind == "test":
            continue
        e = ex[item.exercise_id]
        where = _where(week, session, item)
        if not e.one_sided:
            continue
        if item.setup is None:
            out.append(f"D4 {where}: one-sided and no set-up says which limb")
            continue
        if e.alternating:
            if item.side.value != "both" or not item.setup.alternating:
                out.append(f"D3 {where}: an alternating drill split by side")
            continue
        side = item.side.value
        limb = item.setup.limb.value
        if e.laterality.value == "contralateral-loaded":
            if limb == "leg" and item.setup.load_hand and item.setup.load_hand.value == side:
                out.append(f"D4 {where}: the load is in the working leg's hand")
            if limb == "arm" and item.setup.front_foot and item.setup.front_foot.value == side:
                out.append(f"D4 {where}: the front foot is on the rowing arm's side")
        if item.finding_id is None:
            continue
        finding = emphasis.get(item.finding_id)
        if finding is None:
            out.append(f"D2 {where}: favours a finding the plan does not emphasise")
            continue
        expected = finding.arm_side.value if limb == "arm" else finding.weak_side.value
        if limb in ("leg", "arm", "side-down"):
            first = _first_of_pair(session, item)
            if first is item and side != expected:
                out.append(f"D2 {where}: extra work on the {side} {limb}, expected {expected}")
    return out


def _first_of_pair(session: Any, item: Any) -> Any:
    same = [i for i in session.items if i.exercise_id == item.exercise_id]
    return min(same, key=lambda i: i.order)


# ---------------------------------------------------------------------------- re-test week
def _retest(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    out = []
    for week in program.weeks:
        if week.kind is not WeekKind.RETEST:
            continue
        for session in week.sessions:
            tests = [i for i in session.items if i.kind == "test"]
            if not tests:
                continue
            last_test = max(i.order for i in tests)
            for item in session.items:
                where = _where(week, session, item)
                if item.kind == "test":
                    if item.retest is None or item.retest.trials < 1 or not item.retest.measure:
                        out.append(f"R1 {where}: no protocol dose")
                    if item.test_id and item.test_id.startswith(("emg-", "forceplate-", "pose-")):
                        out.append(f"R1 {where}: a lab test on a training day")
                    continue
                if item.order < last_test:
                    if item.hard:
                        out.append(f"R1 {where}: hard work before a test")
                    pair = [i for i in session.items if i.exercise_id == item.exercise_id]
                    if len({i.sets for i in pair}) > 1 or (
                        item.setup is not None and item.setup.extra_reps
                    ):
                        out.append(f"R1 {where}: an uneven warm-up before the tests")
        for lab in week.lab_tests:
            if lab.name == lab.test_id or " " not in lab.name:
                out.append(f"R1 week {week.number}: lab test without a proper name ({lab.name})")
    return out


# ---------------------------------------------------------------------------- wording
BAD_GRAMMAR = (
    re.compile(r"\b1 reps\b"),
    re.compile(r"lengths in reserve"),
    re.compile(r"\d s in reserve"),
)


def _wording(program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]) -> list[str]:
    out = []
    have = {e.value for e in intake.training.equipment}
    for week, session, item in _items(program):
        where = _where(week, session, item)
        text = item.load
        for pattern in BAD_GRAMMAR:
            if pattern.search(text) or pattern.search(item.reason):
                out.append(f"W1 {where}: {pattern.pattern!r} in {text!r}")
        if len(item.reason) > 220:
            out.append(f"W2 {where}: a {len(item.reason)}-character reason")
        clauses = [c.strip() for c in item.reason.split("; ")]
        if len(clauses) != len(set(clauses)):
            out.append(f"W2 {where}: a clause repeated in its reason")
        if item.kind == "test":
            continue
        e = ex[item.exercise_id]
        if week.kind is not WeekKind.BUILD and re.search(r"%/week|more each week|add |\+", text):
            out.append(f"W1 {where}: asks for more in a {week.kind.value} week: {text!r}")
        if not item.hard:
            continue
        if not _loaded(e, have) and re.search(r"% load|more weight|one-rep max", text):
            out.append(f"W1 {where}: load advice for body-weight work: {text!r}")
        if week.kind is WeekKind.BUILD:
            if e.pattern.value == "carry" and " m" not in text:
                out.append(f"W1 {where}: a carry that does not progress by distance: {text!r}")
            if item.unit.value == "seconds" and "hold" not in text:
                out.append(f"W1 {where}: a hold that does not progress by time: {text!r}")
    return out


# ---------------------------------------------------------------------------- the docs' rules
def _documented_rules(
    program: Program, intake: Any, assessment: Any, ex: dict[str, Exercise]
) -> list[str]:
    out = []
    prefs = program.preferences
    have = set(prefs.equipment)
    vmin, vmax = program.volume_range
    heavy_dates = []
    for week in program.weeks:
        patterns = set()
        for session in week.sessions:
            heavy = False
            for item in session.items:
                if item.kind == "test":
                    continue
                e = ex[item.exercise_id]
                where = _where(week, session, item)
                if not e.usable_with(have):
                    out.append(f"P1 {where}: needs equipment the person lacks")
                if e.id in prefs.avoid:
                    out.append(f"P1 {where}: on the avoid list")
                heavy = heavy or e.spinal_load.value == "high"
                if item.hard:
                    patterns.add(e.pattern)
            if heavy:
                heavy_dates.append(session.date)
        if week.kind is WeekKind.BUILD:
            for pattern in program.patterns_required:
                if pattern not in patterns:
                    out.append(f"P1 week {week.number}: pattern {pattern.value} missing")
            volume = _week_volume(week, ex)
            for (muscle, side), sets in volume.items():
                if sets > vmax:
                    out.append(f"P1 week {week.number}: {side} {muscle} {sets} > {vmax} sets")
            for muscle in program.focus_muscles:
                for side in ("left", "right"):
                    if volume[muscle, side] < vmin:
                        out.append(f"P1 week {week.number}: {side} {muscle} below {vmin} sets")
    for a in heavy_dates:
        for b in heavy_dates:
            if abs((a - b).days) == 1:
                out.append(f"P1 heavy hinges on consecutive days {a} and {b}")
    return sorted(set(out), key=out.index)


def rule_counts(violations: list[str]) -> dict[str, int]:
    """Violations per rule id ("S1": 3, ...)."""
    counts: dict[str, int] = defaultdict(int)
    for text in violations:
        counts[text.split()[0]] += 1
    return dict(sorted(counts.items()))


__all__ = ["coach_violations", "math", "rule_counts"]
