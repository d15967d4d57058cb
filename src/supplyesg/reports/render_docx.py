"""DOCX of a report: an editable Word draft with headings, paragraphs, tables and charts."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from supplyesg.reports import charts
from supplyesg.reports.document import Bullets, Chart, Document, Paragraph, RowKind, Table
from supplyesg.reports.words import words


def render(document: Document) -> bytes:
    """The report as a Word document."""
    w = words(document.language)
    word = WordDocument()
    word.core_properties.title = f"{document.title} {document.year}"
    word.core_properties.author = document.organisation
    word.styles["Normal"].font.size = Pt(10)
    if not w.english:
        word.core_properties.language = document.language
        _east_asian_fonts(word)
    if document.draft:
        _mark_draft(word, w("DRAFT"))
    word.add_heading(f"{document.title} {document.year}", level=0)
    word.add_paragraph(document.organisation)
    word.add_paragraph(document.subtitle)
    if document.printed_warnings:
        word.add_heading(w("Before publishing"), level=2)
        for warning in document.printed_warnings:
            word.add_paragraph(warning, style="List Bullet")
    for section in document.sections:
        word.add_heading(section.heading, level=min(section.level, 3))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                word.add_paragraph(block.text)
            elif isinstance(block, Bullets):
                for item in block.items:
                    word.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                _table(word, block)
            elif isinstance(block, Chart):
                _chart(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _east_asian_fonts(word: Any) -> None:
    """Chinese text in a CJK font in every style (Word picks the East Asian font for it)."""
    for style in word.styles:
        font = getattr(style, "font", None)
        element = getattr(style, "element", None)
        if font is None or element is None:
            continue
        properties = element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            properties.append(fonts)
        fonts.set(qn("w:eastAsia"), CJK_FONT)


CJK_FONT = "Noto Sans CJK TC"


def _mark_draft(word: Any, mark_text: str = "DRAFT") -> None:
    """A DRAFT header on every page of every section, as the report is not yet published."""
    for section in word.sections:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark = header.add_run(mark_text)
        mark.bold = True
        mark.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)


def _table(word: Any, table: Table) -> None:
    word.add_paragraph(table.title, style="Caption")
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(column.label).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        if row.kind is RowKind.GROUP:
            merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
            merged.text = ""
            merged.paragraphs[0].add_run(row.cells[0].text).bold = True
            continue
        for cell, content, column in zip(cells, row.cells, table.columns, strict=True):
            cell.text = content.text
            if column.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if row.kind is RowKind.DETAIL:
                for run in cell.paragraphs[0].runs:
                    run.italic = True
    for note in table.notes:
        word.add_paragraph(note).runs[0].italic = True


def _chart(word: Any, chart: Chart) -> None:
    word.add_picture(io.BytesIO(charts.png(chart)), width=Inches(6))
    word.add_paragraph(f"{chart.title} ({chart.unit})", style="Caption")
