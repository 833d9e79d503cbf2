"""A coach's changes to a program: swap an exercise, change sets, move the training days.

Pure: a :class:`~slingcoach.programming.Program` and the catalogue in, a new program and
what the change broke out. Every edit

* touches only sessions on or after ``from_date`` (what was done stays as it was planned);
* keeps item keys (``w03-s2-i05``), since workout logs point at them: a swap changes the
  exercise *at* a key, never the keys; a one-sided pair (left + right items) is swapped
  for a one-sided exercise and a single item for bilateral or alternating work, so no
  item is added or dropped;
* is re-checked against the rules the generator keeps (:func:`program_conflicts`, written
  from docs/programming.md as the independent checker in tests/programming is), and only
  the conflicts the edit *adds* are reported, in the coach's words. A blocking conflict
  (equipment the person lacks, a contraindicated exercise, one on the avoid list, a
  session over the minutes available, the weaker side doing fewer sets than the stronger)
  refuses the edit; the others (volume out of range, a pattern or finding no longer
  trained, the weaker side's extra sets gone, heavy hinges on consecutive days, work above
  the person's level) are warnings the coach may accept.

>>> import datetime as dt
>>> edit = SetsChange(item_key="w01-s1-i03", sets=4)
>>> edit.kind, edit.later_weeks
('sets', False)
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from slingcoach.errors import InvalidInputError, UnknownExerciseError
from slingcoach.exercises.catalogue import Catalogue
from slingcoach.exercises.model import Exercise
from slingcoach.exercises.sides import externally_loaded, setup_for
from slingcoach.programming.model import (
    ITEM_KEY_PATTERN,
    Item,
    Program,
    Progression,
    ProgressionRule,
    Session,
    Week,
    WeekKind,
)
from slingcoach.programming.preferences import Weekday
from slingcoach.programming.rules import (
    HARD_CATEGORIES,
    LOAD_STEP_PCT,
    percent_1rm,
    side_seconds,
)
from slingcoach.programming.wording import progression_text
from slingcoach.vocab import CONTRAINDICATIONS, Category, Equipment, Pattern, SpinalLoad, Unit

MAX_SETS = 10
"""Most sets of one item a coach may prescribe (the catalogue's own dose limit, Dose.sets)."""


# ---------------------------------------------------------------------------- the edits
class ExerciseSwap(BaseModel):
    """Put ``to`` where the exercise at ``item_key`` is (both sides of one-sided work).

    ``later_weeks``: also in every later session (from ``from_date``) that has the same
    exercise, so the block stays consistent; otherwise only this session.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["swap"] = "swap"
    item_key: str = Field(pattern=ITEM_KEY_PATTERN)
    to: str = Field(min_length=1, max_length=120, description="catalogue id of the substitute")
    later_weeks: bool = True


class SetsChange(BaseModel):
    """Give the item at ``item_key`` ``sets`` sets (one side of one-sided work).

    ``later_weeks``: the same change for this exercise on this side in every later
    session of the same kind of week (build, deload, re-test) from ``from_date``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["sets"] = "sets"
    item_key: str = Field(pattern=ITEM_KEY_PATTERN)
    sets: int = Field(ge=1, le=MAX_SETS)
    later_weeks: bool = False


class DaysChange(BaseModel):
    """Train on ``weekdays`` instead: the same number of days, from the first week that
    starts on or after ``from_date``. The week's sessions keep their order (and keys)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["days"] = "days"
    weekdays: tuple[Weekday, ...] = Field(min_length=1, max_length=7)

    @field_validator("weekdays")
    @classmethod
    def _distinct(cls, value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        if len(set(value)) != len(value):
            raise ValueError("a weekday is named twice")
        return value


ProgramEdit = Annotated[ExerciseSwap | SetsChange | DaysChange, Field(discriminator="kind")]
"""One change a coach makes; JSON ``{"kind": "swap" | "sets" | "days", ...}``."""

EDIT_ADAPTER: TypeAdapter[ExerciseSwap | SetsChange | DaysChange] = TypeAdapter(ProgramEdit)


# ---------------------------------------------------------------------------- conflicts
@dataclass(frozen=True)
class Conflict:
    """A rule the program breaks: ``rule`` (a stable name), ``where`` (``week 2 session 1``
    or ``week 2``), ``text`` in the coach's words and the session's ``day``; ``blocking``
    ones refuse the edit. Two conflicts are the same when rule, place and subject (the
    text before its colon) agree, so moving a session's day does not make it new."""

    rule: str
    where: str
    text: str
    day: dt.date | None = None

    @property
    def place(self) -> str:
        """Where, with the session's day: ``week 2 session 1 (Tue 13 Jan)``."""
        return f"{self.where} ({self.day:%a %d %b})" if self.day else self.where

    @property
    def blocking(self) -> bool:
        """True when the rule is one an edit may not break (:data:`BLOCKING_RULES`)."""
        return self.rule in BLOCKING_RULES

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two conflicts the same one (the words may differ by a number)."""
        return (self.rule, self.where, self.subject)

    @property
    def subject(self) -> str:
        return self.text.split(":", 1)[0]


BLOCKING_RULES = frozenset(
    {"equipment", "contraindication", "avoid", "time", "weak-side-fewer", "days"}
)
"""Rules an edit may not break (the person cannot do it, must not do it, or has not the time,
or the imbalance would be trained the wrong way round); a :class:`Conflict` of one of them
is ``blocking``."""


def program_conflicts(program: Program, exercises: Mapping[str, Exercise]) -> list[Conflict]:
    """Every rule ``program`` breaks, in the coach's words (empty when it keeps them all).

    The rules are those of docs/programming.md that the generator keeps: equipment, the
    assessment's contraindications, the avoid list, the session's minutes, the weaker
    side first and with at least the stronger side's sets (and its extra sets in build
    weeks), weekly hard sets per muscle and side in the program's range (focus muscles at
    least the minimum), every required pattern and every finding trained each week, no
    heavy hinges on consecutive days, and work at the person's level.
    """
    out: list[Conflict] = []
    heavy_days: list[tuple[dt.date, str]] = []
    for week in program.weeks:
        out += _week_conflicts(program, week, exercises)
        for session in week.sessions:
            out += _session_conflicts(program, week, session, exercises)
            heavy = [
                e.name
                for e in (exercises.get(i.exercise_id or "") for i in session.items)
                if e is not None and e.spinal_load is SpinalLoad.HIGH
            ]
            if heavy:
                heavy_days.append((session.date, heavy[0]))
    for (a, name_a), (b, name_b) in itertools.pairwise(sorted(heavy_days)):
        if (b - a).days == 1:
            out.append(
                Conflict(
                    "heavy-consecutive",
                    f"{a.isoformat()} and {b.isoformat()}",
                    f"heavy hinges on consecutive days: {name_a} on {a:%a %d %b}, {name_b} "
                    f"on {b:%a %d %b}; the low back gets no day to recover (48 h between "
                    "heavy sessions, ACSM 2009)",
                )
            )
    dates = [s.date for w in program.weeks for s in w.sessions]
    if len(set(dates)) != len(dates):
        out.append(Conflict("days", "program", "days: two sessions fall on one day"))
    unique: dict[tuple[str, str, str], Conflict] = {}
    for conflict in out:  # the two items of one-sided work break a rule once
        unique.setdefault(conflict.key, conflict)
    return list(unique.values())


def _where(week: Week, session: Session) -> str:
    return f"week {week.number} session {session.number}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _session_conflicts(
    program: Program, week: Week, session: Session, exercises: Mapping[str, Exercise]
) -> list[Conflict]:
    prefs = program.preferences
    contra = set(program.contraindications)
    where = _where(week, session)
    out: list[Conflict] = []
    day = session.date
    seconds = sum(i.seconds for i in session.items)
    if seconds > prefs.minutes_per_session * 60:
        out.append(
            Conflict(
                "time",
                where,
                f"session length: about {math.ceil(seconds / 60)} min, more than the "
                f"{prefs.minutes_per_session} min the client has; take a set or an exercise "
                "out first",
                day,
            )
        )
    pairs: dict[str, list[Item]] = defaultdict(list)
    for item in session.items:
        if item.kind == "test" or item.exercise_id is None:
            continue
        e = exercises.get(item.exercise_id)
        if e is None:
            continue
        out += _exercise_conflicts(e, prefs.equipment, contra, prefs.avoid, prefs.level, where, day)
        if e.one_sided and not e.alternating:
            pairs[e.id].append(item)
    weak_sides = {x.weak_side.value for x in program.emphasis}
    for items in pairs.values():
        if len(items) != 2:
            continue
        first, second = sorted(items, key=lambda i: i.order)
        if first.finding_id is None or not weak_sides:
            continue
        name = first.name
        if first.sets < second.sets:
            out.append(
                Conflict(
                    "weak-side-fewer",
                    where,
                    f"{name}: the {first.side.value} side (the weaker one, done first) would do "
                    f"{_plural(first.sets, 'set')} and the {second.side.value} {second.sets}; the "
                    "imbalance would be trained the wrong way round",
                    day,
                )
            )
        elif first.hard and week.kind is WeekKind.BUILD:
            need = max(
                second.sets + prefs.weak_side_extra_sets,
                math.ceil(second.sets * prefs.weak_side_factor - 1e-9),
            )
            if first.sets < need:
                out.append(
                    Conflict(
                        "weak-side-extra",
                        where,
                        f"{name}: the weaker {first.side.value} side gets "
                        f"{_plural(first.sets, 'set')}, not the {need} the program gives it "
                        f"({second.sets} + {prefs.weak_side_extra_sets} extra) to close the gap",
                        day,
                    )
                )
    return out


def _exercise_conflicts(
    e: Exercise,
    equipment: Iterable[Equipment],
    contra: set[str],
    avoid: Sequence[str],
    level: int,
    where: str,
    day: dt.date | None = None,
) -> list[Conflict]:
    out = []
    missing = e.missing_equipment(equipment)
    if missing:
        kit = ", ".join(sorted(m.value for m in missing))
        out.append(
            Conflict("equipment", where, f"{e.name}: needs {kit}, which the client lacks", day)
        )
    for tag in sorted(set(e.contraindications) & contra):
        out.append(
            Conflict(
                "contraindication",
                where,
                f"{e.name}: not for this client, who has {CONTRAINDICATIONS.get(tag, tag)} "
                f"({tag}, from the assessment)",
                day,
            )
        )
    if e.impact and "impact-intolerance" in contra:
        out.append(
            Conflict(
                "contraindication",
                where,
                f"{e.name}: an impact exercise, and the assessment rules out impact",
                day,
            )
        )
    if e.id in avoid:
        out.append(
            Conflict("avoid", where, f"{e.name}: on the client's list of exercises to avoid", day)
        )
    if e.level > level:
        out.append(
            Conflict(
                "level",
                where,
                f"{e.name}: level {e.level}, above the client's level {level}",
                day,
            )
        )
    return out


def _week_conflicts(
    program: Program, week: Week, exercises: Mapping[str, Exercise]
) -> list[Conflict]:
    if week.kind is WeekKind.RETEST:
        return []
    where = f"week {week.number}"
    volume: dict[tuple[str, str], float] = defaultdict(float)
    patterns: set[Pattern] = set()
    served: set[str] = set()
    for session in week.sessions:
        for item in session.items:
            e = exercises.get(item.exercise_id or "")
            if e is None or not item.hard:
                continue
            patterns.add(e.pattern)
            if item.finding_id is not None:
                served.add(item.finding_id)
            sides = ("left", "right") if item.side.value == "both" else (item.side.value,)
            for side in sides:
                for m in e.primary_muscles:
                    volume[m, side] += item.sets  # Schoenfeld et al. 2017: primary 1 set
                for m in e.secondary_muscles:
                    volume[m, side] += 0.5 * item.sets  # ...a synergist half a set
    out: list[Conflict] = []
    for pattern in program.patterns_required:
        if pattern not in patterns:
            words = pattern.value.replace("-", " ")
            out.append(
                Conflict(
                    "pattern",
                    where,
                    f"{words}: no hard {words} work left this week, and the client's goals need it",
                )
            )
    for emphasis in program.emphasis:
        if emphasis.finding_id not in served:
            sling = f"{emphasis.weak_side.value} {emphasis.sling.replace('-', ' ')} sling"
            out.append(
                Conflict(
                    "finding",
                    where,
                    f"{sling}: no extra work for it left this week ({emphasis.evidence})",
                )
            )
    if week.kind is not WeekKind.BUILD:
        return out
    low, high = program.volume_range
    for (muscle, side), sets in sorted(volume.items()):
        if sets > high:
            out.append(
                Conflict(
                    "volume-high",
                    where,
                    f"{side} {muscle.replace('-', ' ')}: {sets:g} hard sets, above the "
                    f"{high} a week the program allows at this level",
                )
            )
    for muscle in program.focus_muscles:
        for side in ("left", "right"):
            if volume[muscle, side] < low:
                out.append(
                    Conflict(
                        "volume-low",
                        where,
                        f"{side} {muscle.replace('-', ' ')}: {volume[muscle, side]:g} hard sets, "
                        f"below the {low} a week it needs",
                    )
                )
    return out


# ---------------------------------------------------------------------------- applying
@dataclass(frozen=True)
class EditOutcome:
    """The edited program, what changed (item keys or session dates), a one-line summary,
    and the conflicts the edit added (blocking ones refuse it)."""

    program: Program
    changed: tuple[str, ...]
    summary: str
    conflicts: tuple[Conflict, ...]

    @property
    def blocking(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.blocking)

    @property
    def warnings(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if not c.blocking)


def apply_edit(
    program: Program,
    edit: ExerciseSwap | SetsChange | DaysChange,
    exercises: Mapping[str, Exercise],
    *,
    from_date: dt.date,
) -> EditOutcome:
    """The program with ``edit`` applied to the sessions from ``from_date``, and the rules it
    breaks that the program did not break before.

    Raises
    ------
    InvalidInputError
        The edit cannot be made at all (an unknown item, a session already past, a
        substitute of the wrong shape, another number of days); the message says why.
    UnknownExerciseError
        ``to`` is not in the catalogue.
    """
    if isinstance(edit, ExerciseSwap):
        new, changed, summary = _swap(program, edit, exercises, from_date)
    elif isinstance(edit, SetsChange):
        new, changed, summary = _sets(program, edit, exercises, from_date)
    else:
        new, changed, summary = _days(program, edit, from_date)
    before = {c.key for c in program_conflicts(program, exercises)}
    added = tuple(c for c in program_conflicts(new, exercises) if c.key not in before)
    return EditOutcome(program=new, changed=changed, summary=summary, conflicts=added)


def find_item(program: Program, item_key: str) -> tuple[Week, Session, Item]:
    """The week, session and item of ``item_key``; :class:`InvalidInputError` otherwise."""
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                if item.key == item_key:
                    return week, session, item
    raise InvalidInputError(f"the program has no item {item_key!r}", location="item_key")


def _editable(session: Session, item: Item, from_date: dt.date) -> None:
    if session.date < from_date:
        raise InvalidInputError(
            f"{item.name} on {session.date.isoformat()} is in the past; edits change sessions "
            f"from {from_date.isoformat()} on",
            location="item_key",
        )
    if item.kind == "test" or item.exercise_id is None:
        raise InvalidInputError(
            f"{item.name} is a re-test: its protocol is fixed, it cannot be swapped or dosed",
            location="item_key",
        )


def _partner(session: Session, item: Item) -> Item | None:
    """The other side's item of one-sided work (same exercise, the other side)."""
    if item.side.value == "both":
        return None
    return next(
        (
            i
            for i in session.items
            if i.exercise_id == item.exercise_id and i.key != item.key and i.side != item.side
        ),
        None,
    )


