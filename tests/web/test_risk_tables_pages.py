"""The inherent-risk tables page: shipped defaults beside overrides, and changing an override."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from programme_pages import plain, reasons, table_rows

from account_helpers import csrf_of, log_in
from planning_builders import supplier
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app

HIGH_CHINA = {
    "kind": "country",
    "key": "cn",
    "level": "high",
    "rationale": "Our own review of 2026 found forced overtime at most plants.",
    "action": "save",
}


def inherent_risk_of(client: TestClient, code: str) -> str:
    """The inherent-risk cell of one supplier in the risk register page."""
    page = client.get("/risk", params={"q": code})
    assert page.status_code == 200
    rows = {row[0].split()[0]: row for row in table_rows(page.text, "register")}
    return rows[code][2]


def test_the_page_shows_both_tables_with_the_shipped_defaults_and_their_source(
    client: TestClient,
) -> None:
    page = client.get("/risk/tables")
    assert page.status_code == 200
    countries = {row[0].split()[0]: row for row in table_rows(page.text, "risk-table", 0)}
    categories = {row[0]: row for row in table_rows(page.text, "risk-table", 1)}
    assert countries["*"][1].startswith("Medium risk Not assessed yet")
    assert countries["*"][1].endswith("Source: data/risk/countries.yaml")
    assert countries["HK"][0] == "HK Hong Kong"
    assert countries["HK"][1:4] == [
        "Low risk Mostly trading, logistics and service suppliers under a mature legal system, "
        "with little heavy manufacturing. Source: data/risk/countries.yaml",
        "Not overridden: the shipped default applies.",
        "Low risk",
    ]
    assert "None" not in page.text
    assert categories["pig iron"][3] == "High risk"
    assert "Source: data/risk/categories.yaml" in categories["pig iron"][1]
    assert 'id="override"' in page.text


def test_an_override_changes_the_inherent_risk_in_the_register(
    client: TestClient, db: Database
) -> None:
    supplier(db, "CN-1", country="CN")
    assert inherent_risk_of(client, "CN-1") == "Medium risk"
    answer = client.post("/risk/tables", data=HIGH_CHINA, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/risk/tables#country-table")
    assert "CN is high risk from now on" in plain(client.get(answer.headers["location"]).text)
    assert inherent_risk_of(client, "CN-1") == "High risk"
    page = client.get("/risk/tables", params={"table": "country", "saved": "1"})
    [row] = table_rows(page.text, "risk-table")
    assert row[0] == "CN China"
    assert row[1].startswith("Medium risk Most of the supply base.")
    assert row[2].startswith("High risk Our own review of 2026 found forced overtime")
    assert row[3] == "High risk"


def test_clearing_an_override_brings_the_shipped_entry_back(
    client: TestClient, db: Database
) -> None:
    supplier(db, "CN-1", country="CN")
    client.post("/risk/tables", data=HIGH_CHINA)
    clear = {"kind": "country", "key": "CN", "action": "clear"}
    assert client.post("/risk/tables", data=clear, follow_redirects=False).status_code == 303
    assert inherent_risk_of(client, "CN-1") == "Medium risk"
    again = client.post("/risk/tables", data=clear)
    assert again.status_code == 422
    assert reasons(again.text) == {"key": ["has no override to clear"]}


def test_bad_values_are_shown_beside_their_fields_and_nothing_is_saved(
    client: TestClient,
) -> None:
    bad = {"kind": "country", "key": "China", "level": "extreme", "rationale": " "}
    answer = client.post("/risk/tables", data=bad)
    assert answer.status_code == 422
    assert reasons(answer.text) == {
        "key": ["a country is an ISO 3166-1 alpha-2 code, e.g. CN"],
        "level": ["choose low, medium or high"],
        "rationale": ["say why this level was chosen"],
    }
    assert 'value="China"' in answer.text
    no_table = client.post("/risk/tables", data={**HIGH_CHINA, "kind": "region"})
    assert reasons(no_table.text) == {"kind": ["choose country or category"]}
    saved = client.get("/risk/tables", params={"saved": "1"}).text
    assert "No entry matches." in saved


def test_the_tables_are_searched_and_filtered(client: TestClient) -> None:
    page = client.get("/risk/tables", params={"q": "pig iron", "table": "category"})
    assert [row[0] for row in table_rows(page.text, "risk-table")] == ["pig iron"]
    assert "risk-table-country" not in page.text
    by_name = client.get("/risk/tables", params={"q": "hong kong"})
    assert [row[0] for row in table_rows(by_name.text, "risk-table", 0)] == ["HK Hong Kong"]


def test_change_fills_the_form_with_the_entry_in_force(client: TestClient) -> None:
    page = client.get("/risk/tables", params={"kind": "category", "key": "pig iron"})
    assert 'name="key" type="text" value="pig iron"' in page.text
    assert '<option value="high" selected>' in page.text


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR, Role.PROCUREMENT])
def test_only_those_who_change_settings_change_the_tables(client_as: object, role: Role) -> None:
    reader = client_as(role)  # type: ignore[operator]
    page = reader.get("/risk/tables")
    assert page.status_code == 200
    assert 'id="override"' not in page.text
    assert reader.post("/risk/tables", data=HIGH_CHINA).status_code == 403
    answer = reader.put("/api/v1/risk/factors/country/CN", json={"level": "high", "rationale": "x"})
    assert answer.status_code == 403
    assert reader.delete("/api/v1/risk/factors/country/CN").status_code == 403
    assert "Inherent-risk tables" in reader.get("/risk").text


def test_the_register_and_the_administration_page_lead_to_the_tables(client: TestClient) -> None:
    assert 'href="/risk/tables"' in client.get("/risk").text
    assert 'href="/risk/tables"' in client.get("/admin").text


@pytest.fixture
def browser(db: Database, fast_passwords: None) -> Iterator[TestClient]:
    """An ESG manager logged in through the login page: cookies, no API token."""
    password = "a long and quiet river"
    accounts.create_user(db, NewUser("ana@example.com", "Ana", Role.ESG_MANAGER, password=password))
    with TestClient(create_app(Settings(database_url=str(db.engine.url)), db)) as client:
        assert log_in(client, "ana@example.com", password).status_code == 303
        yield client


def test_a_form_sent_without_its_csrf_token_is_refused(browser: TestClient) -> None:
    assert browser.post("/risk/tables", data=HIGH_CHINA).status_code == 403
    token = csrf_of(browser.get("/risk/tables"))
    sent = browser.post(
        "/risk/tables", data={**HIGH_CHINA, "csrf_token": token}, follow_redirects=False
    )
    assert sent.status_code == 303
