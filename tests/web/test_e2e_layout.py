"""The pages at phone width in a real headless Chromium (issue 15: "works at 375 px"): no
sideways scrolling, every link of the top navigation in sight, the coach's client page and
the booking page short enough to use, the intake in steps.

Full-page screenshots go to out/screenshots/ (``layout-*``); look at them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.live import DESKTOP, PHONE, Live, chromium, quick_live_server, require_browser, shoot
from tests.web.mailbox import SMTPServer
from tests.web.world import PASSWORD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, smtp_server: SMTPServer) -> Iterator[Live]:
    require_browser()
    with quick_live_server(tmp_path_factory.mktemp("layout"), smtp_server) as server:
        yield server


@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[Any]:
    with chromium(require_browser()) as chromium_browser:
        yield chromium_browser


def page_for(browser: Any, live: Live, email: str, viewport: dict[str, int]) -> Any:
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{live.url}/login")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    page.wait_for_load_state()
    return page


def size(page: Any) -> tuple[int, int]:
    """The page's full width and height in CSS pixels."""
    width, height = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    return int(width), int(height)


def test_every_link_of_the_phone_navigation_is_in_sight(browser: Any, live: Live) -> None:
    for email in (live.world.coach_a.email, live.world.a1.email):
        page = page_for(browser, live, email, PHONE)
        links = page.locator("nav.nav a")
        assert links.count() >= 5
        for link in links.all():
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0, link.inner_text()
            assert box["x"] + box["width"] <= PHONE["width"], link.inner_text()
        assert size(page)[0] <= PHONE["width"]
        page.context.close()


def test_the_coach_client_page_fits_a_phone_and_folds(browser: Any, live: Live) -> None:
    url = f"{live.url}/coach/clients/{live.world.a1_slug}"
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_for(browser, live, live.world.coach_a.email, viewport)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        width, height = size(page)
        shoot(page, f"layout-coach-client-{name}")
        assert width <= viewport["width"], f"{name}: {width} px wide"
        # sections to jump to, folded details, one open session: no 9,000 px page
        assert page.locator("nav.subnav a").count() == 4
        assert height < 8000, f"{name}: {height} px tall"
        assert page.locator("details.session[open]").count() <= 1
        # the progress charts are drawn (uPlot's canvas), their numbers one tap away
        assert page.locator("#progress .chart canvas").count() >= 1
        page.context.close()


def test_the_booking_page_groups_times_by_day_on_a_phone(browser: Any, live: Live) -> None:
    page = page_for(browser, live, live.world.a2.email, PHONE)
    page.goto(f"{live.url}/me/book")
    width, height = size(page)
    shoot(page, "layout-book-phone")
    assert width <= PHONE["width"]
    days = page.locator("details.slots__day")
    assert days.count() >= 5 and page.locator("details.slots__day[open]").count() == 1
    assert height < 2000, f"{height} px tall"
    # a day's summary stays on one line at 375 px
    summary = days.nth(1).locator("summary")
    assert summary.bounding_box()["height"] < 60
    summary.click()
    assert days.nth(1).locator("input[name=starts_at]").first.is_visible()
    page.context.close()


def test_the_intake_is_in_steps_on_a_phone(browser: Any, live: Live) -> None:
    page = page_for(browser, live, live.world.a2.email, PHONE)
    page.goto(f"{live.url}/me/intake")
    width, height = size(page)
    shoot(page, "layout-intake-step-1-phone")
    assert width <= PHONE["width"] and height < 2500, (width, height)
    assert page.get_by_text("Step 1 of 6").is_visible()
    page.get_by_role("button", name=re.compile("^Next")).click()
    page.wait_for_load_state()
    # the step's problems are shown beside their fields, and the page stays on step 1
    assert page.get_by_text("Step 1 of 6").is_visible()
    assert page.locator(".field__error").count() >= 2
    shoot(page, "layout-intake-step-1-errors-phone")
    page.context.close()


def test_the_coach_dashboard_fits_a_phone_and_its_search_works(browser: Any, live: Live) -> None:
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_for(browser, live, live.world.coach_a.email, viewport)
        page.goto(f"{live.url}/coach/")
        page.wait_for_load_state()
        shoot(page, f"layout-coach-dashboard-{name}")
        assert size(page)[0] <= viewport["width"], f"{name}: {size(page)[0]} px wide"
        box = page.locator("form.dash__filter button").bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"]
        # a plain GET form: the search works by submitting it
        page.locator("form.dash__filter input[name=q]").fill(live.world.a2.name)
        page.locator("form.dash__filter button").click()
        page.wait_for_load_state()
        assert page.locator("article.dash__row").count() == 1
        assert live.world.a2.name in page.locator("article.dash__row").inner_text()
        assert f"q={live.world.a2.name.split()[0]}" in page.url
        page.context.close()
