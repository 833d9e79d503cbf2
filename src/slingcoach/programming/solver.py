"""The weekly template as a CP-SAT model (OR-Tools), and the diagnosis when it has no answer.

One boolean per (exercise, session, set count); every coaching rule is a linear
constraint over them. Solved once per block; later weeks progress the template.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slingcoach.programming.candidates import (
    Candidate,
    FocusFinding,
    leg_bias,
    one_sided_leg_work,
)
from slingcoach.programming.model import Block
from slingcoach.programming.rules import (
    EXTRA_SET_MIN,
    LONG_SESSION_MIN,
    PRIMARY_WEIGHT_HALVES,
    SECONDARY_WEIGHT_HALVES,
    warm_up_limit_s,
)
from slingcoach.vocab import Category, Pattern, Side, SpinalLoad

MAX_ITEMS_PER_SESSION = 8
"""Most exercises in a session of up to an hour (a slingcoach convention: keeps a session
coachable); longer sessions may have one more per 8 minutes (:func:`max_items`)."""
CONDITIONING_SHARE = 1 / 3
"""Most of a session that easy conditioning may take: an easy aerobic finish of up to a third
of the session (a slingcoach convention; the ACSM's 150 minutes a week of moderate aerobic
activity, Garber et al. 2011 Med Sci Sports Exerc 43:1334, fit beside the strength work)."""
CONDITIONING_SHARE_LONG = 1 / 2
"""In sessions of :data:`~rules.EXTRA_SET_MIN` minutes or more, easy conditioning may take
half: 30-60 minutes of moderate aerobic work a day is the ACSM's dose (Garber et al. 2011),
and the strength work keeps the other half (a slingcoach convention)."""
AEROBIC_WEEK_MAX_S = 300 * 60
"""Most easy aerobic work a week: the top of the ACSM's 150-300 minutes of moderate activity
(Garber et al. 2011); more belongs to an endurance plan, not this one."""
TIME_WEIGHT = 1
"""Objective reward per second of the session used (a slingcoach heuristic: a five-minute
exercise is worth about as much as its fit to the findings, so sessions use the minutes the
person gave when the weekly rules allow)."""


def max_uses(days: int) -> int:
    """Most sessions a week one hard exercise may appear in: twice, three times from five
    training days (a slingcoach convention: NSCA Essentials 2016 trains a movement 2-3 times
    a week; more repeats crowd out the variety a sling program needs)."""
    return 3 if days >= 5 else 2


def max_items(minutes: int) -> int:
    """Most exercises (one-sided work counted once) in a session of ``minutes``."""
    return max(MAX_ITEMS_PER_SESSION, minutes // 8)


SHORTEST_WEIGHT = 1
"""Objective reward per second of the week's shortest session, times the number of sessions,
in sessions of an hour or more (a slingcoach heuristic: evens the time use out, so no
session is left nearly empty)."""
REPEAT_PENALTY = 150
"""Objective cost of using a hard exercise a second (third...) time in a week (a slingcoach
heuristic: about the time reward of a short exercise, so a repeat needs a clear reason)."""
SOLVER_TIME_LIMIT_S = 120.0
"""Wall-clock safety limit of one solve: only a stuck machine reaches it. The deterministic
limits below end every solve, so the answer is reproducible; a tight guard (it was 10 s)
cut the retry solve short on a loaded machine, which then gave another program or
"cannot fit" for a person that fits."""
SOLVER_DETERMINISTIC_LIMIT = 0.05
"""CP-SAT's deterministic time limit: with one worker it makes the answer reproducible
(the wall-clock limit above only guards against a stuck machine)."""
RETRY_LIMIT = 0.5
"""Deterministic limit of the second solve when the first found no answer in time."""
DIAGNOSIS_LIMIT = 0.4
"""Deterministic limit of each solve in :func:`diagnose` (only on the failure path)."""


@dataclass(frozen=True)
class Requirements:
    """What the week must contain, after dropping what the catalogue cannot supply."""

    patterns: dict[Pattern, tuple[str, ...]]
    findings: tuple[FocusFinding, ...]
    contralateral: tuple[str, ...]
    mobility_needs: tuple[str, ...]
    focus_muscles: tuple[str, ...]
    volume_min: int
    volume_max: int
    weekdays: tuple[int, ...]
    minutes: int
    main_lifts: int = 0
    """Sessions a week with a loaded main lift (strength goal at level 2-3; 0 otherwise)."""
    leg_bias: bool = False
    """The findings share one weak side and it gets extra sets: a week with one-sided leg or
    trunk work gives that side its extra sets there too (not only in pulls and presses)."""


@dataclass(frozen=True)
class Placement:
    """An exercise placed in a session with its sets on the strong and the weak side."""

    candidate: Candidate
    strong_sets: int
    weak_sets: int
    progressed_from: str | None = None

    @property
    def seconds(self) -> int:
        """Estimated time with rest and one transition."""
        return self.candidate.seconds(self.strong_sets, self.weak_sets)


@dataclass(frozen=True)
class Template:
    """The solved week: placements per session (in weekday order) and the solver status."""

    sessions: tuple[tuple[Placement, ...], ...]
    status: str


def adjacent_pairs(weekdays: Sequence[int]) -> list[tuple[int, int]]:
    """Session index pairs on consecutive calendar days (Sunday → Monday included)."""
    pairs = []
    n = len(weekdays)
    for i in range(n):
        for j in range(n):
            if i != j and (weekdays[j] - weekdays[i]) % 7 == 1:
                pairs.append((i, j))
    return pairs


def serves(candidate: Candidate, finding: FocusFinding) -> bool:
    """True when one-sided hard work with extra sets for a side trains the finding's sling
    or weak muscles."""
    exercise = candidate.exercise
    if not (candidate.hard and candidate.weak_side is not None and not exercise.alternating):
        return False
    return finding.sling in exercise.slings or bool(
        set(finding.muscles) & set(exercise.primary_muscles)
    )


def volume_halves(candidate: Candidate, muscle: str, side: Side, option: int) -> int:
    """Half sets a muscle on ``side`` gets from ``candidate`` at its ``option``-th set count."""
    exercise = candidate.exercise
    if not candidate.hard:
        return 0
    if muscle in exercise.primary_muscles:
        weight = PRIMARY_WEIGHT_HALVES
    elif muscle in exercise.secondary_muscles:
        weight = SECONDARY_WEIGHT_HALVES
    else:
        return 0
    sets = candidate.set_options[option]
    if candidate.weak_side is not None and side is candidate.weak_side:
        sets = candidate.weak_sets[option]
    return weight * sets


class _Week:
    """The CP-SAT model of one week; ``groups`` maps constraint-group names to literals.

    Built in steps, one per kind of rule (each a method below), over the same variables:
    ``y[c, s, k]`` is candidate ``c`` in session ``s`` at its ``k``-th set count and
    ``x[c, s]`` their sum (0 or 1).
    """

    def __init__(
        self,
        pool: Sequence[Candidate],
        req: Requirements,
        *,
        minutes_free: bool = False,
        use_assumptions: bool = False,
        feasibility_only: bool = False,
    ) -> None:
        from ortools.sat.python import cp_model

        self.cp_model = cp_model
        self.model = cp_model.CpModel()
        self.pool = pool
        self.req = req
        self.groups: dict[str, Any] = {}
        self.use_assumptions = use_assumptions
        self.sessions = range(len(req.weekdays))
        self.y: dict[tuple[int, int, int], Any] = {}
        self.x: dict[tuple[int, int], Any] = {}
        self.minutes_var: Any = None
        self._variables()
        self._session_time(minutes_free=minutes_free)
        self._structure()
        repeats = self._variety()
        self._coverage()
        self._volume()
        self._spacing()
        if self.minutes_var is not None:
            self.model.minimize(self.minutes_var)
        elif not feasibility_only:
            self._objective(repeats)

    def _idx(self, pred: Any) -> list[int]:
        """Indexes of the pool's candidates for which ``pred`` is true."""
        return [ci for ci, c in enumerate(self.pool) if pred(c)]

    def _variables(self) -> None:
        for ci, cand in enumerate(self.pool):
            for s in self.sessions:
                vs = [
                    self.model.new_bool_var(f"y{ci}_{s}_{k}") for k in range(len(cand.set_options))
                ]
                for k, v in enumerate(vs):
                    self.y[ci, s, k] = v
                self.model.add_at_most_one(vs)
                self.x[ci, s] = sum(vs)

    def _seconds(self, s: int, members: Sequence[int] | None = None) -> Any:
        """Session ``s``'s estimated seconds (rules.item_seconds), a linear expression; of
        the candidates in ``members`` only when given."""
        chosen = range(len(self.pool)) if members is None else members
        return sum(
            self.y[ci, s, k] * self.pool[ci].seconds(self.pool[ci].set_options[k], w)
            for ci in chosen
            for k, w in enumerate(self.pool[ci].weak_sets)
        )

    def _session_time(self, *, minutes_free: bool) -> None:
        """Each session within the minutes available (or under one variable to minimise)."""
        if minutes_free:
            self.minutes_var = self.model.new_int_var(0, 240 * 60, "max_session_s")
        for s in self.sessions:
            if self.minutes_var is not None:
                self.model.add(self._seconds(s) <= self.minutes_var)
            else:
                self._add(self._seconds(s) <= self.req.minutes * 60, "minutes")

    def _structure(self) -> None:
        """1-2 warm-ups, at least one hard item, caps on mobility, conditioning and items;
        lower-body main or sling work in at least three sessions (every session when fewer):
        6-day weeks may have upper-body and core days."""
        model, x = self.model, self.x
        warm = self._idx(lambda c: c.block is Block.WARM_UP)
        hard = self._idx(lambda c: c.hard)
        lower = self._idx(lambda c: c.block in (Block.MAIN, Block.SLING))
        mobility = self._idx(lambda c: c.block is Block.MOBILITY)
        conditioning = self._idx(lambda c: c.exercise.category is Category.CONDITIONING)
        aerobic = [ci for ci in conditioning if self.pool[ci].exercise.pattern is not Pattern.CARRY]
        long = self.req.minutes >= LONG_SESSION_MIN
        share = CONDITIONING_SHARE_LONG if self.req.minutes >= EXTRA_SET_MIN else CONDITIONING_SHARE
        for s in self.sessions:
            if warm:
                self._add(sum(x[ci, s] for ci in warm) >= 1, "structure")
                model.add(sum(x[ci, s] for ci in warm) <= 2)
            self._add(sum(x[ci, s] for ci in hard) >= 1, "structure")
            # range work for what the tests found short: a third item in a long session
            model.add(sum(x[ci, s] for ci in mobility) <= 2 + int(long))
            if conditioning:
                # one easy finisher; a long session may add a carry to the aerobic work
                model.add(sum(x[ci, s] for ci in conditioning) <= 1 + int(long))
                if long:
                    model.add(sum(x[ci, s] for ci in aerobic) <= 1)
                # easy conditioning finishes a session, it does not fill it
                model.add(self._seconds(s, conditioning) <= int(share * self.req.minutes * 60))
            model.add(sum(x[ci, s] for ci in range(len(self.pool))) <= max_items(self.req.minutes))
            if warm:
                # a proportionate warm-up (rules.warm_up_limit_s)
                model.add(self._seconds(s, warm) <= warm_up_limit_s(self.req.minutes))
        if aerobic and self.req.minutes >= EXTRA_SET_MIN:
            # (shorter sessions stay under it: a third of under an hour, 7 days a week)
            weekly = sum(self._seconds(s, aerobic) for s in self.sessions)
            model.add(weekly <= AEROBIC_WEEK_MAX_S)
        # strength goal at level 2-3: loaded main lifts in two sessions a week (one when the
        # person trains once)
        loaded = self._idx(lambda c: c.main_lift)
        if loaded and self.req.main_lifts:
            wanted = self.req.main_lifts
            flags = [model.new_bool_var(f"lift{s}") for s in self.sessions]
            for s in self.sessions:
                model.add(flags[s] <= sum(x[ci, s] for ci in loaded))
            self._add(sum(flags) >= wanted, "structure")
        if lower:
            flags = [model.new_bool_var(f"lower{s}") for s in self.sessions]
            for s in self.sessions:
                model.add(flags[s] <= sum(x[ci, s] for ci in lower))
            self._add(sum(flags) >= min(len(self.req.weekdays), 3), "structure")

    def _variety(self) -> list[tuple[Any, int]]:
        """An exercise appears once a week unless needed, a hard one at most
        :func:`max_uses` times: (extra uses, cost) per candidate."""
        repeats = []
        for ci, cand in enumerate(self.pool):
            uses = sum(self.x[ci, s] for s in self.sessions)
            if cand.hard:
                self.model.add(uses <= max_uses(len(self.req.weekdays)))
            extra = self.model.new_int_var(0, len(self.req.weekdays), f"r{ci}")
            self.model.add(extra >= uses - 1)
            easy = not cand.hard and cand.exercise.category is not Category.CONDITIONING
            repeats.append((extra, 4 if easy else REPEAT_PENALTY))
        return repeats

    def _at_least_once(self, members: list[int], group: str) -> None:
        self._add(sum(self.x[ci, s] for ci in members for s in self.sessions) >= 1, group)

    def _coverage(self) -> None:
        """Every pattern the goals need as hard work; one-sided work for each finding and
        contralateral load for a posterior oblique sling; each mobility need; once a week."""
        req = self.req
        for pattern in req.patterns:
            members = self._idx(lambda c, p=pattern: c.hard and c.exercise.pattern is p)
            self._at_least_once(members, f"pattern:{pattern.value}")
        for finding in req.findings:
            self._at_least_once(
                self._idx(lambda c, f=finding: serves(c, f)), f"finding:{finding.id}"
            )
        for finding_id in req.contralateral:
            members = self._idx(lambda c, f=finding_id: f in c.contralateral_for)
            self._at_least_once(members, f"contralateral:{finding_id}")
        for need in req.mobility_needs:
            members = self._idx(
                lambda c, n=need: c.block is Block.MOBILITY and n in c.exercise.focus
            )
            self._at_least_once(members, f"mobility:{need}")
        if req.leg_bias:
            # one-sided leg work in the week brings the weak leg's extra sets with it
            biased = self._idx(leg_bias)
            week_biased = sum(self.x[ci, s] for ci in biased for s in self.sessions)
            for ci in self._idx(one_sided_leg_work):
                for s in self.sessions:
                    self._add(self.x[ci, s] <= week_biased, "weak-side")

    def _volume(self) -> None:
        """Weekly hard sets per muscle and side (half-set units) inside the level's range.

        Each candidate is visited once, its terms kept in (candidate, option, session) order
        so the model is the same on every run."""
        volume: dict[tuple[str, Side], list[Any]] = {}
        for ci, c in enumerate(self.pool):
            if not c.hard:
                continue
            for k in range(len(c.set_options)):
                for muscle in dict.fromkeys(c.exercise.all_muscles):
                    for side in (Side.LEFT, Side.RIGHT):
                        if coef := volume_halves(c, muscle, side, k):
                            volume.setdefault((muscle, side), []).extend(
                                self.y[ci, s, k] * coef for s in self.sessions
                            )
        for muscle, side in sorted(volume):
            total = sum(volume[muscle, side])
            self._add(total <= 2 * self.req.volume_max, "volume-max")
            if muscle in self.req.focus_muscles:
                self._add(total >= 2 * self.req.volume_min, f"volume-min:{muscle}")

    def _spacing(self) -> None:
        """No heavy hinge (high spinal load) on consecutive days: ACSM 2009 position stand
        (48 h between hard sessions for the same muscles), applied to the loaded spine."""
        heavy = self._idx(lambda c: c.exercise.spinal_load is SpinalLoad.HIGH)
        if not heavy:
            return
        flags = [self.model.new_bool_var(f"h{s}") for s in self.sessions]
        for s in self.sessions:
            for ci in heavy:
                self.model.add(self.x[ci, s] <= flags[s])
        for a, b in adjacent_pairs(self.req.weekdays):
            self._add(flags[a] + flags[b] <= 1, "hinge-spacing")

    def _objective(self, repeats: list[tuple[Any, int]]) -> None:
        """Reward 10 x score per item plus 4 per hard set (3 for an easy item) and
        :data:`TIME_WEIGHT` per second used, minus the repeat costs: weights of a slingcoach
        heuristic, no published source."""
        reward = sum(
            self.y[ci, s, k]
            * (
                10 * c.score
                + (4 * c.set_options[k] if c.hard else 3)
                + TIME_WEIGHT * c.seconds(c.set_options[k], c.weak_sets[k])
            )
            for ci, c in enumerate(self.pool)
            for s in self.sessions
            for k in range(len(c.set_options))
        )
        # the shortest session counts again: the week's minutes go to every session, not
        # to a few full ones beside a nearly empty one
        penalty = sum(var * weight for var, weight in repeats)
        if self.req.minutes < EXTRA_SET_MIN:
            self.model.maximize(reward - penalty)
            return
        shortest = self.model.new_int_var(0, self.req.minutes * 60, "shortest_s")
        for s in self.sessions:
            self.model.add(shortest <= self._seconds(s))
        floor = SHORTEST_WEIGHT * len(self.sessions) * shortest
        self.model.maximize(reward + floor - penalty)

    def _add(self, constraint: Any, group: str) -> None:
        """Add a constraint belonging to ``group`` (enforced by the group's literal if asked)."""
        ct = self.model.add(constraint)
        if self.use_assumptions:
            if group not in self.groups:
                self.groups[group] = self.model.new_bool_var(f"group:{group}")
            ct.only_enforce_if(self.groups[group])

    def solve(
        self,
        seed: int,
        *,
        limit: float = SOLVER_DETERMINISTIC_LIMIT,
        relaxed: frozenset[str] = frozenset(),
    ) -> tuple[Any, Any]:
        """Solve deterministically: one worker, fixed seed, deterministic time limit.

        With assumptions, every group but those in ``relaxed`` is assumed to hold, so one
        model serves each step of the relaxation ladder.
        """
        solver = self.cp_model.CpSolver()
        params = solver.parameters
        params.random_seed = seed
        params.num_workers = 1
        params.interleave_search = False
        # a tighter LP relaxation proves the knapsack-like session budgets much faster
        params.linearization_level = 2
        params.max_time_in_seconds = SOLVER_TIME_LIMIT_S
        params.max_deterministic_time = limit
        if self.use_assumptions:
            self.model.clear_assumptions()
            self.model.add_assumptions([v for g, v in self.groups.items() if g not in relaxed])
        status = solver.solve(self.model)
        return solver, status


