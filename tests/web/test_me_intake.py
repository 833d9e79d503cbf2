"""The intake questionnaire as a form (issue 15, client): every answer checked next to its
field, a clean intake stored for the coach, red-flag answers stop programming."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from slingcoach.assessment.redflags import question_ids
from slingcoach.storage.database import Database
from tests.web.conftest import Browser
from tests.web.world import World


def good_form(**change: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "person.name": "Avery Jones",
        "person.age": "34",
        "person.body_mass_kg": "64,5",
        "person.height_cm": "170",
        "person.sex": "female",
        "person.dominant_hand": "right",
        "person.dominant_leg": "right",
        "training.level": "2",
        "training.days_per_week": "3",
        "training.minutes_per_session": "45",
        "training.equipment": ["dumbbell", "bench"],
        "training.timezone": "Europe/London",
        "goals": ["strength", "running"],
        "signs.stiff_lower_back": "on",
        "signs.tight_hamstrings": "left",
        "signs.low_back_pain_now": "2",
        "signs.feels_different.deadlift": "left",
        "signs.painful_movements": ["sitting"],
        "injuries.0.area": "hamstring",
        "injuries.0.side": "left",
        "injuries.0.when": "2024-05",
        "injuries.0.resolved": "on",
        "odi.pain-intensity": "1",
        "odi.lifting": "2",
        "notes": "Desk job.",
    }
    form.update({f"red_flags.{q}": "no" for q in question_ids()})
    form.update(change)
    return {k: v for k, v in form.items() if v is not None}


def test_a_clean_intake_is_stored_and_shown_again(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a2)
    assert browser.get("/api/me/intake").status_code == 404
    page = browser.get("/me/intake")
    assert page.status_code == 200 and "Safety questions" in page.text
    response = browser.post("/me/intake", data=good_form(), follow_redirects=False)
    assert response.status_code == 303, response.text[-2000:]
    assert response.headers["location"] == "/me/today"
    stored = browser.get("/api/me/intake").json()
    assert stored["person"]["body_mass_kg"] == 64.5
    assert stored["training"]["equipment"] == ["dumbbell", "bench"]
    assert stored["signs"]["feels_different"] == [{"movement": "deadlift", "side": "left"}]
    assert stored["injuries"][0] == {
        "area": "hamstring",
        "side": "left",
        "when": "2024-05",
        "resolved": True,
    }
    assert stored["odi"]["pain-intensity"] == 1 and stored["odi"]["walking"] is None
    again = browser.get("/me/intake").text
    assert 'value="64.5"' in again and "Step 1 of 6" in again
    assert 'value="bench" checked' in browser.get("/me/intake?step=2").text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"person.age": "thirty"}, "person.age", "is not a whole number"),
        ({"person.age": "7"}, "person.age", "greater than or equal to 10"),
        ({"person.body_mass_kg": None}, "person.body_mass_kg", "fill this in"),
        ({"person.dominant_leg": None}, "person.dominant_leg", "choose one"),
        ({"training.days_per_week": "9"}, "training.days_per_week", "less than or equal to 7"),
        ({"training.timezone": "Moon/Base"}, "training.timezone", "unknown time zone"),
        ({"injuries.0.when": "last spring"}, "injuries.0.when", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"red_flags.saddle-numbness": None}, "red_flags.saddle-numbness", "answer yes or no"),
        ({"odi.lifting": "6"}, "odi.lifting", "less than or equal to 5"),
    ],
)
def test_bad_answers_are_shown_next_to_their_field_and_nothing_is_stored(
    world: World,
    browser_for: Callable[..., Browser],
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    browser = browser_for(world.a2)
    page = browser.post("/me/intake", data=good_form(**change))
    assert page.status_code == 422
    text = page.text.replace("&#39;", "'")
    error = f'id="f-{field}-error">'
    if error in text:  # a field of the _forms macros
        assert message in text.split(error, 1)[1].split("</p>", 1)[0]
    else:  # a yes/no group or a check-box group
        assert message in text
    # the page opens on the step with the problem; every answer is kept in the draft
    assert 'aria-current="step"' in page.text
    assert 'value="Avery Jones"' in browser.get("/me/intake?step=1").text
    assert browser.get("/api/me/intake").status_code == 404


def test_red_flag_answers_stop_programming_and_say_see_a_clinician(
    world: World, browser_for: Callable[..., Browser], web_db: Database
) -> None:
    from slingcoach.app.progress import next_block
    from slingcoach.errors import ReferralRequiredError

    browser = browser_for(world.a1)
    page = browser.post("/me/intake", data=good_form(**{"red_flags.saddle-numbness": "yes"}))
    assert page.status_code == 200
    assert "Please see a clinician before training" in page.text
    assert "cauda equina" in page.text
    with pytest.raises(ReferralRequiredError):
        next_block(web_db, world.a1_slug, today=world.today)
    coach = browser_for(world.coach_a)
    del coach  # the coach's list reads the same referring assessment (app.progress flags)
    from slingcoach.app.progress import coach_flags_all

    flags = {
        c.client: [f.kind for f in c.flags] for c in coach_flags_all(web_db, today=world.today)
    }
    assert any("red" in kind or "refer" in kind for kind in flags[world.a1_slug]), flags


def test_the_api_takes_the_intake_document(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a2)
    body = {
        "person": {
            "name": "Avery Jones",
            "age": 34,
            "body_mass_kg": 64.0,
            "dominant_hand": "right",
            "dominant_leg": "left",
        },
        "training": {"level": 1, "days_per_week": 2, "minutes_per_session": 30},
        "red_flags": {q: False for q in question_ids()},
    }
    saved = browser.post("/api/me/intake", json=body)
    assert saved.status_code == 200, saved.text
    assert saved.json()["refer"] is False
    body["person"]["age"] = 5  # type: ignore[index]
    bad = browser.post("/api/me/intake", json=body)
    assert bad.status_code == 422
    assert any(d["loc"][-1] == "age" for d in bad.json()["detail"])


def _step(browser: Browser, number: int, go: str = "next", **answers: Any) -> Any:
    form = good_form()
    from slingcoach.web.intake_form import STEPS

    step = STEPS[number - 1]
    data = {k: v for k, v in form.items() if step.holds(k)}
    data.update(answers)
    return browser.post(
        "/me/intake",
        data={k: v for k, v in data.items() if v is not None} | {"step": str(number), "go": go},
        follow_redirects=False,
    )


def test_the_intake_goes_step_by_step_and_keeps_every_answer(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    from slingcoach.web.intake_form import STEPS

    browser = browser_for(world.a2)
    first = browser.get("/me/intake").text
    assert "Step 1 of 6" in first and 'name="person.age"' in first
    assert 'name="red_flags.saddle-numbness"' not in first  # one section at a time
    # a problem on a step stops there, beside its field; the answers stay
    bad = _step(browser, 1, **{"person.age": "thirty"})
    assert bad.status_code == 422 and 'id="f-person.age-error"' in bad.text
    assert 'value="Avery Jones"' in bad.text
    # ... also one that only the intake model checks (an age under 10)
    young = _step(browser, 1, **{"person.age": "7"})
    assert young.status_code == 422 and "greater than or equal to 10" in young.text
    done = _step(browser, 1)
    assert done.status_code == 303 and done.headers["location"] == "/me/intake?step=2"
    # a reload (another browser, another day) goes on at step 2 with step 1's answers
    again = browser_for(world.a2)
    assert "Step 2 of 6" in again.get("/me/intake").text
    assert 'value="Avery Jones"' in again.get("/me/intake?step=1").text
    # Back keeps what was typed on the step without checking it
    back = _step(browser, 2, go="back", **{"training.days_per_week": "9"})
    assert back.status_code == 303 and back.headers["location"] == "/me/intake?step=1"
    assert 'value="9"' in browser.get("/me/intake?step=2").text
    for number in range(2, len(STEPS)):
        moved = _step(browser, number)
        assert moved.status_code == 303, (number, moved.text[-1500:])
    # an unticked box is gone from the answers, not kept from before
    assert _step(browser, 2, **{"goals": None}).status_code == 303
    assert browser.get("/api/me/intake").status_code == 404  # nothing stored yet
    saved = _step(browser, len(STEPS), go="save")
    assert saved.status_code == 303 and saved.headers["location"] == "/me/today"
    stored = browser.get("/api/me/intake").json()
    assert stored["person"]["name"] == "Avery Jones" and stored["goals"] == []
    assert stored["injuries"][0]["area"] == "hamstring"
    # the draft is gone: the form opens at step 1 with the saved intake
    assert "Step 1 of 6" in browser.get("/me/intake").text


def test_saving_with_a_problem_on_an_earlier_step_opens_that_step(
    world: World, browser_for: Callable[..., Browser]
) -> None:
    browser = browser_for(world.a2)
    assert _step(browser, 1, **{"person.body_mass_kg": None}, go="back").status_code == 303
    for number in range(2, 6):
        assert _step(browser, number).status_code == 303
    saved = _step(browser, 6, go="save")
    assert saved.status_code == 422 and "Step 1 of 6" in saved.text
    assert 'id="f-person.body_mass_kg-error"' in saved.text
    assert browser.get("/api/me/intake").status_code == 404
    for step in ("0", "99", "x"):
        assert _step_raw(browser, step).status_code == 422
    assert browser.get("/me/intake", params={"step": "0"}).status_code == 422


def _step_raw(browser: Browser, step: str) -> Any:
    return browser.post("/me/intake", data={"step": step, "go": "next"})
