"""Dependencies of the routes: the database, who is signed in, and what they may see.

Pages redirect an anonymous visitor to ``/login?next=…``; ``/api/`` answers 401 JSON. A
signed-in user of the wrong role gets 403. A coach asking for a client who is not theirs
gets 404, exactly as for a client who does not exist, so ids cannot be probed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from slingcoach.app.accounts import Principal
from slingcoach.errors import ForbiddenError, NotFoundError
from slingcoach.storage.database import Database
from slingcoach.storage.tables import Client
from slingcoach.web.security import session_state

__all__ = [
    "ClientDep",
    "CoachDep",
    "DbDep",
    "LoginRequired",
    "OwnedClientDep",
    "Principal",
    "PrincipalDep",
    "current_principal",
    "get_db",
    "owned_client",
    "require_client",
    "require_coach",
]

NOT_SIGNED_IN = "sign in first"
"""The fixed 401 message of the API (tests assert it)."""
COACHES_ONLY = "only a coach can open this page"
CLIENTS_ONLY = "only a client can open this page"


class LoginRequired(Exception):
    """Nobody is signed in: a page redirects to the login form, the API answers 401."""


def get_db(request: Request) -> Database:
    """The app's :class:`~slingcoach.storage.database.Database`."""
    db: Database = request.app.state.db
    return db


def current_principal(request: Request) -> Principal:
    """Who is signed in, or :class:`LoginRequired`."""
    state = session_state(request)
    if state is None:
        raise LoginRequired(NOT_SIGNED_IN)
    return state.principal


def optional_principal(request: Request) -> Principal | None:
    """Who is signed in, or ``None`` (for pages anyone may see)."""
    state = session_state(request)
    return state.principal if state is not None else None


def require_coach(principal: Principal = Depends(current_principal)) -> Principal:
    """A signed-in coach, else 403 (401/redirect for nobody)."""
    if principal.role != "coach" or principal.coach_id is None:
        raise ForbiddenError(COACHES_ONLY)
    return principal


def require_client(principal: Principal = Depends(current_principal)) -> Principal:
    """A signed-in client, else 403 (401/redirect for nobody)."""
    if principal.role != "client" or principal.client_id is None:
        raise ForbiddenError(CLIENTS_ONLY)
    return principal


def owned_client(
    slug: str,
    principal: Principal = Depends(require_coach),
    db: Database = Depends(get_db),
) -> Client:
    """The signed-in coach's client ``slug``; another coach's client is 404 like a missing one."""
    from sqlalchemy import select

    with db.read() as session:
        client = session.scalar(
            select(Client).where(Client.slug == slug, Client.coach_id == principal.coach_id)
        )
        if client is not None:
            session.expunge(client)  # keep its loaded columns readable after the read ends
    if client is None:
        raise NotFoundError(f"no client {slug!r}")
    return client


DbDep = Annotated[Database, Depends(get_db)]
OwnedClientDep = Annotated[Client, Depends(owned_client)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]
CoachDep = Annotated[Principal, Depends(require_coach)]
ClientDep = Annotated[Principal, Depends(require_client)]
