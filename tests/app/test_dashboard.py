"""The coach's dashboard on both databases: own clients only, flags as progress gives them,
findings and adherence, and a number of queries that does not grow with the clients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, update

from slingcoach.app.clients import ClientCreate, add_client
from slingcoach.app.dashboard import DashboardPage, Show, coach_dashboard, dashboard_page
from slingcoach.app.logs import log_sessions
from slingcoach.app.progress import progress
from slingcoach.app.records import save_assessment, save_program
from slingcoach.errors import InvalidInputError
from slingcoach.storage.database import Database
from slingcoach.storage.tables import Client, Coach
from slingcoach.tracking.model import SessionLog
from tests.tracking.helpers import (
    RDL,
    RDL_KEY,
    START,
    one_sided,
    rdl_key,
    sample_assessment,
    sample_program,
)

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
TODAY = START + dt.timedelta(days=25)


def _client(db: Database, name: str, coach: int | None, *, program: bool = True) -> str:
    from slingcoach.assessment.io import load_intake
    from tests.tracking.helpers import SAMPLES

    slug = add_client(db, ClientCreate(name=name), now=NOW).slug
    with db.write() as s:
        s.execute(update(Client).where(Client.slug == slug).values(coach_id=coach))
    if program:
        intake = load_intake(SAMPLES / "right-weak.yaml").model_copy(update={"recordings": []})
        assessment = sample_assessment().model_copy(update={"id": f"a-{slug}"})
        saved = save_assessment(db, slug, intake, assessment, now=NOW)
        save_program(db, slug, sample_program(), assessment_id=saved.id, now=NOW)
    return slug


@pytest.fixture
def practice(db: Database) -> Database:
    with db.write() as s:
        s.add_all([Coach(name="A", created_at=NOW), Coach(name="B", created_at=NOW)])
    _client(db, "Ada Active", 1)
    _client(db, "Nat New", 1, program=False)
    _client(db, "Bo Other", 2)
    # Ada logged weeks 1-3's RDL session (weak right side first), her pain rising 1, 3, 5
    logs = []
    for week, pain in enumerate((1, 3, 5)):
        right = {"reps": 10, "load_kg": 12, "rir": 3, "pain": pain}
        left = {"reps": 10, "load_kg": 14, "rir": 3}
        entry = one_sided(RDL, rdl_key(week + 1), [(right, left), (right, left)])
        day = START + dt.timedelta(weeks=week)
        logs.append(SessionLog(performed_on=day, entries=(entry,)))
    log_sessions(db, "ada-active", logs, today=TODAY)
    return db


def test_a_coach_sees_only_their_clients_most_urgent_first(practice: Database) -> None:
    rows = coach_dashboard(practice, today=TODAY, coach_id=1)
    assert [r.client for r in rows] == ["ada-active", "nat-new"]
    ada, nat = rows
    assert [f.kind for f in ada.flags][:1] == ["pain-rising"]
    assert nat.findings == [] and nat.program_start is None and nat.adherence_pct is None
    # no program yet is its own state, not silence: there is nothing to log
    assert nat.flags == [] and nat.state == "no-program" and ada.state == "flagged"
    assert [r.client for r in coach_dashboard(practice, today=TODAY, coach_id=2)] == ["bo-other"]
    assert coach_dashboard(practice, today=TODAY, coach_id=99) == []
    assert len(coach_dashboard(practice, today=TODAY)) == 3


def test_the_flags_are_those_of_the_client_progress(practice: Database) -> None:
    for row in coach_dashboard(practice, today=TODAY):
        assert row.flags == progress(practice, row.client, today=TODAY).flags


def test_findings_and_adherence(practice: Database) -> None:
    ada = coach_dashboard(practice, today=TODAY, coach_id=1)[0]
    expected = sample_assessment().findings
    assert [(f.sling, f.side) for f in ada.findings] == [(f.sling, f.side.value) for f in expected]
    assert ada.assessed_on == sample_assessment().assessed_on
    assert ada.program_start == START and ada.last_logged_on == START + dt.timedelta(weeks=2)
    plan = [
        s.date
        for w in sample_program().weeks
        for s in w.sessions
        if TODAY - dt.timedelta(days=28) <= s.date < TODAY
    ]
    assert ada.sessions_planned == len(plan) > 3
    assert ada.sessions_done == 3
    assert ada.adherence_pct == round(100 * 3 / len(plan), 1)
    assert RDL_KEY.startswith("w01")


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_number_of_queries_does_not_grow_with_the_clients(practice: Database) -> None:
    with counted(practice) as few:
        coach_dashboard(practice, today=TODAY, coach_id=1)
    for n in range(4):
        _client(practice, f"More {n}", 1)
    with counted(practice) as many:
        rows = coach_dashboard(practice, today=TODAY, coach_id=1)
    assert len(rows) == 6
    assert len(many) == len(few) <= 2  # BEGIN and one SELECT of clients and summaries


def _add(db: Database, *rows: object) -> None:
    with db.write() as s:  # any ORM write keeps the client summaries
        s.add_all(rows)


def _flags_of(db: Database, slug: str) -> list[tuple[str, str]]:
    row = next(r for r in coach_dashboard(db, today=TODAY) if r.client == slug)
    assert row.flags == progress(db, slug, today=TODAY).flags
    return [(f.kind, f.text) for f in row.flags]


def test_pain_rising_at_the_end_of_sessions_is_flagged(practice: Database) -> None:
    from slingcoach.storage.tables import SessionCheckinRow

    bo = 3
    _add(
        practice,
        *(
            SessionCheckinRow(
                client_id=bo,
                performed_on=START + dt.timedelta(days=7 * n + 14),
                session_rpe=6,
                pain=pain,
                created_at=NOW,
                updated_at=NOW,
            )
            for n, pain in enumerate((2, 4, 6))
        ),
    )
    rising = [text for kind, text in _flags_of(practice, "bo-other") if kind == "pain-rising"]
    assert rising == ["pain at the end of the session rose over 3 sessions: 2 → 4 → 6"]


def test_silence_needs_a_program_and_a_message_breaks_it(practice: Database) -> None:
    from slingcoach.storage.tables import MessageRow

    # Bo has a program since START and has logged nothing: silent since it started
    assert ("silent", f"nothing logged since the program started on {START} (25 days)") in (
        _flags_of(practice, "bo-other")
    )
    # Nat has no program: never silent, whatever the days
    assert _flags_of(practice, "nat-new") == []
    written = dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(8), tzinfo=dt.UTC)
    _add(practice, MessageRow(client_id=3, sender="client", body="hi", created_at=written))
    assert "silent" not in [kind for kind, _ in _flags_of(practice, "bo-other")]


def test_summaries_kept_by_writes_match_those_summed_up_on_the_fly(practice: Database) -> None:
    from sqlalchemy import delete, func, select

    from slingcoach.storage.summaries import missing, refresh
    from slingcoach.storage.tables import ClientSummaryRow

    kept = coach_dashboard(practice, today=TODAY)
    with practice.read() as s:
        assert s.scalar(select(func.count()).select_from(ClientSummaryRow)) == 3
        assert missing(s) == []
    with practice.write() as s:  # as after an upgrade from before the summaries
        s.execute(delete(ClientSummaryRow))
    assert coach_dashboard(practice, today=TODAY) == kept
    with practice.write() as s:
        assert len(missing(s)) == 3
        assert refresh(s) == 3
    assert coach_dashboard(practice, today=TODAY) == kept


# --- pages of the dashboard -------------------------------------------------------------------


@pytest.fixture
def five(practice: Database) -> Database:
    """Coach 1: Ada (rising pain), Nat (no program) and three with a program and no log."""
    for name in ("Eve Later", "dee Lowercase", "Cy Quiet"):
        _client(practice, name, 1)
    return practice


def _names(page: DashboardPage) -> list[str]:
    return [r.name for r in page.rows]


def test_pages_hold_the_most_urgent_first_then_names_in_any_case(five: Database) -> None:
    pages = [dashboard_page(five, today=TODAY, coach_id=1, page=n, page_size=2) for n in (1, 2, 3)]
    assert [_names(p) for p in pages] == [
        ["Ada Active", "Cy Quiet"],
        ["dee Lowercase", "Eve Later"],
        ["Nat New"],
    ]
    assert {(p.page, p.pages, p.matched) for p in pages} == {(1, 3, 5), (2, 3, 5), (3, 3, 5)}
    # the pages are the one list cut in pieces
    whole = coach_dashboard(five, today=TODAY, coach_id=1)
    assert [r for p in pages for r in p.rows] == whole
    assert whole[0].flags[0].kind == "pain-rising"
    assert all("missed-sessions" in [f.kind for f in r.flags] for r in whole[1:4])


def test_the_counts_are_over_every_client_of_the_coach_whatever_the_filter(
    five: Database,
) -> None:
    everyone = dashboard_page(five, today=TODAY, coach_id=1)
    assert len(everyone.rows) == everyone.matched == 5 and everyone.pages == 1
    counts = everyone.counts
    assert (counts.clients, counts.attention, counts.no_program, counts.on_track) == (5, 4, 1, 0)
    assert counts.flags["pain-rising"] == 1 and counts.flags["missed-sessions"] == 4
    assert counts.flags["red-flag"] == 0
    only_eve = dashboard_page(five, today=TODAY, coach_id=1, q="  EVE ")
    assert _names(only_eve) == ["Eve Later"] and only_eve.q == "EVE"
    assert only_eve.counts == counts and only_eve.matched == 1


@pytest.mark.parametrize(
    ("show", "names"),
    [
        ("all", ["Ada Active", "Cy Quiet", "dee Lowercase", "Eve Later", "Nat New"]),
        ("attention", ["Ada Active", "Cy Quiet", "dee Lowercase", "Eve Later"]),
        ("pain-rising", ["Ada Active"]),
        ("missed-sessions", ["Ada Active", "Cy Quiet", "dee Lowercase", "Eve Later"]),
        ("red-flag", []),
        ("no-program", ["Nat New"]),
        ("on-track", []),
    ],
)
def test_show_filters_by_flag_and_state(five: Database, show: Show, names: list[str]) -> None:
    page = dashboard_page(five, today=TODAY, coach_id=1, show=show)
    assert _names(page) == names and page.matched == len(names) and page.pages == 1


def test_before_the_programs_start_the_clients_are_on_track(five: Database) -> None:
    before = START - dt.timedelta(days=1)
    page = dashboard_page(five, today=before, coach_id=1, show="on-track")
    assert _names(page) == ["Cy Quiet", "dee Lowercase", "Eve Later"]
    assert {r.state for r in page.rows} == {"on-track"} and page.counts.on_track == 3
    # on track comes last, after no program yet
    assert _names(dashboard_page(five, today=before, coach_id=1))[-4:] == [
        "Nat New",
        "Cy Quiet",
        "dee Lowercase",
        "Eve Later",
    ]


def test_another_coach_sees_none_of_these_clients(five: Database) -> None:
    other = dashboard_page(five, today=TODAY, coach_id=2)
    assert _names(other) == ["Bo Other"] and other.counts.clients == 1
    assert dashboard_page(five, today=TODAY, coach_id=2, q="ada").rows == []
    nobody = dashboard_page(five, today=TODAY, coach_id=99)
    assert (nobody.rows, nobody.matched, nobody.pages, nobody.counts.clients) == ([], 0, 1, 0)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"page": 0}, "page must be 1 or more, not 0"),
        ({"page": 2}, r"page 2 is beyond the last page \(1\)"),
        ({"page": 2, "q": "nobody"}, r"page 2 is beyond the last page \(1\)"),
        ({"page_size": 0}, "page_size must be 1 to 200, not 0"),
        ({"show": "worried"}, "show must be one of all, attention, red-flag"),
        ({"q": "x" * 201}, "the name search is at most 200 characters, not 201"),
    ],
)
def test_bad_page_or_filter_is_refused_with_a_clear_message(
    five: Database, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        dashboard_page(five, today=TODAY, coach_id=1, **arguments)


def test_a_page_takes_as_many_queries_whatever_the_clients(practice: Database) -> None:
    with counted(practice) as few:
        dashboard_page(practice, today=TODAY, coach_id=1)
    for n in range(4):
        _client(practice, f"More {n}", 1)
    with counted(practice) as many:
        page = dashboard_page(practice, today=TODAY, coach_id=1, page_size=3)
    assert page.matched == 6 and len(page.rows) == 3
    assert len(many) == len(few) <= 2  # BEGIN and one SELECT
