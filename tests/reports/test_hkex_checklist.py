"""The HKEX report's publishing checklist: its items from the content model and the data, and
the appendix of the items acknowledged before publication in every format."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import docx
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from supplyesg.domain.frameworks import Framework
from supplyesg.domain.publishing_checklist import Acknowledgement, ItemStatus
from supplyesg.domain.quality import Issue, IssueKind, Severity
from supplyesg.reports import renderers
from supplyesg.reports.hkex.checklist import APPENDIX_TITLE
from supplyesg.reports.hkex.content import HkexContent, HkexReport, build_hkex_report
from supplyesg.reports.hkex.inputs import HkexInputs, MetricLine, SupplyChainKpis

D = Decimal


def _ids(report: HkexReport) -> set[str]:
    return {c.item.id for c in report.checklist}


def _training(hours: Decimal) -> tuple[MetricLine, ...]:
    """Training hours per employee, the same value (hours x workforce) in every year."""
    per_person = {2025: hours, 2024: hours, 2023: hours}
    total = MetricLine(
        "training_hours",
        "Training hours",
        "hour",
        "social",
        "Training",
        ("B3.2",),
        {y: v * 3000 for y, v in per_person.items()},
    )
    average = MetricLine(
        "average_training_hours",
        "Average training hours per employee",
        "hour/person",
        "social",
        "Training",
        ("B3.2",),
        per_person,
        numerator="training_hours",
    )
    return total, average


def test_the_complete_sample_year_has_nothing_on_its_checklist(hkex_report: HkexReport) -> None:
    assert hkex_report.checklist == ()


def test_a_value_ten_thousand_times_off_in_every_year_blocks_the_report(
    hkex_inputs: HkexInputs, hkex_content: HkexContent, guide: Framework
) -> None:
    plausible = replace(hkex_inputs, metrics=(*hkex_inputs.metrics, *_training(D(24))))
    assert not {
        i for i in _ids(build_hkex_report(plausible, hkex_content, guide)) if "training" in i
    }
    off = replace(hkex_inputs, metrics=(*hkex_inputs.metrics, *_training(D(24) * 10**4)))
    report = build_hkex_report(off, hkex_content, guide)
    assert {
        "cross.implausible_rate:average_training_hours/FY2025",
        "cross.implausible_rate:average_training_hours/FY2024",
    } <= _ids(report)
    # the amount divided by a ratio of the report is not judged a second time
    assert not any(i.startswith("cross.implausible_rate:training_hours") for i in _ids(report))


def test_days_lost_per_employee_beyond_the_year_are_implausible(
    hkex_inputs: HkexInputs, hkex_content: HkexContent, guide: Framework
) -> None:
    lost = MetricLine(
        "lost_days",
        "Lost days",
        "day",
        "social",
        "Health and safety",
        ("B2.2",),
        {2025: D("12000000"), 2024: D("300")},
    )
    report = build_hkex_report(
        replace(hkex_inputs, metrics=(*hkex_inputs.metrics, lost)), hkex_content, guide
    )
    assert "cross.implausible_rate:lost_days/FY2025" in _ids(report)
    assert "cross.implausible_rate:lost_days/FY2024" not in _ids(report)


def test_more_suppliers_audited_than_suppliers_blocks_the_report(
    hkex_inputs: HkexInputs, hkex_content: HkexContent, guide: Framework
) -> None:
    kpis = SupplyChainKpis((("Mainland China", 10),), total=10, engaged=10, audited=12)
    report = build_hkex_report(replace(hkex_inputs, supply_chain=kpis), hkex_content, guide)
    assert "cross.suppliers_audited_exceed_suppliers" in _ids(report)


def test_every_quality_finding_and_every_content_problem_is_an_item(
    hkex_inputs: HkexInputs, hkex_content: HkexContent, guide: Framework
) -> None:
    issues = (
        Issue(
            IssueKind.POWER_OF_TEN, Severity.WARNING, "10^3", "electricity", "CQ", "", "FY2025-M03"
        ),
        Issue(
            IssueKind.CALCULATION_GAP,
            Severity.ERROR,
            "no grid factor",
            entity="CQ",
            period="FY2025",
            kpi="A1.2",
            factor="grid_factor",
        ),
    )
    bare = replace(hkex_content, statements={})
    report = build_hkex_report(replace(hkex_inputs, quality_issues=issues), bare, guide)
    ids = _ids(report)
    assert {"quality.power_of_ten:electricity/CQ/FY2025-M03", "ghg.no_grid_factor:CQ/FY2025"} <= ids
    assert any(i.startswith("section.unwritten:") for i in ids)
    assert all(c.status is ItemStatus.OPEN for c in report.checklist)


@pytest.fixture
def acknowledged(
    hkex_inputs: HkexInputs, hkex_content: HkexContent, guide: Framework
) -> HkexReport:
    kpis = SupplyChainKpis((("Mainland China", 10),), total=10, engaged=10, audited=12)
    ack = Acknowledgement(
        "cross.suppliers_audited_exceed_suppliers",
        "Two audits were of suppliers that left during the year",
        "mia@example.com",
        date(2026, 3, 20),
    )
    inputs = replace(hkex_inputs, supply_chain=kpis, acknowledgements=(ack,))
    return build_hkex_report(inputs, hkex_content, guide)


def test_an_acknowledged_item_prints_with_its_reason_in_an_appendix(
    acknowledged: HkexReport,
) -> None:
    (item,) = acknowledged.checklist
    assert item.status is ItemStatus.ACKNOWLEDGED
    appendix = acknowledged.document.sections[-1]
    assert appendix.title == APPENDIX_TITLE
    rows = [
        tuple(c.text for c in row.cells)
        for row in acknowledged.document.table("acknowledged-items").rows
    ]
    assert rows[0][0] == "cross.suppliers_audited_exceed_suppliers"
    assert rows[0][2] == "Two audits were of suppliers that left during the year"
    assert rows[0][3] == "mia@example.com, 2026-03-20"


def test_the_appendix_is_in_every_format(acknowledged: HkexReport) -> None:
    reason = "Two audits were of suppliers that left during the year"
    document = acknowledged.document
    html = renderers.renderer("html").render(document).decode("utf-8")
    assert APPENDIX_TITLE in html
    assert reason in html
    word = docx.Document(io.BytesIO(renderers.renderer("docx").render(document)))
    texts = [p.text for p in word.paragraphs] + [
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    ]
    assert APPENDIX_TITLE in texts
    assert reason in texts
    book = CalamineWorkbook.from_filelike(io.BytesIO(renderers.renderer("xlsx").render(document)))
    cells = [
        str(value)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for value in row
    ]
    assert reason in cells
    pdf = renderers.renderer("pdf").render(document)
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert APPENDIX_TITLE in text
