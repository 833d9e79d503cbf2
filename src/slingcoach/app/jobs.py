"""Jobs kept in the database: the mail outbox and mails scheduled for later (reminders).

A use case queues its mail with :func:`enqueue_mail` in the transaction of the change the
mail reports, so a request that fails leaves neither the change nor the mail. A worker (the
thread each web process starts, or ``slingcoach worker``) runs :func:`run_due_jobs`: it
claims the jobs that are due, sends each, and marks it ``sent``; a failure is retried with
exponential backoff and marked ``failed`` after :data:`MAX_ATTEMPTS`.

Several workers never run one job twice: a claim is one statement that moves a job from
``pending`` to ``running`` under a fresh claim token (on PostgreSQL the due rows are picked
with ``SELECT ... FOR UPDATE SKIP LOCKED``, so workers skip each other's rows instead of
queueing on them; on SQLite the claim is a single ``UPDATE ... WHERE id IN (SELECT ...)``
inside ``BEGIN IMMEDIATE``, which admits one writer at a time). A claim is a lease: a worker
that dies mid-job leaves it ``running`` until ``claimed_until``, after which another worker
may take it again.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from slingcoach.app._time import utc_now
from slingcoach.app.mailing import Mail, Mailer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slingcoach.storage.database import Database
    from slingcoach.storage.tables import JobRow

log = logging.getLogger("slingcoach.jobs")

MAIL = "mail"
"""The kind of a job that sends one e-mail (the payload holds the mail as written)."""
BOOKING_REMINDER = "booking_reminder"
"""The kind of a job that reminds one side of a strategy session. The payload names the
booking and the side; the mail is written when the job runs, from the booking as it is then
(:func:`slingcoach.app.booking.reminder_mail`), so a moved session or a new time zone is
what the reminder says, and a cancelled session sends none."""
KINDS = (MAIL, BOOKING_REMINDER)
Status = Literal["pending", "running", "sent", "failed", "cancelled"]
STATUSES: tuple[Status, ...] = ("pending", "running", "sent", "failed", "cancelled")

MAX_ATTEMPTS = 6
"""Tries before a mail is marked failed (with the backoff below: about 15 minutes of retries)."""
BACKOFF_FIRST = dt.timedelta(seconds=30)
BACKOFF_MAX = dt.timedelta(hours=1)
LEASE = dt.timedelta(minutes=5)
"""How long a claim holds (far above the SMTP timeout of 10 s) before another worker may retry."""
ERROR_MAX = 2000
"""Characters of a failure message kept on the job."""
KEEP_FINISHED = dt.timedelta(days=30)
"""How long sent, failed and cancelled jobs stay (to look into a complaint; our choice)."""


def backoff(attempts: int) -> dt.timedelta:
    """The wait before try ``attempts + 1``: 30 s doubling per failed try, at most an hour
    (capped exponential backoff, Brooker 2015, "Exponential Backoff And Jitter", AWS
    Architecture Blog; without jitter, so a test knows when the retry is due).

    >>> [int(backoff(n).total_seconds()) for n in (1, 2, 3, 9)]
    [30, 60, 120, 3600]
    """
    if attempts < 1:
        raise ValueError(f"attempts counts tries made (1 or more), not {attempts}")
    wait: dt.timedelta = BACKOFF_FIRST * 2 ** min(attempts - 1, 20)
    return min(wait, BACKOFF_MAX)


# ------------------------------------------------------------------ queue


def mail_payload(mail: Mail) -> dict[str, Any]:
    """A mail as the JSON a job stores (attachments in base64)."""
    return {
        "to": mail.to,
        "subject": mail.subject,
        "text": mail.text,
        "attachments": [
            {"filename": name, "mime": mime, "base64": base64.b64encode(content).decode("ascii")}
            for name, content, mime in mail.attachments
        ],
    }


def mail_of(payload: dict[str, Any]) -> Mail:
    """The mail a job's payload holds (the inverse of :func:`mail_payload`)."""
    return Mail(
        to=str(payload["to"]),
        subject=str(payload["subject"]),
        text=str(payload["text"]),
        attachments=tuple(
            (str(a["filename"]), base64.b64decode(a["base64"]), str(a["mime"]))
            for a in payload.get("attachments", [])
        ),
    )


def enqueue_mail(
    session: Session,
    mail: Mail,
    *,
    now: dt.datetime,
    due_at: dt.datetime | None = None,
    key: str | None = None,
) -> None:
    """Queue ``mail`` in ``session``'s transaction: sent once that commits and ``due_at``
    (default: now) has come; ``key`` lets a later change cancel it (:func:`cancel_jobs`)."""
    enqueue_job(session, MAIL, mail_payload(mail), now=now, due_at=due_at, key=key)


