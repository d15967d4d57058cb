"""POST /api/v1/audits/{reference}/review: staff review a supplier's self-assessment."""

from datetime import date

from fastapi.testclient import TestClient

from programme_builders import HIGH, audited, own_self_assessment, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role

DAY = date(2026, 6, 5)


def test_an_auditor_reviews_a_self_assessment_and_the_review_sets_the_risk(
    db: Database, client_as
) -> None:
    supplier(db, "HI")
    audited(db, date(2026, 2, 10), "HI", reference="STAFF-HIGH", **HIGH)
    own = own_self_assessment(db, date(2026, 6, 1))
    auditor: TestClient = client_as(Role.AUDITOR, clock=FixedClock.on(DAY))
    before = auditor.get(f"/api/v1/audits/{own.reference}")
    assert before.json()["completed_by"] == "supplier"
    body = {
        "auditor": "R. Reviewer",
        "ended_on": "2026-06-05",
        "reference": "REV-1",
        "findings": [
            {"requirement": "LAB-01", "verdict": "critical", "notes": "underage night shift"}
        ],
    }
    response = auditor.post(f"/api/v1/audits/{own.reference}/review", json=body)
    assert response.status_code == 201, response.text
    review = response.json()
    assert response.headers["Location"] == "/api/v1/audits/REV-1"
    assert (review["audit_type"], review["completed_by"], review["auditor"]) == (
        "desktop_review",
        "staff",
        "R. Reviewer",
    )
    assert review["result"]["risk_level"] == "high"
    assert review["non_conformities"] == 1
    register = auditor.get("/api/v1/risk/suppliers/HI", params={"as_of": "2026-06-05"})
    assert register.status_code == 200, register.text
    assert register.json()["latest_audit"]["reference"] == "REV-1"


def test_a_second_review_is_a_conflict_and_bad_verdicts_name_the_row(
    db: Database, client_as
) -> None:
    supplier(db, "HI")
    own = own_self_assessment(db, date(2026, 6, 1))
    auditor: TestClient = client_as(Role.AUDITOR, clock=FixedClock.on(DAY))
    path = f"/api/v1/audits/{own.reference}/review"
    bad = auditor.post(
        path,
        json={
            "auditor": "R. Reviewer",
            "ended_on": "2026-06-05",
            "findings": [{"requirement": "HS-02", "verdict": "major"}],
        },
    )
    assert bad.status_code == 422
    assert any(e["field"] == "notes" for e in bad.json()["errors"])
    early = auditor.post(path, json={"auditor": "R. Reviewer", "ended_on": "2026-05-31"})
    assert early.status_code == 422
    assert [e["field"] for e in early.json()["errors"]] == ["ended_on"]
    assert (
        auditor.post(path, json={"auditor": "R. Reviewer", "ended_on": "2026-06-05"}).status_code
        == 201
    )
    again = auditor.post(path, json={"auditor": "R. Reviewer", "ended_on": "2026-06-06"})
    assert again.status_code == 409
    assert again.json()["errors"][0]["reason"] == "was already reviewed by"


def test_a_supplier_user_cannot_review_its_own(db: Database, client_as) -> None:
    supplier(db, "HI")
    own = own_self_assessment(db, date(2026, 6, 1))
    portal = client_as(Role.SUPPLIER_USER, supplier="HI")
    response = portal.post(
        f"/api/v1/audits/{own.reference}/review",
        json={"auditor": "Me", "ended_on": "2026-06-05"},
    )
    assert response.status_code == 404  # the staff API does not exist for a supplier user
