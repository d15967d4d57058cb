from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from programme_builders import MEDIUM, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy
from supplyesg.services import policy_files, rating
from supplyesg.web.api import policy as policy_api

TODAY = date(2026, 4, 1)
ClientFactory = Any


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy_api, "today", lambda: TODAY)


def edition(**changes: object) -> dict[str, object]:
    body = policy_files.settings_mapping(Policy())
    return {**body, "version": "2026-05", "effective_from": "2026-05-01", "note": "why", **changes}


def test_the_shipped_edition_is_listed_and_in_force(client: TestClient) -> None:
    [shipped] = client.get("/api/v1/policy/editions").json()
    assert (shipped["version"], shipped["source"], shipped["in_force"]) == (
        "2026-01",
        "shipped",
        True,
    )
    assert (shipped["audit_cycle_months"], shipped["min_esg_weight"]) == (12, "0.01")
    on = client.get("/api/v1/policy/in-force", params={"on": "2025-06-30"}).json()
    assert on["version"] == "2026-01"


def test_an_added_edition_is_scheduled_then_in_force(client: TestClient) -> None:
    created = client.post("/api/v1/policy/editions", json=edition(audit_cycle_months=6))
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == "/api/v1/policy/editions/2026-05"
    body = created.json()
    assert (body["source"], body["scheduled"], body["in_force"]) == ("added", True, False)
    assert body["created_by"]
    before = client.get("/api/v1/policy/in-force", params={"on": "2026-04-30"}).json()
    after = client.get("/api/v1/policy/in-force", params={"on": "2026-05-01"}).json()
    assert (before["version"], after["version"], after["audit_cycle_months"]) == (
        "2026-01",
        "2026-05",
        6,
    )
    detail = client.get("/api/v1/policy/editions/2026-05").json()
    assert detail["previous_version"] == "2026-01"
    assert detail["changes"] == [{"setting": "audit_cycle_months", "before": "12", "after": "6"}]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"audit_cycle_months": True}, "audit_cycle_months"),
        ({"audit_cycle_months": "12"}, "audit_cycle_months"),
        ({"minor_credit": False}, "minor_credit"),
        ({"minor_credit": "half"}, "minor_credit"),
        ({"effective_from": "01/05/2026"}, "effective_from"),
        ({"confirm_rejudge": "yes"}, "confirm_rejudge"),
        ({"audit_cycle_months": 0}, "audit_cycle_months"),
        ({"medium_risk_min_score": "90"}, "medium_risk_min_score"),
        ({"low_risk_score": 2}, "low_risk_score"),
        ({"note": ""}, "note"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_edition_is_a_422_naming_the_setting(
    client: TestClient, changes: dict[str, object], field: str
) -> None:
    response = client.post("/api/v1/policy/editions", json=edition(**changes))
    assert response.status_code == 422, response.text
    assert field in [e["field"].split(".")[-1] for e in response.json()["errors"]]
    assert len(client.get("/api/v1/policy/editions").json()) == 1


def test_a_used_version_or_day_is_a_409(client: TestClient) -> None:
    assert client.post("/api/v1/policy/editions", json=edition()).status_code == 201
    again = client.post("/api/v1/policy/editions", json=edition(effective_from="2026-06-01"))
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "version"
    shipped = client.post("/api/v1/policy/editions", json=edition(version="2026-01"))
    assert shipped.status_code == 409


def test_only_a_scheduled_added_edition_can_be_withdrawn(client: TestClient) -> None:
    client.post("/api/v1/policy/editions", json=edition())
    assert client.delete("/api/v1/policy/editions/2026-01").status_code == 409
    assert client.delete("/api/v1/policy/editions/nothing").status_code == 404
    assert client.delete("/api/v1/policy/editions/2026-05").status_code == 204
    assert client.get("/api/v1/policy/editions/2026-05").status_code == 404


def test_an_edition_in_force_is_not_withdrawn(client: TestClient) -> None:
    client.post("/api/v1/policy/editions", json=edition(effective_from="2026-04-01"))
    refused = client.delete("/api/v1/policy/editions/2026-05")
    assert refused.status_code == 409
    assert "took effect on 2026-04-01" in refused.json()["errors"][0]["reason"]


def test_viewers_read_the_policy_and_only_managers_change_it(client_as: ClientFactory) -> None:
    viewer = client_as(Role.VIEWER)
    assert viewer.get("/api/v1/policy/editions").status_code == 200
    assert viewer.post("/api/v1/policy/editions", json=edition()).status_code == 403
    assert viewer.delete("/api/v1/policy/editions/2026-01").status_code == 403
    manager = client_as(Role.ESG_MANAGER)
    assert manager.post("/api/v1/policy/editions", json=edition()).status_code == 201


def test_which_audit_types_set_the_risk_is_a_setting_with_defaults(client: TestClient) -> None:
    shipped = client.get("/api/v1/policy/in-force").json()
    assert (
        shipped["self_assessment_authority"],
        shipped["desktop_review_authority"],
        shipped["on_site_authority"],
    ) == ("raise", "set", "set")
    body = edition()
    for name in ("self_assessment_authority", "desktop_review_authority", "on_site_authority"):
        del body[name]
    created = client.post("/api/v1/policy/editions", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["self_assessment_authority"] == "raise"
    stricter = edition(
        version="2026-06", effective_from="2026-06-01", desktop_review_authority="raise"
    )
    assert client.post("/api/v1/policy/editions", json=stricter).status_code == 201
    detail = client.get("/api/v1/policy/editions/2026-06").json()
    assert detail["changes"] == [
        {"setting": "desktop_review_authority", "before": "set", "after": "raise"}
    ]
    bad = client.post(
        "/api/v1/policy/editions",
        json=edition(version="2026-07", effective_from="2026-07-01", on_site_authority="always"),
    )
    assert bad.status_code == 422
    assert "on_site_authority" in [e["field"].split(".")[-1] for e in bad.json()["errors"]]


HISTORY = FixedClock.on(date(2026, 12, 8))


def historical(**changes: object) -> dict[str, object]:
    return edition(
        version="2026-H", effective_from="2026-01-01", note="Imported history", **changes
    )


def test_a_historical_edition_is_for_administrators(client_as: ClientFactory) -> None:
    manager = client_as(Role.ESG_MANAGER)
    refused = manager.post("/api/v1/policy/editions", json=historical())
    assert refused.status_code == 403, refused.text
    assert refused.json()["errors"][0]["field"] == "effective_from"
    admin = client_as(Role.ADMIN, clock=HISTORY)
    added = admin.post("/api/v1/policy/editions", json=historical())
    assert added.status_code == 201, added.text
    assert (added.json()["effective_from"], added.json()["rejudgement"]) == ("2026-01-01", None)


def test_a_historical_edition_under_stored_ratings_is_a_409_then_rejudged_when_confirmed(
    db: Database, client_as: ClientFactory
) -> None:
    supplier(db, "MED")
    audited(db, date(2025, 10, 15), "MED", **MEDIUM)  # six months: due 2026-04-15
    rating.rate_quarter(db, Quarter(2026, 1), clock=HISTORY)
    admin = client_as(Role.ADMIN, clock=HISTORY)
    body = historical(medium_risk_plan_months=3)  # due 2026-01-15
    refused = admin.post("/api/v1/policy/editions", json=body)
    assert refused.status_code == 409, refused.text
    assert [(e["field"], e["reason"]) for e in refused.json()["errors"]] == [
        ("ratings", "1 stored: 1 in 2026Q1")
    ]
    assert admin.get("/api/v1/policy/editions/2026-H").status_code == 404
    confirmed = admin.post("/api/v1/policy/editions", json={**body, "confirm_rejudge": True})
    assert confirmed.status_code == 201, confirmed.text
    report = confirmed.json()["rejudgement"]
    assert (report["period_from"], report["period_to"]) == ("2026-01-01", None)
    assert report["quarters_rated"] == ["2026Q1"]
    assert report["rating_changes"] == [
        {"supplier_code": "MED", "quarter": "2026Q1", "before": "0", "after": "-1"}
    ]
    [stored] = admin.get("/api/v1/ratings/2026Q1").json()["items"]
    assert (stored["score"], stored["policy_version"]) == (-1, "2026-H")
