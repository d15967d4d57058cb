"""Which missed high-risk plan deadlines terminate a supplier's orders, and on which day.

Manual section 9: a high-risk supplier whose plan covering every non-conformity is not accepted
within the deadline has its orders terminated. The termination takes effect on the first day
the deadline is missed (the day after it), whatever day someone looks: enforcing "as of" a day
finds every termination that took effect on or before it, so a run after a week of downtime, or
a history entered all at once years later, stores what running every day would have stored.

An audit's deadline terminates only if that audit was still the supplier's audit in force on
the first missed day, as `domain.audit_authority` chooses it: a later audit that may set the
level and ended before then replaced its judgement; a supplier's own self-assessment does not.

The daily job enforces as of every day since the last day it enforced (`days_to_enforce`), so
terminations never wait for a person; since enforcing as of a day also finds everything missed
before it, a catch-up bounded to its last days still stamps every termination on its own day.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from supplyesg.domain.access import Role
from supplyesg.domain.audit_authority import CandidateAudit, Party, audit_that_sets_risk
from supplyesg.domain.audits import AuditType, RiskLevel
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
    audit_type: AuditType = AuditType.ON_SITE_ANNOUNCED
    completed_by: Party = Party.STAFF
    reviews_audit_id: int | None = None

    @property
    def candidate(self) -> CandidateAudit:
        """The audit as `domain.audit_authority` chooses among them."""
        return CandidateAudit(
            self.audit_id,
            self.reference,
            self.audit_type,
            self.completed_by,
            self.ended_on,
            self.risk_level,
            self.reviews_audit_id,
        )


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


def audit_in_force(
    audits: Sequence[AuditOnRecord], day: date, policy: Policy
) -> AuditOnRecord | None:
    """The audit whose judgement stands on a day, by the policy's audit authorities."""
    choice = audit_that_sets_risk((a.candidate for a in audits), day, policy)
    if choice.audit is None:
        return None
    return next(a for a in audits if a.audit_id == choice.audit.audit_id)


def due_terminations(
    audits: Sequence[AuditOnRecord],
    as_of: date,
    policy_on: Callable[[date], Policy],
    enforced: Collection[int] = frozenset(),
) -> list[DueTermination]:
    """Every termination of one supplier's audits that took effect by a day, earliest first.

    `policy_on` gives the policy edition in force on a day; audits in `enforced` already
    terminated the orders once and are not counted again.
    """
    due = []
    for audit in sorted(audits, key=lambda a: (a.ended_on, a.audit_id)):
        if audit.risk_level is not RiskLevel.HIGH or audit.audit_id in enforced:
            continue
        policy = policy_on(audit.ended_on)
        day = first_missed_day(audit, policy)
        if day is None or day > as_of or audit_in_force(audits, day, policy_on(day)) != audit:
            continue
        reason = termination_reason(
            audit.risk_level, audit.reference, audit.ended_on, audit.progress, day, policy
        )
        if reason is not None:
            due.append(DueTermination(audit, day, reason))
    return due


def earliest_missed_day(
    audits: Sequence[AuditOnRecord],
    policy_on: Callable[[date], Policy],
    enforced: Collection[int] = frozenset(),
) -> date | None:
    """The first missed day of the earliest high-risk plan deadline not enforced yet, if any."""
    days = [
        first_missed_day(audit, policy_on(audit.ended_on))
        for audit in audits
        if audit.risk_level is RiskLevel.HIGH and audit.audit_id not in enforced
    ]
    return min((d for d in days if d is not None), default=None)


def days_to_enforce(
    last_enforced: date | None, earliest_missed: date | None, through: date, most_days: int
) -> list[date]:
    """The days a daily run enforces deadlines as of, in order, up to `through`.

    Every day after the last one enforced; on the first run ever, from the earliest missed
    deadline (or just `through` when none is missed). At most the last `most_days` days: the
    first of them also finds every termination that took effect before it.
    """
    if last_enforced is not None:
        start = last_enforced + timedelta(days=1)
    else:
        start = min(earliest_missed or through, through)
    start = max(start, through - timedelta(days=max(most_days, 1) - 1))
    return [start + timedelta(days=n) for n in range((through - start).days + 1)]


TERMINATION_AUDIENCE = frozenset({Role.PROCUREMENT, Role.ESG_MANAGER})
"""Who is told of each termination: procurement stops the orders, the ESG managers follow up."""


def termination_title(supplier: str, effective_on: date, reason: str) -> str:
    """The one line that tells staff a supplier's orders were terminated, from when and why."""
    return f"Orders terminated: {supplier}, in effect from {effective_on} ({reason})"
