"""The access-control matrix of issue 15: every route × (anonymous, another client, another
coach) is denied, and every state-changing route refuses a request without the CSRF token.

The routes are read from ``ROUTERS``, so a new route is checked the moment it is added. A
route not on :data:`PUBLIC` must name every path parameter in :data:`PARAMS` (the value of
A1's object, or coach A's): **when you add a path parameter, add it there.**
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from slingcoach.web.routes import ROUTERS
from tests.web.conftest import Browser
from tests.web.world import World

PUBLIC = {
    ("GET", "/"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/api/session"),
    ("POST", "/api/session"),
    ("DELETE", "/api/session"),
    ("GET", "/invite/{token}"),
    ("POST", "/invite/{token}"),
    ("GET", "/reset"),
    ("POST", "/reset"),
    ("GET", "/reset/{token}"),
    ("POST", "/reset/{token}"),
}
"""(method, path) that anyone may call (each still refuses writes without the CSRF token)."""

PARAMS: dict[str, Callable[[World], str]] = {
    "slug": lambda w: w.a1_slug,
    "assessment_id": lambda w: w.a1_assessment_id,
    "program_id": lambda w: w.a1_program_id,
    "token": lambda w: "a-made-up-link-token",  # invite/reset links: public, CSRF still checked
    "uid": lambda w: w.a1_booking_uid,
    "day": lambda w: w.coach_a_day_off,
}
"""Path parameter → the value naming A1's object (or coach A's) in the world."""

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    needs: frozenset[str] = frozenset()
    """Names of the role dependencies the route uses (``require_coach``, ...)."""

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)(?::\w+)?}", self.path)

    @property
    def area(self) -> str:
        """Whose area: ``coach`` (the route requires a coach), ``client``, or ``any``."""
        if "require_coach" in self.needs or "owned_client" in self.needs:
            return "coach"
        if "require_client" in self.needs:
            return "client"
        if self.path.startswith(("/coach", "/api/clients")):
            return "coach"
        if self.path.startswith(("/me", "/api/me")):
            return "client"
        return "any"

    def url(self, world: World) -> str:
        url = self.path
        for name in self.params:
            url = re.sub(r"{" + name + r"(?::\w+)?}", PARAMS[name](world), url)
        return url


def _dependency_names(dependant: Dependant) -> set[str]:
    names = set()
    for sub in dependant.dependencies:
        if sub.call is not None:
            names.add(getattr(sub.call, "__name__", ""))
        names |= _dependency_names(sub)
    return names


def endpoints() -> list[Endpoint]:
    found = []
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute):
                needs = frozenset(_dependency_names(route.dependant))
                found.extend(Endpoint(m, route.path, needs) for m in sorted(route.methods or ()))
    return found


def _call(browser: Browser, endpoint: Endpoint, world: World) -> tuple[int, str]:
    kwargs = {"json": {}} if endpoint.method in UNSAFE else {}
    response = browser.request(
        endpoint.method, endpoint.url(world), follow_redirects=False, **kwargs
    )
    return response.status_code, response.headers.get("location", "")


def _denied(status: int, location: str) -> bool:
    return status in (401, 403, 404) or (status in (302, 303) and location.startswith("/login"))


def test_every_path_parameter_has_a_value_in_the_matrix() -> None:
    missing = {
        f"{e.method} {e.path}: {name}"
        for e in endpoints()
        if (e.method, e.path) not in PUBLIC
        for name in e.params
        if name not in PARAMS
    }
    assert not missing, f"add these path parameters to PARAMS in {__file__}: {sorted(missing)}"


def test_the_matrix_sees_the_routes() -> None:
    assert len(endpoints()) >= len(PUBLIC)
    assert {(e.method, e.path) for e in endpoints()} >= PUBLIC


def test_anonymous_another_client_and_another_coach_are_denied(
    world: World, anon: Callable[[], Browser], browser_for: Callable[..., Browser]
) -> None:
    strangers = {"anonymous": anon(), "client B1": browser_for(world.b1)}
    strangers["coach B"] = browser_for(world.coach_b)
    allowed = []
    checked = 0
    for endpoint in endpoints():
        if (endpoint.method, endpoint.path) in PUBLIC:
            continue
        for who, browser in strangers.items():
            if who != "anonymous" and not endpoint.params:
                # no object in the path: a signed-in user of the area's role sees their own
                role = "client" if who.startswith("client") else "coach"
                if endpoint.area in ("any", role):
                    continue
            status, location = _call(browser, endpoint, world)
            checked += 1
            if not _denied(status, location):
                allowed.append(f"{who}: {endpoint.method} {endpoint.path} -> {status}")
    assert not allowed, "\n".join(allowed)
    assert checked >= len([e for e in endpoints() if (e.method, e.path) not in PUBLIC])


def test_every_state_changing_route_refuses_a_request_without_csrf(
    world: World, anon: Callable[[], Browser], browser_for: Callable[..., Browser]
) -> None:
    owners = {"coach": browser_for(world.coach_a), "client": browser_for(world.a1)}
    owners["any"] = owners["coach"]
    nobody = anon()
    accepted = []
    unsafe = [e for e in endpoints() if e.method in UNSAFE]
    assert unsafe, "no state-changing route found"
    for endpoint in unsafe:
        for browser in (owners[endpoint.area], nobody):
            browser.send_csrf = False
            status, _ = _call(browser, endpoint, world)
            browser.send_csrf = True
            if (endpoint.method, endpoint.path) not in PUBLIC and browser is nobody:
                ok = _denied(status, "/login")
            else:
                ok = status == 403
            if not ok:
                accepted.append(f"{endpoint.method} {endpoint.path} -> {status}")
    assert not accepted, "\n".join(accepted)


@pytest.mark.parametrize(
    ("status", "location", "denied"),
    [(401, "", True), (303, "/login?next=/x", True), (200, "", False), (303, "/me/today", False)],
)
def test_what_counts_as_denied(status: int, location: str, denied: bool) -> None:
    assert _denied(status, location) is denied
