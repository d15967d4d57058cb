"""Producing a report: gather the year's figures from the services, build the content model,
render it in the format asked for. The CLI, the API and the web pages all come through here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from supplyesg.config import get_settings
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.frameworks import Framework
from supplyesg.reports import renderers
from supplyesg.reports.document import Document, Paragraph, Section
from supplyesg.reports.frameworks import framework
from supplyesg.reports.hkex.content import (
    HkexContent,
    HkexReport,
    build_hkex_report,
    load_hkex_content,
)
from supplyesg.reports.hkex.gather import hkex_inputs
from supplyesg.reports.supply_chain.content import (
    build_supply_chain_report,
    load_supply_chain_content,
)
from supplyesg.reports.supply_chain.gather import supply_chain_inputs
from supplyesg.reports.words import ENGLISH, LANGUAGES, require_language, words

MIN_YEAR, MAX_YEAR = 2000, 2100


def hkex_report(db: Database, year: int, language: str = ENGLISH) -> HkexReport:
    """The HKEX ESG report of a financial year in a language, with its content index and
    checklist (the company's text is the workspace's text in that language)."""
    require_language(language)
    guide = framework()
    inputs = hkex_inputs(db, year, language=language)
    return build_hkex_report(inputs, app_content(guide, language), guide)


def hkex_document(db: Database, year: int, language: str = ENGLISH) -> Document:
    """The HKEX ESG report of a financial year."""
    return hkex_report(db, year, language).document


def app_content(guide: Framework, language: str = ENGLISH) -> HkexContent:
    """The report's editable files without the company's text: the app reads that from the
    report workspace (the files are only where the demo loads it from)."""
    content = load_hkex_content(guide, language=language)
    return dataclasses.replace(content, statements={}, explanations={})


def supply_chain_document(db: Database, year: int, language: str = ENGLISH) -> Document:
    """The supply chain ESG report for stakeholders of a year (written in English only)."""
    if language != ENGLISH:
        raise InvalidInputError(
            "The supply chain ESG report is written in English only.",
            [Problem("lang", "must be en for the supply chain report", language)],
        )
    inputs = supply_chain_inputs(db, year)
    return build_supply_chain_report(inputs, load_supply_chain_content()).document


@dataclass(frozen=True, slots=True)
class ReportKind:
    """A report the system publishes: its key, its title, its file name and how it is built."""

    key: str
    title: str
    stem: str
    build: Callable[[Database, int, str], Document]
    languages: tuple[str, ...] = (ENGLISH,)
    """The languages the report is written in."""


REPORT_KINDS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (
        ReportKind("hkex", "HKEX ESG report", "hkex-esg-report", hkex_document, LANGUAGES),
        ReportKind(
            "supply-chain",
            "Supply chain ESG report",
            "supply-chain-esg-report",
            supply_chain_document,
        ),
    )
}


def report_kind(key: str) -> ReportKind:
    """The report with this key, or a refusal naming the reports there are."""
    found = REPORT_KINDS.get(key)
    if found is None:
        known = ", ".join(REPORT_KINDS)
        raise InvalidInputError(
            f"There is no report {key!r}.", [Problem("report", f"must be one of {known}", key)]
        )
    return found


def report_document(
    db: Database,
    key: str,
    year: int,
    public_url: str | None = None,
    language: str = ENGLISH,
) -> Document:
    """The content model of a report for a year in a language, closing with where readers send
    feedback (`public_url`: the address the app is reached at; by default the setting's)."""
    kind = report_kind(key)
    require_report_year(year)
    require_language(language)
    return closing_with_feedback(kind.build(db, year, language), public_url)


def require_report_year(year: int) -> None:
    """Refuse a year no report can be about."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInputError(
            "The year is out of range.",
            [Problem("year", f"must be between {MIN_YEAR} and {MAX_YEAR}", year)],
        )


FEEDBACK_TITLE = "Your feedback"


def feedback_url(public_url: str, key: str, year: int) -> str:
    """The address of the feedback form of a report of a year."""
    return f"{public_url.rstrip('/')}/feedback?{urlencode({'report': key, 'year': year})}"


def closing_with_feedback(document: Document, public_url: str | None = None) -> Document:
    """The report closing with the address of its feedback form on the app at `public_url`
    (by default the setting's)."""
    url = feedback_url(public_url or get_settings().public_url, document.key, document.year)
    return with_feedback(document, url)


def with_feedback(document: Document, url: str) -> Document:
    """The report with a closing section that asks readers for their view, as the example
    HKEX report closes with its feedback form."""
    w = words(document.language)
    text = w(
        "We welcome your view of this report: how clear, complete and useful you find it, and "
        "what you would like us to report on. Please tell us on our feedback form:"
    )
    section = Section("", w(FEEDBACK_TITLE), (Paragraph(text), Paragraph(url)))
    return replace(document, sections=(*document.sections, section), feedback_url=url)


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A rendered report: its bytes, a file name and a media type."""

    content: bytes
    filename: str
    media_type: str


def report_file(
    db: Database,
    key: str,
    year: int,
    format: str,
    public_url: str | None = None,
    language: str = ENGLISH,
) -> ReportFile:
    """A report of a year rendered in a format (html, pdf, xlsx, docx, json) and a language."""
    renderer = renderers.renderer(format)
    kind = report_kind(key)
    document = report_document(db, key, year, public_url, language)
    return ReportFile(
        renderer.render(document),
        renderer.filename(file_stem(kind, year, language)),
        renderer.media_type,
    )


def file_stem(kind: ReportKind, year: int, language: str = ENGLISH) -> str:
    """The name of a report's file without extension; another language than English is named."""
    stem = f"{kind.stem}-{year}"
    return stem if language == ENGLISH else f"{stem}-{language}"
