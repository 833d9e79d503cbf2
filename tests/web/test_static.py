"""Static files: our own and the npm packages copied to static/vendor/ by ``make``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.web.conftest import Browser

VENDOR = Path(__file__).resolve().parents[2] / "src" / "slingcoach" / "web" / "static" / "vendor"


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("/static/app.css", "text/css"),
        ("/static/app.js", "text/javascript"),
        ("/static/favicon.svg", "image/svg+xml"),
    ],
)
def test_our_static_files_are_served_with_their_type(
    anon: Callable[[], Browser], path: str, mime: str
) -> None:
    response = anon().get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith(mime)


@pytest.mark.parametrize("name", ["htmx.min.js", "uPlot.iife.min.js", "uPlot.min.css"])
def test_the_front_end_packages_are_installed_locally(
    anon: Callable[[], Browser], name: str
) -> None:
    if not (VENDOR / name).exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed, so make could not fetch the front-end packages")
        pytest.fail(f"{VENDOR / name} is missing: run `make vendor`")
    response = anon().get(f"/static/vendor/{name}")
    assert response.status_code == 200 and len(response.content) > 1000


def test_pages_load_scripts_only_from_this_site(anon: Callable[[], Browser]) -> None:
    page = anon().get("/login").text
    assert "<script>" not in page and "http://" not in page.split("<body")[0]
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in page
