from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from planning_builders import LOW, audit, supplier
from supplyesg.db.session import Database


def programme(client: TestClient, year: int, **params: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/audit-programme/{year}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_programme_of_a_year_by_month(client: TestClient, db: Database) -> None:
    supplier(db, "LATE")
    audit(db, "LATE", date(2025, 1, 31), LOW)
    supplier(db, "MARCH")
    audit(db, "MARCH", date(2025, 3, 31), LOW)
    supplier(db, "RISKY", tier=3, country="CD", since=date(2025, 11, 20))  # on-site by 02-18
    body = programme(client, 2026, as_of="2026-02-10")
    assert (body["year"], body["as_of"], body["policy_version"]) == (2026, "2026-02-10", "2026-01")
    assert body["counts"] == {"annual": 2, "on_site": 1, "overdue": 1, "carried_over": 0}
    months = {m["month"]: m["audits"] for m in body["months"]}
    assert len(months) == 12
    assert [
        (a["supplier_code"], a["kind"], a["due_on"], a["overdue"], a["overdue_since"])
        for a in months[1]
    ] == [("LATE", "annual", "2026-01-31", True, "2026-02-01")]
    assert months[1][0]["reasons"][-1]["text"] == (
        "last audit ended 2025-01-31: due by 2026-01-31, overdue since 2026-02-01"
    )
    assert [(a["supplier_code"], a["kind"]) for a in months[2]] == [("RISKY", "on_site")]
    assert months[2][0]["reasons"][1] == {
        "rule": "programme.on_site.never",
        "text": "no on-site audit on record; high risk since 2025-11-20 (active since "
        "2025-11-20), first on-site audit within 90 days: due by 2026-02-18",
    }
    assert [a["supplier_code"] for a in months[3]] == ["MARCH"]


def test_the_programme_can_show_only_overdue_audits_of_a_month(
    client: TestClient, db: Database
) -> None:
    supplier(db, "LATE")
    audit(db, "LATE", date(2025, 1, 31), LOW)
    supplier(db, "ONTIME")
    audit(db, "ONTIME", date(2025, 1, 31), LOW)
    audit(db, "ONTIME", date(2025, 5, 1), LOW)
    body = programme(client, 2026, as_of="2026-03-01", overdue="true", month="1")
    months = body["months"]
    assert [m["month"] for m in months] == [1]
    assert [a["supplier_code"] for a in months[0]["audits"]] == ["LATE"]


def test_planning_next_year_carries_over_what_is_due_this_year(
    client: TestClient, db: Database
) -> None:
    supplier(db, "NEVER", since=date(2026, 8, 1))  # first audit due 2026-10-30
    body = programme(client, 2027, as_of="2026-11-20")
    assert [a["supplier_code"] for a in body["carried_over"]] == ["NEVER"]
    assert body["counts"]["carried_over"] == 1


def test_a_year_already_over_is_a_422(client: TestClient) -> None:
    response = client.get("/api/v1/audit-programme/2025", params={"as_of": "2026-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "as_of"
    assert client.get("/api/v1/audit-programme/1800").status_code == 422
    assert client.get("/api/v1/audit-programme/2026", params={"as_of": "soon"}).status_code == 422
