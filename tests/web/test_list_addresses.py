"""The addresses of filtered list pages: shareable, empty filters left out, the position last."""

from __future__ import annotations

import pytest

from supplyesg.web.ui.listing import FilteredList, chosen

AUDITS = FilteredList("/audits", "programme/audits/list.html", "programme/audits/_results.html")


@pytest.mark.parametrize(
    ("filters", "after", "expected"),
    [
        ({}, "", "/audits"),
        ({"status": "draft"}, "", "/audits?status=draft"),
        ({}, "AUD-2026-00001", "/audits?after=AUD-2026-00001"),
        (
            {"supplier": "SUP 1&2", "year": "2026"},
            51,
            "/audits?supplier=SUP+1%262&year=2026&after=51",
        ),
    ],
)
def test_a_list_address_carries_the_filters_then_the_position(
    filters: dict[str, str], after: object, expected: str
) -> None:
    assert AUDITS.url(filters, after) == expected


def test_only_the_filters_filled_in_are_chosen_in_the_order_shown() -> None:
    shown = {"supplier": "", "status": "completed", "year": "2025", "risk_level": ""}
    assert list(chosen(shown).items()) == [("status", "completed"), ("year", "2025")]
