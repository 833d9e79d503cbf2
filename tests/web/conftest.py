"""Fixtures of the web tests (see TEAM.md "Web layout").

- ``web_db``: an empty database at the current schema, SQLite then PostgreSQL.
- ``web_app``: the app on ``web_db`` (test settings, the clock fixed at ``world.NOW``,
  mail to a local SMTP server started by the tests: ``mailbox``).
- ``world``: the coaches, clients and accounts of :mod:`tests.web.world`, stored in ``web_db``.
- ``browser_for(user)``: a :class:`Browser` signed in as ``user`` (a Principal of ``world``
  or an e-mail address) whose writes carry the CSRF header; ``anon()``: one signed in as
  nobody (with the pre-login CSRF token).

Argon2 runs with its smallest parameters here (hashing at the real cost is tested in
tests/app/test_accounts.py); everything else is as in production.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from slingcoach.app.accounts import Principal
from slingcoach.storage.database import Database
from tests.web.mailbox import Mailbox, SMTPServer
from tests.web.world import NOW, PASSWORD, World, build_world

BASE_URL = "https://testserver"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browser(TestClient):
    """A test client that sends its CSRF token (``X-CSRF-Token``) with every write.

    ``csrf_token`` is the token; set ``send_csrf = False`` to leave it out.
    """

    csrf_token: str = ""
    send_csrf: bool = True

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.send_csrf and method.upper() in {"POST", "PUT", "PATCH", "DELETE"}:
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRF-Token", self.csrf_token)
            kwargs["headers"] = headers
        return super().request(method, url, *args, **kwargs)

    def refresh_csrf(self) -> str:
        """Read the current CSRF token from ``GET /api/session`` (after signing in or out)."""
        self.csrf_token = str(self.get("/api/session").json()["csrf_token"])
        return self.csrf_token


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from slingcoach.app import accounts

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    monkeypatch.setattr(accounts, "_DUMMY", [])


@pytest.fixture
def web_db(db: Database) -> Database:
    """An empty database at the current schema (parametrised: SQLite, PostgreSQL)."""
    return db


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SMTPServer]:
    """A local SMTP server (aiosmtpd) for the whole test process."""
    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture
def mailbox(smtp_server: SMTPServer) -> Mailbox:
    """What the app mailed during this test (emptied first)."""
    smtp_server.mailbox.clear()
    return smtp_server.mailbox


@pytest.fixture
def web_settings(smtp_server: SMTPServer) -> Any:
    """Test settings: mail to the local SMTP server."""
    from slingcoach.web.settings import WebSettings

    return WebSettings(
        env="test",
        base_url=BASE_URL,
        mail_backend="smtp",
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        mail_from="slingcoach <coach@slingcoach.test>",
    )


@pytest.fixture
def web_app(web_db: Database, web_settings: Any, smtp_server: SMTPServer) -> Iterator[FastAPI]:
    """The app on ``web_db``, its clock fixed at ``world.NOW``; reading the mailbox first
    runs the app's job worker once (the queued mail that is due goes out through SMTP)."""
    from slingcoach.app.jobs import run_until_idle
    from slingcoach.web.app import create_app

    app = create_app(web_settings, db=web_db)
    app.state.clock = lambda: NOW
    smtp_server.mailbox.before_read = lambda: run_until_idle(
        web_db, app.state.mailer, worker="tests", now=app.state.clock()
    )
    yield app
    smtp_server.mailbox.before_read = None


@pytest.fixture
def world(web_db: Database) -> World:
    """Coaches A and B, clients A1, A2 (A's) and B1 (B's) with accounts; A1 with history."""
    return build_world(web_db)


@pytest.fixture
def anon(web_app: FastAPI) -> Callable[[], Browser]:
    """A factory of browsers signed in as nobody, holding the pre-login CSRF token."""

    def make() -> Browser:
        browser = Browser(web_app, base_url=BASE_URL, raise_server_exceptions=False)
        browser.refresh_csrf()
        return browser

    return make


@pytest.fixture
def browser_for(anon: Callable[[], Browser]) -> Callable[[Principal | str], Browser]:
    """A factory of browsers signed in as a world user (a Principal or an e-mail address)."""

    def make(user: Principal | str) -> Browser:
        email = user if isinstance(user, str) else user.email
        browser = anon()
        response = browser.post(
            "/login", data={"email": email, "password": PASSWORD}, follow_redirects=False
        )
        assert response.status_code == 303, f"{email} could not sign in: {response.status_code}"
        browser.refresh_csrf()
        return browser

    return make
