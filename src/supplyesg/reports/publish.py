"""Producing a report: gather the year's figures from the services, build the content model,
render it in the format asked for. The CLI, the API and the web pages all come through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.reports import renderers
from supplyesg.reports.document import Document
from supplyesg.reports.frameworks import framework
from supplyesg.reports.hkex.content import build_hkex_report, load_hkex_content
from supplyesg.reports.hkex.gather import hkex_inputs
from supplyesg.reports.supply_chain.content import (
    build_supply_chain_report,
    load_supply_chain_content,
)
from supplyesg.reports.supply_chain.gather import supply_chain_inputs

MIN_YEAR, MAX_YEAR = 2000, 2100


def hkex_document(db: Database, year: int) -> Document:
    """The HKEX ESG report of a financial year."""
    guide = framework()
    return build_hkex_report(hkex_inputs(db, year), load_hkex_content(guide), guide).document


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


def report_document(db: Database, key: str, year: int) -> Document:
    """The content model of a report for a year."""
    kind = report_kind(key)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInputError(
            "The year is out of range.",
            [Problem("year", f"must be between {MIN_YEAR} and {MAX_YEAR}", year)],
        )
    return kind.build(db, year)


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A rendered report: its bytes, a file name and a media type."""

    content: bytes
    filename: str
    media_type: str


def report_file(db: Database, key: str, year: int, format: str) -> ReportFile:
    """A report of a year rendered in a format (html, pdf, xlsx, docx, json)."""
    renderer = renderers.renderer(format)
    kind = report_kind(key)
    document = report_document(db, key, year)
    return ReportFile(
        renderer.render(document), renderer.filename(f"{kind.stem}-{year}"), renderer.media_type
    )
