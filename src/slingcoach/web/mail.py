"""Outgoing e-mail: an SMTP backend for production and a console backend for development.

``Mailer.send(to, subject, text, html=..., attachments=[(filename, bytes, mime)])`` builds a
standard MIME message (:class:`email.message.EmailMessage`) and hands it to the backend.
Tests start a local SMTP server (aiosmtpd) and read what arrives.
"""

from __future__ import annotations

import logging
import smtplib
import sys
from abc import ABC, abstractmethod
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import make_msgid
from typing import TYPE_CHECKING, TextIO

from slingcoach.errors import SlingcoachError

if TYPE_CHECKING:
    from slingcoach.web.settings import WebSettings

log = logging.getLogger(__name__)

Attachment = tuple[str, bytes, str]
"""(file name, content, MIME type such as ``text/calendar``)."""

SMTP_TIMEOUT_S = 10


class MailError(SlingcoachError, RuntimeError):
    """A message could not be handed to the mail server (the message says why)."""


def build_message(
    sender: str,
    to: str | Sequence[str],
    subject: str,
    text: str,
    *,
    html: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """A MIME message: plain text, an optional HTML alternative, then the attachments."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content, mime in attachments:
        maintype, _, subtype = mime.partition("/")
        if not subtype:
            raise ValueError(
                f"attachment {filename!r}: {mime!r} is not a MIME type like text/plain"
            )
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


class Mailer(ABC):
    """Sends messages from ``sender`` through one backend."""

    def __init__(self, sender: str) -> None:
        self.sender = sender

    def send(
        self,
        to: str | Sequence[str],
        subject: str,
        text: str,
        *,
        html: str | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> EmailMessage:
        """Build and deliver one message; returns it (its ``Message-ID`` identifies it)."""
        message = build_message(self.sender, to, subject, text, html=html, attachments=attachments)
        self.deliver(message)
        return message

    @abstractmethod
    def deliver(self, message: EmailMessage) -> None:
        """Hand a built message to the backend."""


class ConsoleMailer(Mailer):
    """Development: prints each message to a stream (stdout) instead of sending it."""

    def __init__(self, sender: str, stream: TextIO | None = None) -> None:
        super().__init__(sender)
        self.stream = stream

    def deliver(self, message: EmailMessage) -> None:
        stream = self.stream or sys.stdout
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        names = [part.get_filename() for part in message.iter_attachments()]
        stream.write(
            f"--- mail (console backend) ---\nFrom: {message['From']}\nTo: {message['To']}\n"
            f"Subject: {message['Subject']}\n"
            + (f"Attachments: {', '.join(str(n) for n in names)}\n" if names else "")
            + f"\n{text}\n--- end of mail ---\n"
        )
        stream.flush()


class SMTPMailer(Mailer):
    """Production: one SMTP connection per message (STARTTLS and login when configured)."""

    def __init__(
        self,
        sender: str,
        host: str,
        port: int,
        *,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = False,
    ) -> None:
        super().__init__(sender)
        self.host, self.port = host, port
        self.user, self.password, self.starttls = user, password, starttls

    def deliver(self, message: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_S) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            log.error("mail to %s not sent: %s", message["To"], exc)
            raise MailError(
                f"the mail server {self.host}:{self.port} did not take the message: {exc}"
            ) from None


def mailer_from(settings: WebSettings) -> Mailer:
    """The mailer the settings ask for (``SLINGCOACH_MAIL_BACKEND``)."""
    if settings.mail_backend == "smtp":
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return SMTPMailer(
            settings.mail_from,
            settings.smtp_host,
            settings.smtp_port,
            user=settings.smtp_user,
            password=password,
            starttls=settings.smtp_starttls,
        )
    return ConsoleMailer(settings.mail_from)
