"""Signing in and out: the login form, logout, the home redirect by role, and /api/session."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from slingcoach.app import accounts
from slingcoach.app.accounts import Principal
from slingcoach.errors import AuthenticationError, RateLimitedError
from slingcoach.web.deps import DbDep, optional_principal
from slingcoach.web.pages import redirect, render, safe_next
from slingcoach.web.security import (
    SESSION_COOKIE,
    clear_session_cookie,
    csrf_token,
    remember_anonymous_token,
    set_session_cookie,
    settings_of,
)

router = APIRouter()

HOME = {"coach": "/coach/", "client": "/me/today"}
"""Where each role lands after signing in."""


def home_of(principal: Principal) -> str:
    """The first page of a role."""
    return HOME[principal.role]


def client_ip(request: Request) -> str:
    """The caller's address (uvicorn's --proxy-headers puts the forwarded one here)."""
    return request.client.host if request.client is not None else "unknown"


@router.get("/", include_in_schema=False)
def home(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Response:
    """Coaches go to their dashboard, clients to today's session, others to the login form."""
    if principal is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(home_of(principal), status_code=303)


@router.get("/login", include_in_schema=False)
def login_form(
    request: Request,
    principal: Annotated[Principal | None, Depends(optional_principal)],
    next: str | None = None,
) -> Response:
    """The sign-in form (a signed-in user is sent on)."""
    if principal is not None:
        return RedirectResponse(safe_next(next, home_of(principal)), status_code=303)
    return render(request, "auth/login.html", {"next": safe_next(next, ""), "email": ""})


def _sign_in(request: Request, db: DbDep, email: str, password: str) -> accounts.SignedIn:
    settings = settings_of(request)
    now = request.app.state.clock()
    principal = accounts.authenticate(db, email, password, ip=client_ip(request), now=now)
    return accounts.start_session(db, principal.user_id, hours=settings.session_hours, now=now)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    db: DbDep,
    email: Annotated[str, Form(max_length=400)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the e-mail and password; on success open a session and go on."""
    try:
        signed = _sign_in(request, db, email, password)
    except (AuthenticationError, RateLimitedError) as exc:
        status = 429 if isinstance(exc, RateLimitedError) else 401
        response = render(
            request,
            "auth/login.html",
            {"next": safe_next(next, ""), "email": email, "error": str(exc)},
            status_code=status,
        )
        if isinstance(exc, RateLimitedError):
            response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    moved = redirect(request, safe_next(next, home_of(signed.principal)))
    max_age = int(settings_of(request).session_hours * 3600)
    set_session_cookie(request, moved, signed.token, max_age)
    return moved


@router.post("/logout", include_in_schema=False)
def logout(request: Request, db: DbDep) -> Response:
    """End this browser's session."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(db, token)
    response = redirect(request, "/login", flash="You are signed out.", kind="info")
    clear_session_cookie(request, response)
    return response


# --- JSON API ---------------------------------------------------------------------------


class SessionPublic(BaseModel):
    """Who is signed in, and the token to send as ``X-CSRF-Token`` with writes."""

    signed_in: bool
    csrf_token: str
    user: dict[str, str | int | None] | None = None


class LoginRequest(BaseModel):
    """The JSON body of ``POST /api/session``."""

    email: str = Field(max_length=400)
    password: str = Field(max_length=1000)


def _public(principal: Principal | None, token: str) -> SessionPublic:
    user = None
    if principal is not None:
        user = {
            "email": principal.email,
            "name": principal.name,
            "role": principal.role,
            "timezone": principal.timezone,
        }
    return SessionPublic(signed_in=principal is not None, csrf_token=token, user=user)


@router.get("/api/session", response_model=SessionPublic, tags=["session"])
def session_info(
    request: Request, principal: Annotated[Principal | None, Depends(optional_principal)]
) -> Response:
    """Who is signed in and the CSRF token (for signing in, a pre-login token in a cookie)."""
    body = _public(principal, csrf_token(request))
    response = JSONResponse(body.model_dump())
    remember_anonymous_token(request, response)
    return response


@router.post(
    "/api/session",
    response_model=SessionPublic,
    tags=["session"],
    responses={
        401: {"description": "wrong e-mail or password"},
        429: {"description": "too many failed logins"},
    },
)
def api_login(request: Request, body: LoginRequest, db: DbDep) -> Response:
    """Sign in (send the pre-login CSRF token from ``GET /api/session`` as ``X-CSRF-Token``)."""
    signed = _sign_in(request, db, body.email, body.password)
    response = JSONResponse(_public(signed.principal, signed.csrf_token).model_dump())
    max_age = int(settings_of(request).session_hours * 3600)
    set_session_cookie(request, response, signed.token, max_age)
    return response


@router.delete("/api/session", status_code=204, tags=["session"])
def api_logout(request: Request, db: DbDep) -> Response:
    """Sign out this session."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(db, token)
    response = Response(status_code=204)
    clear_session_cookie(request, response)
    return response
