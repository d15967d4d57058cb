"""The HKEX report reads the company's text from the report workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.report_workspace import TextKind
from supplyesg.reports import publish
from supplyesg.reports.hkex import workspace
from supplyesg.reports.hkex.figures import hkex_figures
from supplyesg.reports.hkex.gather import hkex_inputs
from supplyesg.reports.hkex.placeholders import placeholder_values
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry

ANA, BEN = Person("ana@example.com"), Person("ben@example.com")
CLOCK = FixedClock.on(date(2026, 3, 2))
ENERGY = workspace.address(2025, TextKind.SECTION, "energy")


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh in FY2025 (and FY2026 opened)."""
    esg_organisation.save_entity(
        db, ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN")
    )
    esg_organisation.save_entity(
        db, ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="GRP")
    )
    for year in (2025, 2026):
        esg_organisation.add_financial_year(db, date(year, 1, 1))
    record = esg_data.submit_value(
        db, Entry("CQ1", "electricity_purchased", "2025", "8000", "MWh"), "maker"
    )
    esg_data.approve_values(db, [record.row.id], "checker")
    return db


def _energy_section(db: Database, year: int = 2025) -> list[str]:
    document = publish.hkex_document(db, year)
    return [text for section, text in document.texts() if section.title == "Energy"]


def test_a_section_written_in_the_workspace_prints_with_its_placeholders_filled(
    year_2025: Database,
) -> None:
    workspace.write(year_2025, ENERGY, "In {{ fy }} we used {{ energy_total }}.", ANA, CLOCK)
    inputs = hkex_inputs(year_2025, 2025)
    total = placeholder_values(inputs, hkex_figures(inputs))["energy_total"]
    assert total.endswith(" MWh")
    assert _energy_section(year_2025)[0] == f"In FY2025 we used {total}."
    warnings = publish.hkex_document(year_2025, 2025).warnings
    assert not any(w.startswith("3.3 Energy") for w in warnings)
    assert any(w.startswith("3.2 Waste: has no text written by the company") for w in warnings)


def test_a_number_typed_into_the_text_is_still_flagged(year_2025: Database) -> None:
    workspace.write(year_2025, ENERGY, "We saved 1,234 MWh.", ANA, CLOCK)
    warnings = publish.hkex_document(year_2025, 2025).warnings
    assert (
        "3.3 Energy: the text shows a number that no table of the report shows (value: '1,234')"
        in warnings
    )


def test_an_unknown_placeholder_is_refused_naming_the_section_and_the_names_allowed(
    year_2025: Database,
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        workspace.write(year_2025, ENERGY, "We used {{ energy }}.", ANA, CLOCK)
    [problem] = refused.value.problems
    assert (problem.field, problem.value) == ("sections.energy", "energy")
    assert "energy_total" in problem.reason
    assert "electricity_purchased" in problem.reason


def test_a_carried_over_section_is_open_until_confirmed(year_2025: Database) -> None:
    workspace.write(year_2025, ENERGY, "We meter every plant.", ANA, CLOCK)
    workspace.open_year(year_2025, 2026, BEN, CLOCK)
    open_item = (
        "3.3 Energy: the company's text was carried over from FY2025 and is not yet confirmed"
        " (value: 'energy')"
    )
    assert open_item in publish.hkex_document(year_2025, 2026).warnings
    assert _energy_section(year_2025, 2026)[0] == "We meter every plant."
    workspace.confirm(year_2025, workspace.address(2026, TextKind.SECTION, "energy"), BEN, CLOCK)
    assert open_item not in publish.hkex_document(year_2025, 2026).warnings


def test_a_reason_for_omission_from_the_workspace_shows_in_the_content_index(
    year_2025: Database,
) -> None:
    reason = workspace.address(2025, TextKind.OMISSION, "A2.2")
    workspace.write(year_2025, reason, "No water meters yet.", ANA, CLOCK)
    document = publish.hkex_document(year_2025, 2025)
    assert any("No water meters yet." in text for _, text in document.texts()) or any(
        "No water meters yet." in cell.text
        for table in document.tables()
        for row in table.rows
        for cell in row.cells
    )


def test_the_files_are_loaded_into_the_workspace_not_read_by_the_report(
    year_2025: Database, tmp_path: Path
) -> None:
    (tmp_path / "statements.yaml").write_text(
        "statements:\n  - {section: energy, text: 'We meter every plant.'}\n", encoding="utf-8"
    )
    (tmp_path / "explanations.yaml").write_text("explanations: []\n", encoding="utf-8")
    assert publish.app_content(publish.framework()).statements == {}
    assert _energy_section(year_2025)[0] != "We meter every plant."
    [row] = workspace.load_company_files(year_2025, 2025, "demo data", tmp_path, CLOCK)
    assert (row.key, row.state, row.author) == ("energy", "draft", "demo data")
    assert _energy_section(year_2025)[0] == "We meter every plant."


def test_the_preview_shows_the_real_figures_and_the_problems_of_the_section(
    year_2025: Database,
) -> None:
    shown = workspace.preview(
        year_2025, 2025, "energy", "We used {{ energy_total }}.\n\n- 99 lamps"
    )
    inputs = hkex_inputs(year_2025, 2025)
    total = placeholder_values(inputs, hkex_figures(inputs))["energy_total"]
    assert [getattr(b, "text", None) for b in shown.blocks] == [f"We used {total}.", None]
    assert [(p.field, p.value) for p in shown.problems] == [("3.3 Energy", "99")]


def test_the_shipped_files_load_no_company_text(year_2025: Database) -> None:
    # The product writes no policy for a company: the demo's report prints only its figures.
    assert workspace.load_company_files(year_2025, 2025, "demo data", clock=CLOCK) == []