def solve_week(pool: Sequence[Candidate], req: Requirements, seed: int) -> Template | None:
    """The week template, or None when the model is infeasible (see :func:`diagnose`)."""
    week = _Week(pool, req)
    solver, status = week.solve(seed)
    cp_model = week.cp_model
    if status == cp_model.UNKNOWN:
        # no answer within the short limit: search longer before calling it infeasible
        solver, status = week.solve(seed, limit=RETRY_LIMIT)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    sessions: list[tuple[Placement, ...]] = []
    for s in range(len(req.weekdays)):
        placed = []
        for ci, cand in enumerate(pool):
            for k in range(len(cand.set_options)):
                if solver.boolean_value(week.y[ci, s, k]):
                    placed.append(Placement(cand, cand.set_options[k], cand.weak_sets[k]))
        sessions.append(tuple(placed))
    return Template(tuple(sessions), solver.status_name(status).lower())


RELAXABLE = ("hinge-spacing", "volume-max")
"""Constraint groups the relaxation ladder tries to drop one at a time (besides volume-min:*)."""


@dataclass(frozen=True)
class Diagnosis:
    """Why a week cannot be built.

    ``core``: constraint groups CP-SAT reports as jointly infeasible (sufficient assumptions,
    not necessarily minimal); ``minutes_needed``: the shortest session (rounded up to 5 min)
    that keeps every other rule, None if none does; ``feasible_without``: groups (or sets of
    pattern groups, joined by "+") whose removal alone makes the week feasible.
    """

    core: tuple[str, ...]
    minutes_needed: int | None
    feasible_without: tuple[str, ...]