def _replace_items(program: Program, updates: Mapping[str, Item]) -> Program:
    weeks = []
    for week in program.weeks:
        sessions = []
        for session in week.sessions:
            if any(i.key in updates for i in session.items):
                items = tuple(updates.get(i.key, i) for i in session.items)
                session = _retimed(session.model_copy(update={"items": items}))
            sessions.append(session)
        weeks.append(week.model_copy(update={"sessions": tuple(sessions)}))
    return program.model_copy(update={"weeks": tuple(weeks)})


def _retimed(session: Session) -> Session:
    """Minutes and end time from the items' seconds (as the generator computes them)."""
    minutes = math.ceil(sum(i.seconds for i in session.items) / 60)
    start = dt.datetime.combine(session.date, session.start_time)
    end = (start + dt.timedelta(minutes=minutes)).time()
    return session.model_copy(update={"minutes": minutes, "end_time": end})


def _seconds(e: Exercise, items: Sequence[Item]) -> list[int]:
    """Each item's seconds after a change (rules.side_seconds): a pair's first item carries
    the rests and the transition, the second only its work."""
    ramp = items[0].progression.ramp_sets
    units = items[0].target or items[0].high
    if len(items) == 1:
        first, _ = side_seconds(
            e, units, items[0].sets, items[0].sets, rest_s=items[0].rest_s, ramp_sets=ramp
        )
        return [first]
    first, second = side_seconds(
        e, units, items[1].sets, items[0].sets, rest_s=items[0].rest_s, ramp_sets=ramp
    )
    return [first, second]


