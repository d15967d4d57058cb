"""Every report closes with the address of its readers' feedback form, in every format."""

from __future__ import annotations

import io
import json

import docx
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from supplyesg.reports.document import Document
from supplyesg.reports.hkex.content import HkexReport
from supplyesg.reports.publish import FEEDBACK_TITLE, feedback_url, with_feedback
from supplyesg.reports.renderers import RENDERERS

URL = "https://esg.example.com/feedback?report=hkex&year=2025"


@pytest.fixture(scope="module")
def document(hkex_report: HkexReport) -> Document:
    return with_feedback(hkex_report.document, URL)


@pytest.fixture(scope="module")
def files(document: Document) -> dict[str, bytes]:
    return {name: RENDERERS[name].render(document) for name in RENDERERS}


def test_the_address_names_the_report_and_year() -> None:
    assert feedback_url("https://esg.example.com/", "supply-chain", 2024) == (
        "https://esg.example.com/feedback?report=supply-chain&year=2024"
    )


def test_the_closing_section_asks_for_feedback_with_the_address(document: Document) -> None:
    closing = document.sections[-1]
    assert closing.title == FEEDBACK_TITLE
    assert URL in [text for section, text in document.texts() if section == closing]
    assert document.feedback_url == URL


def test_html_and_json_close_with_the_address(files: dict[str, bytes]) -> None:
    html = files["html"].decode()
    assert html.rindex(FEEDBACK_TITLE) > html.rindex("Content index")
    assert URL.replace("&", "&amp;") in html
    data = json.loads(files["json"])
    assert data["sections"][-1]["blocks"][-1]["text"] == URL
    assert data["feedback_url"] == URL


def test_the_pdf_prints_the_address_on_its_last_page(files: dict[str, bytes]) -> None:
    last = PdfReader(io.BytesIO(files["pdf"])).pages[-1].extract_text()
    assert FEEDBACK_TITLE in last
    assert URL in last.replace("\n", "")


def test_the_word_draft_closes_with_the_address(files: dict[str, bytes]) -> None:
    paragraphs = [p.text for p in docx.Document(io.BytesIO(files["docx"])).paragraphs if p.text]
    assert FEEDBACK_TITLE in paragraphs[-3:]
    assert paragraphs[-1] == URL


def test_the_workbook_gives_the_address_on_its_first_sheet(files: dict[str, bytes]) -> None:
    first = CalamineWorkbook.from_filelike(io.BytesIO(files["xlsx"])).get_sheet_by_index(0)
    texts = [row[0] for row in first.to_python() if row and row[0]]
    assert texts[-1] == URL
