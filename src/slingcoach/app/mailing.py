"""Mail a use case wants sent: the use case builds it, the web layer hands it to its mailer.

Use cases never send mail themselves (no network in the application layer); they return
:class:`Mail` values after their transaction committed, so nothing is mailed about a change
that was rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def send_all(mailer: Mailer, mails: Iterable[Mail]) -> int:
    """Send each mail; returns how many were sent."""
    count = 0
    for mail in mails:
        mailer.send(mail.to, mail.subject, mail.text, attachments=list(mail.attachments))
        count += 1
    return count
