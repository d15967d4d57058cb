from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from supplyesg.domain.events import (
    BusinessEvent,
    EventKind,
    audit_completed,
    envelope,
    plan_decided,
    rating_recorded,
    status_changed,
)

DAY = date(2026, 6, 16)


@pytest.mark.parametrize(
    ("event", "kind", "payload"),
    [
        (
            status_changed("S-1", "active", "suspended", "fire exits locked", DAY),
            EventKind.SUPPLIER_STATUS_CHANGED,
            {"from_status": "active", "to_status": "suspended", "reason": "fire exits locked"},
        ),
        (
            status_changed("S-1", "active", "terminated", "deadline missed", DAY, "H-1"),
            EventKind.SUPPLIER_TERMINATED,
            {
                "from_status": "active",
                "to_status": "terminated",
                "reason": "deadline missed",
                "audit": "H-1",
            },
        ),
        (
            rating_recorded("S-1", "2026Q2", DAY, "rated", -1, "high", "H-1", "2024.1"),
            EventKind.RATING_RECORDED,
            {
                "quarter": "2026Q2",
                "state": "rated",
                "score": -1,
                "risk_level": "high",
                "audit": "H-1",
                "policy_version": "2024.1",
            },
        ),
        (
            audit_completed(
                "S-1", "A-1", "on_site_announced", DAY, Decimal("84.21"), "medium", "x", 4, "staff"
            ),
            EventKind.AUDIT_COMPLETED,
            {
                "audit": "A-1",
                "audit_type": "on_site_announced",
                "score": "84.21",
                "risk_level": "medium",
                "outcome": "x",
                "non_conformities": 4,
                "completed_by": "staff",
            },
        ),
        (
            plan_decided("S-1", 7, "A-1", False, "no owner named", DAY),
            EventKind.PLAN_DECIDED,
            {"plan": 7, "audit": "A-1", "decision": "rejected", "reason": "no owner named"},
        ),
    ],
)
def test_each_change_is_an_event_of_its_kind_with_plain_facts(
    event: BusinessEvent, kind: EventKind, payload: dict[str, object]
) -> None:
    assert (event.kind, event.supplier_code, event.effective_on) == (kind, "S-1", DAY)
    assert dict(event.payload) == payload


def test_a_rating_takes_effect_on_the_last_day_of_its_quarter() -> None:
    event = rating_recorded("S-1", "2026Q2", date(2026, 6, 30), "rated", 1, "low", None, "v")
    assert event.effective_on == date(2026, 6, 30)


def test_the_envelope_carries_the_cursor_days_and_facts_as_json_text() -> None:
    at = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    assert envelope(42, "plan.decided", "S-1", DAY, at, {"plan": 7}) == {
        "id": 42,
        "kind": "plan.decided",
        "supplier": "S-1",
        "effective_on": "2026-06-16",
        "recorded_at": "2026-07-01T09:30:00+00:00",
        "payload": {"plan": 7},
    }
