"""The reports read the services' figures as they are: nothing recalculated, nothing lost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from report_data import esg_year, programme_year

from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.intensity import change
from supplyesg.reports.content_index import NOT_ANSWERED
from supplyesg.reports.hkex.gather import hkex_inputs
from supplyesg.reports.publish import report_document, report_file
from supplyesg.reports.supply_chain.gather import supply_chain_inputs
from supplyesg.services import esg_data
from supplyesg.services.esg_entries import Entry
from supplyesg.services.ghg import year_account
from supplyesg.services.supply_chain_kpis import supply_chain_kpis


@pytest.fixture
def seeded(db: Database) -> Database:
    esg_year(db)
    programme_year(db)
    return db


def test_metric_lines_carry_the_approved_values_in_the_metric_units(seeded: Database) -> None:
    inputs = hkex_inputs(seeded, 2025)
    lines = {line.code: line for line in inputs.metrics}
    assert inputs.years == (2025, 2024)
    assert lines["electricity_purchased"].values == {
        2025: Decimal("8420000"),
        2024: Decimal("9400000"),
    }
    assert lines["electricity_purchased"].unit == "kWh"
    assert lines["water_consumption"].unit == "m³"
    assert lines["workforce"].values == {2025: Decimal("3000"), 2024: Decimal("3000")}
    assert [(p.label, p.values[2025]) for p in lines["workforce"].parts] == [
        ("Gender: Female", Decimal("680")),
        ("Gender: Male", Decimal("2320")),
    ]
    assert "production_volume" not in lines  # the intensity basis has its own row
    assert inputs.denominator is not None
    assert inputs.denominator.values == {2025: Decimal("50000"), 2024: Decimal("40000")}


def test_intensities_and_changes_are_the_domain_s(seeded: Database) -> None:
    water = next(
        line for line in hkex_inputs(seeded, 2025).metrics if line.code == "water_consumption"
    )
    assert water.intensities == {2025: Decimal("13"), 2024: Decimal("17.5")}
    assert water.intensity_unit == "m³/vehicle"
    expected = change(Decimal("650000"), Decimal("700000"))
    assert expected is not None
    assert water.change_pct == expected * 100


def test_ghg_and_energy_are_the_ghg_service_s_with_every_line(seeded: Database) -> None:
    inputs = hkex_inputs(seeded, 2025)
    account = year_account(seeded, 2025, approved_only=True)
    assert inputs.ghg is not None
    this_year = inputs.ghg.of(2025)
    assert this_year is not None
    assert (this_year.scope_1_t, this_year.scope_2_t, this_year.total_t) == (
        account.ghg.scope1_t_co2e,
        account.ghg.scope2_t_co2e,
        account.ghg.total_t_co2e,
    )
    assert len(inputs.ghg.lines) == len(account.ghg.lines)
    assert sum(line.t_co2e for line in inputs.ghg.lines) == account.ghg.total_t_co2e
    assert {line.entity for line in inputs.ghg.lines} == {"Chongqing plant", "Hong Kong office"}
    assert inputs.energy is not None
    assert inputs.energy.total_mwh[2025] == account.energy.total_mwh
    assert [(c.name, c.direct) for c in inputs.energy.carriers] == [
        ("Purchased electricity", False),
        ("Diesel (vehicles and test runs)", True),
    ]


def test_supplier_counts_are_kpis_b5_1_and_b5_2(seeded: Database) -> None:
    counted = supply_chain_kpis(seeded, 2025)
    kpis = hkex_inputs(seeded, 2025).supply_chain
    assert kpis is not None
    assert kpis.by_region == (("China, Chongqing", 2), ("China, Sichuan", 1), ("Japan, Tokyo", 1))
    assert (kpis.total, kpis.engaged, kpis.audited) == (
        counted.supplier_count,
        counted.engagement.engaged,
        counted.engagement.audited,
    )


def test_an_omission_written_for_the_year_is_the_reason_the_index_gives(
    seeded: Database,
) -> None:
    esg_data.explain(
        seeded, 2025, esg_data.ExplanationKind.OMISSION, "B6.1", "No vehicle was recalled.", "me"
    )
    document = report_document(seeded, "hkex", 2025)
    index = {
        row.cells[0].text: row.cells[3].text
        for row in document.table("content-index").rows
        if len(row.cells) == 4
    }
    assert index["B6.1"] == "Not reported: No vehicle was recalled."
    assert index["A1.2"] == "3.1 Emissions; 6 Performance data"
    assert index["B1-GD"] == NOT_ANSWERED  # the product gives no reason of its own


def test_the_programme_year_counts_what_the_services_recorded(seeded: Database) -> None:
    inputs = supply_chain_inputs(seeded, 2025)
    assert inputs.coverage.suppliers == 4
    assert inputs.coverage.audited == 3
    assert [(t.topic, t.raised, t.closed, t.open) for t in inputs.topics] == [
        ("Environment", 2, 0, 2),
        ("Labour and human rights", 3, 0, 3),
        ("Health and safety", 2, 0, 2),
    ]
    assert [(r.supplier, r.risk_level, r.nonconformities, r.trained) for r in inputs.on_site] == [
        ("SUP-3 Co., Ltd.", "high", 2, True)
    ]
    assert [(t.title, t.invited, t.completed) for t in inputs.trainings] == [
        ("Working hours and wages", 2, 1)
    ]
    assert inputs.esg_weight_pct == Decimal("5")
    assert [(s.level, s.quarterly_score, s.plan_months) for s in inputs.standards] == [
        ("low", 1, None),
        ("medium", 0, 6),
        ("high", -1, 3),
    ]


def test_the_shipped_report_prints_no_stock_statement_and_lists_every_unwritten_item(
    seeded: Database,
) -> None:
    document = report_document(seeded, "hkex", 2025)
    text = " ".join(line for _, line in document.texts())
    for stock in ("written contract", "whistle-blowing", "not collected in the ESG data system"):
        assert stock not in text
    assert "4.1 Employment: has no text written by the company" in " ".join(document.warnings)
    assert any(w.startswith("B1-GD: is neither answered") for w in document.warnings)
    assert len(document.warnings) > 20  # every open item, none cut from the checklist


def test_both_reports_render_from_the_database(seeded: Database) -> None:
    assert report_document(seeded, "supply-chain", 2025).warnings == ()
    produced = report_file(seeded, "hkex", 2025, "xlsx")
    assert produced.filename == "hkex-esg-report-2025.xlsx"
    assert produced.content[:2] == b"PK"


def test_a_year_that_is_not_a_reporting_period_is_not_found(seeded: Database) -> None:
    with pytest.raises(NotFoundError):
        report_document(seeded, "hkex", 2019)


@pytest.mark.parametrize(
    ("key", "year", "format", "field"),
    [
        ("annual", 2025, "pdf", "report"),
        ("hkex", 1999, "pdf", "year"),
        ("hkex", 2025, "odt", "format"),
    ],
)
def test_a_bad_request_names_what_is_wrong(
    seeded: Database, key: str, year: int, format: str, field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        report_file(seeded, key, year, format)
    assert refused.value.problems[0].field == field


def test_things_counted_are_shown_in_the_plural(seeded: Database) -> None:
    inputs = hkex_inputs(seeded, 2025)
    assert next(line.unit for line in inputs.metrics if line.code == "workforce") == "persons"
    assert inputs.denominator is not None
    assert inputs.denominator.unit == "vehicles"


def test_values_awaiting_approval_are_left_out_and_said_so(seeded: Database) -> None:
    esg_data.submit_value(seeded, Entry("CQ1", "non_hazardous_waste", "2025", "5", "t"), "maker")
    document = report_document(seeded, "hkex", 2025)
    assert any("awaiting approval" in w or "not approved" in w for w in document.warnings), (
        document.warnings
    )
    codes = {line.code for line in hkex_inputs(seeded, 2025).metrics}
    assert "non_hazardous_waste" not in codes
