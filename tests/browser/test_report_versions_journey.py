"""An ESG manager submits the HKEX report for review; the chair, who holds the sign-off right,
approves and publishes it; the published PDF's SHA-256 is on the page and matches the file.

The app is served over its own temporary database holding one plant's FY2025 electricity;
screenshots go to screenshots/.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from checklist_helpers import acknowledge_every_item
from supplyesg.clock import SYSTEM_CLOCK
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import accounts, esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 42"
MANAGER = "mia.wong@example.com"
CHAIR = "chair@example.com"
REPORT = "/reports/hkex/2025"
PUBLISHING_MS = 120_000  # every format of the report is rendered before the page answers
LogIn = Callable[..., Page]
SCREENSHOTS = Path(__file__).parent / "screenshots"


def seed(db: Database) -> None:
    """A group with a plant that bought 8,000 MWh in FY2025; an ESG manager and the chair."""
    accounts.create_user(
        db, accounts.NewUser(MANAGER, "Mia Wong", Role.ESG_MANAGER, password=PASSWORD)
    )
    accounts.create_user(db, accounts.NewUser(CHAIR, "Chair", Role.ADMIN, password=PASSWORD))
    esg_organisation.save_entity(
        db, ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN")
    )
    esg_organisation.save_entity(
        db, ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="GRP")
    )
    esg_organisation.add_financial_year(db, date(2025, 1, 1))
    entry = Entry("CQ1", "electricity_purchased", "2025", "8000", "MWh")
    record = esg_data.submit_value(db, entry, "maker")
    esg_data.approve_values(db, [record.row.id], "checker")
    acknowledge_every_item(db, 2025, SYSTEM_CLOCK)


def save(page: Page, name: str) -> None:
    """A full-page screenshot under screenshots/ as <name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_report_is_submitted_signed_off_by_another_and_published_with_its_sha256(
    log_in: LogIn,
) -> None:
    manager = log_in(MANAGER)
    manager.goto(REPORT)
    versions = manager.locator("#versions")
    expect(versions).to_contain_text("No version yet")
    versions.get_by_role("button", name="Submit for review").click()
    manager.wait_for_url(f"**{REPORT}#versions")
    expect(manager.locator(".flash")).to_contain_text("Version 1 submitted for review.")
    version = manager.locator("#version-1")
    expect(version.locator(".version-state")).to_have_text("In review")
    expect(version).to_contain_text(f"Submitted for review by {MANAGER} on")
    expect(version.get_by_role("button", name="Approve")).to_have_count(0)
    save(manager, "report-version-submitted")

    chair = log_in(CHAIR)
    chair.goto(REPORT)
    version = chair.locator("#version-1")
    version.get_by_role("button", name="Approve").click()
    chair.wait_for_url(f"**{REPORT}#versions")
    expect(version.locator(".version-state")).to_have_text("Approved")
    expect(version).to_contain_text(f"Approved by {CHAIR} on")

    version.get_by_role("button", name="Publish").click(timeout=PUBLISHING_MS)
    chair.wait_for_url(f"**{REPORT}#versions", timeout=PUBLISHING_MS)
    expect(version.locator(".version-state")).to_have_text("Published")
    expect(version).to_contain_text(f"Published by {CHAIR} on")
    pdf_row = version.locator(".version-files tr", has_text="hkex-esg-report-2025-en.pdf")
    shown = pdf_row.locator("code.sha256").inner_text().strip()
    assert len(shown) == 64
    save(chair, "report-version-published")

    with chair.expect_download() as started:
        pdf_row.get_by_role("link", name="hkex-esg-report-2025-en.pdf").click()
    downloaded = Path(started.value.path())
    assert hashlib.sha256(downloaded.read_bytes()).hexdigest() == shown

    manager.reload()
    expect(manager.locator("#version-1 .version-files")).to_contain_text(shown)
    manager.locator("#version-1").get_by_role("link", name="Compare with the current data").click()
    expect(manager.locator("h1")).to_contain_text("version 1 compared with the current data")
    expect(manager.locator("main")).to_contain_text("Nothing: the data still gives every figure")
