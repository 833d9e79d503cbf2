"""The client's pages in a real headless Chromium (issue 15, client): today's session logged
on a 375 px phone, its rest timer surviving a reload, a slow connection, the calendar,
the progress charts and the library. Screenshots at 375 and 1280 px go to out/screenshots/.
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

TAP_PX = 44
"""The smallest touch target issue 15 asks for (WCAG 2.5.5: 44 CSS px)."""
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}
"""Chrome DevTools' "Slow 3G" preset: 400 ms latency, 400 kbit/s (50 kB/s) each way."""


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, smtp_server: SMTPServer) -> Iterator[Live]:
    require_browser()
    with quick_live_server(tmp_path_factory.mktemp("e2e-client"), smtp_server) as server:
        yield server


@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[Any]:
    with chromium(require_browser()) as chromium_browser:
        yield chromium_browser


def signed_in(browser: Any, live: Live, viewport: dict[str, int], email: str) -> Any:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live.url}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    page.wait_for_load_state()
    return page


def test_today_on_a_phone_logs_a_set_and_the_rest_timer_survives_a_reload(
    browser: Any, live: Live
) -> None:
    page = signed_in(browser, live, PHONE, live.world.a1.email)
    page.goto(f"{live.url}/me/today")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "client-today-375")
    first = page.locator(".set--next form").first
    tick = first.locator("button[type=submit]")
    box = tick.bounding_box()
    assert box is not None and box["width"] >= TAP_PX and box["height"] >= TAP_PX
    for field in first.locator("input:not([type=hidden])").all():
        size = field.bounding_box()
        assert size is not None and size["height"] >= TAP_PX
    label = first.locator("input[name=side]").get_attribute("value")
    assert label == "right"  # A1's weaker side comes first
    tick.click()
    timer = page.locator("#rest-timer")
    timer.wait_for(state="visible")
    assert "Switch to your left side" in page.locator("#rest-label").inner_text()
    page.locator("#ex-1 .set--done").first.wait_for()
    shoot(page, "client-today-timer-375")
    page.reload()
    page.locator("#rest-timer").wait_for(state="visible")  # the timer came back
    assert page.locator("#ex-1 .set--done").count() == 1  # the set is stored
    page.locator("#rest-skip").click()
    assert page.locator("#rest-timer").is_hidden()
    page.context.close()


def test_today_is_small_and_usable_on_a_slow_connection(browser: Any, live: Live) -> None:
    page = signed_in(browser, live, PHONE, live.world.a1.email)
    sizes: dict[str, int] = {}

    def count(response: Any) -> None:
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # redirects have no body
            sizes[response.url] = 0

    page.on("response", count)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.goto(f"{live.url}/me/today", wait_until="load", timeout=60_000)
    timing = page.evaluate(
        "(() => { const t = performance.getEntriesByType('navigation')[0];"
        " return {dom: t.domContentLoadedEventEnd, load: t.loadEventEnd}; })()"
    )
    html = sum(n for url, n in sizes.items() if url.endswith("/me/today"))
    total = sum(sizes.values())
    print(f"/me/today on slow 3G: html {html} B, all {total} B, {timing}")
    assert html < 60_000, html
    assert total < 150_000, sizes
    assert timing["dom"] < 10_000, timing
    page.context.close()


def test_the_client_pages_at_phone_and_desktop_width(browser: Any, live: Live) -> None:
    for name, viewport in (("375", PHONE), ("1280", DESKTOP)):
        page = signed_in(browser, live, viewport, live.world.a1.email)
        errors: list[str] = []

        def failed(exc: Any, errors: list[str] = errors) -> None:
            errors.append(str(exc))

        page.on("pageerror", failed)
        page.goto(f"{live.url}/me/calendar")
        assert page.locator(".cal-day--today").count() == 1
        shoot(page, f"client-calendar-{name}")
        page.goto(f"{live.url}/me/progress")
        page.locator("#chart-volume canvas").wait_for()
        assert page.locator("figure[data-chart] canvas").count() >= 2
        shoot(page, f"client-progress-{name}")
        page.goto(f"{live.url}/library?sling=posterior-oblique")
        shoot(page, f"client-library-{name}")
        page.locator(".lib-item h2 a").first.click()
        page.wait_for_load_state()
        image = page.locator(".lib-diagram img")
        image.wait_for()
        page.wait_for_function("document.querySelector('.lib-diagram img').naturalWidth > 0")
        shoot(page, f"client-exercise-{name}")
        page.goto(f"{live.url}/me/today")
        shoot(page, f"client-today-{name}")
        if viewport is PHONE:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert not errors, errors
        page.context.close()
