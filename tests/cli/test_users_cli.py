"""`supplyesg users ...`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.cli import users as users_cli
from supplyesg.db.repositories.audit_trail import TrailFilter
from supplyesg.db.session import Database
from supplyesg.services import accounts, audit_trail, auth

runner = CliRunner()
PASSWORD = "a long and quiet river"


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch, fast_passwords: None) -> None:
    monkeypatch.setattr(users_cli, "database", lambda: db)


def test_the_first_administrator_is_made_from_the_command_line(db: Database) -> None:
    done = runner.invoke(
        app,
        ["users", "create", "Root@Example.com", "--name", "Root"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert done.exit_code == 0, done.output
    assert "Account root@example.com (admin) created." in done.stdout
    assert PASSWORD not in done.stdout
    assert auth.log_in(db, "root@example.com", PASSWORD).principal.role == "admin"
    [entry] = audit_trail.search(db, TrailFilter(table_name="user_account")).items
    assert entry.actor.endswith("(command line)")


def test_a_weak_password_is_refused_with_the_reason(db: Database) -> None:
    done = runner.invoke(
        app, ["users", "create", "a@example.com", "--name", "A"], input="short\nshort\n"
    )
    assert done.exit_code == 1
    assert "password: must be at least 12 characters long" in done.stderr
    assert accounts.list_users(db) == []


def test_an_unknown_role_is_refused() -> None:
    done = runner.invoke(app, ["users", "create", "a@example.com", "--name", "A", "--role", "boss"])
    assert done.exit_code == 2
    assert "the role must be one of: admin, esg_manager" in done.stdout


def test_accounts_are_listed_and_a_token_printed_once_works(db: Database) -> None:
    runner.invoke(
        app,
        [
            "users",
            "create",
            "erp@example.com",
            "--name",
            "ERP",
            "--role",
            "procurement",
            "--no-password",
        ],
    )
    listed = runner.invoke(app, ["users", "list"])
    assert "erp@example.com" in listed.stdout
    assert "procurement" in listed.stdout
    issued = runner.invoke(
        app, ["users", "token", "erp@example.com", "--name", "sync", "--scope", "suppliers:read"]
    )
    assert issued.exit_code == 0, issued.output
    secret = issued.stdout.strip().splitlines()[-1]
    principal = auth.token_principal(db, secret)
    assert principal is not None
    assert principal.email == "erp@example.com"
    token_id = accounts.list_tokens(db)[0].id
    revoked = runner.invoke(app, ["users", "revoke-token", str(token_id)])
    assert f"Token {token_id} (sync) revoked." in revoked.stdout
    assert auth.token_principal(db, secret) is None


def test_a_password_is_set_for_an_existing_account(db: Database) -> None:
    runner.invoke(
        app,
        ["users", "create", "bo@example.com", "--name", "Bo", "--role", "viewer", "--no-password"],
    )
    done = runner.invoke(
        app, ["users", "set-password", "bo@example.com"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert done.exit_code == 0, done.output
    assert auth.log_in(db, "bo@example.com", PASSWORD).principal.email == "bo@example.com"
    missing = runner.invoke(
        app, ["users", "set-password", "no@example.com"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert missing.exit_code == 1
    assert "There is no account for no@example.com." in missing.stderr


def test_every_command_acts_as_the_command_line_user_and_only_while_it_runs(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supplyesg.db.audit_trail import current_actor

    seen: list[str] = []

    def listing(given: Database) -> list[object]:
        seen.append(current_actor.get())
        return []

    monkeypatch.setattr(accounts, "list_users", listing)
    done = runner.invoke(app, ["users", "list"])
    assert done.exit_code == 0, done.output
    assert seen == [users_cli.cli_actor()]
    assert seen[0].endswith("(command line)")
    assert current_actor.get() == "system"


def test_a_command_two_groups_deep_acts_as_the_command_line_user_too(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supplyesg.cli import esg_requests as requests_cli
    from supplyesg.db.audit_trail import current_actor
    from supplyesg.services import esg_requests

    seen: list[str] = []

    def deleting(given: Database, request_id: int) -> None:
        seen.append(current_actor.get())

    monkeypatch.setattr(requests_cli, "database", lambda: db)
    monkeypatch.setattr(esg_requests, "delete_request", deleting)
    done = runner.invoke(app, ["data", "requests", "delete", "7"])
    assert done.exit_code == 0, done.output
    assert seen == [users_cli.cli_actor()]


def test_serve_acts_for_whoever_sends_each_request_not_for_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    from supplyesg.cli import server
    from supplyesg.db.audit_trail import current_actor
    from supplyesg.web import app as web_app

    served: list[tuple[object, str]] = []

    def run(application: object, **options: object) -> None:
        served.append((application, current_actor.get()))

    monkeypatch.setattr(web_app, "create_app", lambda settings: "the app")
    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setattr(server, "database", lambda **_: None)  # a schema is there
    done = runner.invoke(app, ["serve", "--port", "8123"])
    assert done.exit_code == 0, done.output
    assert served == [("the app", "system")]
