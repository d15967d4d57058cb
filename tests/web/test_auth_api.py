"""Accounts, API tokens and the audit trail through the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from supplyesg.domain.access import Role

SUPPLIER = {
    "code": "SUP-1",
    "legal_name": "Axle Works",
    "country": "CN",
    "category": "axles",
    "tier": 1,
}


def test_an_admin_opens_an_account_without_a_password(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/users",
        json={"email": "Bo@Example.com", "display_name": "Bo", "role": "auditor"},
    )
    assert answer.status_code == 201
    body = answer.json()
    assert answer.headers["location"] == f"/api/v1/users/{body['id']}"
    assert (body["email"], body["role"], body["has_password"]) == (
        "bo@example.com",
        "auditor",
        False,
    )
    assert "password_hash" not in body
    assert client.get(f"/api/v1/users/{body['id']}").json() == body


def test_a_bad_account_lists_every_problem(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/users",
        json={"email": "nope", "display_name": " ", "role": "supplier_user"},
    )
    assert answer.status_code == 422
    fields = [e["field"] for e in answer.json()["errors"]]
    assert fields == ["email", "display_name", "supplier"]


def test_a_supplier_user_account_names_its_supplier(client: TestClient) -> None:
    client.post("/api/v1/suppliers", json=SUPPLIER)
    answer = client.post(
        "/api/v1/users",
        json={
            "email": "li@axle.cn",
            "display_name": "Li",
            "role": "supplier_user",
            "supplier": "SUP-1",
        },
    )
    assert answer.status_code == 201
    assert answer.json()["supplier"] == "SUP-1"


def test_a_token_is_shown_once_and_works_within_its_scopes(
    client: TestClient, anonymous_client: TestClient
) -> None:
    owner = client.post(
        "/api/v1/users",
        json={"email": "erp@example.com", "display_name": "ERP", "role": "procurement"},
    ).json()
    issued = client.post(
        f"/api/v1/users/{owner['id']}/tokens",
        json={"name": "ERP sync", "scopes": ["suppliers:read"]},
    )
    assert issued.status_code == 201
    secret = issued.json()["token"]
    assert secret.startswith("sesg_")
    assert issued.json()["scopes"] == ["suppliers:read"]
    listed = client.get(f"/api/v1/users/{owner['id']}/tokens")
    assert [t["name"] for t in listed.json()] == ["ERP sync"]
    assert secret not in listed.text
    assert "token_hash" not in listed.text
    as_erp = {"Authorization": f"Bearer {secret}"}
    assert anonymous_client.get("/api/v1/suppliers", headers=as_erp).status_code == 200
    me = anonymous_client.get("/api/v1/me", headers=as_erp).json()
    assert (me["email"], me["token"], me["permissions"]) == (
        "erp@example.com",
        "ERP sync",
        ["account:read", "suppliers:read"],
    )
    refused = anonymous_client.post("/api/v1/suppliers", json=SUPPLIER, headers=as_erp)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Your role may not do this (it needs suppliers:write)."


def test_a_revoked_token_is_refused_at_once(
    client: TestClient, anonymous_client: TestClient
) -> None:
    owner = client.post(
        "/api/v1/users", json={"email": "bi@example.com", "display_name": "BI", "role": "viewer"}
    ).json()
    issued = client.post(f"/api/v1/users/{owner['id']}/tokens", json={"name": "BI"}).json()
    as_bi = {"Authorization": f"Bearer {issued['token']}"}
    assert anonymous_client.get("/api/v1/suppliers", headers=as_bi).status_code == 200
    revoked = client.delete(f"/api/v1/tokens/{issued['id']}")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert anonymous_client.get("/api/v1/suppliers", headers=as_bi).status_code == 401


def test_a_token_cannot_reach_beyond_its_owners_role(client: TestClient) -> None:
    owner = client.post(
        "/api/v1/users", json={"email": "v@example.com", "display_name": "V", "role": "viewer"}
    ).json()
    answer = client.post(
        f"/api/v1/users/{owner['id']}/tokens",
        json={"name": "x", "scopes": ["users:write", "bogus"]},
    )
    assert answer.status_code == 422
    assert [(e["field"], e["value"]) for e in answer.json()["errors"]] == [("scopes", "bogus")]


def test_a_made_up_bearer_token_is_refused(anonymous_client: TestClient) -> None:
    answer = anonymous_client.get(
        "/api/v1/suppliers", headers={"Authorization": "Bearer sesg_nope"}
    )
    assert answer.status_code == 401


def test_the_trail_shows_who_changed_a_record_and_how(
    client: TestClient, client_as: object
) -> None:
    client.post("/api/v1/suppliers", json=SUPPLIER)
    client.patch("/api/v1/suppliers/SUP-1", json={"legal_name": "Axle Works Ltd"})
    found = client.get("/api/v1/audit-trail", params={"table": "supplier", "q": "sup-1"})
    assert [e["action"] for e in found.json()["items"]] == ["update", "create"]
    key = found.json()["items"][0]["record_key"]
    history = client.get(f"/api/v1/audit-trail/supplier/{key}")
    assert history.status_code == 200
    latest, first = history.json()[0], history.json()[-1]
    assert latest["action"] == "update"
    assert latest["actor"].endswith("(API token 'tests')")
    assert (latest["before"]["legal_name"], latest["after"]["legal_name"]) == (
        "Axle Works",
        "Axle Works Ltd",
    )
    assert first["action"] == "create"
    viewer = client_as(Role.VIEWER)  # type: ignore[operator]
    assert viewer.get("/api/v1/audit-trail").status_code == 403


def test_a_trail_search_needs_instants_with_a_time_zone(client: TestClient) -> None:
    answer = client.get("/api/v1/audit-trail", params={"since": "2026-01-01T00:00:00"})
    assert answer.status_code == 422
    ok = client.get("/api/v1/audit-trail", params={"since": "2026-01-01T00:00:00Z", "limit": 1})
    assert ok.status_code == 200
