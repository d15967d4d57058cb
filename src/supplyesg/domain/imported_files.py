"""What every imported file must be, whatever it imports: the rules shared by all importers.

Suppliers, ESG values, audits, scores and codes of conduct are all read through one reader,
which applies these rules to each row before the importer sees it:

- a cell to the right of the last named column is refused (it would be lost unseen);
- text holds no control character (a NUL byte is refused by PostgreSQL; the others are
  invisible), except tab and line breaks, which multi-line cells such as notes may hold;
- a file with a header and no data row is refused: it would record an import of nothing.

Names (of suppliers, contacts, categories) are single-line: `text_problems(..., multiline=False)`
refuses tab and line breaks there too, in an import, a form or the API alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from supplyesg.domain.errors import Problem

MULTILINE_CONTROLS = frozenset("\t\n\r")
"""The control characters a multi-line text may hold."""


def _first_control(text: str, allowed: frozenset[str]) -> str | None:
    for character in text:
        if character not in allowed and unicodedata.category(character) == "Cc":
            return character
    return None


def text_problems(field: str, text: str, *, multiline: bool) -> list[Problem]:
    """A control character in the text (tab and line breaks allowed only when multi-line)."""
    found = _first_control(text, MULTILINE_CONTROLS if multiline else frozenset())
    if found is None:
        return []
    name = f"U+{ord(found):04X}"
    reason = f"contains the control character {name}; " + (
        "only tab and line breaks are allowed" if multiline else "it must be one line of text"
    )
    return [Problem(field, reason, text.encode("unicode_escape").decode("ascii")[:80])]


def unnamed_cell_problems(row: int, columns: Sequence[str], cells: Sequence[str]) -> list[Problem]:
    """A value in a cell beyond the header's last column, or under a column without a name."""
    problems = []
    for index, cell in enumerate(cells):
        named = index < len(columns) and columns[index]
        if not named and cell.strip():
            problems.append(
                Problem(
                    f"column {index + 1}",
                    "has a value but the header gives this column no name",
                    cell[:80],
                    row,
                )
            )
    return problems


def cell_problems(row: int, columns: Sequence[str], cells: Sequence[str]) -> list[Problem]:
    """Every rule a data row of any imported file breaks, each located on its row and column."""
    problems = unnamed_cell_problems(row, columns, cells)
    for column, cell in zip(columns, cells, strict=False):
        problems += [p.at_row(row) for p in text_problems(column or "?", cell, multiline=True)]
    return problems


def header_text_problems(columns: Sequence[str]) -> list[Problem]:
    """A control character in a column name (row 1)."""
    return [
        p.at_row(1) for column in columns for p in text_problems(column, column, multiline=False)
    ]


def empty_file_problems(data_rows: int) -> list[Problem]:
    """A file with a header but no data row imports nothing: it is refused, not recorded."""
    if data_rows:
        return []
    return [Problem("file", "has a header but no data rows", row=2)]