def enqueue_job(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    now: dt.datetime,
    due_at: dt.datetime | None = None,
    key: str | None = None,
) -> None:
    """Queue a job of ``kind`` (one of :data:`KINDS`) in ``session``'s transaction."""
    from slingcoach.storage.tables import JobRow

    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(KINDS)}")
    moment = utc_now(now)
    session.add(
        JobRow(
            kind=kind,
            payload=payload,
            key=key,
            status="pending",
            due_at=utc_now(due_at) if due_at is not None else moment,
            attempts=0,
            max_attempts=MAX_ATTEMPTS,
            last_error=None,
            claimed_by=None,
            claimed_until=None,
            created_at=moment,
            finished_at=None,
        )
    )


def enqueue_mails(session: Session, mails: Iterable[Mail], *, now: dt.datetime) -> None:
    """Queue each of ``mails`` to go now (see :func:`enqueue_mail`)."""
    for mail in mails:
        enqueue_mail(session, mail, now=now)


def cancel_jobs(session: Session, key: str, *, now: dt.datetime) -> int:
    """Cancel the pending jobs of ``key`` (in ``session``'s transaction); returns how many."""
    from sqlalchemy import update

    from slingcoach.storage.tables import JobRow

    done = session.execute(
        update(JobRow)
        .where(JobRow.key == key, JobRow.status == "pending")
        .values(status="cancelled", finished_at=utc_now(now))
    )
    return int(getattr(done, "rowcount", 0))


# ------------------------------------------------------------------ work


@dataclass(frozen=True)
class Claimed:
    """A job a worker holds: what to do, and the token that proves the claim is its own."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    token: str


@dataclass(frozen=True)
class RunReport:
    """What one pass of a worker did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    """Jobs with nothing left to send (a reminder of a session cancelled or begun)."""

    @property
    def claimed(self) -> int:
        """Jobs the pass took."""
        return self.sent + self.retrying + self.failed + self.skipped


