"""Server-rendered pages: :func:`render` a Jinja template, :func:`redirect` with a message.

Every page gets ``principal`` (who is signed in, or ``None``), ``csrf_token`` (for forms and
the ``<meta name="csrf-token">`` that app.js sends as ``X-CSRF-Token`` on htmx requests) and
``flashes`` (messages left by the previous request, kept in a signed cookie so that any
worker can show them).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from slingcoach.web.security import (
    csrf_token,
    is_secure,
    remember_anonymous_token,
    session_state,
    settings_of,
)

if TYPE_CHECKING:
    from starlette.responses import Response

TEMPLATES = Path(__file__).parent / "templates"
FLASH_COOKIE = "sc_flash"
FlashKind = Literal["success", "info", "warning", "error"]


@cache
def templates() -> Jinja2Templates:
    """The templates of ``web/templates`` (autoescaped HTML)."""
    return Jinja2Templates(directory=str(TEMPLATES))


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """The page ``template`` with ``context`` plus ``principal``, ``csrf_token``, ``flashes``."""
    state = session_state(request)
    flashes = _read_flashes(request)
    full: dict[str, Any] = {
        "principal": state.principal if state is not None else None,
        "csrf_token": csrf_token(request),
        "flashes": flashes,
        **(context or {}),
    }
    response = templates().TemplateResponse(request, template, full, status_code=status_code)
    remember_anonymous_token(request, response)
    if flashes:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(
    request: Request,
    url: str,
    *,
    flash: str | None = None,
    kind: FlashKind = "success",
    status_code: int = 303,
) -> RedirectResponse:
    """A redirect (303 See Other after a form) that shows ``flash`` on the next page.

    htmx requests get ``HX-Redirect`` so that the whole page changes, not a fragment.
    """
    response = RedirectResponse(url, status_code=status_code)
    if request.headers.get("HX-Request") == "true":
        response.headers["HX-Redirect"] = url
    if flash:
        add_flash(request, response, flash, kind)
    return response


def add_flash(request: Request, response: Response, message: str, kind: FlashKind) -> None:
    """Leave ``message`` for the next page this browser renders."""
    messages = [*_read_flashes(request), {"kind": kind, "text": message}]
    payload = base64.urlsafe_b64encode(json.dumps(messages).encode("utf-8")).decode("ascii")
    response.set_cookie(
        FLASH_COOKIE,
        f"{payload}.{_sign(request, payload)}",
        path="/",
        secure=is_secure(request),
        httponly=True,
        samesite="lax",
    )


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default`` (no open redirects).

    >>> safe_next("/coach/clients")
    '/coach/clients'
    >>> safe_next("https://evil.example/")
    '/'
    >>> safe_next("//evil.example/x")
    '/'
    """
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target


def _sign(request: Request, payload: str) -> str:
    key = settings_of(request).secret_key.get_secret_value().encode("utf-8")
    return hmac.new(key, b"flash:" + payload.encode("ascii"), hashlib.sha256).hexdigest()


def _read_flashes(request: Request) -> list[dict[str, str]]:
    raw = request.cookies.get(FLASH_COOKIE, "")
    payload, dot, signature = raw.partition(".")
    if not dot or not hmac.compare_digest(signature, _sign(request, payload)):
        return []
    try:
        messages = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, UnicodeDecodeError):
        return []
    return [
        {"kind": str(m.get("kind", "info")), "text": str(m.get("text", ""))}
        for m in messages
        if isinstance(m, dict)
    ]
