"""Mail a use case wants sent: the use case builds it and queues it as a job in its own
transaction (:func:`slingcoach.app.jobs.enqueue_mail`); a worker hands it to a mailer.

Use cases never send mail themselves (no network in the application layer), and nothing is
mailed about a change that was rolled back: the queued mail is rolled back with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Mail:
    """One e-mail: recipient, subject, plain text and attachments ``(filename, bytes, mime)``."""

    to: str
    subject: str
    text: str
    attachments: tuple[tuple[str, bytes, str], ...] = field(default=())


class Mailer(Protocol):
    """What sends mail (``slingcoach.web.mail.Mailer``: console or SMTP)."""

    def send(
        self,
        to: str,
        subject: str,
        text: str,
        *,
        html: str | None = None,
        attachments: Sequence[tuple[str, bytes, str]] = (),
    ) -> object: ...
