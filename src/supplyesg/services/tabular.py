"""Rows of CSV and XLSX files, read and written as text cells keyed by their column header.

Any import of the application reads its file through `read_table` and any export writes
through `write_table`, so every file format is handled in one place. Reading streams:
CSV row by row, XLSX through calamine; writing XLSX uses XlsxWriter's constant-memory mode.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path, PurePath
from typing import IO

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook

from supplyesg.domain.errors import InvalidInputError, Problem, refuse_if
from supplyesg.domain.imported_files import cell_problems, empty_file_problems, header_text_problems
from supplyesg.services.file_encodings import csv_encoding

FORMATS = ("csv", "xlsx")
_CHUNK = 1 << 20

MAX_ROWS = 200_000
"""The most rows one imported file may have (the header included); more is refused at once."""
MAX_FILE_PROBLEMS = 1_000
"""Reading stops after this many breaches of the rules every import shares."""
MAX_EXPANDED_MB = 256
"""The most an XLSX file's sheets may expand to when unzipped, checked before reading them."""
_ROW = re.compile(rb'<(?:\w+:)?row[\s>/](?:[^>]*?\sr="(\d+)")?')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')

Source = Path | bytes | IO[bytes]
"""A file to read: its path, its content, or an open binary file positioned at its start."""

Cell = str | int | Decimal | None
"""A value to write; Decimal and int become numbers in XLSX, text everywhere in CSV."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet app read a CSV cell as a formula (OWASP, CSV injection)."""


def neutralised(text: str) -> str:
    """A CSV cell no spreadsheet app runs as a formula: a leading apostrophe when it could be."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def restored(text: str) -> str:
    """The text of a cell `neutralised` wrote, so that an exported file imports as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


@dataclass(frozen=True, slots=True)
class Table:
    """The header of a file and its data rows: (file row number, {column: text})."""

    columns: tuple[str, ...]
    rows: Iterator[tuple[int, dict[str, str]]]
    encoding: str | None = None
    """The text encoding a CSV file was read in (see `domain.file_encodings`); None for XLSX."""

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return self.rows


