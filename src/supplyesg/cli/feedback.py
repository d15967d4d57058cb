"""`supplyesg feedback list|export`: readers' answers to the reports' feedback form."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import console, database, errors, fail
from supplyesg.domain.errors import DomainError

if TYPE_CHECKING:
    from supplyesg.db.repositories.feedback import FeedbackFilter

feedback_app = typer.Typer(help="Readers' feedback on the reports.", no_args_is_help=True)

ReportOption = Annotated[
    str | None, typer.Option("--report", help="Only answers about this report: hkex, supply-chain")
]
YearOption = Annotated[
    int | None, typer.Option("--year", min=2000, max=2100, help="Only answers about this year")
]


def _filter(report: str | None, year: int | None) -> FeedbackFilter:
    from supplyesg.db.repositories.feedback import FeedbackFilter
    from supplyesg.reports.publish import report_kind

    if report is not None:
        report_kind(report)
    return FeedbackFilter(report, year)


@feedback_app.command("list")
def list_(
    report: ReportOption = None,
    year: YearOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="Most answers shown")] = 50,
) -> None:
    """The latest answers, newest first: day, report, year, the three ratings (1 very low to
    5 very high), the reader's group, comments and contact."""
    from supplyesg.services import feedback

    try:
        page = feedback.list_feedback(database(), _filter(report, year), None, limit)
    except DomainError as error:
        raise fail(error) from None
    table = Table("id", "answered", "report", "year", "clarity", "complete", "useful", "group")
    table.add_column("comments", overflow="fold")
    table.add_column("contact")
    for row in page.items:
        table.add_row(
            str(row.id),
            row.answered_on.isoformat(),
            row.report,
            str(row.year),
            str(row.clarity),
            str(row.completeness),
            str(row.usefulness),
            row.reader_group,
            row.comments,
            row.contact,
        )
    console.print(table)
    console.print(f"{len(page.items):,} of {page.matching:,} answers shown.")


@feedback_app.command("export")
def export(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The .csv or .xlsx file to write")],
    report: ReportOption = None,
    year: YearOption = None,
) -> None:
    """Write the answers, oldest first, to a CSV or XLSX file (cells that a spreadsheet would
    run as formulas start with an apostrophe)."""
    from supplyesg.services import feedback, tabular

    try:
        fmt = tabular.format_of(file.name)
        written = feedback.export_feedback(database(), _filter(report, year), file, fmt)
    except DomainError as error:
        raise fail(error) from None
    except OSError as error:
        errors.print(f"[bold red]Error:[/] cannot write {file}: {error.strerror}")
        raise typer.Exit(code=1) from None
    console.print(f"Exported {written:,} answers to {file}.")
