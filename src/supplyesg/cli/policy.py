"""Programme policy commands: `policy list|show|create|withdraw`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.cli.users import cli_actor
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem

if TYPE_CHECKING:
    from supplyesg.services.policy_editions import Edition

policy_app = typer.Typer(
    help="Editions of the programme policy: every number the manual fixes.", no_args_is_help=True
)


def today() -> date:
    """The current day, by the commands' clock."""
    return clock().today()


@policy_app.command("list")
def list_editions() -> None:
    """Every edition by start date, with the one in force today and those scheduled."""
    from supplyesg.services import policy_editions

    on = today()
    try:
        db = database()
        editions = policy_editions.list_editions(db)
        current = policy_editions.in_force(db, on).version
    except DomainError as error:
        raise fail(error) from None
    table = Table(title="Policy editions")
    for column in ("Version", "Effective from", "State", "Source", "Why"):
        table.add_column(column)
    for edition in editions:
        table.add_row(
            edition.version,
            edition.policy.effective_from.isoformat(),
            _state(edition, current, on),
            _source(edition),
            edition.note,
        )
    console.print(table)


@policy_app.command()
def show(
    version: Annotated[str | None, typer.Argument(help="The edition (default: in force)")] = None,
    on: Annotated[
        str | None, typer.Option(help="The day whose edition in force is shown, YYYY-MM-DD")
    ] = None,
) -> None:
    """Every setting of an edition, and what changed against the edition before it."""
    from supplyesg.services import policy_editions, policy_files

    try:
        db = database()
        if version is None:
            version = policy_editions.in_force(db, _day(on) if on else today()).version
        detail = policy_editions.edition_detail(db, version, today())
    except DomainError as error:
        raise fail(error) from None
    edition = detail.edition
    table = Table(title=f"Policy edition {edition.version} ({_source(edition)})")
    table.add_column("Setting")
    table.add_column("Value", justify="right")
    for name, value in policy_files.settings_mapping(edition.policy).items():
        table.add_row(name, str(value))
    console.print(table)
    if edition.note:
        console.print(f"Why: {edition.note}", highlight=False)
    if detail.previous is None:
        console.print("The first edition.")
    elif not detail.changes:
        console.print(f"No setting differs from edition {detail.previous.version}.")
    else:
        console.print(f"Changed against edition {detail.previous.version}:")
        for change in detail.changes:
            console.print(f"  {change.name}: {change.before} -> {change.after}", highlight=False)


@policy_app.command()
def create(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A policy file like data/policy/")
    ],
    note: Annotated[str, typer.Option(help="Why the edition is made")] = "",
) -> None:
    """Add an edition from a YAML file; it takes effect today or later, after every other."""
    from supplyesg.services import policy_editions, policy_files

    try:
        settings = policy_files.read_settings(file)
        edition = policy_editions.create_edition(
            database(), {str(k): v for k, v in settings.items()}, note, cli_actor(), today()
        )
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Edition {edition.version} added; it takes effect on "
        f"{edition.policy.effective_from.isoformat()}.",
        highlight=False,
    )


@policy_app.command()
def withdraw(version: Annotated[str, typer.Argument(help="The scheduled edition")]) -> None:
    """Withdraw an added edition that has not taken effect yet."""
    from supplyesg.services import policy_editions

    try:
        policy_editions.withdraw_edition(database(), version, today())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Edition {version} withdrawn.", highlight=False)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            "The day cannot be read.", [Problem("on", "give the day as YYYY-MM-DD", text)]
        ) from None


def _state(edition: Edition, current: str, on: date) -> str:
    if edition.version == current:
        return "in force"
    return "scheduled" if edition.policy.effective_from > on else "replaced"


def _source(edition: Edition) -> str:
    if edition.is_shipped:
        return "shipped"
    created = edition.created_at.date().isoformat() if edition.created_at else "?"
    return f"created by {edition.created_by} on {created}"
