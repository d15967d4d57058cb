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

MAJOR = ("ENV-01", "LAB-03", "LAB-04", "HS-01")


@pytest.fixture
def audit(db: Database) -> str:
    """A completed audit of SUP-1 on 2026-03-10: four major non-conformities, medium risk."""
    suppliers.create_supplier(
        db, SupplierProfile("SUP-1", "Foshan Castings Co.", "CN", "castings", 1), "tests"
    )
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    findings = tuple(
        Finding(r.id, Verdict.MAJOR, "seen on site")
        if r.id in MAJOR
        else Finding(r.id, Verdict.CONFORMING)
        for r in code.requirements
    )
    details = AuditDetails(
        AuditType.DESKTOP_REVIEW, "A. Auditor", date(2026, 3, 10), date(2026, 3, 10)
    )
    audits.record_audit(db, AuditDraft("SUP-1", "2026", details, findings, "A-1"), "tests")
    return "A-1"


def nc_ids(client: TestClient, audit: str) -> list[int]:
    return [
        nc["id"] for nc in client.get(f"/api/v1/non-conformities?audit={audit}").json()["items"]
    ]


def test_non_conformities_are_listed_with_their_audit_and_supplier(
    client: TestClient, audit: str
) -> None:
    response = client.get("/api/v1/non-conformities?supplier=SUP-1")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(nc["requirement"], nc["severity"], nc["status"]) for nc in items] == [
        ("ENV-01", "major", "open"),
        ("LAB-03", "major", "open"),
        ("LAB-04", "major", "open"),
        ("HS-01", "major", "open"),
    ]
    assert {(nc["audit"], nc["supplier"], nc["overdue"]) for nc in items} == {
        ("A-1", "SUP-1", False)
    }


def test_a_plan_is_submitted_rejected_with_a_reason_then_accepted(
    client: TestClient, client_as: Callable[..., TestClient], audit: str
) -> None:
    """Staff record a supplier's plan; another person decides it (four eyes)."""
    checker = client_as(Role.ESG_MANAGER)
    ids = nc_ids(client, audit)
    body = {
        "audit": audit,
        "submitted_on": "2026-04-01",
        "actions": [
            {"nc_id": i, "action": "Fix it", "owner": "Plant manager", "due_on": "2026-07-31"}
            for i in ids
        ],
    }
    submitted = client.post("/api/v1/improvement-plans", json=body)
    assert submitted.status_code == 201, submitted.text
    plan_id = submitted.json()["id"]
    assert (submitted.json()["status"], submitted.json()["audit"]) == ("submitted", "A-1")
    own = client.post(f"/api/v1/improvement-plans/{plan_id}/decision", json={"accept": True})
    assert own.status_code == 422
    assert own.json()["errors"][0]["field"] == "actor"
    assert "who submitted a plan cannot accept it" in own.json()["errors"][0]["reason"]
    no_reason = checker.post(
        f"/api/v1/improvement-plans/{plan_id}/decision", json={"accept": False}
    )
    assert no_reason.status_code == 422
    rejected = checker.post(
        f"/api/v1/improvement-plans/{plan_id}/decision",
        json={"accept": False, "reason": "no root cause", "decided_on": "2026-04-03"},
    )
    assert (rejected.json()["status"], rejected.json()["decision_reason"]) == (
        "rejected",
        "no root cause",
    )
    again = client.post("/api/v1/improvement-plans", json={**body, "submitted_on": "2026-04-10"})
    accepted = checker.post(
        f"/api/v1/improvement-plans/{again.json()['id']}/decision",
        json={"accept": True, "decided_on": "2026-04-12"},
    )
    assert accepted.status_code == 200
    assert [p["status"] for p in client.get("/api/v1/improvement-plans?audit=A-1").json()] == [
        "rejected",
        "accepted",
    ]
    met = client.get("/api/v1/audits/A-1?as_of=2026-12-31").json()["plan_deadline"]
    assert (met["state"], met["met_on"], met["due_on"]) == ("met", "2026-04-12", "2026-09-10")
    late = client.get("/api/v1/non-conformities?overdue=true&as_of=2026-08-01").json()["items"]
    assert [(nc["owner"], nc["due_on"], nc["overdue"], nc["overdue_since"]) for nc in late] == [
        ("Plant manager", "2026-07-31", True, "2026-08-01")
    ] * 4


def test_a_plan_for_another_audits_non_conformity_is_refused(
    client: TestClient, audit: str
) -> None:
    body = {
        "audit": audit,
        "actions": [{"nc_id": 999999, "action": "x", "owner": "y", "due_on": "2026-12-31"}],
    }
    response = client.post("/api/v1/improvement-plans", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "nc_id",
        "reason": "is not a non-conformity of this audit",
        "row": 1,
        "value": "999999",
    }


def test_a_non_conformity_is_followed_to_closure(
    client_as: Callable[..., TestClient], audit: str
) -> None:
    client = client_as(Role.ADMIN, clock=FixedClock.on(date(2026, 11, 21)))
    nc_id = nc_ids(client, audit)[0]
    agreed = client.post(
        f"/api/v1/non-conformities/{nc_id}/closing-date",
        json={"due_on": "2026-12-31", "owner": "EHS officer"},
    )
    assert (agreed.status_code, agreed.json()["due_on"]) == (200, "2026-12-31")
    started = client.post(f"/api/v1/non-conformities/{nc_id}/start", json={"on": "2026-04-01"})
    assert started.json()["status"] == "in_progress"
    sent = client.post(
        f"/api/v1/non-conformities/{nc_id}/evidence",
        json={"evidence": ["permit-2026.pdf"], "on": "2026-05-01"},
    )
    assert (sent.json()["status"], sent.json()["evidence"]) == (
        "awaiting_verification",
        ["permit-2026.pdf"],
    )
    closed = client.post(
        f"/api/v1/non-conformities/{nc_id}/verification",
        json={"accepted": True, "on": "2026-05-03"},
    )
    assert (closed.json()["status"], closed.json()["closed_on"]) == ("closed", "2026-05-03")
    history = client.get(f"/api/v1/non-conformities/{nc_id}/history").json()
    assert [h["to_status"] for h in history] == [
        "open",
        "open",
        "in_progress",
        "awaiting_verification",
        "closed",
    ]
    reopened = client.post(f"/api/v1/non-conformities/{nc_id}/start", json={})
    assert reopened.status_code == 422
    assert "none (it is final)" in reopened.json()["errors"][0]["reason"]


def test_an_unknown_non_conformity_is_404(client: TestClient) -> None:
    response = client.post("/api/v1/non-conformities/999999/start", json={})
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no non-conformity 999999."
