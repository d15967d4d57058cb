"""Every answer of the app carries the browser security headers, found by walking its routes.

A route added later is covered without touching this file: each method of each route is called
as an administrator and as a visitor, and whatever it answers (a page, JSON, a redirect, a
refusal, a file) must carry the headers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.web.app import create_app
from supplyesg.web.security import STRICT_TRANSPORT_SECURITY

APP = create_app(Settings(database_url="sqlite://"))
PARAMETER = re.compile(r"\{([^}:]+)(:[^}]*)?\}")
MOUNTED_FILE = {"/static": "/static/app.css"}
"""A file to ask for under each mount (a mount has no methods of its own)."""

EXPECTED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
CSP_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
}


def _requests() -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for context in iter_route_contexts(APP.routes):
        route = context.original_route
        if isinstance(route, Mount):
            found.add(("GET", MOUNTED_FILE[str(context.path)]))
            continue
        path = PARAMETER.sub("1", str(context.path))
        found.update((method, path) for method in context.methods or ())
    return sorted(found)


REQUESTS = _requests()


def assert_secure_headers(response_headers: Mapping[str, str], hsts: bool = False) -> None:
    headers = {name.lower(): value for name, value in response_headers.items()}
    for name, value in EXPECTED.items():
        allowed = {value, "no-referrer"} if name == "referrer-policy" else {value}
        assert headers.get(name) in allowed, name  # a page may be stricter than same-origin
    directives = {part.strip() for part in headers["content-security-policy"].split(";")}
    assert directives >= CSP_DIRECTIVES
    assert not any("unsafe" in directive for directive in directives)
    assert "camera=()" in headers["permissions-policy"]
    assert ("strict-transport-security" in headers) is hsts


def test_the_walk_finds_pages_api_docs_and_files() -> None:
    paths = {path for _method, path in REQUESTS}
    assert {"/suppliers", "/api/v1/suppliers", "/docs", "/openapi.json", "/static/app.css"} <= paths
    assert len(REQUESTS) > 200


def test_every_route_answers_with_the_security_headers(
    client: TestClient, anonymous_client: TestClient
) -> None:
    # One test over every route (not one per route): each would make its own app and accounts.
    missing = []
    for method, path in REQUESTS:
        for asking in (client, anonymous_client):
            response = asking.request(method, path, follow_redirects=False)
            try:
                assert response.status_code < 500, response.text[:300]
                assert_secure_headers(response.headers)
            except AssertionError as error:
                missing.append(f"{method} {path} ({response.status_code}): {error}")
    assert missing == []


def test_an_unknown_address_and_a_wrong_method_carry_them_too(client: TestClient) -> None:
    assert_secure_headers(client.get("/no-such-page").headers)
    assert_secure_headers(client.get("/api/v1/no-such-thing").headers)
    assert_secure_headers(client.put("/api/v1/suppliers").headers)


def test_an_unexpected_error_carries_them(db: Database) -> None:
    app = create_app(Settings(database_url=str(db.engine.url)), db)

    @app.get("/static-broken", include_in_schema=False)
    def broken() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as visitor:
        response = visitor.get("/static-broken")
    assert response.status_code == 500
    assert_secure_headers(response.headers)


def test_behind_https_browsers_are_told_to_use_it_only(db: Database) -> None:
    settings = Settings(database_url=str(db.engine.url), secure_cookies=True)
    with TestClient(create_app(settings, db), base_url="https://testserver") as visitor:
        response = visitor.get("/login")
    assert response.status_code == 200
    assert response.headers["strict-transport-security"] == STRICT_TRANSPORT_SECURITY
    assert_secure_headers(response.headers, hsts=True)
