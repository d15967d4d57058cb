"""Pages work under the strict Content-Security-Policy: chromium reports no violation.

An administrator walks every page the links of the site lead to (menus, lists, details,
charts, a report, the API documentation) and filters a list through htmx; a supplier user walks
the portal. Chromium logs each violation to the console; the page also reports the
`securitypolicyviolation` events it sees. Neither may appear.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from esg_builders import CHECKER, MAKER, organisation, submit
from programme_builders import MEDIUM, audited, supplier
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import accounts, esg_data, supply_chain

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 42"
ADMIN = "admin@example.com"
SUPPLIER_USER = "sales@sup-1.example"
LogIn = Callable[..., Page]
MOST_PAGES = 60
"""The walk stops after this many pages (the site has fewer distinct ones)."""
NOT_PAGES = (
    "/logout",
    "/openapi.json",
    "/download",
    "/export",
    ".csv",
    ".xlsx",
    ".pdf",
    ".docx",
    "format=",
)
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def seed(db: Database) -> None:
    """A chain of four suppliers, one audited with non-conformities, two years of ESG data, an
    administrator and a supplier user."""
    accounts.create_user(db, accounts.NewUser(ADMIN, "Ada Admin", Role.ADMIN, password=PASSWORD))
    for code in ("SUP-1", "SUP-2", "SUP-3", "SUP-4"):
        supplier(db, code, status=SupplierStatus.ACTIVE)
    for sub, customer in (("SUP-2", "SUP-1"), ("SUP-3", "SUP-2"), ("SUP-4", "SUP-3")):
        supply_chain.add_link(db, sub, customer)
    audited(db, date(2025, 11, 20), "SUP-1", **MEDIUM)
    accounts.create_user(
        db,
        accounts.NewUser(SUPPLIER_USER, "Sun Li", Role.SUPPLIER_USER, "SUP-1", password=PASSWORD),
    )
    for email, name in ((MAKER, "Li Na"), (CHECKER, "Wang Jun")):
        accounts.create_user(db, accounts.NewUser(email, name, Role.ESG_MANAGER, password=PASSWORD))
    organisation(db)
    ids = [
        submit(db, "CQ1", "electricity_purchased", str(year), kwh, "kWh")
        for year, kwh in ((2024, "950000"), (2025, "1000000"))
    ]
    ids.append(submit(db, "CQ1", "natural_gas_stationary", "2025", "500000", "m3"))
    esg_data.approve_values(db, ids, CHECKER)


class Console:
    """What a tab wrote to its console: violations of the policy, and other errors."""

    def __init__(self, tab: Page) -> None:
        self.violations: list[str] = []
        self.errors: list[str] = []
        tab.add_init_script(REPORT_VIOLATIONS)
        tab.on("console", self._read)
        tab.on("pageerror", lambda error: self.errors.append(f"{tab.url}: {error}"))

    def _read(self, message: ConsoleMessage) -> None:
        text = f"{message.page.url if message.page else ''}: {message.text}"
        if "Content Security Policy" in message.text or "CSP violation" in message.text:
            self.violations.append(text)
        elif message.type == "error":
            self.errors.append(text)


@pytest.fixture
def watched(log_in: LogIn) -> Callable[[str], tuple[Page, Console]]:
    def open_as(email: str) -> tuple[Page, Console]:
        tab = log_in(email)
        return tab, Console(tab)

    return open_as


def visit(tab: Page, path: str) -> None:
    tab.goto(path, wait_until="load", timeout=30_000)
    tab.wait_for_load_state("networkidle", timeout=30_000)


def walk(tab: Page, start: list[str]) -> list[str]:
    """Every page of the site the links lead to from `start`, visited once each (by path)."""
    base = urlsplit(tab.url)
    queue, seen = list(start), set(start)
    visited: list[str] = []
    while queue and len(visited) < MOST_PAGES:
        path = queue.pop(0)
        visit(tab, path)
        visited.append(path)
        for href in tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            address = urlsplit(urldefrag(href).url)
            if address.netloc != base.netloc or any(part in href for part in NOT_PAGES):
                continue
            if address.path not in seen:
                seen.add(address.path)
                queue.append(address.path + (f"?{address.query}" if address.query else ""))
    return visited


def test_the_staff_pages_break_no_rule_of_the_policy(
    watched: Callable[[str], tuple[Page, Console]],
) -> None:
    tab, console = watched(ADMIN)
    visited = walk(
        tab,
        ["/", "/suppliers/SUP-4", "/esg-data/figures?year=2025", "/reports/hkex/2025", "/docs"],
    )
    assert {"/suppliers", "/esg-data", "/admin/users"} <= {urlsplit(p).path for p in visited}
    assert len(visited) > 30

    visit(tab, "/suppliers")
    tab.get_by_role("searchbox").first.fill("SUP-3")  # htmx swaps the results in
    expect(tab.locator("#results")).to_contain_text("SUP-3")
    expect(tab.locator("#results")).not_to_contain_text("SUP-2 Co.")
    visit(tab, "/docs")
    expect(tab.locator(".swagger-ui .info .title")).to_contain_text("supplyesg")
    visit(tab, "/esg-data/figures?year=2025")
    expect(tab.locator("canvas").first).to_be_visible()
    assert console.violations == []
    assert console.errors == []


def test_the_portal_breaks_no_rule_of_the_policy(
    watched: Callable[[str], tuple[Page, Console]],
) -> None:
    tab, console = watched(SUPPLIER_USER)
    visited = walk(tab, ["/portal"])
    assert len(visited) >= 3
    assert console.violations == []
    assert console.errors == []
