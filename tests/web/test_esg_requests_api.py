"""The data collection requests API: list, create, calendar, read with missing values, delete."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from esg_builders import organisation
from supplyesg.db.session import Database
from supplyesg.domain.access import Role

ClientFactory = Any
BASE = "/api/v1/esg-data/requests"


def _made(client: TestClient, **fields: Any) -> dict[str, Any]:
    body = {"entity": "CQ1", "year": 2025, "period": "M03", "due_on": "2025-04-20", **fields}
    response = client.post(BASE, json=body)
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


def test_a_request_is_made_read_and_deleted(client: TestClient, db: Database) -> None:
    organisation(db)
    made = _made(client, section="water", note="Meter readings, please")
    assert (made["entity_name"], made["period_label"], made["section"]) == (
        "Chongqing plant",
        "FY2025 M03 (March 2025)",
        "water",
    )
    assert made["waiting_for"] == [{"metric": "water_consumption", "progress": "missing"}]
    value = {
        "entity": "CQ1",
        "metric": "water_consumption",
        "period": "2025-M03",
        "value": "12",
        "unit": "m**3",
    }
    assert client.post("/api/v1/esg-data/values", json=value).status_code == 201
    read = client.get(f"{BASE}/{made['id']}").json()
    assert (read["state"], read["waiting_for"], read["expected"]) == ("complete", [], 1)
    assert client.delete(f"{BASE}/{made['id']}").status_code == 204
    assert client.get(f"{BASE}/{made['id']}").status_code == 404


def test_a_bad_request_lists_every_problem_and_a_duplicate_conflicts(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    refused = client.post(
        BASE,
        json={"entity": "NOPE", "year": 2025, "period": "M13", "due_on": "2025-04-20"},
    )
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"entity", "period"}
    not_strict = client.post(
        BASE, json={"entity": "CQ1", "year": True, "period": "M03", "due_on": "2025-04-20"}
    )
    assert not_strict.status_code == 422
    _made(client)
    again = client.post(
        BASE, json={"entity": "CQ1", "year": 2025, "period": "M03", "due_on": "2025-05-01"}
    )
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "period"


def test_a_calendar_is_made_once_and_the_list_pages_and_filters(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    first = client.post(f"{BASE}/calendar", json={"year": 2025, "granularity": "quarter"})
    assert (first.status_code, first.json()) == (201, {"created": 8, "existing": 0})
    again = client.post(f"{BASE}/calendar", json={"year": 2025, "granularity": "quarter"})
    assert again.json() == {"created": 0, "existing": 8}
    page = client.get(BASE, params={"entity": "HK1", "sort": "-period", "limit": 2}).json()
    assert (page["total"], [r["period"] for r in page["items"]]) == (4, ["Q4", "Q3"])
    assert [r["due_on"] for r in page["items"]] == ["2026-01-20", "2025-10-20"]
    bad = client.post(f"{BASE}/calendar", json={"year": 2025, "days_after": 999})
    assert bad.status_code == 422
    unknown = client.get(BASE, params={"entity": "NOPE"})
    assert unknown.status_code == 404


def test_a_request_is_closed_once_and_reopened(client: TestClient, db: Database) -> None:
    organisation(db)
    made = _made(client)
    closed = client.post(f"{BASE}/{made['id']}/close")
    assert (closed.status_code, closed.json()["state"]) == (200, "closed")
    assert client.post(f"{BASE}/{made['id']}/close").status_code == 409
    listed = client.get(BASE, params={"state": "closed"}).json()
    assert [r["id"] for r in listed["items"]] == [made["id"]]
    reopened = client.post(f"{BASE}/{made['id']}/reopen").json()
    assert reopened["closed_at"] is None


def test_staff_read_requests_and_only_esg_managers_make_them(
    client_as: ClientFactory, db: Database
) -> None:
    organisation(db)
    viewer = client_as(Role.VIEWER)
    assert viewer.get(BASE).status_code == 200
    body = {"entity": "CQ1", "year": 2025, "period": "M03", "due_on": "2025-04-20"}
    assert viewer.post(BASE, json=body).status_code == 403
    assert client_as(Role.ESG_MANAGER).post(BASE, json=body).status_code == 201
