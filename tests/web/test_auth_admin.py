"""Administration pages: accounts, API tokens, the audit trail."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from account_helpers import smtp_server
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import accounts, auth, suppliers
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app


def _open(client: TestClient, **fields: str) -> str:
    form = {"email": "bo@example.com", "display_name": "Bo Chen", "role": "auditor"} | fields
    answer = client.post("/admin/users/new", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_an_administrator_opens_changes_and_deactivates_an_account(
    client: TestClient, db: Database
) -> None:
    location = _open(client)
    assert re.fullmatch(r"/admin/users/\d+", location)
    page = client.get(location)
    assert "Bo Chen" in page.text
    assert "Account bo@example.com opened" in page.text
    listed = client.get("/admin/users")
    assert "bo@example.com" in listed.text
    assert "No password yet" in listed.text
    saved = client.post(
        location, data={"display_name": "Bo Chen", "role": "viewer"}, follow_redirects=False
    )
    assert saved.status_code == 303
    row = accounts.user_by_email(db, "bo@example.com")
    assert (row.role, row.is_active) == ("viewer", False)


def test_a_bad_account_is_shown_again_with_reasons_beside_the_fields(client: TestClient) -> None:
    form = {"email": "not-an-email", "display_name": "", "role": "supplier_user", "supplier": ""}
    answer = client.post("/admin/users/new", data=form)
    assert answer.status_code == 422
    for reason in ("is not an e-mail address", "is required", "is required for a supplier user"):
        assert '<p class="field-error"' in answer.text
        assert reason in answer.text
    assert 'value="not-an-email"' in answer.text


def test_a_token_is_shown_once_on_the_page_then_only_its_beginning(
    client: TestClient, anonymous_client: TestClient, db: Database
) -> None:
    location = _open(client, role="procurement")
    issued = client.post(f"{location}/tokens", data={"name": "ERP", "scope-suppliers:read": "on"})
    assert issued.status_code == 200
    assert issued.headers["cache-control"] == "no-store"
    [secret] = re.findall(r'<code class="secret">(sesg_[^<]+)</code>', issued.text)
    later = client.get(location)
    assert secret not in later.text
    assert f"<code>{secret[:12]}…</code>" in later.text
    headers = {"Authorization": f"Bearer {secret}"}
    assert anonymous_client.get("/api/v1/suppliers", headers=headers).status_code == 200
    assert anonymous_client.get("/api/v1/audits", headers=headers).status_code == 403
    [token] = accounts.list_tokens(db, int(location.rsplit("/", 1)[1]))
    revoked = client.post(f"/admin/tokens/{token.id}/revoke", follow_redirects=False)
    assert revoked.status_code == 303
    assert anonymous_client.get("/api/v1/suppliers", headers=headers).status_code == 401


def test_a_token_with_a_bad_expiry_is_refused_beside_the_field(client: TestClient) -> None:
    location = _open(client)
    answer = client.post(f"{location}/tokens", data={"name": "x", "expires_on": "soon"})
    assert answer.status_code == 422
    assert "give the date as YYYY-MM-DD" in answer.text
    assert "sesg_" not in answer.text


def test_the_password_link_is_emailed_and_sets_the_first_password(
    db: Database, fast_passwords: None
) -> None:
    admin = accounts.create_user(db, NewUser("root@example.com", "Root", Role.ADMIN))
    secret = accounts.issue_token(db, admin.id, "t", None, "t").secret
    with smtp_server() as (mailbox, port):
        settings = Settings(
            database_url=str(db.engine.url),
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_starttls=False,
            public_url="https://esg.example.com",
        )
        with TestClient(create_app(settings, db)) as client:
            client.headers["Authorization"] = f"Bearer {secret}"
            location = _open(client)
            sent = client.post(f"{location}/password-link")
            assert "Password link sent." in sent.text
    [body] = mailbox.bodies()
    link = next(word for word in body.split() if word.startswith("https://"))
    auth.reset_password(db, link.rsplit("/", 1)[1], "my first passphrase")
    assert auth.log_in(db, "bo@example.com", "my first passphrase").principal.role is Role.AUDITOR


def test_the_audit_trail_page_searches_and_shows_a_records_history(
    client: TestClient, client_as: Callable[..., TestClient], db: Database
) -> None:
    profile = SupplierProfile("SUP-1", "Axle Works", "CN", "axles", 1)
    row = suppliers.create_supplier(db, profile, "t")
    suppliers.update_supplier(db, "SUP-1", {"legal_name": "Axle Works Ltd"})
    page = client.get("/audit-trail", params={"table": "supplier", "q": "SUP-1"})
    assert page.status_code == 200
    assert page.text.count("<td>Update</td>") == 1
    assert "<del>Axle Works</del> <ins>Axle Works Ltd</ins>" in page.text
    history = client.get(f"/audit-trail/supplier/{row.id}")
    assert "<ins>Axle Works Ltd</ins>" in history.text
    assert client_as(Role.ESG_MANAGER).get("/audit-trail").status_code == 200
    assert client_as(Role.VIEWER).get("/audit-trail").status_code == 403
    assert client_as(Role.ESG_MANAGER).get("/admin/users").status_code == 403


def test_the_administration_page_leads_to_the_settings_pages(client: TestClient) -> None:
    page = client.get("/admin")
    for url in ("/admin/users", "/audit-trail", "/code-of-conduct", "/emission-factors"):
        assert f'href="{url}"' in page.text


def test_a_supplier_page_loads_its_change_history_for_those_who_may_read_it(
    client: TestClient, client_as: Callable[..., TestClient], db: Database
) -> None:
    row = suppliers.create_supplier(db, SupplierProfile("SUP-2", "Cab", "CN", "cabs", 1), "t")
    hook = f'hx-get="/audit-trail/supplier/{row.id}"'
    assert hook in client.get("/suppliers/SUP-2").text
    assert hook not in client_as(Role.VIEWER).get("/suppliers/SUP-2").text
