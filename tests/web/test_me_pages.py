"""The client's calendar and progress pages, and the exercise library (issue 15)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from slingcoach.web.charts import chart_data
from tests.web.conftest import Browser
from tests.web.world import World


def test_the_calendar_marks_done_and_today(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    calendar = browser.get("/api/me/calendar").json()
    days = {d["date"]: d for w in calendar["weeks"] for d in w["days"]}
    assert len(calendar["weeks"]) == 8
    assert days["2026-12-09"]["status"] == "today"
    assert days["2026-12-11"]["status"] == "to come"
    past = [d for d in days.values() if d["date"] < "2026-12-09"]
    assert past and all(d["status"] in ("done", "part done", "missed") for d in past)
    # the world's simulated client logged most of the past sessions
    assert calendar["done"] + sum(d["status"] == "part done" for d in past) >= len(past) // 2
    assert calendar["done"] == sum(d["status"] == "done" for d in days.values())
    page = browser.get("/me/calendar")
    assert page.status_code == 200
    assert "Start today&#39;s session" in page.text or "Start today's session" in page.text
    assert page.text.count('class="card cal-week"') == 8
    # the weeks already behind (1-4 on the world's Wednesday of week 5) fold into one card,
    # the week of today comes first among the open ones
    start = page.text.index('class="card cal-past"')
    week_5 = page.text.index('id="week-5"')
    before = page.text[start:week_5]
    assert "Weeks 1–4" in before and 'id="week-4"' in before
    # the fold is closed again before week 5 starts (as many <details as </details>)
    assert before.count("<details") + 1 == before.count("</details>")


def test_sets_logged_today_count_on_the_calendar(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    today = browser.get("/api/me/today").json()
    first = today["exercises"][0]
    for number in range(1, first["sides"][0]["sets"] + 1):
        for side in first["sides"]:
            browser.post(
                "/api/me/today/sets",
                json={
                    "item_key": side["item_key"],
                    "set_number": number,
                    "side": side["side"],
                    "reps": 9,
                },
            ).raise_for_status()
    day = next(
        d
        for w in browser.get("/api/me/calendar").json()["weeks"]
        for d in w["days"]
        if d["date"] == "2026-12-09"
    )
    assert day["status"] == "today"  # half logged: still today's, not "part done" until it ends
    assert day["done_sets"] == sum(s["sets"] for s in first["sides"])


def test_a_client_without_a_program_has_an_empty_calendar(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a2)
    assert browser.get("/api/me/calendar").json()["weeks"] == []
    assert "There is no program yet" in browser.get("/me/calendar").text


def test_progress_charts_carry_both_sides(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    data = browser.get("/api/me/progress").json()
    assert data["sessions_logged"] > 0
    page = browser.get("/me/progress")
    assert page.status_code == 200
    specs = [
        json.loads(m)
        for m in re.findall(r'<script type="application/json">(.*?)</script>', page.text, re.S)
    ]
    ids = [s["id"] for s in specs]
    assert ids[0] == "volume" or "asymmetry" in ids
    volume = next(s for s in specs if s["id"] == "volume")
    assert {s["side"] for s in volume["series"]} == {"left", "right"}
    assert all(len(s["values"]) == len(volume["x"]) for s in volume["series"])
    done = [s for s in volume["series"] if not s["dashed"]]
    assert sum(v for s in done for v in s["values"]) > 0  # four weeks of logs
    strength = [s for s in specs if s["id"].startswith("strength-")]
    assert strength, ids
    assert [s["label"] for s in strength[0]["series"]] == ["left", "right"]
    assert "/static/charts.js" in page.text and "uPlot.iife.min.js" in page.text


def test_chart_data_from_progress_without_history(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    from slingcoach.app.progress import Progress

    empty = Progress.model_validate(browser_for(world.a2).get("/api/me/progress").json())
    specs = chart_data(empty)
    assert [s.id for s in specs] == ["asymmetry", "volume", "strength"]
    assert all(s.empty for s in specs)
    page = browser_for(world.a2).get("/me/progress").text
    # each empty chart says what will fill it
    assert "Appears after an assessment with left and right tests." in page
    assert "Appears once there is a program." in page
    assert "Appears once loaded one-sided sets are logged." in page


def test_one_assessment_or_one_session_reads_as_values_not_a_column_of_dots(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    from slingcoach.app.progress import Progress

    client = browser_for(world.a1)
    full = Progress.model_validate(client.get("/api/me/progress").json())
    days = {p.assessed_on for points in full.asymmetry.values() for p in points}
    assert len(days) == 1, "the world's A1 has one assessment"
    (day,) = days
    assert full.retest_week == 8 and full.retest_from is not None and full.retest_from > day
    trend = full.strength[0]
    one = full.model_copy(
        update={"strength": [trend.model_copy(update={"points": trend.points[:1]})]}
    )
    asymmetry, volume, strength = chart_data(one)
    assert asymmetry.single and asymmetry.remark == (
        f"One assessment so far ({day.day} {day:%B %Y}): the re-test in week 8 "
        f"(from {full.retest_from.day} {full.retest_from:%B %Y}) shows the trend."
    )
    gaps = [float(value.removesuffix(" %")) for _, value in asymmetry.one_point]
    measured = [pts for pts in full.asymmetry.values() if pts[0].percent_difference is not None]
    assert len(gaps) == len(measured) >= 5 and gaps == sorted(gaps, key=abs, reverse=True)
    assert not volume.single and volume.remark is None  # four weeks logged: a real chart
    point = trend.points[0]
    assert strength.single and strength.one_point == [
        ("left", f"{point.left_kg:g} kg"),
        ("right", f"{point.right_kg:g} kg"),
    ]
    assert strength.remark == (
        f"Logged once so far ({point.performed_on.day} {point.performed_on:%B %Y}): "
        "the lines start with the next session."
    )
    # the page lists the one assessment's values instead of plotting them
    page = client.get("/me/progress").text
    assert "the re-test in week 8" in page
    assert page.count('class="table small chart__single"') == 1


def test_the_library_searches_and_filters(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    found = browser.get("/api/library", params={"q": "single leg rdl"}).json()
    assert found["exercises"][0]["id"].startswith("single-leg-rdl")
    pos = browser.get("/api/library", params={"sling": "posterior-oblique"}).json()
    assert pos["total"] > 0
    assert all("posterior oblique" in e["slings"] for e in pos["exercises"])
    bags = browser.get("/api/library", params={"equipment": "sandbag", "pattern": "carry"}).json()
    assert bags["total"] > 0
    assert all("sandbag" in e["equipment"] and e["pattern"] == "carry" for e in bags["exercises"])
    assert len(browser.get("/api/library").json()["exercises"]) == 20
    page = browser.get("/library", params={"sling": "posterior-oblique"})
    assert page.status_code == 200 and "posterior oblique" in page.text
    coach = browser_for(world.coach_a)
    assert coach.get("/library").status_code == 200  # both roles


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"sling": "diagonal"}, "sling", "is not a known sling"),
        ({"equipment": "spaceship"}, "equipment", "is not a known equipment"),
        ({"page": "0"}, "page", "greater than or equal to 1"),
    ],
)
def test_bad_library_filters_name_the_field(
    world: World,
    browser_for: Callable[..., Browser],
    params: dict[str, str],
    field: str,
    message: str,
) -> None:
    browser = browser_for(world.a1)
    api = browser.get("/api/library", params=params)
    assert api.status_code == 422
    assert any(message in d["msg"] and field in d["loc"] for d in api.json()["detail"])
    page = browser.get("/library", params=params)
    assert page.status_code == 422
    assert 'class="field__error">' in page.text and message in page.text


def test_an_exercise_page_has_cues_and_a_diagram(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a1)
    exercise_id = "single-leg-rdl-contralateral-dumbbell"
    page = browser.get("/library/exercise", params={"id": exercise_id})
    assert page.status_code == 200
    assert "Cues" in page.text and f"/library/diagram.svg?id={exercise_id}" in page.text
    svg = browser.get("/library/diagram.svg", params={"id": exercise_id})
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith(("<svg", "<?xml"))
    card = browser.get("/api/library/exercise", params={"id": exercise_id}).json()
    assert card["row"]["cues"] and card["dose"].endswith("per side")
    missing = browser.get("/api/library/exercise", params={"id": "single-leg-rld"})
    assert missing.status_code == 404
    assert browser.get("/library/exercise", params={"id": "nope"}).status_code == 404


def test_the_library_is_for_signed_in_users(anon: Callable[[], Browser]) -> None:
    nobody = anon()
    assert nobody.get("/api/library").status_code == 401
    response = nobody.get("/library", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
