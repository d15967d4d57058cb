"""Each change that systems outside hear of records exactly one event, in its transaction."""

from datetime import UTC, date, datetime

import pytest

from programme_builders import (
    ACTOR,
    HIGH,
    LOW,
    MEDIUM,
    SUPPLIER_CONTACT,
    audited,
    details,
    findings,
    supplier,
)
from supplyesg.clock import FixedClock
from supplyesg.db.models import BusinessEventRow
from supplyesg.db.repositories import events as event_log
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError
from supplyesg.domain.external_audits import (
    ExternalAuditDetails,
    ExternalFinding,
    PublishedResult,
    Severity,
)
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import PlanAction
from supplyesg.domain.scheme_results import Scheme
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import (
    audits,
    events,
    external_audits,
    nonconformities,
    plans,
    rating,
    supplier_files,
    suppliers,
)
from supplyesg.services.audits import AuditDraft
from supplyesg.services.external_audits import ExternalAuditDraft

AT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CLOCK = FixedClock(AT)


def cursor(db: Database) -> int:
    """Where the log stands: ids are not reused after a rollback, so tests start from here."""
    with db.transaction() as session:
        return event_log.last_id(session)


def _all(db: Database, after: int) -> list[BusinessEventRow]:
    found, page = [], events.feed(db, after, 500)
    while True:
        found += page.items
        if not page.has_more:
            return found
        page = events.feed(db, page.next_cursor, 500)


def since(db: Database, after: int) -> list[tuple[str, str, date]]:
    return [(e.kind, e.supplier_code, e.effective_on) for e in _all(db, after)]


def test_a_status_change_records_one_event_in_effect_on_its_day(db: Database) -> None:
    supplier(db, "S-1")
    start = cursor(db)
    suppliers.change_status(
        db, "S-1", SupplierStatus.SUSPENDED, "fire exits locked", ACTOR, date(2026, 11, 2), CLOCK
    )
    [event] = _all(db, start)
    assert (event.kind, event.supplier_code, event.effective_on) == (
        "supplier.status_changed",
        "S-1",
        date(2026, 11, 2),
    )
    assert event.recorded_at == AT
    assert event.payload == {
        "from_status": "active",
        "to_status": "suspended",
        "reason": "fire exits locked",
    }


def test_a_refused_status_change_records_no_event(db: Database) -> None:
    supplier(db, "S-1")
    start = cursor(db)
    with pytest.raises(DomainError):
        suppliers.change_status(db, "S-1", SupplierStatus.SUSPENDED, "", ACTOR, clock=CLOCK)
    assert since(db, start) == []


def test_a_missed_plan_deadline_records_one_termination_on_the_first_missed_day(
    db: Database,
) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)  # plan due 2026-06-15
    start = cursor(db)
    rating.enforce_plan_deadlines(db, date(2026, 6, 16), ACTOR, at=AT)
    rating.enforce_plan_deadlines(db, date(2026, 11, 20), ACTOR, at=AT)  # nothing twice
    [event] = _all(db, start)
    assert (event.kind, event.effective_on, event.recorded_at) == (
        "supplier.terminated",
        date(2026, 6, 16),
        AT,
    )
    assert event.payload["audit"] == "H-1"
    assert event.payload["to_status"] == "terminated"


def test_a_completed_audit_records_one_event_in_effect_on_its_last_day(db: Database) -> None:
    supplier(db, "S-1")
    start = cursor(db)
    audited(db, date(2026, 3, 10), "S-1", reference="A-1", **MEDIUM)
    [event] = _all(db, start)
    assert (event.kind, event.effective_on) == ("audit.completed", date(2026, 3, 10))
    assert event.payload["audit"] == "A-1"
    assert event.payload["risk_level"] == "medium"
    assert event.payload["non_conformities"] == 4


def test_a_draft_records_no_event_until_it_is_completed(db: Database) -> None:
    supplier(db, "S-1")
    start = cursor(db)
    draft = AuditDraft("S-1", "2026", details(date(2026, 3, 10)), findings(db), "D-1")
    audits.create_audit(db, draft, ACTOR)
    assert since(db, start) == []
    audits.complete_audit(db, "D-1", ACTOR)
    assert since(db, start) == [("audit.completed", "S-1", date(2026, 3, 10))]