def _swap(
    program: Program, edit: ExerciseSwap, exercises: Mapping[str, Exercise], from_date: dt.date
) -> tuple[Program, tuple[str, ...], str]:
    week, session, item = find_item(program, edit.item_key)
    _editable(session, item, from_date)
    old = exercises.get(item.exercise_id or "")
    new = exercises.get(edit.to)
    if new is None:
        raise UnknownExerciseError(edit.to)
    if old is None:
        raise InvalidInputError(
            f"{item.name} is no longer in the exercise library", location="item_key"
        )
    if new.id == old.id:
        raise InvalidInputError(f"{new.name} is already there", location="to")
    _same_shape(old, new)
    updates: dict[str, Item] = {}
    for w in program.weeks:
        for s in w.sessions:
            if s.date < from_date:
                continue
            if not edit.later_weeks and (w.number, s.number) != (week.number, session.number):
                continue
            group = [i for i in s.items if i.exercise_id == old.id]
            if not group:
                continue
            swapped = [_swapped_item(i, old, new) for i in group]
            for i, seconds in zip(swapped, _seconds(new, swapped), strict=True):
                updates[i.key] = i.model_copy(update={"seconds": seconds})
    scope = "from this session on" if edit.later_weeks else "in this session only"
    summary = f"swapped {old.name} for {new.name} {scope} (from week {week.number})"
    return _replace_items(program, updates), tuple(sorted(updates)), summary


