"""`supplyesg suppliers import FILE`, `export FILE` (.csv or .xlsx) and `relationship CODE`."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supplyesg.cli.console import clock, console, database, errors, fail
from supplyesg.domain.errors import DomainError

if TYPE_CHECKING:
    from supplyesg.services.supplier_files import Progress as ProgressCallback

suppliers_app = typer.Typer(
    help="The supplier registry as CSV or XLSX files (one row per supplier).",
    no_args_is_help=True,
)

STAGES = {
    "reading": "Reading rows",
    "saving": "Saving suppliers",
    "exporting": "Writing suppliers",
}


@suppliers_app.command("import")
def import_suppliers(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A .csv or .xlsx file"),
    ],
) -> None:
    """Create or update suppliers by code, with their links: all rows or, if one is bad, none."""
    from supplyesg.services import supplier_files

    try:
        with progress_bar() as progress:
            summary = supplier_files.import_file(database(), file, file.name, actor(), progress)
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Imported {file.name}: {summary.created:,} created, {summary.updated:,} updated, "
        f"{summary.unchanged:,} unchanged, {summary.status_changes:,} status changes; "
        f"links: {summary.links_added:,} added, {summary.links_removed:,} removed."
    )


@suppliers_app.command("export")
def export_suppliers(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The .csv or .xlsx file to write")],
) -> None:
    """Write every supplier, with its customers and contacts, to a CSV or XLSX file."""
    from supplyesg.services import supplier_files, tabular

    try:
        fmt = tabular.format_of(file.name)
        with progress_bar() as progress:
            written = supplier_files.export_file(database(), file, fmt, progress)
    except DomainError as error:
        raise fail(error) from None
    except OSError as error:
        errors.print(f"[bold red]Error:[/] cannot write {file}: {error.strerror}")
        raise typer.Exit(code=1) from None
    console.print(f"Exported {written:,} suppliers to {file}.")


def _day(option: str, text: str | None) -> date | None:
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.print(f"[bold red]Error:[/] {option} {text!r}: must be a day written YYYY-MM-DD")
        raise typer.Exit(code=1) from None


@suppliers_app.command("relationship")
def relationship(
    code: Annotated[str, typer.Argument(help="The supplier's code")],
    started_on: Annotated[
        str | None, typer.Option("--started-on", help="YYYY-MM-DD; empty text clears it")
    ] = None,
    ended_on: Annotated[
        str | None, typer.Option("--ended-on", help="YYYY-MM-DD; empty text clears it")
    ] = None,
) -> None:
    """Show or set the days a supplier relationship started and ended (they decide B5.1)."""
    from supplyesg.services import suppliers

    changes: dict[str, object] = {}
    if started_on is not None:
        changes["relationship_started_on"] = _day("--started-on", started_on)
    if ended_on is not None:
        changes["relationship_ended_on"] = _day("--ended-on", ended_on)
    try:
        if changes:
            row = suppliers.update_supplier(database(), code, changes, clock())
        else:
            row = suppliers.get_supplier(database(), code)
    except DomainError as error:
        raise fail(error) from None
    started = (
        row.relationship_started_on.isoformat() if row.relationship_started_on else "not known"
    )
    ended = row.relationship_ended_on.isoformat() if row.relationship_ended_on else "lasting"
    console.print(f"{row.code}: relationship started on {started}; ended: {ended}.")


def actor() -> str:
    """Who is importing, as recorded in status histories."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


@contextmanager
def progress_bar() -> Iterator[ProgressCallback]:
    """A Rich progress display, one bar per stage, fed by a service's progress callback."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    tasks: dict[str, TaskID] = {}
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bars:

        def report(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(STAGES.get(stage, stage), total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield report