def worker_name() -> str:
    """This process's name in claims (host and process id)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def claim_due(
    db: Database, *, worker: str, now: dt.datetime | None = None, limit: int = 10
) -> list[Claimed]:
    """Claim up to ``limit`` due jobs (oldest due first) for ``worker``; jobs another worker
    holds are skipped, so no two workers get the same one."""
    from sqlalchemy import and_, or_, select, update

    from slingcoach.storage.tables import JobRow

    moment = utc_now(now)
    token = f"{worker[:67]}:{uuid.uuid4().hex}"
    claimable = and_(
        JobRow.due_at <= moment,
        or_(
            JobRow.status == "pending",
            and_(JobRow.status == "running", JobRow.claimed_until < moment),
        ),
    )
    due = select(JobRow.id).where(claimable).order_by(JobRow.due_at, JobRow.id).limit(limit)
    with db.write() as session:
        if session.get_bind().dialect.name == "postgresql":
            ids: Any = list(session.scalars(due.with_for_update(skip_locked=True)))
            if not ids:
                return []
        else:
            ids = due.scalar_subquery()
        session.execute(
            update(JobRow)
            .where(JobRow.id.in_(ids), claimable)
            .values(
                status="running",
                claimed_by=token,
                claimed_until=moment + LEASE,
                attempts=JobRow.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        rows = session.execute(
            select(JobRow.id, JobRow.kind, JobRow.payload, JobRow.attempts)
            .where(JobRow.claimed_by == token, JobRow.status == "running")
            .order_by(JobRow.due_at, JobRow.id)
        ).all()
    return [
        Claimed(id=r.id, kind=r.kind, payload=dict(r.payload), attempts=r.attempts, token=token)
        for r in rows
    ]


def finish(
    db: Database,
    job: Claimed,
    *,
    error: str | None,
    skipped: str | None = None,
    now: dt.datetime | None = None,
) -> Status | None:
    """Record how ``job`` went: ``sent``; ``cancelled`` when it found nothing to send (the
    ``skipped`` reason is kept); or, after an ``error``, ``pending`` again (due after
    :func:`backoff`) or ``failed`` once its tries are used up. ``None`` when the claim was
    lost (its lease ran out and another worker took the job)."""
    from slingcoach.storage.tables import JobRow

    moment = utc_now(now)
    with db.write() as session:
        row = session.get(JobRow, job.id, with_for_update=True)
        if row is None or row.claimed_by != job.token or row.status != "running":
            return None
        row.claimed_by = None
        row.claimed_until = None
        if error is None and skipped is not None:
            row.status, row.finished_at, row.last_error = "cancelled", moment, skipped
        elif error is None:
            row.status, row.finished_at = "sent", moment
        else:
            row.last_error = error[:ERROR_MAX]
            if row.attempts >= row.max_attempts:
                row.status, row.finished_at = "failed", moment
            else:
                row.status, row.due_at = "pending", moment + backoff(row.attempts)
        return _status(row)


def run_due_jobs(
    db: Database,
    mailer: Mailer,
    *,
    worker: str | None = None,
    now: dt.datetime | None = None,
    limit: int = 20,
) -> RunReport:
    """One pass: claim the due jobs, run each, record the outcome. A job that fails (any
    exception: the mail server is down, refuses the address) is retried later; the pass goes
    on with the next one."""
    moment = utc_now(now)
    name = worker or worker_name()
    sent = retrying = failed = skipped = 0
    for job in claim_due(db, worker=name, now=moment, limit=limit):
        error = nothing = None
        try:
            nothing = _run(db, job, mailer, now=moment)
        except Exception as exc:  # one job's failure must not stop the worker
            error = f"{type(exc).__name__}: {exc}"
            log.warning("job %s (%s), try %s, failed: %s", job.id, job.kind, job.attempts, error)
        outcome = finish(db, job, error=error, skipped=nothing, now=moment)
        sent += outcome == "sent"
        retrying += outcome == "pending"
        failed += outcome == "failed"
        skipped += outcome == "cancelled"
    return RunReport(sent=sent, retrying=retrying, failed=failed, skipped=skipped)


def run_until_idle(
    db: Database, mailer: Mailer, *, worker: str | None = None, now: dt.datetime | None = None
) -> RunReport:
    """Passes of :func:`run_due_jobs` until one finds nothing due; the totals."""
    total = RunReport()
    while True:
        report = run_due_jobs(db, mailer, worker=worker, now=now)
        if not report.claimed:
            return total
        total = RunReport(
            sent=total.sent + report.sent,
            retrying=total.retrying + report.retrying,
            failed=total.failed + report.failed,
            skipped=total.skipped + report.skipped,
        )


def purge_finished(
    db: Database, *, now: dt.datetime | None = None, keep: dt.timedelta = KEEP_FINISHED
) -> int:
    """Delete the jobs that finished (sent, failed, cancelled) more than ``keep`` ago, so the
    table does not grow without end; returns how many."""
    from sqlalchemy import delete

    from slingcoach.storage.tables import JobRow

    with db.write() as session:
        gone = session.execute(
            delete(JobRow).where(
                JobRow.status.in_(("sent", "failed", "cancelled")),
                JobRow.finished_at < utc_now(now) - keep,
            )
        )
        return int(getattr(gone, "rowcount", 0))


@dataclass(frozen=True)
class JobInfo:
    """A job as the CLI and the tests see it."""

    id: int
    kind: str
    key: str | None
    status: Status
    to: str | None
    subject: str | None
    due_at: dt.datetime
    attempts: int
    last_error: str | None


def list_jobs(
    db: Database, *, status: Status | None = None, key: str | None = None
) -> list[JobInfo]:
    """Jobs, oldest due first (all, or those of one status or key)."""
    from sqlalchemy import select

    from slingcoach.storage.tables import JobRow

    query = select(JobRow).order_by(JobRow.due_at, JobRow.id)
    if status is not None:
        query = query.where(JobRow.status == status)
    if key is not None:
        query = query.where(JobRow.key == key)
    with db.read() as session:
        return [
            JobInfo(
                id=row.id,
                kind=row.kind,
                key=row.key,
                status=_status(row),
                to=row.payload.get("to"),
                subject=row.payload.get("subject"),
                due_at=row.due_at,
                attempts=row.attempts,
                last_error=row.last_error,
            )
            for row in session.scalars(query)
        ]


def _run(db: Database, job: Claimed, mailer: Mailer, *, now: dt.datetime) -> str | None:
    """Send ``job``'s mail; the reason when there is nothing to send."""
    if job.kind == MAIL:
        mail = mail_of(job.payload)
    elif job.kind == BOOKING_REMINDER:
        from slingcoach.app.booking import reminder_mail

        found = reminder_mail(db, str(job.payload["booking"]), str(job.payload["side"]), now=now)
        if found is None:
            return "no reminder: the session was cancelled or has begun, or nobody to write to"
        mail = found
    else:
        raise ValueError(f"unknown job kind {job.kind!r}; known: {', '.join(KINDS)}")
    mailer.send(mail.to, mail.subject, mail.text, attachments=list(mail.attachments))
    return None


def _status(row: JobRow) -> Status:
    for status in STATUSES:
        if row.status == status:
            return status
    raise ValueError(f"job {row.id} has an unknown status {row.status!r}")