def format_of(file_name: str) -> str:
    """The file format named by a file's extension: 'csv' or 'xlsx'."""
    extension = PurePath(file_name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise InvalidInputError(
            f"{file_name!r} is neither a .csv nor an .xlsx file.",
            [Problem("file", "must end in .csv or .xlsx", file_name)],
        )
    return extension


def read_table(source: Source, fmt: str) -> Table:
    """The header and the non-blank rows of a CSV or XLSX file (first sheet).

    Row numbers are those a spreadsheet shows: the header is row 1. Cells are text;
    XLSX numbers read as '12' or '12.5', booleans as 'true'/'false', dates in ISO form.
    The rules of `domain.imported_files` hold for every file: the rows are read to the end,
    then InvalidInputError lists each row that breaks them, before the importer writes anything.
    """
    if fmt == "csv":
        return _read_csv(source)
    if fmt == "xlsx":
        return _read_xlsx(source)
    raise InvalidInputError(f"Unknown file format {fmt!r}.", [Problem("format", "unknown", fmt)])


def require_columns(table: Table, columns: Iterable[str], detail: str) -> None:
    """Refuse a table without every one of `columns` in its header, naming each (row 1)."""
    missing = [c for c in columns if c not in table.columns]
    refuse_if([Problem(c, "column is missing", row=1) for c in missing], detail)


def _too_many_rows(rows: int | None = None) -> InvalidInputError:
    told = f"{rows:,} rows" if rows else f"more than {MAX_ROWS:,} rows"
    return InvalidInputError(
        f"The file has {told}; an import takes at most {MAX_ROWS:,} rows per file. "
        "Split it into several files.",
        [Problem("file", f"at most {MAX_ROWS:,} rows per file", row=MAX_ROWS + 1)],
    )


def read_rows(source: Source, fmt: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The non-blank data rows of a CSV or XLSX file, each with its file row number."""
    return read_table(source, fmt).rows


def write_table(
    target: Path | IO[bytes],
    fmt: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    sheet_name: str = "data",
) -> None:
    """Write a header and rows as CSV (UTF-8 with BOM, for spreadsheet apps) or XLSX."""
    if fmt == "csv":
        _write_csv(target, columns, rows)
    elif fmt == "xlsx":
        _write_xlsx(target, columns, rows, sheet_name)
    else:
        raise InvalidInputError(
            f"Unknown file format {fmt!r}.", [Problem("format", "unknown", fmt)]
        )


def _unreadable(reason: str) -> InvalidInputError:
    return InvalidInputError(f"The file cannot be read: {reason}.", [Problem("file", reason)])


def _table(
    numbered_cells: Iterator[tuple[int, Sequence[str]]], encoding: str | None = None
) -> Table:
    """The first non-blank row names the columns; the rows after it are the data."""
    for _row, cells in numbered_cells:
        columns = [cell.strip() for cell in cells]
        while columns and not columns[-1]:
            columns.pop()
        if columns:
            refuse_if(header_text_problems(columns), "The file's header cannot be read.")
            return Table(tuple(columns), _records(tuple(columns), numbered_cells), encoding)
    raise _unreadable("it has no header row naming the columns")


def _records(
    columns: tuple[str, ...], numbered_cells: Iterator[tuple[int, Sequence[str]]]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows; once they are all read, the rows breaking the rules of every import."""
    width = len(columns)
    problems: list[Problem] = []
    data_rows = 0
    for row, cells in numbered_cells:
        if any(cells):
            data_rows += 1
            problems += cell_problems(row, columns, cells)
            if len(problems) >= MAX_FILE_PROBLEMS:
                break
            values = dict(zip(columns, cells, strict=False))
            if len(cells) < width:
                values.update((column, "") for column in columns[len(cells) :])
            values.pop("", None)
            yield row, values
    problems += empty_file_problems(data_rows)
    refuse_if(
        problems[:MAX_FILE_PROBLEMS],
        f"The file was not imported: {len(problems)} problem(s); nothing changed.",
    )


# -- CSV -----------------------------------------------------------------------------------


def _binary(source: Source, stack: ExitStack) -> IO[bytes]:
    if isinstance(source, Path):
        return stack.enter_context(source.open("rb"))
    if isinstance(source, bytes):
        return io.BytesIO(source)
    return source


def _read_csv(source: Source) -> Table:
    stack = ExitStack()
    try:
        binary = _binary(source, stack)
        encoding = csv_encoding(binary)
        text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    except OSError as error:
        stack.close()
        raise _unreadable(f"{error.strerror or error}") from error
    except InvalidInputError:
        stack.close()
        raise
    return _table(_csv_cells(csv.reader(text), stack), encoding)


def _csv_cells(reader: Iterator[list[str]], stack: ExitStack) -> Iterator[tuple[int, list[str]]]:
    row = 0
    with stack:
        try:
            for cells in reader:
                row += 1
                if row > MAX_ROWS:
                    raise _too_many_rows()
                yield row, [restored(cell) for cell in cells]
        except (csv.Error, UnicodeDecodeError) as error:
            raise InvalidInputError(
                f"The file cannot be read after row {row}.",
                [Problem("file", f"not readable as CSV: {error}", row=row + 1)],
            ) from error


def _write_csv(
    target: Path | IO[bytes], columns: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> None:
    with ExitStack() as stack:
        binary: IO[bytes] = (
            stack.enter_context(target.open("wb")) if isinstance(target, Path) else target
        )
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(columns)
        writer.writerows([_csv_cell(cell) for cell in cells] for cells in rows)
        text.flush()
        text.detach()


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")
    if isinstance(cell, int):
        return str(cell)
    return neutralised(cell)


# -- XLSX ----------------------------------------------------------------------------------


def _check_xlsx_size(source: Source) -> None:
    """Refuse, before any sheet is parsed, a workbook whose sheets would unzip too large or
    whose first sheet says (in its dimension) it has more rows than an import takes."""
    limit = MAX_EXPANDED_MB << 20
    try:
        with ExitStack() as stack:
            binary = _binary(source, stack)
            start = binary.tell()
            with zipfile.ZipFile(binary) as archive:
                sheets = sorted(
                    (
                        info
                        for info in archive.infolist()
                        if info.filename.startswith("xl/worksheets/")
                    ),
                    key=lambda info: info.filename,
                )
                expanded = sum(info.file_size for info in archive.infolist())
                if expanded > limit:
                    raise InvalidInputError(
                        f"The workbook unzips to {expanded >> 20:,} MB; an import takes at most "
                        f"{MAX_EXPANDED_MB:,} MB.",
                        [Problem("file", f"expands to more than {MAX_EXPANDED_MB:,} MB")],
                    )
                for info in sheets:
                    _check_sheet_rows(archive, info)
            binary.seek(start)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable(f"not an XLSX workbook ({error})") from error


def _check_sheet_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """The sheet's rows, from its dimension, else counted in its XML as it unzips (numbered
    rows count up to their number): no more than MAX_ROWS, stopping as soon as it is more."""
    with archive.open(info) as sheet:
        head = sheet.read(4096)
        found = _DIMENSION.search(head)
        if found and found.group(1):
            if int(found.group(1)) > MAX_ROWS:
                raise _too_many_rows(int(found.group(1)))
            return
        rows, pending = 0, head
        while True:
            chunk = sheet.read(_CHUNK)
            data = pending + chunk
            cut = data.rfind(b"<") if chunk else len(data)
            scanned, pending = data[: max(cut, 0)], data[max(cut, 0) :]
            for match in _ROW.finditer(scanned):
                rows = max(rows + 1, int(match.group(1) or 0))
            if rows > MAX_ROWS:
                raise _too_many_rows()
            if not chunk:
                return


def _read_xlsx(source: Source) -> Table:
    _check_xlsx_size(source)
    try:
        if isinstance(source, Path):
            workbook = CalamineWorkbook.from_path(str(source))
        else:
            workbook = CalamineWorkbook.from_filelike(
                io.BytesIO(source) if isinstance(source, bytes) else source
            )
        rows = workbook.get_sheet_by_index(0).iter_rows()
    except (CalamineError, OSError, ValueError, IndexError) as error:
        raise _unreadable(f"not an XLSX workbook ({error})") from error
    return _table(_xlsx_cells(rows))


def _xlsx_cells(rows: Iterable[Sequence[object]]) -> Iterator[tuple[int, list[str]]]:
    for row, cells in enumerate(rows, start=1):
        if row > MAX_ROWS:
            raise _too_many_rows()
        yield row, [_text(cell) for cell in cells]


def _text(cell: object) -> str:
    """The text of a spreadsheet cell as a person would type it."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime | date | time):
        return cell.isoformat()
    return "" if cell is None else str(cell)


def _write_xlsx(
    target: Path | IO[bytes],
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    sheet_name: str,
) -> None:
    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = workbook.add_worksheet(sheet_name)
    sheet.write_row(0, 0, columns, workbook.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    for index, cells in enumerate(rows, start=1):
        for column, cell in enumerate(cells):
            _write_xlsx_cell(sheet, index, column, cell)
    workbook.close()


def _write_xlsx_cell(sheet: object, row: int, column: int, cell: Cell) -> None:
    if cell is None or cell == "":
        return
    if isinstance(cell, str):
        sheet.write_string(row, column, cell)  # type: ignore[attr-defined]
    elif isinstance(cell, int) or _is_exact_float(cell):
        sheet.write_number(row, column, float(cell))  # type: ignore[attr-defined]
    else:
        sheet.write_string(row, column, format(cell, "f"))  # type: ignore[attr-defined]


def _is_exact_float(amount: Decimal) -> bool:
    """Whether a spreadsheet number (a double) would hold the amount without changing it."""
    return Decimal(repr(float(amount))) == amount
