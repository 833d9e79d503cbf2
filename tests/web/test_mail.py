"""Mail: SMTP delivery to a local server the test starts (aiosmtpd), and the console backend."""

from __future__ import annotations

import io

import pytest

from slingcoach.web.mail import ConsoleMailer, MailError, SMTPMailer, build_message
from tests.web.mailbox import Mailbox, SMTPServer


def test_smtp_delivers_text_html_and_attachments(smtp_server: SMTPServer, mailbox: Mailbox) -> None:
    mailer = SMTPMailer("Coach <coach@slingcoach.test>", smtp_server.host, smtp_server.port)
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    mailer.send(
        "sam@example.com",
        "Your session",
        "See you on Monday.",
        html="<p>See you on <b>Monday</b>.</p>",
        attachments=[("invite.ics", ics, "text/calendar")],
    )
    [received] = mailbox.to("sam@example.com")
    assert received["Subject"] == "Your session"
    assert Mailbox.text(received).strip() == "See you on Monday."
    html = received.get_body(preferencelist=("html",))
    assert html is not None and "<b>Monday</b>" in html.get_content()
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_payload(decode=True) == ics


def test_an_unreachable_server_is_a_clear_error() -> None:
    mailer = SMTPMailer("coach@slingcoach.test", "127.0.0.1", 1)
    with pytest.raises(MailError, match=r"127\.0\.0\.1:1 did not take the message"):
        mailer.send("sam@example.com", "hello", "text")


def test_the_console_backend_prints_the_message() -> None:
    stream = io.StringIO()
    ConsoleMailer("coach@localhost", stream).send(
        "sam@example.com", "Reset", "Open the link.", attachments=[("a.txt", b"x", "text/plain")]
    )
    out = stream.getvalue()
    assert "To: sam@example.com" in out and "Subject: Reset" in out
    assert "Open the link." in out and "Attachments: a.txt" in out


def test_a_bad_mime_type_is_refused() -> None:
    with pytest.raises(ValueError, match="not a MIME type"):
        build_message("a@b.c", "d@e.f", "s", "t", attachments=[("x", b"", "calendar")])
