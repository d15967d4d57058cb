"""`supplyesg data import FILE`, `supplyesg ghg --year 2025`, `supplyesg quality --year 2025`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import console, database, fail
from supplyesg.cli.esg_requests import requests_app
from supplyesg.cli.instruments import instruments_app
from supplyesg.cli.suppliers import actor, progress_bar
from supplyesg.domain.access import Role
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.four_eyes import Person

if TYPE_CHECKING:
    from supplyesg.domain.ghg.accounting import GhgSummary
    from supplyesg.domain.quality import Issue
    from supplyesg.services.ghg import YearAccount

data_app = typer.Typer(help="Corporate ESG data: values for the HKEX report.", no_args_is_help=True)
data_app.add_typer(requests_app, name="requests")
data_app.add_typer(instruments_app, name="instruments")

STAGES = {"checking": "Checking rows", "saving": "Saving values"}
DEFAULT_GWP = "AR6"
"""The GWPs `ghg` uses unless told: those of services.ghg (a test keeps them the same)."""

YearOption = Annotated[int, typer.Option("--year", help="The financial year, e.g. 2025")]
EntityOption = Annotated[
    str | None, typer.Option("--entity", help="An entity code; the whole group by default")
]


@data_app.command("import")
def import_data(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A .csv or .xlsx file"),
    ],
    submitted_for: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="The e-mail of the account that submits the values; four eyes then keeps that "
            "person from approving them, in the app or through the API",
        ),
    ] = None,
) -> None:
    """Import values from a file: every row, or none if one is bad.

    Columns: entity, metric, period, value, unit; optionally breakdown, source_note, evidence.
    """
    from supplyesg.services.esg_import import import_values

    try:
        maker = _submitter(submitted_for)
        with progress_bar() as bar:

            def progress(stage: str, done: int, total: int | None) -> None:
                bar(STAGES.get(stage, stage), done, total)

            result = import_values(database(), file, file.name, maker, progress)
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Imported {file.name}: {result.rows:,} rows, {result.created:,} created, "
        f"{result.updated:,} updated, {result.unchanged:,} unchanged; all wait for approval."
    )


def _submitter(email: str | None) -> Person:
    """Who submits: the operating-system user, or the account named with --as."""
    from supplyesg.domain.access import Action, Area, Permission, is_allowed, permissions_of
    from supplyesg.services import accounts

    if email is None:
        return Person(actor())
    account = accounts.user_by_email(database(), email)
    submitting = Permission(Area.ESG_DATA, Action.WRITE)
    if not account.is_active or not is_allowed(permissions_of(Role(account.role)), submitting):
        raise InvalidInputError(
            f"{account.email} may not submit ESG data.",
            [Problem("--as", "the account is inactive or its role may not submit ESG data", email)],
        )
    return Person(f"{account.email} (command line)", account.id)


def ghg(
    year: YearOption,
    entity: EntityOption = None,
    gwp: Annotated[
        str, typer.Option(help="IPCC report of the GWPs: AR4, AR5 or AR6")
    ] = DEFAULT_GWP,
    lines: Annotated[bool, typer.Option("--lines", help="Show every calculation line")] = False,
) -> None:
    """Scope 1 and Scope 2 emissions of a year, with energy and intensities."""
    from supplyesg.services.ghg import year_account

    try:
        account = year_account(database(), year, entity, gwp)
    except DomainError as error:
        raise fail(error) from None
    _print_scopes(account)
    if lines:
        _print_lines(account.ghg)
        _print_lines(account.ghg, market=True)
    for gap in (*account.ghg.gaps, *account.energy.gaps):
        console.print(f"[yellow]Not counted:[/] {gap.reason} (at {gap.value})", highlight=False)


def _print_scopes(account: YearAccount) -> None:
    from supplyesg.domain.intensity import shown

    ghg, energy = account.ghg, account.energy
    table = Table(title=f"GHG emissions FY{ghg.year}, {ghg.entity} ({ghg.gwp_edition} GWPs)")
    table.add_column("")
    table.add_column("t CO2e", justify="right")
    for name, value in (
        ("Scope 1 (direct)", ghg.scope1_t_co2e),
        ("Scope 2 (purchased electricity, location-based)", ghg.scope2_t_co2e),
        ("Scope 2 (market-based, beside location-based)", ghg.scope2_market_t_co2e),
        ("Total (Scope 1 and location-based Scope 2)", ghg.total_t_co2e),
    ):
        missing = ghg.scope2_missing and name.startswith(("Scope 2", "Total"))
        table.add_row(name, _number(value) + (" (short: grid factor missing)" if missing else ""))
    for category, value in ghg.by("category").items():
        table.add_row(f"  {category.replace('_', ' ')}", _number(value))
    table.add_row("Energy consumed, MWh", _number(energy.total_mwh))
    for item in account.intensities:
        if item.metric in ("ghg_total", "energy_total"):
            table.add_row(
                f"{item.metric.replace('_', ' ')} per {item.normaliser}",
                f"{shown(item.value)} {item.unit}",
            )
    console.print(table)


def _print_lines(ghg: GhgSummary, market: bool = False) -> None:
    title = "Scope 2 market-based lines" if market else "Calculation lines"
    table = Table(title=f"{title}: activity x factors = t CO2e")
    for column in ("Scope", "Entity", "Metric", "Activity", "Factors", "t CO2e"):
        table.add_column(column, justify="right" if column in ("Activity", "t CO2e") else "left")
    for line in ghg.market_lines if market else ghg.lines:
        factors = " x ".join(f"{f.value} {f.unit} ({f.factor_id})" for f in line.factors)
        if line.note:
            factors += f" [{line.note}]"
        table.add_row(
            str(int(line.scope)),
            line.entity,
            f"{line.metric} [{line.gas}]",
            f"{_number(line.activity)} {line.activity_unit}",
            factors,
            _number(line.t_co2e),
        )
    console.print(table)


def quality(
    year: YearOption,
    entity: EntityOption = None,
    strict: Annotated[bool, typer.Option(help="Exit with status 1 when errors remain")] = False,
) -> None:
    """The list of data problems to fix (errors) or to fix or explain (warnings)."""
    from supplyesg.domain.quality import Severity
    from supplyesg.services import quality as quality_service

    try:
        issues = quality_service.quality_issues(database(), year, entity)
    except DomainError as error:
        raise fail(error) from None
    errors = sum(1 for issue in issues if issue.severity is Severity.ERROR)
    if issues:
        console.print(_issue_table(year, issues))
    console.print(f"FY{year}: {errors} errors, {len(issues) - errors} warnings.")
    if strict and errors:
        raise typer.Exit(code=1)


def _issue_table(year: int, issues: tuple[Issue, ...]) -> Table:
    from supplyesg.domain.quality import Severity

    table = Table(title=f"Data quality FY{year}")
    for column in ("", "Kind", "Where", "What"):
        table.add_column(column)
    for issue in issues:
        mark = "[red]error[/]" if issue.severity is Severity.ERROR else "[yellow]warning[/]"
        where = " ".join(p for p in (issue.kpi, issue.entity, issue.breakdown, issue.period) if p)
        table.add_row(mark, str(issue.kind).replace("_", " "), where, issue.message)
    return table


def _number(value: Decimal) -> str:
    return f"{value:,.2f}"