def _same_shape(old: Exercise, new: Exercise) -> None:
    """A substitute must fill the same items: one-sided pairs stay pairs, single items single."""
    paired_old = old.one_sided and not old.alternating
    paired_new = new.one_sided and not new.alternating
    if paired_old and not paired_new:
        raise InvalidInputError(
            f"{old.name} is done one side at a time (a left and a right item, which the logs "
            f"point at); {new.name} trains both sides at once: choose a one-sided substitute",
            location="to",
        )
    if paired_new and not paired_old:
        raise InvalidInputError(
            f"{old.name} trains both sides at once; {new.name} is done one side at a time and "
            "would need a second item: choose a two-sided or alternating substitute",
            location="to",
        )


def _swapped_item(item: Item, old: Exercise, new: Exercise) -> Item:
    same_unit = new.unit is old.unit
    low, high = (item.low, item.high) if same_unit else (new.dose.low, new.dose.high)
    target = item.target
    if target is not None and not same_unit:
        # the same place in the new range as in the old one
        fraction = (target - item.low) / (item.high - item.low) if item.high > item.low else 1.0
        target = low + round((high - low) * fraction)
    rest_s = max(new.rest_s, item.rest_s) if item.rest_s > old.rest_s else new.rest_s
    side = item.side.side
    setup = None
    if new.one_sided:
        setup = setup_for(new, None if new.alternating else side)
        if setup is not None and item.setup is not None and new.alternating:
            setup = setup.model_copy(
                update={
                    "extra_reps": item.setup.extra_reps,
                    "extra_reps_side": item.setup.extra_reps_side,
                }
            )
    hard = item.hard and new.category in HARD_CATEGORIES
    progression = _progression(item.progression, new, hard, target or high, item.rir)
    reason = f"the coach's swap for {old.name}; " + item.reason
    swapped = item.model_copy(
        update={
            "exercise_id": new.id,
            "name": new.name,
            "pattern": new.pattern,
            "unit": new.unit,
            "low": low,
            "high": high,
            "target": target,
            "rest_s": rest_s,
            "setup": setup,
            "hard": hard,
            "progression": progression,
            "cue": new.cues[0] if new.cues else None,
            "reason": reason,
        }
    )
    return swapped.model_copy(update={"load": progression_text(swapped)})


