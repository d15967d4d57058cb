"""The portal tells a supplier whose orders were terminated from which day and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from portal_builders import TODAY
from programme_builders import HIGH, audited, supplier
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import rating

ENDED = TODAY - timedelta(days=200)  # a high-risk audit whose plan deadline passed


def test_the_portal_says_the_orders_were_terminated_from_which_day_and_why(
    db: Database, client_as: Callable[..., TestClient]
) -> None:
    supplier(db, "GONE")
    audit = audited(db, ENDED, "GONE", **HIGH)
    [termination] = rating.enforce_plan_deadlines(db, TODAY, "daily jobs")
    portal = client_as(Role.SUPPLIER_USER, supplier="GONE")
    page = portal.get("/portal")
    assert page.status_code == 200
    assert "Your orders are terminated" in page.text
    assert audit.reference in page.text
    due = portal.get("/api/v1/portal/deadlines")
    assert due.status_code == 200
    assert due.json()["termination"] == {
        "effective_on": termination.effective_on.isoformat(),
        "reason": termination.reason,
        "audit_reference": audit.reference,
        "missed_deadline": (termination.effective_on - timedelta(days=1)).isoformat(),
    }


def test_a_supplier_in_good_standing_sees_no_notice(own: TestClient) -> None:
    assert "Your orders are terminated" not in own.get("/portal").text
    assert own.get("/api/v1/portal/deadlines").json()["termination"] is None
