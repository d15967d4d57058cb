"""`supplyesg targets list|add|remove`: climate and environmental targets and their progress."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.targets import Accounting, TargetKind, TargetMetric

if TYPE_CHECKING:
    from supplyesg.services.targets import TargetReport

targets_app = typer.Typer(
    help="Climate and environmental targets, and each year's progress.", no_args_is_help=True
)

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _decimal(option: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    if not _NUMBER.fullmatch(text.strip()):
        raise InvalidInputError(
            "The target cannot be saved.",
            [Problem(option, "must be a decimal number such as 1250.5", text)],
        )
    return Decimal(text.strip())


def _credits(pairs: list[str]) -> dict[int, Decimal]:
    from supplyesg.services.targets import credits_of_form

    found = []
    for pair in pairs:
        year, equals, amount = pair.partition("=")
        if not (year.isdecimal() and len(year) == 4 and equals):
            raise InvalidInputError(
                "The target cannot be saved.",
                [Problem("--credit", "must be YEAR=TONNES such as 2025=120", pair)],
            )
        value = _decimal("--credit", amount)
        assert value is not None
        found.append((int(year), value))
    return credits_of_form(found)


@targets_app.command("list")
def list_(
    year: Annotated[
        int | None,
        typer.Option(
            "--year", min=2000, max=2100, help="Targets in force at this year's end, measured to it"
        ),
    ] = None,
) -> None:
    """The targets in force with their base, goal and each financial year's figure, path value
    and status (achieved, on track, behind, no figure)."""
    from supplyesg.services import targets

    try:
        reports = targets.target_reports(database(), year)
    except DomainError as error:
        raise fail(error) from None
    table = Table("id", "metric", "boundary", "base", "goal", "year", "value", "path", "status")
    for report in reports:
        _rows(table, report)
    console.print(table)
    console.print(f"{len(reports):,} targets.")


def _rows(table: Table, report: TargetReport) -> None:
    target, found = report.stored.target, report.progress
    base = found.base
    base_text = (
        f"FY{target.base_year}: {_n(base.value)}{'' if base.computed else ' (entered)'}"
        if base
        else f"FY{target.base_year}: none"
    )
    goal = f"FY{target.target_year}: {_n(found.goal)}" if found.goal is not None else ""
    name = f"{target.metric} ({target.kind}, {target.accounting}) {report.unit}"
    first = [str(report.stored.id), name, target.entity or "group", base_text, goal]
    if not found.years:
        table.add_row(*first, "", "", "", "")
    for index, year in enumerate(found.years):
        cells = first if index == 0 else [""] * 5
        table.add_row(*cells, f"FY{year.year}", _n(year.value), _n(year.path), str(year.status))


def _n(value: Decimal | None) -> str:
    from supplyesg.domain.intensity import shown

    return "" if value is None else f"{shown(value):,}"


@targets_app.command("add")
def add(
    metric: Annotated[
        TargetMetric,
        typer.Option(
            "--metric",
            help="The computed figure: ghg_total, ghg_scope1, ghg_scope2, energy_total, "
            "water_consumption, hazardous_waste, non_hazardous_waste",
        ),
    ],
    base_year: Annotated[
        int, typer.Option("--base-year", min=2000, max=2100, help="The financial year of the base")
    ],
    target_year: Annotated[
        int, typer.Option("--target-year", min=2000, max=2100, help="The year it is to be met")
    ],
    description: Annotated[str, typer.Option("--description", help="What the target is")],
    owner: Annotated[str, typer.Option("--owner", help="Who answers for it")],
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            help="An intensity target: the normaliser (production_volume, revenue, ...)",
        ),
    ] = None,
    reduction: Annotated[
        str | None, typer.Option("--reduction", help="A cut from the base, in %")
    ] = None,
    target_value: Annotated[
        str | None, typer.Option("--target-value", help="The value the target year is to reach")
    ] = None,
    base_value: Annotated[
        str | None,
        typer.Option("--base-value", help="Only when the base year has no computed figure"),
    ] = None,
    base_source: Annotated[
        str, typer.Option("--base-source", help="Where an entered base value comes from")
    ] = "",
    entity: Annotated[
        str, typer.Option("--entity", help="A reporting entity; the whole group by default")
    ] = "",
    net: Annotated[
        bool, typer.Option("--net", help="Net of carbon credits (emission targets only)")
    ] = False,
    credit: Annotated[
        list[str] | None,
        typer.Option("--credit", help="Credits retired in a year, YEAR=TONNES (repeatable)"),
    ] = None,
    steps: Annotated[str, typer.Option("--steps", help="Steps taken to reach it")] = "",
    adopted_on: Annotated[
        str | None, typer.Option("--adopted-on", help="The day it takes effect; today if none")
    ] = None,
) -> None:
    """Set a target: e.g. `--metric ghg_total --per production_volume --base-year 2023
    --target-year 2030 --reduction 30`. The base is the base year's approved figure, else
    --base-value with --base-source."""
    from supplyesg.domain.targets import Target
    from supplyesg.services import targets

    try:
        target = Target(
            metric=metric,
            base_year=base_year,
            target_year=target_year,
            kind=TargetKind.INTENSITY if per else TargetKind.ABSOLUTE,
            normaliser=per or "",
            entity=entity,
            accounting=Accounting.NET if net else Accounting.GROSS,
            target_value=_decimal("--target-value", target_value),
            reduction_pct=_decimal("--reduction", reduction),
            base_value=_decimal("--base-value", base_value),
            base_source=base_source,
            credits_t_co2e=_credits(credit or []),
            description=description,
            steps=steps,
            owner=owner,
            adopted_on=_day(adopted_on),
        )
        stored = targets.add_target(database(), target, clock())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Target {stored.id} set, adopted on {stored.target.adopted_on}.")


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            "The target cannot be saved.",
            [Problem("--adopted-on", "must be a date such as 2025-03-31", text)],
        ) from None


@targets_app.command("remove")
def remove(
    target_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="The target's id")],
    on: Annotated[
        str | None, typer.Option("--on", help="The day it is withdrawn; today if none")
    ] = None,
) -> None:
    """Withdraw a target from a day: it leaves the list; reports of earlier years keep it."""
    from supplyesg.services import targets

    try:
        day = _day(on)
        stored = targets.withdraw_target(database(), target_id, clock(), day)
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Target {stored.id} withdrawn on {stored.target.withdrawn_on}.")
