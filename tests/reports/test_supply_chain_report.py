from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from supplyesg.domain.errors import InvalidInputError
from supplyesg.reports.document import Paragraph
from supplyesg.reports.files import TEMPLATES_DIR
from supplyesg.reports.renderers import renderer
from supplyesg.reports.supply_chain.content import (
    SupplyChainReport,
    build_supply_chain_report,
    load_supply_chain_content,
)
from supplyesg.reports.supply_chain.inputs import SupplyChainInputs


def _text(report: SupplyChainReport, heading: str) -> str:
    section = next(s for s in report.document.sections if s.heading == heading)
    return " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))


def _rows(report: SupplyChainReport, key: str) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in row.cells) for row in report.document.table(key).rows]


def test_the_report_follows_the_manual_sections_and_is_consistent(
    supply_chain_report: SupplyChainReport,
) -> None:
    assert [s.heading for s in supply_chain_report.document.sections] == [
        "About this report",
        "1 Our supplier ESG programme",
        "2 Programme coverage",
        "3 Supplier risk",
        "4 Non-conformities and their closure",
        "5 On-site audits of high-risk suppliers",
        "6 Improvement plans",
        "7 Training for suppliers",
        "8 Continuous improvement",
    ]
    assert supply_chain_report.problems == ()


def test_coverage_text_and_table_show_the_same_counts(
    supply_chain_report: SupplyChainReport,
) -> None:
    assert _text(supply_chain_report, "2 Programme coverage") == (
        "At the end of FY2025 we had 328 suppliers. Of the 214 first-tier suppliers and key "
        "sub-suppliers due an annual ESG audit, 187 were audited in the year. 7 of the 9 "
        "high-risk suppliers due an on-site audit received one. 27 audits were still outstanding "
        "at year end and are scheduled first in the coming year's programme."
    )
    assert _rows(supply_chain_report, "coverage") == [
        ("Suppliers at year end", "328"),
        ("First-tier suppliers and key sub-suppliers due an annual audit", "214"),
        ("Of which audited in the year", "187"),
        ("High-risk suppliers due an on-site audit", "9"),
        ("Of which audited on site in the year", "7"),
        ("Audits overdue at year end", "27"),
        ("Weight of the ESG audit in supplier scores (%)", "5.0"),
    ]


def test_findings_by_topic_with_closure_rates_and_totals(
    supply_chain_report: SupplyChainReport,
) -> None:
    assert _rows(supply_chain_report, "findings") == [
        ("Environment", "64", "51", "13", "4", "79.7"),
        ("Labour and human rights", "42", "40", "2", "0", "95.2"),
        ("Health and safety", "88", "70", "18", "6", "79.5"),
        ("Ethics and governance", "11", "11", "0", "0", "100.0"),
        ("All topics", "205", "172", "33", "10", ""),
    ]
    assert "raised 205 non-conformities, of which 172 were closed" in _text(
        supply_chain_report, "4 Non-conformities and their closure"
    )


def test_the_scoring_standards_quote_the_policy(supply_chain_report: SupplyChainReport) -> None:
    assert _rows(supply_chain_report, "standards") == [
        ("Low", "85", "1", "", "", "Close findings in the time agreed"),
        ("Medium", "65", "0", "6", "-1", "Conditionally accepted"),
        ("High", "", "-1", "3", "", "Orders terminated without a plan"),
    ]
    text = _text(supply_chain_report, "3 Supplier risk")
    assert "scores 0; it must provide a reasonable improvement plan within 6 months" in text
    assert "or its score falls to -1." in text


def test_on_site_results_are_disclosed_by_category_unless_names_are_allowed(
    supply_chain_report: SupplyChainReport, programme_inputs: SupplyChainInputs, tmp_path: Path
) -> None:
    assert _rows(supply_chain_report, "on-site") == [
        (
            "Supplier 1 (paint)",
            "CN",
            "2025-04-17",
            "71.3",
            "Medium",
            "Conditionally accepted",
            "6",
            "No",
        ),
        ("Supplier 2 (castings)", "CN", "2025-09-03", "58.5", "High", "Not accepted", "14", "Yes"),
    ]
    (tmp_path / "supply_chain.yaml").write_text("name_suppliers: true\n", encoding="utf-8")
    named = load_supply_chain_content(content=tmp_path)
    report = build_supply_chain_report(programme_inputs, named)
    assert [row[0] for row in _rows(report, "on-site")] == [
        "Yangtze Paint Ltd",
        "Hubei Castings Co.",
    ]


def test_a_setting_that_is_not_a_boolean_is_refused(tmp_path: Path) -> None:
    (tmp_path / "supply_chain.yaml").write_text("name_suppliers: sometimes\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as refused:
        load_supply_chain_content(TEMPLATES_DIR / "supply_chain", tmp_path)
    assert refused.value.problems[0].field == "name_suppliers"


def test_a_quiet_year_says_so_instead_of_showing_empty_tables(
    programme_inputs: SupplyChainInputs,
) -> None:
    quiet = replace(programme_inputs, topics=(), on_site=(), trainings=(), plans=None)
    report = build_supply_chain_report(quiet, load_supply_chain_content())
    keys = [t.key for t in report.document.tables()]
    assert keys == ["coverage", "standards", "risk"]
    assert "No audit non-conformities were raised in FY2025." in _text(
        report, "4 Non-conformities and their closure"
    )
    assert "No on-site audit of a high-risk supplier was carried out in FY2025." in _text(
        report, "5 On-site audits of high-risk suppliers"
    )
    assert report.problems == ()


def test_every_format_shows_the_figures_of_the_model(
    supply_chain_report: SupplyChainReport,
) -> None:
    document = supply_chain_report.document
    pdf = renderer("pdf").render(document)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    word = docx.Document(io.BytesIO(renderer("docx").render(document)))
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    for table in document.tables():
        for figure in table.figures():
            assert figure.text in text
            assert figure.text in cells