def _feasible(week: _Week, seed: int, relaxed: frozenset[str]) -> bool:
    """True when the week can be built with the groups in ``relaxed`` dropped."""
    _, status = week.solve(seed, limit=DIAGNOSIS_LIMIT, relaxed=relaxed)
    return bool(status in (week.cp_model.OPTIMAL, week.cp_model.FEASIBLE))


def diagnose(
    pool: Sequence[Candidate],
    req: Requirements,
    seed: int,
    *,
    relaxations: Sequence[frozenset[str]] = (),
) -> Diagnosis:
    """Explain an infeasible week: CP-SAT assumptions, then a relaxation ladder.

    1. Every constraint group gets an assumption literal; CP-SAT's
       ``sufficient_assumptions_for_infeasibility`` names a clashing subset (the core).
    2. The session length is made a variable and minimised with every other rule kept.
    3. Each relaxation in ``relaxations`` (e.g. the patterns only one goal needs), then each
       single group of the core, is dropped in turn; those that make the week feasible
       are the things to relax.
    """
    week = _Week(pool, req, use_assumptions=True, feasibility_only=True)
    solver, status = week.solve(seed, limit=DIAGNOSIS_LIMIT)
    names = {v.index: name for name, v in week.groups.items()}
    core: tuple[str, ...] = tuple(names.values())
    if status == week.cp_model.INFEASIBLE:
        found = solver.sufficient_assumptions_for_infeasibility()
        core = tuple(sorted(names[i] for i in found if i in names)) or core
    minutes_needed = None
    free = _Week(pool, req, minutes_free=True)
    free_solver, free_status = free.solve(seed, limit=DIAGNOSIS_LIMIT)
    if free_status in (free.cp_model.OPTIMAL, free.cp_model.FEASIBLE):
        minutes_needed = 5 * math.ceil(free_solver.value(free.minutes_var) / 300)
    feasible_without: list[str] = []
    for groups in relaxations:
        if groups & set(core) and _feasible(week, seed, groups):
            feasible_without.append("+".join(sorted(groups)))
    # only groups a person can relax directly (goals are covered by ``relaxations``)
    for group in core:
        relaxable = group in RELAXABLE or group.startswith("volume-min:")
        if relaxable and _feasible(week, seed, frozenset({group})):
            feasible_without.append(group)
    return Diagnosis(core, minutes_needed, tuple(feasible_without))
