"""An overloaded database (every pooled connection in use for the pool timeout) is answered
503 with Retry-After, as JSON on the API and as the error page elsewhere: never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from slingcoach.storage.database import RETRY_AFTER_S, Database
from slingcoach.web.app import BUSY
from tests.web.conftest import BASE_URL, Browser
from tests.web.world import NOW, PASSWORD, World


@pytest.fixture
def small_app(
    web_db: Database, web_settings: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> FastAPI:
    """The app on ``web_db`` through a pool of one connection that waits 0.2 s."""
    from slingcoach.web.app import create_app

    monkeypatch.setenv("SLINGCOACH_DB_POOL_SIZE", "1")
    monkeypatch.setenv("SLINGCOACH_DB_POOL_OVERFLOW", "0")
    monkeypatch.setenv("SLINGCOACH_DB_POOL_TIMEOUT_S", "0.2")
    app = create_app(web_settings, db=Database(web_db.url, check=False))
    app.state.clock = lambda: NOW
    return app


def test_a_busy_database_is_a_503_with_retry_after(small_app: FastAPI, world: World) -> None:
    db: Database = small_app.state.db
    browser = Browser(small_app, base_url=BASE_URL, raise_server_exceptions=False)
    browser.refresh_csrf()
    signed = browser.post(
        "/login", data={"email": world.coach_a.email, "password": PASSWORD}, follow_redirects=False
    )
    assert signed.status_code == 303
    assert browser.get("/coach/").status_code == 200
    try:
        with db.engine.connect():  # the pool's only connection, held
            page = browser.get("/coach/")
            api = browser.get("/api/session")
    finally:
        db.close()
    assert page.status_code == 503 and BUSY[1:] in page.text and "Busy right now" in page.text
    assert page.headers["Retry-After"] == str(RETRY_AFTER_S)
    assert api.status_code == 503 and api.json() == {"detail": BUSY}
    assert api.headers["Retry-After"] == str(RETRY_AFTER_S)
