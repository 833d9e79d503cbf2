"""A local SMTP server for the tests (aiosmtpd) and the messages it received."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any


class Mailbox:
    """Messages received, parsed (``EmailMessage``), oldest first; thread-safe.

    ``before_read`` (set by the app fixtures) runs the app's job worker once before each
    read, so the queued mail that is due has been sent to this server through SMTP.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []
        self.before_read: Callable[[], object] | None = None

    def add(self, message: EmailMessage) -> None:
        with self._lock:
            self._messages.append(message)

    def clear(self) -> None:
        """Forget what arrived, the mail due by now included."""
        if self.before_read is not None:
            self.before_read()
        with self._lock:
            self._messages.clear()

    @property
    def messages(self) -> list[EmailMessage]:
        if self.before_read is not None:
            self.before_read()
        with self._lock:
            return list(self._messages)

    def to(self, address: str) -> list[EmailMessage]:
        """Messages whose To header names ``address``."""
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    @staticmethod
    def text(message: EmailMessage) -> str:
        """The plain-text body of a message."""
        body = message.get_body(preferencelist=("plain",))
        assert body is not None, "the message has no text part"
        return str(body.get_content())


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.mailbox.add(parsed)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SMTPServer:
    """aiosmtpd on 127.0.0.1 at a free port, in a thread of the test process."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.mailbox = Mailbox()
        self.host = "127.0.0.1"
        self.port = _free_port()
        self._controller = Controller(_Handler(self.mailbox), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
