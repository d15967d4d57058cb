"""What every command shares: the consoles, the configured database, and how errors print.

Every command module imports this one, so it stays light: the settings and the database
layer are imported when a command first asks for the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

from supplyesg.domain.errors import DomainError

if TYPE_CHECKING:
    from supplyesg.clock import Clock
    from supplyesg.db.session import Database

console = Console()
errors = Console(stderr=True)

MAX_PROBLEMS_SHOWN = 200


def database(*, must_exist: bool = True) -> Database:
    """The configured database.

    A command on a database without the supplyesg schema (or on a SQLite file that is not
    there) stops, exit 1, saying where it looked: it never leaves an empty file behind.
    Only `db upgrade` and `setup` pass `must_exist=False`, to create it.
    """
    from sqlalchemy.exc import DatabaseError

    from supplyesg.config import get_settings
    from supplyesg.database_url import sqlite_file
    from supplyesg.db.session import Database

    url = get_settings().database_url
    file = sqlite_file(url)
    if must_exist and file is not None and not file.is_file():
        raise no_database(url)
    db = Database.from_url(url)
    try:
        if must_exist and not db.has_schema():
            raise no_database(url)
    except DatabaseError as error:
        raise unreachable(url, error) from None
    return db


def no_database(url: str) -> typer.Exit:
    """Say there is no supplyesg database where the settings point; return the exit to raise."""
    from supplyesg.database_url import shown

    errors.print(
        f"Error: no supplyesg database at {shown(url)}: run `supplyesg db upgrade`",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return typer.Exit(code=1)


def unreachable(url: str, error: Exception) -> typer.Exit:
    """Say the database cannot be opened, and why; return the exit to raise."""
    from supplyesg.database_url import shown

    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    errors.print(
        f"Error: the database at {shown(url)} cannot be opened: {reason}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return typer.Exit(code=1)


def database_location() -> str:
    """Where the configured database is, as a person should read it (password masked)."""
    from supplyesg.config import get_settings
    from supplyesg.database_url import shown

    return shown(get_settings().database_url)


def clock() -> Clock:
    """The clock commands read "now" and "today" from."""
    from supplyesg.clock import SYSTEM_CLOCK

    return SYSTEM_CLOCK


def fail(error: DomainError) -> typer.Exit:
    """Print a refused request with each of its problems; return the exit to raise."""
    errors.print(f"[bold red]Error:[/] {error.detail}", highlight=False)
    for item in error.problems[:MAX_PROBLEMS_SHOWN]:
        errors.print(f"  - {item}", markup=False, highlight=False)
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        errors.print(f"  ... and {hidden} more problems")
    return typer.Exit(code=1)
