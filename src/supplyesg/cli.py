"""The `supplyesg` command: each command parses its arguments, calls one service and prints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from supplyesg.config import get_settings
from supplyesg.db import migrate
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError

app = typer.Typer(
    help="Supply chain ESG management: supplier programme, ESG data and HKEX reporting.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

console = Console()
errors = Console(stderr=True)


def database() -> Database:
    """The configured database."""
    return Database.from_url(get_settings().database_url)


def fail(error: DomainError) -> typer.Exit:
    """Print a refused request with each of its problems, and the exit to raise."""
    errors.print(f"[bold red]Error:[/] {error.detail}")
    for item in error.problems[:200]:
        errors.print(f"  - {item}", markup=False, highlight=False)
    if len(error.problems) > 200:
        errors.print(f"  ... and {len(error.problems) - 200} more problems")
    return typer.Exit(code=1)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    migrate.upgrade(database())
    console.print("Database schema is up to date.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
) -> None:
    """Serve the web app and the API."""
    import uvicorn

    from supplyesg.web.app import create_app

    settings = get_settings()
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
    )


def main_path(path: str) -> Path:
    """A path given on the command line."""
    return Path(path).expanduser()
