"""What every command shares: the consoles, the configured database, and how errors print."""

from __future__ import annotations

import typer
from rich.console import Console

from supplyesg.config import get_settings
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError

console = Console()
errors = Console(stderr=True)

MAX_PROBLEMS_SHOWN = 200


def database() -> Database:
    """The configured database."""
    return Database.from_url(get_settings().database_url)


def fail(error: DomainError) -> typer.Exit:
    """Print a refused request with each of its problems; return the exit to raise."""
    errors.print(f"[bold red]Error:[/] {error.detail}", highlight=False)
    for item in error.problems[:MAX_PROBLEMS_SHOWN]:
        errors.print(f"  - {item}", markup=False, highlight=False)
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        errors.print(f"  ... and {hidden} more problems")
    return typer.Exit(code=1)
