"""Message pages and API: the client's thread, the coach's inbox and client thread, unread
counts in the nav, the e-mail notice, and bad input next to the field."""

from __future__ import annotations

import re
from collections.abc import Callable

from slingcoach.storage.database import Database
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


def test_a_long_thread_shows_the_newest_page_and_older_on_request(
    world: World, web_db: Database, browser_for: Callable[..., Browser]
) -> None:
    from tests.app.test_messages import _fill

    _fill(web_db, world.a1_slug, 80)
    coach = browser_for(world.coach_a)
    page = coach.get(f"/coach/clients/{world.a1_slug}/messages")
    assert page.status_code == 200 and "m79" in page.text and ">m29<" not in page.text
    older = re.search(r'href="\?before=(\d+)"', page.text)
    assert older, page.text[:500]
    back = coach.get(f"/coach/clients/{world.a1_slug}/messages?before={older.group(1)}")
    assert back.status_code == 200 and ">m29<" in back.text and "m79" not in back.text
    a1 = browser_for(world.a1)
    first = a1.get("/api/me/messages", params={"limit": 10}).json()
    assert [m["body"] for m in first["messages"]][-1] == "m79" and len(first["messages"]) == 10
    second = a1.get("/api/me/messages", params={"limit": 10, "before": first["older"]}).json()
    assert second["messages"][-1]["id"] < first["messages"][0]["id"]
    assert second["earlier"] == first["earlier"] - 10
    assert a1.get("/api/me/messages", params={"limit": 0}).status_code == 422
    assert a1.get("/api/me/messages", params={"before": 2**31 - 1}).status_code == 404
