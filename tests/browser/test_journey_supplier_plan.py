"""Four people, one non-conformity: an auditor records an on-site audit with major findings, the
supplier answers with a plan and evidence through the portal, the ESG manager accepts it, and
the quarter's rating and the programme's deadlines show it.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from supplyesg.config import Settings
from supplyesg.db import migrate
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.periods import Quarter
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import accounts, conduct, suppliers
from supplyesg.web.app import create_app

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 42"
PEOPLE = {
    "auditor": ("omar@audits.example.com", "Omar Haddad", Role.AUDITOR, None),
    "manager": ("mei@truckmaker.example.com", "Mei Chen", Role.ESG_MANAGER, None),
    "supplier": ("sun@wuhan-seating.example.cn", "Sun Li", Role.SUPPLIER_USER, "SEA-006"),
}
MAJORS = {
    "ENV-01": "The paint shop's discharge permit expired in March",
    "HS-01": "Forklift drivers without valid licences",
    "LAB-03": "Overtime above 80 hours a month in the moulding hall",
    "LAB-04": "Wages paid 20 days late twice this year",
}
TODAY = datetime.now(UTC).date()
QUARTER = Quarter.containing(TODAY).previous()  # ended, so it can be rated
AUDITED_ON = QUARTER.first_day + timedelta(days=20)
SCREENSHOTS = Path(__file__).parent / "screenshots"

Shot = Callable[[Page, str], None]


def seed(db: Database) -> None:
    """Three people, the supplier under audit and another one, and the code of conduct."""
    conduct.install_default_code(db)
    for code, name in (("SEA-006", "Wuhan Seating Systems"), ("CAB-001", "Jinan Cab Systems")):
        profile = SupplierProfile(code, name, "CN", "seats", 1)
        suppliers.create_supplier(db, profile, "seed", SupplierStatus.ACTIVE)
    for email, name, role, supplier in PEOPLE.values():
        accounts.create_user(db, accounts.NewUser(email, name, role, supplier, PASSWORD))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served for real over a freshly seeded database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('journey') / 'app.db'}"
    database = Database.from_url(url)
    migrate.upgrade(database)
    seed(database)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    app = create_app(Settings(database_url=url), database)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", log_level="warning", ws="none", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()
        database.engine.dispose()


@pytest.fixture
def log_in(browser: Browser, site: str) -> Iterator[Callable[[str], Page]]:
    """Open a browser of one's own and log in as one of PEOPLE."""
    contexts = []

    def open_as(who: str) -> Page:
        context = browser.new_context(base_url=site, viewport={"width": 1366, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login")
        page.fill("#f-email", PEOPLE[who][0])
        page.fill("#f-password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def shot() -> Shot:
    """Save a full-page screenshot under screenshots/ as journey-<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)

    return take


def record_the_audit(page: Page, shot: Shot) -> str:
    """The auditor records an on-site audit with four major findings; its reference."""
    page.goto("/audits/new?supplier=SEA-006")
    page.select_option("#f-audit_type", "on_site_announced")
    page.fill("#f-auditor", "Omar Haddad")
    page.fill("#f-started_on", (AUDITED_ON - timedelta(days=1)).isoformat())
    page.fill("#f-ended_on", AUDITED_ON.isoformat())
    page.fill("#f-sites", "Wuhan plant")
    page.get_by_role("button", name="Save and record findings").click()
    page.wait_for_url("**/findings")
    for select in page.locator("select[name^='verdict.']").all():
        select.select_option("conforming")
    for requirement, notes in MAJORS.items():
        page.select_option(f"select[name='verdict.{requirement}']", "major")
        page.fill(f"textarea[name='notes.{requirement}']", notes)
    shot(page, "1-auditor-findings")
    page.get_by_role("button", name="Save and complete the audit").click()
    page.wait_for_url("**/audits/AUD-*")
    expect(page.locator(".flash")).to_contain_text("Medium risk")
    shot(page, "2-auditor-audit-completed")
    return page.url.rsplit("/", 1)[1]


def submit_the_plan(page: Page, reference: str, evidence: Path, shot: Shot) -> None:
    """The supplier answers the first non-conformity with a plan and a supporting file."""
    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(page.locator("table.data tbody tr")).to_have_count(4)
    shot(page, "3-supplier-portal")
    page.get_by_role("link", name=reference).first.click()
    page.get_by_role("link", name="Submit an improvement plan").click()
    first = page.locator("textarea[name^='action-']").first
    nc_id = (first.get_attribute("name") or "").removeprefix("action-")
    first.fill("Renew the discharge permit and test the effluent monthly")
    page.fill(f"#f-owner-{nc_id}", "Plant manager Zhang")
    page.fill(f"#f-due_on-{nc_id}", (TODAY + timedelta(days=45)).isoformat())
    page.set_input_files("#f-file", str(evidence))
    shot(page, "4-supplier-plan-form")
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.locator(".flash")).to_contain_text("sent for review")
    page.goto(f"/portal/non-conformities/{nc_id}")
    expect(page.get_by_role("link", name=evidence.name)).to_be_visible()
    shot(page, "5-supplier-evidence")


def test_a_major_finding_is_answered_through_the_portal_and_accepted(
    log_in: Callable[[str], Page], shot: Shot, tmp_path: Path
) -> None:
    reference = record_the_audit(log_in("auditor"), shot)

    evidence = tmp_path / "discharge-permit-renewal.pdf"
    evidence.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    submit_the_plan(log_in("supplier"), reference, evidence, shot)

    manager = log_in("manager")
    manager.goto(f"/programme?as_of={TODAY}")
    pending = manager.locator("section", has=manager.locator("#plan-deadlines"))
    expect(pending).to_contain_text(reference)
    shot(manager, "6-manager-deadline-pending")
    manager.goto(f"/audits/{reference}")
    manager.get_by_role("link", name=re.compile(r"^Plan \d+$")).first.click()
    manager.get_by_role("button", name="Accept the plan").click()
    expect(manager.locator(".badge.plan-status")).to_have_text("Plan accepted")
    shot(manager, "7-manager-plan-accepted")

    manager.goto(f"/programme?as_of={TODAY}")
    expect(pending).not_to_contain_text(reference)
    manager.goto(f"/ratings?quarter={QUARTER}")
    manager.get_by_role("button", name=f"Rate {QUARTER} now").click()
    row = manager.locator("table.ratings tbody tr", has_text="SEA-006")
    expect(row).to_contain_text("Medium")
    expect(row).to_contain_text(reference)
    shot(manager, "8-manager-rating")
