"""The coach's dashboard: every client with their flags, latest findings and adherence.

Two queries whatever the number of clients: the coach's clients, then their summaries
(:mod:`slingcoach.storage.summaries`: one small row per client, kept up to date by every
write), never a log entry or a program or assessment document. The flags come from the pure
:func:`slingcoach.tracking.flags.flags_of`, as the client's progress page gives them.

A client without a program is not "silent" (there is nothing to log yet): their row says
``no-program``, and they come after the flagged clients and before those on track.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from slingcoach.app.progress import FlagOut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.storage.database import Database
    from slingcoach.storage.summaries import ClientSummary

ADHERENCE_DAYS = 28
"""Adherence is sessions done against planned over the last four weeks (our convention)."""

State = Literal["flagged", "no-program", "on-track"]
"""Where a client stands: flagged, without a program yet, or on track (no flag)."""


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


def coach_dashboard(
    db: Database, *, today: dt.date, coach_id: int | None = None
) -> list[DashboardRow]:
    """Every client of ``coach_id`` (every client when None), the most urgent first.

    Clients with a red flag come first, then worsening asymmetry, rising pain, missed
    sessions and silence; then clients without a program yet; then those on track, each
    group by name.
    """
    from slingcoach.storage.summaries import summaries
    from slingcoach.tracking.flags import RANK

    with db.read() as session:
        clients = _clients(session, coach_id)
        if not clients:
            return []
        summary = summaries(session, list(clients))
    rows = [
        _row(slug, name, summary[client_id], today) for client_id, (slug, name) in clients.items()
    ]
    after_flags = {"no-program": len(RANK), "on-track": len(RANK) + 1}
    return sorted(
        rows,
        key=lambda r: (
            min((RANK[f.kind] for f in r.flags), default=after_flags.get(r.state, 0)),
            r.name,
            r.client,
        ),
    )


def _row(slug: str, name: str, summary: ClientSummary, today: dt.date) -> DashboardRow:
    from slingcoach.tracking.flags import due_sessions, flags_of

    latest = summary.assessment
    activity = summary.activity
    flags = flags_of(
        activity,
        worsened=latest.worsened if latest else (),
        refer=latest.refer if latest else False,
        today=today,
    )
    done, due = due_sessions(activity, today, ADHERENCE_DAYS)
    state: State = (
        "flagged" if flags else "no-program" if activity.program_start is None else "on-track"
    )
    return DashboardRow(
        client=slug,
        name=name,
        state=state,
        flags=[FlagOut(kind=f.kind, text=f.text) for f in flags],
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


def _clients(session: Session, coach_id: int | None) -> dict[int, tuple[str, str]]:
    from sqlalchemy import select

    from slingcoach.storage.tables import Client

    query = select(Client.id, Client.slug, Client.name).order_by(Client.slug)
    if coach_id is not None:
        query = query.where(Client.coach_id == coach_id)
    return {r.id: (r.slug, r.name) for r in session.execute(query)}
