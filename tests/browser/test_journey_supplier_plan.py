"""Four people, one non-conformity: an auditor records an on-site audit with major findings, the
supplier answers with a plan and evidence through the portal, the ESG manager accepts it, and
the quarter's rating and the programme's deadlines show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from served_day import SERVED_DAY

from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.periods import Quarter
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import accounts, conduct, suppliers

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 42"
PEOPLE = {
    "auditor": ("omar@audits.example.com", "Omar Haddad", Role.AUDITOR, None),
    "manager": ("mei@truckmaker.example.com", "Mei Chen", Role.ESG_MANAGER, None),
    "supplier": ("sun@wuhan-seating.example.cn", "Sun Li", Role.SUPPLIER_USER, "SEA-006"),
}
TODAY = SERVED_DAY
QUARTER = Quarter.containing(TODAY).previous()  # ended, so it can be rated
AUDITED_ON = QUARTER.first_day + timedelta(days=20)
SCREENSHOTS = Path(__file__).parent / "screenshots"
EMAILS = {who: email for who, (email, *_rest) in PEOPLE.items()}

Shot = Callable[[Page, str], None]


def seed(db: Database) -> None:
    """Three people, the supplier under audit and another one, and the code of conduct."""
    conduct.install_default_code(db)
    for code, name in (("SEA-006", "Wuhan Seating Systems"), ("CAB-001", "Jinan Cab Systems")):
        profile = SupplierProfile(code, name, "CN", "seats", 1)
        suppliers.create_supplier(db, profile, "seed", SupplierStatus.ACTIVE)
    for email, name, role, supplier in PEOPLE.values():
        accounts.create_user(db, accounts.NewUser(email, name, role, supplier, PASSWORD))


@pytest.fixture
def shot() -> Shot:
    """Save a full-page screenshot under screenshots/ as journey-<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)

    return take


def record_the_audit(page: Page, shot: Shot, record_findings: Callable[..., None]) -> str:
    """The auditor records an on-site audit with four major findings; its reference."""
    started_on = (AUDITED_ON - timedelta(days=1)).isoformat()
    record_findings(page, "SEA-006", "Omar Haddad", started_on, AUDITED_ON.isoformat())
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
    log_in: Callable[..., Page], shot: Shot, tmp_path: Path, record_findings: Callable[..., None]
) -> None:
    reference = record_the_audit(log_in(EMAILS["auditor"]), shot, record_findings)

    evidence = tmp_path / "discharge-permit-renewal.pdf"
    evidence.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    submit_the_plan(log_in(EMAILS["supplier"]), reference, evidence, shot)

    manager = log_in(EMAILS["manager"])
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
