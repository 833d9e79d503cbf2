"""The coach's dashboard: every client with their flags, latest findings and adherence.

A coach with a few hundred clients reads them a page at a time (:data:`PAGE_SIZE`), the
clients that need attention first: :func:`dashboard_page`. The flags depend on the day
(silence, missed sessions), so the order cannot be kept in the database: one Core select
reads the coach's clients with their summaries (:mod:`slingcoach.storage.summaries`: one
small row per client, kept up to date by every write), the pure
:func:`slingcoach.tracking.flags.flags_of` ranks every client, and only the rows of the page
asked for are shaped with their findings and adherence. The counts (how many need attention,
per flag, without a program, on track) are over all the coach's clients, whatever the filter.

A client without a program is not "silent" (there is nothing to log yet): their row says
``no-program``, and they come after the flagged clients and before those on track.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.app.progress import FlagOut
from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.storage.database import Database
    from slingcoach.storage.summaries import ClientSummary
    from slingcoach.tracking.flags import Flag

ADHERENCE_DAYS = 28
"""Adherence is sessions done against planned over the last four weeks (our convention)."""
PAGE_SIZE = 50
"""Clients per dashboard page: a screenful or two on a phone (our convention)."""
MAX_PAGE_SIZE = 200
NAME_QUERY_MAX = 200
"""The longest name search taken (a client's name is at most this long)."""

State = Literal["flagged", "no-program", "on-track"]
"""Where a client stands: flagged, without a program yet, or on track (no flag)."""
Show = Literal[
    "all",
    "attention",
    "red-flag",
    "asymmetry-worsening",
    "pain-rising",
    "missed-sessions",
    "silent",
    "no-program",
    "on-track",
]
"""Which clients a dashboard page lists: all, those that need attention (any flag), those
with one kind of flag, those without a program yet, or those on track."""
SHOWS: tuple[str, ...] = get_args(Show)


class FindingBrief(BaseModel):
    """A finding of the latest assessment, in brief."""

    model_config = ConfigDict(frozen=True)

    sling: str
    side: str
    severity: str
    text: str


class DashboardRow(BaseModel):
    """One client on the coach's dashboard."""

    model_config = ConfigDict(frozen=True)

    client: str
    name: str
    state: State
    flags: list[FlagOut]
    findings: list[FindingBrief] = Field(description="the latest assessment's findings")
    assessed_on: dt.date | None
    refer: bool
    program_start: dt.date | None
    sessions_planned: int = Field(description=f"planned in the last {ADHERENCE_DAYS} days")
    sessions_done: int = Field(description="of those, sessions with at least one item logged")
    adherence_pct: float | None
    last_logged_on: dt.date | None


class DashboardCounts(BaseModel):
    """How the coach's clients stand, all of them (not only those of the filter)."""

    model_config = ConfigDict(frozen=True)

    clients: int
    attention: int = Field(description="clients with at least one flag")
    no_program: int
    on_track: int
    flags: dict[str, int] = Field(description="clients with each kind of flag, by kind")


class DashboardPage(BaseModel):
    """One page of the coach's dashboard: the most urgent clients first, then by name."""

    model_config = ConfigDict(frozen=True)

    rows: list[DashboardRow]
    page: int = Field(description="this page, from 1")
    pages: int = Field(description="pages of the filter (at least 1)")
    page_size: int
    matched: int = Field(description="clients of the filter, over all pages")
    q: str = Field(description="the name search (empty: every name)")
    show: Show
    counts: DashboardCounts


@dataclass(frozen=True, slots=True)
class _Ranked:
    """A client ranked for the day: what ordering, counting and filtering need."""

    rank: int
    name: str
    slug: str
    state: State
    flags: list[Flag]
    summary: ClientSummary


def dashboard_page(
    db: Database,
    *,
    today: dt.date,
    coach_id: int,
    q: str = "",
    show: Show = "all",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> DashboardPage:
    """Page ``page`` of the clients of ``coach_id`` whose name contains ``q`` (any case) and
    who are in ``show``, the most urgent first.

    Clients with a red flag come first, then worsening asymmetry, rising pain, missed
    sessions and silence; then clients without a program yet; then those on track, each
    group by name. A page beyond the last raises :class:`InvalidInputError`.
    """
    needle = _needle(q)
    if show not in SHOWS:
        raise InvalidInputError(
            f"show must be one of {', '.join(SHOWS)}, not {show!r}", field="show"
        )
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInputError(
            f"page_size must be 1 to {MAX_PAGE_SIZE}, not {page_size}", field="page_size"
        )
    if page < 1:
        raise InvalidInputError(f"page must be 1 or more, not {page}", field="page")
    ranked = _ranked(db, today, coach_id)
    matched = [r for r in ranked if _shown(r, show) and (not needle or needle in r.name.casefold())]
    pages = max(1, math.ceil(len(matched) / page_size))
    if page > pages:
        raise InvalidInputError(
            f"page {page} is beyond the last page ({pages}) of these clients", field="page"
        )
    first = (page - 1) * page_size
    return DashboardPage(
        rows=[_row(r, today) for r in matched[first : first + page_size]],
        page=page,
        pages=pages,
        page_size=page_size,
        matched=len(matched),
        q=q.strip(),
        show=show,
        counts=_counts(ranked),
    )


def coach_dashboard(
    db: Database, *, today: dt.date, coach_id: int | None = None
) -> list[DashboardRow]:
    """Every client of ``coach_id`` (every client when None) on one list, the most urgent
    first (as :func:`dashboard_page` orders them)."""
    return [_row(r, today) for r in _ranked(db, today, coach_id)]


def _needle(q: str) -> str:
    text = q.strip()
    if len(text) > NAME_QUERY_MAX:
        raise InvalidInputError(
            f"the name search is at most {NAME_QUERY_MAX} characters, not {len(text)}", field="q"
        )
    return text.casefold()


def _shown(r: _Ranked, show: Show) -> bool:
    if show == "all":
        return True
    if show == "attention":
        return r.state == "flagged"
    if show in ("no-program", "on-track"):
        return r.state == show
    return any(f.kind == show for f in r.flags)


def _counts(ranked: list[_Ranked]) -> DashboardCounts:
    from slingcoach.tracking.flags import RANK

    by_kind = dict.fromkeys(RANK, 0)
    states = {"flagged": 0, "no-program": 0, "on-track": 0}
    for r in ranked:
        states[r.state] += 1
        for kind in {f.kind for f in r.flags}:
            by_kind[kind] += 1
    return DashboardCounts(
        clients=len(ranked),
        attention=states["flagged"],
        no_program=states["no-program"],
        on_track=states["on-track"],
        flags=by_kind,
    )


def _ranked(db: Database, today: dt.date, coach_id: int | None) -> list[_Ranked]:
    """Every client of ``coach_id`` with their flags on ``today``, in the dashboard's order."""
    from slingcoach.tracking.flags import RANK, flags_of

    with db.read() as session:
        stored = _stored(session, today, coach_id)
    after_flags = {"no-program": len(RANK), "on-track": len(RANK) + 1}
    out = []
    for slug, name, summary in stored:
        latest = summary.assessment
        activity = summary.activity
        flags = flags_of(
            activity,
            worsened=latest.worsened if latest else (),
            refer=latest.refer if latest else False,
            today=today,
        )
        state: State = (
            "flagged" if flags else "no-program" if activity.program_start is None else "on-track"
        )
        rank = RANK[flags[0].kind] if flags else after_flags[state]  # flags come most urgent first
        out.append(_Ranked(rank, name, slug, state, flags, summary))
    out.sort(key=lambda r: (r.rank, r.name.casefold(), r.slug))
    return out


def _stored(
    session: Session, today: dt.date, coach_id: int | None
) -> list[tuple[str, str, ClientSummary]]:
    """Slug, name and summary of each client of ``coach_id``: one select of the clients and
    their stored summaries; a client without a current one is summed up now."""
    from sqlalchemy import and_, select

    from slingcoach.storage.summaries import VERSION, stored_summary, summaries
    from slingcoach.storage.tables import Client, ClientSummaryRow
    from slingcoach.tracking.flags import MISSED_WINDOW_DAYS

    # the flags and adherence look this far back at the planned sessions, no further
    window = (today - dt.timedelta(days=max(ADHERENCE_DAYS, MISSED_WINDOW_DAYS)), today)
    query = select(
        Client.id, Client.slug, Client.name, ClientSummaryRow.activity, ClientSummaryRow.assessment
    ).outerjoin(
        ClientSummaryRow,
        and_(ClientSummaryRow.client_id == Client.id, ClientSummaryRow.version == VERSION),
    )
    if coach_id is not None:
        query = query.where(Client.coach_id == coach_id)
    rows = session.execute(query).all()
    absent = [r.id for r in rows if r.activity is None]
    summed = summaries(session, absent) if absent else {}
    return [
        (
            r.slug,
            r.name,
            summed[r.id]
            if r.activity is None
            else stored_summary(r.activity, r.assessment, planned_between=window),
        )
        for r in rows
    ]


def _row(r: _Ranked, today: dt.date) -> DashboardRow:
    from slingcoach.tracking.flags import due_sessions

    latest = r.summary.assessment
    activity = r.summary.activity
    done, due = due_sessions(activity, today, ADHERENCE_DAYS)
    return DashboardRow(
        client=r.slug,
        name=r.name,
        state=r.state,
        flags=[FlagOut(kind=f.kind, text=f.text) for f in r.flags],
        findings=[
            FindingBrief(
                sling=f.sling,
                side=f.side,
                severity=f.severity,
                text=f"{f.side} {f.sling.replace('-', ' ')} sling: {f.severity}",
            )
            for f in (latest.findings if latest else ())
        ],
        assessed_on=latest.assessed_on if latest else None,
        refer=latest.refer if latest else False,
        program_start=activity.program_start,
        sessions_planned=due,
        sessions_done=done,
        adherence_pct=round(100 * done / due, 1) if due else None,
        last_logged_on=activity.last_logged_on,
    )
