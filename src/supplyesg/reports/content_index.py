"""The content index table: every item of a framework, and where the report answers it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from supplyesg.domain.frameworks import Coverage, DisclosureItem, Framework, IndexEntry, Level
from supplyesg.reports.document import Cell, Column, Row, RowKind, Table
from supplyesg.reports.words import EN, Words

LEVELS = {
    Level.MANDATORY: "Mandatory",
    Level.COMPLY_OR_EXPLAIN: "Comply or explain",
    Level.RECOMMENDED: "Recommended",
}
NOT_ANSWERED = "Not yet answered or explained"


def where_answered(entry: IndexEntry, headings: Mapping[str, str], w: Words = EN) -> str:
    """The index cell: the headings of the sections answering the item, or why it is left out.

    `headings` maps the section references of the index (a number, or the title of an
    unnumbered section) to the heading shown.
    """
    if entry.coverage is Coverage.ANSWERED:
        return "; ".join(headings.get(ref, ref) for ref in entry.sections)
    if entry.coverage is Coverage.EXPLAINED:
        return w("Not reported: {reason}", reason=entry.explanation)
    return w(NOT_ANSWERED)


def index_table(
    framework: Framework,
    entries: Iterable[IndexEntry],
    headings: Mapping[str, str],
    w: Words = EN,
) -> Table:
    """The content index, grouped by aspect, one row per item of the framework; in a language
    other than English an aspect and an item read as the guide names them in that language."""
    by_code = {entry.item.code: entry for entry in entries}
    rows: list[Row] = []
    for aspect in framework.aspects:
        group = f"{aspect.code} {aspect.title}"
        group = group if w.english else w.name(aspect.code, group)
        rows.append(Row((Cell(group),), RowKind.GROUP))
        for item in framework.items_of(aspect.code):
            entry = by_code[item.code]
            rows.append(
                Row(
                    (
                        Cell(item.code),
                        Cell(_asks(item, w)),
                        Cell(w(LEVELS[item.level])),
                        Cell(where_answered(entry, headings, w)),
                    )
                )
            )
    columns = (
        Column(w("Item")),
        Column(w("What the guide asks (paraphrased)")),
        Column(w("Level")),
        Column(w("Where answered")),
    )
    notes = (framework.wording if w.english else w(_WORDING),)
    return Table("content-index", w("Content index"), columns, tuple(rows), notes)


_WORDING = "Item names follow the guide; the Exchange's own wording prevails."


def _asks(item: DisclosureItem, w: Words) -> str:
    """What the guide asks: our paraphrase in English, the guide's own item name otherwise."""
    return f"{item.title}: {item.summary}" if w.english else w.name(item.code, item.title)
