"""Program exports: printable HTML/PDF, iCalendar (RFC 5545) and CSV.

Two kinds of program: small hand-built ones with known dates and times (for the
calendar arithmetic across daylight-saving changes) and a real 8-week block
generated for the right-weak sample client.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from markupsafe import escape

from slingcoach.programming import (
    Block,
    Item,
    Preferences,
    Program,
    Week,
    Weekday,
    WeekKind,
    generate,
)
from slingcoach.programming.model import Limb, Progression, ProgressionRule, Setup
from slingcoach.reports import program_export
from slingcoach.vocab import Side, Sides, Unit
from tests.assessment.helpers import ASSESSED_ON

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
UTC = dt.UTC


def _real_program(weeks: int) -> Program:
    from slingcoach.assessment import assess
    from slingcoach.assessment.io import load_intake

    assessment = assess(load_intake(SAMPLES / "right-weak.yaml"), assessed_on=ASSESSED_ON)
    preferences = Preferences(start_date=dt.date(2026, 3, 2), timezone="Europe/London")
    return generate(assessment, preferences, weeks=weeks, seed=1)


@pytest.fixture(scope="module")
def real_program() -> Program:
    """The 8-week block of the right-weak sample client."""
    return _real_program(8)


@pytest.fixture(scope="module")
def base_program() -> Program:
    """The shortest real block (4 weeks), also the template of the hand-set programs below."""
    return _real_program(4)


def _item(template: Item, order: int, side: str, sets: int) -> Item:
    reason = (
        "extra set on the right: right single-leg bridge 20 % below the left"
        if side == "right"
        else "left side after the right"
    )
    return template.model_copy(
        update={
            "order": order,
            "block": Block.SLING,
            "kind": "exercise",
            "exercise_id": "single-leg-rdl-contralateral-dumbbell",
            "test_id": None,
            "name": "Single-leg RDL, dumbbell in the opposite hand",
            "side": Sides(side),
            "setup": Setup(limb=Limb.LEG, load_hand=Side.LEFT if side == "right" else Side.RIGHT),
            "finding_id": "posterior-oblique-right",
            "progression": Progression(
                rule=ProgressionRule.DOUBLE, loaded=True, load_step_pct=(2.5, 5.0)
            ),
            "sets": sets,
            "unit": Unit.REPS,
            "low": 8,
            "high": 12,
            "target": 9,
            "load": "RIR 2 (RPE 8): aim for 9 reps; when every set reaches 12, add 2.5-5 % load",
            "rir": 2,
            "rest_s": 60,
            "cue": None,
            "reason": reason,
        }
    )


def _program(
    base: Program, zone: str, days: list[dt.date], *, at: dt.time = dt.time(18, 30)
) -> Program:
    """``base`` with two 40-minute sessions a week on ``days`` at ``at`` local time in ``zone``."""
    template_week = base.weeks[0]
    template_session = template_week.sessions[0]
    template_item = template_session.items[0]
    weeks: list[Week] = []
    for index in range(0, len(days), 2):
        sessions = []
        for number, day in enumerate(days[index : index + 2], start=1):
            end = (dt.datetime.combine(day, at) + dt.timedelta(minutes=40)).time()
            items = (_item(template_item, 1, "right", 3), _item(template_item, 2, "left", 2))
            sessions.append(
                template_session.model_copy(
                    update={
                        "number": number,
                        "date": day,
                        "weekday": Weekday.from_index(day.weekday()),
                        "start_time": at,
                        "end_time": end,
                        "timezone": zone,
                        "minutes": 40,
                        "focus": "hinge; more work for the right posterior oblique sling",
                        "items": items,
                    }
                )
            )
        weeks.append(
            template_week.model_copy(
                update={
                    "number": index // 2 + 1,
                    "kind": WeekKind.BUILD,
                    "rir": 2,
                    "note": "build week",
                    "sessions": tuple(sessions),
                }
            )
        )
    preferences = base.preferences.model_copy(
        update={"start_date": days[0], "timezone": zone, "start_time": at}
    )
    return base.model_copy(
        update={
            "person": "Test Person",
            "start_date": days[0],
            "timezone": zone,
            "preferences": preferences,
            "weeks": tuple(weeks),
        }
    )


# Daylight-saving changes in 2026: Europe/London on Sunday 29 March (GMT → BST),
# America/New_York on Sunday 8 March (EST → EDT).
LONDON_DAYS = [dt.date(2026, 3, 27), dt.date(2026, 3, 30)]
NEW_YORK_DAYS = [dt.date(2026, 3, 6), dt.date(2026, 3, 9)]


def _events(ics: bytes) -> list:
    import icalendar

    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


@pytest.mark.parametrize(
    ("zone", "days", "at", "utc_hours"),
    [
        ("Europe/London", LONDON_DAYS, dt.time(18, 30), [(18, 30), (17, 30)]),
        ("America/New_York", NEW_YORK_DAYS, dt.time(7, 0), [(12, 0), (11, 0)]),
    ],
)
def test_ics_sessions_keep_local_time_across_a_dst_change(
    base_program: Program,
    zone: str,
    days: list[dt.date],
    at: dt.time,
    utc_hours: list[tuple[int, int]],
) -> None:
    import icalendar

    ics = program_export.to_ics(_program(base_program, zone, days, at=at))
    calendar = icalendar.Calendar.from_ical(ics)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == [zone]
    # The VTIMEZONE itself (not only the local tz database) gives the right offsets.
    vtz = timezones[0].to_tz()
    for event, day, (hour, minute) in zip(events, days, utc_hours, strict=True):
        assert event["DTSTART"].params["TZID"] == zone
        start = event.decoded("DTSTART")
        assert (start.date(), start.time()) == (day, at)
        assert start.astimezone(UTC).time() == dt.time(hour, minute)
        from_vtimezone = dt.datetime.combine(day, at, tzinfo=vtz).astimezone(UTC)
        assert from_vtimezone.time() == dt.time(hour, minute)
        assert event.decoded("DTEND") - start == dt.timedelta(minutes=40)


def test_ics_summary_description_uid_and_stamp(base_program: Program) -> None:
    program = _program(base_program, "Europe/London", LONDON_DAYS)
    events = _events(program_export.to_ics(program))
    assert [str(e["SUMMARY"]) for e in events] == [
        "slingcoach: week 1, session 1 (hinge + sling)",
        "slingcoach: week 1, session 2 (hinge + sling)",
    ]
    description = str(events[0]["DESCRIPTION"])
    assert (
        "1. Single-leg RDL, dumbbell in the opposite hand, right side: 3 × 8–12 reps" in description
    )
    assert (
        "2. Single-leg RDL, dumbbell in the opposite hand, left side: 2 × 8–12 reps" in description
    )
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 2 and all(u.endswith("@slingcoach") for u in uids)
    # DTSTAMP from the program's start date, not from the clock.
    for event in events:
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 3, 27, tzinfo=UTC)


def test_ics_lines_are_folded_at_75_octets_with_crlf(base_program: Program) -> None:
    ics = program_export.to_ics(_program(base_program, "America/New_York", NEW_YORK_DAYS))
    assert ics.endswith(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # continuation lines exist
    assert b"\n" not in ics.replace(b"\r\n", b"")
    # Unfolding gives back the description exactly (RFC 5545 §3.1).
    program = _program(base_program, "America/New_York", NEW_YORK_DAYS)
    week, session = program.weeks[0], program.weeks[0].sessions[0]
    assert str(_events(ics)[0]["DESCRIPTION"]) == program_export.session_description(week, session)


def test_ics_and_csv_are_byte_identical_for_the_same_program(base_program: Program) -> None:
    one = _program(base_program, "Europe/London", LONDON_DAYS)
    two = _program(base_program, "Europe/London", LONDON_DAYS)
    assert program_export.to_ics(one) == program_export.to_ics(two)
    assert program_export.to_csv(one) == program_export.to_csv(two)
    other = _program(base_program, "Europe/London", [dt.date(2026, 4, 6), dt.date(2026, 4, 8)])
    assert program_export.session_uid(
        one, one.weeks[0], one.weeks[0].sessions[0]
    ) != program_export.session_uid(other, other.weeks[0], other.weeks[0].sessions[0])


def test_csv_parses_and_round_trips_the_numbers(base_program: Program) -> None:
    program = _program(base_program, "Europe/London", LONDON_DAYS)
    text = program_export.to_csv(program)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0].keys()) == list(program_export.CSV_COLUMNS)
    items = [
        (week, session, item)
        for week in program.weeks
        for session in week.sessions
        for item in session.items
    ]
    assert len(rows) == len(items)
    for row, (week, session, item) in zip(rows, items, strict=True):
        assert int(row["week"]) == week.number and int(row["session"]) == session.number
        assert dt.date.fromisoformat(row["date"]) == session.date
        assert row["weekday"] == session.weekday.value
        assert (int(row["order"]), int(row["sets"]), int(row["low"]), int(row["high"])) == (
            item.order,
            item.sets,
            item.low,
            item.high,
        )
        assert int(row["target"]) == item.target and int(row["rest_s"]) == item.rest_s
        assert row["side"] == item.side.value and row["unit"] == item.unit.value
        assert row["load"] == item.load  # commas survive quoting
        assert row["reason"] == item.reason


def test_html_merges_left_and_right_rows_and_marks_the_weak_side(base_program: Program) -> None:
    html = program_export.render_html(_program(base_program, "Europe/London", LONDON_DAYS))
    assert '<span class="ex-num">1–2</span>' in html
    assert html.count('<div class="ex">') == 2  # one row per exercise and session, not per side
    # Each side's tag names the limb, and the set-up says where the weight goes.
    assert 'class="side-tag right weak">R leg</span>' in html
    assert 'class="side-tag left">L leg</span>' in html
    assert html.count('<span class="setup">weight in L hand</span>') == 2
    assert html.count('<span class="setup">weight in R hand</span>') == 2
    # A loaded set gets a box to write the weight in, one per set and side.
    assert html.count('<span class="tick kg"></span>') == 2 * (3 + 2)
    assert html.count('<span class="tick"></span>') == 0
    # Short load guidance on the sheet, derived from rir/target/high.
    assert (
        '<span class="load"><span class="nb">RIR 2</span> · <span class="nb">aim 9</span> · '
        '<span class="nb">+2.5–5 % at 12</span></span>'
    ) in html
    # The reasons are on the "Why this plan" page once each, referenced from the row.
    assert html.count("extra set on the right: right single-leg bridge 20 % below the left") == 1
    assert html.count("left side after the right") == 1
    assert html.count('<span class="refs">1,2</span>') == 2
    assert "Why: " not in html


def test_weak_side_marking_when_findings_point_both_ways(base_program: Program) -> None:
    program = _program(base_program, "Europe/London", LONDON_DAYS)
    left = program.emphasis[0].model_copy(update={"weak_side": "left", "finding_id": "other"})
    both = program.model_copy(update={"emphasis": (*program.emphasis, left)})
    html = program_export.render_html(both)
    # The right side comes first with more sets (3 vs 2): it is marked, the left is not.
    assert 'class="side-tag right weak"' in html
    assert 'class="side-tag left weak"' not in html


def test_real_program_exports_contain_every_session_and_item(real_program: Program) -> None:
    sessions = [s for w in real_program.weeks for s in w.sessions]
    items = [i for s in sessions for i in s.items]
    html = program_export.render_html(real_program)
    for week in real_program.weeks:
        assert f"Week {week.number} <span" in html
    # Nothing said in the program is lost: every name, reason clause and full load text.
    for item in items:
        assert str(escape(item.name)) in html
        for clause in program_export._clauses(item.reason):
            assert str(escape(clause)) in html, clause
        assert str(escape(item.load)) in html
        if item.cue:
            assert str(escape(item.cue)) in html
    for note in real_program.notes:
        assert str(escape(note)) in html
    # Each distinct reason clause is listed once on the "Why this plan" page.
    clauses = {c for i in items for c in program_export._clauses(i.reason)}
    assert html.count('<tr><td class="num">') == len(clauses)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<link" not in html and "<script" not in html
    assert html == program_export.render_html(real_program)
    # Re-test items get a field per side to write the result in, not tick boxes.
    tests = [i for i in items if i.kind == "test"]
    assert tests, "the block ends with a re-test week"
    assert html.count('<span class="write">L</span>') == len(tests)
    # On a phone the sessions stack in one column.
    phone = html[html.index("@media screen and (max-width: 640px) {\n  .cover-grid") :]
    assert ".sessions { grid-template-columns: 1fr; }" in phone[: phone.index("\n}\n")]
    ics = program_export.to_ics(real_program)
    assert len(_events(ics)) == len(sessions)
    rows = list(csv.DictReader(io.StringIO(program_export.to_csv(real_program), newline="")))
    assert len(rows) == len(items)


def _page_texts(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _squash(text: str) -> str:
    """Text without white space and hyphens: PDF text breaks long names at hyphens."""
    return "".join(c for c in text if not c.isspace() and c not in "-\ufffe\u00ad")


def _sample_program(name: str) -> Program:
    from slingcoach.assessment import assess
    from slingcoach.assessment.io import load_intake

    assessment = assess(load_intake(SAMPLES / f"{name}.yaml"), assessed_on=ASSESSED_ON)
    preferences = Preferences(start_date=dt.date(2026, 3, 2), timezone="Europe/London")
    return generate(assessment, preferences, weeks=8, seed=1)


@pytest.mark.parametrize("name", ["right-weak", "left-weak", "balanced", "sandbag-athlete"])
def test_pdf_is_cover_why_page_then_exactly_one_page_per_week(name: str, tmp_path: Path) -> None:
    # The sample clients train 2 to 5 days a week with up to 17 items a session.
    program = _sample_program(name)
    texts = _page_texts(program_export.write_pdf(program, tmp_path / f"{name}.pdf"))
    assert "The weeks at a glance" in texts[0]
    assert texts[1].startswith("Why this plan")
    flat = [_squash(t) for t in texts]
    for index, week in enumerate(program.weeks):
        page = 2 + index
        assert texts[page].startswith(f"Week {week.number} "), (week.number, texts[page][:40])
        for session in week.sessions:
            assert _squash(f"Session {session.number} · ") in flat[page]
            for item in session.items:
                assert _squash(item.name) in flat[page], (week.number, item.name)
    notes = 2 + len(program.weeks)
    assert texts[notes].startswith("Exercise notes")
    assert all(not t.startswith("Week ") for t in texts[notes:])


@pytest.mark.parametrize(("days", "minutes"), [(1, 120), (7, 120), (7, 15)])
def test_pdf_has_one_page_per_week_for_any_days_and_minutes(
    days: int, minutes: int, tmp_path: Path
) -> None:
    # 1 x 120 min puts 30 items in one session, 7 x 120 min 17 items in each of 7 sessions.
    from slingcoach.assessment import assess
    from slingcoach.assessment.io import load_intake

    assessment = assess(load_intake(SAMPLES / "right-weak.yaml"), assessed_on=ASSESSED_ON)
    preferences = Preferences(
        start_date=dt.date(2026, 3, 2),
        timezone="Europe/London",
        days_per_week=days,
        minutes_per_session=minutes,
    )
    program = generate(assessment, preferences, weeks=4, seed=1)
    texts = _page_texts(program_export.write_pdf(program, tmp_path / "p.pdf"))
    weeks = [t for t in texts if t.startswith("Week ")]
    assert [t.split()[1] for t in weeks] == [str(w.number) for w in program.weeks]
    first = texts.index(weeks[0])
    # cover and why-page before, exercise notes right after the last week
    assert first == 2 and texts[first + len(weeks)].startswith("Exercise notes")
    flat = [_squash(t) for t in texts]
    for index, week in enumerate(program.weeks):
        for session in week.sessions:
            for item in session.items:
                assert _squash(item.name) in flat[first + index], (week.number, item.name)


def test_a_16_week_plan_with_warnings_and_notes_has_a_one_page_cover(tmp_path: Path) -> None:
    # the longest block: 16 rows in "the weeks at a glance", with the red warnings (back pain
    # now, an unanswered red-flag screen) and the planner's notes (body weight only, four
    # goals, long sessions) on the same page
    import yaml

    from slingcoach.assessment import Intake, assess

    data = yaml.safe_load((SAMPLES / "right-weak.yaml").read_text(encoding="utf-8"))
    data.pop("recordings", None)
    data["red_flags"] = {}
    data["signs"] = {**data.get("signs", {}), "low_back_pain_now": 5}
    data["goals"] = ["strength", "running", "sport", "longevity"]
    data["training"].update(equipment=[], level=2, days_per_week=5, minutes_per_session=90)
    assessment = assess(Intake.model_validate(data), assessed_on=ASSESSED_ON)
    preferences = Preferences(start_date=dt.date(2026, 3, 2), timezone="Europe/London")
    program = generate(assessment, preferences, weeks=16, seed=1)
    assert len(program.warnings) == 2 and len(program.notes) >= 4
    texts = _page_texts(program_export.write_pdf(program, tmp_path / "long.pdf"))
    cover = _squash(texts[0])
    assert "The weeks at a glance" in texts[0]
    assert all(_squash(w) in cover for w in program.warnings)
    assert all(_squash(n) in cover for n in program.notes)
    assert "Why this plan" in texts[1]
    weeks = [t.split()[1] for t in texts if t.startswith("Week ")]
    assert weeks == [str(n) for n in range(1, 17)]
    assert texts.index(next(t for t in texts if t.startswith("Week "))) == 2
    assert texts[2 + 16].startswith("Exercise notes")


def test_pdf_of_a_short_program_is_one_page_per_week(
    base_program: Program,
    tmp_path: Path,
) -> None:
    program = _program(
        base_program, "Europe/London", [*LONDON_DAYS, dt.date(2026, 4, 3), dt.date(2026, 4, 6)]
    )
    texts = _page_texts(program_export.write_pdf(program, tmp_path / "short.pdf"))
    # cover, why this plan, two weeks, exercise notes
    assert len(texts) == 2 + len(program.weeks) + 1
    assert texts[2].startswith("Week 1 ") and texts[3].startswith("Week 2 ")


def test_writers_write_what_the_renderers_return(base_program: Program, tmp_path: Path) -> None:
    program = _program(base_program, "Europe/London", LONDON_DAYS)
    assert program_export.write_ics(program, tmp_path / "p.ics").read_bytes() == (
        program_export.to_ics(program)
    )
    csv_path = program_export.write_csv(program, tmp_path / "p.csv")
    assert csv_path.read_bytes().decode("utf-8-sig") == program_export.to_csv(program)
    html_path = program_export.write_html(program, tmp_path / "p.html")
    assert html_path.read_text(encoding="utf-8") == program_export.render_html(program)


def test_ics_session_running_past_midnight_ends_the_next_day(base_program: Program) -> None:
    program = _program(base_program, "Europe/London", LONDON_DAYS, at=dt.time(23, 40))
    event = _events(program_export.to_ics(program))[0]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert end - start == dt.timedelta(minutes=40)
    assert end.date() == start.date() + dt.timedelta(days=1)


def test_ics_in_utc_needs_no_vtimezone(base_program: Program) -> None:
    import icalendar

    program = _program(base_program, "UTC", LONDON_DAYS)
    calendar = icalendar.Calendar.from_ical(program_export.to_ics(program))
    assert not list(calendar.walk("VTIMEZONE"))
    first = next(iter(calendar.walk("VEVENT")))
    assert first.decoded("DTSTART") == dt.datetime(2026, 3, 27, 18, 30, tzinfo=UTC)


def test_load_short_is_built_from_the_item_numbers(base_program: Program) -> None:
    template = _item(base_program.weeks[0].sessions[0].items[0], 1, "right", 3)
    short = program_export.load_short
    assert short(template) == "RIR 2 · aim 9 · +2.5–5 % at 12"
    # The numbers come from the fields, not from cutting the text.
    assert short(template.model_copy(update={"rir": 1, "target": 10})) == (
        "RIR 1 · aim 10 · +2.5–5 % at 12"
    )
    assert program_export.side_text(template) == "R leg · weight in L hand"


def test_reason_clauses_split_outside_parentheses_only() -> None:
    text = "weaker right side first (a; b); mobility: hamstrings;  ; last"
    assert program_export._clauses(text) == [
        "weaker right side first (a; b)",
        "mobility: hamstrings",
        "last",
    ]


def test_weeks_text_compresses_runs() -> None:
    assert program_export.weeks_text([1, 2, 3, 5, 7, 8]) == "weeks 1–3, 5, 7–8"
    assert program_export.weeks_text([4]) == "week 4"
    assert program_export.weeks_text([]) == ""


def _as_excel_reads(data: bytes) -> str:
    """Decode a CSV file as Excel does: UTF-8 after a byte-order mark, else the ANSI code page
    (Windows-1252 in Western locales)."""
    bom = "\ufeff".encode()
    if data.startswith(bom):
        return data[len(bom) :].decode("utf-8")
    return data.decode("cp1252", errors="replace")


def test_csv_opens_in_a_spreadsheet_without_mojibake(real_program: Program, tmp_path: Path) -> None:
    data = program_export.write_csv(real_program, tmp_path / "p.csv").read_bytes()
    text = _as_excel_reads(data)
    assert text == program_export.to_csv(real_program)
    # The signs the plan uses survive: ×, – and the limbs of each side.
    assert "–" in text and "Ã" not in text and "â€" not in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(program_export.CSV_COLUMNS)
    limbs = {row["limb"] for row in rows if row["side"] != "both"}
    assert "R leg · weight in L hand" in limbs and "L arm · R foot forward" in limbs
    # The same bytes through the app layer (the CLI and the web use it).
    from slingcoach.app.exports import render_program

    assert render_program(real_program, "csv").data == data


def test_warnings_and_planner_notes_are_on_the_cover(base_program: Program) -> None:
    program = base_program.model_copy(
        update={
            "warnings": (
                "The safety screen is incomplete: 2 red-flag questions were not answered.",
            ),
            "notes": ("Sessions use about 40 of the 50 minutes.",),
        }
    )
    html = program_export.render_html(program)
    cover = html[html.index('<section class="cover">') : html.index("</section>")]
    assert "Read this before you start" in cover
    assert "The safety screen is incomplete" in cover
    assert "Sessions use about 40 of the 50 minutes." in cover
    assert html.count("The safety screen is incomplete") == 1
