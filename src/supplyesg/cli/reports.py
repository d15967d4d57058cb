"""`supplyesg report hkex|supply-chain --year 2025 --format pdf --out FILE`, and the review,
sign-off and publication of a report: `report review|approve|reject|publish hkex --year 2025`,
`report versions hkex --year 2025`, `report download VERSION --format pdf`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supplyesg.cli.console import clock, console, database, errors, fail
from supplyesg.cli.programme import actor
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.four_eyes import Person
from supplyesg.reports.renderers import RENDERERS

if TYPE_CHECKING:
    from supplyesg.db.models import ReportVersionRow

report_app = typer.Typer(help="Publish reports (HKEX ESG report, supply chain ESG report).")

FORMATS = ", ".join(RENDERERS)
YearOption = Annotated[int, typer.Option("--year", help="Financial year, e.g. 2025")]
FormatOption = Annotated[str, typer.Option("--format", help=f"One of {FORMATS}")]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="File to write (default: the report's file name, here)"),
]


LangOption = Annotated[
    str, typer.Option("--lang", help="Language of the report: en or zh-Hant (Traditional Chinese)")
]


def _publish(key: str, year: int, format: str, out: Path | None, language: str = "en") -> None:
    from supplyesg.reports.publish import report_file

    with console.status(f"Building the {key} report of FY{year} ({format}, {language})..."):
        try:
            produced = report_file(database(), key, year, format, language=language)
        except DomainError as error:
            raise fail(error) from error
    target = out or Path(produced.filename)
    try:
        target.write_bytes(produced.content)
    except OSError as error:
        errors.print(f"[bold red]Error:[/] cannot write {target}: {error.strerror}")
        raise typer.Exit(code=1) from error
    console.print(f"Wrote {target} ({len(produced.content):,} bytes).")


@report_app.command("hkex")
def hkex(
    year: YearOption, format: FormatOption = "pdf", out: OutOption = None, lang: LangOption = "en"
) -> None:
    """The ESG report of a financial year under the HKEX ESG Reporting Guide, in English or
    Traditional Chinese (--lang zh-Hant: the company's zh-Hant texts of the report workspace)."""
    _publish("hkex", year, format, out, lang)


@report_app.command("supply-chain")
def supply_chain(
    year: YearOption, format: FormatOption = "pdf", out: OutOption = None, lang: LangOption = "en"
) -> None:
    """The supply chain ESG report for stakeholders of a year (manual sections 7 and 8; written
    in English only)."""
    _publish("supply-chain", year, format, out, lang)


# -- review, sign-off, publication ------------------------------------------------------------

ReportArgument = Annotated[str, typer.Argument(help="Which report: hkex or supply-chain")]
AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Act as this account (its role must allow the step)"),
]


def _person(email: str | None, step: str) -> Person:
    """Who takes a step: the operating-system user, or the account named with --as."""
    from supplyesg.domain.access import Role, permissions_of
    from supplyesg.domain.report_versions import Step, may_take
    from supplyesg.services import accounts

    if email is None:
        return Person(actor())
    account = accounts.user_by_email(database(), email)
    if not account.is_active or not may_take(Step(step), permissions_of(Role(account.role))):
        raise InvalidInputError(
            f"{account.email} may not {step} a report.",
            [Problem("--as", f"the account is inactive or its role may not {step}", email)],
        )
    return Person(f"{account.email} (command line)", account.id)


def _shown(version: ReportVersionRow) -> None:
    console.print(
        f"{version.framework} FY{version.year} version {version.number} (id {version.id}): "
        f"{version.state.replace('_', ' ')}"
    )


@report_app.command("review")
def review(report: ReportArgument, year: YearOption, as_: AsOption = None) -> None:
    """Submit a report, as the data now stands, for review and sign-off."""
    from supplyesg.reports import versions

    try:
        with console.status(f"Building the {report} report of FY{year}..."):
            row = versions.submit_for_review(
                database(), report, year, _person(as_, "submit"), clock()
            )
    except DomainError as error:
        raise fail(error) from error
    _shown(row)


@report_app.command("approve")
def approve(report: ReportArgument, year: YearOption, as_: AsOption = None) -> None:
    """Sign off the version in review (not by the person who submitted it)."""
    from supplyesg.services import report_versions

    try:
        row = report_versions.approve(database(), report, year, _person(as_, "approve"), clock())
    except DomainError as error:
        raise fail(error) from error
    _shown(row)


@report_app.command("reject")
def reject(
    report: ReportArgument,
    year: YearOption,
    reason: Annotated[str, typer.Option("--reason", help="Why it goes back to draft")],
    as_: AsOption = None,
) -> None:
    """Send the version in review (or approved) back to draft, saying why."""
    from supplyesg.services import report_versions

    try:
        who = _person(as_, "reject")
        row = report_versions.reject(database(), report, year, reason, who, clock())
    except DomainError as error:
        raise fail(error) from error
    _shown(row)


@report_app.command("publish")
def publish(
    report: ReportArgument,
    year: YearOption,
    as_: AsOption = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            help="Publish in this language too (zh-Hant); English is always published. "
            "Repeat for more.",
        ),
    ] = None,
) -> None:
    """Publish the approved version: every format in English and each --lang asked for,
    frozen with its SHA-256 (refused while that language's checklist has open items)."""
    from supplyesg.reports import versions

    try:
        who = _person(as_, "publish")
        with console.status(f"Rendering every format of the {report} report of FY{year}..."):
            row = versions.publish(database(), report, year, who, clock(), lang or ())
    except DomainError as error:
        raise fail(error) from error
    _shown(row)
    for file in row.files:
        console.print(f"  {file.filename}  {file.size_bytes:,} bytes  sha256 {file.sha256}")


@report_app.command("versions")
def list_versions(report: ReportArgument, year: YearOption) -> None:
    """The versions of a report of a year, newest first, with who took each step."""
    from supplyesg.services import report_versions

    rows = report_versions.versions_of(database(), report, year)
    if not rows:
        console.print(f"The {report} report of FY{year} has no version yet.")
        return
    for row in rows:
        _shown(row)
        for label, who, day in (
            ("submitted", row.submitted_by, row.submitted_on),
            ("approved", row.approved_by, row.approved_on),
            ("sent back", row.rejected_by, row.rejected_on),
            ("published", row.published_by, row.published_on),
        ):
            if who is not None:
                console.print(f"  {label} by {who}, {day}", markup=False, highlight=False)
        if row.reason:
            console.print(f"  reason: {row.reason}", markup=False, highlight=False)
        for file in row.files:
            console.print(
                f"  {file.filename}  {file.size_bytes:,} bytes  sha256 {file.sha256}",
                markup=False,
                highlight=False,
            )


@report_app.command("download")
def download(
    version: Annotated[int, typer.Argument(help="The version's id (see `report versions`)")],
    format: FormatOption = "pdf",
    language: Annotated[
        str, typer.Option("--lang", "--language", help="Language of the file: en or zh-Hant")
    ] = "en",
    out: OutOption = None,
) -> None:
    """A file of a published version, checked against its SHA-256."""
    from supplyesg.services import report_versions

    try:
        stored = report_versions.download(database(), version, format, language)
    except DomainError as error:
        raise fail(error) from error
    target = out or Path(stored.filename)
    try:
        target.write_bytes(stored.content)
    except OSError as error:
        errors.print(f"[bold red]Error:[/] cannot write {target}: {error.strerror}")
        raise typer.Exit(code=1) from error
    console.print(f"Wrote {target} ({len(stored.content):,} bytes, sha256 {stored.sha256}).")
