"""The publishing checklist: item identities, the cross-section rules, acknowledgements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from supplyesg.domain.access import Role, permissions_of
from supplyesg.domain.publishing_checklist import (
    Acknowledgement,
    ChecklistItem,
    ChecklistOpenError,
    ItemStatus,
    Rate,
    SupplierCounts,
    acknowledgement_problems,
    checklist,
    may_acknowledge,
    quality_item,
    rate_items,
    refuse_open_items,
    supplier_count_items,
    water_items,
)
from supplyesg.domain.quality import Issue, IssueKind, Severity

D = Decimal
DAY = date(2026, 3, 20)


def _issue(kind: IssueKind, **where: str) -> Issue:
    return Issue(kind, Severity.WARNING, "message", **where)


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        (
            _issue(IssueKind.POWER_OF_TEN, metric="electricity", entity="CQ1", period="FY2025-M03"),
            "quality.power_of_ten:electricity/CQ1/FY2025-M03",
        ),
        (
            _issue(IssueKind.UNIT_MISMATCH, metric="diesel", entity="CQ1", period="FY2025-M01"),
            "quality.unit_mismatch:diesel/CQ1/FY2025-M01",
        ),
        (
            _issue(
                IssueKind.MISSING_BREAKDOWN, metric="workforce", entity="GRP", breakdown="gender"
            ),
            "quality.missing_breakdown:workforce/GRP/gender",
        ),
        (_issue(IssueKind.MISSING_KPI, kpi="A1.3"), "quality.missing_kpi:A1.3"),
        (_issue(IssueKind.AWAITING_APPROVAL, period="FY2025"), "quality.awaiting_approval:FY2025"),
        (
            _issue(
                IssueKind.CALCULATION_GAP,
                entity="CQ1",
                period="FY2025",
                kpi="A1.2",
                factor="grid_factor",
            ),
            "ghg.no_grid_factor:CQ1/FY2025",
        ),
        (
            _issue(
                IssueKind.CALCULATION_GAP,
                entity="CQ1",
                period="FY2025",
                kpi="A1.2",
                factor="density",
            ),
            "ghg.no_density:CQ1/FY2025",
        ),
        (
            _issue(
                IssueKind.CALCULATION_GAP,
                entity="CQ1",
                period="FY2025",
                kpi="A2.1",
                factor="density",
            ),
            "energy.no_density:CQ1/FY2025",
        ),
    ],
)
def test_each_quality_finding_is_an_item_named_by_kind_and_place(
    issue: Issue, expected: str
) -> None:
    assert quality_item(issue).id == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (SupplierCounts(10, (6, 4), engaged=10, audited=4, trained=3, under_plan=1), []),
        (SupplierCounts(10, audited=11), ["cross.suppliers_audited_exceed_suppliers"]),
        (SupplierCounts(10, engaged=12), ["cross.suppliers_engaged_exceed_suppliers"]),
        (SupplierCounts(10, trained=11), ["cross.suppliers_trained_exceed_suppliers"]),
        (SupplierCounts(10, under_plan=11), ["cross.suppliers_under_plan_exceed_suppliers"]),
        (SupplierCounts(10, (6, 3)), ["cross.suppliers_by_region_differ_from_suppliers"]),
        (SupplierCounts(0, audited=2), ["cross.suppliers_audited_exceed_suppliers"]),
    ],
)
def test_supplier_counts_cannot_exceed_the_suppliers_of_the_year(
    counts: SupplierCounts, expected: list[str]
) -> None:
    assert [item.id for item in supplier_count_items(counts)] == expected


@pytest.mark.parametrize(
    ("consumed", "discharged", "expected"),
    [
        ({2025: D(1000)}, {2025: D(800)}, []),
        ({2025: D(1000)}, {2025: D(1000)}, []),
        ({2025: D(1000)}, {2025: D(1001)}, ["cross.water_discharged_exceeds_consumed:FY2025"]),
        ({2025: None}, {2025: D(5)}, []),
        (
            {2025: D(10), 2024: D(10)},
            {2025: D(9), 2024: D(90000)},
            ["cross.water_discharged_exceeds_consumed:FY2024"],
        ),
    ],
)
def test_wastewater_discharged_cannot_exceed_water_consumed(
    consumed: dict[int, Decimal | None], discharged: dict[int, Decimal | None], expected: list[str]
) -> None:
    assert [item.id for item in water_items(consumed, discharged)] == expected


@pytest.mark.parametrize(
    ("unit", "value", "expected"),
    [
        ("%", D("0"), []),
        ("%", D("100"), []),
        ("%", D("100.01"), ["cross.percentage_above_100:r/FY2025"]),
        ("%", D("-0.1"), ["cross.negative_rate:r/FY2025"]),
        ("hour/person", D("40"), []),
        ("hour/person", D("8784"), []),
        ("hour/person", D("400000"), ["cross.implausible_rate:r/FY2025"]),  # 40 h x 10^4
        ("day/person", D("367"), ["cross.implausible_rate:r/FY2025"]),
        ("t/vehicle", D("1e9"), []),  # no physical ceiling
        ("t/vehicle", D("-1"), ["cross.negative_rate:r/FY2025"]),
    ],
)
def test_rates_stay_within_their_physical_bounds(
    unit: str, value: Decimal, expected: list[str]
) -> None:
    assert [item.id for item in rate_items([Rate("r", "R", unit, 2025, value)])] == expected


def test_a_value_ten_thousand_times_too_large_in_both_years_is_caught() -> None:
    rates = [
        Rate("average_training_hours", "Training", "hour/person", y, D(24) * 10**4)
        for y in (2024, 2025)
    ]
    assert [item.id for item in rate_items(rates)] == [
        "cross.implausible_rate:average_training_hours/FY2024",
        "cross.implausible_rate:average_training_hours/FY2025",
    ]


A = ChecklistItem("quality.power_of_ten", "m/E/FY2025", "about 10^3 times")
B = ChecklistItem("section.unwritten", "water", "no text")


def test_an_item_is_resolved_by_its_acknowledgement_and_listed_once() -> None:
    acknowledged = Acknowledgement(B.id, "the figures speak for themselves", "mia", DAY)
    stale = Acknowledgement("quality.missing_kpi:A1.3", "old", "mia", DAY)
    items = checklist([A, B, A], [acknowledged, stale])
    assert [(c.item.id, c.status) for c in items] == [
        (A.id, ItemStatus.OPEN),
        (B.id, ItemStatus.ACKNOWLEDGED),
    ]
    with pytest.raises(ChecklistOpenError) as refused:
        refuse_open_items(items, "The report cannot be published:")
    assert [(p.field, p.reason, p.value) for p in refused.value.problems] == [
        (A.id, A.reason, A.place)
    ]
    refuse_open_items(checklist([B], [acknowledged]), "nothing open")


@pytest.mark.parametrize(
    ("item", "reason", "expected"),
    [
        (A.id, "explained in the water section", []),
        (A.id, "  ", ["reason"]),
        (A.id, "", ["reason"]),
        ("quality.nothing:here", "reason", ["item"]),
        (B.id, "again", ["item"]),
        (A.id, "x" * 2001, ["reason"]),
    ],
)
def test_an_acknowledgement_needs_a_listed_item_and_a_written_reason(
    item: str, reason: str, expected: list[str]
) -> None:
    problems = acknowledgement_problems(item, reason, {A.id, B.id}, {B.id})
    assert [p.field for p in problems] == expected


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMIN, True),
        (Role.ESG_MANAGER, True),
        (Role.AUDITOR, False),
        (Role.VIEWER, False),
        (Role.PROCUREMENT, False),
    ],
)
def test_esg_managers_and_administrators_may_acknowledge(role: Role, allowed: bool) -> None:
    assert may_acknowledge(permissions_of(role)) is allowed
