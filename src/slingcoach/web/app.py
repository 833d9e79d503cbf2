"""Build the web application: ``create_app(settings, db=...)``.

``app.state`` holds ``settings`` (:class:`~slingcoach.web.settings.WebSettings`), ``db``
(:class:`~slingcoach.storage.database.Database`), ``mailer`` and ``clock`` (a function
returning the aware UTC time; tests replace it to move time). While the app runs, a
:class:`~slingcoach.web.worker.JobWorker` thread sends the queued mail (unless
``SLINGCOACH_JOBS_IN_APP=false``: then ``slingcoach worker`` does). Routers come from
``ROUTERS`` in :mod:`slingcoach.web.routes`.

Errors are translated here, once: not found → 404, conflict → 409, invalid input → 422
(JSON ``{"detail": [...]}`` under ``/api/``, an error page elsewhere; forms that can show
messages beside their fields catch the error themselves), forbidden → 403, CSRF → 403,
not signed in → 401 on the API and a redirect to ``/login`` on pages, too many attempts →
429, the database busy (no free connection in the pool timeout) → 503 with ``Retry-After``.
Anything else is a 500 with an error id, logged with its traceback server side only.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from slingcoach.errors import (
    AuthenticationError,
    ConflictError,
    DatabaseBusyError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    RateLimitedError,
    SlingcoachError,
    UnknownIdError,
)
from slingcoach.web.deps import LoginRequired
from slingcoach.web.forms import error_details
from slingcoach.web.security import SECURITY_HEADERS, CSRFError, csrf_protect

if TYPE_CHECKING:
    from slingcoach.storage.database import Database
    from slingcoach.web.settings import WebSettings

log = logging.getLogger("slingcoach.web")

STATIC = Path(__file__).parent / "static"
API_PREFIX = "/api/"
GZIP_MIN_BYTES = 500
"""Smallest response compressed (Starlette's default; below it gzip's overhead eats the gain)."""
SERVER_ERROR = "something went wrong on our side; the error was logged"
"""The fixed message of a 500 (followed by the error id)."""
BUSY = "the server is busy right now; please try again in a moment"
"""The fixed message of a 503 (every database connection in use for the pool timeout)."""


def create_app(settings: WebSettings | None = None, *, db: Database | None = None) -> FastAPI:
    """The web application for ``settings`` (read from the environment when ``None``) and
    ``db`` (opened from ``settings.database_url`` when ``None``; the app then closes it)."""
    from slingcoach.storage.database import Database
    from slingcoach.web.mail import mailer_from
    from slingcoach.web.pages import templates
    from slingcoach.web.routes import ROUTERS
    from slingcoach.web.settings import WebSettings

    settings = settings if settings is not None else WebSettings()
    owns_db = db is None
    database = db if db is not None else Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.jobs_in_app:
            from slingcoach.web.worker import JobWorker

            worker = JobWorker(
                database,
                app.state.mailer,
                clock=lambda: app.state.clock(),
                poll_s=settings.job_poll_s,
            )
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            if owns_db:
                database.close()

    app = FastAPI(
        lifespan=lifespan,
        title="slingcoach",
        summary="Coaching web app: clients, assessments, programs, logs, messages, bookings.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the OpenAPI document is enough
        redoc_url=None,
        dependencies=[Depends(csrf_protect)],
    )
    app.state.settings = settings
    app.state.db = database
    app.state.mailer = mailer_from(settings)
    app.state.clock = _utc_now
    # templates are read once; only development looks for edited files on every render
    templates().env.auto_reload = settings.env == "development"

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    # pages, JSON and static files over 500 bytes go gzipped to browsers that accept it
    # (a phone on a slow connection); smaller ones gain less than the header costs
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
    return app


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SecurityHeaders:
    """Adds :data:`~slingcoach.web.security.SECURITY_HEADERS` to every response, and
    ``Cache-Control: no-store`` to everything but static files (pages show private data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request) -> bool:
    """API requests get JSON errors; pages get an HTML error page."""
    return request.url.path.startswith(API_PREFIX) or request.url.path == "/api"


def error_response(
    request: Request, status: int, message: str, *, details: list[dict[str, Any]] | None = None
) -> Response:
    """A JSON error under /api/, else the error page."""
    if wants_json(request):
        return JSONResponse({"detail": details if details is not None else message}, status)
    from slingcoach.web.pages import render

    return render(
        request,
        "errors/error.html",
        {"status": status, "message": message, "details": details or []},
        status_code=status,
    )


Handler = Callable[[Request, Any], Awaitable[Response]]


def _add_error_handlers(app: FastAPI) -> None:
    def handles(*kinds: type[Exception]) -> Callable[[Handler], Handler]:
        def register(func: Handler) -> Handler:
            for kind in kinds:
                app.add_exception_handler(kind, func)
            return func

        return register

    @handles(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": str(exc)}, 401, headers={"WWW-Authenticate": "Cookie"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        url = f"/login?next={quote(target, safe='/')}"
        response = RedirectResponse(url, status_code=303)
        if request.headers.get("HX-Request") == "true":
            response.headers["HX-Redirect"] = url
        return response

    @handles(CSRFError, ForbiddenError)
    async def _forbidden(request: Request, exc: Exception) -> Response:
        return error_response(request, 403, str(exc))

    @handles(NotFoundError, UnknownIdError)
    async def _not_found(request: Request, exc: Exception) -> Response:
        return error_response(request, 404, str(exc))

    @handles(ConflictError)
    async def _conflict(request: Request, exc: Exception) -> Response:
        return error_response(request, 409, str(exc))

    @handles(AuthenticationError)
    async def _unauthenticated(request: Request, exc: Exception) -> Response:
        return error_response(request, 401, str(exc))

    @handles(RateLimitedError)
    async def _rate_limited(request: Request, exc: RateLimitedError) -> Response:
        response = error_response(request, 429, str(exc))
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    @handles(DatabaseBusyError)
    async def _busy(request: Request, exc: DatabaseBusyError) -> Response:
        # overloaded for now, not broken: say when to come back (RFC 9110 section 15.6.4)
        log.warning("database busy on %s %s: %s", request.method, request.url.path, exc)
        if not hasattr(request.state, "auth"):
            # the session could not be read: the error page must not wait for it again
            request.state.auth = None
        response = error_response(request, 503, BUSY)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    @handles(RequestValidationError, ValidationError, InvalidInputError)
    async def _invalid(request: Request, exc: Exception) -> Response:
        details = error_details(exc)
        if wants_json(request):
            return JSONResponse({"detail": details}, 422)
        first = details[0]["msg"] if details else "invalid input"
        return error_response(request, 422, f"the request cannot be used: {first}", details=details)

    @handles(SlingcoachError)
    async def _domain(request: Request, exc: SlingcoachError) -> Response:
        # Any other deliberate error (a referral, an infeasible plan, an analysis that
        # found nothing) is a problem with what was asked, not a server fault.
        return error_response(request, 422, str(exc), details=error_details(exc))

    @handles(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = "there is no page at this address"
        response = error_response(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @handles(Exception)
    async def _server_error(request: Request, exc: Exception) -> Response:
        error_id = secrets.token_hex(6)
        log.error("error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
        message = f"{SERVER_ERROR} (error id {error_id})"
        if wants_json(request):
            return JSONResponse({"detail": message, "error_id": error_id}, 500)
        try:
            return error_response(request, 500, message)
        except Exception:  # the error page itself failed: plain text, still no traceback
            return Response(message, 500, media_type="text/plain")
