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

MIN_YEAR, MAX_YEAR = 2000, 2100


def hkex_report(db: Database, year: int) -> HkexReport:
    """The HKEX ESG report of a financial year, with its content index and checklist."""
    guide = framework()
    return build_hkex_report(hkex_inputs(db, year), app_content(guide), guide)


def hkex_document(db: Database, year: int) -> Document:
    """The HKEX ESG report of a financial year."""
    return hkex_report(db, year).document


def app_content(guide: Framework) -> HkexContent:
    """The report's editable files without the company's text: the app reads that from the
    report workspace (the files are only where the demo loads it from)."""
    return dataclasses.replace(load_hkex_content(guide), statements={}, explanations={})


def supply_chain_document(db: Database, year: int) -> Document:
    """The supply chain ESG report for stakeholders of a year."""
    inputs = supply_chain_inputs(db, year)
    return build_supply_chain_report(inputs, load_supply_chain_content()).document


@dataclass(frozen=True, slots=True)
class ReportKind:
    """A report the system publishes: its key, its title, its file name and how it is built."""

    key: str
    title: str
    stem: str
    build: Callable[[Database, int], Document]


REPORT_KINDS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (
        ReportKind("hkex", "HKEX ESG report", "hkex-esg-report", hkex_document),
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


def report_document(db: Database, key: str, year: int, public_url: str | None = None) -> Document:
    """The content model of a report for a year, closing with where readers send feedback
    (`public_url`: the address the app is reached at; by default the setting's)."""
    kind = report_kind(key)
    require_report_year(year)
    return closing_with_feedback(kind.build(db, year), public_url)


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
    text = (
        "We welcome your view of this report: how clear, complete and useful you find it, and "
        "what you would like us to report on. Please tell us on our feedback form:"
    )
    section = Section("", FEEDBACK_TITLE, (Paragraph(text), Paragraph(url)))
    return replace(document, sections=(*document.sections, section), feedback_url=url)


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A rendered report: its bytes, a file name and a media type."""

    content: bytes
    filename: str
    media_type: str


def report_file(
    db: Database, key: str, year: int, format: str, public_url: str | None = None
) -> ReportFile:
    """A report of a year rendered in a format (html, pdf, xlsx, docx, json)."""
    renderer = renderers.renderer(format)
    kind = report_kind(key)
    document = report_document(db, key, year, public_url)
    return ReportFile(
        renderer.render(document), renderer.filename(f"{kind.stem}-{year}"), renderer.media_type
    )
