"""Targets in the HKEX report: A1.5 / A1.6 / A2.3 / A2.4 and Part D's climate-related targets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D  # noqa: N817

import pytest
from report_data import esg_year

from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.frameworks import Coverage, Framework
from supplyesg.domain.targets import Target, TargetKind, TargetMetric
from supplyesg.reports.hkex import gather
from supplyesg.reports.hkex.content import (
    HkexContent,
    HkexReport,
    build_hkex_report,
    load_hkex_content,
)
from supplyesg.reports.hkex.inputs import HkexInputs, TargetLine, TargetYear
from supplyesg.services import targets
from supplyesg.services.ghg import year_account

INTENSITY = TargetLine(
    title="Scope 1 and 2 emissions per vehicle produced",
    unit="t CO2e/vehicle",
    items=("A1.5", "D-MT-12"),
    boundary="Example Trucks Holdings Ltd",
    net=True,
    base_year=2021,
    base=D("0.5"),
    base_source="",
    target_year=2030,
    goal=D("0.35"),
    description="Cut the emissions of every truck built by 30% against FY2021.",
    owner="Chief operating officer",
    steps="Rooftop solar at the Chongqing plant; electric forklifts",
    years=(
        TargetYear(
            2025,
            value=D("0.4133"),
            path=D("0.4333333"),
            change_pct=D("-17.34"),
            status="on_track",
            gross=D("0.4233"),
            credits_t_co2e=D("485"),
        ),
    ),
)
WATER = TargetLine(
    title="Water consumed",
    unit="m³",
    items=("A2.4",),
    boundary="Example Trucks Holdings Ltd",
    net=False,
    base_year=2023,
    base=D("750000"),
    base_source="FY2023 environmental statement, p. 12",
    target_year=2027,
    goal=D("675000"),
    description="Use less fresh water in the paint shops",
    reduction_pct=D("10"),
    owner="Head of facilities",
    years=(TargetYear(2025, D("693180"), D("712500"), D("-7.576"), "on_track"),),
)


@pytest.fixture(scope="module")
def shipped(guide: Framework) -> HkexContent:
    """The templates and content as shipped: no statement of the company's own."""
    return load_hkex_content(guide)


def _report(inputs: HkexInputs, content: HkexContent, guide: Framework) -> HkexReport:
    return build_hkex_report(inputs, content, guide)


def _coverage(report: HkexReport) -> dict[str, Coverage]:
    return {entry.item.code: entry.coverage for entry in report.index}


def test_without_targets_the_target_items_stay_open(
    hkex_inputs: HkexInputs, shipped: HkexContent, guide: Framework
) -> None:
    report = _report(hkex_inputs, shipped, guide)
    coverage = _coverage(report)
    for code in ("A1.5", "A1.6", "A2.3", "A2.4", "D-MT-12"):
        assert coverage[code] is Coverage.MISSING
    assert not [t for t in report.document.tables() if t.key.startswith("targets-")]


def test_an_emission_target_answers_a1_5_and_part_d_with_its_progress(
    hkex_inputs: HkexInputs, shipped: HkexContent, guide: Framework
) -> None:
    report = _report(replace(hkex_inputs, targets=(INTENSITY, WATER)), shipped, guide)
    coverage = _coverage(report)
    assert coverage["A1.5"] is Coverage.ANSWERED
    assert coverage["D-MT-12"] is Coverage.ANSWERED
    assert coverage["A2.4"] is Coverage.ANSWERED
    assert coverage["A2.3"] is Coverage.MISSING  # no energy target
    table = report.document.table("targets-emissions")
    first = [cell.text for cell in table.rows[0].cells]
    assert first == [
        "Scope 1 and 2 emissions per vehicle produced, FY2021 to FY2030, net of carbon credits",
        "t CO2e/vehicle",
        "0.50",
        "0.35",
        "-30",
        "0.41",
        "-17.34",
        "0.43",
        "On track",
    ]
    details = [[c.text for c in row.cells if c.text] for row in table.rows[1:]]
    assert details == [
        ["Gross emissions", "t CO2e/vehicle", "0.42"],
        ["Carbon credits retired", "t CO2e", "485.00"],
    ]
    assert report.document.table("targets-climate").rows == table.rows
    water = report.document.table("targets-water")
    assert water.rows[0].cells[0].text == "Water consumed, FY2023 to FY2027"
    texts = [text for section, text in report.document.texts() if section.number == "3.1"]
    [bullet] = [t for t in texts if t.startswith("Scope 1 and 2 emissions per vehicle")]
    assert "Cut the emissions of every truck built by 30% against FY2021. " in bullet
    assert "Owner: Chief operating officer." in bullet
    assert "Steps taken: Rooftop solar at the Chongqing plant; electric forklifts." in bullet
    assert "0.41 t CO2e/vehicle net of 485.00 t CO2e of carbon credits" in bullet
    assert bullet.endswith("0.43 t CO2e/vehicle on the straight line to it: on track.")
    # the company's numbers and years are backed by the table: the text and tables agree
    assert not [p for p in report.problems if "no table" in p.reason]


def test_an_entered_base_names_its_source(
    hkex_inputs: HkexInputs, shipped: HkexContent, guide: Framework
) -> None:
    report = _report(replace(hkex_inputs, targets=(WATER,)), shipped, guide)
    table = report.document.table("targets-water")
    assert (
        "Water consumed: the FY2023 base was entered by the company; source: "
        "FY2023 environmental statement, p. 12." in table.notes
    )
    assert [c.text for c in table.rows[0].cells][2:5] == ["750,000.00", "675,000.00", "-10"]


def test_the_report_measures_the_stored_targets_against_the_approved_figures(
    db: Database,
) -> None:
    esg_year(db)
    target = Target(
        TargetMetric.GHG_TOTAL,
        base_year=2024,
        target_year=2030,
        kind=TargetKind.INTENSITY,
        normaliser="production_volume",
        reduction_pct=D("30"),
        description="Cut emissions per truck",
        owner="COO",
    )
    targets.add_target(db, target, FixedClock.on(date(2025, 2, 1)))
    [line] = gather.hkex_inputs(db, 2025).targets
    accounts = {y: year_account(db, y, approved_only=True) for y in (2024, 2025)}
    per_truck = {
        y: a.ghg.total_t_co2e / D(a.figures.total("production_volume") or 1)
        for y, a in accounts.items()
    }
    assert line.title == "Scope 1 and 2 emissions per vehicle produced"
    assert line.unit == "t CO2e/vehicle"
    assert line.items == ("A1.5", "D-MT-12")
    assert (line.base, line.goal) == (per_truck[2024], per_truck[2024] * D("0.7"))
    [year] = line.years
    assert (year.year, year.value) == (2025, per_truck[2025])
    assert gather.hkex_inputs(db, 2024).targets == ()  # adopted in FY2025
