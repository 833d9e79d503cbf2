"""No state in process memory: two app instances (and two uvicorn workers) share one database.

A session opened on one instance is honoured by the other, a sign-out on one is seen by the
other, and failed logins on both count toward one limit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from slingcoach.app import accounts
from slingcoach.storage.database import Database
from tests.web.conftest import BASE_URL, Browser
from tests.web.world import NOW, PASSWORD, World


def _instance(url: str, settings: Any) -> Browser:
    from slingcoach.web.app import create_app

    app = create_app(settings, db=Database(url))
    app.state.clock = lambda: NOW
    return Browser(app, base_url=BASE_URL, raise_server_exceptions=False)


def test_two_instances_share_sessions_and_rate_limits(
    world: World, web_db: Database, web_settings: Any
) -> None:
    url = web_db.engine.url.render_as_string(hide_password=False)
    one, two = _instance(url, web_settings), _instance(url, web_settings)
    one.refresh_csrf()
    ok = one.post(
        "/login", data={"email": "a1@example.com", "password": PASSWORD}, follow_redirects=False
    )
    assert ok.status_code == 303
    two.cookies.update(one.cookies)
    assert two.get("/api/session").json()["user"]["email"] == "a1@example.com"
    two.refresh_csrf()
    assert two.post("/logout", follow_redirects=False).status_code == 303
    assert one.get("/api/session").json()["signed_in"] is False

    limit = accounts.LOGIN_FAILURES_PER_ACCOUNT
    for attempt in range(limit):
        browser = (one, two)[attempt % 2]
        browser.refresh_csrf()
        wrong = browser.post("/login", data={"email": "coach-b@example.com", "password": "nope!"})
        assert wrong.status_code == 401
    one.refresh_csrf()
    limited = one.post("/login", data={"email": "coach-b@example.com", "password": PASSWORD})
    assert limited.status_code == 429 and "too many failed logins" in limited.text
    assert int(limited.headers["retry-after"]) > 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_slingcoach_serve_with_two_workers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    with Database(url) as db:
        accounts.create_coach_account(
            db, accounts.AccountCreate(email="c@example.com", name="C", password=PASSWORD)
        )
    port = _free_port()
    env = {**os.environ, "SLINGCOACH_ENV": "development", "SLINGCOACH_DATABASE_URL": url}
    command = [sys.executable, "-m", "slingcoach", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=10) as client:
            token = client.get("/api/session").json()["csrf_token"]
            signed = client.post(
                "/api/session",
                json={"email": "c@example.com", "password": PASSWORD},
                headers={"X-CSRF-Token": token},
            )
            assert signed.status_code == 200, signed.text
            # whichever worker answers, the session is the same
            answers = {client.get("/api/session").json()["user"]["email"] for _ in range(20)}
            assert answers == {"c@example.com"}
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert "slingcoach web app on http://127.0.0.1" in output
    assert output.count("Started server process") >= 2 or "Started parent process" in output