@pytest.mark.parametrize(("accept", "decision"), [(True, "accepted"), (False, "rejected")])
def test_a_plan_decision_records_one_event_on_the_day_decided(
    db: Database, accept: bool, decision: str
) -> None:
    supplier(db, "S-1")
    audited(db, date(2026, 3, 10), "S-1", reference="A-1", **MEDIUM)
    audit = audits.get_audit(db, "A-1")
    ncs = nonconformities.list_nonconformities(db, NcFilter(audit_id=audit.id), AT.date()).items
    actions = [PlanAction(r.row.id, "Fix", "Plant manager", date(2026, 9, 30)) for r in ncs]
    plan = plans.submit_plan(db, "A-1", actions, SUPPLIER_CONTACT, date(2026, 4, 1))
    start = cursor(db)
    reason = "" if accept else "no owner named"
    plans.decide_plan(db, plan.id, accept, reason, ACTOR, date(2026, 4, 20), CLOCK)
    [event] = _all(db, start)
    assert (event.kind, event.effective_on, event.recorded_at) == (
        "plan.decided",
        date(2026, 4, 20),
        AT,
    )
    assert event.payload == {
        "plan": plan.id,
        "audit": "A-1",
        "decision": decision,
        "reason": reason,
    }


def test_a_stored_rating_records_one_event_and_rating_again_records_none(db: Database) -> None:
    for code in ("LOW", "HIGH"):
        supplier(db, code)
    audited(db, date(2026, 1, 10), "LOW", reference="L-1", **LOW)
    audited(db, date(2026, 5, 1), "HIGH", reference="H-1", **HIGH)
    start = cursor(db)
    rating.rate_quarter(db, Quarter(2026, 2), clock=CLOCK)
    found = _all(db, start)
    assert sorted((e.kind, e.supplier_code, e.effective_on) for e in found) == [
        ("rating.recorded", "HIGH", date(2026, 6, 30)),
        ("rating.recorded", "LOW", date(2026, 6, 30)),
    ]
    low = next(e for e in found if e.supplier_code == "LOW")
    assert low.payload == {
        "quarter": "2026Q2",
        "state": "rated",
        "score": 1,
        "risk_level": "low",
        "audit": "L-1",
        "policy_version": low.payload["policy_version"],
    }
    assert {e.recorded_at for e in found} == {AT}
    again = cursor(db)
    rating.rate_quarter(db, Quarter(2026, 2), clock=CLOCK)
    assert since(db, again) == []


def test_an_import_that_moves_a_status_records_its_event(db: Database) -> None:
    supplier(db, "S-1")
    header = (
        "code,legal_name,country,region,city,category,tier,key_sub_supplier,annual_spend,"
        "currency,status,supplies_to,contacts,relationship_started_on,relationship_ended_on\n"
    )
    row = "S-1,S-1 Co.,CN,,,castings,1,no,0,CNY,suspended,,,,\n"
    start = cursor(db)
    supplier_files.import_file(db, (header + row).encode(), "moves.csv", ACTOR)
    [event] = _all(db, start)
    assert (event.kind, event.supplier_code) == ("supplier.status_changed", "S-1")
    assert event.payload["to_status"] == "suspended"


def test_the_feed_pages_by_cursor_without_gaps_or_repeats(db: Database) -> None:
    supplier(db, "S-1")
    start = cursor(db)
    for day, status in ((3, "suspended"), (4, "active"), (5, "suspended")):
        suppliers.change_status(
            db, "S-1", SupplierStatus(status), "checked", ACTOR, date(2026, 11, day), CLOCK
        )
    first = events.feed(db, start, 2)
    second = events.feed(db, first.next_cursor, 2)
    assert (len(first.items), first.has_more, len(second.items), second.has_more) == (
        2,
        True,
        1,
        False,
    )
    days = [e.effective_on.day for e in (*first.items, *second.items)]
    assert days == [3, 4, 5]
    empty = events.feed(db, second.next_cursor, 2)
    assert (empty.items, empty.next_cursor) == ([], second.next_cursor)


def test_a_recorded_external_audit_records_one_completed_event(db: Database) -> None:
    supplier(db, "SUP-1")
    details = ExternalAuditDetails(
        Scheme.AMFORI_BSCI, "BSCI-2026-0412", "Intertek", date(2026, 9, 16), date(2026, 9, 18)
    )
    findings = (ExternalFinding(Severity.MAJOR, "Fire exits locked", "HS-02"),)
    draft = ExternalAuditDraft("SUP-1", details, PublishedResult(rating="C"), findings=findings)
    start = cursor(db)
    external_audits.record_external_audit(db, draft, ACTOR, 1024 * 1024, CLOCK)
    [event] = _all(db, start)
    assert (event.kind, event.effective_on, event.recorded_at) == (
        "audit.completed",
        date(2026, 9, 18),
        AT,
    )
    assert (event.payload["audit_type"], event.payload["risk_level"]) == ("external", "medium")
    assert event.payload["non_conformities"] == 1
