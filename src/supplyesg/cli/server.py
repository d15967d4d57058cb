"""`supplyesg serve` and `supplyesg db upgrade`."""

from __future__ import annotations

from typing import Annotated

import typer

from supplyesg.cli.console import console, database

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    from supplyesg.db import migrate

    migrate.upgrade(database())
    console.print("Database schema is up to date.")


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
) -> None:
    """Serve the web app and the API."""
    import uvicorn

    from supplyesg.config import get_settings
    from supplyesg.web.app import create_app

    settings = get_settings()
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
    )
