"""Coaching rules as data: goal → patterns, weekly volume, RIR ramp, deloads, timing.

Each table names its source. Numbers are conventions a coach can argue with; they
live here so that one edit changes them everywhere (and the docs quote them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from slingcoach.exercises.model import Exercise
from slingcoach.programming.preferences import Goal
from slingcoach.vocab import Category, Pattern

GOAL_PATTERNS: dict[Goal, tuple[Pattern, ...]] = {
    # Dan John, "Intervention" (2013) and Boyle, "New Functional Training for Sports"
    # (2016): push, pull, hinge, squat, loaded carry (+ single-leg) as the basic patterns.
    Goal.STRENGTH: (Pattern.HINGE, Pattern.SQUAT, Pattern.PULL, Pattern.CARRY),
    # Blagrove, Howatson & Hayes 2018 Sports Med 48:1117: single-leg strength, hip
    # extension and trunk stiffness carry over to running economy.
    Goal.RUNNING: (Pattern.LUNGE, Pattern.HINGE, Pattern.ANTI_ROTATION),
    # NSCA Essentials (Haff & Triplett 2016, needs analysis): multi-planar, single-leg
    # and rotational force transfer for field and court sports.
    Goal.SPORT: (Pattern.LUNGE, Pattern.HINGE, Pattern.ROTATION),
    # McGill, "Low Back Disorders" (3rd ed. 2016): hip hinge, bracing/anti-rotation and
    # carries spare the back; glute bridging restores hip extension.
    Goal.PAIN_FREE_DAILY_LIFE: (Pattern.THRUST_BRIDGE, Pattern.HINGE, Pattern.ANTI_ROTATION),
    # ACSM 2009 position stand (Med Sci Sports Exerc 41:687) and Garber et al. 2011:
    # multi-joint work for every major muscle group, plus carries/balance for older adults.
    Goal.LONGEVITY: (Pattern.SQUAT, Pattern.HINGE, Pattern.PULL, Pattern.CARRY),
}
"""Movement patterns each goal needs at least once a week."""

GOAL_NAMES: dict[Goal, str] = {
    Goal.PAIN_FREE_DAILY_LIFE: "pain-free daily life",
    Goal.STRENGTH: "strength",
    Goal.RUNNING: "running",
    Goal.SPORT: "sport",
    Goal.LONGEVITY: "longevity",
}
"""Each goal as the plan prints it (the ids stay in the JSON and on the command line)."""


def goal_words(names: Sequence[str]) -> str:
    """Goal ids (and other labels such as "glute focus") joined as the plan prints them.

    >>> goal_words(["pain-free-daily-life", "glute focus"])
    'pain-free daily life, glute focus'
    """
    known = {g.value: text for g, text in GOAL_NAMES.items()}
    return ", ".join(known.get(n, n) for n in names)


BASE_PATTERNS: tuple[Pattern, ...] = (Pattern.THRUST_BRIDGE,)
"""Every program trains hip extension through bridges or thrusts (the gluteus maximus)."""

VOLUME_RANGE: dict[int, tuple[int, int]] = {
    # Weekly hard sets per muscle and side. Schoenfeld, Ogborn & Krieger 2017 J Sports Sci
    # 35:1073 (dose-response: ≥10 sets/week beat <5); ACSM 2009 position stand (novices
    # 1-3 sets per exercise, 2-3 days/week); Schoenfeld et al. 2019 Med Sci Sports Exerc
    # 51:94 (trained men gained more with 30+ weekly sets per muscle). Lower ends sized for
    # short sessions; the upper ends are a slingcoach convention, counting every set of an
    # exercise that has the muscle as a primary mover (the gluteus maximus is one in almost
    # every lower-body lift).
    1: (4, 16),
    2: (6, 22),
    3: (8, 28),
}
"""(minimum for the focus muscles, maximum for every muscle) by level."""

PRIMARY_WEIGHT_HALVES = 2
SECONDARY_WEIGHT_HALVES = 1
"""Volume counts a primary muscle 1.0 and a secondary 0.5 set (in half sets: 2 and 1), as
Liftosaur counts synergists with a multiplier; hard sets per Schoenfeld et al. 2017."""

HARD_CATEGORIES: frozenset[Category] = frozenset({Category.STRENGTH, Category.POWER, Category.CORE})
"""Categories whose sets are hard sets (taken close to failure); activation, mobility and
easy conditioning (runs, marches) are not."""

FOCUS_MUSCLES: tuple[str, ...] = ("gluteus-maximus",)
"""Muscles every program gives at least the level's minimum weekly volume."""

TRANSITION_S = 45
"""Seconds to set up, change equipment and move between exercises (a coaching estimate)."""

