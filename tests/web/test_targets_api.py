from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from esg_builders import CHECKER, organisation, submit
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import esg_data

ClientFactory = Any
CLOCK = FixedClock.on(date(2025, 3, 10))
BODY: dict[str, Any] = {
    "metric": "water_consumption",
    "kind": "intensity",
    "normaliser": "production_volume",
    "base_year": 2024,
    "target_year": 2030,
    "reduction_pct": "30",
    "description": "Use less fresh water per vehicle",
    "steps": "Closed-loop rinsing in the paint shop",
    "owner": "Plant manager",
}


@pytest.fixture
def staff(db: Database, client_as: ClientFactory) -> TestClient:
    """An ESG manager's client over FY2024 and FY2025 water and vehicles, approved."""
    organisation(db)
    ids = [
        submit(db, "CQ1", metric, str(year), value, unit)
        for year, water, vehicles in ((2024, "1000", "100"), (2025, "850", "100"))
        for metric, value, unit in (
            ("water_consumption", water, "m3"),
            ("production_volume", vehicles, "vehicle"),
        )
    ]
    esg_data.approve_values(db, ids, CHECKER)
    return client_as(Role.ESG_MANAGER, clock=CLOCK)


def test_a_target_is_set_and_read_back_with_its_progress(staff: TestClient) -> None:
    answer = staff.post("/api/v1/targets", json=BODY)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert answer.headers["Location"] == f"/api/v1/targets/{body['id']}"
    assert (body["base"], body["base_computed"], body["goal"]) == ("10", True, "7.0")
    assert body["unit"] == "m³/vehicle"
    assert body["adopted_on"] == "2025-03-10"
    [year] = body["progress"]
    # the path from 10 (2024) to 7 (2030) is at 9.5 in 2025: 8.5 is on track
    assert (year["year"], year["value"], year["status"]) == (2025, "8.5", "on_track")
    assert year["change_from_base_pct"] == "-15.00"
    listed = staff.get("/api/v1/targets").json()
    assert [t["id"] for t in listed] == [body["id"]]
    assert staff.get(f"/api/v1/targets/{body['id']}").json()["goal"] == "7.0"


def test_a_target_is_changed_and_withdrawn(staff: TestClient) -> None:
    target_id = staff.post("/api/v1/targets", json=BODY).json()["id"]
    changed = staff.put(f"/api/v1/targets/{target_id}", json={**BODY, "reduction_pct": "50"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["goal"] == "5.0"
    withdrawn = staff.delete(f"/api/v1/targets/{target_id}", params={"on": "2025-06-30"})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_on"] == "2025-06-30"
    assert staff.get("/api/v1/targets").json() == []
    assert [t["id"] for t in staff.get("/api/v1/targets", params={"year": 2024}).json()] == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"base_year": "2024"}, "base_year"),
        ({"base_year": 1999}, "base_year"),
        ({"reduction_pct": False}, "reduction_pct"),
        ({"metric": "happiness"}, "metric"),
        ({"description": 5}, "description"),
        ({"target_value": "700"}, "target_value"),
        ({"normaliser": "vehicles"}, "normaliser"),
        ({"base_year": 2020}, "base_value"),
        ({"accounting": "net"}, "accounting"),
        ({"credits": [{"year": 2025, "t_co2e": "1"}]}, "credits"),
        ({"entity": "NOPE"}, "entity"),
        ({"adopted_on": 0}, "adopted_on"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    staff: TestClient, changes: dict[str, Any], field: str
) -> None:
    answer = staff.post("/api/v1/targets", json={**BODY, **changes})
    assert answer.status_code == 422, answer.text
    assert field in answer.text


@pytest.mark.parametrize("path", ["/api/v1/targets/0", "/api/v1/targets/2147483648"])
def test_an_id_no_table_holds_is_a_422(staff: TestClient, path: str) -> None:
    assert staff.get(path).status_code == 422


def test_an_unknown_target_is_a_404(staff: TestClient) -> None:
    assert staff.get("/api/v1/targets/99999").status_code == 404
    assert staff.delete("/api/v1/targets/99999").status_code == 404


def test_a_viewer_reads_targets_but_cannot_set_one(
    staff: TestClient, client_as: ClientFactory
) -> None:
    viewer = client_as(Role.VIEWER)
    assert viewer.get("/api/v1/targets").status_code == 200
    assert viewer.post("/api/v1/targets", json=BODY).status_code == 403
