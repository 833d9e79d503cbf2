"""The JSON API fuzzed from its own OpenAPI document (issue 15): no server errors.

Schemathesis reads ``/api/openapi.json`` from the app in process (ASGI, no network) and
generates requests for every operation, valid and invalid, which are sent signed in as coach A
and as client A1 (session cookie and CSRF token, as a browser sends them). Whatever it sends,
the answer is never a 5xx. The number of examples per operation is bounded
(:data:`EXAMPLES`) so the suite stays fast; hypothesis' CI profile replays the same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from slingcoach.app.accounts import Principal
from tests.web.conftest import Browser
from tests.web.world import World

EXAMPLES = 25
"""Generated requests per operation and role (about a second per operation on SQLite)."""

schemathesis = pytest.importorskip("schemathesis")


def _operations(app: FastAPI) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the OpenAPI document lists no operation"
    # signing out ends the session the other operations are sent with: it goes last
    return sorted(operations, key=_signs_out)


def _signs_out(operation: Any) -> bool:
    return (operation.method.upper(), operation.path) == ("DELETE", "/api/session")


def _fuzz(operation: Any, browser: Browser) -> list[str]:
    """Send generated requests for ``operation`` as ``browser``'s user; the 5xx answers."""
    cookies = dict(browser.cookies.items())
    headers = {"X-CSRF-Token": browser.csrf_token}
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        sent = f"{case.method} {case.formatted_path} query={case.query!r} body={case.body!r:.200}"
        try:
            response = case.call(headers=headers, cookies=cookies)
        except Exception as exc:  # the in-process transport re-raises what became a 500
            failures.append(f"{sent} -> {type(exc).__name__}: {exc}")
            return
        if response.status_code >= 500:
            failures.append(f"{sent} -> {response.status_code} {response.text[:200]}")

    run()
    return failures


@pytest.mark.slow
@pytest.mark.parametrize("role", ["coach", "client"])
def test_no_server_error_from_generated_requests(
    role: str,
    web_app: FastAPI,
    world: World,
    browser_for: Callable[[Principal | str], Browser],
) -> None:
    browser = browser_for(world.coach_a if role == "coach" else world.a1)
    failures: list[str] = []
    operations = _operations(web_app)
    for operation in operations:
        if _signs_out(operation):  # everything before was sent signed in
            assert browser.get("/api/session").json()["signed_in"]
        failures += _fuzz(operation, browser)
    assert not failures, f"{len(failures)} server error(s):\n" + "\n".join(failures[:10])