def _progression(
    current: Progression, e: Exercise, hard: bool, reps: int, rir: int | None
) -> Progression:
    """The substitute's progression, by the generator's rules (layout._progression):
    deload/re-test weeks hold steady, warm-ups and mobility do not progress."""
    loaded = externally_loaded(e)
    if current.rule in (ProgressionRule.NONE, ProgressionRule.HOLD_STEADY):
        return current.model_copy(update={"loaded": loaded, "harder": None})
    if e.category is Category.CONDITIONING and not loaded and e.pattern is not Pattern.CARRY:
        return Progression(
            rule=ProgressionRule.EASY_AEROBIC,
            loaded=False,
            weekly_step_pct=current.weekly_step_pct or 10,
        )
    harder = e.progressions[0].replace("-", " ") if e.progressions else None
    if e.unit is Unit.SECONDS:
        return Progression(rule=ProgressionRule.HOLD_TIME, loaded=loaded, harder=harder)
    if e.unit is Unit.METRES:
        if loaded:
            return Progression(rule=ProgressionRule.CARRY, loaded=True, load_step_pct=LOAD_STEP_PCT)
        return Progression(rule=ProgressionRule.REPS_THEN_VARIATION, loaded=False, harder=harder)
    if loaded:
        lift = e.category in (Category.STRENGTH, Category.POWER)
        return Progression(
            rule=ProgressionRule.DOUBLE,
            loaded=True,
            load_step_pct=LOAD_STEP_PCT,
            intensity_pct_1rm=percent_1rm(reps + (rir or 0)) if lift and hard else None,
            ramp_sets=current.ramp_sets,
        )
    if Equipment.BAND in e.equipment:
        return Progression(rule=ProgressionRule.BAND, loaded=False)
    return Progression(rule=ProgressionRule.REPS_THEN_VARIATION, loaded=False, harder=harder)


