"""Message pages and API: the client's thread, the coach's inbox and client thread, unread
counts in the nav, the e-mail notice, and bad input next to the field."""

from __future__ import annotations

from collections.abc import Callable

from tests.web.conftest import Browser
from tests.web.mailbox import Mailbox
from tests.web.world import World


def test_client_and_coach_talk_and_the_nav_counts_unread(
    world: World, browser_for: Callable[..., Browser], mailbox: Mailbox
) -> None:
    a1 = browser_for(world.a1)
    coach = browser_for(world.coach_a)
    before = coach.get("/coach/messages").text
    sent = a1.post(
        "/me/messages", data={"body": "Left hip tight <b>again</b>"}, follow_redirects=False
    )
    assert sent.status_code == 303
    assert "Left hip tight &lt;b&gt;again&lt;/b&gt;" in a1.get("/me/messages").text
    (notice,) = mailbox.to("coach-a@example.com")
    assert str(notice["Subject"]) == f"New message from {world.a1.name}"
    assert f"https://testserver/coach/clients/{world.a1_slug}/messages" in Mailbox.text(notice)
    inbox = coach.get("/coach/messages").text
    assert inbox != before and "1 new" in inbox and world.a1.name in inbox
    assert 'aria-label="unread messages"' in coach.get("/coach/bookings").text
    thread = coach.get(f"/coach/clients/{world.a1_slug}/messages").text
    assert "Left hip tight" in thread
    assert coach.get("/api/coach/messages/unread").json() == []  # reading marked it read
    reply = coach.post(
        f"/coach/clients/{world.a1_slug}/messages",
        data={"body": "Let's check Friday."},
        follow_redirects=False,
    )
    assert reply.status_code == 303
    assert a1.get("/api/me/messages/unread").json() == {"unread": 1}
    assert '<span class="badge" aria-label="unread messages">1</span>' in a1.get("/me/book").text
    thread = a1.get("/api/me/messages").json()
    assert [m["sender"] for m in thread["messages"]] == ["client", "coach"] and thread[
        "unread"
    ] == 1
    assert a1.get("/api/me/messages/unread").json() == {"unread": 0}


def test_an_empty_message_is_refused_next_to_the_field(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    a1 = browser_for(world.a1)
    page = a1.post("/me/messages", data={"body": "   "})
    assert (
        page.status_code == 422
        and "the message is empty" in page.text
        and "field__error" in page.text
    )
    api = a1.post("/api/me/messages", json={"body": ""})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"][-1] == "body"
    huge = browser_for(world.coach_a).post(
        f"/api/clients/{world.a1_slug}/messages", json={"body": "x" * 6000}
    )
    assert huge.status_code == 422


def test_the_api_thread_is_per_client(world: World, browser_for: Callable[..., Browser]) -> None:
    coach = browser_for(world.coach_a)
    made = coach.post(f"/api/clients/{world.a2_slug}/messages", json={"body": "Welcome, Avery"})
    assert made.status_code == 201 and made.json()["sender"] == "coach"
    assert browser_for(world.a1).get("/api/me/messages").json()["messages"] == []
    assert (
        browser_for(world.a2).get("/api/me/messages").json()["messages"][-1]["body"]
        == "Welcome, Avery"
    )
    assert coach.get(f"/api/clients/{world.b1_slug}/messages").status_code == 404
