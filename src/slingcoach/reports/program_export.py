"""Exports of a training program: printable HTML/PDF, iCalendar and CSV.

- HTML and PDF: a cover page (who, when, what the block works on, how to read the
  sheets, the weeks at a glance), a "Why this plan" page that lists each distinct
  reason once with the exercises it applies to, then one landscape A4 page per week
  with the week's sessions side by side: per exercise one row with both sides
  (weaker side first), a tick box per set per side, load guidance in a few words
  and a small reference to the reasons. Exercise notes at the end keep each
  exercise's cue and its load guidance in full. The HTML is self-contained (inline
  CSS) and becomes one column on a phone.
- iCalendar (RFC 5545) with the `icalendar` library: one VEVENT per session at its
  local date and start time in the person's IANA time zone, with the VTIMEZONE
  the library builds from the tz database. UIDs and DTSTAMP are derived from the
  program (no clock, no random UUID), so the same program gives the same bytes and
  re-importing an updated plan replaces its events instead of duplicating them.
- CSV: one row per item (RFC 4180 quoting by the csv module).

Heavy libraries (weasyprint, icalendar) are imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slingcoach.programming.model import Item, Program, Session, Week

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
BLOCK_TITLES = {
    "warm-up": "Warm-up and activation",
    "re-test": "Re-test",
    "main": "Main lifts",
    "sling": "Sling and single-side work",
    "accessory": "Accessories",
    "mobility": "Mobility",
}
WEEK_KIND_TITLES = {"build": "Build week", "deload": "Deload week", "re-test": "Re-test week"}
WEEK_KIND_PURPOSE = {
    "build": "reps climb toward the top of each range",
    "deload": "about half the sets at the same loads: recover",
    "re-test": "the tests first, then light training",
}
"""What each kind of week is for, in one line of "the weeks at a glance" (the week's sheet
has its note in full), so a 16-week overview stays on the cover."""
UNIT_SHORT = {"reps": "reps", "seconds": "s", "metres": "m"}
UNIT_WORD = {"reps": "reps", "seconds": "seconds", "metres": "metres"}

CSV_COLUMNS = (
    "week",
    "session",
    "date",
    "weekday",
    "order",
    "block",
    "exercise_id",
    "name",
    "side",
    "limb",
    "sets",
    "low",
    "high",
    "unit",
    "load",
    "reason",
    "week_kind",
    "start_time",
    "target",
    "rir",
    "rest_s",
    "test_id",
)
"""CSV header: the item's place, what to do, how much, and why; extra detail at the end."""

PRODID = "-//slingcoach//program export 1.0//EN"


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


def day_text(day: dt.date, *, weekday: bool = True, year: bool = False) -> str:
    """``"Monday 2 March"`` without locale dependence (so output is byte-stable)."""
    text = f"{day.day} {MONTH_NAMES[day.month - 1]}"
    if year:
        text += f" {day.year}"
    return f"{WEEKDAY_NAMES[day.weekday()]} {text}" if weekday else text


def short_day_text(day: dt.date) -> str:
    """``"Mon 2 March"``: the weekday cut to three letters, for narrow session headings."""
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day_text(day, weekday=False)}"


def range_text(first: dt.date, last: dt.date) -> str:
    """``"2–8 March 2026"``, ``"30 March – 5 April 2026"``."""
    if first.year != last.year:
        return f"{day_text(first, weekday=False, year=True)} – {day_text(last, weekday=False, year=True)}"
    if first.month != last.month:
        return f"{day_text(first, weekday=False)} – {day_text(last, weekday=False, year=True)}"
    return f"{first.day}–{last.day} {MONTH_NAMES[last.month - 1]} {last.year}"


