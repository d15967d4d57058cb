"""What systems outside hear of: the business events and the plain facts each one carries.

An event says what changed for a supplier, on which business day it took effect, in facts a
procurement system can act on without calling back (codes, states, scores, days; never names
of people or free text beyond the recorded reason). The services that make a change build its
event here and record it in the same transaction; the event feed and the webhooks send the
same envelope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

JsonValue = str | int | bool | None | list[str]
TERMINATED = "terminated"


class EventKind(StrEnum):
    """The kinds of business event, as subscribers name them."""

    SUPPLIER_STATUS_CHANGED = "supplier.status_changed"
    SUPPLIER_TERMINATED = "supplier.terminated"
    RATING_RECORDED = "rating.recorded"
    AUDIT_COMPLETED = "audit.completed"
    PLAN_DECIDED = "plan.decided"


EVENT_KINDS: tuple[EventKind, ...] = tuple(EventKind)


@dataclass(frozen=True, slots=True)
class BusinessEvent:
    """A change to tell systems outside of: its kind, supplier, effective day and facts."""

    kind: EventKind
    supplier_code: str
    effective_on: date
    payload: Mapping[str, JsonValue]


def status_changed(
    supplier_code: str,
    from_status: str,
    to_status: str,
    reason: str,
    effective_on: date,
    audit_reference: str | None = None,
) -> BusinessEvent:
    """A supplier's status changed; a change to terminated is a termination of its orders."""
    kind = (
        EventKind.SUPPLIER_TERMINATED
        if to_status == TERMINATED
        else EventKind.SUPPLIER_STATUS_CHANGED
    )
    payload: dict[str, JsonValue] = {
        "from_status": from_status,
        "to_status": to_status,
        "reason": reason,
    }
    if audit_reference is not None:
        payload["audit"] = audit_reference
    return BusinessEvent(kind, supplier_code, effective_on, payload)


def rating_recorded(
    supplier_code: str,
    quarter: str,
    last_day: date,
    state: str,
    score: int | None,
    risk_level: str | None,
    audit_reference: str | None,
    policy_version: str,
) -> BusinessEvent:
    """A quarter's rating of a supplier was stored (or changed): in effect on its last day."""
    return BusinessEvent(
        EventKind.RATING_RECORDED,
        supplier_code,
        last_day,
        {
            "quarter": quarter,
            "state": state,
            "score": score,
            "risk_level": risk_level,
            "audit": audit_reference,
            "policy_version": policy_version,
        },
    )


def audit_completed(
    supplier_code: str,
    reference: str,
    audit_type: str,
    ended_on: date,
    score: Decimal | None,
    risk_level: str | None,
    outcome: str | None,
    non_conformities: int,
    completed_by: str,
) -> BusinessEvent:
    """An audit was completed: in effect on its last day, the day its result speaks for."""
    return BusinessEvent(
        EventKind.AUDIT_COMPLETED,
        supplier_code,
        ended_on,
        {
            "audit": reference,
            "audit_type": audit_type,
            "score": None if score is None else str(score),
            "risk_level": risk_level,
            "outcome": outcome,
            "non_conformities": non_conformities,
            "completed_by": completed_by,
        },
    )


def plan_decided(
    supplier_code: str,
    plan_id: int,
    audit_reference: str,
    accepted: bool,
    reason: str,
    decided_on: date,
) -> BusinessEvent:
    """An improvement plan was accepted or rejected, on the day of the decision."""
    return BusinessEvent(
        EventKind.PLAN_DECIDED,
        supplier_code,
        decided_on,
        {
            "plan": plan_id,
            "audit": audit_reference,
            "decision": "accepted" if accepted else "rejected",
            "reason": reason,
        },
    )


def envelope(
    event_id: int,
    kind: str,
    supplier_code: str,
    effective_on: date,
    recorded_at: datetime,
    payload: Mapping[str, JsonValue],
) -> dict[str, object]:
    """The JSON document a recorded event is sent as, in the feed and to webhooks alike."""
    return {
        "id": event_id,
        "kind": kind,
        "supplier": supplier_code,
        "effective_on": effective_on.isoformat(),
        "recorded_at": recorded_at.isoformat(),
        "payload": dict(payload),
    }
