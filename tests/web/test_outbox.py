"""Mail through the outbox in the web app: queued with the change (a failed request leaves
neither), sent by the worker the app starts, retried when the SMTP server is away, and
``slingcoach worker`` (both databases)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from slingcoach.app import jobs
from slingcoach.storage.database import Database
from tests.web.conftest import BASE_URL, Browser
from tests.web.mailbox import Mailbox, SMTPServer
from tests.web.world import NOW, World

FRIDAY_9 = dt.datetime(2026, 12, 11, 9, 0, tzinfo=dt.UTC)


def test_a_failed_request_leaves_no_booking_and_no_mail(
    world: World,
    web_db: Database,
    browser_for: Callable[..., Browser],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from slingcoach.app import booking

    before = len(jobs.list_jobs(web_db))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the reminder could not be stored")

    monkeypatch.setattr(booking, "_schedule_reminders", broken)
    a2 = browser_for(world.a2)
    answer = a2.post("/api/me/bookings", json={"starts_at": FRIDAY_9.isoformat()})
    assert answer.status_code == 500
    # the invitations were queued before the failure, and went with the rollback
    assert len(jobs.list_jobs(web_db)) == before
    assert a2.get("/api/me/bookings").json() == []


def test_a_mail_server_that_is_away_gets_the_mail_later(
    world: World,
    web_db: Database,
    web_app: FastAPI,
    browser_for: Callable[..., Browser],
    mailbox: Mailbox,
) -> None:
    from slingcoach.web.mail import SMTPMailer

    working = web_app.state.mailer
    mailbox.clear()  # the world's own mail is out of the way
    web_app.state.mailer = SMTPMailer("coach@slingcoach.test", "127.0.0.1", 1)  # nobody listens
    a1 = browser_for(world.a1)
    sent = a1.post("/api/me/messages", json={"body": "Is Friday still on?"})
    assert sent.status_code == 201, sent.text  # the message stands while the mail waits
    assert mailbox.messages == []
    (job,) = notices(web_db)
    assert job.status == "pending" and job.to == world.coach_a.email and job.attempts == 1
    assert job.last_error is not None and "127.0.0.1:1 did not take the message" in job.last_error
    web_app.state.mailer = working
    assert mailbox.messages == []  # not before its backoff is over
    report = jobs.run_until_idle(web_db, working, now=NOW + jobs.backoff(1))
    assert report == jobs.RunReport(sent=1)
    (mail,) = mailbox.to(world.coach_a.email)
    assert "Is Friday still on?" in Mailbox.text(mail)
    assert [(j.status, j.attempts) for j in notices(web_db)] == [("sent", 2)]


def notices(db: Database) -> list[jobs.JobInfo]:
    """The queued message notices (the world's reminders left out)."""
    return [j for j in jobs.list_jobs(db) if str(j.subject).startswith("New message from")]


def test_the_app_runs_its_worker_while_it_serves(
    world: World, web_db: Database, web_settings: Any, smtp_server: SMTPServer
) -> None:
    from slingcoach.web.app import create_app

    smtp_server.mailbox.clear()
    app = create_app(web_settings.model_copy(update={"job_poll_s": 0.05}), db=web_db)
    app.state.clock = lambda: NOW
    with TestClient(app, base_url=BASE_URL) as client:  # the lifespan starts the worker
        browser = Browser(app, base_url=BASE_URL)
        browser.cookies = client.cookies
        browser.refresh_csrf()
        signed = browser.post(
            "/login",
            data={"email": world.a1.email, "password": world.password},
            follow_redirects=False,
        )
        assert signed.status_code == 303
        browser.refresh_csrf()
        assert browser.post("/api/me/messages", json={"body": "Hello"}).status_code == 201
        deadline = time.monotonic() + 20
        while [j.status for j in notices(web_db)] != ["sent"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [j.status for j in notices(web_db)] == ["sent"], "the app's worker sent nothing"
    (mail,) = [m for m in smtp_server.mailbox.to(world.coach_a.email) if "Hello" in Mailbox.text(m)]
    assert str(mail["Subject"]) == f"New message from {world.a1.name}"


def test_the_worker_command_sends_what_is_due(
    web_db: Database,
    smtp_server: SMTPServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from slingcoach.app.mailing import Mail
    from slingcoach.cli import main

    smtp_server.mailbox.clear()
    with web_db.write() as session:
        mail = Mail(to="sam@example.com", subject="hi", text="x")
        jobs.enqueue_mail(session, mail, now=dt.datetime.now(dt.UTC))  # the command's clock
    monkeypatch.setenv("SLINGCOACH_MAIL_BACKEND", "smtp")
    monkeypatch.setenv("SLINGCOACH_SMTP_HOST", smtp_server.host)
    monkeypatch.setenv("SLINGCOACH_SMTP_PORT", str(smtp_server.port))
    main(["worker", "--once", "--db", web_db.url])
    out = capsys.readouterr().out
    assert "1 sent, 0 to retry later, 0 failed" in out
    assert [str(m["To"]) for m in smtp_server.mailbox.messages] == ["sam@example.com"]
