"""The check that text and tables agree: every number of the narrative is a number of a table.

Narrative templates receive figures from the same content model as the tables, so a number in
the text that no table shows means someone typed a figure into a template. Numbers that are
part of a name (Scope 1, ISO 14001, KPI codes), dates and the allowed extras (years, section
numbers) are not figures and are skipped. Signs are words in a text ("fell by 6.0%") and a
minus in a table, so numbers are compared without their sign.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from supplyesg.domain.errors import Problem
from supplyesg.reports.document import Document

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_NOT_FIGURES = re.compile(
    r"\b(?:Scope|ISO|IATF|OHSAS|Category|Categories|Part|Appendix|Aspect|KPI|GB|Tier|tier)"
    rf"\s+[\dA-Z][\w.\-]*|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b"
)
_NUMBER = re.compile(r"(?<![\w.,/])(?<!\w-)-?\d[\d,]*(?:\.\d+)?")
_NOT_FIGURES_ZH = re.compile(
    r"(?:範圍|層面|附錄|第)\s*[\dA-Z][\w.\-]*?(?=[^\w.\-]|[\u3000-\u9fff]|$)"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
)
"""Names and dates of Chinese text: 範圍1 (Scope 1), 層面A1, 第3.1節, 2025年1月1日."""
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
"""Chinese characters and punctuation: words of their own, so a figure beside one stands alone."""


def numbers_in(text: str) -> list[str]:
    """The figures written in a text, without sign ('14,705.68', '3', '2.5')."""
    cleaned = _NOT_FIGURES.sub(" ", text)
    if _CJK.search(cleaned):
        cleaned = _CJK.sub(" ", _NOT_FIGURES_ZH.sub(" ", cleaned))
    return [match.rstrip(",").lstrip("-") for match in _NUMBER.findall(cleaned)]


def unbacked_numbers(document: Document, allowed: Collection[str] = ()) -> list[tuple[str, str]]:
    """(section heading, number) for each number of the text that no table shows."""
    shown = {
        cell.text.lstrip("-")
        for table in document.tables()
        for row in table.rows
        for cell in row.cells
        if cell.figure is not None
    }
    shown.update(allowed)
    return [
        (section.heading, number)
        for section, text in document.texts()
        for number in numbers_in(text)
        if number not in shown
    ]


def consistency_problems(document: Document, years: Iterable[int]) -> list[Problem]:
    """A problem per number of the text that no table shows (years and section numbers pass)."""
    allowed = {str(year) for year in years} | {s.number for s in document.sections if s.number}
    return [
        Problem(heading, "the text shows a number that no table of the report shows", number)
        for heading, number in unbacked_numbers(document, allowed)
    ]
