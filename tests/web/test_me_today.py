"""The client's today (issue 15): the session of the day on a phone, logged set by set per side.

A1's program has a session on the world's Wednesday (w05-s2): its one-sided exercises are
planned right side first (A1's weaker side), and nothing of it is logged yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from slingcoach.app import today as today_app
from slingcoach.storage.database import Database
from tests.web.conftest import Browser
from tests.web.world import World

RDL = "single-leg-rdl-contralateral-dumbbell"


def _exercise(today: dict[str, Any], exercise_id: str) -> dict[str, Any]:
    found = [e for e in today["exercises"] if e["exercise_id"] == exercise_id]
    assert len(found) == 1, [e["exercise_id"] for e in today["exercises"]]
    return found[0]


def _tick(browser: Browser, exercise: dict[str, Any], side: int, number: int, **extra: Any) -> Any:
    body = {
        "item_key": exercise["sides"][side]["item_key"],
        "set_number": number,
        "side": exercise["sides"][side]["side"],
        "reps": 8,
        **extra,
    }
    return browser.post("/api/me/today/sets", json=body)


def test_today_lists_the_session_with_the_weaker_side_first(
    world: World, browser_for: Callable[..., Browser], web_db: Database
) -> None:
    today = browser_for(world.a1).get("/api/me/today").json()
    assert today["date"] == "2026-12-09"
    assert (today["week"], today["session"]) == (5, 2)
    rdl = _exercise(today, RDL)
    assert [s["side"] for s in rdl["sides"]] == ["right", "left"]  # A1's right side is weaker
    assert [s["sets"] for s in rdl["sides"]] == [3, 2]  # the weaker side's extra set
    assert rdl["rest_s"] == 60 and rdl["switch_s"] == today_app.SIDE_SWITCH_S
    assert rdl["loaded"] is True and rdl["cues"]
    # each side shows the load its stored progression sets; the world's last logged week
    # was a deload (hold-steady, logged without loads), which must not wipe the build
    # weeks' loads: the weaker (right) side's suggestion is the lighter one
    assert [s["suggested_load_kg"] is not None for s in rdl["sides"]] == [True, True]
    assert rdl["sides"][0]["suggested_load_kg"] < rdl["sides"][1]["suggested_load_kg"]
    squat = _exercise(today, "goblet-squat")  # two-sided: progressions kept per body side
    assert squat["sides"][0]["side"] == "both" and squat["sides"][0]["suggested_load_kg"]
    from sqlalchemy import select

    from slingcoach.storage.tables import ProgressionRow

    with web_db.read() as session:
        stored = {
            (r.exercise_id, r.side): r.load_kg for r in session.scalars(select(ProgressionRow))
        }
    shown = {
        (e["exercise_id"], s["side"]): s["suggested_load_kg"]
        for e in today["exercises"]
        for s in e["sides"]
    }
    assert len(shown) >= 2 and stored
    one_sided = {key: load for key, load in shown.items() if key[1] != "both"}
    assert one_sided == {key: stored.get(key) for key in one_sided}
    assert all(part is None for s in rdl["sides"] for part in s["logged"])
    first = today["exercises"][0]
    assert today["next_step"] == {
        "position": 1,
        "item_key": first["sides"][0]["item_key"],
        "set_number": 1,
        "side": first["sides"][0]["side"],
    }


def test_a_set_is_stored_at_once_and_survives_a_reload(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    rdl = _exercise(browser.get("/api/me/today").json(), RDL)
    response = _tick(browser, rdl, 0, 1, load_kg=12.5, pain=2)
    assert response.status_code == 200, response.text
    after = _exercise(response.json(), RDL)
    assert after["sides"][0]["logged"][0] == {
        "reps": 8,
        "seconds": None,
        "metres": None,
        "load_kg": 12.5,
        "rir": None,
        "pain": 2,
    }
    # a new browser (a reload, another phone) sees the half-logged session
    again = _exercise(browser_for(world.a1).get("/api/me/today").json(), RDL)
    assert again["sides"][0]["logged"][0]["load_kg"] == 12.5
    assert again["sides"][1]["logged"][0] is None
    # the other side joins the same set: one set with two parts
    assert _tick(browser, rdl, 1, 1, load_kg=12.5).status_code == 200
    page = browser.get("/me/today")
    assert page.status_code == 200
    assert "<strong>2</strong> of" in page.text


def test_each_logged_set_answers_exactly_what_a_reload_shows(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    # log-a-set builds its answer from the state it read and the part it stored (plus the
    # progressions read again); it must equal a fresh read, set after set, on both sides
    # and for a loaded two-sided exercise whose suggested load moves as sets are logged
    browser = browser_for(world.a1)
    today = browser.get("/api/me/today").json()
    rdl, squat = _exercise(today, RDL), _exercise(today, "goblet-squat")
    steps = [(rdl, 0, 1, 12.5), (rdl, 1, 1, 15.0), (rdl, 0, 2, 12.5), (squat, 0, 1, 20.0)]
    for exercise, side, number, load in steps:
        answer = _tick(browser, exercise, side, number, load_kg=load)
        assert answer.status_code == 200, answer.text
        assert answer.json() == browser_for(world.a1).get("/api/me/today").json()
    # the same set sent again changes nothing and answers the same
    again = _tick(browser, squat, 0, 1, load_kg=20.0)
    assert again.json() == browser.get("/api/me/today").json()


def test_a_double_submit_is_stored_once_and_a_different_value_is_a_conflict(
    world: World, browser_for: Callable[..., Browser], web_db: Database
) -> None:
    browser = browser_for(world.a1)
    rdl = _exercise(browser.get("/api/me/today").json(), RDL)
    first = _tick(browser, rdl, 0, 1, load_kg=10)
    second = _tick(browser, rdl, 0, 1, load_kg=10)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    with web_db.read() as session:
        from sqlalchemy import func, select

        from slingcoach.storage.tables import WorkoutRow

        count = session.scalar(
            select(func.count())
            .select_from(WorkoutRow)
            .where(WorkoutRow.performed_on == world.today)
        )
    assert count == 1
    changed = _tick(browser, rdl, 0, 1, load_kg=14)
    assert changed.status_code == 409
    assert "set 1" in changed.json()["detail"] and "logged already" in changed.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"item_key": "w01-s1-i01"}, "item_key", "not in today's session"),
        ({"side": "left"}, "side", "is the right side"),
        ({"set_number": 9}, "set_number", "has 3 sets"),
        ({"set_number": 2}, "set_number", "log set 1"),
        ({"reps": None, "seconds": 30}, "reps", "give the reps done"),
        ({"reps": -1}, "reps", "greater than or equal to 0"),
        ({"pain": 11}, "pain", "less than or equal to 10"),
        ({"load_kg": 900}, "", "kg"),
    ],
)
def test_bad_sets_are_refused_with_the_field_named_and_nothing_stored(
    world: World,
    browser_for: Callable[..., Browser],
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    browser = browser_for(world.a1)
    rdl = _exercise(browser.get("/api/me/today").json(), RDL)
    body = {
        "item_key": rdl["sides"][0]["item_key"],
        "set_number": 1,
        "side": "right",
        "reps": 8,
        **change,
    }
    body = {k: v for k, v in body.items() if v is not None}
    response = browser.post("/api/me/today/sets", json=body)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(message in d["msg"] for d in detail), detail
    if field:
        assert any(field in d["loc"] for d in detail), detail
    after = _exercise(browser.get("/api/me/today").json(), RDL)
    assert all(p is None for s in after["sides"] for p in s["logged"])


def test_the_phone_form_logs_a_set_and_the_card_asks_for_the_rest(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    page = browser.get("/me/today")
    assert page.status_code == 200
    rdl = _exercise(browser.get("/api/me/today").json(), RDL)
    form = {
        "item_key": rdl["sides"][0]["item_key"],
        "set_number": "1",
        "side": "right",
        "unit": "reps",
        "amount": "9",
        "load_kg": "12,5",
        "pain": "",
    }
    card = browser.post("/me/today/sets", data=form, headers={"HX-Request": "true"})
    assert card.status_code == 200
    assert f'id="ex-{rdl["position"]}"' in card.text
    # after the weaker side: the short switch to the other side, not the full rest
    assert f'data-rest-s="{today_app.SIDE_SWITCH_S}"' in card.text
    assert "Switch to your left side" in card.text
    assert "✓ 9 reps · 12.5 kg" in card.text
    form.update(side="left", item_key=rdl["sides"][1]["item_key"])
    card = browser.post("/me/today/sets", data=form, headers={"HX-Request": "true"})
    assert f'data-rest-s="{rdl["rest_s"]}"' in card.text  # both sides done: the rest
    # without htmx: back to the page at the exercise
    form.update(set_number="2", side="right", item_key=rdl["sides"][0]["item_key"])
    plain = browser.post("/me/today/sets", data=form, follow_redirects=False)
    assert plain.status_code == 303, re.findall(r"(?:field__error|alert)[^<]*<", plain.text)
    assert plain.headers["location"] == f"/me/today#ex-{rdl['position']}"


def test_the_phone_form_shows_the_error_next_to_the_field(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    rdl = _exercise(browser.get("/api/me/today").json(), RDL)
    form = {
        "item_key": rdl["sides"][0]["item_key"],
        "set_number": "1",
        "side": "right",
        "unit": "reps",
        "amount": "lots",
    }
    card = browser.post("/me/today/sets", data=form, headers={"HX-Request": "true"})
    assert card.status_code == 422
    assert "&#39;lots&#39; is not a whole number" in card.text
    assert 'aria-invalid="true"' in card.text


def test_how_it_felt_and_pain_at_the_end(
    world: World, browser_for: Callable[..., Browser], web_db: Database
) -> None:
    browser = browser_for(world.a1)
    early = browser.put("/api/me/today/checkin", json={"session_rpe": 6, "pain": 1})
    assert early.status_code == 422
    assert "log at least one set" in early.json()["detail"][0]["msg"]
    rdl = _exercise(browser.get("/api/me/today").json(), RDL)
    _tick(browser, rdl, 0, 1)
    missing = browser.post("/me/today/finish", data={"session_rpe": "6"})
    assert missing.status_code == 422
    assert "choose your pain, 0 to 10" in missing.text
    done = browser.post("/me/today/finish", data={"session_rpe": "6", "pain": "2"})
    assert done.status_code == 200  # followed the redirect to the page
    today = browser.get("/api/me/today").json()
    assert (today["session_rpe"], today["pain"], today["finished"]) == (6, 2, True)
    browser.put("/api/me/today/checkin", json={"session_rpe": 7, "pain": 0})
    assert browser.get("/api/me/today").json()["session_rpe"] == 7
    with web_db.read() as session:
        from sqlalchemy import select

        from slingcoach.storage.tables import WorkoutRow

        rpe = session.scalar(
            select(WorkoutRow.session_rpe).where(WorkoutRow.performed_on == world.today)
        )
    assert rpe == 7  # tracking reads the session RPE from the workout
    bad = browser.put("/api/me/today/checkin", json={"session_rpe": 11, "pain": 0})
    assert bad.status_code == 422


def test_a_day_without_a_session_names_the_next_one(
    world: World, browser_for: Callable[..., Browser], web_app: Any
) -> None:
    import datetime as dt

    web_app.state.clock = lambda: world.now + dt.timedelta(days=1)  # Thursday: a rest day
    browser = browser_for(world.a1)
    today = browser.get("/api/me/today").json()
    assert today["week"] is None and today["exercises"] == []
    assert today["next_session_on"] == "2026-12-11"
    assert "next session is on" in browser.get("/me/today").text
    refused = browser.post(
        "/api/me/today/sets",
        json={"item_key": "w05-s2-i01", "set_number": 1, "side": "right", "reps": 8},
    )
    assert refused.status_code == 404
    assert "2026-12-11" in refused.json()["detail"]


def test_today_follows_the_clients_time_zone() -> None:
    import datetime as dt

    late = dt.datetime(2026, 12, 9, 23, 30, tzinfo=dt.UTC)
    assert today_app.client_today(late, "Europe/London") == dt.date(2026, 12, 9)
    assert today_app.client_today(late, "Asia/Tokyo") == dt.date(2026, 12, 10)
    with pytest.raises(Exception, match="not a time zone"):
        today_app.client_today(late, "Mars/Olympus")


def test_a_client_without_a_program_is_told_so(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a2)
    assert browser.get("/api/me/today").json()["exercises"] == []
    page = browser.get("/me/today").text
    assert "no program session ahead" in page
    assert re.search(r"<h1>Today", page)


def test_simultaneous_double_taps_store_one_set(world: World, web_db: Database) -> None:
    """Eight requests for the same set at once (a double tap, retries): one workout, one set."""
    import threading

    from sqlalchemy import func, select

    from slingcoach.storage.tables import WorkoutRow

    today = today_app.today_session(web_db, world.a1_slug, today=world.today, timezone="UTC")
    rdl = next(e for e in today.exercises if e.exercise_id == RDL)
    entry = today_app.SetLog(item_key=rdl.sides[0].item_key, set_number=1, side="right", reps=8)
    results: list[Any] = []
    start = threading.Barrier(8)

    def tap() -> None:
        start.wait()
        try:
            results.append(
                today_app.log_set(
                    web_db, world.a1_slug, entry, today=world.today, timezone="UTC", now=world.now
                )
            )
        except Exception as exc:  # collected: the test shows it
            results.append(exc)

    threads = [threading.Thread(target=tap) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    with web_db.read() as session:
        workouts = session.scalar(
            select(func.count())
            .select_from(WorkoutRow)
            .where(WorkoutRow.performed_on == world.today)
        )
    assert workouts == 1
    after = today_app.today_session(web_db, world.a1_slug, today=world.today, timezone="UTC")
    stored = next(e for e in after.exercises if e.exercise_id == RDL)
    assert stored.sides[0].logged[0] is not None and stored.done_sets == 1


def test_a_set_logged_by_mistake_is_taken_back(
    world: World, browser_for: Callable[..., Browser], web_db: Database
) -> None:
    browser = browser_for(world.a1)
    rdl = _exercise(browser.get("/api/me/today").json(), RDL)
    weak, strong = rdl["sides"]
    assert _tick(browser, rdl, 0, 1, load_kg=12.5).status_code == 200
    assert _tick(browser, rdl, 1, 1, load_kg=15).status_code == 200
    assert _tick(browser, rdl, 0, 2, load_kg=12.5).status_code == 200
    undo = "/api/me/today/sets/undo"
    body = {"item_key": weak["item_key"], "set_number": 1, "side": weak["side"]}
    early = browser.post(undo, json=body)
    assert early.status_code == 422 and "take back set 2" in str(early.json()["detail"])
    done = browser.post(undo, json={**body, "set_number": 2})
    assert done.status_code == 200, done.text
    after = _exercise(done.json(), RDL)
    assert after["sides"][0]["logged"][:2] == [after["sides"][0]["logged"][0], None]
    assert after["sides"][0]["logged"][0]["load_kg"] == 12.5
    assert after["sides"][1]["logged"][0]["load_kg"] == 15
    # taking back what is not logged changes nothing (a double tap)
    again = browser.post(undo, json={**body, "set_number": 2})
    assert again.status_code == 200 and again.json() == done.json()
    # set 1 on both sides: the strong side's part can go, then the weak side's
    page = browser.get("/me/today").text
    assert 'action="/me/today/sets/undo"' in page and "Undo set 1 left" in page
    form = browser.post(
        "/me/today/sets/undo",
        data={"item_key": strong["item_key"], "set_number": "1", "side": strong["side"]},
        follow_redirects=False,
    )
    assert form.status_code == 303
    assert browser.post(undo, json=body).status_code == 200
    empty = _exercise(browser.get("/api/me/today").json(), RDL)
    assert all(part is None for side in empty["sides"] for part in side["logged"])
    with web_db.read() as session:
        from sqlalchemy import func, select

        from slingcoach.storage.tables import LogEntryRow, WorkoutRow

        rdl_entries = session.scalar(
            select(func.count())
            .select_from(LogEntryRow)
            .join(WorkoutRow)
            .where(WorkoutRow.performed_on == world.today, LogEntryRow.exercise_id == RDL)
        )
    assert rdl_entries == 0
    # the set can be logged again after it was taken back
    assert _tick(browser, rdl, 0, 1, load_kg=13).status_code == 200
    bad = browser.post(undo, json={**body, "side": "both"})
    assert bad.status_code == 422
    fuzz = browser.post("/me/today/sets/undo", data={"item_key": "x", "set_number": "one"})
    assert fuzz.status_code == 422 and "not a whole number" in fuzz.text


def test_the_same_exercise_twice_in_a_session_keeps_its_own_sets(
    world: World, web_db: Database
) -> None:
    """A warm-up and the main sets of one exercise are two items: a set logged for one is
    not shown as done for the other, and merging logs keeps them apart."""
    from slingcoach.app.logs import merge_logs
    from slingcoach.app.today import _done_parts, _exercises
    from slingcoach.tracking.model import LogEntry, LoggedSet, SessionLog, SidePart
    from slingcoach.tracking.plan import item_key
    from tests.web.world import _a1_history

    program = _a1_history()[3]
    week, session = next((w, s) for w in program.weeks for s in w.sessions if s.date == world.today)
    pair = [i for i in session.items if i.exercise_id == RDL]
    assert len(pair) == 2
    last = max(i.order for i in session.items)
    again = [
        i.model_copy(
            update={"key": item_key(week.number, session.number, last + n), "order": last + n}
        )
        for n, i in enumerate(pair, start=1)
    ]
    items = [*session.items, *again]

    def logged(key: str, side: str) -> SessionLog:
        part = SidePart(side=side, reps=8, load_kg=12.5)
        entry = LogEntry(item_key=key, exercise_id=RDL, sets=(LoggedSet(number=1, parts=(part,)),))
        return SessionLog(performed_on=world.today, entries=(entry,))

    day = merge_logs(logged(pair[0].key, pair[0].side.value), logged(again[0].key, "right"))
    assert [e.item_key for e in day.entries] == [pair[0].key, again[0].key]
    # the partner item (the other side, next to it) still joins the first entry's set
    day = merge_logs(day, logged(pair[1].key, pair[1].side.value))
    assert len(day.entries) == 2 and len(day.entries[0].sets[0].parts) == 2
    shown = [e for e in _exercises(items, _done_parts([day]), {}) if e.exercise_id == RDL]
    assert len(shown) == 2
    first, second = ([p is not None for p in s.logged] for s in shown[0].sides)
    assert first[0] and second[0]
    later = shown[1].sides
    assert [s.logged[0] is not None for s in later] == [s.side == "right" for s in later]
