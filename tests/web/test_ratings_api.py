from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.audits import AuditDetails, AuditType, Finding, Verdict
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import audits, conduct, suppliers
from supplyesg.services.audits import AuditDraft


@pytest.fixture
def programme(db: Database) -> None:
    """LOW audited low risk, HIGH audited high risk on 2026-03-15, NEVER not audited."""
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    for supplier_code in ("HIGH", "LOW", "NEVER"):
        profile = SupplierProfile(supplier_code, f"{supplier_code} Ltd.", "CN", "castings", 1)
        suppliers.create_supplier(db, profile, "tests")
    for supplier_code, verdict in (("LOW", Verdict.CONFORMING), ("HIGH", Verdict.CRITICAL)):
        findings = tuple(
            Finding(r.id, verdict, "seen")
            if r.id == "LAB-01"
            else Finding(r.id, Verdict.CONFORMING)
            for r in code.requirements
        )
        details = AuditDetails(
            AuditType.ON_SITE_ANNOUNCED, "A. Auditor", date(2026, 3, 15), date(2026, 3, 15)
        )
        draft = AuditDraft(supplier_code, "2026", details, findings, f"A-{supplier_code}")
        audits.record_audit(db, draft, "tests")


def test_rating_a_quarter_reports_what_it_did_and_again_changes_nothing(
    client: TestClient, programme: None
) -> None:
    first = client.post("/api/v1/ratings/2026Q2")
    assert first.status_code == 200, first.text
    assert first.json() == {
        "quarter": "2026Q2",
        "policy_version": "2026-01",
        "rated": 3,
        "by_state": {"rated": 2, "not_rated": 1},
        "by_score": {"1": 1, "-1": 1},
        "inserted": 3,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
    }
    again = client.post("/api/v1/ratings/2026Q2").json()
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_ratings_are_listed_with_reasons_and_filtered(client: TestClient, programme: None) -> None:
    client.post("/api/v1/ratings/2026Q2")
    listed = client.get("/api/v1/ratings/2026Q2").json()["items"]
    assert [(r["supplier"], r["state"], r["score"], r["audit"]) for r in listed] == [
        ("HIGH", "rated", -1, "A-HIGH"),
        ("LOW", "rated", 1, "A-LOW"),
        ("NEVER", "not_rated", None, None),
    ]
    high = listed[0]
    assert high["reasons"][:2] == [
        {
            "rule": "rating.score",
            "text": "ESG score -1: high-risk audit A-HIGH of 2026-03-15; orders terminated "
            "for a missed plan deadline",
        },
        {
            "rule": "rating.high_risk",
            "text": "audit A-HIGH of 2026-03-15: score 94.74, high risk, which scores -1 "
            "(manual section 9)",
        },
    ]
    assert high["reasons"][-1]["rule"] == "plan.termination"
    only = client.get("/api/v1/ratings/2026Q2?state=not_rated").json()["items"]
    assert [r["supplier"] for r in only] == ["NEVER"]
    assert client.get("/api/v1/ratings/quarters").json() == ["2026Q2"]
    history = client.get("/api/v1/ratings/suppliers/LOW").json()
    assert [(r["quarter"], r["score"]) for r in history] == [("2026Q2", 1)]


def test_the_missed_high_risk_plan_terminates_the_orders(
    client: TestClient, programme: None
) -> None:
    response = client.post("/api/v1/ratings/plan-deadlines", json={"as_of": "2026-06-16"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "supplier": "HIGH",
            "audit": "A-HIGH",
            "reason": "high-risk audit A-HIGH of 2026-03-15: a plan covering the 1 "
            "non-conformity was not accepted by the deadline of 2026-06-15; "
            "orders terminated (manual section 9)",
            "effective_on": "2026-06-16",
        }
    ]
    assert client.get("/api/v1/suppliers/HIGH").json()["status"] == "terminated"
    assert client.post("/api/v1/ratings/plan-deadlines", json={}).json() == []


@pytest.mark.parametrize(
    ("quarter", "status", "field"),
    [("2026Q5", 422, "quarter"), ("next", 422, "quarter"), ("2026Q4", 400, "quarter")],
)
def test_a_bad_or_unfinished_quarter_is_refused(
    client_as: Callable[..., TestClient], quarter: str, status: int, field: str
) -> None:
    client = client_as(Role.ADMIN, clock=FixedClock.on(date(2026, 11, 21)))
    response = client.post(f"/api/v1/ratings/{quarter}")
    assert response.status_code == status
    assert response.json()["errors"][0]["field"] == field
