from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from report_data import COMPANY_CONTENT

from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.frameworks import Coverage, Framework
from supplyesg.reports.consistency import numbers_in
from supplyesg.reports.content_index import NOT_ANSWERED
from supplyesg.reports.document import Paragraph, RowKind
from supplyesg.reports.files import TEMPLATES_DIR
from supplyesg.reports.hkex.content import (
    HkexContent,
    HkexReport,
    build_hkex_report,
    load_hkex_content,
)
from supplyesg.reports.hkex.inputs import HkexInputs


def _texts(report: HkexReport, heading: str) -> list[str]:
    section = next(s for s in report.document.sections if s.heading == heading)
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]


def _rows(report: HkexReport, key: str) -> list[tuple[str, ...]]:
    table = report.document.table(key)
    return [tuple(cell.text for cell in row.cells) for row in table.rows]


def test_every_item_of_the_guide_is_a_row_of_the_content_index(
    hkex_report: HkexReport, guide: Framework
) -> None:
    rows = [r for r in report_rows(hkex_report) if len(r) == 4]
    assert [row[0] for row in rows] == [item.code for item in guide.items]
    assert all(row[3] and row[3] != NOT_ANSWERED for row in rows)


def report_rows(report: HkexReport) -> list[tuple[str, ...]]:
    return _rows(report, "content-index")


def test_the_sample_year_is_complete_and_consistent(hkex_report: HkexReport) -> None:
    assert hkex_report.problems == ()
    assert hkex_report.document.warnings == ()
    coverage = {e.item.code: e.coverage for e in hkex_report.index}
    assert coverage["MDR-GOVERNANCE"] is Coverage.ANSWERED
    assert coverage["A1.2"] is Coverage.ANSWERED
    assert coverage["B1.2"] is Coverage.EXPLAINED  # no turnover figures in the sample


def test_the_index_names_the_answering_sections_or_the_explanation(
    hkex_report: HkexReport,
) -> None:
    rows = {row[0]: row for row in report_rows(hkex_report)}
    assert rows["A1.2"][3] == "3.1 Emissions"
    assert rows["A2.2"][3] == "3.4 Water and packaging; 6 Performance data"
    assert rows["MDR-REPORTING-PRINCIPLES"][3] == (
        "About this report; 2 Stakeholder engagement and materiality; "
        "A Appendix: how the greenhouse gas figures are calculated"
    )
    assert rows["D-MT-9"][3] == "Not reported: The group does not use an internal carbon price."
    assert rows["D-MT-1"][2] == "Mandatory"


def test_the_ghg_text_quotes_the_ghg_table(hkex_report: HkexReport) -> None:
    text = _texts(hkex_report, "3.1 Emissions")[-1]
    assert text == (
        "In FY2025 the group emitted 3,945.00 tCO2e of direct greenhouse gases (Scope 1) and "
        "16,098.00 tCO2e of energy indirect emissions (Scope 2): 20,043.00 tCO2e in total, "
        "or 0.41 tCO2e/vehicle. Total emissions fell by 5.0% from 2024."
    )
    assert _rows(hkex_report, "ghg") == [
        ("Scope 1: direct emissions", "tCO2e", "3,945.00", "4,100.50", "4,200.00", ""),
        (
            "Scope 2: energy indirect emissions (location-based)",
            "tCO2e",
            "16,098.00",
            "17,000.25",
            "17,500.00",
            "",
        ),
        (
            "Total (Scope 1 and Scope 2, location-based)",
            "tCO2e",
            "20,043.00",
            "21,100.75",
            "21,700.00",
            "-5.0",
        ),
        (
            "Scope 2, market-based (beside the total, not added to it)",
            "tCO2e",
            "5,856.00",
            "not reported",
            "not reported",
            "",
        ),
        ("per vehicle produced", "tCO2e/vehicle", "0.41", "0.49", "not reported", ""),
    ]


def test_every_number_of_the_narrative_is_a_number_of_a_table(hkex_report: HkexReport) -> None:
    document = hkex_report.document
    shown = {c.text.lstrip("-") for t in document.tables() for r in t.rows for c in r.cells}
    allowed = {"2023", "2024", "2025", "2026"} | {s.number for s in document.sections}
    quoted = [n for _, text in document.texts() for n in numbers_in(text)]
    assert len([n for n in quoted if n not in allowed]) > 15
    assert [n for n in quoted if n not in shown | allowed] == []


def test_the_performance_table_shows_values_intensities_and_changes(
    hkex_report: HkexReport,
) -> None:
    assert _rows(hkex_report, "performance-environmental") == [
        ("Intensity basis",),
        ("Vehicles produced", "vehicles", "48,500", "43,100", "41,000", ""),
        ("Water",),
        ("Water consumed", "m3", "693,180", "733,685", "not reported", "-5.5"),
        ("per vehicle produced", "m3/vehicle", "14.29", "17.02", "not reported", ""),
        ("Waste",),
        ("Hazardous waste", "t", "719.72", "660.34", "612.50", "9.0"),
        ("per vehicle produced", "t/vehicle", "0.015", "0.015", "0.015", ""),
    ]
    kinds = [row.kind for row in hkex_report.document.table("performance-environmental").rows]
    assert kinds[:2] == [RowKind.GROUP, RowKind.DATA]
    assert kinds[-1] is RowKind.DETAIL


