"""A maker enters a month of electricity, a checker approves it, and the year's figures show it.

The app is served over its own temporary database holding a small reporting organisation, a
maker and a checker; screenshots at laptop and tablet widths go to screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from esg_builders import CHECKER, MAKER, diesel_density, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts, esg_data

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 42"
TABLET: ViewportSize = {"width": 820, "height": 1180}
LogIn = Callable[..., Page]
SCREENSHOTS = Path(__file__).parent / "screenshots"


def seed(db: Database) -> None:
    """Two years of a plant and an office, mostly approved, with the maker and the checker."""
    for email, name in ((MAKER, "Li Na"), (CHECKER, "Wang Jun")):
        accounts.create_user(db, accounts.NewUser(email, name, Role.ESG_MANAGER, password=PASSWORD))
    organisation(db)
    diesel_density(db)
    ids = [
        submit(db, "CQ1", "electricity_purchased", f"{year}-{month:02d}", kwh, "kWh")
        for year, kwh in ((2024, "95000"), (2025, "100000"))
        for month in range(1, 13)
        if (year, month) != (2025, 3)
    ]
    ids += [
        submit(db, "CQ1", "natural_gas_stationary", "2024", "400000", "m3"),
        submit(db, "CQ1", "natural_gas_stationary", "2025", "500000", "m3"),
        submit(db, "CQ1", "diesel_mobile", "2025", "100000", "L"),
        submit(db, "HK1", "electricity_purchased", "2025", "50000", "kWh"),
        submit(db, "GRP", "production_volume", "2024", "8000", "vehicle"),
        submit(db, "GRP", "production_volume", "2025", "10000", "vehicle"),
    ]
    esg_data.approve_values(db, ids, CHECKER)


def save(page: Page, name: str) -> None:
    """A full-page screenshot under screenshots/ as <name>-<width>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def test_a_month_is_entered_checked_and_counted_in_the_figures(log_in: LogIn) -> None:
    maker = log_in(MAKER)
    maker.get_by_role("navigation", name="Main").get_by_role("link", name="ESG data").click()
    maker.wait_for_url("**/esg-data")
    expect(maker.locator(".result-count")).to_contain_text("Chongqing plant · FY2025")
    save(maker, "esg-grid")

    maker.get_by_role("link", name="Enter a value").first.click()
    maker.select_option("#f-entity", "CQ1")
    maker.select_option("#f-part", "M03")
    maker.select_option("#f-metric", "electricity_purchased")
    expect(maker.locator("#f-unit")).to_have_value("kWh")  # htmx brought the metric's fields
    maker.fill("#f-value", "98")
    maker.fill("#f-unit", "L")
    maker.fill("#f-source_note", "March bill of the grid company")
    maker.get_by_role("button", name="Submit for review").click()
    expect(maker.locator("#err-unit")).to_have_text(
        "L measures a volume, but the value must be an energy in kWh (electricity_purchased)"
    )
    expect(maker.locator("#f-value")).to_have_value("98")
    save(maker, "esg-entry-refused")

    maker.fill("#f-unit", "MWh")
    maker.get_by_role("button", name="Submit for review").click()
    maker.wait_for_url("**/esg-data/values/*")
    expect(maker.locator(".facts .figure")).to_have_text("98,000 kWh")
    value_url = maker.url
    maker.context.close()

    checker = log_in(CHECKER)
    checker.goto("/esg-data/review")
    expect(checker.locator(".result-count")).to_contain_text("1 value waiting")
    save(checker, "esg-review")
    checker.get_by_role("button", name="Approve", exact=True).click()
    expect(checker.locator(".flash")).to_have_text("Value approved and locked.")
    checker.goto(value_url)
    expect(checker.locator(".subtitle .badge")).to_have_text("Approved · locked")
    expect(checker.locator("table.history tbody tr")).to_have_count(2)
    save(checker, "esg-value")

    checker.goto("/esg-data/figures?year=2025")
    checker.wait_for_function(
        "() => Chart.getChart('esg-ghg-chart') && Chart.getChart('esg-energy-chart')"
    )
    bars = checker.evaluate("() => Chart.getChart('esg-ghg-chart').data.labels")
    assert bars == ["FY2024", "FY2025"]
    save(checker, "esg-figures")
    checker.select_option("#filter-normaliser", "revenue")
    checker.wait_for_url("**normaliser=revenue**")
    expect(checker.locator("#intensity-title")).to_have_text("Intensities per revenue")
    checker.wait_for_function("() => Chart.getChart('esg-ghg-chart')")  # drawn again after htmx


TABLET_PAGES = [
    "/esg-data",
    "/esg-data/figures",
    "/esg-data/quality",
    "/esg-data/new?metric=workforce",
    "/emission-factors",
]


@pytest.mark.parametrize("path", TABLET_PAGES)
def test_the_pages_fit_a_tablet(log_in: LogIn, path: str) -> None:
    tab = log_in(CHECKER, TABLET)
    tab.goto(path)
    overflow = tab.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    save(tab, "esg-tablet" + path.replace("/", "-").split("?")[0])
