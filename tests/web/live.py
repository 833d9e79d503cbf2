"""A live slingcoach server and a real headless Chromium for the end-to-end tests.

The server is uvicorn in a thread of the test process, on a free port, over a temporary
SQLite database holding the web tests' world (:mod:`tests.web.world`), its clock fixed at the
world's ``NOW``, with mail sent to the tests' local SMTP server. The browser is Debian's Chromium driven by Playwright
(``executable_path``; Playwright's own browser downloads are never used).

Without Chromium or Playwright the tests skip, unless ``SLINGCOACH_REQUIRE_BROWSER=1`` (set by
``.ci/run``), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from slingcoach.storage.database import Database
    from tests.web.mailbox import SMTPServer
    from tests.web.world import World

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "out" / "screenshots"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    """Debian's Chromium (``SLINGCOACH_CHROMIUM`` overrides), or ``None``."""
    given = os.environ.get("SLINGCOACH_CHROMIUM")
    if given:
        return given
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_browser() -> str:
    """The Chromium to drive; skips (fails when required) if it or Playwright is missing."""
    required = os.environ.get("SLINGCOACH_REQUIRE_BROWSER") == "1"
    why = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why = "Playwright is not installed (pip install -e '.[test]')"
    path = chromium_path()
    if why is None and path is None:
        why = "no Chromium (Debian: apt-get install chromium)"
    if why is not None:
        if required:
            pytest.fail(f"SLINGCOACH_REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)
    assert path is not None
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Live:
    """A running server: its address, database and world."""

    url: str
    db: Database
    world: World


@contextmanager
def live_server(folder: Path, smtp: SMTPServer) -> Iterator[Live]:
    """uvicorn serving the app over a new SQLite database with the world, in a thread."""
    import uvicorn

    from slingcoach.app.jobs import run_until_idle
    from slingcoach.storage.database import Database
    from slingcoach.storage.migrate import upgrade
    from slingcoach.web.app import create_app
    from slingcoach.web.settings import WebSettings
    from tests.web.world import NOW, build_world

    port = free_port()
    # "localhost": Chromium keeps Secure cookies from http://localhost (a secure context)
    url = f"http://localhost:{port}"
    db = Database(f"sqlite:///{folder / 'e2e.db'}", check=False)
    upgrade(db)
    world = build_world(db)
    settings = WebSettings(
        env="test",
        base_url=url,
        mail_backend="smtp",
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        mail_from="slingcoach <coach@slingcoach.test>",
    )
    app = create_app(settings, db=db)
    app.state.clock = lambda: NOW  # the world's day, as in the other web tests
    # the app's own worker polls every 2 s; a read of the mailbox runs a pass at once
    smtp.mailbox.before_read = lambda: run_until_idle(db, app.state.mailer, now=NOW)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the e2e server did not start")
        time.sleep(0.05)
    try:
        yield Live(url=url, db=db, world=world)
    finally:
        smtp.mailbox.before_read = None
        server.should_exit = True
        thread.join(timeout=15)
        db.close()


@contextmanager
def quick_live_server(folder: Path, smtp: SMTPServer) -> Iterator[Live]:
    """:func:`live_server` with argon2 at its smallest cost, as in the other web tests
    (conftest's fixture patches it per test; these servers live for a module)."""
    from argon2 import PasswordHasher

    from slingcoach.app import accounts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        patch.setattr(accounts, "_DUMMY", [])
        with live_server(folder, smtp) as server:
            yield server


@contextmanager
def chromium(path: str) -> Iterator[Any]:
    """A headless Chromium (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def shoot(page: Any, name: str) -> Path:
    """A full-page screenshot under out/screenshots/ (git-ignored; look at them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
