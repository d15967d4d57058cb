"""Supplier programme commands: `rate`, `plans enforce`, `conduct import|export|list`."""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli import console as cli_console
from supplyesg.cli.console import console, database, errors, fail
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.periods import Quarter

if TYPE_CHECKING:
    from supplyesg.db.session import Database
    from supplyesg.domain.policy import Policy
    from supplyesg.services.rating import RatingRun, Termination

plans_app = typer.Typer(help="Improvement plans and their deadlines.", no_args_is_help=True)
conduct_app = typer.Typer(help="The supplier code of conduct.", no_args_is_help=True)

STATE_LABELS = {
    "rated": "Rated",
    "not_rated": "Not rated (never audited)",
    "audit_overdue": "Audit overdue",
    "terminated": "Terminated",
}


def actor() -> str:
    """Who is acting, as recorded in histories."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def rate(
    quarter: Annotated[str, typer.Option(help="The quarter to rate, e.g. 2026Q2")],
    policy: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="A policy YAML file (default: in force)"),
    ] = None,
    enforce: Annotated[
        bool,
        typer.Option(help="First terminate orders of missed high-risk plans, as of quarter end"),
    ] = True,
) -> None:
    """Rate every supplier in audit scope for a quarter (1 / 0 / -1, or why not rated)."""
    from supplyesg.services import policy_files, rating

    try:
        period = Quarter.parse(quarter)
        edition = policy_files.read_policy(policy) if policy else None
        db = database()
        terminated: list[Termination] = []
        with console.status(f"Rating {period}..."):
            if enforce:
                terminated = _enforce(db, period, edition)
            run = rating.rate_quarter(db, period, edition, cli_console.clock())
    except DomainError as error:
        raise fail(error) from None
    _print_terminations(terminated)
    console.print(_run_table(run))
    console.print(
        f"{run.rated:,} suppliers rated for {run.quarter} with policy {run.policy_version}: "
        f"{run.inserted:,} new, {run.updated:,} changed, {run.unchanged:,} unchanged, "
        f"{run.removed:,} removed."
    )


def _enforce(db: Database, period: Quarter, edition: Policy | None) -> list[Termination]:
    from supplyesg.services import rating

    clock = cli_console.clock()
    as_of = min(period.last_day, clock.today())
    return rating.enforce_plan_deadlines(db, as_of, actor(), edition, clock=clock)


def _run_table(run: RatingRun) -> Table:
    table = Table(title=f"ESG ratings {run.quarter}")
    table.add_column("Result")
    table.add_column("Suppliers", justify="right")
    for score in (1, 0, -1):
        table.add_row(
            f"Score {score:+d}" if score else "Score 0", f"{run.by_score.get(score, 0):,}"
        )
    for state, label in STATE_LABELS.items():
        if state != "rated":
            table.add_row(label, f"{run.by_state.get(state, 0):,}")
    return table


def _print_terminations(terminated: list[Termination]) -> None:
    for done in terminated:
        console.print(f"[bold red]Terminated[/] {done.supplier_code}: {done.reason}")


@plans_app.command("enforce")
def enforce_deadlines(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to enforce as of, YYYY-MM-DD")
    ] = None,
) -> None:
    """Terminate the orders of suppliers whose high-risk plan deadline has passed."""
    from supplyesg.services import rating

    try:
        clock = cli_console.clock()
        day = _day(as_of) if as_of else clock.today()
        terminated = rating.enforce_plan_deadlines(database(), day, actor(), clock=clock)
    except DomainError as error:
        raise fail(error) from None
    _print_terminations(terminated)
    console.print(f"{len(terminated):,} suppliers terminated as of {day}.")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            "Not a day.", [Problem("--as-of", "must be a date like 2026-06-30", text)]
        ) from None


@conduct_app.command("import")
def import_code(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A .yaml, .csv or .xlsx"),
    ],
) -> None:
    """Store a new version of the code of conduct from a file."""
    from supplyesg.services import conduct

    try:
        row = conduct.import_code_file(database(), file, file.name)
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Stored code of conduct {row.version} ({row.title}): "
        f"{len(row.requirements)} requirements, effective from {row.effective_from}."
    )


@conduct_app.command("export")
def export_code(
    version: Annotated[str, typer.Argument(help="The version to export")],
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The .csv or .xlsx file to write")],
) -> None:
    """Write one version of the code of conduct to a sheet that imports back."""
    from supplyesg.services import conduct, conduct_files, tabular

    try:
        fmt = tabular.format_of(file.name)
        code = conduct.get_code(database(), version)
        conduct_files.write_code(code, file, fmt)
    except DomainError as error:
        raise fail(error) from None
    except OSError as error:
        errors.print(f"[bold red]Error:[/] cannot write {file}: {error.strerror}")
        raise typer.Exit(code=1) from None
    console.print(f"Exported code of conduct {version} ({len(code.requirements)} requirements).")


@conduct_app.command("list")
def list_codes() -> None:
    """Every version of the code of conduct, latest effective first."""
    from supplyesg.services import conduct

    table = Table(title="Codes of conduct")
    for column in ("Version", "Title", "Effective from", "Requirements"):
        table.add_column(column)
    for row in conduct.list_codes(database()):
        table.add_row(row.version, row.title, str(row.effective_from), str(len(row.requirements)))
    console.print(table)


@conduct_app.command("install-default")
def install_default() -> None:
    """Store the shipped code of conduct (data/conduct/default-2026.yaml) if it is missing."""
    from supplyesg.services import conduct

    try:
        row = conduct.install_default_code(database())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Code of conduct {row.version} is installed.")
