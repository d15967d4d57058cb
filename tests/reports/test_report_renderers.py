"""Each output format opens in its own reader and shows the numbers of the content model."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

import docx
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from supplyesg.domain.errors import InvalidInputError
from supplyesg.reports.document import Document, RowKind, Table
from supplyesg.reports.hkex.content import HkexReport
from supplyesg.reports.render_xlsx import sheet_names
from supplyesg.reports.renderers import RENDERERS, renderer


@pytest.fixture(scope="module")
def document(hkex_report: HkexReport) -> Document:
    return hkex_report.document


@pytest.fixture(scope="module")
def files(document: Document) -> dict[str, bytes]:
    return {name: RENDERERS[name].render(document) for name in RENDERERS}


def _cells(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


class _Tables(HTMLParser):
    """The rows of every <table id="table-..."> of a page, as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and (found.get("id") or "").startswith("table-"):
            self._table = str(found["id"])[len("table-") :]
            self.tables[self._table] = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table and not self._in_head:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_the_html_tables_hold_the_model_tables_cell_for_cell(
    document: Document, files: dict[str, bytes]
) -> None:
    page = files["html"].decode("utf-8")
    parser = _Tables()
    parser.feed(page)
    assert parser.tables == {t.key: _cells(t) for t in document.tables()}
    assert page.count("data:image/svg+xml;base64,") == len(list(document.charts()))
    for section in document.sections:
        assert f'id="{section.anchor}"' in page


def test_the_pdf_has_numbered_pages_and_every_figure_of_the_ghg_and_energy_tables(
    document: Document, files: dict[str, bytes]
) -> None:
    reader = PdfReader(io.BytesIO(files["pdf"]))
    pages = [page.extract_text() for page in reader.pages]
    count = len(pages)
    assert count > 10
    assert f"Page 2 of {count}" in pages[1]
    assert f"Page {count} of {count}" in pages[-1]
    text = " ".join(" ".join(pages).split())
    for key in ("ghg", "energy", "suppliers", "performance-environmental"):
        for figure in document.table(key).figures():
            assert figure.text in text, (key, figure.text)
    assert "In FY2025 the group emitted 3,945.00 tCO2e of direct greenhouse gases" in text


def test_the_workbook_has_a_sheet_per_table_with_numbers_as_numbers(
    document: Document, files: dict[str, bytes]
) -> None:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(files["xlsx"]))
    tables = list(document.tables())
    charts = list(document.charts())
    names = sheet_names(["Report", *(t.title for t in tables), *(c.title for c in charts)])
    assert workbook.sheet_names == names
    for name, table in zip(names[1:], tables, strict=False):
        rows = workbook.get_sheet_by_name(name).to_python()
        assert rows[0][0] == table.title
        assert [str(v) for v in rows[2][: len(table.columns)]] == [c.label for c in table.columns]
        for offset, row in enumerate(table.rows, start=3):
            if row.kind is RowKind.GROUP:
                assert rows[offset][0] == row.cells[0].text
                continue
            for col, cell in enumerate(row.cells):
                shown = rows[offset][col]
                if cell.figure is not None and cell.figure.value is not None:
                    exact = Decimal(repr(shown)).quantize(Decimal(1).scaleb(-cell.figure.places))
                    assert exact == cell.figure.shown, (table.key, offset, col)
                else:
                    assert shown == cell.text, (table.key, offset, col)


def test_the_workbook_holds_a_native_chart_per_chart(
    document: Document, files: dict[str, bytes]
) -> None:
    with zipfile.ZipFile(io.BytesIO(files["xlsx"])) as archive:
        chart_parts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        kinds = [archive.read(n).decode() for n in sorted(chart_parts)]
    assert len(chart_parts) == len(list(document.charts())) == 2
    assert "<c:barChart>" in kinds[0]
    assert '<c:grouping val="stacked"/>' in kinds[0]
    assert "<c:doughnutChart>" in kinds[1]


def test_the_word_draft_has_the_headings_paragraphs_and_tables_of_the_model(
    document: Document, files: dict[str, bytes]
) -> None:
    word = docx.Document(io.BytesIO(files["docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [s.heading for s in document.sections]
    paragraphs = {p.text for p in word.paragraphs}
    assert all(text in paragraphs for _, text in document.texts())
    tables = list(document.tables())
    assert len(word.tables) == len(tables)
    for grid, table in zip(word.tables, tables, strict=True):
        assert [c.text for c in grid.rows[0].cells] == [c.label for c in table.columns]
        for shown, row in zip(grid.rows[1:], table.rows, strict=True):
            texts = [c.text for c in shown.cells]
            if row.kind is RowKind.GROUP:
                assert set(texts) == {row.cells[0].text}
            else:
                assert texts == [c.text for c in row.cells]
    assert len(word.inline_shapes) == len(list(document.charts()))


def test_the_json_is_the_content_model(document: Document, files: dict[str, bytes]) -> None:
    data = json.loads(files["json"])
    assert (data["title"], data["year"], data["organisation"]) == (
        document.title,
        2025,
        "Example Trucks Holdings Ltd",
    )
    ghg = next(
        b
        for s in data["sections"]
        for b in s["blocks"]
        if b.get("key") == "ghg" and b["type"] == "table"
    )
    total = ghg["rows"][2]["cells"][2]
    assert total["text"] == "20,043.00"
    assert total["figure"] == {
        "value": "20043",
        "shown": "20043.00",
        "unit": "tCO2e",
        "text": "20,043.00",
    }


def test_an_unknown_format_is_refused_naming_the_formats() -> None:
    with pytest.raises(InvalidInputError) as refused:
        renderer("odt")
    assert refused.value.problems[0].reason == "must be one of html, pdf, xlsx, docx, json"
    assert renderer("PDF").media_type == "application/pdf"
    assert renderer("docx").filename("hkex-2025") == "hkex-2025.docx"


@pytest.mark.parametrize(
    ("titles", "names"),
    [
        (["Report", "GHG: scope 1/2 [t]"], ["Report", "GHG- scope 1-2 -t-"]),
        (["A" * 40, "A" * 40], ["A" * 31, "A" * 27 + " (2)"]),
        (["Energy", "energy"], ["Energy", "energy (2)"]),
    ],
)
def test_sheet_names_are_legal_short_and_unique(titles: list[str], names: list[str]) -> None:
    assert sheet_names(titles) == names
