"""Programme policy pages: the editions, one explained, a new one, withdrawing a scheduled one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from programme_pages import plain, table_rows

from account_helpers import csrf_of, log_in
from programme_builders import MEDIUM, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy
from supplyesg.services import accounts, policy_editions, policy_files, rating
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app
from supplyesg.web.ui import policy as policy_pages

TODAY = date(2026, 4, 1)
ClientFactory = Any


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy_pages, "today", lambda: TODAY)


def form(**changes: str) -> dict[str, str]:
    """The new-edition form as the page fills it in, with a version and a note."""
    values = {k: str(v) for k, v in policy_files.settings_mapping(Policy()).items()}
    return {
        **values,
        "version": "2026-05",
        "effective_from": "2026-05-01",
        "note": "why",
        **changes,
    }


def scheduled(db: Database) -> None:
    settings = {**policy_files.settings_mapping(Policy()), "version": "2026-05"}
    settings.update(effective_from="2026-05-01", audit_cycle_months=6)
    policy_editions.create_edition(db, settings, "Twice a year", "ana@example.com", TODAY)


def test_the_list_shows_the_edition_in_force_and_the_scheduled_ones(
    client: TestClient, db: Database
) -> None:
    scheduled(db)
    page = client.get("/policy")
    assert page.status_code == 200
    rows = table_rows(page.text, "policy-editions")
    assert [row[:3] for row in rows] == [
        ["2026-05", "2026-05-01", "Scheduled"],
        ["2026-01", "2000-01-01", "In force today"],
    ]
    assert rows[0][3].startswith("Created by ana@example.com on ")
    assert rows[1][3:] == ["Shipped with the application", "—"]
    assert 'href="/policy/editions/new"' in page.text


def test_an_edition_page_explains_each_setting_and_what_changed(
    client: TestClient, db: Database
) -> None:
    scheduled(db)
    page = client.get("/policy/editions/2026-05")
    assert page.status_code == 200
    text = plain(page.text)
    assert "Manual section 3: audited on an annual basis" in text
    assert "Manual section 9: within 3 months" in text
    assert table_rows(page.text, "compact") == [["Audit cycle", "12", "6"]]
    assert "Yes, withdraw it" in page.text
    shipped = plain(client.get("/policy/editions/2026-01").text)
    assert "The first edition" in shipped
    assert "Yes, withdraw it" not in shipped
    assert client.get("/policy/editions/nothing").status_code == 404


def test_the_form_starts_from_the_edition_in_force(client: TestClient) -> None:
    page = client.get("/policy/editions/new")
    assert page.status_code == 200
    assert 'name="audit_cycle_months" type="text" value="12"' in page.text
    assert 'name="min_esg_weight" type="text" value="0.01"' in page.text
    assert 'name="effective_from" type="date" value="2026-04-01"' in page.text


def test_a_new_edition_is_added_and_shown(client: TestClient) -> None:
    sent = client.post(
        "/policy/editions/new", data=form(high_risk_plan_months="2"), follow_redirects=False
    )
    assert (sent.status_code, sent.headers["location"]) == (303, "/policy/editions/2026-05")
    page = plain(client.get(sent.headers["location"]).text)
    assert "Edition 2026-05 added; it takes effect on 2026-05-01." in page


def test_the_reasons_are_shown_beside_the_fields(client: TestClient) -> None:
    sent = client.post(
        "/policy/editions/new",
        data=form(audit_cycle_months="twelve", effective_from="2026-03-01", note=""),
    )
    assert sent.status_code == 422
    for name in ("audit_cycle_months", "note"):
        assert f'id="err-{name}"' in sent.text
        assert f'aria-describedby="err-{name}"' in sent.text
    assert 'value="twelve"' in sent.text


HISTORY = FixedClock.on(date(2026, 12, 8))


def test_a_historical_edition_asks_to_confirm_then_judges_the_period_again(
    client_as: ClientFactory, db: Database
) -> None:
    supplier(db, "MED")
    audited(db, date(2025, 10, 15), "MED", **MEDIUM)  # six months: due 2026-04-15
    rating.rate_quarter(db, Quarter(2026, 1), clock=HISTORY)
    admin = client_as(Role.ADMIN, clock=HISTORY)
    values = form(version="2026-H", effective_from="2026-01-01", medium_risk_plan_months="3")
    asked = admin.post("/policy/editions/new", data=values)
    assert asked.status_code == 409
    assert "ratings: 1 stored: 1 in 2026Q1" in plain(asked.text)
    assert 'name="confirm_rejudge" value="yes"' in asked.text
    assert 'value="2026-H"' in asked.text  # the form keeps what was typed
    assert admin.get("/policy/editions/2026-H").status_code == 404
    confirmed = admin.post(
        "/policy/editions/new", data={**values, "confirm_rejudge": "yes"}, follow_redirects=False
    )
    assert (confirmed.status_code, confirmed.headers["location"]) == (
        303,
        "/policy/editions/2026-H",
    )
    shown = plain(admin.get(confirmed.headers["location"]).text)
    assert "Judged from 2026-01-01 again" in shown
    assert "MED 2026Q1: 0 -> -1" in shown


def test_an_esg_manager_may_not_add_a_historical_edition(client_as: ClientFactory) -> None:
    manager = client_as(Role.ESG_MANAGER)
    refused = manager.post("/policy/editions/new", data=form(effective_from="2026-03-01"))
    assert refused.status_code == 403
    assert "Only an administrator" in plain(refused.text)


def test_a_scheduled_edition_is_withdrawn_and_one_in_force_is_not(
    client: TestClient, db: Database
) -> None:
    scheduled(db)
    shipped = client.post("/policy/editions/2026-01/withdraw", follow_redirects=False)
    assert shipped.status_code == 303
    assert "is shipped with the application" in plain(client.get(shipped.headers["location"]).text)
    gone = client.post("/policy/editions/2026-05/withdraw", follow_redirects=False)
    assert (gone.status_code, gone.headers["location"]) == (303, "/policy")
    assert "Edition 2026-05 withdrawn." in plain(client.get("/policy").text)
    assert client.get("/policy/editions/2026-05").status_code == 404


@pytest.fixture
def browser(db: Database, fast_passwords: None) -> Iterator[TestClient]:
    """An ESG manager logged in through the login page: cookies, no API token."""
    password = "a long and quiet river"
    accounts.create_user(db, NewUser("ana@example.com", "Ana", Role.ESG_MANAGER, password=password))
    with TestClient(create_app(Settings(database_url=str(db.engine.url)), db)) as client:
        assert log_in(client, "ana@example.com", password).status_code == 303
        yield client


def test_the_form_needs_its_csrf_token(browser: TestClient) -> None:
    assert browser.post("/policy/editions/new", data=form()).status_code == 403
    token = csrf_of(browser.get("/policy/editions/new"))
    sent = browser.post(
        "/policy/editions/new", data={**form(), "csrf_token": token}, follow_redirects=False
    )
    assert sent.status_code == 303


def test_a_viewer_reads_the_policy_but_cannot_change_it(client_as: object) -> None:
    viewer = client_as(Role.VIEWER)  # type: ignore[operator]
    page = viewer.get("/policy")
    assert page.status_code == 200
    assert 'href="/policy/editions/new"' not in page.text
    assert viewer.get("/policy/editions/new").status_code == 403
    assert viewer.post("/policy/editions/new", data=form()).status_code == 403
