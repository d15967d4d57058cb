"""The report workspace from the command line: `report sections hkex --year 2025`,
`report write hkex --year 2025 energy --file energy.md`, `report confirm hkex --year 2025
energy`, `report open-year hkex --year 2026`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.cli.programme import actor
from supplyesg.cli.reports import AsOption, ReportArgument, YearOption
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.four_eyes import Person

if TYPE_CHECKING:
    from supplyesg.db.models import ReportTextRow

SectionArgument = Annotated[str, typer.Argument(help="The section's key, e.g. energy")]
LanguageOption = Annotated[str, typer.Option("--lang", "--language", help="en or zh-Hant")]
STATES = {"draft": "draft", "carried_over": "carried over: review", "confirmed": "confirmed"}


def _writer(email: str | None) -> Person:
    """Who writes: the operating-system user, or the account named with --as."""
    from supplyesg.domain.access import Action, Area, Permission, Role, is_allowed, permissions_of
    from supplyesg.services import accounts

    if email is None:
        return Person(actor())
    account = accounts.user_by_email(database(), email)
    granted = permissions_of(Role(account.role))
    if not account.is_active or not is_allowed(granted, Permission(Area.REPORTS, Action.WRITE)):
        raise InvalidInputError(
            f"{account.email} may not write the report's text.",
            [Problem("--as", "the account is inactive or its role may not write reports", email)],
        )
    return Person(f"{account.email} (command line)", account.id)


def _hkex_only(report: str) -> None:
    if report != "hkex":
        raise InvalidInputError(
            f"The {report} report takes no company text.",
            [Problem("report", "only hkex has a workspace", report)],
        )


def _shown(row: ReportTextRow) -> None:
    line = f"{row.key} ({row.language}): {STATES[row.state]}, by {row.author}, {row.updated_on}"
    if row.confirmed_by:
        line += f"; confirmed by {row.confirmed_by}, {row.confirmed_on}"
    console.print(line, markup=False, highlight=False)


def sections(report: ReportArgument, year: YearOption, language: LanguageOption = "en") -> None:
    """The report's sections with the state and author of their text."""
    from supplyesg.reports.hkex import workspace

    try:
        _hkex_only(report)
        found = workspace.sections(database(), year, language)
    except DomainError as error:
        raise fail(error) from error
    for section in found:
        row = section.row
        state = f"{STATES[row.state]}, by {row.author}, {row.updated_on}" if row else "no text"
        console.print(f"{section.heading} [{section.key}]: {state}", markup=False, highlight=False)


def write(
    report: ReportArgument,
    year: YearOption,
    section: SectionArgument,
    file: Annotated[Path, typer.Option("--file", help="The text, Markdown paragraphs")],
    language: LanguageOption = "en",
    as_: AsOption = None,
) -> None:
    """Write a section's text from a file: a draft, to be confirmed by someone else."""
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.domain.report_workspace import TextKind
    from supplyesg.reports.hkex import workspace

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "is not UTF-8 text"
        raise fail(
            InvalidInputError(f"Cannot read {file}.", [Problem("--file", reason, str(file))])
        ) from error
    try:
        _hkex_only(report)
        who = _writer(as_)
        db = database()
        workspace.section_text(db, year, section, language)
        with acting_as(who.label):
            where = workspace.address(year, TextKind.SECTION, section, language)
            row = workspace.write(db, where, text, who, clock())
    except DomainError as error:
        raise fail(error) from error
    _shown(row)


def confirm(
    report: ReportArgument,
    year: YearOption,
    section: SectionArgument,
    language: LanguageOption = "en",
    as_: AsOption = None,
) -> None:
    """Confirm a section's text as true for the year (not by whoever wrote it)."""
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.domain.report_workspace import TextKind
    from supplyesg.reports.hkex import workspace

    try:
        _hkex_only(report)
        who = _writer(as_)
        db = database()
        workspace.section_text(db, year, section, language)
        with acting_as(who.label):
            where = workspace.address(year, TextKind.SECTION, section, language)
            row = workspace.confirm(db, where, who, clock())
    except DomainError as error:
        raise fail(error) from error
    _shown(row)


def open_year(report: ReportArgument, year: YearOption, as_: AsOption = None) -> None:
    """Start a year from last year's text, each text carried over for review."""
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.reports.hkex import workspace

    try:
        _hkex_only(report)
        who = _writer(as_)
        with acting_as(who.label):
            copied = workspace.open_year(database(), year, who, clock())
    except DomainError as error:
        raise fail(error) from error
    texts = "text" if len(copied) == 1 else "texts"
    console.print(f"Carried {len(copied)} {texts} over from FY{year - 1} into FY{year}.")
    for row in copied:
        console.print(f"  {row.kind} {row.key} ({row.language})", markup=False, highlight=False)
