"""The coach's pages and API (issue 15): dashboard, client page, program edits, generation,
exports; bad input answers beside the field (422), never a 500."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest

from slingcoach.storage.database import Database
from tests.web.conftest import Browser
from tests.web.world import World


def _item(browser: Browser, world: World, *, side: str | None = None) -> dict[str, object]:
    overview = browser.get(f"/api/clients/{world.a1_slug}/overview").json()
    for session in overview["week"]:
        for item in session["items"]:
            if item["editable"] and (side is None or item["side"] == side):
                return item
    raise AssertionError("no editable item this week")


def test_the_dashboard_lists_the_coach_own_clients(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.get("/coach/")
    assert page.status_code == 200
    assert world.a1.name in page.text and world.a2.name in page.text
    assert world.b1.name not in page.text
    rows = coach.get("/api/coach/dashboard").json()["rows"]
    assert {r["client"] for r in rows} == {world.a1_slug, world.a2_slug}
    a1 = next(r for r in rows if r["client"] == world.a1_slug)
    assert a1["findings"] and a1["sessions_planned"] > 0
    # A2 has no program yet: its own state, not "silent" and not "on track"
    a2 = next(r for r in rows if r["client"] == world.a2_slug)
    assert a2["state"] == "no-program" and a2["flags"] == []
    assert "no program yet" in page.text


def test_the_client_page_shows_assessment_program_progress_and_exports(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.get(f"/coach/clients/{world.a1_slug}")
    assert page.status_code == 200
    for text in ("Oswestry", "Findings", "Move the training days", "sessions logged", "PDF"):
        assert text in page.text
    report = coach.get(
        f"/coach/clients/{world.a1_slug}/assessments/{world.a1_assessment_id}/report"
    )
    assert report.status_code == 200 and "<svg" in report.text
    base = f"/coach/clients/{world.a1_slug}/programs/{world.a1_program_id}/export"
    ics = coach.get(base, params={"format": "ics"})
    assert ics.status_code == 200 and ics.text.startswith("BEGIN:VCALENDAR")
    assert coach.get(base, params={"format": "json"}).json()["weeks_count"] == 8
    assert coach.get(base, params={"format": "exe"}).status_code == 422
    empty = coach.get(f"/coach/clients/{world.a2_slug}")
    assert (
        empty.status_code == 200 and "No program yet: it is made from an assessment" in empty.text
    )


def test_a_sets_edit_from_the_form_is_stored_and_said(
    world: World, browser_for: Callable[..., Browser], web_db: Database
) -> None:
    coach = browser_for(world.coach_a)
    item = _item(coach, world, side="both")
    sets = int(item["sets"]) - 1 or 2
    moved = coach.post(
        f"/coach/clients/{world.a1_slug}/program/edits",
        data={"kind": "sets", "item_key": item["key"], "sets": str(sets)},
        follow_redirects=False,
    )
    assert moved.status_code == 303, moved.text[:500]
    history = coach.get(f"/api/clients/{world.a1_slug}/program/edits").json()
    assert len(history) == 1 and history[0]["author"].endswith(f"<{world.coach_a.email}>")
    assert history[0]["edit"]["item_key"] == item["key"]
    page = coach.get(f"/coach/clients/{world.a1_slug}")
    assert "Changes made" in page.text


def test_bad_edits_answer_beside_the_form_never_500(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    url = f"/coach/clients/{world.a1_slug}/program/edits"
    item = _item(coach, world)
    for data, message in [
        ({"kind": "sets", "item_key": item["key"], "sets": "0"}, "greater than or equal to 1"),
        ({"kind": "sets", "item_key": item["key"], "sets": "lots"}, "valid integer"),
        ({"kind": "sets", "item_key": "w99-s1-i01", "sets": "3"}, "no item"),
        ({"kind": "swap", "item_key": item["key"], "to": "no-such"}, "no-such"),
        ({"kind": "days", "weekdays": ["monday"]}, "days a week"),
        ({"kind": "paint"}, "tag"),
    ]:
        response = coach.post(url, data=data)
        assert response.status_code in (404, 422), (data, response.status_code)
        if response.status_code == 422:
            assert message in response.text, (data, message)


def test_the_api_refuses_an_edit_that_breaks_a_rule_with_the_problems(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    item = _item(coach, world, side="both")
    url = f"/api/clients/{world.a1_slug}/program/edits"
    refused = coach.post(url, json={"kind": "sets", "item_key": item["key"], "sets": 10})
    assert refused.status_code == 409
    assert any("min the client has" in p for p in refused.json()["problems"])
    checked = coach.post(
        url,
        params={"dry_run": "true"},
        json={"kind": "sets", "item_key": item["key"], "sets": int(item["sets"]) + 1},
    )
    assert checked.status_code in (200, 409)
    assert coach.get(url).json() == []
    bad = coach.post(url, json={"kind": "sets", "item_key": "x", "sets": 3})
    assert bad.status_code == 422 and bad.json()["detail"]
    subs = coach.get(
        f"/api/clients/{world.a1_slug}/program/substitutes", params={"item_key": item["key"]}
    )
    assert subs.status_code == 200 and isinstance(subs.json(), list)


def test_the_swap_fragment_lists_substitutes(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    item = _item(coach, world, side="right") if True else None
    fragment = coach.get(
        f"/coach/clients/{world.a1_slug}/program/substitutes", params={"item_key": item["key"]}
    )
    assert fragment.status_code == 200 and 'name="to"' in fragment.text


def test_generating_a_program_from_the_form(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    url = f"/coach/clients/{world.a1_slug}/programs"
    bad = coach.post(url, data={"weeks": "99"})
    assert bad.status_code == 422 and "give a number from 4 to 16" in bad.text
    past = coach.post(url, data={"start_date": "2020-01-06"})
    assert past.status_code == 422 and "the first day is in the past" in past.text
    made = coach.post(url, data={"weeks": "4"}, follow_redirects=False)
    assert made.status_code == 303
    none = coach.post(f"/coach/clients/{world.a2_slug}/programs", data={})
    assert none.status_code in (404, 422)


def test_field_tests_from_the_form_make_a_new_assessment(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.get(f"/coach/clients/{world.a1_slug}")
    assert (
        'name="side-plank-hold.left"' in page.text and 'name="side-plank-hold.right"' in page.text
    )
    url = f"/coach/clients/{world.a1_slug}/tests"
    bad = coach.post(url, data={"side-plank-hold.left": "60", "side-plank-hold.right": "abc"})
    assert bad.status_code == 422
    assert (
        "&#39;abc&#39; is not a number" in bad.text and "t-side-plank-hold.right-error" in bad.text
    )
    one = coach.post(url, data={"side-plank-hold.left": "60"})
    assert one.status_code == 422 and "enter both sides" in one.text
    huge = coach.post(url, data={"side-plank-hold.left": "60", "side-plank-hold.right": "99999"})
    assert huge.status_code == 422 and "less than or equal to" in huge.text
    done = coach.post(
        url,
        data={"side-plank-hold.left": "60", "side-plank-hold.right": "40"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    overview = coach.get(f"/api/clients/{world.a1_slug}/overview").json()
    assert len(overview["assessments"]) == 2
    assert any(
        t.startswith("Side plank hold: left 60, right 40") for t in overview["latest"]["tests"]
    )
    api = coach.post(
        f"/api/clients/{world.a1_slug}/tests",
        json={"tests": {"side-plank-hold": {"left": 61, "right": -3}}},
    )
    assert api.status_code == 422 and "side-plank-hold.right" in str(api.json()["detail"])


def test_an_uploaded_recording_is_analysed_and_shown(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    from tests.web.world import SAMPLE

    coach = browser_for(world.coach_a)
    url = f"/coach/clients/{world.a1_slug}/recordings"
    content = (SAMPLE.parent / "recordings" / "sam-phe-right.csv").read_bytes()
    form = {"kind": "emg", "task": "prone-hip-extension", "side": "right"}
    done = coach.post(url, data=form, files={"file": ("phe-again.csv", content, "text/csv")})
    assert done.status_code == 200, done.text[:300]
    assert (
        "Analysis of phe-again.csv" in done.text
        and "Evidence in: posterior oblique right" in done.text
    )
    html = coach.post(
        url, data=form, files={"file": ("x.csv", b"<script>alert(1)</script>", "text/csv")}
    )
    assert html.status_code == 422 and "looks like a web page" in html.text
    exe = coach.post(url, data=form, files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert exe.status_code == 422 and "upload a CSV, TXT or C3D recording" in exe.text
    broken = coach.post(url, data=form, files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")})
    assert broken.status_code == 422 and "no time column" in broken.text
    # the content is checked, not only the name: binary data named .csv, a .c3d without
    # the C3D header
    binary = coach.post(
        url, data=form, files={"file": ("x.csv", bytes(range(256)) * 4, "text/csv")}
    )
    assert binary.status_code == 422 and "not a UTF-8 text file" in binary.text
    fake = coach.post(
        url,
        data={**form, "kind": "forceplate", "task": "cmj"},
        files={"file": ("x.c3d", b"hello world" * 100, "application/octet-stream")},
    )
    assert fake.status_code == 422 and "not a readable C3D file" in fake.text
    none = coach.post(url, data=form)
    assert none.status_code == 422 and "choose a recording file" in none.text
    kind = coach.post(
        url, data={**form, "kind": "video"}, files={"file": ("y.csv", content, "text/csv")}
    )
    assert kind.status_code == 422 and "f-kind-error" in kind.text


def test_a_client_without_intake_is_told_so(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    response = coach.post(
        f"/coach/clients/{world.a2_slug}/tests",
        data={"side-plank-hold.left": "60", "side-plank-hold.right": "50"},
    )
    assert response.status_code == 422 and "has not filled in the intake yet" in response.text


def test_the_client_page_speaks_to_the_coach_in_names_and_rounded_numbers(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    import re

    coach = browser_for(world.coach_a)
    overview = coach.get(f"/api/clients/{world.a1_slug}/overview").json()
    findings = overview["latest"]["coach_findings"]
    assert findings, "the world's a1 has an imbalance"
    first_name = world.a1.name.split()[0]
    assert findings[0]["summary"].startswith(f"{first_name}'s ")
    assert findings[0]["title"].endswith("sling") and "-" not in findings[0]["title"]
    page = coach.get(f"/coach/clients/{world.a1_slug}").text
    main = page[page.index("<main") : page.index("</main>")]
    assert f"{first_name}&#39;s " in main
    # the client-facing wording and raw floats stay off the coach's page
    assert "Your right" not in main and "Your left" not in main
    assert not re.search(r"\d+\.\d{3,}", main), re.search(r"\d+\.\d{3,}", main)
    # exercises and tests by name: no kebab-case ids shown as text in the tables
    for table in re.findall(r"<table.*?</table>", main, flags=re.S):
        cells = re.findall(r"<td[^>]*>([^<]*)<", table)
        assert not [c for c in cells if re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", c.strip())]
    # the progress charts of the client's page, with their tables as the fallback
    assert 'id="chart-asymmetry"' in main and 'id="chart-volume"' in main
    assert main.count("<details") >= 3 and 'class="subnav"' in main


def test_the_coach_picks_a_later_week_to_edit(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    overview = coach.get(f"/api/clients/{world.a1_slug}/overview").json()
    last = overview["program_weeks"]
    assert overview["week_number"] == overview["current_week"] < last
    later = coach.get(f"/api/clients/{world.a1_slug}/overview", params={"week": last}).json()
    assert later["week_number"] == last and {s["week"] for s in later["week"]} == {last}
    item = next(i for s in later["week"] for i in s["items"] if i["editable"])
    page = coach.get(f"/coach/clients/{world.a1_slug}", params={"week": last})
    assert page.status_code == 200
    assert f'name="item_key" value="{item["key"]}"' in page.text
    assert f'href="?week={last}#program"' in page.text and 'aria-current="page"' in page.text
    sets = 2 if item["sets"] != 2 else 3
    done = coach.post(
        f"/coach/clients/{world.a1_slug}/program/edits",
        data={"kind": "sets", "item_key": item["key"], "sets": str(sets), "week": str(last)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[:500]
    assert done.headers["location"].endswith(f"?week={last}#program")
    again = coach.get(f"/api/clients/{world.a1_slug}/overview", params={"week": last}).json()
    changed = next(i for s in again["week"] for i in s["items"] if i["key"] == item["key"])
    assert changed["sets"] == sets
    for bad in ("0", "99", "x"):
        response = coach.get(f"/coach/clients/{world.a1_slug}", params={"week": bad})
        assert response.status_code == 422, bad
    beyond = coach.get(f"/coach/clients/{world.a1_slug}", params={"week": str(last + 1)})
    assert beyond.status_code == 422 and f"not week {last + 1}" in beyond.text


def test_the_dashboard_says_who_has_no_program_yet_and_what_comes_next(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.get("/coach/").text
    rows = {r["client"]: r for r in coach.get("/api/coach/dashboard").json()["rows"]}
    assert rows[world.a2_slug]["program_start"] is None
    a2 = page[page.index(world.a2.name) :]
    a2 = a2[: a2.index("</article>")]
    assert "no program yet" in a2 and "waiting for the intake" in a2
    a1 = page[page.index(world.a1.name) :]
    assert "no program yet" not in a1[: a1.index("</article>")]
    assert "need" in page and "on track" in page


def test_the_api_takes_a_recording_as_the_page_does(
    world: World, browser_for: Callable[..., Browser], web_app: Any
) -> None:
    from tests.web.world import SAMPLE

    coach = browser_for(world.coach_a)
    url = f"/api/clients/{world.a1_slug}/recordings"
    content = (SAMPLE.parent / "recordings" / "sam-phe-right.csv").read_bytes()
    form = {"kind": "emg", "task": "prone-hip-extension", "side": "right"}
    done = coach.post(url, data=form, files={"file": ("phe-api.csv", content, "text/csv")})
    assert done.status_code == 201, done.text[:300]
    body = done.json()
    assert body["file"] == "phe-api.csv" and body["assessment"]["client"] == world.a1_slug
    assert body["analysis"]["file"] == "phe-api.csv" and body["analysis"]["status"]
    overview = coach.get(f"/api/clients/{world.a1_slug}/overview").json()
    assert "phe-api.csv" in str(overview)
    html = coach.post(
        url, data=form, files={"file": ("x.csv", b"<svg onload=alert(1)>", "text/csv")}
    )
    assert html.status_code == 422
    assert html.json()["detail"][0]["loc"] == ["body", "file"]
    assert "looks like a web page" in html.json()["detail"][0]["msg"]
    none = coach.post(url, data=form, headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert none.status_code in (400, 422)
    kind = coach.post(
        url, data={**form, "kind": "video"}, files={"file": ("y.csv", content, "text/csv")}
    )
    assert kind.status_code == 422 and kind.json()["detail"][0]["loc"][-1] == "kind"
    big = coach.post(
        url,
        data=form,
        files={
            "file": (
                "big.csv",
                b"t,v\n" + b"0,0\n" * (1 + web_app.state.settings.upload_max_bytes // 4),
                "text/csv",
            )
        },
    )
    assert big.status_code in (413, 422), big.text[:200]
    # the operation is in the OpenAPI document with its multipart body
    operation = coach.get("/api/openapi.json").json()["paths"][url.replace(world.a1_slug, "{slug}")]
    schema = operation["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["file", "kind", "task"]


def test_the_dashboard_pages_searches_and_filters_without_javascript(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.get("/coach/").text
    assert 'role="search"' in page and 'name="q"' in page and 'name="show"' in page
    assert "2 clients" in page and "1–2 of 2" in page and 'rel="next"' not in page
    found = coach.get("/coach/", params={"q": world.a2.name.upper()[:5]}).text
    assert world.a2.name in found and world.a1.name not in found
    assert f'value="{world.a2.name.upper()[:5]}"' in found  # the search stays in the box
    waiting = coach.get("/coach/", params={"show": "no-program"}).text
    assert world.a2.name in waiting and world.a1.name not in waiting
    none = coach.get("/coach/", params={"q": "zz-nobody"})
    assert none.status_code == 200 and "No client whose name contains" in none.text
    api = coach.get("/api/coach/dashboard", params={"page_size": 1}).json()
    assert (api["page"], api["pages"], api["matched"], len(api["rows"])) == (1, 2, 2, 1)
    assert api["counts"]["clients"] == 2 and api["counts"]["no_program"] == 1
    second = coach.get("/api/coach/dashboard", params={"page_size": 1, "page": 2}).json()
    assert {api["rows"][0]["client"], second["rows"][0]["client"]} == {
        world.a1_slug,
        world.a2_slug,
    }


def test_another_coach_finds_none_of_these_clients_on_the_dashboard(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    other = browser_for(world.coach_b)
    for params in ({}, {"q": world.a1.name}, {"show": "no-program"}):
        page = other.get("/coach/", params=params)
        assert page.status_code == 200
        for slug in (world.a1_slug, world.a2_slug):  # the search box may echo a name
            assert f"/coach/clients/{slug}" not in page.text
        rows = other.get("/api/coach/dashboard", params=params).json()["rows"]
        assert world.a1_slug not in {r["client"] for r in rows}
        assert world.a2_slug not in {r["client"] for r in rows}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "0"}, "greater than or equal to 1"),
        ({"page": "x"}, "valid integer"),
        ({"page": "9"}, "page 9 is beyond the last page (1)"),
        ({"show": "worried"}, "'all', 'attention'"),
        ({"q": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_dashboard_parameters_answer_422_with_a_message(
    world: World, browser_for: Callable[..., Browser], params: dict[str, str], message: str
) -> None:
    coach = browser_for(world.coach_a)
    page = coach.get("/coach/", params=params)
    assert page.status_code == 422 and message in html.unescape(page.text)
    api = coach.get("/api/coach/dashboard", params=params)
    assert api.status_code == 422 and message in str(api.json()["detail"])
