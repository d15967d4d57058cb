"""The content model every report is built as, and every renderer reads.

A report is a `Document`: numbered sections holding paragraphs, bullet lists, tables and charts.
Each number appears as a `Figure`, formatted once here, so the text, the tables, the workbook
and the PDF all show the same digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

NOT_REPORTED = "not reported"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as the report shows it: exact value, unit and the decimal places displayed."""

    value: Decimal | None
    unit: str = ""
    places: int = 0

    @property
    def shown(self) -> Decimal | None:
        """The value rounded as displayed (half up), or None when nothing was reported."""
        if self.value is None:
            return None
        return self.value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)

    @property
    def text(self) -> str:
        """The value with thousands separators, e.g. '14,705.68'."""
        shown = self.shown
        return NOT_REPORTED if shown is None else f"{shown:,.{self.places}f}"

    @property
    def with_unit(self) -> str:
        """The value followed by its unit, e.g. '14,705.68 tCO2e'."""
        if self.value is None or not self.unit:
            return self.text
        return f"{self.text}{'' if self.unit == '%' else ' '}{self.unit}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: the text shown, and the figure behind it when it is a number."""

    text: str
    figure: Figure | None = None

    @classmethod
    def of(cls, content: Figure | str | int | None) -> Cell:
        """A cell showing a figure, a whole number or a text."""
        if isinstance(content, Figure):
            return cls(content.text, content)
        if isinstance(content, int):
            return cls.of(Figure(Decimal(content)))
        return cls("" if content is None else content)


class RowKind(StrEnum):
    """How a row reads: a group heading, a figure, or an indented detail (an intensity, say)."""

    GROUP = "group"
    DATA = "data"
    DETAIL = "detail"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table."""

    cells: tuple[Cell, ...]
    kind: RowKind = RowKind.DATA


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table; numeric columns are right-aligned and written as numbers."""

    label: str
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table with a stable key (the sheet name in a workbook)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    def figures(self) -> Iterator[Figure]:
        """Every figure the table shows."""
        for row in self.rows:
            yield from (cell.figure for cell in row.cells if cell.figure is not None)


class ChartKind(StrEnum):
    """The kinds of chart a report can hold."""

    STACKED_BAR = "stacked_bar"
    PIE = "pie"


@dataclass(frozen=True, slots=True)
class Series:
    """One data series of a chart, a value per category."""

    name: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart drawn from figures the report also shows in a table."""

    key: str
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text."""

    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bullet list."""

    items: tuple[str, ...]


Block = Paragraph | Bullets | Table | Chart


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section ('3.1') or an unnumbered one (''), with its blocks in reading order."""

    number: str
    title: str
    blocks: tuple[Block, ...] = ()

    @property
    def level(self) -> int:
        """1 for a chapter, 2 for '3.1', 3 for '3.1.2'."""
        return self.number.count(".") + 1 if self.number else 1

    @property
    def anchor(self) -> str:
        """A stable id for links to the section."""
        base = self.number or self.title
        return "s-" + re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")

    @property
    def heading(self) -> str:
        """The number and title as a heading shows them."""
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, slots=True)
class Document:
    """A whole report, ready for any renderer."""

    key: str
    title: str
    subtitle: str
    organisation: str
    year: int
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = field(default=())
    draft: bool = True
    """Every file rendered outside publishing is marked DRAFT on every page."""
    feedback_url: str = ""
    """Where readers send their view of the report; the closing section gives it."""
    language: str = "en"
    """The language the report is written in (a BCP 47 tag: en, zh-Hant)."""

    @property
    def printed_warnings(self) -> tuple[str, ...]:
        """The 'Before publishing' list the files print. The items are written in English, so a
        report in another language lists them in its drafts only: its published files hold no
        English line (the English report keeps the list as it always has)."""
        return self.warnings if self.draft or self.language == "en" else ()

    def tables(self) -> Iterator[Table]:
        """Every table, in reading order."""
        for section in self.sections:
            yield from (block for block in section.blocks if isinstance(block, Table))

    def charts(self) -> Iterator[Chart]:
        """Every chart, in reading order."""
        for section in self.sections:
            yield from (block for block in section.blocks if isinstance(block, Chart))

    def texts(self) -> Iterator[tuple[Section, str]]:
        """Every paragraph and bullet of running text, with its section."""
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    yield section, block.text
                elif isinstance(block, Bullets):
                    yield from ((section, item) for item in block.items)

    def table(self, key: str) -> Table:
        """The table with this key."""
        return next(table for table in self.tables() if table.key == key)


def places_for(values: Iterable[Decimal | None], significant: int = 2, most: int = 6) -> int:
    """Places that show the smallest non-zero value with `significant` digits (2 at least)."""
    present = [abs(v) for v in values if v is not None and v != 0]
    if not present:
        return 2
    exponent = min(present).adjusted()
    return max(2, min(most, significant - 1 - exponent))


@dataclass(frozen=True, slots=True)
class Change:
    """A year-on-year change in per cent, as a table shows it and as a sentence says it."""

    figure: Figure

    @classmethod
    def of(cls, pct: Decimal | None) -> Change:
        """The change of a percentage (None when there is no previous year to compare with)."""
        return cls(Figure(pct, "%", 1))

    @property
    def size(self) -> Figure:
        """The change without its sign, for text ('fell by 6.0%')."""
        value = self.figure.value
        return Figure(None if value is None else abs(value), "%", 1)

    @property
    def verb(self) -> str:
        """'rose', 'fell' or 'did not change', as the displayed figure says."""
        shown = self.figure.shown
        if shown is None or shown == 0:
            return "did not change"
        return "rose" if shown > 0 else "fell"

    @property
    def known(self) -> bool:
        """Whether there is a change to speak of."""
        return self.figure.value is not None

    def __str__(self) -> str:
        return self.figure.text


_LOCATED = re.compile(r"^(?P<message>.*?)\s*\(at (?P<where>[^()]*)\)$")


def summarised(warnings: Iterable[str], most: int = 20) -> tuple[str, ...]:
    """Warnings as a reader can take them in: one line per message with the places it occurs,
    at most `most` lines, in first-seen order."""
    places: dict[str, list[str]] = {}
    for warning in warnings:
        found = _LOCATED.match(warning)
        message, where = (found["message"], found["where"]) if found else (warning, "")
        places.setdefault(message, [])
        if where and where not in places[message]:
            places[message].append(where)
    lines = [f"{message}{_where(found)}" for message, found in places.items()]
    if len(lines) > most:
        lines = [*lines[:most], f"... and {len(lines) - most:,} more"]
    return tuple(lines)


def _where(places: list[str], shown: int = 3) -> str:
    if not places:
        return ""
    more = len(places) - shown
    listed = ", ".join(places[:shown])
    return f" (at {listed}{f' and {more:,} more' if more > 0 else ''})"
