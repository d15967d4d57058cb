"""The content index table: every item of a framework, and where the report answers it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from supplyesg.domain.frameworks import Coverage, Framework, IndexEntry, Level
from supplyesg.reports.document import Cell, Column, Row, RowKind, Table

LEVELS = {
    Level.MANDATORY: "Mandatory",
    Level.COMPLY_OR_EXPLAIN: "Comply or explain",
    Level.RECOMMENDED: "Recommended",
}
NOT_ANSWERED = "Not yet answered or explained"


def where_answered(entry: IndexEntry, headings: Mapping[str, str]) -> str:
    """The index cell: the headings of the sections answering the item, or why it is left out.

    `headings` maps the section references of the index (a number, or the title of an
    unnumbered section) to the heading shown.
    """
    if entry.coverage is Coverage.ANSWERED:
        return "; ".join(headings.get(ref, ref) for ref in entry.sections)
    if entry.coverage is Coverage.EXPLAINED:
        return f"Not reported: {entry.explanation}"
    return NOT_ANSWERED


def index_table(
    framework: Framework, entries: Iterable[IndexEntry], headings: Mapping[str, str]
) -> Table:
    """The content index, grouped by aspect, one row per item of the framework."""
    by_code = {entry.item.code: entry for entry in entries}
    rows: list[Row] = []
    for aspect in framework.aspects:
        rows.append(Row((Cell(f"{aspect.code} {aspect.title}"),), RowKind.GROUP))
        for item in framework.items_of(aspect.code):
            entry = by_code[item.code]
            rows.append(
                Row(
                    (
                        Cell(item.code),
                        Cell(f"{item.title}: {item.summary}"),
                        Cell(LEVELS[item.level]),
                        Cell(where_answered(entry, headings)),
                    )
                )
            )
    columns = (
        Column("Item"),
        Column("What the guide asks (paraphrased)"),
        Column("Level"),
        Column("Where answered"),
    )
    return Table("content-index", "Content index", columns, tuple(rows), (framework.wording,))
