"""Since when a supplier is under each rule of the audit programme.

A first audit is not due on the day someone looks: it is due a grace period after the supplier
came under the rule, and overdue from the day after. So the programme needs two dated facts:

- `in_annual_scope_since`: the day a first-tier supplier or key sub-supplier (manual section 3)
  entered the programme. That is the first day of its current stay with us: the effective day
  of the first status after its latest termination (history entered late, with an earlier
  effective day, counts from that day). A supplier with no status history takes the day its
  relationship started, or else the day it was recorded in the system, and says so.
- `high_risk_since`: the day a supplier without an on-site audit on record became high risk
  (manual section 7). A high inherent risk (country or category) applies from the start of its
  stay; otherwise the day the audit that set its high audit risk ended.

The registry records no effective day for a change of tier or of the key sub-supplier flag, so
the current tier and flag are taken to have held since the start of the stay. The inherent-risk
tables carry no history either: their current level is taken to have held as long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.policy import Reason
from supplyesg.domain.risk import LatestAudit
from supplyesg.domain.supplier_kpis import StatusChange
from supplyesg.domain.suppliers import SupplierStatus, is_in_audit_scope


@dataclass(frozen=True, slots=True)
class Since:
    """The day a supplier came under a programme rule, and how that day is known."""

    day: date
    reason: Reason


@dataclass(frozen=True, slots=True)
class SupplierHistory:
    """The dated facts of a supplier the programme's rules start from."""

    status_changes: Sequence[StatusChange]
    relationship_started_on: date | None
    recorded_on: date


def stay_started(history: SupplierHistory) -> Since | None:
    """The first day of the supplier's current stay with us; None once it is terminated."""
    changes = sorted(history.status_changes, key=lambda c: (c.effective_on, c.recorded_at))
    start: StatusChange | None = None
    for change in changes:
        if change.status is SupplierStatus.TERMINATED:
            start = None
        elif start is None:
            start = change
    if start is not None:
        text = f"{start.status} since {start.effective_on.isoformat()}"
        return Since(start.effective_on, Reason("programme.since.status", text))
    if changes:
        return None
    if history.relationship_started_on is not None:
        day = history.relationship_started_on
        text = f"no status history: the relationship started {day.isoformat()}"
        return Since(day, Reason("programme.since.relationship", text))
    day = history.recorded_on
    text = f"no status history: recorded in the system on {day.isoformat()}, which stands in"
    return Since(day, Reason("programme.since.recorded", text))


def in_annual_scope_since(
    history: SupplierHistory, tier: int, is_key_sub_supplier: bool
) -> Since | None:
    """Since when the supplier is in the annual audit scope (manual section 3); None if not."""
    if not is_in_audit_scope(tier, is_key_sub_supplier):
        return None
    return stay_started(history)


def high_risk_since(
    history: SupplierHistory,
    resulting: RiskLevel,
    inherent: RiskLevel,
    risk_audit: LatestAudit | None,
) -> Since | None:
    """Since when the supplier is high risk (manual section 7); None when it is not."""
    if resulting is not RiskLevel.HIGH:
        return None
    start = stay_started(history)
    if start is None:
        return None
    audit = risk_audit if inherent is not RiskLevel.HIGH else None
    if audit is not None and audit.risk is RiskLevel.HIGH and audit.ended_on > start.day:
        text = f"the audit that ended {audit.ended_on.isoformat()} found high risk"
        return Since(audit.ended_on, Reason("programme.since.audit", text))
    return start
