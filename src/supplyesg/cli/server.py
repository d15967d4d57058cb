"""`supplyesg serve` and `supplyesg db upgrade`."""

from __future__ import annotations

from typing import Annotated

import typer

from supplyesg.cli.console import clock, console, database, database_location

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database (made if it does not exist)."""
    from sqlalchemy.exc import DatabaseError

    from supplyesg.cli.console import unreachable
    from supplyesg.config import get_settings
    from supplyesg.db import migrate

    try:
        migrate.upgrade(database(must_exist=False))
    except DatabaseError as error:
        raise unreachable(get_settings().database_url, error) from None
    console.print(f"Database schema is up to date ({database_location()}).", highlight=False)


def setup() -> None:
    """Prepare the installation to serve (what `make run` does first; safe to run again).

    Migrate the database, load the demo data on first start in demo mode, store the shipped
    code of conduct, and say how to create the first administrator while there is none.
    """
    from supplyesg.cli import demo
    from supplyesg.config import get_settings
    from supplyesg.services import installation

    db_upgrade()
    if get_settings().demo:
        demo.demo(if_empty=True)
    else:
        console.print("Demo mode is off (SUPPLYESG_DEMO=false): no demo data is loaded.")
    found = installation.prepare(database(), clock().today())
    console.print(
        f"Code of conduct {found.code_version} is installed; "
        f"programme policy edition {found.policy_version} is in force."
    )
    if found.administrators == 0:
        console.print("No administrator yet. Create the first one (it asks for a password):")
        console.print(f"  {installation.FIRST_ADMIN_COMMAND}", markup=False, highlight=False)


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Web worker processes; above 1, gunicorn runs them as uvicorn workers",
        ),
    ] = 1,
) -> None:
    """Serve the web app and the API."""
    from supplyesg.config import get_settings

    settings = get_settings()
    database()  # stop before serving when there is no supplyesg database
    bind_host, bind_port = host or settings.host, port or settings.port
    console.print(
        f"supplyesg serving http://{bind_host}:{bind_port} with the database at "
        f"{database_location()}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if workers > 1:
        _serve_workers(bind_host, bind_port, workers)
        return
    import uvicorn

    from supplyesg.web.app import create_app

    uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="info")


def _serve_workers(host: str, port: int, workers: int) -> None:
    """Gunicorn's master over `workers` uvicorn worker processes. Each worker builds its own
    application and database engine after the fork: nothing is shared but the database."""
    from gunicorn.app.base import BaseApplication

    class Workers(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "uvicorn_worker.UvicornWorker")
            self.cfg.set("accesslog", "-")
            self.cfg.set("proc_name", "supplyesg")
            self.cfg.set("control_socket_disable", True)

        def load(self) -> object:
            from supplyesg.config import get_settings
            from supplyesg.web.app import create_app

            return create_app(get_settings())

    Workers().run()
