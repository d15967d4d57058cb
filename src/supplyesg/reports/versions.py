"""Publishing a report: its figures for review, every file in every language, the comparison
of a published version with the data now. The sign-off rules live in the domain
(`domain/report_versions.py`); the storing in `services/report_versions.py`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ReportVersionRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import Problem, refuse_if
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.publishing_checklist import CheckedItem
from supplyesg.domain.report_versions import (
    FigureChange,
    VersionState,
    comparison_problems,
    publish_problems,
)
from supplyesg.reports import renderers
from supplyesg.reports.checklist import WITH_CHECKLIST, refuse_while_open
from supplyesg.reports.document import Document, RowKind
from supplyesg.reports.publish import (
    closing_with_feedback,
    hkex_report,
    report_document,
    report_kind,
    require_report_year,
)
from supplyesg.reports.words import ENGLISH
from supplyesg.reports.words import LANGUAGES as WRITTEN_IN
from supplyesg.services import report_versions as service
from supplyesg.services.report_versions import Figures, RenderedFile, StoredFile

LANGUAGES: tuple[str, ...] = WRITTEN_IN
"""The languages the report renderers write; a published version holds every format of each
language it is published in (English always, the others when asked for)."""


def document_figures(document: Document) -> Figures:
    """Every figure of the content model's tables, named by table, row group, row and column."""
    named: list[tuple[str, str | None]] = []
    seen: dict[str, int] = {}
    for table in document.tables():
        group = ""
        for row in table.rows:
            if row.kind is RowKind.GROUP:
                group = row.cells[0].text
                continue
            label = row.cells[0].text if row.cells else ""
            for cell, column in zip(row.cells, table.columns, strict=False):
                if cell.figure is None:
                    continue
                name = " / ".join(p for p in (table.title, group, label, column.label) if p)
                seen[name] = seen.get(name, 0) + 1
                if seen[name] > 1:
                    name = f"{name} ({seen[name]})"
                value = cell.figure.value
                shown = None if value is None else cell.figure.with_unit
                named.append((name, shown))
    return named


def current_figures(db: Database, key: str, year: int) -> Figures:
    """The figures the report would show if it were built from the data now."""
    return document_figures(report_document(db, key, year))


def publication_files(document: Document, stem: str, language: str) -> list[RenderedFile]:
    """The report in every format, unmarked (these files are the publication)."""
    final = dataclasses.replace(document, draft=False)
    return [
        RenderedFile(
            r.name, language, r.filename(f"{stem}-{language}"), r.media_type, r.render(final)
        )
        for r in renderers.RENDERERS.values()
    ]


def submit_for_review(
    db: Database, key: str, year: int, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> ReportVersionRow:
    """Submit the report as the data now stands for review."""
    document, items = _document_and_checklist(db, key, year)
    refuse_while_open(items, key, year, "submitted for review")
    return service.submit_for_review(db, key, year, document_figures(document), actor, clock)


def publish(
    db: Database,
    key: str,
    year: int,
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
    languages: Sequence[str] = (ENGLISH,),
) -> ReportVersionRow:
    """Publish the approved version: every format in English and in each other language asked
    for, with its figures. Each language's checklist must be clear (a text not translated yet
    is an open item of that language's checklist)."""
    kind = report_kind(key)
    chosen = publication_languages(kind.languages, languages)
    approved = service.approved_version(db, key, year)
    document, items = _document_and_checklist(db, key, year)
    figures = document_figures(document)
    # Figures that moved since the review are said first: the version must be submitted again,
    # and submitting runs the checklist again on the data as it now stands.
    refuse_if(
        publish_problems(service.changes_since(approved, figures)),
        f"Version {approved.number} of the {key} report of {year} cannot be published: "
        "its figures changed after the review; send it back to draft and submit it again.",
    )
    refuse_while_open(items, key, year, "published")
    files = publication_files(document, f"{kind.stem}-{year}", ENGLISH)
    for language in chosen[1:]:
        translated, open_items = _document_and_checklist(db, key, year, language)
        refuse_while_open(open_items, key, year, f"published in {language}")
        files += publication_files(translated, f"{kind.stem}-{year}", language)
    return service.publish(db, key, year, figures, files, actor, clock)


def publication_languages(written_in: Sequence[str], asked: Sequence[str]) -> tuple[str, ...]:
    """The languages a version is published in: English first, then those asked for, each
    one the report is written in."""
    problems = [
        Problem("lang", f"must be one of {', '.join(written_in)}", language)
        for language in asked
        if language not in written_in
    ]
    refuse_if(problems, "The report is not written in that language.")
    return tuple(dict.fromkeys((ENGLISH, *asked)))


def versions_of(db: Database, key: str, year: int) -> list[ReportVersionRow]:
    """Every version of a report of a year, newest first, with their files."""
    report_kind(key)
    return list(service.versions_of(db, key, year))


def approve(
    db: Database, key: str, year: int, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> ReportVersionRow:
    """Sign off the version in review (not by whoever submitted it)."""
    report_kind(key)
    return service.approve(db, key, year, actor, clock)


def reject(
    db: Database, key: str, year: int, reason: str, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> ReportVersionRow:
    """Send the version in review, or approved, back to draft, saying why."""
    report_kind(key)
    return service.reject(db, key, year, reason, actor, clock)


def published_file(
    db: Database, key: str, year: int, number: int, format: str, language: str
) -> StoredFile:
    """A file of version `number` of a report, its SHA-256 checked."""
    row = version_numbered(db, key, year, number)
    return service.download(db, row.id, format, language)


def _document_and_checklist(
    db: Database, key: str, year: int, language: str = ENGLISH
) -> tuple[Document, tuple[CheckedItem, ...]]:
    """The report as the data now stands in a language, and its publishing checklist (none
    for a report without one)."""
    if key in WITH_CHECKLIST:
        require_report_year(year)
        report = hkex_report(db, year, language)
        return closing_with_feedback(report.document), report.checklist
    return report_document(db, key, year, language=language), ()


def changes_since_publication(db: Database, version_id: int) -> list[FigureChange]:
    """What the data says now that a version did not (figure, published value, current value)."""
    return _changes(db, service.version(db, version_id))


def version_numbered(db: Database, key: str, year: int, number: int) -> ReportVersionRow:
    """Version `number` of a report of a year, with its files."""
    report_kind(key)
    return service.version_numbered(db, key, year, number)


def changes_in(
    db: Database, key: str, year: int, number: int
) -> tuple[ReportVersionRow, list[FigureChange]]:
    """Version `number` of a report, and what changed in the data since it was published."""
    row = version_numbered(db, key, year, number)
    return row, _changes(db, row)


def _changes(db: Database, row: ReportVersionRow) -> list[FigureChange]:
    refuse_if(
        comparison_problems(VersionState(row.state), row.number),
        f"Version {row.number} of the {service.framework_label(row)} has nothing published "
        "to compare with.",
    )
    return service.changes_since(row, current_figures(db, row.framework, row.year))