GRADED_PAIN = 4
"""Back pain now (0-10) from which the program starts graded and pain-monitored: one level
easier, no heavy lifts, no impact (the assessment adds impact-intolerance), and the person
keeps pain at 3/10 or less. Moderate pain on the numeric scale starts at 4 (Gerbershagen et
al. 2011 Br J Anaesth 107:619); the 3/10 limit is a slingcoach convention, stricter than the
5/10 of the pain-monitoring model (Silbernagel et al. 2007 Am J Sports Med 35:897)."""

TIME_USE_AIM, TIME_USE_FLOOR = 0.9, 0.75
"""Sessions use at least 90 % of the minutes given (median) and none less than 75 %, unless
the weekly rules make it impossible, and then the plan says why (slingcoach aims)."""

SHORT_SESSION_MIN, SHORT_SESSION_REST_S = 30, 120
"""In sessions under 30 minutes a heavy main lift rests 2 minutes (the NSCA's lower bound for
strength) with one lighter warm-up set (slingcoach convention)."""

MAIN_LIFT_SESSIONS = 2
"""Sessions a week with a loaded main lift for a strength goal at level 2-3 (one when the
person trains once a week): NSCA Essentials (2016) recommends training a movement 2-3 times
a week; 2 is the slingcoach minimum."""

LONG_SESSION_MIN = 75
"""Sessions this long (minutes) may give a strength main lift one more set, hold a third
mobility item and a carry beside the aerobic work, and give easy conditioning half of the
session (slingcoach convention)."""

EXTRA_SET_MIN = 60
"""Sessions this long (minutes) may give other hard exercises one more set than their dose
(ACSM 2009 position stand: multiple sets per exercise; a slingcoach convention)."""

SANDBAG_BONUS = 4
"""Score added to sandbag exercises for a person who has a sandbag, so the plan uses the
sandbag library (slingcoach convention, on the scale of candidates.make_candidate)."""

WARM_UP_SHARE = 0.15
WARM_UP_MIN_S, WARM_UP_MAX_S = 240, 480
"""The warm-up drills take at most 15 % of the session, within 4-8 minutes (a slingcoach
convention after McGowan et al. 2015 Sports Med 45:1523: 5-10 minutes of warm-up, the
specific part short; heavy lifts add their own lighter sets)."""


def warm_up_limit_s(minutes: int) -> int:
    """Most seconds the warm-up drills of a ``minutes``-minute session may take."""
    return int(min(WARM_UP_MAX_S, max(WARM_UP_MIN_S, WARM_UP_SHARE * minutes * 60)))


RAMP_REST_S = 60
"""Seconds after each lighter warm-up set of a heavy main lift (a coaching estimate)."""

STRENGTH_DOSE: dict[int, tuple[int, int, int, int, int]] = {
    # (sets, low reps, high reps, rest s, warm-up sets) of a loaded main lift for the strength
    # goal. NSCA Essentials (Haff & Triplett 2016, ch. 17): strength 2-6 sets of 6 reps or
    # fewer at 85 % 1RM or more, 2-5 min rest; ACSM 2009 position stand: 1-6 reps at 80-100 %
    # 1RM for intermediate and advanced lifters. The two lighter warm-up sets are common
    # practice (a slingcoach convention).
    2: (4, 4, 6, 180, 2),
    3: (5, 3, 5, 180, 2),
}
"""Loaded main lifts for a strength goal at level 2 and 3 (level 1 keeps the catalogue dose)."""

RETEST_S = 240
"""Seconds per field test in the re-test week (both sides, two or three trials)."""

DELOAD_FACTOR = 0.55
# Bosquet et al. 2007 Med Sci Sports Exerc 39:1358 (taper meta-analysis): cut volume by
# 41-60 % and keep intensity; deload sets = 0.55 × sets rounded half up (2→1, 3→2, 4→2, 5→3).

RIR_RAMP: dict[int, tuple[int, int]] = {
    # Repetitions in reserve from the first to the last build week of a mesocycle;
    # Helms et al. 2016 Strength Cond J 38(4):42 (RIR-based RPE), Zourdos et al. 2016.
    # Beginners stay further from failure.
    1: (4, 2),
    2: (3, 1),
    3: (3, 1),
}

DELOAD_RIR = 4
"""Reps in reserve in deload and re-test weeks: easier than any build week (slingcoach
convention, with the volume cut of Bosquet et al. 2007 above)."""
LOAD_STEP_PCT: tuple[float, float] = (2.5, 5.0)
"""Double progression (Helms, Valdez & Morgan, "The Muscle and Strength Pyramid", 2019):
reps climb to the top of the range in every set, then load goes up 2.5-5 % and reps restart
low (ACSM 2009 position stand: 2-10 % load increases when two reps over target are made)."""

WEEKLY_AEROBIC_STEP_PCT = 10
"""Easy aerobic work grows about 10 % a week (the common "10 % rule" of running coaches; a
slingcoach convention, as the evidence for the exact figure is weak: Buist et al. 2008)."""

