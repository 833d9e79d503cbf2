"""Messages between a client and their coach: pages and API (issue 15, "Messages").

Pages: ``/me/messages`` (the client's thread), ``/coach/messages`` (the coach's inbox),
``/coach/clients/{slug}/messages`` (one client's thread). API twins under ``/api/``.
Opening a thread marks the other side's messages read; sending mails a notice to the other
side (see :mod:`slingcoach.app.messages`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from slingcoach.app import messages as app_messages
from slingcoach.app.messages import MessageCreate, MessageOut, Role, Thread, UnreadCount
from slingcoach.web.deps import ClientDep, CoachDep, DbDep, OwnedClientDep
from slingcoach.web.forms import errors_from
from slingcoach.web.pages import redirect, render, templates
from slingcoach.web.security import settings_of

router = APIRouter()

Before = Annotated[
    int | None,
    Query(ge=1, le=2**31 - 1, description="the ``older`` cursor of a page: the messages before it"),
]
Limit = Annotated[int, Query(ge=1, le=app_messages.PAGE_MAX, description="messages per page")]


def unread_messages(request: Request) -> int:
    """For the nav (a Jinja global): unread messages of whoever is signed in."""
    from slingcoach.web.security import session_state

    state = session_state(request)
    if state is None:
        return 0
    principal = state.principal
    db = request.app.state.db
    if principal.role == "client" and principal.client_id is not None:
        return app_messages.unread_for_client(db, principal.client_id)
    if principal.role == "coach" and principal.coach_id is not None:
        return sum(c.unread for c in app_messages.unread_for_coach(db, principal.coach_id))
    return 0


templates().env.globals["unread_messages"] = unread_messages


def _send(
    request: Request, db: DbDep, slug: str, body: str, sender: Role
) -> app_messages.SentMessage:
    sent = app_messages.send_message(
        db,
        slug,
        MessageCreate(body=body),
        sender=sender,
        now=request.app.state.clock(),
        base_url=str(settings_of(request).base_url).rstrip("/"),
    )
    return sent


def _thread_page(
    request: Request,
    thread: Thread,
    *,
    viewer: Role,
    action: str,
    body: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "messages/thread.html",
        {
            "thread": thread,
            "viewer": viewer,
            "action": action,
            "body": body,
            "errors": errors,
            "zone": _viewer_zone(request),
        },
        status_code=status_code,
    )


def _viewer_zone(request: Request) -> dt.tzinfo:
    from slingcoach.booking.model import zone_of
    from slingcoach.web.security import session_state

    state = session_state(request)
    try:
        return zone_of(state.principal.timezone) if state is not None else dt.UTC
    except ValueError:
        return dt.UTC


# ------------------------------------------------------------------ client pages


@router.get("/me/messages", include_in_schema=False)
def my_thread(request: Request, db: DbDep, principal: ClientDep, before: Before = None) -> Response:
    """The client's thread with their coach (the newest page marks the coach's messages read;
    ``?before=`` shows older ones)."""
    thread = app_messages.read_thread(
        db,
        _slug_of(db, principal.client_id),
        reader="client",
        now=request.app.state.clock(),
        before=before,
    )
    return _thread_page(request, thread, viewer="client", action="/me/messages")


@router.post("/me/messages", include_in_schema=False)
def my_send(
    request: Request,
    db: DbDep,
    principal: ClientDep,
    body: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Send a message to the coach."""
    slug = _slug_of(db, principal.client_id)
    try:
        _send(request, db, slug, body, "client")
    except ValidationError as exc:
        thread = app_messages.read_thread(
            db, slug, reader="client", now=request.app.state.clock(), mark_read=False
        )
        return _thread_page(
            request,
            thread,
            viewer="client",
            action="/me/messages",
            body=body,
            errors=errors_from(exc),
            status_code=422,
        )
    return redirect(request, "/me/messages#latest", flash="Message sent.")


# ------------------------------------------------------------------ coach pages


@router.get("/coach/messages", include_in_schema=False)
def coach_inbox(request: Request, db: DbDep, principal: CoachDep) -> Response:
    """The coach's clients with unread messages, then every client's thread link."""
    from slingcoach.app.messages import threads_of_coach

    assert principal.coach_id is not None
    threads = threads_of_coach(db, principal.coach_id)
    return render(request, "messages/inbox.html", {"threads": threads})


