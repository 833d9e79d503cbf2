"""The job worker: a thread that runs the due jobs (mail) every few seconds.

Each web process starts one with the app (``SLINGCOACH_JOBS_IN_APP``, on by default) and stops
it when the app shuts down; ``slingcoach worker`` runs the same loop on its own, for a
deployment that keeps the web processes free of it. Workers share the jobs table, and a
job is claimed by one of them only (see :mod:`slingcoach.app.jobs`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from slingcoach.app import jobs

if TYPE_CHECKING:
    from slingcoach.app.mailing import Mailer
    from slingcoach.storage.database import Database

log = logging.getLogger("slingcoach.jobs")

PURGE_EVERY = dt.timedelta(hours=1)
"""How often a worker deletes long-finished jobs (:func:`slingcoach.app.jobs.purge_finished`)."""


class JobWorker:
    """Polls the jobs table every ``poll_s`` seconds in a daemon thread."""

    def __init__(
        self,
        db: Database,
        mailer: Mailer,
        *,
        clock: Callable[[], dt.datetime],
        poll_s: float,
        name: str | None = None,
    ) -> None:
        if poll_s <= 0:
            raise ValueError(f"poll_s must be above 0 seconds, not {poll_s}")
        self.db, self.mailer, self.clock, self.poll_s = db, mailer, clock, poll_s
        self.name = name or jobs.worker_name()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._purged: dt.datetime | None = None

    def run_once(self) -> jobs.RunReport:
        """One pass over the due jobs (until none is left); about once an hour, jobs that
        finished long ago are deleted too."""
        now = self.clock()
        if self._purged is None or now - self._purged >= PURGE_EVERY:
            jobs.purge_finished(self.db, now=now)
            self._purged = now
        return jobs.run_until_idle(self.db, self.mailer, worker=self.name, now=now)

    def start(self) -> None:
        """Start polling (a second call does nothing)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="slingcoach-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 15) -> None:
        """Stop after the current pass (waits up to ``timeout_s``)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)
            self._thread = None

    def serve_forever(self) -> None:
        """Poll in the calling thread until :meth:`stop` (``slingcoach worker``)."""
        self._loop()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                report = self.run_once()
                if report.claimed:
                    log.info(
                        "jobs: %s sent, %s to retry, %s failed",
                        report.sent,
                        report.retrying,
                        report.failed,
                    )
            except Exception:  # the database may be away a moment; try again next poll
                log.exception("the job worker's pass failed")
            self._stop.wait(self.poll_s)
