"""Every file rendered outside publishing says DRAFT on every page; a published one does not."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import docx
import pytest
from pypdf import PdfReader

from supplyesg.reports.document import Document
from supplyesg.reports.hkex.content import HkexReport
from supplyesg.reports.renderers import RENDERERS


@pytest.fixture(scope="module")
def drafts(hkex_report: HkexReport) -> dict[str, bytes]:
    return {
        name: RENDERERS[name].render(hkex_report.document)
        for name in ("pdf", "docx", "xlsx", "html")
    }


@pytest.fixture(scope="module")
def finals(hkex_report: HkexReport) -> dict[str, bytes]:
    final: Document = dataclasses.replace(hkex_report.document, draft=False)
    return {name: RENDERERS[name].render(final) for name in ("pdf", "docx", "xlsx", "html")}


def _pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def _docx_headers(content: bytes) -> list[str]:
    return [s.header.paragraphs[0].text for s in docx.Document(io.BytesIO(content)).sections]


def _xlsx_sheets(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return {
            name: book.read(name).decode("utf-8")
            for name in book.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def test_every_page_of_a_draft_pdf_says_draft(drafts: dict[str, bytes]) -> None:
    pages = _pdf_pages(drafts["pdf"])
    assert len(pages) > 3
    assert all("DRAFT" in page for page in pages)


def test_a_published_pdf_has_no_draft_mark(finals: dict[str, bytes]) -> None:
    assert not any("DRAFT" in page for page in _pdf_pages(finals["pdf"]))


def test_every_section_of_a_draft_word_file_has_a_draft_header(
    drafts: dict[str, bytes], finals: dict[str, bytes]
) -> None:
    assert set(_docx_headers(drafts["docx"])) == {"DRAFT"}
    assert "DRAFT" not in "".join(_docx_headers(finals["docx"]))


def test_every_sheet_of_a_draft_workbook_is_marked(
    drafts: dict[str, bytes], finals: dict[str, bytes]
) -> None:
    sheets = _xlsx_sheets(drafts["xlsx"])
    assert len(sheets) > 3
    assert all("<oddHeader>" in xml and "DRAFT</oddHeader>" in xml for xml in sheets.values())
    assert not any("<oddHeader>" in xml for xml in _xlsx_sheets(finals["xlsx"]).values())


def test_a_draft_html_page_carries_the_mark_and_its_print_rule(
    drafts: dict[str, bytes], finals: dict[str, bytes]
) -> None:
    page = drafts["html"].decode("utf-8")
    assert '<div class="draft-mark" role="note">DRAFT</div>' in page
    assert 'content: "DRAFT"' in page
    assert "DRAFT" not in finals["html"].decode("utf-8")