@router.get("/coach/clients/{slug}/messages", include_in_schema=False)
def coach_thread(
    request: Request, db: DbDep, client: OwnedClientDep, before: Before = None
) -> Response:
    """One client's thread (the newest page marks the client's messages read; ``?before=``
    shows older ones)."""
    thread = app_messages.read_thread(
        db, client.slug, reader="coach", now=request.app.state.clock(), before=before
    )
    return _thread_page(
        request, thread, viewer="coach", action=f"/coach/clients/{client.slug}/messages"
    )


@router.post("/coach/clients/{slug}/messages", include_in_schema=False)
def coach_send(
    request: Request,
    db: DbDep,
    client: OwnedClientDep,
    body: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Send a message to the client."""
    action = f"/coach/clients/{client.slug}/messages"
    try:
        _send(request, db, client.slug, body, "coach")
    except ValidationError as exc:
        thread = app_messages.read_thread(
            db, client.slug, reader="coach", now=request.app.state.clock(), mark_read=False
        )
        return _thread_page(
            request,
            thread,
            viewer="coach",
            action=action,
            body=body,
            errors=errors_from(exc),
            status_code=422,
        )
    return redirect(request, f"{action}#latest", flash="Message sent.")


# ------------------------------------------------------------------ API


@router.get("/api/me/messages", response_model=Thread, tags=["messages"])
def api_my_thread(
    request: Request,
    db: DbDep,
    principal: ClientDep,
    before: Before = None,
    limit: Limit = app_messages.PAGE,
) -> Thread:
    """A page of the client's thread, oldest first: the newest (marks the coach's messages
    read), or with ``before`` the page before that message (``older`` is the next cursor)."""
    return app_messages.read_thread(
        db,
        _slug_of(db, principal.client_id),
        reader="client",
        now=request.app.state.clock(),
        before=before,
        limit=limit,
    )


@router.post("/api/me/messages", response_model=MessageOut, status_code=201, tags=["messages"])
def api_my_send(
    request: Request, db: DbDep, principal: ClientDep, message: MessageCreate
) -> MessageOut:
    """Send a message to the coach."""
    return _send(request, db, _slug_of(db, principal.client_id), message.body, "client").message


@router.get("/api/me/messages/unread", tags=["messages"])
def api_my_unread(db: DbDep, principal: ClientDep) -> dict[str, int]:
    """How many of the coach's messages the client has not read."""
    assert principal.client_id is not None
    return {"unread": app_messages.unread_for_client(db, principal.client_id)}


@router.get("/api/clients/{slug}/messages", response_model=Thread, tags=["messages"])
def api_coach_thread(
    request: Request,
    db: DbDep,
    client: OwnedClientDep,
    before: Before = None,
    limit: Limit = app_messages.PAGE,
) -> Thread:
    """A page of a client's thread, oldest first: the newest (marks the client's messages
    read), or with ``before`` the page before that message (``older`` is the next cursor)."""
    return app_messages.read_thread(
        db,
        client.slug,
        reader="coach",
        now=request.app.state.clock(),
        before=before,
        limit=limit,
    )


@router.post(
    "/api/clients/{slug}/messages", response_model=MessageOut, status_code=201, tags=["messages"]
)
def api_coach_send(
    request: Request, db: DbDep, client: OwnedClientDep, message: MessageCreate
) -> MessageOut:
    """Send a message to the client."""
    return _send(request, db, client.slug, message.body, "coach").message


@router.get("/api/coach/messages/unread", response_model=list[UnreadCount], tags=["messages"])
def api_coach_unread(db: DbDep, principal: CoachDep) -> list[UnreadCount]:
    """Unread messages per client of the coach."""
    assert principal.coach_id is not None
    return app_messages.unread_for_coach(db, principal.coach_id)


def _slug_of(db: DbDep, client_id: int | None) -> str:
    from slingcoach.storage.tables import Client

    with db.read() as session:
        client = session.get(Client, client_id) if client_id is not None else None
        if client is None:
            from slingcoach.errors import NotFoundError

            raise NotFoundError("no client record for this account")
        return client.slug
