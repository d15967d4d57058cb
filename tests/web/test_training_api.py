from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from planning_builders import HIGH, LOW, audit, supplier
from supplyesg.db.session import Database
from supplyesg.domain.access import Role

PROGRAMME = {
    "topic": "Working hours and overtime",
    "format": "workshop",
    "held_on": "2099-03-15",
    "description": "Plant 2, room 3",
}


def create(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/training/programmes", json={**PROGRAMME, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_programme_is_created_and_read_back(client: TestClient) -> None:
    created = create(client)
    assert (created["topic"], created["format"], created["held_on"]) == (
        "Working hours and overtime",
        "workshop",
        "2099-03-15",
    )
    assert created["counts"]["proposed"] == 0
    listed = client.get("/api/v1/training/programmes", params={"held_from": "2099-01-01"})
    assert [p["id"] for p in listed.json()] == [created["id"]]
    detail = client.get(f"/api/v1/training/programmes/{created['id']}").json()
    assert (detail["description"], detail["assignments"]) == ("Plant 2, room 3", [])


def test_bad_programmes_are_422(client: TestClient) -> None:
    blank = client.post("/api/v1/training/programmes", json={**PROGRAMME, "topic": " "})
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "topic"
    bad_format = client.post("/api/v1/training/programmes", json={**PROGRAMME, "format": "lecture"})
    assert bad_format.status_code == 422
    assert bad_format.json()["errors"][0]["field"] == "format"
    assert client.get("/api/v1/training/programmes/999").status_code == 404
    assert client.get("/api/v1/training/programmes/9223372036854775808").status_code == 422
    for day in ("0", "2026-02-30", "20260101", "2026-01-01T00:00:00"):
        response = client.get("/api/v1/training/programmes", params={"held_to": day})
        assert response.status_code == 422, day
        assert (
            response.json()["errors"][0]["reason"]
            == "Value error, must be a date such as 2026-03-31"
        )


def test_proposals_then_attendance_and_completion(client: TestClient, db: Database) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)
    supplier(db, "FINE")
    programme = create(client)
    proposed = client.post(f"/api/v1/training/programmes/{programme['id']}/proposals")
    assert proposed.status_code == 200
    (proposal,) = proposed.json()
    assert (proposal["supplier_code"], proposal["status"]) == ("FAILED", "proposed")
    assert [r["rule"] for r in proposal["reasons"]] == [
        "training.not_accepted",
        "training.high_risk",
    ]

    assigned = client.post(
        f"/api/v1/training/programmes/{programme['id']}/assignments",
        json={"supplier_code": "FAILED"},
    )
    assert (assigned.status_code, assigned.json()["status"]) == (201, "assigned")
    url = f"/api/v1/training/assignments/{proposal['id']}/status"
    early = client.post(url, json={"status": "attended", "on": "2099-03-14"})
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "on"
    attended = client.post(url, json={"status": "attended", "on": "2099-03-15"})
    assert attended.json()["attended_on"] == "2099-03-15"
    done = client.post(url, json={"status": "completed", "on": "2099-03-20"}).json()
    assert (done["status"], done["completed_on"]) == ("completed", "2099-03-20")

    record = client.get("/api/v1/training/suppliers/FAILED").json()
    assert [(t["topic"], t["assignment"]["status"]) for t in record] == [
        ("Working hours and overtime", "completed")
    ]
    summary = client.get(f"/api/v1/training/programmes/{programme['id']}").json()
    assert (summary["completed"], summary["expected"]) == (1, 1)


def test_assigning_an_unknown_supplier_or_twice(client: TestClient, db: Database) -> None:
    supplier(db, "S1")
    programme = create(client)
    url = f"/api/v1/training/programmes/{programme['id']}/assignments"
    assert client.post(url, json={"supplier_code": "NOPE"}).status_code == 404
    assert client.post(url, json={"supplier_code": "S1"}).status_code == 201
    twice = client.post(url, json={"supplier_code": "S1"})
    assert twice.status_code == 409
    assert twice.json()["errors"][0]["reason"] == "already assigned"


def test_proposing_for_a_training_already_held_is_refused(client: TestClient) -> None:
    past = create(client, held_on="2020-01-01")
    response = client.post(f"/api/v1/training/programmes/{past['id']}/proposals")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "held_on"


def test_procurement_reads_trainings_but_an_esg_manager_schedules_them(
    client_as: Callable[..., TestClient],
) -> None:
    procurement = client_as(Role.PROCUREMENT)
    assert procurement.get("/api/v1/training/programmes").status_code == 200
    assert procurement.post("/api/v1/training/programmes", json=PROGRAMME).status_code == 403
    manager = client_as(Role.ESG_MANAGER)
    assert manager.post("/api/v1/training/programmes", json=PROGRAMME).status_code == 201


def test_a_programme_on_sections_proposes_by_open_findings(
    client: TestClient, db: Database
) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)  # LAB-01 critical, HS-02 major
    supplier(db, "GREEN")
    audit(db, "GREEN", date(2026, 4, 1), LOW)  # ENV-07 minor
    programme = create(
        client, topic="Fire safety", sections=["health_and_safety", "health_and_safety"]
    )
    assert programme["sections"] == ["health_and_safety"]
    general = create(client)
    assert general["sections"] == []

    proposed = client.post(f"/api/v1/training/programmes/{programme['id']}/proposals")
    assert proposed.status_code == 200
    (proposal,) = proposed.json()
    assert (proposal["supplier_code"], proposal["answers"]) == ("FAILED", ["HS-02"])
    assert proposal["reasons"][0] == {
        "rule": "training.open_findings",
        "text": "open findings in health and safety: HS-02 "
        "(manual section 9: training to help suppliers improve)",
    }
    detail = client.get(f"/api/v1/training/programmes/{programme['id']}").json()
    assert detail["sections"] == ["health_and_safety"]
    assert [a["answers"] for a in detail["assignments"]] == [["HS-02"]]
    record = client.get("/api/v1/training/suppliers/FAILED").json()
    assert record[0]["assignment"]["answers"] == ["HS-02"]


def test_an_unknown_section_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/v1/training/programmes", json={**PROGRAMME, "sections": ["fire_safety"]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("sections")
