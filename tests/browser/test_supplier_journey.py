"""A member of staff finds a supplier by country and reads its place in the chain."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

Screenshot = Callable[[str], None]


def listed_codes(page: Page) -> list[str]:
    return page.locator("#results table.suppliers tbody tr td:first-child a").all_inner_texts()


def test_staff_filter_the_list_by_country_and_open_the_chain_of_a_supplier(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/")
    registry = page.locator("section[aria-labelledby=registry-title]")
    expect(registry.locator(".stat-value").first).to_have_text("8")
    screenshot("dashboard")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Suppliers").click()
    page.wait_for_url("**/suppliers")
    assert listed_codes(page) == [
        "AXL-002",
        "CAB-001",
        "CHP-021",
        "ELE-003",
        "FRG-011",
        "ORE-020",
        "SEN-012",
        "STL-010",
    ]
    screenshot("suppliers")

    page.select_option("#filter-country", "DE")
    page.wait_for_url("**/suppliers?country=DE")
    expect(page.locator(".result-count")).to_have_text("2 suppliers")
    assert listed_codes(page) == ["CHP-021", "ELE-003"]

    page.fill("#filter-q", "chip")
    page.wait_for_url("**/suppliers?country=DE&q=chip")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    screenshot("suppliers-filtered")

    page.reload()  # the address is shareable: the same filters and results come back
    expect(page.locator("#filter-country")).to_have_value("DE")
    assert listed_codes(page) == ["CHP-021"]

    page.get_by_role("link", name="Bavaria Chip Packaging").click()
    page.wait_for_url("**/suppliers/CHP-021")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bavaria Chip Packaging")
    upward = page.locator("table.chain").first.locator("tbody tr")
    expect(upward).to_have_count(2)
    expect(upward.nth(0)).to_contain_text("SEN-012")
    expect(upward.nth(0).locator("td.num")).to_have_text("1")
    expect(upward.nth(1)).to_contain_text("ELE-003")
    expect(upward.nth(1).locator("td.num")).to_have_text("2")
    screenshot("supplier-detail")

    upward.nth(1).get_by_role("link", name="ELE-003").click()
    page.wait_for_url("**/suppliers/ELE-003")
    downward = page.locator("table.chain tbody tr")
    expect(downward).to_have_count(2)
    expect(downward.nth(0)).to_contain_text("SEN-012")
    expect(downward.nth(1)).to_contain_text("CHP-021")
    screenshot("supplier-detail-first-tier")
