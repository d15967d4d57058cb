"""Every route of the app, found by walking the app's routes, passes the one gate.

New pages and endpoints are covered without touching this file: each is checked for who may
reach it (anonymous visitors, every role, supplier users) and for CSRF on unsafe requests.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient

from account_helpers import log_in
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import (
    SAFE_METHODS,
    Area,
    Permission,
    Role,
    area_of,
    is_api,
    permissions_of,
    required_permission,
)
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import accounts, suppliers
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app
from supplyesg.web.auth import guard_api, guard_pages

APP = create_app(Settings(database_url="sqlite://"))
UNGUARDED = {"/docs", "/openapi.json"}
"""Routes the app serves outside the two routers: the API's own documentation."""
PARAMETER = re.compile(r"\{([^}:]+)(:[^}]*)?\}")


def _routes() -> list[tuple[str, str, RouteContext]]:
    found = []
    for route in iter_route_contexts(APP.routes):
        if isinstance(route.original_route, APIRoute) and route.path not in UNGUARDED:
            found.extend((method, str(route.path), route) for method in sorted(route.methods or ()))
    return found


ROUTES = _routes()


def needed(method: str, route: RouteContext) -> Permission:
    """What the route needs, as the gate decides it."""
    declared = getattr(route.endpoint, "required_permission", None)
    if isinstance(declared, Permission):
        return declared
    return required_permission(str(route.path), method, route.original_route.path)


def concrete(path: str) -> str:
    """The path with every parameter filled in."""
    return PARAMETER.sub("1", path)


def call(client: TestClient, method: str, path: str) -> int:
    """The status of a bare request to the route."""
    return client.request(method, concrete(path), follow_redirects=False).status_code


def test_the_walk_finds_the_api_and_the_pages() -> None:
    paths = {path for _method, path, _route in ROUTES}
    assert {"/api/v1/suppliers", "/suppliers", "/login", "/api/v1/users"} <= paths


@pytest.mark.parametrize(
    ("method", "path", "route"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_every_route_passes_the_gate(method: str, path: str, route: RouteContext) -> None:
    gates = {dependency.call for dependency in route.dependant.dependencies}
    assert (guard_api if is_api(path) else guard_pages) in gates


def test_every_route_begins_with_a_literal_segment_naming_its_area() -> None:
    # The gate reads the area from the requested path's first segment.
    assert [p for _m, p, _r in ROUTES if p.removeprefix("/api/v1").startswith("/{")] == []


def test_every_route_belongs_to_an_area_of_the_permission_table() -> None:
    unmapped = sorted(
        {path for _m, path, route in ROUTES if area_of(path) is None}
        - {path for m, path, route in ROUTES if hasattr(route.endpoint, "required_permission")}
    )
    assert unmapped == [], "add their first segment to domain.access.AREA_OF_SEGMENT"


def test_a_visitor_reaches_nothing_but_the_public_pages(anonymous_client: TestClient) -> None:
    wrong = []
    for method, path, route in ROUTES:
        if needed(method, route).area is Area.PUBLIC:
            continue
        expected = 401 if is_api(path) else 303
        if (status := call(anonymous_client, method, path)) != expected:
            wrong.append(f"{method} {path}: {status}")
    assert wrong == []


@pytest.mark.parametrize(
    "role", [Role.VIEWER, Role.AUDITOR, Role.PROCUREMENT, Role.ESG_MANAGER, Role.ADMIN]
)
def test_staff_are_forbidden_what_their_role_does_not_grant(client_as: object, role: Role) -> None:
    client = client_as(role)  # type: ignore[operator]
    granted = permissions_of(role)
    wrong = []
    for method, path, route in ROUTES:
        permission = needed(method, route)
        if permission.area is Area.PUBLIC or permission in granted:
            continue
        if (status := call(client, method, path)) != 403:
            wrong.append(f"{method} {path}: {status}")
    assert wrong == []


def test_a_viewer_cannot_write_anything(client_as: object) -> None:
    client = client_as(Role.VIEWER)  # type: ignore[operator]
    writes = [
        (m, p)
        for m, p, r in ROUTES
        if m not in SAFE_METHODS and needed(m, r).area not in (Area.PUBLIC, Area.ACCOUNT)
    ]
    assert writes
    assert [f"{m} {p}" for m, p in writes if call(client, m, p) != 403] == []


def test_a_supplier_user_is_told_nothing_exists_outside_the_portal(
    db: Database, client_as: object
) -> None:
    for code in ("SUP-OWN", "SUP-OTHER"):
        profile = SupplierProfile(code, f"{code} Ltd", "CN", "axles", 1)
        suppliers.create_supplier(db, profile, "tests")
    client = client_as(Role.SUPPLIER_USER, supplier="SUP-OWN")  # type: ignore[operator]
    wrong = []
    for method, path, route in ROUTES:
        if needed(method, route).area in (Area.PUBLIC, Area.ACCOUNT, Area.PORTAL):
            continue
        if path == "/" and method == "GET":
            home = client.get("/", follow_redirects=False)
            assert (home.status_code, home.headers["location"]) == (303, "/portal")
            continue
        for value in ("SUP-OTHER", "SUP-OWN", "1"):
            url = PARAMETER.sub(value, path)
            status = client.request(method, url, follow_redirects=False).status_code
            if status != 404:
                wrong.append(f"{method} {url}: {status}")
    assert wrong == []


def test_every_unsafe_page_needs_its_csrf_token(db: Database, fast_passwords: None) -> None:
    new = NewUser("root@example.com", "Root", Role.ADMIN, password="a long and quiet river")
    accounts.create_user(db, new)
    with TestClient(create_app(Settings(database_url=str(db.engine.url)), db)) as browser:
        assert log_in(browser, "root@example.com", "a long and quiet river").status_code == 303
        unsafe = [(m, p) for m, p, _r in ROUTES if m not in SAFE_METHODS and not is_api(p)]
        assert unsafe
        assert [f"{m} {p}" for m, p in unsafe if call(browser, m, p) != 403] == []
        unsafe_api = [(m, p) for m, p, _r in ROUTES if m not in SAFE_METHODS and is_api(p)]
        assert [f"{m} {p}" for m, p in unsafe_api if call(browser, m, p) != 403] == []
