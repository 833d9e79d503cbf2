"""A login whose e-mail holds a NUL byte is a wrong login, not a server error (found by
test_api_fuzz on PostgreSQL: text columns cannot hold NUL)."""

from __future__ import annotations

from collections.abc import Callable

from tests.web.conftest import Browser
from tests.web.world import World


def test_a_nul_byte_in_the_email_is_a_wrong_login(
    anon: Callable[[], Browser], world: World
) -> None:
    browser = anon()
    answer = browser.post("/api/session", json={"email": "a1@example.com\x00", "password": "x"})
    assert answer.status_code == 401
