"""Sessions in cookies, CSRF protection and the security headers of every response.

- Passwords: argon2id (:func:`slingcoach.app.accounts.hash_password`).
- Sessions: the cookie ``sc_session`` holds a random token; the database keeps its SHA-256,
  the user, the session's CSRF token and the expiry (no process memory: any worker can read
  it). The cookie is HttpOnly, SameSite=Lax, Secure outside development or over https, and
  expires with the session.
- CSRF (OWASP CSRF Prevention Cheat Sheet, synchroniser token): every POST, PUT, PATCH and
  DELETE must carry the session's token as the form field ``csrf_token`` or the header
  ``X-CSRF-Token``, else 403. Before signing in, the token is a signed double-submit cookie
  ``sc_csrf`` (HMAC with the secret key), so the login form is protected too. Pages carry
  the token masked afresh for each response (:func:`mask_token`), so gzip cannot leak it
  (BREACH, Gluck, Harris & Prado 2013: a compressed response that holds a secret and
  reflects input lets an attacker guess the secret from the compressed size).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from slingcoach.app.accounts import SessionState, read_session

if TYPE_CHECKING:
    from starlette.responses import Response

    from slingcoach.web.settings import WebSettings

SESSION_COOKIE = "sc_session"
ANON_CSRF_COOKIE = "sc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_REFUSED = "the form has expired or did not come from this site; reload the page and try again"
"""The fixed message of a refused request (tests assert it)."""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline scripts: htmx is configured from a <meta> tag
        "style-src 'self' 'unsafe-inline'",  # style attributes in SVG body diagrams and charts
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class CSRFError(Exception):
    """A state-changing request without the right CSRF token (answered 403)."""


def settings_of(request: Request) -> WebSettings:
    """The app's :class:`~slingcoach.web.settings.WebSettings`."""
    settings: WebSettings = request.app.state.settings
    return settings


def session_state(request: Request) -> SessionState | None:
    """The signed-in session of this request (read once, then kept on ``request.state``)."""
    if hasattr(request.state, "auth"):
        state: SessionState | None = request.state.auth
        return state
    token = request.cookies.get(SESSION_COOKIE)
    state = None
    if token:
        state = read_session(request.app.state.db, token, now=request.app.state.clock())
    request.state.auth = state
    return state


def is_secure(request: Request) -> bool:
    """Whether cookies get the Secure flag: over https, and always outside development."""
    return request.url.scheme == "https" or settings_of(request).https_only


def set_session_cookie(request: Request, response: Response, token: str, max_age_s: int) -> None:
    """Give the browser its session cookie (and drop the pre-login CSRF cookie)."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age_s,
        path="/",
        secure=is_secure(request),
        httponly=True,
        samesite="lax",
    )
    response.delete_cookie(ANON_CSRF_COOKIE, path="/")


def clear_session_cookie(request: Request, response: Response) -> None:
    """Remove the session cookie from the browser."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=is_secure(request), httponly=True, samesite="lax"
    )


def _sign(request: Request, nonce: str) -> str:
    key = settings_of(request).secret_key.get_secret_value().encode("utf-8")
    return hmac.new(key, nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def _anonymous_token(request: Request) -> str | None:
    """The valid signed pre-login token of the cookie, or ``None``."""
    value = request.cookies.get(ANON_CSRF_COOKIE, "")
    nonce, dot, signature = value.partition(".")
    if not dot or not hmac.compare_digest(signature, _sign(request, nonce)):
        return None
    return value


MASKED = "m."
"""The prefix of a masked token (raw tokens never start with it)."""


def mask_token(token: str) -> str:
    """``token`` disguised for one response: a random pad, then the token XOR the pad (as
    Django masks its CSRF token against BREACH); :func:`unmask_token` undoes it.

    >>> token = "abc.def"
    >>> mask_token(token) != mask_token(token) and unmask_token(mask_token(token)) == token
    True
    """
    raw = token.encode("utf-8")
    pad = secrets.token_bytes(len(raw))
    masked = pad + bytes(a ^ b for a, b in zip(pad, raw, strict=True))
    return MASKED + base64.urlsafe_b64encode(masked).decode("ascii").rstrip("=")


def unmask_token(value: str) -> str:
    """The token a masked value disguises; a raw token as it is; ``""`` for garbage."""
    if not value.startswith(MASKED):
        return value
    body = value[len(MASKED) :]
    try:
        masked = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return ""
    half = len(masked) // 2
    if not half or len(masked) % 2:
        return ""
    pad, hidden = masked[:half], masked[half:]
    try:
        return bytes(a ^ b for a, b in zip(pad, hidden, strict=True)).decode("utf-8")
    except UnicodeDecodeError:
        return ""


def csrf_token(request: Request) -> str:
    """The token this request's page must send back (masked afresh): the session's, or a
    pre-login one.

    A new pre-login token is remembered on ``request.state`` so that
    :func:`remember_anonymous_token` can set its cookie on the response.
    """
    state = session_state(request)
    if state is not None:
        return mask_token(state.csrf_token)
    existing = _anonymous_token(request)
    if existing is not None:
        return mask_token(existing)
    issued: str | None = getattr(request.state, "new_anon_csrf", None)
    if issued is None:
        nonce = secrets.token_urlsafe(24)
        issued = f"{nonce}.{_sign(request, nonce)}"
        request.state.new_anon_csrf = issued
    return mask_token(issued)


def remember_anonymous_token(request: Request, response: Response) -> None:
    """Set the pre-login CSRF cookie when this request issued a new token."""
    issued = getattr(request.state, "new_anon_csrf", None)
    if issued is not None:
        response.set_cookie(
            ANON_CSRF_COOKIE,
            issued,
            path="/",
            secure=is_secure(request),
            httponly=True,
            samesite="lax",
        )


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: refuse a state-changing request whose CSRF token is wrong."""
    if request.method not in UNSAFE_METHODS:
        return
    submitted = request.headers.get(CSRF_HEADER)
    if not submitted:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else None
    submitted = unmask_token(submitted) if submitted else None
    # the session is read from the database: on a worker thread, not on the event loop
    # (which would hold every other request of this process while it waits)
    state = await run_in_threadpool(session_state, request)
    expected = state.csrf_token if state is not None else _anonymous_token(request)
    if not submitted or expected is None or not hmac.compare_digest(submitted, expected):
        raise CSRFError(CSRF_REFUSED)
