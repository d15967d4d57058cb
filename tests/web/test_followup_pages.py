"""Follow-up pages: non-conformities with overdue flags, plans submitted, accepted, rejected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from programme_pages import ACTOR, plain, reasons, record, table_rows, texts

from planning_builders import HIGH, LOW, MEDIUM, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import audits, conduct, nonconformities
from supplyesg.web.deps import get_actor

TODAY = date(2026, 11, 21)


@pytest.fixture
def staff(client_as: Callable[..., TestClient], db: Database) -> TestClient:
    """A client acting as one member of staff on TODAY, with the default code of conduct."""
    conduct.install_default_code(db)
    client = client_as(Role.ADMIN, clock=FixedClock.on(TODAY))
    client.app.dependency_overrides[get_actor] = lambda: ACTOR  # type: ignore[attr-defined]
    return client


@pytest.fixture
def checker(client_as: Callable[..., TestClient]) -> TestClient:
    """A second member of staff, who decides the plans that `staff` recorded (four eyes)."""
    return client_as(Role.ESG_MANAGER, clock=FixedClock.on(TODAY))


@pytest.fixture
def followed(staff: TestClient, db: Database) -> dict[str, list[int]]:
    """A low-risk audit (one minor NC), a medium one (four majors), a high one (two NCs)."""
    for code in ("AXL-1", "CAB-1", "ELE-1"):
        supplier(db, code)
    record(db, "AXL-1", date(2026, 3, 10), LOW, "A-LOW")
    record(db, "CAB-1", date(2026, 9, 30), MEDIUM, "A-MEDIUM")
    record(db, "ELE-1", date(2026, 5, 5), HIGH, "A-HIGH")
    return {ref: _nc_ids(db, ref) for ref in ("A-LOW", "A-MEDIUM", "A-HIGH")}


def today() -> date:
    return TODAY


def _nc_ids(db: Database, reference: str) -> list[int]:
    audit_id = audits.get_audit(db, reference).id
    page = nonconformities.list_nonconformities(db, NcFilter(audit_id=audit_id), today())
    return [r.row.id for r in page.items]


# Non-conformities


def test_the_nc_list_shows_each_with_its_audit_status_and_what_it_needs(
    staff: TestClient, followed: dict[str, list[int]]
) -> None:
    html = staff.get("/non-conformities").text
    rows = table_rows(html, "ncs")
    assert len(rows) == 7
    low = next(row for row in rows if row[1] == "A-LOW")
    assert low[2:6] == ["AXL-1", "ENV-07", "Minor", "Open"]
    assert "Agree a closing date" in low[7]
    only_high = staff.get("/non-conformities", params={"audit": "A-HIGH"}).text
    assert [row[3] for row in table_rows(only_high, "ncs")] == ["LAB-01", "HS-02"]


def test_a_closing_date_is_agreed_then_the_nc_is_overdue_and_then_closed(
    staff: TestClient, db: Database, followed: dict[str, list[int]]
) -> None:
    nc_id = followed["A-LOW"][0]
    page = staff.get(f"/non-conformities/{nc_id}").text
    assert "Agree a closing date" in page
    refused = staff.post(
        f"/non-conformities/{nc_id}/closing-date", data={"due_on": "2026-01-01", "owner": ""}
    )
    assert refused.status_code == 422
    assert reasons(refused.text) == {
        "due_on": [f"is before the day it is agreed ({today().isoformat()})"],
        "owner": ["is required, up to 2000 characters"],
    }
    agreed = staff.post(
        f"/non-conformities/{nc_id}/closing-date",
        data={"due_on": "2099-01-31", "owner": "Wang Fang"},
        follow_redirects=False,
    )
    assert agreed.status_code == 303
    shown = staff.get(f"/non-conformities/{nc_id}").text
    assert "Closing date agreed." in shown
    assert "2099-01-31" in shown
    assert "Wang Fang" in shown

    evidence = staff.post(f"/non-conformities/{nc_id}/evidence", data={"evidence": ""})
    assert reasons(evidence.text) == {"evidence": ["name at least one evidence file"]}
    staff.post(f"/non-conformities/{nc_id}/evidence", data={"evidence": "meter-log.xlsx"})
    sent_back = staff.post(f"/non-conformities/{nc_id}/verification", data={"decision": "reject"})
    assert reasons(sent_back.text) == {"note": ["say why the evidence is not enough"]}
    closed = staff.post(
        f"/non-conformities/{nc_id}/verification", data={"decision": "close", "note": ""}
    )
    assert closed.status_code == 200  # redirect followed
    text = plain(closed.text)
    assert "Verified and closed." in text
    assert texts(closed.text, "badge nc-status")[0] == "Closed"
    assert "Nothing more is expected: it is closed." in text


def test_overdue_only_lists_the_non_conformities_past_their_closing_date(
    staff: TestClient, db: Database, followed: dict[str, list[int]]
) -> None:
    nc_id = followed["A-LOW"][0]
    with db.transaction() as session:
        row = nonconformities.require_nc(session, nc_id)
        row.due_on = date(2026, 6, 30)  # agreed earlier, now passed
    html = staff.get("/non-conformities", params={"overdue": "on"}).text
    rows = table_rows(html, "ncs")
    assert [(row[1], row[3]) for row in rows] == [("A-LOW", "ENV-07")]
    assert "2026-06-30 Overdue since 2026-07-01" in rows[0][7]


# Improvement plans


def test_a_plan_is_submitted_then_accepted_and_the_deadline_is_met(
    staff: TestClient, checker: TestClient, db: Database, followed: dict[str, list[int]]
) -> None:
    first, second, *_rest = followed["A-MEDIUM"]
    form = staff.get("/improvement-plans/new", params={"audit": "A-MEDIUM"})
    assert form.status_code == 200
    assert "an improvement plan must be accepted by 2027-03-30" in plain(form.text)
    assert form.text.count('name="action.') == 4

    refused = staff.post(
        "/improvement-plans/new",
        data={"audit": "A-MEDIUM", f"action.{first}": "Train the welders", f"due_on.{first}": "x"},
    )
    assert refused.status_code == 422
    assert reasons(refused.text) == {f"due_on.{first}": ["must be a date such as 2026-03-15"]}
    refused = staff.post(
        "/improvement-plans/new",
        data={
            "audit": "A-MEDIUM",
            f"action.{first}": "Train the welders",
            f"due_on.{first}": "2026-12-31",
        },
    )
    assert reasons(refused.text) == {
        f"owner.{first}": ["is required, up to 2000 characters"],
    }
    submitted = staff.post(
        "/improvement-plans/new",
        data={
            "audit": "A-MEDIUM",
            f"action.{first}": "Train the welders",
            f"owner.{first}": "Zhao Lei",
            f"due_on.{first}": "2026-12-31",
            f"action.{second}": "Replace the guards",
            f"owner.{second}": "Zhao Lei",
            f"due_on.{second}": "2027-01-31",
        },
        follow_redirects=False,
    )
    assert submitted.status_code == 303
    plan_url = submitted.headers["location"]
    page = staff.get(plan_url).text
    assert texts(page, "badge plan-status") == ["Plan submitted"]
    assert [row[1:4] for row in table_rows(page, "plan-actions")] == [
        ["Train the welders", "Zhao Lei", "2026-12-31"],
        ["Replace the guards", "Zhao Lei", "2027-01-31"],
    ]
    assert "Plan due 2027-03-30" in plain(page)

    own = staff.post(f"{plan_url}/decision", data={"decision": "accept"})
    assert own.status_code == 422
    assert "the person who submitted a plan cannot accept it" in plain(own.text)
    accepted = checker.post(f"{plan_url}/decision", data={"decision": "accept"})
    assert accepted.status_code == 200
    text = plain(accepted.text)
    assert "accepted." in text
    assert texts(accepted.text, "badge plan-status") == ["Plan accepted"]
    assert "Plan in time" in text
    assert (
        f"an improvement plan was accepted on {today().isoformat()}, within the deadline of "
        "2027-03-30"
    ) in text
    listed = table_rows(staff.get("/improvement-plans").text, "plans")
    assert [(row[1].split()[0], row[3], row[7].split()[:3]) for row in listed] == [
        ("A-MEDIUM", "Plan accepted", ["Plan", "in", "time"])
    ]


def test_a_plan_rejected_needs_a_reason_and_keeps_the_clock_running(
    staff: TestClient, checker: TestClient, followed: dict[str, list[int]]
) -> None:
    nc_id = followed["A-HIGH"][0]
    submitted = staff.post(
        "/improvement-plans/new",
        data={
            "audit": "A-HIGH",
            "submitted_on": "2026-06-01",
            f"action.{nc_id}": "Verify the age of every worker",
            f"owner.{nc_id}": "HR director",
            f"due_on.{nc_id}": "2026-07-01",
        },
        follow_redirects=False,
    )
    plan_url = submitted.headers["location"]
    refused = checker.post(f"{plan_url}/decision", data={"decision": "reject", "reason": " "})
    assert refused.status_code == 422
    assert reasons(refused.text) == {"reason": ["a rejected plan needs a reason"]}
    rejected = checker.post(
        f"{plan_url}/decision", data={"decision": "reject", "reason": "Covers only one of two NCs"}
    )
    assert texts(rejected.text, "badge plan-status") == ["Plan rejected"]
    assert "Covers only one of two NCs" in rejected.text
    assert "Plan deadline missed" in plain(rejected.text)


def test_an_audit_without_open_non_conformities_offers_no_plan(
    staff: TestClient, db: Database
) -> None:
    supplier(db, "AXL-1")
    record(db, "AXL-1", date(2026, 3, 10), {}, "A-CLEAN")
    page = staff.get("/improvement-plans/new", params={"audit": "A-CLEAN"}).text
    assert "No open non-conformity left to plan for." in page
    assert staff.get("/improvement-plans/new", params={"audit": "NOPE"}).status_code == 404