EXTRA_REPS_ALTERNATING = 2
"""Alternating work (sides alternate rep by rep) biases the weaker side with two extra reps
per set instead of an extra set (a slingcoach convention)."""

PERCENT_1RM_BY_REPS: dict[int, int] = {
    # Repetitions to failure → % of one-repetition maximum: NSCA, Baechle & Earle (eds.),
    # Essentials of Strength Training and Conditioning 3rd ed. 2008, Table 17.7.
    1: 100,
    2: 95,
    3: 93,
    4: 90,
    5: 87,
    6: 85,
    7: 83,
    8: 80,
    9: 77,
    10: 75,
    11: 70,
    12: 67,
    15: 65,
}


def percent_1rm(reps_to_failure: int) -> int | None:
    """Estimated load (% 1RM) for a set whose reps plus reps in reserve is ``reps_to_failure``.

    From :data:`PERCENT_1RM_BY_REPS`, interpolated between 12 and 15; None beyond 15 reps,
    where the table gives no figure.

    >>> percent_1rm(8), percent_1rm(13), percent_1rm(20)
    (80, 66, None)
    """
    if reps_to_failure < 1 or reps_to_failure > 15:
        return None
    if reps_to_failure in PERCENT_1RM_BY_REPS:
        return PERCENT_1RM_BY_REPS[reps_to_failure]
    # 13 and 14: straight line between the table's 12 and 15
    low, high = PERCENT_1RM_BY_REPS[12], PERCENT_1RM_BY_REPS[15]
    return round(low + (high - low) * (reps_to_failure - 12) / 3)


def rir_for(level: int, build_index: int, build_weeks: int) -> int:
    """RIR for the ``build_index``-th (0-based) build week of ``build_weeks`` (linear ramp)."""
    first, last = RIR_RAMP[level]
    if build_weeks <= 1:
        return round((first + last) / 2)
    return round(first + (last - first) * build_index / (build_weeks - 1))


def target_for(low: int, high: int, build_index: int, build_weeks: int) -> int:
    """This week's aim inside ``low``-``high``: climbs linearly to the top (double progression)."""
    if build_weeks <= 1:
        return high
    return low + round((high - low) * build_index / (build_weeks - 1))


def deload_sets(sets: int) -> int:
    """Sets in a deload or re-test week (see :data:`DELOAD_FACTOR`)."""
    return max(1, math.floor(DELOAD_FACTOR * sets + 0.5))


def work_seconds(exercise: Exercise, units: int) -> float:
    """Seconds of work for one set on one side: units × seconds per unit (tempo, 1 s, s/m)."""
    return units * exercise.seconds_per_rep


def side_seconds(
    exercise: Exercise,
    units: int,
    strong_sets: int,
    weak_sets: int,
    *,
    rest_s: int | None = None,
    ramp_sets: int = 0,
) -> tuple[int, int]:
    """Seconds for (weak-side or bilateral item, strong-side item), rest and transition included.

    Bilateral work: sets × (work + rest) + transition, and 0 for the second item.
    One-sided work alternates sides and rests after each pair (the weak side goes first and
    may do extra sets), so the weak item carries weak × (work + rest) + transition and the
    strong item strong × work. Alternating work does both sides in every set: sets × (2 ×
    work + rest) + transition. ``rest_s`` replaces the exercise's rest (strength doses rest
    longer); each lighter warm-up set (``ramp_sets``) takes its work plus :data:`RAMP_REST_S`.
    """
    work = work_seconds(exercise, units)
    rest = exercise.rest_s if rest_s is None else rest_s
    ramp = math.ceil(ramp_sets * (work + RAMP_REST_S))
    if exercise.alternating:
        return math.ceil(strong_sets * (2 * work + rest)) + TRANSITION_S + ramp, 0
    if not exercise.one_sided:
        return math.ceil(strong_sets * (work + rest)) + TRANSITION_S + ramp, 0
    weak = math.ceil(weak_sets * (work + rest)) + TRANSITION_S + ramp
    return weak, math.ceil(strong_sets * work)


def item_seconds(
    exercise: Exercise,
    units: int,
    strong_sets: int,
    weak_sets: int,
    *,
    rest_s: int | None = None,
    ramp_sets: int = 0,
) -> int:
    """Time for an exercise on both sides with its rest and one transition (:func:`side_seconds`)."""
    return sum(
        side_seconds(exercise, units, strong_sets, weak_sets, rest_s=rest_s, ramp_sets=ramp_sets)
    )


def weak_sets_for(strong_sets: int, extra: int, factor: float) -> int:
    """Weak-side sets: the strong side's plus ``extra``, or ``factor`` times, whichever is more."""
    return max(strong_sets + extra, math.ceil(strong_sets * factor - 1e-9))