def _sets(
    program: Program, edit: SetsChange, exercises: Mapping[str, Exercise], from_date: dt.date
) -> tuple[Program, tuple[str, ...], str]:
    week, session, item = find_item(program, edit.item_key)
    _editable(session, item, from_date)
    e = exercises.get(item.exercise_id or "")
    if e is None:
        raise InvalidInputError(
            f"{item.name} is no longer in the exercise library", location="item_key"
        )
    if item.sets == edit.sets:
        raise InvalidInputError(f"{item.name} has {edit.sets} sets already", location="sets")
    targets: list[tuple[Session, Item]] = [(session, item)]
    if edit.later_weeks:
        targets = [
            (s, i)
            for w in program.weeks
            if w.kind is week.kind
            for s in w.sessions
            if s.date >= from_date
            for i in s.items
            if i.exercise_id == item.exercise_id and i.side == item.side and i.block is item.block
        ]
    updates: dict[str, Item] = {}
    for s, target in targets:
        changed = target.model_copy(update={"sets": edit.sets})
        partner = _partner(s, target)
        group = [changed] if partner is None else sorted([changed, partner], key=lambda i: i.order)
        for i, seconds in zip(group, _seconds(e, group), strict=True):
            updates[i.key] = i.model_copy(update={"seconds": seconds})
    side = "" if item.side.value == "both" else f" ({item.side.value} side)"
    scope = f"in every later {week.kind.value} week" if edit.later_weeks else "in this session"
    summary = f"{item.name}{side}: {item.sets} → {edit.sets} sets {scope} (from week {week.number})"
    return _replace_items(program, updates), tuple(sorted(updates)), summary


