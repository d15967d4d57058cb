"""An ESG manager records an audit, follows its plan, rates a quarter and reads the programme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.audits import AuditDetails, AuditType, Finding, Verdict
from supplyesg.domain.periods import Quarter
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import accounts, audits, conduct, rating, suppliers
from supplyesg.services.audits import AuditDraft

pytestmark = pytest.mark.browser

MANAGER = "li.na@example.com"
SECOND_MANAGER = "chen.wei@example.com"
PASSWORD = "correct horse battery staple 42"
SCREENSHOTS_DIR = "screenshots"
TABLET = {"width": 820, "height": 1180}

SUPPLIERS = [
    ("CAB-001", "Jinan Cab Systems Co., Ltd.", "CN", "cabs"),
    ("AXL-002", "Chongqing Axle Works", "CN", "axles"),
    ("ELE-003", "Stuttgart Vehicle Electronics GmbH", "DE", "electronics"),
    ("TYR-004", "Qingdao Tyre Company", "CN", "tyres"),
    ("GLS-005", "Fuyao-style Glass Works", "CN", "glass"),
    ("SEA-006", "Wuhan Seating Systems", "CN", "seats and interiors"),
]
AUDITS = [
    # supplier, reference, ended on, type, verdicts other than conforming
    ("CAB-001", "AUD-2026-00001", date(2026, 3, 12), AuditType.ON_SITE_ANNOUNCED,
     {"ENV-07": Verdict.MINOR}),
    ("AXL-002", "AUD-2026-00002", date(2026, 4, 22), AuditType.ON_SITE_ANNOUNCED,
     {"LAB-03": Verdict.MAJOR, "LAB-04": Verdict.MAJOR, "HS-01": Verdict.MAJOR,
      "ENV-01": Verdict.MAJOR}),
    ("TYR-004", "AUD-2026-00003", date(2026, 5, 6), AuditType.DESKTOP_REVIEW,
     {"LAB-01": Verdict.CRITICAL, "HS-02": Verdict.MAJOR}),
    ("GLS-005", "AUD-2025-00001", date(2025, 2, 20), AuditType.DESKTOP_REVIEW, {}),
]  # fmt: skip

Screenshot = Callable[[str], None]


def seed(db: Database) -> None:
    """An ESG manager, six first-tier suppliers, four audits and two rated quarters."""
    manager = accounts.NewUser(MANAGER, "Li Na", Role.ESG_MANAGER, password=PASSWORD)
    accounts.create_user(db, manager)
    second = accounts.NewUser(SECOND_MANAGER, "Chen Wei", Role.ESG_MANAGER, password=PASSWORD)
    accounts.create_user(db, second)
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    for supplier_code, name, country, category in SUPPLIERS:
        profile = SupplierProfile(supplier_code, name, country, category, 1)
        suppliers.create_supplier(db, profile, "seed", SupplierStatus.ACTIVE)
    for supplier_code, reference, ended_on, kind, verdicts in AUDITS:
        findings = tuple(
            Finding(r.id, verdicts.get(r.id, Verdict.CONFORMING), "seen on site")
            for r in code.requirements
        )
        details = AuditDetails(kind, "Bureau of ESG Audits", ended_on, ended_on, ("Plant 1",))
        draft = AuditDraft(supplier_code, code.version, details, findings, reference)
        audits.record_audit(db, draft, "seed")
    rating.rate_quarter(db, Quarter(2026, 2))
    rating.rate_quarter(db, Quarter(2026, 3))


@pytest.fixture
def manager_page(log_in: Callable[..., Page]) -> Page:
    """A tab at laptop size, logged in as the ESG manager."""
    return log_in(MANAGER)


@pytest.fixture
def shot(manager_page: Page, request: pytest.FixtureRequest) -> Screenshot:
    """Save a full-page screenshot under screenshots/ as programme-<name>.png."""
    folder = request.path.parent / SCREENSHOTS_DIR
    folder.mkdir(exist_ok=True)

    def take(name: str) -> None:
        manager_page.screenshot(path=str(folder / f"programme-{name}.png"), full_page=True)

    return take


def test_an_audit_with_a_major_finding_is_followed_to_an_accepted_plan(
    manager_page: Page,
    shot: Screenshot,
    record_findings: Callable[..., None],
    log_in: Callable[..., Page],
) -> None:
    page = manager_page
    expect(page.locator("#programme-title")).to_have_text("Supplier ESG programme")
    page.wait_for_function("document.querySelector('#risk-chart').getAttribute('width') > 0")
    shot("home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programme").click()
    page.wait_for_url("**/programme")
    page.wait_for_function("document.querySelector('#trend-chart').getAttribute('width') > 0")
    expect(page.locator(".deadlines tbody tr")).to_have_count(2)
    shot("overview")

    record_findings(page, "SEA-006", "Bureau of ESG Audits", "2026-11-02", "2026-11-04")
    shot("findings")
    page.get_by_role("button", name="Save and complete the audit").click()
    page.wait_for_url("**/audits/AUD-2026-*")
    expect(page.locator(".flash")).to_contain_text("completed: Medium risk")
    expect(page.locator(".deadline-line")).to_contain_text("Plan due 2027-05-04")
    shot("audit-detail")

    page.get_by_role("link", name="Submit a plan").first.click()
    expect(page.locator("textarea[name^='action.']")).to_have_count(4)
    page.locator("textarea[name^='action.']").first.fill("Train and license every forklift driver")
    page.locator("input[name^='owner.']").first.fill("Plant manager")
    page.locator("input[name^='due_on.']").first.fill("2027-01-31")
    shot("plan-form")
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.locator(".badge.plan-status")).to_have_text("Plan submitted")
    # Four eyes: the manager who entered the plan cannot accept it; a colleague does.
    page.get_by_role("button", name="Accept the plan").click()
    expect(page.locator(".form-summary")).to_contain_text("cannot accept")
    expect(page.locator(".badge.plan-status")).to_have_text("Plan submitted")
    colleague = log_in(SECOND_MANAGER)
    colleague.goto(page.url.removesuffix("/decision"))
    colleague.get_by_role("button", name="Accept the plan").click()
    expect(colleague.locator(".badge.plan-status")).to_have_text("Plan accepted")
    expect(colleague.locator(".badge.deadline")).to_have_text("Plan in time")
    colleague.screenshot(
        path=str(Path(__file__).parent / SCREENSHOTS_DIR / "programme-plan-accepted.png"),
        full_page=True,
    )


def test_ratings_calendar_and_the_supplier_section_read_well(
    manager_page: Page, shot: Screenshot
) -> None:
    page = manager_page
    page.goto("/ratings?quarter=2026Q3")
    expect(page.locator("table.ratings tbody tr")).to_have_count(6)
    expect(page.locator("table.ratings tbody tr", has_text="GLS-005")).to_contain_text(
        "Audit overdue"
    )
    shot("ratings")
    page.goto("/programme/calendar?year=2026&as_of=2026-11-21")
    expect(page.locator("table.overdue-audits tbody tr")).to_have_count(1)
    shot("calendar")
    page.goto("/suppliers/AXL-002")
    expect(page.locator("#supplier-programme .programme-facts")).to_contain_text("Medium risk")
    shot("supplier")
    page.goto("/non-conformities?audit=AUD-2026-00001")
    page.locator("table.ncs tbody tr a").first.click()
    expect(page.get_by_role("heading", name="Agree a closing date")).to_be_visible()
    shot("nc-detail")
    for name in ("risk", "scorecards", "training", "code-of-conduct", "non-conformities"):
        page.goto(f"/{name}")
        expect(page.locator("h1")).to_be_visible()
        shot(name)


def test_the_pages_hold_together_at_tablet_width(manager_page: Page, shot: Screenshot) -> None:
    page = manager_page
    page.set_viewport_size(TABLET)
    for url, name in (
        ("/programme", "tablet-overview"),
        ("/audits/AUD-2026-00003", "tablet-audit"),
        ("/ratings?quarter=2026Q3", "tablet-ratings"),
        ("/audits", "tablet-audits"),
    ):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
        shot(name)
