"""Planned against done: the per-side ledger and adherence."""

from __future__ import annotations

import datetime as dt

from slingcoach.exercises import get_catalogue
from slingcoach.tracking.plan import plan_index
from slingcoach.tracking.volume import adherence, volume_ledger
from slingcoach.vocab import Side
from tests.tracking.helpers import RDL_KEY, START, rdl, sample_program


def test_a_one_sided_set_counts_once_per_side() -> None:
    plan = plan_index(sample_program())
    log = rdl(START, RDL_KEY, (10, 12), (10, 14))
    rows = volume_ledger(plan, [log], get_catalogue().all())
    glute = {(r.week, r.side): r for r in rows if r.muscle == "gluteus-maximus"}
    assert glute[(1, Side.RIGHT)].done_sets == 2 and glute[(1, Side.LEFT)].done_sets == 2
    # planned: the weaker right side gets more sets than the left
    assert glute[(1, Side.RIGHT)].planned_sets > glute[(1, Side.LEFT)].planned_sets


def test_adherence_over_7_and_30_days() -> None:
    plan = plan_index(sample_program())
    today = START + dt.timedelta(days=6)  # the 3 sessions of week 1 are planned
    log = rdl(START, RDL_KEY, (10, 12), (10, 14))
    week = adherence(plan, [log], today=today, days=7)
    assert (week.planned_sessions, week.done_sessions) == (3, 1)
    # 2 sets logged per side against the RDL's 3 (right) + 2 (left): 4 done
    assert week.done_sets == 4
    assert week.planned_sets > week.done_sets
    assert week.sessions_pct == 33.3
    month = adherence(plan, [log], today=today, days=30)
    assert month.planned_sessions == 3
    assert adherence(plan, [], today=START - dt.timedelta(days=1), days=7).sessions_pct is None