def _days(
    program: Program, edit: DaysChange, from_date: dt.date
) -> tuple[Program, tuple[str, ...], str]:
    prefs = program.preferences
    if len(edit.weekdays) != prefs.days_per_week:
        raise InvalidInputError(
            f"the program trains {prefs.days_per_week} days a week and "
            f"{len(edit.weekdays)} were given; a different number of days needs a new program "
            "(generate one with the new days)",
            location="weekdays",
        )
    start = program.start_date
    # the week's sessions stay in date order: the k-th session moves to the k-th new day
    ordered = sorted(edit.weekdays, key=lambda d: (d.day_number - start.weekday()) % 7)
    if tuple(ordered) == tuple(
        sorted(prefs.weekdays, key=lambda d: (d.day_number - start.weekday()) % 7)
    ):
        raise InvalidInputError("those are the days the program uses already", location="weekdays")
    first = next(
        (w for w in program.weeks if start + dt.timedelta(weeks=w.number - 1) >= from_date), None
    )
    if first is None:
        raise InvalidInputError(
            "every week of this program has started; move the days in the next block",
            location="weekdays",
        )
    weeks = []
    changed: list[str] = []
    for week in program.weeks:
        if week.number < first.number:
            weeks.append(week)
            continue
        monday = start + dt.timedelta(weeks=week.number - 1)
        sessions = []
        for session, day in zip(week.sessions, ordered, strict=True):
            date = monday + dt.timedelta(days=(day.day_number - start.weekday()) % 7)
            if date != session.date:
                changed.append(date.isoformat())
            sessions.append(session.model_copy(update={"date": date, "weekday": day}))
        weeks.append(week.model_copy(update={"sessions": tuple(sessions)}))
    days = ", ".join(d.value[:3] for d in ordered)
    summary = f"training days moved to {days} from week {first.number}"
    new_prefs = prefs.model_copy(update={"weekdays": tuple(ordered)})
    return (
        program.model_copy(update={"weeks": tuple(weeks), "preferences": new_prefs}),
        tuple(changed),
        summary,
    )


# ---------------------------------------------------------------------------- substitutes
@dataclass(frozen=True)
class Substitute:
    """An exercise that may replace an item, with why it fits and any warning."""

    exercise: Exercise
    relation: Literal["substitute", "easier", "harder"]
    note: str | None


def substitutes_for(
    program: Program,
    item_key: str,
    catalogue: Catalogue,
    *,
    limit: int = 12,
) -> list[Substitute]:
    """The exercises that may replace the item at ``item_key`` for this person.

    The catalogue's substitutes (same pattern, a shared prime mover; see
    :meth:`~slingcoach.exercises.catalogue.Catalogue.substitutes`) and the item's own
    regressions and progressions, kept only when the person has the equipment, nothing in
    the assessment rules them out, they are not on the avoid list and they fill the same
    items (one-sided pairs by one-sided work). Above the person's level is kept with a note.
    """
    by_id = {e.id: e for e in catalogue}
    _, _, item = find_item(program, item_key)
    if item.exercise_id is None or item.exercise_id not in by_id:
        raise InvalidInputError(
            f"{item.name} is a re-test or no longer in the library: nothing to swap",
            location="item_key",
        )
    old = by_id[item.exercise_id]
    prefs = program.preferences
    contra = set(program.contraindications)
    ranked: list[tuple[Exercise, Literal["substitute", "easier", "harder"]]] = [
        (by_id[i], "easier") for i in old.regressions if i in by_id
    ]
    ranked += [(by_id[i], "harder") for i in old.progressions if i in by_id]
    ranked += [(e, "substitute") for e in catalogue.substitutes(old.id, prefs.equipment)]
    out: list[Substitute] = []
    seen = {old.id}
    for e, relation in ranked:
        if e.id in seen:
            continue
        seen.add(e.id)
        problems = _exercise_conflicts(e, prefs.equipment, contra, prefs.avoid, prefs.level, "")
        if any(p.blocking for p in problems):
            continue
        try:
            _same_shape(old, e)
        except InvalidInputError:
            continue
        note = next((p.text.split(": ", 1)[1] for p in problems), None)
        out.append(Substitute(e, relation, note))
        if len(out) >= limit:
            break
    return out


def by_id(exercises: Iterable[Exercise]) -> dict[str, Exercise]:
    """The catalogue as a mapping by id (what :func:`apply_edit` reads)."""
    return {e.id: e for e in exercises}


__all__ = [
    "BLOCKING_RULES",
    "EDIT_ADAPTER",
    "Conflict",
    "DaysChange",
    "EditOutcome",
    "ExerciseSwap",
    "ProgramEdit",
    "SetsChange",
    "Substitute",
    "apply_edit",
    "by_id",
    "find_item",
    "program_conflicts",
    "substitutes_for",
]
