"""The jobs table (mail outbox): queued in the caller's transaction, claimed by one worker
only, retried with backoff, failed after the last try, a lease that runs out (both databases)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Sequence

import pytest

from slingcoach.app import jobs
from slingcoach.app.mailing import Mail
from slingcoach.storage.database import Database

NOW = dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC)


class Recorder:
    """A mailer that records what it was asked to send (thread-safe); ``fail`` makes it
    refuse with an error like a mail server that is down."""

    def __init__(self, *, fail: bool = False, delay_s: float = 0.0) -> None:
        self.fail, self.delay_s = fail, delay_s
        self.sent: list[tuple[str, str, list[tuple[str, bytes, str]]]] = []
        self._lock = threading.Lock()

    def send(
        self,
        to: str,
        subject: str,
        text: str,
        *,
        html: str | None = None,
        attachments: Sequence[tuple[str, bytes, str]] = (),
    ) -> object:
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail:
            raise ConnectionRefusedError("the mail server is down")
        with self._lock:
            self.sent.append((to, subject, list(attachments)))
        return None


def queue(
    db: Database, *mails: Mail, due: dt.datetime | None = None, key: str | None = None
) -> None:
    with db.write() as session:
        for mail in mails:
            jobs.enqueue_mail(session, mail, now=NOW, due_at=due, key=key)


def mail(n: int = 0) -> Mail:
    return Mail(to=f"p{n}@example.com", subject=f"hello {n}", text="text")


def test_a_mail_and_its_attachment_survive_the_queue(db: Database) -> None:
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n\x00\xff"
    queue(
        db,
        Mail(
            to="a@example.com",
            subject="s",
            text="t",
            attachments=(("x.ics", ics, "text/calendar"),),
        ),
    )
    recorder = Recorder()
    assert jobs.run_due_jobs(db, recorder, now=NOW) == jobs.RunReport(sent=1)
    assert recorder.sent == [("a@example.com", "s", [("x.ics", ics, "text/calendar")])]
    (job,) = jobs.list_jobs(db)
    assert job.status == "sent" and job.attempts == 1
    assert jobs.run_due_jobs(db, recorder, now=NOW).claimed == 0  # sent once only


def test_a_rolled_back_transaction_queues_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError, match="the change failed"), db.write() as session:
        jobs.enqueue_mail(session, mail(), now=NOW)
        raise RuntimeError("the change failed")
    assert jobs.list_jobs(db) == []


def test_a_mail_due_later_waits_and_a_cancelled_one_never_goes(db: Database) -> None:
    later = NOW + dt.timedelta(hours=5)
    queue(db, mail(1), due=later, key="booking:x:reminder")
    queue(db, mail(2), due=later, key="booking:y:reminder")
    recorder = Recorder()
    assert jobs.run_due_jobs(db, recorder, now=NOW).claimed == 0
    with db.write() as session:
        assert jobs.cancel_jobs(session, "booking:x:reminder", now=NOW) == 1
    assert jobs.run_due_jobs(db, recorder, now=later) == jobs.RunReport(sent=1)
    assert [to for to, _, _ in recorder.sent] == ["p2@example.com"]
    assert {j.key: j.status for j in jobs.list_jobs(db)} == {
        "booking:x:reminder": "cancelled",
        "booking:y:reminder": "sent",
    }


def test_a_failed_send_is_retried_with_backoff_then_marked_failed(db: Database) -> None:
    queue(db, mail())
    down = Recorder(fail=True)
    assert jobs.run_due_jobs(db, down, now=NOW) == jobs.RunReport(retrying=1)
    (job,) = jobs.list_jobs(db)
    assert job.status == "pending" and job.attempts == 1
    assert job.due_at == NOW + dt.timedelta(seconds=30)
    assert job.last_error == "ConnectionRefusedError: the mail server is down"
    # not before its backoff is over
    assert jobs.run_due_jobs(db, down, now=NOW + dt.timedelta(seconds=29)).claimed == 0
    moment = NOW
    for attempt in range(2, jobs.MAX_ATTEMPTS + 1):
        moment += jobs.backoff(attempt - 1)
        report = jobs.run_due_jobs(db, down, now=moment)
        assert report == (
            jobs.RunReport(failed=1) if attempt == jobs.MAX_ATTEMPTS else jobs.RunReport(retrying=1)
        )
    (job,) = jobs.list_jobs(db)
    assert job.status == "failed" and job.attempts == jobs.MAX_ATTEMPTS
    assert jobs.run_due_jobs(db, Recorder(), now=moment + dt.timedelta(days=1)).claimed == 0


def test_a_retry_that_works_is_sent(db: Database) -> None:
    queue(db, mail())
    jobs.run_due_jobs(db, Recorder(fail=True), now=NOW)
    up = Recorder()
    assert jobs.run_due_jobs(db, up, now=NOW + dt.timedelta(seconds=30)) == jobs.RunReport(sent=1)
    (job,) = jobs.list_jobs(db)
    assert job.status == "sent" and job.attempts == 2 and len(up.sent) == 1


def test_a_claim_whose_lease_ran_out_goes_to_another_worker(db: Database) -> None:
    queue(db, mail())
    (held,) = jobs.claim_due(db, worker="crashed", now=NOW)
    assert jobs.claim_due(db, worker="other", now=NOW + jobs.LEASE) == []  # still held
    (again,) = jobs.claim_due(db, worker="other", now=NOW + jobs.LEASE + dt.timedelta(seconds=1))
    assert again.id == held.id and again.attempts == 2
    # the first worker comes back: its claim is gone, its outcome is not recorded
    assert jobs.finish(db, held, error=None, now=NOW) is None
    assert jobs.finish(db, again, error=None, now=NOW) == "sent"


def test_two_workers_send_each_mail_once(db: Database) -> None:
    count = 40
    queue(db, *(mail(n) for n in range(count)))
    recorder = Recorder(delay_s=0.002)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            start.wait()
            while jobs.run_due_jobs(db, recorder, worker=name, now=NOW, limit=3).claimed:
                pass
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    sent = Counter(to for to, _, _ in recorder.sent)
    assert len(sent) == count and set(sent.values()) == {1}
    assert Counter(j.status for j in jobs.list_jobs(db)) == {"sent": count}


def test_an_unknown_kind_fails_clearly(db: Database) -> None:
    from sqlalchemy import update

    from slingcoach.storage.tables import JobRow

    queue(db, mail())
    with db.write() as session:
        session.execute(update(JobRow).values(kind="fax", max_attempts=1))
    assert jobs.run_due_jobs(db, Recorder(), now=NOW) == jobs.RunReport(failed=1)
    (job,) = jobs.list_jobs(db)
    assert job.last_error == "ValueError: unknown job kind 'fax'; known: mail, booking_reminder"


def test_backoff_refuses_a_count_below_one() -> None:
    with pytest.raises(ValueError, match="attempts counts tries made"):
        jobs.backoff(0)


def test_long_finished_jobs_are_purged_and_waiting_ones_kept(db: Database) -> None:
    queue(db, mail(1), mail(2))
    queue(db, mail(3), due=NOW + dt.timedelta(days=90))
    jobs.run_due_jobs(db, Recorder(), now=NOW)
    assert jobs.purge_finished(db, now=NOW + jobs.KEEP_FINISHED) == 0
    assert jobs.purge_finished(db, now=NOW + jobs.KEEP_FINISHED + dt.timedelta(seconds=1)) == 2
    assert [j.to for j in jobs.list_jobs(db)] == ["p3@example.com"]
