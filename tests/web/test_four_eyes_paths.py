"""Four eyes holds for a person whatever way they come in: an API token, a browser session or
the command line. One person submitting through one path and approving through another was
allowed while the rule compared the labels of the two paths."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from account_helpers import csrf_of, log_in
from esg_builders import organisation
from supplyesg.cli import app as cli_app
from supplyesg.cli import esg_data as esg_cli
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app
from supplyesg.web.csrf import HEADER as CSRF_HEADER

pytestmark = pytest.mark.usefixtures("fast_passwords")

PASSWORD = "a long and quiet river"
VALUE = {
    "entity": "CQ1",
    "metric": "electricity_purchased",
    "period": "2025-01",
    "value": "1250.5",
    "unit": "MWh",
}


class Person:
    """One member of staff with a password and an API token, and a client for each way in."""

    def __init__(self, db: Database, email: str, clients: Callable[[], TestClient]) -> None:
        user = accounts.create_user(
            db, NewUser(email, email.split("@")[0], Role.ESG_MANAGER, password=PASSWORD)
        )
        self.email = email
        self.token = clients()
        secret = accounts.issue_token(db, user.id, "erp", None, "tests").secret
        self.token.headers["Authorization"] = f"Bearer {secret}"
        self.session = clients()
        assert log_in(self.session, email, PASSWORD).status_code == 303
        self.session.headers[CSRF_HEADER] = csrf_of(self.session.get("/esg-data/new"))


@pytest.fixture
def clients(db: Database) -> Iterator[Callable[[], TestClient]]:
    settings = Settings(database_url=str(db.engine.url))
    opened: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(create_app(settings, db), raise_server_exceptions=False)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def ana(db: Database, clients: Callable[[], TestClient]) -> Person:
    organisation(db)
    return Person(db, "ana@example.com", clients)


@pytest.fixture
def ben(db: Database, clients: Callable[[], TestClient]) -> Person:
    return Person(db, "ben@example.com", clients)


def _submitted(client: TestClient) -> dict[str, Any]:
    answer = client.post("/api/v1/esg-data/values", json=VALUE)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _approve(client: TestClient, value_id: int) -> Any:
    return client.post(f"/api/v1/esg-data/values/{value_id}/approve", json={})


@pytest.mark.parametrize(("maker_way", "checker_way"), [("token", "session"), ("session", "token")])
def test_nobody_approves_their_own_value_by_switching_between_token_and_session(
    ana: Person, ben: Person, maker_way: str, checker_way: str
) -> None:
    value = _submitted(getattr(ana, maker_way))
    own = _approve(getattr(ana, checker_way), value["id"])
    assert own.status_code == 422, own.text
    assert own.json()["errors"][0] == {
        "field": "actor",
        "reason": "the person who submitted a value cannot approve it",
        "value": (
            "ana@example.com" if checker_way == "session" else "ana@example.com (API token 'erp')"
        ),
    }
    approved = _approve(getattr(ben, checker_way), value["id"])
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"


def test_the_review_page_refuses_the_maker_too(ana: Person, ben: Person) -> None:
    value = _submitted(ana.token)
    page = ana.session.post(f"/esg-data/values/{value['id']}/approve", data={})
    assert page.status_code == 422
    assert "the person who submitted a value cannot approve it" in page.text
    assert _approve(ben.session, value["id"]).status_code == 200


def _import_file(tmp_path: Path) -> Path:
    source = tmp_path / "values.csv"
    source.write_text("entity,metric,period,value,unit\nCQ1,electricity_purchased,2025,1200,MWh\n")
    return source


def _cli_import(db: Database, source: Path, *options: str) -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(esg_cli, "database", lambda: db)
        return CliRunner().invoke(cli_app, ["data", "import", str(source), *options])


def test_values_imported_on_the_command_line_for_an_account_are_that_persons(
    db: Database, tmp_path: Path, ana: Person, ben: Person
) -> None:
    imported = _cli_import(db, _import_file(tmp_path), "--as", "ana@example.com")
    assert imported.exit_code == 0, imported.output
    [value] = _values(ben.token)
    assert value["submitted_by"] == "ana@example.com (command line)"
    for way in (ana.session, ana.token):
        assert _approve(way, value["id"]).status_code == 422
    assert _approve(ben.session, value["id"]).status_code == 200


def test_values_imported_by_an_operating_system_user_may_be_approved_by_staff(
    db: Database, tmp_path: Path, ana: Person
) -> None:
    imported = _cli_import(db, _import_file(tmp_path))
    assert imported.exit_code == 0, imported.output
    [value] = _values(ana.token)
    assert value["submitted_by"].endswith("(command line)")
    assert _approve(ana.session, value["id"]).status_code == 200


def test_the_command_line_names_only_an_account_that_may_submit(
    db: Database, tmp_path: Path, ana: Person
) -> None:
    accounts.create_user(db, NewUser("vic@example.com", "Vic", Role.VIEWER, password=PASSWORD))
    for email, reason in (
        ("vic@example.com", "may not submit ESG data"),
        ("nobody@example.com", "There is no account for nobody@example.com"),
    ):
        refused = _cli_import(db, _import_file(tmp_path), "--as", email)
        assert refused.exit_code != 0
        assert reason in refused.output
    assert _values(ana.token) == []


def _values(client: TestClient) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/esg-data/values", params={"year": 2025})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    items: list[dict[str, Any]] = body["items"] if isinstance(body, dict) else body
    return items


def test_a_plan_recorded_through_a_token_is_not_decided_by_its_maker_in_a_session(
    db: Database, ana: Person, ben: Person
) -> None:
    from programme_builders import HIGH, audited, supplier
    from supplyesg.services import conduct

    conduct.install_default_code(db)
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **HIGH)
    ncs = ana.token.get("/api/v1/non-conformities", params={"audit": "A-1"}).json()["items"]
    body = {
        "audit": "A-1",
        "submitted_on": "2026-03-20",
        "actions": [
            {
                "nc_id": nc["id"],
                "action": "Fix it",
                "owner": "Plant manager",
                "due_on": "2026-05-31",
            }
            for nc in ncs
        ],
    }
    plan = ana.token.post("/api/v1/improvement-plans", json=body)
    assert plan.status_code == 201, plan.text
    decision = f"/api/v1/improvement-plans/{plan.json()['id']}/decision"
    own = ana.session.post(decision, json={"accept": True, "decided_on": "2026-03-21"})
    assert own.status_code == 422, own.text
    assert own.json()["errors"][0]["reason"] == "the person who submitted a plan cannot accept it"
    decided = ben.session.post(decision, json={"accept": True, "decided_on": "2026-03-21"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "accepted"