def time_text(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def dose_text(item: Item, *, short: bool = True) -> str:
    """``"3 × 8–12 reps"``, ``"2 × 30 s"``: sets × range per set (and per side)."""
    unit = _text(item.unit)
    word = (UNIT_SHORT if short else UNIT_WORD).get(unit, unit)
    amount = f"{item.low}" if item.low == item.high else f"{item.low}–{item.high}"
    return f"{item.sets} × {amount} {word}"


SIDE_SHORT = {"left": "L", "right": "R", "both": ""}
"""Side tags on the gym sheet: one letter, explained in the cover's legend."""


def _clauses(text: str) -> list[str]:
    """``text`` split at top-level ``"; "`` (never inside parentheses), stripped, non-empty."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if depth == 0 and text.startswith("; ", index):
            parts.append("".join(current).strip())
            current = []
            index += 2
            continue
        current.append(char)
        index += 1
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def load_short(item: Item, /) -> str:
    """The item's progression in a few words for the gym sheet (programming.wording): built
    from the item's structured progression, never parsed back from its text."""
    from slingcoach.programming.wording import progression_short

    return progression_short(item)


def side_text(item: Item, /) -> str:
    """Which limb the item's R or L names, e.g. ``"R leg · weight in L hand"`` ('' if both)."""
    from slingcoach.programming.wording import item_side_text

    return item_side_text(item)


@dataclass
class _Line:
    """One side of a row: its side tag, dose and a box per set.

    ``tag`` names the limb the side letter means ("R leg", "L arm"), ``setup`` the rest
    of the set-up ("weight in L hand"); ``loaded`` sets get a box to write the weight in,
    the others a tick box.
    """

    side: str
    side_class: str
    weak: bool
    dose: str
    sets: int
    tag: str = ""
    setup: str = ""
    loaded: bool = False
    test: bool = False


@dataclass
class _Row:
    """One exercise on the gym sheet; left and right of the same exercise share a row."""

    order: str
    name: str
    exercise_id: str | None
    block: str
    cue: str | None
    reasons: list[str]
    lines: list[_Line]
    loads: list[str]
    refs: list[int]

    @property
    def load(self) -> str:
        """The short load guidance, once when both sides share it."""
        return " / ".join(dict.fromkeys(self.loads))


@dataclass
class _SessionView:
    title: str
    date: str
    short_date: str
    time: str
    minutes: int
    focus: str
    blocks: list[tuple[str, list[_Row]]]


@dataclass
class _WeekView:
    number: int
    kind: str
    kind_title: str
    dates: str
    rir: int | None
    note: str
    purpose: str
    sessions: list[_SessionView]
    lab_tests: list[dict[str, str]]
    fit: int = 0
    """How tightly the week is set on its printed page (:data:`FIT_LEVELS`)."""


@dataclass
class _Reason:
    """One distinct reason on the "Why this plan" page, with the exercises it applies to."""

    number: int
    text: str
    exercises: list[str]


def _weak_sides(program: Program) -> set[str]:
    return {e.weak_side for e in program.emphasis}


def _reason_index(program: Program) -> dict[str, _Reason]:
    """Every reason clause of the program once, numbered in order of first appearance."""
    index: dict[str, _Reason] = {}
    for week in program.weeks:
        for session in week.sessions:
            for item in sorted(session.items, key=lambda i: i.order):
                for clause in _clauses(item.reason):
                    reason = index.get(clause)
                    if reason is None:
                        reason = _Reason(number=len(index) + 1, text=clause, exercises=[])
                        index[clause] = reason
                    if item.name not in reason.exercises:
                        reason.exercises.append(item.name)
    return index


def _tag_and_setup(item: Item, /) -> tuple[str, str]:
    """The side tag ("R leg", "L arm", "R hand") and the rest of the set-up ("weight in L
    hand") of an item, in the words of :func:`exercises.sides.setup_parts`, the one wording
    of sides shared with the CLI and ``exercises show --side``."""
    from slingcoach.exercises.sides import LETTER, Limb, setup_parts

    setup = item.setup
    side = item.side.side
    if setup is None:
        return SIDE_SHORT.get(_text(item.side), ""), ""
    parts = setup_parts(setup, side)
    if setup.alternating or side is None:
        # alternating work has no tag: the words say how it alternates
        return "", " · ".join(parts)
    if setup.limb is Limb.HAND:
        # a one-hand carry: the tag names the hand, the words add nothing
        return f"{LETTER[side]} hand", " · ".join(parts[1:])
    if setup.limb is Limb.ANCHOR:
        # a band or cable pulling from one side: the letter tags the line, the words say it
        return LETTER[side], " · ".join(parts)
    return parts[0], " · ".join(parts[1:])


def _line(item: Item, weak_sides: set[str]) -> _Line:
    side = _text(item.side)
    tag, setup = _tag_and_setup(item)
    if item.kind == "test":
        # A re-test item: trials to run and space to write each side's result.
        trials = item.high
        return _Line(
            side=SIDE_SHORT.get(side, side),
            side_class=side,
            weak=side in weak_sides,
            dose=f"{trials} trial{'s' if trials != 1 else ''}",
            sets=item.sets,
            test=True,
        )
    amount = f"{item.low}" if item.low == item.high else f"{item.low}–{item.high}"
    word = UNIT_SHORT.get(_text(item.unit), _text(item.unit))
    dose = f"{item.sets} × {amount}" + ("" if word == "reps" else f" {word}")
    return _Line(
        side=SIDE_SHORT.get(side, side),
        side_class=side,
        weak=side in weak_sides,
        dose=dose,
        sets=item.sets,
        tag=tag,
        setup=setup,
        loaded=item.progression.loaded,
    )


def _rows(items: list[Item], weak_sides: set[str], reasons: dict[str, _Reason]) -> list[_Row]:
    """Gym-sheet rows in order; a left and a right item of one exercise next to each other merge."""
    rows: list[_Row] = []
    for item in items:
        block = _text(item.block)
        previous = rows[-1] if rows else None
        key = item.exercise_id or item.test_id
        refs = [reasons[c].number for c in _clauses(item.reason) if c in reasons]
        if (
            previous is not None
            and key is not None
            and previous.exercise_id == key
            and previous.block == block
            and len(previous.lines) == 1
            and {previous.lines[0].side_class, _text(item.side)} == {"left", "right"}
        ):
            previous.lines.append(_line(item, weak_sides))
            previous.order = f"{previous.order}–{item.order}"
            if item.reason not in previous.reasons:
                previous.reasons.append(item.reason)
            previous.loads.append(load_short(item))
            previous.refs.extend(r for r in refs if r not in previous.refs)
            continue
        rows.append(
            _Row(
                order=str(item.order),
                name=item.name,
                exercise_id=key,
                block=block,
                cue=item.cue,
                reasons=[item.reason],
                lines=[_line(item, weak_sides)],
                loads=[load_short(item)],
                refs=list(dict.fromkeys(refs)),
            )
        )
    # The generator puts the weaker side first and gives it more sets (an arm exercise's
    # weaker side is the arm opposite the weaker hip), so a merged row marks its first
    # side when it has more sets; with equal sets, only when it is the one weak side.
    for row in rows:
        if len(row.lines) != 2:
            continue
        first, second = row.lines
        second.weak = False
        if first.sets != second.sets:
            first.weak = first.sets > second.sets
        else:
            first.weak = len(weak_sides) == 1 and first.side_class in weak_sides
    for row in rows:
        row.refs.sort()
    return rows


def _session_view(
    session: Session, weak_sides: set[str], reasons: dict[str, _Reason]
) -> _SessionView:
    items = sorted(session.items, key=lambda i: i.order)
    blocks: list[tuple[str, list[_Row]]] = []
    for row in _rows(items, weak_sides, reasons):
        title = BLOCK_TITLES.get(row.block, row.block)
        if blocks and blocks[-1][0] == title:
            blocks[-1][1].append(row)
        else:
            blocks.append((title, [row]))
    return _SessionView(
        title=f"Session {session.number}",
        date=day_text(session.date),
        short_date=short_day_text(session.date),
        time=f"{time_text(session.start_time)}–{time_text(session.end_time)}",
        minutes=session.minutes,
        focus=session.focus,
        blocks=blocks,
    )


def _week_view(week: Week, weak_sides: set[str], reasons: dict[str, _Reason]) -> _WeekView:
    dates = [s.date for s in week.sessions]
    kind = _text(week.kind)
    return _WeekView(
        number=week.number,
        kind=kind,
        kind_title=WEEK_KIND_TITLES.get(kind, kind),
        dates=range_text(min(dates), max(dates)) if dates else "",
        rir=week.rir,
        note=week.note,
        purpose=f"block {week.mesocycle}: {WEEK_KIND_PURPOSE.get(kind, kind)}",
        sessions=[_session_view(s, weak_sides, reasons) for s in week.sessions],
        lab_tests=[{"name": t.name, "how": t.how} for t in week.lab_tests],
    )


def _emphasis_words(program: Program) -> list[dict[str, str]]:
    from slingcoach.anatomy import get_anatomy

    anatomy = get_anatomy()
    rows = []
    for emphasis in program.emphasis:
        try:
            sling = anatomy.sling(emphasis.sling).name.lower()
        except LookupError:
            sling = emphasis.sling
        muscles = []
        for muscle_id in emphasis.muscles:
            try:
                muscles.append(anatomy.muscle(muscle_id).name)
            except LookupError:
                muscles.append(muscle_id)
        rows.append(
            {
                "title": f"{emphasis.weak_side.capitalize()} {sling}",
                "muscles": ", ".join(muscles),
                "evidence": emphasis.evidence,
            }
        )
    return rows


def weeks_text(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` → ``"weeks 1–3, 5"``; ``[4]`` → ``"week 4"``."""
    ordered = sorted(set(numbers))
    runs: list[str] = []
    start = previous = ordered[0] if ordered else 0
    for number in [*ordered[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    label = "week" if len(ordered) == 1 else "weeks"
    return f"{label} {', '.join(runs)}" if ordered else ""


def _exercise_notes(program: Program) -> list[dict[str, Any]]:
    """Each exercise once, in order of first appearance: its cue and the full load guidance.

    The gym sheet shows the load in a few words (:func:`load_short`); here each distinct
    full text appears once with the weeks it applies to, so nothing is lost.
    """
    seen: dict[str, dict[str, Any]] = {}
    loads: dict[str, dict[str, list[int]]] = {}
    for week in program.weeks:
        for session in week.sessions:
            for item in sorted(session.items, key=lambda i: i.order):
                # a test and an exercise may share an id (active-straight-leg-raise)
                key = item.exercise_id or f"test:{item.test_id or item.name}"
                if key not in seen:
                    seen[key] = {"name": item.name, "cue": item.cue}
                    loads[key] = {}
                weeks = loads[key].setdefault(item.load, [])
                if week.number not in weeks:
                    weeks.append(week.number)
    notes = []
    for key, note in seen.items():
        by_text = loads[key]
        single = len(by_text) == 1
        note["loads"] = [
            {"weeks": "" if single else weeks_text(weeks), "text": text}
            for text, weeks in by_text.items()
        ]
        notes.append(note)
    return notes


def build_context(program: Program, /, *, generated_on: dt.date | None = None) -> dict[str, Any]:
    """Display values for the program template."""
    from slingcoach.programming.rules import goal_words
    from slingcoach.vocab import CONTRAINDICATIONS

    weak_sides = _weak_sides(program)
    reasons = _reason_index(program)
    weeks = [_week_view(w, weak_sides, reasons) for w in program.weeks]
    for view in weeks:
        view.fit = estimated_fit(view)
    all_dates = [s.date for w in program.weeks for s in w.sessions]
    prefs = program.preferences
    last = max(all_dates) if all_dates else program.start_date
    return {
        "person": program.person,
        "weeks_count": program.weeks_count,
        "start": day_text(program.start_date, year=True),
        "end": day_text(last, year=True),
        "span": range_text(program.start_date, last),
        "timezone": program.timezone,
        "days": prefs.days_per_week,
        "weekdays": ", ".join(_text(d).capitalize() for d in prefs.weekdays),
        "start_time": time_text(prefs.start_time),
        "minutes": prefs.minutes_per_session,
        "level": {1: "beginner", 2: "intermediate", 3: "advanced"}.get(
            prefs.level, str(prefs.level)
        ),
        "goals": [goal_words([_text(g)]) for g in prefs.goals],
        "equipment": [_text(e).replace("-", " ") for e in prefs.equipment] or ["body weight only"],
        "emphasis": _emphasis_words(program),
        "weak_sides": sorted(weak_sides),
        "cautions": [CONTRAINDICATIONS.get(c, c) for c in program.contraindications],
        "warnings": list(program.warnings),
        "notes": list(program.notes),
        "cover_fit": 0,
        "weeks": weeks,
        "reasons": list(reasons.values()),
        "seed": program.seed,
        "generated_on": day_text(generated_on, year=True) if generated_on else None,
        "total_sessions": sum(len(w.sessions) for w in program.weeks),
        "exercise_notes": _exercise_notes(program),
    }


def render_html(program: Program, /, *, generated_on: dt.date | None = None) -> str:
    """The program as one self-contained HTML document: cover, reasons, a page per week, notes."""
    from slingcoach.reports.render import render_template

    return render_template("program.html.j2", p=build_context(program, generated_on=generated_on))


FIT_LEVELS = 6
"""How tightly a week can be set on its page (CSS classes ``fit-0`` … ``fit-5`` in
program.css): 0 the sessions side by side in comfortable print; 1 side by side, smaller;
2-5 the week's sessions flow through 3, 4, 5 and 6 columns in small print (6 for seven long
sessions a week)."""


def _session_units(session: _SessionView, /) -> float:
    """The height of a session's column on the week page in lines of sheet print (a rough
    measure: heading 3, a block title 1, an exercise its name line and a line per side,
    more for names longer than a narrow column holds)."""
    units = 3.0
    for _title, rows in session.blocks:
        units += 1.0
        for row in rows:
            units += 1.0 + len(row.lines) + len(row.name) // 40
    return units


PAGE_UNITS = {1: 36.0, 2: 36.0, 3: 35.0, 4: 28.0, 5: 25.0, 6: 23.0, 7: 21.0}
"""Lines of sheet print (:func:`_session_units`) a landscape week page holds in one session
column at ``fit-0``, by the number of sessions side by side; measured on the sample plans
(3 sessions: 33 fitted, 36-39 spilled; 5 sessions: 28-31 spilled), so narrower columns,
where names and set-ups wrap, hold fewer."""


def estimated_fit(week: _WeekView, /) -> int:
    """The first :data:`FIT_LEVELS` level worth laying the week out at: 0 when its longest
    session fits a column, 1 a little over, else a flowing level by the week's total."""
    units = [_session_units(s) for s in week.sessions]
    if not units:
        return 0
    capacity = PAGE_UNITS[min(len(units), 7)]
    if max(units) <= capacity:
        return 0
    if max(units) <= capacity * 1.2:
        return 1
    # flowing columns at levels 2, 3, 4: 3, 4 and 5 columns of smaller print
    total = sum(units)
    for level, columns, per_column in ((2, 3, 40.0), (3, 4, 38.0), (4, 5, 36.0)):
        if total <= columns * per_column:
            return level
    return FIT_LEVELS - 1


COVER_FIT_LEVELS = 3
"""How tightly the cover is set (CSS classes ``cover-fit-0`` … ``cover-fit-2``): 0 as
designed; 1 the warnings and notes in two columns and smaller print; 2 also "how to read the
week sheets" and "stop and ask" move to the top of the "Why this plan" page."""


def cover_spilled(document: Any, /) -> bool:
    """True when the cover (from ``cover-head`` to ``cover-end``) runs onto a second page."""
    from slingcoach.reports.render import page_of_anchors

    pages = page_of_anchors(document)
    return pages.get("cover-head") != pages.get("cover-end")


def spilled_weeks(document: Any, weeks: list[int], /) -> list[int]:
    """The weeks whose sheet does not end on the page it starts on (``document`` laid out by
    :func:`~slingcoach.reports.render.html_layout`; each week's heading has the id
    ``week-N-head`` and an empty element after its last session ``week-N-end``)."""
    from slingcoach.reports.render import page_of_anchors

    pages = page_of_anchors(document)
    return [n for n in weeks if pages.get(f"week-{n}-head") != pages.get(f"week-{n}-end")]


def render_pdf(program: Program, /, *, generated_on: dt.date | None = None) -> bytes:
    """The program on A4 pages (cover, reasons, one landscape page per week, notes) as PDF bytes.

    The cover and every week fit one page: the document is laid out, and a cover or a week
    whose sheet runs onto a second page is set tighter (:data:`COVER_FIT_LEVELS`,
    :data:`FIT_LEVELS`) and the document laid out again.
    """
    from slingcoach.reports.render import html_layout, render_template

    context = build_context(program, generated_on=generated_on)
    views: list[_WeekView] = context["weeks"]
    while True:
        document = html_layout(render_template("program.html.j2", p=context))
        spilled = set(spilled_weeks(document, [w.number for w in views]))
        tighter = [w for w in views if w.number in spilled and w.fit < FIT_LEVELS - 1]
        cover = cover_spilled(document) and context["cover_fit"] < COVER_FIT_LEVELS - 1
        if not tighter and not cover:
            break
        for week in tighter:
            week.fit += 1
        context["cover_fit"] += int(cover)
    pdf: bytes = document.write_pdf()
    return pdf


def write_html(program: Program, path: Path | str, /, **options: Any) -> Path:
    """Write the HTML program to ``path``."""
    target = Path(path)
    target.write_text(render_html(program, **options), encoding="utf-8")
    return target


def write_pdf(program: Program, path: Path | str, /, **options: Any) -> Path:
    """Write the PDF program to ``path``."""
    target = Path(path)
    target.write_bytes(render_pdf(program, **options))
    return target


# ---------------------------------------------------------------------------- iCalendar


def session_uid(program: Program, week: Week, session: Session) -> str:
    """A stable UID for one session slot: a hash of person, block start, week and session.

    Content-derived (RFC 5545 §3.8.4.7 asks for global uniqueness and persistence) so
    that exporting the same plan again updates the same calendar events.
    """
    key = "|".join(
        (
            program.person,
            program.start_date.isoformat(),
            program.timezone,
            str(week.number),
            str(session.number),
        )
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"{digest}@slingcoach"


def session_summary(week: Week, session: Session) -> str:
    """``"slingcoach: week 2, session 1 (hinge + sling)"``: the session's patterns in brief.

    The generator's focus reads "pull + hinge; more work for the right posterior oblique
    sling"; the title keeps the patterns and adds "sling" when the session trains one.
    """
    parts = [p.strip() for p in session.focus.split(";")[0].split("+") if p.strip()]
    has_sling = any(_text(item.block) == "sling" for item in session.items)
    if has_sling and "sling" not in parts:
        parts.append("sling")
    kind = _text(week.kind)
    prefix = "" if kind == "build" else f"{kind}: "
    return f"slingcoach: week {week.number}, session {session.number} ({prefix}{' + '.join(parts)})"


def session_description(week: Week, session: Session) -> str:
    """The session's exercises, one per line, for the calendar event's DESCRIPTION."""
    lines = [f"{WEEK_KIND_TITLES.get(_text(week.kind), _text(week.kind))}: {week.note}".strip()]
    lines.append("")
    for item in sorted(session.items, key=lambda i: i.order):
        side = _text(item.side)
        side_text = "" if side == "both" else f", {side} side"
        lines.append(
            f"{item.order}. {item.name}{side_text}: {dose_text(item, short=False)}; {item.load}"
        )
    lines.append("")
    lines.append(f"About {session.minutes} minutes. Made by slingcoach.")
    return "\n".join(lines)


def _local(day: dt.date, at: dt.time, zone: Any) -> dt.datetime:
    return dt.datetime.combine(day, at).replace(tzinfo=zone)


def to_ics(program: Program, /) -> bytes:
    """The program as an RFC 5545 calendar: one VEVENT per session, VTIMEZONE included."""
    import zoneinfo

    import icalendar

    zone = zoneinfo.ZoneInfo(program.timezone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"slingcoach: {program.person}")
    calendar.add("x-wr-timezone", program.timezone)
    # DTSTAMP must be UTC (RFC 5545 §3.8.7.2); midnight UTC of the block's start keeps it
    # reproducible without reading the clock.
    stamp = dt.datetime.combine(program.start_date, dt.time(0, 0), tzinfo=dt.UTC)
    first = program.start_date
    last = program.start_date
    for week in program.weeks:
        for session in week.sessions:
            event_zone = zoneinfo.ZoneInfo(session.timezone) if session.timezone else zone
            start = _local(session.date, session.start_time, event_zone)
            end = _local(session.date, session.end_time, event_zone)
            if end <= start:
                end = start + dt.timedelta(minutes=max(session.minutes, 1))
            event = icalendar.Event()
            event.add("uid", session_uid(program, week, session))
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("summary", session_summary(week, session))
            event.add("description", session_description(week, session))
            event.add("categories", ["training"])
            event.add("transp", "OPAQUE")
            calendar.add_component(event)
            first = min(first, session.date)
            last = max(last, session.date)
    # VTIMEZONE blocks from the tz database, with the transitions the block spans.
    calendar.add_missing_timezones(
        first_date=first - dt.timedelta(days=1), last_date=last + dt.timedelta(days=2)
    )
    ics: bytes = calendar.to_ical()
    return ics


def write_ics(program: Program, path: Path | str, /) -> Path:
    """Write the iCalendar file to ``path``."""
    target = Path(path)
    target.write_bytes(to_ics(program))
    return target


# ---------------------------------------------------------------------------- CSV


def csv_rows(program: Program, /) -> list[dict[str, Any]]:
    """One dict per item, keyed by :data:`CSV_COLUMNS`."""
    rows: list[dict[str, Any]] = []
    for week in program.weeks:
        for session in week.sessions:
            for item in sorted(session.items, key=lambda i: i.order):
                rows.append(
                    {
                        "week": week.number,
                        "session": session.number,
                        "date": session.date.isoformat(),
                        "weekday": _text(session.weekday),
                        "order": item.order,
                        "block": _text(item.block),
                        "exercise_id": item.exercise_id or "",
                        "name": item.name,
                        "side": _text(item.side),
                        "limb": side_text(item),
                        "sets": item.sets,
                        "low": item.low,
                        "high": item.high,
                        "unit": _text(item.unit),
                        "load": item.load,
                        "reason": item.reason,
                        "week_kind": _text(week.kind),
                        "start_time": time_text(session.start_time),
                        "target": "" if item.target is None else item.target,
                        "rir": "" if item.rir is None else item.rir,
                        "rest_s": item.rest_s,
                        "test_id": item.test_id or "",
                    }
                )
    return rows


def to_csv(program: Program, /) -> str:
    """The program as CSV text with a header row (RFC 4180: CRLF line ends, quoted as needed)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_rows(program))
    return buffer.getvalue()


CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark: without it Excel reads a CSV as the ANSI code page
(Windows-1252) and shows "×" as "Ã—" (Microsoft support: "Opening CSV UTF-8 files
correctly in Excel"); LibreOffice and Numbers read the mark as UTF-8 too."""


def csv_bytes(program: Program, /) -> bytes:
    """The CSV as the file holds it: :func:`to_csv` encoded as :data:`CSV_ENCODING`."""
    return to_csv(program).encode(CSV_ENCODING)


def write_csv(program: Program, path: Path | str, /) -> Path:
    """Write the CSV file to ``path`` (:func:`csv_bytes`: UTF-8 with a byte-order mark)."""
    target = Path(path)
    target.write_bytes(csv_bytes(program))
    return target
