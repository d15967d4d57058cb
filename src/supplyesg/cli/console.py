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


def database() -> Database:
    """The configured database."""
    from supplyesg.config import get_settings
    from supplyesg.db.session import Database

    return Database.from_url(get_settings().database_url)


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
