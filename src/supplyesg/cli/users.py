"""`supplyesg users ...`: make the first administrator, list accounts, set a password, issue
and revoke API tokens from the command line.
"""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from supplyesg.cli.console import console, database, fail
from supplyesg.domain.access import Role
from supplyesg.domain.errors import DomainError

if TYPE_CHECKING:
    from supplyesg.db.session import Database

users_app = typer.Typer(help="Accounts and API tokens.", no_args_is_help=True)

ROLES = ", ".join(str(role) for role in Role)


def cli_actor() -> str:
    """Who acts from the command line, as the audit trail names them."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def ask_password() -> str:
    """A new password, typed twice without echo."""
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("create")
def create(
    email: Annotated[str, typer.Argument(help="The e-mail address the person logs in with")],
    name: Annotated[str, typer.Option("--name", help="The person's name")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {ROLES}")] = "admin",
    supplier: Annotated[
        str | None, typer.Option("--supplier", help="Supplier code, for a supplier user")
    ] = None,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="Let them set it through a password link")
    ] = False,
) -> None:
    """Open an account (by default an administrator: how the first one is made)."""
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.services import accounts
    from supplyesg.services.accounts import NewUser

    if role not in Role.__members__.values():
        console.print(f"[bold red]Error:[/] the role must be one of: {ROLES}.")
        raise typer.Exit(code=2)
    password = None if no_password else ask_password()
    try:
        with acting_as(cli_actor()):
            row = accounts.create_user(
                database(), NewUser(email, name, Role(role), supplier, password)
            )
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Account {row.email} ({row.role}) created.")


@users_app.command("list")
def list_accounts() -> None:
    """Every account, with its role and whether it may log in."""
    from supplyesg.services import accounts

    db = database()
    rows = accounts.list_users(db)
    codes = accounts.supplier_codes(db, rows)
    table = Table("E-mail", "Name", "Role", "Supplier", "Active")
    for row in rows:
        supplier = codes.get(row.supplier_id, "") if row.supplier_id else ""
        table.add_row(
            row.email, row.display_name, row.role, supplier, "yes" if row.is_active else "no"
        )
    console.print(table)


@users_app.command("set-password")
def set_password(
    email: Annotated[str, typer.Argument(help="The account's e-mail address")],
) -> None:
    """Give an account a new password (it is logged out everywhere, and unlocked)."""
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.services import accounts

    db = database()
    try:
        user_id = _user_id(db, email)
        with acting_as(cli_actor()):
            accounts.set_password(db, user_id, ask_password())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Password of {email} changed.")


@users_app.command("token")
def issue_token(
    email: Annotated[str, typer.Argument(help="The account the token acts for")],
    name: Annotated[str, typer.Option("--name", help="What the token is for")],
    scopes: Annotated[
        list[str] | None,
        typer.Option("--scope", help="A permission such as suppliers:read (repeat); none: all"),
    ] = None,
) -> None:
    """Issue an API token; it is printed this once and cannot be shown again."""
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.services import accounts

    db = database()
    try:
        with acting_as(cli_actor()):
            issued = accounts.issue_token(db, _user_id(db, email), name, scopes, cli_actor())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Token {issued.row.id} for {email}; keep it now, it is not shown again:")
    console.print(issued.secret, markup=False, highlight=False, soft_wrap=True)


@users_app.command("revoke-token")
def revoke_token(token_id: Annotated[int, typer.Argument(help="The token's number")]) -> None:
    """Revoke an API token: it stops working at once."""
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.services import accounts

    try:
        with acting_as(cli_actor()):
            row = accounts.revoke_token(database(), token_id)
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Token {row.id} ({row.name}) revoked.")


def _user_id(db: Database, email: str) -> int:
    from supplyesg.services import accounts

    return accounts.user_by_email(db, email).id


def act_from_the_command_line(app: typer.Typer, *, except_for: tuple[str, ...] = ()) -> None:
    """Record whatever a command of `app` changes as done from the command line, while it runs.

    Each command is wrapped, rather than the whole program given a callback, so that the audit
    trail (and the database layer with it) is imported only when a command runs, not for
    `--help`. `except_for` names commands to leave alone, such as `serve`: there each request
    acts for whoever sent it.
    """
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        if info.callback is not None and name not in except_for:
            info.callback = _as_command_line_user(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            act_from_the_command_line(group.typer_instance)


def _as_command_line_user(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from supplyesg.db.audit_trail import acting_as

        with acting_as(cli_actor()):
            return command(*args, **kwargs)

    return run
