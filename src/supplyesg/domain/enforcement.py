"""Which missed high-risk plan deadlines terminate a supplier's orders, and on which day.

Manual section 9: a high-risk supplier whose plan covering every non-conformity is not accepted
within the deadline has its orders terminated. The termination takes effect on the first day
the deadline is missed (the day after it), whatever day someone looks: enforcing "as of" a day
finds every termination that took effect on or before it, so a run after a week of downtime, or
a history entered all at once years later, stores what running every day would have stored.

An audit's deadline terminates only if that audit was still the supplier's audit in force on
the first missed day: a later audit that ended before then replaced its judgement.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.plans import PlanProgress, plan_deadline, termination_reason
from supplyesg.domain.policy import Policy, Reason


@dataclass(frozen=True, slots=True)
class AuditOnRecord:
    """A completed audit of a supplier, as the enforcement of deadlines reads it."""

    audit_id: int
    reference: str
    ended_on: date
    risk_level: RiskLevel
    progress: PlanProgress


@dataclass(frozen=True, slots=True)
class DueTermination:
    """A termination the rules call for: which audit, the day it takes effect, and why."""

    audit: AuditOnRecord
    effective_on: date
    reason: Reason


def first_missed_day(audit: AuditOnRecord, policy: Policy) -> date | None:
    """The first day the audit's plan deadline is missed (the day after it); None if none."""
    deadline = plan_deadline(audit.risk_level, audit.ended_on, policy)
    return None if deadline is None else deadline + timedelta(days=1)


def audit_in_force(audits: Iterable[AuditOnRecord], day: date) -> AuditOnRecord | None:
    """The audit whose judgement stands on a day: the latest that ended on or before it."""
    ended = [a for a in audits if a.ended_on <= day]
    return max(ended, key=lambda a: (a.ended_on, a.audit_id), default=None)


def due_terminations(
    audits: Sequence[AuditOnRecord],
    as_of: date,
    policy_on: Callable[[date], Policy],
    enforced: Collection[int] = frozenset(),
    in_force: Callable[[date], int | None] | None = None,
) -> list[DueTermination]:
    """Every termination of one supplier's audits that took effect by a day, earliest first.

    `policy_on` gives the policy edition in force on a day; audits in `enforced` already
    terminated the orders once and are not counted again. `in_force` names the audit whose
    judgement stands on a day (by default the latest that ended by then); the services pass
    `domain.audit_authority`'s choice, so an audit that may not change the level (a
    supplier's own self-assessment) never replaces the one whose deadline was missed.
    """

    def standing_on(day: date) -> int | None:
        if in_force is not None:
            return in_force(day)
        latest = audit_in_force(audits, day)
        return None if latest is None else latest.audit_id

    due = []
    for audit in sorted(audits, key=lambda a: (a.ended_on, a.audit_id)):
        if audit.risk_level is not RiskLevel.HIGH or audit.audit_id in enforced:
            continue
        policy = policy_on(audit.ended_on)
        day = first_missed_day(audit, policy)
        if day is None or day > as_of or standing_on(day) != audit.audit_id:
            continue
        reason = termination_reason(
            audit.risk_level, audit.reference, audit.ended_on, audit.progress, day, policy
        )
        if reason is not None:
            due.append(DueTermination(audit, day, reason))
    return due
