"""The quarterly ESG rating of a supplier (manual section 9).

Each supplier in audit scope gets, for a quarter, the ESG score of its latest audit that ended
on or before the quarter's last day, judged as of that day: 1 for low risk; 0 for medium risk,
-1 once the 6-month plan deadline is missed; -1 for high risk. A supplier with no such audit is
"not rated" and one whose latest audit is older than the audit cycle is "audit overdue": neither
gets a score, so no supplier is scored silently. A supplier whose orders were terminated by the
quarter's end is shown as terminated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.audits import RiskLevel, audit_expires_on
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import (
    DeadlineState,
    PlanProgress,
    plan_deadline_status,
    rejection_reasons,
    termination_reason,
)
from supplyesg.domain.policy import Policy, Reason


class RatingState(StrEnum):
    """Whether a supplier got a score for the quarter, and if not, why not."""

    RATED = "rated"
    NOT_RATED = "not_rated"
    AUDIT_OVERDUE = "audit_overdue"
    TERMINATED = "terminated"


@dataclass(frozen=True, slots=True)
class AuditStanding:
    """What the rating needs to know of a supplier's latest completed audit."""

    audit_id: int
    reference: str
    ended_on: date
    risk_level: RiskLevel
    score: Decimal
    progress: PlanProgress
    authority: tuple[Reason, ...] = ()
    """Why this audit sets the audit risk (domain.audit_authority), later audits aside."""
    last_audited_on: date | None = None
    """When the latest audit that counts ended (a later one may have kept this one's level)."""

    @property
    def audited_on(self) -> date:
        """The day the audit cycle counts from."""
        return max(self.ended_on, self.last_audited_on or self.ended_on)


@dataclass(frozen=True, slots=True)
class SupplierStanding:
    """A supplier as it stood at the end of a quarter: the audit that sets its audit risk."""

    supplier_id: int
    terminated: bool
    latest_audit: AuditStanding | None
    uncounted: tuple[Reason, ...] = ()
    """Why the audits on record set no audit risk (e.g. a self-assessment awaiting review)."""


@dataclass(frozen=True, slots=True)
class QuarterlyRating:
    """The ESG score of one supplier for one quarter (None when unrated), with its reasons."""

    supplier_id: int
    quarter: Quarter
    state: RatingState
    score: int | None
    risk_level: RiskLevel | None
    audit_id: int | None
    policy_version: str
    reasons: tuple[Reason, ...]


def rate_supplier(standing: SupplierStanding, quarter: Quarter, policy: Policy) -> QuarterlyRating:
    """The supplier's ESG score for the quarter by the manual, as of the quarter's last day."""
    end = quarter.last_day
    audit = standing.latest_audit

    def unrated(state: RatingState, *reasons: Reason) -> QuarterlyRating:
        risk = audit.risk_level if audit else None
        audit_id = audit.audit_id if audit else None
        return QuarterlyRating(
            standing.supplier_id, quarter, state, None, risk, audit_id, policy.version, reasons
        )

    if standing.terminated:
        return unrated(
            RatingState.TERMINATED,
            Reason("rating.terminated", f"the supplier's orders were terminated by {end}"),
        )
    if audit is None and standing.uncounted:
        return unrated(
            RatingState.NOT_RATED,
            Reason("rating.no_counting_audit", f"no audit that counts ended on or before {end}"),
            *standing.uncounted,
        )
    if audit is None:
        return unrated(
            RatingState.NOT_RATED,
            Reason("rating.never_audited", f"no completed audit ended on or before {end}"),
        )
    expires_on = audit_expires_on(audit.audited_on, policy)
    if end > expires_on:
        return unrated(
            RatingState.AUDIT_OVERDUE,
            Reason(
                "rating.audit_expired",
                f"latest audit {audit.reference} ended on {audit.ended_on}"
                + (
                    f" (a later audit that kept its level ended on {audit.audited_on})"
                    if audit.audited_on != audit.ended_on
                    else ""
                )
                + f" and counted until {expires_on} ({policy.audit_cycle_months}-month audit "
                "cycle, manual section 3)",
            ),
        )
    score, reasons = _score_of(audit, end, policy)
    return QuarterlyRating(
        standing.supplier_id,
        quarter,
        RatingState.RATED,
        score,
        audit.risk_level,
        audit.audit_id,
        policy.version,
        reasons,
    )


def _score_of(audit: AuditStanding, end: date, policy: Policy) -> tuple[int, tuple[Reason, ...]]:
    """The score, and why: the final score and its cause first, then each step in order."""
    level = audit.risk_level
    base = {
        RiskLevel.LOW: policy.low_risk_score,
        RiskLevel.MEDIUM: policy.medium_risk_score,
        RiskLevel.HIGH: policy.high_risk_score,
    }[level]
    deadline = plan_deadline_status(level, audit.ended_on, audit.progress, end, policy)
    missed = level == RiskLevel.MEDIUM and deadline.state == DeadlineState.MISSED
    score = policy.missed_plan_score if missed else base
    steps = [_basis(audit, base, policy), *audit.authority[1:]]
    steps += rejection_reasons(audit.progress, end)
    steps.append(deadline.reason)
    if missed:
        steps.append(
            Reason(
                "rating.plan_missed",
                f"plan deadline missed: ESG score {base} lowered to {score} (manual section 9)",
            )
        )
    termination = termination_reason(
        level, audit.reference, audit.ended_on, audit.progress, end, policy
    )
    if termination is not None:
        steps.append(termination)
    cause = f"{level}-risk audit {audit.reference} of {audit.ended_on}"
    if missed:
        cause += f"; {deadline.reason.text}"
    elif termination is not None:
        cause += "; orders terminated for a missed plan deadline"
    return score, (Reason("rating.score", f"ESG score {score}: {cause}"), *steps)


def _basis(audit: AuditStanding, base: int, policy: Policy) -> Reason:
    """What the audit's risk level scores by the manual (section 9)."""
    level = audit.risk_level
    text = f"audit {audit.reference} of {audit.ended_on}: score {audit.score}, {level} risk"
    text += f", which scores {base}"
    if level == RiskLevel.MEDIUM:
        text += (
            f", or {policy.missed_plan_score} once the {policy.medium_risk_plan_months}-month "
            "plan deadline is missed"
        )
    return Reason(f"rating.{level}_risk", text + " (manual section 9)")
