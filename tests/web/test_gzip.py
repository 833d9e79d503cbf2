"""gzip: pages, JSON and static files over the minimum size go compressed to a browser that
accepts it, with the security headers kept; small answers and other browsers get plain bytes."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest

from slingcoach.web.app import GZIP_MIN_BYTES
from tests.web.conftest import Browser
from tests.web.world import World

GZIP = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": "identity"}


@pytest.mark.parametrize(
    ("who", "path", "mime"),
    [
        (None, "/login", "text/html"),
        ("coach", "/coach/", "text/html"),
        (None, "/api/openapi.json", "application/json"),
        ("coach", "/api/coach/dashboard", "application/json"),
        (None, "/static/app.css", "text/css"),
    ],
)
def test_large_answers_are_gzipped_for_browsers_that_accept_it(
    world: World,
    anon: Callable[[], Browser],
    browser_for: Callable[..., Browser],
    who: str | None,
    path: str,
    mime: str,
) -> None:
    browser = browser_for(world.coach_a) if who else anon()
    with browser.stream("GET", path, headers=GZIP) as zipped:
        raw = b"".join(zipped.iter_raw())
        assert zipped.status_code == 200 and zipped.headers["content-type"].startswith(mime)
        assert zipped.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in zipped.headers["vary"].lower()
        assert zipped.headers["x-content-type-options"] == "nosniff"  # security headers kept
    body = gzip.decompress(raw)
    assert len(body) >= GZIP_MIN_BYTES and len(raw) < len(body)
    plain = browser.get(path, headers=PLAIN)
    assert "content-encoding" not in plain.headers
    if mime != "text/html":  # pages carry a CSRF token masked afresh each time
        assert plain.content == body


def test_small_answers_stay_plain(anon: Callable[[], Browser]) -> None:
    answer = anon().get("/api/session", headers=GZIP)
    assert len(answer.content) < GZIP_MIN_BYTES
    assert "content-encoding" not in answer.headers
