"""Every role sees only what it may do: no link, button or form leads to a refusal.

The main pages are rendered for each staff role over a small programme (a supplier, an audit
with non-conformities, a submitted plan); every link, and every
form or htmx request is checked against the permission the gate would ask of it (the route the
app matches, with its declared permission: `web.auth.permission_for`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from portal_builders import ENDED, TODAY, nc_ids
from programme_builders import MEDIUM, audited, supplier
from supplyesg.db.session import Database
from supplyesg.domain.access import Role, permissions_of
from supplyesg.domain.plans import PlanAction
from supplyesg.services import plans
from supplyesg.web.auth import permission_for

STAFF = [Role.ADMIN, Role.ESG_MANAGER, Role.AUDITOR, Role.PROCUREMENT, Role.VIEWER]
NOT_FOLLOWED = ("/logout", "/static/", "/language", "/docs")  # outside the gate: open to all
HTMX_METHODS = {"hx-get": "GET", "hx-post": "POST", "hx-put": "PUT", "hx-delete": "DELETE"}


class Targets(HTMLParser):
    """Every (method, url) a page offers: links, forms and htmx requests."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[tuple[str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href", "").startswith("/"):
            self.found.add(("GET", attributes["href"]))
        if tag == "form" and attributes.get("action", "").startswith("/"):
            self.found.add((attributes.get("method", "get").upper(), attributes["action"]))
        for name, method in HTMX_METHODS.items():
            if attributes.get(name, "").startswith("/"):
                self.found.add((method, attributes[name]))
        if attributes.get("formaction", "").startswith("/"):
            self.found.add((attributes.get("formmethod", "post").upper(), attributes["formaction"]))


def targets(html: str) -> set[tuple[str, str]]:
    parser = Targets()
    parser.feed(html)
    return parser.found


@pytest.fixture
def programme(db: Database) -> dict[str, str]:
    """A supplier with a completed audit, its non-conformities and a submitted plan."""
    supplier(db, "SUP-1")
    audit = audited(db, ENDED, "SUP-1", **MEDIUM)
    action = PlanAction(nc_ids(db, audit)[0], "Fix it", "Plant manager", TODAY + timedelta(30))
    plan = plans.submit_plan(db, audit.reference, [action], "supplier@example.com")
    return {
        "audit": audit.reference,
        "nc": str(nc_ids(db, audit)[0]),
        "plan": str(plan.id),
    }


def main_pages(ids: dict[str, str]) -> list[str]:
    return [
        "/",
        "/suppliers",
        "/suppliers/SUP-1",
        "/programme",
        "/audits",
        f"/audits/{ids['audit']}",
        "/non-conformities",
        f"/non-conformities/{ids['nc']}",
        "/improvement-plans",
        f"/improvement-plans/{ids['plan']}",
        "/ratings",
        "/training",
        "/risk",
        "/esg-data",
        "/esg-data/requests",
        "/emission-factors",
        "/reports",
        "/policy",
        "/code-of-conduct",
        "/admin",
    ]


@pytest.mark.parametrize("role", STAFF, ids=str)
def test_no_page_offers_a_role_what_it_would_be_refused(
    role: Role, client_as: Callable[..., TestClient], programme: dict[str, str]
) -> None:
    client = client_as(role)
    granted = permissions_of(role)
    offered: set[tuple[str, str]] = set()
    for page in main_pages(programme):
        response = client.get(page)
        if response.status_code == 403:
            continue  # a page the role may not open is not offered to it (checked below)
        assert response.status_code == 200, (page, response.status_code)
        offered |= targets(response.text)
    refused = []
    for method, url in sorted(offered):
        if url.startswith(NOT_FOLLOWED):
            continue
        needed = permission_for(client.app, url, method)  # type: ignore[arg-type]
        if needed.area.value != "public" and needed not in granted:
            refused.append((method, url, str(needed)))
    assert refused == [], "\n".join(map(str, refused))


@pytest.mark.parametrize("role", STAFF, ids=str)
def test_the_menu_offers_only_pages_the_role_may_open(
    role: Role, client_as: Callable[..., TestClient], programme: dict[str, str]
) -> None:
    client = client_as(role)
    home = targets(client.get("/").text)
    for page in main_pages(programme):
        if ("GET", page) in home:
            assert client.get(page).status_code == 200, page


def test_a_viewer_sees_no_new_or_edit_button_on_the_registry(
    client_as: Callable[..., TestClient], programme: dict[str, str]
) -> None:
    client = client_as(Role.VIEWER)
    for page in ("/suppliers", "/suppliers/SUP-1"):
        html = client.get(page).text
        assert ">New supplier<" not in html, page
        assert ">Edit<" not in html, page
        assert 'method="post"' not in html.split("</header>", 1)[1], page