def test_the_appendix_shows_each_emission_as_activity_times_a_chain_of_factors(
    hkex_report: HkexReport,
) -> None:
    assert _rows(hkex_report, "ghg-chains") == [
        ("C1", "Diesel (CO2)", "L", "2.63 kg/L x 0.001 t/kg", "0.00263000"),
        ("C2", "Electricity (CO2)", "kWh", "0.5366 kg/kWh x 0.001 t/kg", "0.000536600"),
        ("C3", "Electricity, contractual instrument (CO2e)", "kWh", "0 kg/kWh x 0.001 t/kg", "0"),
        (
            "C4",
            "Electricity, residual mix (CO2)",
            "kWh",
            "0.5856 kg/kWh x 0.001 t/kg",
            "0.000585600",
        ),
    ]
    rows = _rows(hkex_report, "ghg-working")
    assert rows[:3] == [
        ("Scope 1",),
        ("Plant A", "Diesel (CO2)", "1,000,000.00", "L", "C1", "2,630.000"),
        ("Plant B", "Diesel (CO2)", "500,000.00", "L", "C1", "1,315.000"),
    ]
    assert ("Total Scope 1", "", "", "", "", "3,945.00") in rows
    assert ("Total Scope 2", "", "", "", "", "16,098.00") in rows
    # market-based beside it: each instrument's kWh at its factor, the rest at the residual mix
    market = rows[rows.index(("Scope 2, market-based",)) :]
    instrument = "Electricity, contractual instrument (CO2e)"
    assert market == [
        ("Scope 2, market-based",),
        ("Plant A", instrument, "20,000,000.00", "kWh", "C3", "0.000"),
        ("Plant B", "Electricity, residual mix (CO2)", "10,000,000.00", "kWh", "C4", "5,856.000"),
        ("Total Scope 2, market-based", "", "", "", "", "5,856.00"),
    ]
    factors = _rows(hkex_report, "factors")
    assert (
        "Energy attribute certificate, 2025-01-01 to 2025-12-31",
        "0",
        "kg/kWh",
        "Evidence: GEC 2025-000001 to 020000",
    ) in factors
    assert ("Grid factor CN 2023", "0.5366", "kg/kWh", "MEE 2023 national grid average") in factors


def test_a_year_whose_scope_2_lacks_a_grid_factor_says_so_instead_of_a_figure(
    guide: Framework, hkex_content: HkexContent, hkex_inputs: HkexInputs
) -> None:
    assert hkex_inputs.ghg is not None
    years = tuple(
        replace(y, scope_2_missing=True) if y.year == 2024 else y for y in hkex_inputs.ghg.years
    )
    inputs = replace(hkex_inputs, ghg=replace(hkex_inputs.ghg, years=years))
    report = build_hkex_report(inputs, hkex_content, guide)
    rows = {row[0]: row for row in _rows(report, "ghg")}
    assert rows["Scope 1: direct emissions"][3] == "4,100.50"  # Scope 1 is whole
    missing = "missing: no grid emission factor"
    assert rows["Scope 2: energy indirect emissions (location-based)"][3] == missing
    assert rows["Total (Scope 1 and Scope 2, location-based)"][3] == missing
    notes = report.document.table("ghg").notes
    assert any("no grid emission factor for its region and year" in n for n in notes)


def test_a_year_without_ghg_figures_leaves_the_mandatory_scope_items_open(
    guide: Framework, hkex_content: HkexContent, hkex_inputs: HkexInputs
) -> None:
    report = build_hkex_report(replace(hkex_inputs, ghg=None), hkex_content, guide)
    missing = [(p.field, p.reason) for p in report.problems]
    assert missing == [
        ("A1.2", "has no figures for the year and no explanation for leaving it out"),
        ("D-MT-1", "is mandatory and no section of the report answers it"),
        ("D-MT-2", "is mandatory and no section of the report answers it"),
    ]
    assert "ghg" not in [t.key for t in report.document.tables()]
    assert report.document.warnings[0].startswith("A1.2: has no figures")


def _copy_content(tmp_path: Path) -> tuple[Path, Path]:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR / "hkex", templates)
    content = tmp_path / "content"
    shutil.copytree(COMPANY_CONTENT, content)
    return templates, content


def test_a_figure_typed_into_a_template_is_flagged(
    tmp_path: Path, guide: Framework, hkex_inputs: HkexInputs
) -> None:
    templates, content = _copy_content(tmp_path)
    energy = templates / "energy.txt.j2"
    energy.write_text(energy.read_text() + "\nWe saved 1,234 MWh.\n", encoding="utf-8")
    report = build_hkex_report(hkex_inputs, load_hkex_content(guide, templates, content), guide)
    assert [(p.field, p.value) for p in report.problems] == [("3.3 Energy", "1,234")]
    assert report.document.warnings == (
        "3.3 Energy: the text shows a number that no table of the report shows (value: '1,234')",
    )


def test_an_explanation_for_an_unknown_item_is_refused_with_its_row(
    tmp_path: Path, guide: Framework
) -> None:
    templates, content = _copy_content(tmp_path)
    (content / "explanations.yaml").write_text(
        "explanations:\n  - {item: A1.1, text: fine}\n  - {item: A1.1}\n", encoding="utf-8"
    )
    with pytest.raises(InvalidInputError) as refused:
        load_hkex_content(guide, templates, content)
    assert [(p.row, p.field) for p in refused.value.problems] == [(2, "explanations")]


def test_a_materiality_topic_must_name_aspects_of_the_guide(
    tmp_path: Path, guide: Framework
) -> None:
    templates, content = _copy_content(tmp_path)
    (content / "materiality.yaml").write_text(
        "topics:\n  - {topic: Noise, aspects: [A9], priority: urgent}\n", encoding="utf-8"
    )
    with pytest.raises(InvalidInputError) as refused:
        load_hkex_content(guide, templates, content)
    assert [(p.field, p.value) for p in refused.value.problems] == [
        ("aspects", "A9"),
        ("priority", "urgent"),
    ]
