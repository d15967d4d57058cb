"""`supplyesg data instruments list|add|withdraw`: contractual instruments for electricity
(green electricity certificates, PPAs, supplier-specific rates) for market-based Scope 2."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.cli.suppliers import actor
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.ghg.market import ContractualInstrument, InstrumentType

instruments_app = typer.Typer(
    help="Contractual instruments for electricity: market-based Scope 2.", no_args_is_help=True
)


@instruments_app.command("list")
def list_instruments(
    year: Annotated[
        int | None, typer.Option("--year", help="Only those that count in this financial year")
    ] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Of one entity only")] = None,
) -> None:
    """The instruments in force, oldest first."""
    from supplyesg.services.contractual_instruments import instruments

    try:
        found = instruments(database(), year, entity)
    except DomainError as error:
        raise fail(error) from None
    table = Table(title="Contractual instruments")
    for column in ("Id", "Entity", "Type", "kWh", "Period", "kg CO2e/kWh", "Evidence"):
        table.add_column(column, justify="right" if column in ("kWh", "kg CO2e/kWh") else "left")
    for item in found:
        table.add_row(
            str(item.id),
            item.entity,
            str(item.instrument),
            f"{item.kwh:,}",
            f"{item.starts_on} to {item.ends_on}",
            str(item.kg_co2e_per_kwh),
            item.evidence,
        )
    console.print(table)


@instruments_app.command("add")
def add_instrument(
    entity: Annotated[str, typer.Option("--entity", help="The entity that consumed the power")],
    kind: Annotated[
        InstrumentType, typer.Option("--type", help="certificate, ppa or supplier_specific")
    ],
    kwh: Annotated[str, typer.Option("--kwh", help="Electricity covered, kWh")],
    starts_on: Annotated[str, typer.Option("--from", help="First day covered, YYYY-MM-DD")],
    ends_on: Annotated[str, typer.Option("--to", help="Last day covered, YYYY-MM-DD")],
    evidence: Annotated[
        str, typer.Option("--evidence", help="Certificate numbers, contract or statement")
    ],
    factor: Annotated[
        str | None,
        typer.Option(
            "--factor",
            help="kg CO2e per kWh; 0 when left out for certificates and PPAs, required for "
            "supplier_specific",
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Anything a reviewer should know")] = "",
) -> None:
    """Record an instrument; its period must lie within one financial year."""
    from supplyesg.services.contractual_instruments import record_instrument

    try:
        rate = _decimal("--factor", factor) if factor is not None else None
        if rate is None:
            rate = Decimal(0) if kind.is_renewable_by_default else Decimal("NaN")
        instrument = ContractualInstrument(
            0,
            entity,
            kind,
            _decimal("--kwh", kwh),
            _day("--from", starts_on),
            _day("--to", ends_on),
            rate,
            evidence,
            note,
        )
        found = record_instrument(database(), instrument, actor(), clock())
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Recorded instrument {found.id}: {found.kwh:,} kWh for {found.entity}, "
        f"{found.starts_on} to {found.ends_on}, {found.kg_co2e_per_kwh} kg CO2e/kWh."
    )


@instruments_app.command("withdraw")
def withdraw(
    instrument_id: Annotated[int, typer.Argument(help="The instrument's id (see list)")],
) -> None:
    """Withdraw an instrument recorded by mistake; the record stays, marked withdrawn."""
    from supplyesg.services.contractual_instruments import withdraw_instrument

    try:
        withdraw_instrument(database(), instrument_id, actor(), clock())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Withdrew instrument {instrument_id}.")


def _decimal(option: str, text: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInputError(
            "The contractual instrument cannot be recorded.",
            [Problem(option, "must be a number", text)],
        ) from None


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            "The contractual instrument cannot be recorded.",
            [Problem(option, "must be a day, YYYY-MM-DD", text)],
        ) from None
