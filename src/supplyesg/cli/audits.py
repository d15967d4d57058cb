"""`supplyesg audits import FILE` and `supplyesg audits export FILE` (.csv or .xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from supplyesg.cli.console import clock, console, database, errors, fail
from supplyesg.cli.programme import actor
from supplyesg.domain.errors import DomainError

audits_app = typer.Typer(
    help="ESG audits and their findings as CSV or XLSX files (one row per finding).",
    no_args_is_help=True,
)


@audits_app.command("import")
def import_audits(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A .csv or .xlsx file"),
    ],
) -> None:
    """Record the audits of a file and score them: all rows or, if one is bad, none."""
    from supplyesg.services import audit_files

    try:
        with console.status(f"Importing {file.name}..."):
            result = audit_files.import_audits(database(), file, file.name, actor(), clock())
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Imported {file.name}: {result.audits:,} audits ({result.completed:,} completed), "
        f"{result.findings:,} findings."
    )


@audits_app.command("export")
def export_audits(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The .csv or .xlsx file to write")],
) -> None:
    """Write every audit, one row per finding, with its stored score, risk and outcome."""
    from supplyesg.services import audit_files, tabular

    try:
        fmt = tabular.format_of(file.name)
        with console.status(f"Writing {file.name}..."):
            written = audit_files.export_audits(database(), file, fmt)
    except DomainError as error:
        raise fail(error) from None
    except OSError as error:
        errors.print(f"[bold red]Error:[/] cannot write {file}: {error.strerror}")
        raise typer.Exit(code=1) from None
    console.print(f"Exported {written:,} audits to {file}.")
