"""Hostile files are refused before they are read: rows per file and an XLSX's unzipped size.

The zip bomb is built here: a small XLSX whose sheet unzips to two million rows.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from supplyesg.domain.errors import InvalidInputError
from supplyesg.services import tabular

BOMB_ROWS = 2_000_000

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


ROW = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>S{n}</t></is></c></row>'


def bomb(rows: int, dimension: bool, first: int = 1) -> bytes:
    """An XLSX with one sheet of `rows` rows numbered from `first` (a code each), deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="A1:B{rows}"/>'.encode())
            sheet.write(b"<sheetData>")
            for start in range(first, first + rows, 10_000):
                sheet.write(
                    b"".join(
                        ROW.format(n=n).encode()
                        for n in range(start, min(start + 10_000, first + rows))
                    )
                )
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb_without_dimension() -> bytes:
    return bomb(BOMB_ROWS, dimension=False)


def _refusal(source: bytes, fmt: str) -> InvalidInputError:
    def read_all() -> None:
        list(tabular.read_table(source, fmt).rows)

    with pytest.raises(InvalidInputError) as refused:
        read_all()
    return refused.value


def test_an_xlsx_that_says_it_has_two_million_rows_is_refused_before_reading() -> None:
    refused = _refusal(bomb(BOMB_ROWS, dimension=True), "xlsx")
    assert "2,000,000 rows" in str(refused)
    assert f"at most {tabular.MAX_ROWS:,} rows per file" in str(refused)
    assert refused.problems[0].field == "file"


def test_an_xlsx_bomb_without_a_dimension_is_counted_as_it_unzips_and_refused(
    bomb_without_dimension: bytes,
) -> None:
    assert len(bomb_without_dimension) < 20 << 20
    refused = _refusal(bomb_without_dimension, "xlsx")
    assert f"more than {tabular.MAX_ROWS:,} rows" in str(refused)


def test_one_numbered_row_far_down_counts_as_all_the_rows_above_it() -> None:
    sparse = bomb(1, dimension=False, first=1_999_999)
    assert f"at most {tabular.MAX_ROWS:,} rows" in str(_refusal(sparse, "xlsx"))


def test_a_workbook_that_unzips_beyond_the_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, bomb_without_dimension: bytes
) -> None:
    monkeypatch.setattr(tabular, "MAX_EXPANDED_MB", 16)
    refused = _refusal(bomb_without_dimension, "xlsx")
    assert "an import takes at most 16 MB" in str(refused)


def test_an_xlsx_within_the_limits_reads_as_before() -> None:
    table = tabular.read_table(bomb(3, dimension=True), "xlsx")
    assert table.columns == ("S1",)
    assert [cells for _row, cells in table.rows] == [{"S1": "S2"}, {"S1": "S3"}]


def test_a_csv_stops_at_the_row_limit() -> None:
    rows = b"code\n" + b"S\n" * tabular.MAX_ROWS
    refused = _refusal(rows, "csv")
    assert f"at most {tabular.MAX_ROWS:,} rows per file" in str(refused)
    assert refused.problems[0].row == tabular.MAX_ROWS + 1
    within = tabular.read_table(b"code\n" + b"S\n" * (tabular.MAX_ROWS - 1), "csv")
    assert sum(1 for _ in within.rows) == tabular.MAX_ROWS - 1
