"""Use cases for messages: one thread per client with their coach (one transaction each).

Each message is from the coach or the client; ``read_at`` is set when the other side opens
the thread. A new message mails a notice to the other side when it is the first one they
have not read yet (later ones wait until they have read it: one mail per unread stretch,
not one per message).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from slingcoach.app._text import plain_text
from slingcoach.app._time import utc_now
from slingcoach.app.jobs import enqueue_mail
from slingcoach.app.mailing import Mail
from slingcoach.errors import InvalidInputError

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import Client, MessageRow

Role = Literal["coach", "client"]

BODY_MAX = 5000
"""Longest message, in characters (our convention: a long e-mail)."""
PAGE = 50
"""Messages one page of a thread shows: the newest, or those before a cursor (our convention:
a screenful or two on a phone; "older" loads the next page)."""
PAGE_MAX = 200
"""The most messages one request may ask for."""
NOTICE_EXCERPT = 500
"""Characters of the message quoted in the e-mail notice."""


class MessageCreate(BaseModel):
    """A message to send."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    body: str = Field(min_length=1, max_length=BODY_MAX)

    @field_validator("body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = plain_text(value).strip()
        if not value:
            raise ValueError("the message is empty")
        return value


class MessageOut(BaseModel):
    """One message of a thread."""

    model_config = ConfigDict(frozen=True)

    id: int
    sender: Role
    body: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class Thread(BaseModel):
    """A client's thread with their coach, oldest first, as one side sees it."""

    model_config = ConfigDict(frozen=True)

    client: str
    client_name: str
    coach_name: str
    messages: list[MessageOut]
    unread: int = Field(description="messages from the other side not read before this view")
    earlier: int = Field(description="older messages not shown")
    older: int | None = Field(
        default=None,
        description="the cursor of the next older page (pass it as ``before``); null at the start",
    )


class SentMessage(BaseModel):
    """A stored message and the notice to the other side queued with it (if any)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    message: MessageOut
    mail: Mail | None


class UnreadCount(BaseModel):
    """Unread messages from one client, for the coach's nav and dashboard."""

    model_config = ConfigDict(frozen=True)

    client: str
    client_name: str
    unread: int


def send_message(
    db: Database,
    client_ref: str,
    message: MessageCreate,
    *,
    sender: Role,
    now: dt.datetime | None = None,
    base_url: str = "",
) -> SentMessage:
    """Add a message to the client's thread, from the coach or the client.

    ``base_url`` (the web app's address) makes the link in the e-mail notice.
    """
    from sqlalchemy import func, select

    from slingcoach.app.clients import find_client
    from slingcoach.app.contacts import client_contact, coach_contact
    from slingcoach.storage.tables import MessageRow

    when = utc_now(now)
    with db.write() as session:
        client = find_client(session, client_ref)
        coach_id = _coach_of(client)
        waiting = session.scalar(
            select(func.count())
            .select_from(MessageRow)
            .where(
                MessageRow.client_id == client.id,
                MessageRow.sender == sender,
                MessageRow.read_at.is_(None),
            )
        )
        row = MessageRow(
            client_id=client.id, sender=sender, body=message.body, created_at=when, read_at=None
        )
        session.add(row)
        session.flush()
        out = _out(row)
        mail = None
        if not waiting:
            if sender == "client":
                to = coach_contact(session, coach_id, default_timezone="UTC")
                frm = client_contact(session, client.id, default_timezone="UTC")
                link = f"{base_url}/coach/clients/{client.slug}/messages"
            else:
                to = client_contact(session, client.id, default_timezone="UTC")
                frm = coach_contact(session, coach_id, default_timezone="UTC")
                link = f"{base_url}/me/messages"
            if to.email:
                excerpt = message.body[:NOTICE_EXCERPT]
                if len(message.body) > NOTICE_EXCERPT:
                    excerpt += " …"
                quoted = "\n".join(f"> {line}" for line in excerpt.splitlines())
                mail = Mail(
                    to=to.email,
                    subject=f"New message from {frm.name}",
                    text=f"{frm.name} wrote:\n\n{quoted}\n\nRead and reply: {link}\n",
                )
                enqueue_mail(session, mail, now=when)
    return SentMessage(message=out, mail=mail)


def read_thread(
    db: Database,
    client_ref: str,
    *,
    reader: Role,
    now: dt.datetime | None = None,
    mark_read: bool = True,
    before: int | None = None,
    limit: int = PAGE,
) -> Thread:
    """A page of the client's thread as ``reader`` sees it, oldest first: the newest
    ``limit`` messages, or with ``before`` (a message id, the ``older`` cursor of the page
    after) the ``limit`` messages before that one. Reading the newest page marks the other
    side's messages read.

    Pages are cut by keyset ``(created_at, id)``, so a message that arrives while someone
    pages back shifts nothing (no message shown twice or skipped, as with offsets).

    Raises
    ------
    InvalidInputError
        ``limit`` outside 1 to :data:`PAGE_MAX`.
    NotFoundError
        ``before`` is not a message of this thread.
    """
    from sqlalchemy import func, select, update

    from slingcoach.app.clients import find_client
    from slingcoach.errors import NotFoundError
    from slingcoach.storage.tables import Coach, MessageRow

    if not 1 <= limit <= PAGE_MAX:
        raise InvalidInputError(f"give 1 to {PAGE_MAX} messages, not {limit}", location="limit")
    when = utc_now(now)
    other = "client" if reader == "coach" else "coach"
    with db.write() as session:
        client = find_client(session, client_ref)
        coach = session.get(Coach, _coach_of(client))
        mine = MessageRow.client_id == client.id
        query = select(MessageRow).where(mine)
        if before is not None:
            cursor = session.scalar(select(MessageRow).where(mine, MessageRow.id == before))
            if cursor is None:
                raise NotFoundError(f"no message {before} in this thread")
            query = query.where(_older_than(cursor.created_at, cursor.id))
        rows = list(
            session.scalars(
                query.order_by(MessageRow.created_at.desc(), MessageRow.id.desc()).limit(limit)
            )
        )
        rows.reverse()
        earlier = 0
        if rows:
            earlier = int(
                session.scalar(
                    select(func.count())
                    .select_from(MessageRow)
                    .where(mine, _older_than(rows[0].created_at, rows[0].id))
                )
                or 0
            )
        messages = [_out(r) for r in rows]
        unread = sum(1 for r in rows if r.sender == other and r.read_at is None)
        if mark_read and before is None and unread:
            session.execute(
                update(MessageRow)
                .where(mine, MessageRow.sender == other, MessageRow.read_at.is_(None))
                .values(read_at=when)
            )
        return Thread(
            client=client.slug,
            client_name=client.name,
            coach_name=coach.name if coach is not None else "",
            messages=messages,
            unread=unread,
            earlier=earlier,
            older=rows[0].id if earlier else None,
        )


def _older_than(created_at: dt.datetime, message_id: int) -> ColumnElement[bool]:
    """Messages before ``(created_at, message_id)`` in thread order."""
    from sqlalchemy import and_, or_

    from slingcoach.storage.tables import MessageRow

    return or_(
        MessageRow.created_at < created_at,
        and_(MessageRow.created_at == created_at, MessageRow.id < message_id),
    )


def unread_for_client(db: Database, client_id: int) -> int:
    """Messages from the coach the client has not read."""
    from sqlalchemy import func, select

    from slingcoach.storage.tables import MessageRow

    with db.read() as session:
        count = session.scalar(
            select(func.count())
            .select_from(MessageRow)
            .where(
                MessageRow.client_id == client_id,
                MessageRow.sender == "coach",
                MessageRow.read_at.is_(None),
            )
        )
    return int(count or 0)


def unread_for_coach(db: Database, coach_id: int) -> list[UnreadCount]:
    """Per client of the coach with unread messages from them: how many, by client name."""
    from sqlalchemy import func, select

    from slingcoach.storage.tables import Client, MessageRow

    with db.read() as session:
        rows = session.execute(
            select(Client.slug, Client.name, func.count(MessageRow.id))
            .join(MessageRow, MessageRow.client_id == Client.id)
            .where(
                Client.coach_id == coach_id,
                MessageRow.sender == "client",
                MessageRow.read_at.is_(None),
            )
            .group_by(Client.id, Client.slug, Client.name)
            .order_by(Client.name, Client.slug)
        ).all()
    return [UnreadCount(client=s, client_name=n, unread=int(c)) for s, n, c in rows]


class ThreadSummary(BaseModel):
    """One client's thread in the coach's inbox."""

    model_config = ConfigDict(frozen=True)

    client: str
    client_name: str
    unread: int
    last_at: dt.datetime | None
    last_sender: Role | None
    last_body: str | None


def threads_of_coach(db: Database, coach_id: int) -> list[ThreadSummary]:
    """Every client of the coach with their thread's unread count and last message: those
    with unread messages first, then by the newest message, then clients without messages."""
    from sqlalchemy import func, select

    from slingcoach.storage.tables import Client, MessageRow

    with db.read() as session:
        clients = session.execute(
            select(Client.id, Client.slug, Client.name).where(Client.coach_id == coach_id)
        ).all()
        ids = [c.id for c in clients]
        unread = dict(
            session.execute(
                select(MessageRow.client_id, func.count())
                .where(
                    MessageRow.client_id.in_(ids),
                    MessageRow.sender == "client",
                    MessageRow.read_at.is_(None),
                )
                .group_by(MessageRow.client_id)
            ).all()
        )
        newest = (
            select(MessageRow.client_id, func.max(MessageRow.id).label("last_id"))
            .where(MessageRow.client_id.in_(ids))
            .group_by(MessageRow.client_id)
            .subquery()
        )
        last = {
            row.client_id: (row.created_at, row.sender, row.body)
            for row in session.scalars(
                select(MessageRow).join(newest, MessageRow.id == newest.c.last_id)
            )
        }
    out = []
    for c in clients:
        at, sender, body = last.get(c.id, (None, None, None))
        out.append(
            ThreadSummary(
                client=c.slug,
                client_name=c.name,
                unread=int(unread.get(c.id, 0)),
                last_at=at,
                last_sender="coach" if sender == "coach" else "client" if sender else None,
                last_body=body,
            )
        )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    out.sort(key=lambda t: (t.client_name, t.client))
    out.sort(key=lambda t: t.last_at or epoch, reverse=True)
    out.sort(key=lambda t: t.unread == 0)
    return out


def _coach_of(client: Client) -> int:
    if client.coach_id is None:
        raise InvalidInputError(f"{client.name} has no coach to message", source="client")
    return client.coach_id


def _out(row: MessageRow) -> MessageOut:
    return MessageOut(
        id=row.id,
        sender="coach" if row.sender == "coach" else "client",
        body=row.body,
        created_at=row.created_at,
        read_at=row.read_at,
    )


__all__ = [
    "MessageCreate",
    "MessageOut",
    "SentMessage",
    "Thread",
    "ThreadSummary",
    "UnreadCount",
    "read_thread",
    "send_message",
    "threads_of_coach",
    "unread_for_client",
    "unread_for_coach",
]
