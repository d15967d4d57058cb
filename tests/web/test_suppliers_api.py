from typing import Any

from fastapi.testclient import TestClient

BASE: dict[str, Any] = {
    "code": "SUP-1",
    "legal_name": "Chongqing Axle Works",
    "country": "CN",
    "region": "Chongqing",
    "city": "Chongqing",
    "category": "axles",
    "tier": 1,
    "annual_spend": "1250000.50",
    "currency": "CNY",
    "contacts": [{"name": "Li Wei", "email": "li.wei@example.cn"}],
}


def create(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/suppliers", json={**BASE, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_created_supplier_reads_back_with_its_first_status(client: TestClient) -> None:
    created = create(client)
    assert created["annual_spend"] == "1250000.50"
    assert created["status"] == "prospective"
    fetched = client.get("/api/v1/suppliers/SUP-1").json()
    assert fetched["legal_name"] == "Chongqing Axle Works"
    assert fetched["contacts"] == [{"name": "Li Wei", "email": "li.wei@example.cn", "phone": ""}]
    history = client.get("/api/v1/suppliers/SUP-1/status-history").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [(None, "prospective")]


def test_bad_fields_are_all_reported_as_problem_json(client: TestClient) -> None:
    response = client.post(
        "/api/v1/suppliers", json={**BASE, "country": "XX", "tier": 0, "currency": "RMB"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert {e["field"] for e in response.json()["errors"]} == {"country", "tier", "currency"}


def test_a_boolean_is_not_a_spend(client: TestClient) -> None:
    response = client.post("/api/v1/suppliers", json={**BASE, "annual_spend": False})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "annual_spend"


def test_malformed_json_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/api/v1/suppliers", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["title"] == "Malformed JSON"


def test_a_duplicate_code_is_a_conflict(client: TestClient) -> None:
    create(client)
    response = client.post("/api/v1/suppliers", json=BASE)
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "code"


def test_a_code_differing_only_in_case_is_the_same_supplier(client: TestClient) -> None:
    created = create(client, code="zz-0")
    assert created["code"] == "ZZ-0"
    assert client.get("/api/v1/suppliers/zz-0").json()["code"] == "ZZ-0"
    response = client.post("/api/v1/suppliers", json={**BASE, "code": "ZZ-0"})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "code"


def test_a_nul_byte_or_a_line_break_in_a_name_is_a_422(client: TestClient) -> None:
    response = client.post(
        "/api/v1/suppliers",
        json={**BASE, "legal_name": "Axle\u0000Works", "city": "Chong\nqing"},
    )
    assert response.status_code == 422, response.text
    assert [(e["field"], e["reason"]) for e in response.json()["errors"]] == [
        ("legal_name", "contains the control character U+0000; it must be one line of text"),
        ("city", "contains the control character U+000A; it must be one line of text"),
    ]
    assert client.get("/api/v1/suppliers").json()["items"] == []


def test_unknown_supplier_is_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/suppliers/NOPE")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no supplier with code 'NOPE'."


def test_status_change_is_recorded_with_reason(client: TestClient) -> None:
    create(client)
    response = client.post(
        "/api/v1/suppliers/SUP-1/status", json={"status": "active", "reason": "onboarded"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    latest = client.get("/api/v1/suppliers/SUP-1/status-history").json()[0]
    assert (latest["from_status"], latest["to_status"], latest["reason"]) == (
        "prospective",
        "active",
        "onboarded",
    )
    refused = client.post(
        "/api/v1/suppliers/SUP-1/status", json={"status": "active", "reason": "again"}
    )
    assert refused.status_code == 422


def test_patch_changes_only_given_fields(client: TestClient) -> None:
    create(client)
    response = client.patch("/api/v1/suppliers/SUP-1", json={"city": "Jiangbei", "tier": 2})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["city"], body["tier"], body["legal_name"]) == (
        "Jiangbei",
        2,
        "Chongqing Axle Works",
    )


def test_the_relationship_days_are_set_cleared_and_checked(client: TestClient) -> None:
    create(client)
    days = {"relationship_started_on": "2014-05-01", "relationship_ended_on": "2025-09-30"}
    body = client.patch("/api/v1/suppliers/SUP-1", json=days).json()
    assert (body["relationship_started_on"], body["relationship_ended_on"]) == (
        "2014-05-01",
        "2025-09-30",
    )
    cleared = client.patch("/api/v1/suppliers/SUP-1", json={"relationship_ended_on": None})
    assert cleared.json()["relationship_ended_on"] is None
    assert cleared.json()["relationship_started_on"] == "2014-05-01"
    backwards = client.patch(
        "/api/v1/suppliers/SUP-1", json={"relationship_ended_on": "2010-01-01"}
    )
    assert backwards.status_code == 422
    assert [e["field"] for e in backwards.json()["errors"]] == ["relationship_ended_on"]


def test_list_filters_and_pages_by_keyset(client: TestClient) -> None:
    for n in range(5):
        create(client, code=f"CN-{n}", tier=2)
    create(client, code="DE-1", country="DE", tier=2)
    create(client, code="CN-T1", tier=1)
    first = client.get("/api/v1/suppliers", params={"country": "CN", "tier": 2, "limit": 3}).json()
    assert [s["code"] for s in first["items"]] == ["CN-0", "CN-1", "CN-2"]
    second = client.get(first["next"]).json()
    assert [s["code"] for s in second["items"]] == ["CN-3", "CN-4"]
    assert second["next"] is None


def test_text_search_matches_name_and_city(client: TestClient) -> None:
    create(client, code="A", legal_name="Weichai Engines", city="Weifang")
    create(client, code="B", legal_name="Shaanxi Gears", city="Xi'an")
    found = client.get("/api/v1/suppliers", params={"q": "weifang"}).json()["items"]
    assert [s["code"] for s in found] == ["A"]


def test_chain_in_both_directions_and_cycles_refused(client: TestClient) -> None:
    create(client, code="T1")
    create(client, code="T1B")
    create(client, code="T2", tier=2)
    create(client, code="T3", tier=3)
    for sub, customer in [("T2", "T1"), ("T2", "T1B"), ("T3", "T2")]:
        response = client.post("/api/v1/links", json={"sub_supplier": sub, "customer": customer})
        assert response.status_code == 201, response.text
    up = client.get("/api/v1/suppliers/T3/customers").json()
    assert [(m["code"], m["depth"]) for m in up["members"]] == [("T2", 1), ("T1", 2), ("T1B", 2)]
    down = client.get("/api/v1/suppliers/T1/sub-suppliers").json()
    assert [(m["code"], m["depth"]) for m in down["members"]] == [("T2", 1), ("T3", 2)]
    loop = client.post("/api/v1/links", json={"sub_supplier": "T1", "customer": "T3"})
    assert loop.status_code == 422
    assert "cycle" in loop.json()["errors"][0]["reason"]


def test_deleting_a_supplier_removes_its_links(client: TestClient) -> None:
    create(client, code="T1")
    create(client, code="T2", tier=2)
    client.post("/api/v1/links", json={"sub_supplier": "T2", "customer": "T1"})
    assert client.delete("/api/v1/suppliers/T2").status_code == 204
    assert client.get("/api/v1/links", params={"supplier": "T1"}).json() == []


def test_openapi_documents_problem_responses(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    responses = spec["paths"]["/api/v1/suppliers"]["post"]["responses"]
    assert {"400", "409", "422"} <= set(responses)
    docs = client.get("/docs")
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text


def test_a_spend_too_large_to_store_is_a_422_not_a_500(client: TestClient) -> None:
    response = client.post("/api/v1/suppliers", json={**BASE, "annual_spend": "1" + "0" * 20})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "annual_spend"


def test_amounts_read_back_the_same_on_sqlite_and_postgresql(client: TestClient) -> None:
    create(client)
    assert client.get("/api/v1/suppliers/SUP-1").json()["annual_spend"] == "1250000.5"


def test_a_link_id_beyond_any_table_is_a_422_not_a_500(client: TestClient) -> None:
    response = client.delete(f"/api/v1/links/{2**63}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.link_id"
