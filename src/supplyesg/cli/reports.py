"""`supplyesg report hkex|supply-chain --year 2025 --format pdf --out FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from supplyesg.cli.console import console, database, errors, fail
from supplyesg.domain.errors import DomainError
from supplyesg.reports.renderers import RENDERERS

report_app = typer.Typer(help="Publish reports (HKEX ESG report, supply chain ESG report).")

FORMATS = ", ".join(RENDERERS)
YearOption = Annotated[int, typer.Option("--year", help="Financial year, e.g. 2025")]
FormatOption = Annotated[str, typer.Option("--format", help=f"One of {FORMATS}")]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="File to write (default: the report's file name, here)"),
]


def _publish(key: str, year: int, format: str, out: Path | None) -> None:
    from supplyesg.reports.publish import report_file

    with console.status(f"Building the {key} report of FY{year} ({format})..."):
        try:
            produced = report_file(database(), key, year, format)
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
def hkex(year: YearOption, format: FormatOption = "pdf", out: OutOption = None) -> None:
    """The ESG report of a financial year under the HKEX ESG Reporting Guide."""
    _publish("hkex", year, format, out)


@report_app.command("supply-chain")
def supply_chain(year: YearOption, format: FormatOption = "pdf", out: OutOption = None) -> None:
    """The supply chain ESG report for stakeholders of a year (manual sections 7 and 8)."""
    _publish("supply-chain", year, format, out)
