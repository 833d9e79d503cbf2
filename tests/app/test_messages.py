"""Message use cases: one thread per client, unread counts per side, e-mail notices."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from slingcoach.app import messages
from slingcoach.app.messages import MessageCreate
from slingcoach.errors import InvalidInputError, NotFoundError
from slingcoach.storage.database import Database
from tests.app.booking_world import NOW, People, make_people


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from slingcoach.app import accounts

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def people(db: Database) -> People:
    return make_people(db)


def send(
    db: Database, slug: str, body: str, sender: messages.Role, minutes: int = 0
) -> messages.SentMessage:
    return messages.send_message(
        db,
        slug,
        MessageCreate(body=body),
        sender=sender,
        now=NOW + dt.timedelta(minutes=minutes),
        base_url="https://coach.example",
    )


def test_a_thread_reads_in_order_and_marks_the_other_side_read(
    db: Database, people: People
) -> None:
    assert people.coach_a.coach_id is not None and people.a1.client_id is not None
    send(db, people.a1_slug, "My left hip is stiff after deadlifts.", "client", 0)
    send(db, people.a1_slug, "Also tight hamstrings.", "client", 1)
    send(db, people.a2_slug, "Hello!", "client", 2)
    unread = messages.unread_for_coach(db, people.coach_a.coach_id)
    assert [(u.client, u.unread) for u in unread] == [(people.a2_slug, 1), (people.a1_slug, 2)]
    thread = messages.read_thread(
        db, people.a1_slug, reader="coach", now=NOW + dt.timedelta(minutes=5)
    )
    assert [m.body for m in thread.messages] == [
        "My left hip is stiff after deadlifts.",
        "Also tight hamstrings.",
    ]
    assert (
        thread.unread == 2
        and thread.client_name == "Sam Rivera"
        and thread.coach_name == "Alex Morgan"
    )
    assert [
        (u.client, u.unread) for u in messages.unread_for_coach(db, people.coach_a.coach_id)
    ] == [(people.a2_slug, 1)]
    # the coach's own view does not mark the client's side; the client has nothing unread yet
    assert messages.unread_for_client(db, people.a1.client_id) == 0
    send(db, people.a1_slug, "Let's look at it on Friday.", "coach", 10)
    assert messages.unread_for_client(db, people.a1.client_id) == 1
    seen = messages.read_thread(
        db, people.a1_slug, reader="client", now=NOW + dt.timedelta(minutes=11)
    )
    assert seen.unread == 1 and messages.unread_for_client(db, people.a1.client_id) == 0
    assert [m.read_at is not None for m in seen.messages] == [True, True, False]
    peek = messages.read_thread(db, people.a1_slug, reader="client", mark_read=False)
    assert peek.messages[-1].read_at == NOW + dt.timedelta(minutes=11)


def test_a_notice_is_mailed_for_the_first_unread_message_only(db: Database, people: People) -> None:
    first = send(db, people.a1_slug, "Quick question about Thursday's session", "client")
    assert first.mail is not None
    assert first.mail.to == "coach-a@example.com"
    assert first.mail.subject == "New message from Sam Rivera"
    assert "> Quick question about Thursday's session" in first.mail.text
    assert f"https://coach.example/coach/clients/{people.a1_slug}/messages" in first.mail.text
    assert send(db, people.a1_slug, "and another", "client").mail is None
    messages.read_thread(db, people.a1_slug, reader="coach", now=NOW)
    assert send(db, people.a1_slug, "after you read", "client").mail is not None
    reply = send(db, people.a1_slug, "x" * 600, "coach")
    assert reply.mail is not None and reply.mail.to == "a1@example.com"
    assert "https://coach.example/me/messages" in reply.mail.text
    assert (
        "x" * 500 in reply.mail.text
        and "x" * 501 not in reply.mail.text
        and " …" in reply.mail.text
    )


def test_threads_are_separate_per_client(db: Database, people: People) -> None:
    send(db, people.a1_slug, "for A1", "coach")
    send(db, people.b1_slug, "for B1", "coach")
    assert [
        m.body for m in messages.read_thread(db, people.a2_slug, reader="client").messages
    ] == []
    assert [m.body for m in messages.read_thread(db, people.b1_slug, reader="client").messages] == [
        "for B1"
    ]


@pytest.mark.parametrize("body", ["", "   \n\t ", "x" * 5001])
def test_an_empty_or_huge_message_is_refused(body: str) -> None:
    with pytest.raises(ValidationError, match="body"):
        MessageCreate(body=body)


def test_unknown_clients_and_clients_without_coach_are_refused(
    db: Database, people: People
) -> None:
    from slingcoach.app.clients import ClientCreate, add_client

    with pytest.raises(NotFoundError, match="no client with the id 'nobody'"):
        send(db, "nobody", "hello", "client")
    loner = add_client(db, ClientCreate(name="No Coach"))
    with pytest.raises(InvalidInputError, match="No Coach has no coach to message"):
        send(db, loner.slug, "hello", "client")


def test_the_inbox_lists_every_client_with_the_last_message(db: Database, people: People) -> None:
    assert people.coach_a.coach_id is not None
    send(db, people.a2_slug, "first", "client", 0)
    send(db, people.a2_slug, "latest from coach", "coach", 5)
    send(db, people.a1_slug, "unread one", "client", 3)
    messages.read_thread(db, people.a2_slug, reader="client", now=NOW)  # the client's view
    threads = messages.threads_of_coach(db, people.coach_a.coach_id)
    assert [(t.client, t.unread, t.last_body, t.last_sender) for t in threads] == [
        (people.a2_slug, 1, "latest from coach", "coach"),
        (people.a1_slug, 1, "unread one", "client"),
    ]
    messages.read_thread(db, people.a2_slug, reader="coach", now=NOW)
    again = messages.threads_of_coach(db, people.coach_a.coach_id)
    assert [(t.client, t.unread) for t in again] == [(people.a1_slug, 1), (people.a2_slug, 0)]


@pytest.mark.parametrize("body", ["a\x00b", "bell\x07", "esc\x1b[31m"])
def test_control_characters_are_refused(body: str) -> None:
    with pytest.raises(ValidationError, match="control character"):
        MessageCreate(body=body)


def test_a_nul_in_a_message_is_a_422_not_a_server_error_on_both_databases(
    db: Database, people: People
) -> None:
    with pytest.raises(ValidationError, match=r"control character \(U\+0000\)"):
        send(db, people.a1_slug, "hi\x00", "client")
    assert messages.read_thread(db, people.a1_slug, reader="coach").messages == []


def _fill(db: Database, slug: str, count: int) -> None:
    """``count`` messages from the client, several in the same second (ties on created_at)."""
    from sqlalchemy import select

    from slingcoach.storage.tables import Client, MessageRow

    with db.write() as session:
        client_id = session.scalar(select(Client.id).where(Client.slug == slug))
        for n in range(count):
            at = NOW - dt.timedelta(hours=1) + dt.timedelta(seconds=n // 3)
            session.add(
                MessageRow(client_id=client_id, sender="client", body=f"m{n}", created_at=at)
            )


def test_a_long_thread_pages_back_from_the_newest(db: Database, people: People) -> None:
    _fill(db, people.a1_slug, 120)
    newest = messages.read_thread(db, people.a1_slug, reader="client", now=NOW)
    assert [m.body for m in newest.messages] == [f"m{n}" for n in range(70, 120)]
    assert newest.earlier == 70 and newest.older == newest.messages[0].id
    # a message that arrives while the coach pages back shifts nothing
    send(db, people.a1_slug, "a new one", "client", minutes=1)
    pages = [newest]
    while pages[-1].older is not None:
        pages.append(
            messages.read_thread(
                db, people.a1_slug, reader="coach", now=NOW, before=pages[-1].older, limit=50
            )
        )
    assert [len(p.messages) for p in pages] == [50, 50, 20]
    assert [p.earlier for p in pages] == [70, 20, 0]
    bodies = [m.body for p in reversed(pages) for m in p.messages]
    assert bodies == [f"m{n}" for n in range(120)]
    # paging back marks nothing read; the newest page does
    assert messages.unread_for_coach(db, people.coach_a.coach_id or 0)[0].unread == 121
    messages.read_thread(db, people.a1_slug, reader="coach", now=NOW)
    assert messages.unread_for_coach(db, people.coach_a.coach_id or 0) == []


def test_a_page_cursor_from_another_thread_or_a_bad_size_is_refused(
    db: Database, people: People
) -> None:
    _fill(db, people.a1_slug, 3)
    _fill(db, people.a2_slug, 1)
    other = messages.read_thread(db, people.a2_slug, reader="client", now=NOW)
    with pytest.raises(NotFoundError, match=f"no message {other.messages[0].id} in this thread"):
        messages.read_thread(
            db, people.a1_slug, reader="client", now=NOW, before=other.messages[0].id
        )
    with pytest.raises(InvalidInputError, match="give 1 to 200 messages, not 0"):
        messages.read_thread(db, people.a1_slug, reader="client", now=NOW, limit=0)
