"""XLSX of a report: a sheet per table with numbers as numbers, and native Excel charts."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

import xlsxwriter

from supplyesg.reports.document import Chart, ChartKind, Document, Row, RowKind, Table
from supplyesg.reports.words import words

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel sheet names for titles: legal characters, at most 31 long, no two alike."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        base = _FORBIDDEN.sub("-", title).strip("' ")[:MAX_SHEET_NAME] or "Sheet"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def render(document: Document) -> bytes:
    """The report as an XLSX workbook."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": f"{document.title} {document.year}"})
    formats = _Formats(workbook)
    tables = list(document.tables())
    charts = list(document.charts())
    w = words(document.language)
    names = sheet_names([w("Report"), *(t.title for t in tables), *(c.title for c in charts)])
    _contents(workbook.add_worksheet(names[0]), document, names[1:], formats)
    for name, table in zip(names[1 : 1 + len(tables)], tables, strict=True):
        _table(workbook.add_worksheet(name), table, formats)
    for name, chart in zip(names[1 + len(tables) :], charts, strict=True):
        _chart(workbook, workbook.add_worksheet(name), name, chart, formats)
    if document.draft:
        for sheet in workbook.worksheets():
            _mark_draft(sheet, formats, w("DRAFT"))
    workbook.close()
    return buffer.getvalue()


class _Formats:
    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.title = workbook.add_format({"bold": True, "font_size": 14, "font_color": "#1F5F8B"})
        self.header = workbook.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F5F8B", "text_wrap": True}
        )
        self.group = workbook.add_format({"bold": True, "bg_color": "#E8EFF4"})
        self.text = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.detail = workbook.add_format({"italic": True, "indent": 1, "font_color": "#4A6272"})
        self.note = workbook.add_format({"italic": True, "font_color": "#4A6272"})
        self.link = workbook.add_format({"font_color": "#1F5F8B", "underline": 1})
        self.draft = workbook.add_format({"bold": True, "font_color": "#B3261E"})
        self._numbers: dict[int, Any] = {}

    def number(self, places: int) -> Any:
        if places not in self._numbers:
            pattern = "#,##0" + ("." + "0" * places if places else "")
            self._numbers[places] = self.workbook.add_format({"num_format": pattern})
        return self._numbers[places]


DRAFT_HEADER = '&C&"Calibri,Bold"&KB3261EDRAFT'
"""The printed header of every page of every sheet of an unpublished workbook."""


def _mark_draft(sheet: Any, formats: _Formats, mark: str = "DRAFT") -> None:
    """DRAFT on the sheet itself (beside its title) and in the header of every printed page."""
    sheet.set_header(DRAFT_HEADER.replace("DRAFT", mark))
    sheet.write(0, DRAFT_COLUMN, mark, formats.draft)


DRAFT_COLUMN = 8


def _contents(sheet: Any, document: Document, names: list[str], formats: _Formats) -> None:
    w = words(document.language)
    sheet.set_column(0, 0, 60)
    sheet.write(0, 0, f"{document.title} {document.year}", formats.title)
    sheet.write(1, 0, document.organisation)
    sheet.write(2, 0, document.subtitle)
    row = 4
    for warning in document.printed_warnings:
        sheet.write(row, 0, w("Before publishing: {warning}", warning=warning), formats.note)
        row += 1
    sheet.write(row + 1, 0, w("Sheets"), formats.group)
    for offset, name in enumerate(names, start=row + 2):
        sheet.write_url(offset, 0, f"internal:'{name}'!A1", formats.link, string=name)
    if document.feedback_url:  # the closing line, as the other formats' closing section
        below = row + 3 + len(names)
        sheet.write(below, 0, w("Your feedback on this report is welcome:"), formats.group)
        sheet.write_url(below + 1, 0, document.feedback_url, formats.link)


def _table(sheet: Any, table: Table, formats: _Formats) -> None:
    sheet.write(0, 0, table.title, formats.title)
    for col, column in enumerate(table.columns):
        sheet.write(2, col, column.label, formats.header)
        sheet.set_column(col, col, 14 if column.numeric else 42 if col == 0 else 30)
    for offset, row in enumerate(table.rows, start=3):
        _row(sheet, offset, row, formats)
    for offset, note in enumerate(table.notes, start=len(table.rows) + 4):
        sheet.write(offset, 0, note, formats.note)
    sheet.freeze_panes(3, 1)


def _row(sheet: Any, at: int, row: Row, formats: _Formats) -> None:
    if row.kind is RowKind.GROUP:
        sheet.write(at, 0, row.cells[0].text, formats.group)
        return
    for col, cell in enumerate(row.cells):
        figure = cell.figure
        if figure is not None and figure.value is not None:
            sheet.write_number(at, col, float(figure.value), formats.number(figure.places))
        elif col == 0 and row.kind is RowKind.DETAIL:
            sheet.write_string(at, col, cell.text, formats.detail)
        else:
            sheet.write_string(at, col, cell.text, formats.text)


def _chart(workbook: Any, sheet: Any, name: str, chart: Chart, formats: _Formats) -> None:
    sheet.write(0, 0, chart.title, formats.title)
    sheet.write(2, 0, chart.unit, formats.header)
    for col, series in enumerate(chart.series, start=1):
        sheet.write(2, col, series.name, formats.header)
    for row, category in enumerate(chart.categories, start=3):
        sheet.write_string(row, 0, category)
        for col, series in enumerate(chart.series, start=1):
            sheet.write_number(row, col, float(series.values[row - 3]), formats.number(2))
    sheet.set_column(0, len(chart.series), 18)
    last = 2 + len(chart.categories)
    if chart.kind is ChartKind.PIE:
        native = workbook.add_chart({"type": "doughnut"})
    else:
        native = workbook.add_chart({"type": "column", "subtype": "stacked"})
        native.set_y_axis({"name": chart.unit, "num_format": "#,##0"})
    for col in range(1, len(chart.series) + 1):
        native.add_series(
            {
                "name": [name, 2, col],
                "categories": [name, 3, 0, last, 0],
                "values": [name, 3, col, last, col],
            }
        )
    native.set_title({"name": chart.title})
    sheet.insert_chart(last + 2, 0, native, {"x_scale": 1.4, "y_scale": 1.2})
