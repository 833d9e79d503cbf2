"""The program as tracking sees it: every item by its stable key (``Item.key``), with its date.

A one-sided exercise is planned as two items (weaker side first, then the other side);
a log entry may point at either key and carry both sides' parts. :func:`planned_for`
finds the item of the side a part was done on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from slingcoach.programming import Program
from slingcoach.programming.model import ProgressionRule
from slingcoach.vocab import Sides, Unit


def item_key(week: int, session: int, order: int) -> str:
    """The stable key of an item: week, session, position (``w03-s2-i05``).

    >>> item_key(3, 2, 5)
    'w03-s2-i05'
    """
    return f"w{week:02d}-s{session}-i{order:02d}"


def session_of_key(key: str | None) -> tuple[int, int] | None:
    """(week, session) of an item key; None for unplanned work.

    >>> session_of_key("w03-s2-i05")
    (3, 2)
    """
    if key is None:
        return None
    week, session, _ = key.split("-")
    return int(week[1:]), int(session[1:])


def partner_keys(a: str | None, b: str | None) -> bool:
    """True when ``a`` and ``b`` are next to each other in one session: the two sides of a
    one-sided exercise are planned as two items in a row (weaker side first).

    >>> partner_keys("w03-s2-i05", "w03-s2-i06"), partner_keys("w03-s2-i05", "w03-s2-i09")
    (True, False)
    >>> partner_keys("w03-s2-i05", "w03-s1-i06"), partner_keys(None, "w03-s2-i06")
    (False, False)
    """
    if a is None or b is None or session_of_key(a) != session_of_key(b):
        return False
    return abs(int(a.rsplit("-i", 1)[1]) - int(b.rsplit("-i", 1)[1])) == 1


@dataclass(frozen=True)
class PlannedItem:
    """One program item with where and when it sits."""

    key: str
    week: int
    session: int
    date: dt.date
    exercise_id: str | None
    test_id: str | None
    name: str
    side: Sides
    sets: int
    unit: Unit
    low: int
    high: int
    rir: int | None
    hard: bool
    rule: ProgressionRule
    load_step_pct: float | None


@dataclass(frozen=True)
class PlannedSession:
    """One planned session: its date and its items' keys."""

    week: int
    number: int
    date: dt.date
    keys: tuple[str, ...]


@dataclass(frozen=True)
class PlanIndex:
    """Every item of a program by key, and its sessions in date order."""

    items: dict[str, PlannedItem]
    sessions: tuple[PlannedSession, ...]

    def planned_for(self, key: str, side: Sides) -> PlannedItem | None:
        """The item ``key`` or its partner in the session, whichever is planned on ``side``."""
        item = self.items.get(key)
        if item is None:
            return None
        if item.side is Sides.BOTH or item.side is side or side is Sides.BOTH:
            return item
        keys = self._session_of(item).keys
        here = keys.index(key)
        # the nearest item of the same exercise on that side: the same exercise may come
        # twice in a session (a warm-up, then the main sets), each with its own partner
        for other_key in sorted(keys, key=lambda k: abs(keys.index(k) - here)):
            other = self.items[other_key]
            if (
                other.exercise_id == item.exercise_id
                and other.test_id == item.test_id
                and other.side is side
            ):
                return other
        return None

    def _session_of(self, item: PlannedItem) -> PlannedSession:
        for session in self.sessions:
            if session.week == item.week and session.number == item.session:
                return session
        raise KeyError(item.key)  # pragma: no cover - every item is in a session


def plan_index(program: Program) -> PlanIndex:
    """Index ``program``'s items by key (the item's own ``key`` when it has one)."""
    items: dict[str, PlannedItem] = {}
    sessions = []
    for week in program.weeks:
        for session in week.sessions:
            keys = []
            for item in session.items:
                key = str(
                    getattr(item, "key", "") or item_key(week.number, session.number, item.order)
                )
                keys.append(key)
                items[key] = PlannedItem(
                    key=key,
                    week=week.number,
                    session=session.number,
                    date=session.date,
                    exercise_id=item.exercise_id,
                    test_id=item.test_id,
                    name=item.name,
                    side=item.side,
                    sets=item.sets,
                    unit=item.unit,
                    low=item.low,
                    high=item.high,
                    rir=item.rir,
                    hard=item.hard,
                    rule=item.progression.rule,
                    load_step_pct=(
                        item.progression.load_step_pct[0]
                        if item.progression.load_step_pct
                        else None
                    ),
                )
            sessions.append(PlannedSession(week.number, session.number, session.date, tuple(keys)))
    sessions.sort(key=lambda s: (s.date, s.week, s.number))
    return PlanIndex(items, tuple(sessions))
