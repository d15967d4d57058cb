"""Which audit sets a supplier's audit risk as of a day.

A supplier may have many completed audits; the rating, the plan deadlines and their
enforcement, the risk register and the audit programme all read the one that counts. Taking
simply the newest let a high-risk supplier past its plan deadline clear itself with a perfect
self-assessment. The rule here:

- An audit the supplier completed itself (its self-assessment, through the portal) is evidence,
  not a verdict: it counts only once staff have reviewed it, that is once a desktop review that
  names it as reviewed has been completed by an auditor with its own findings.
- The policy says what each audit type may do to the risk level the audits before it set:
  set it (raise or lower), only raise it, only lower it, or nothing. The shipped edition lets
  desktop reviews, on-site audits and external audits (a recognised scheme's verdict, which
  staff accept when they record it) set it and self-assessments only raise it.
- An audit that may not change the level leaves the earlier audit in place, and with it that
  audit's open non-conformities and plan clock, until they are closed or a later audit that
  may set the level replaces them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from supplyesg.domain.audits import AuditType, Finding, RiskLevel
from supplyesg.domain.errors import Problem
from supplyesg.domain.policy import Policy, Reason

_RANKS = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


class Party(StrEnum):
    """Who completed an audit: the programme's staff, or the supplier itself."""

    STAFF = "staff"
    SUPPLIER = "supplier"


class Authority(StrEnum):
    """What an audit type may do to the risk level set by the audits before it."""

    SET = "set"
    RAISE = "raise"
    LOWER = "lower"
    NONE = "none"


AUTHORITY_SETTINGS = {
    AuditType.SELF_ASSESSMENT: "self_assessment_authority",
    AuditType.DESKTOP_REVIEW: "desktop_review_authority",
    AuditType.ON_SITE_ANNOUNCED: "on_site_authority",
    AuditType.ON_SITE_UNANNOUNCED: "on_site_authority",
    AuditType.EXTERNAL: "external_audit_authority",
}
"""The policy setting that holds each audit type's authority."""


@dataclass(frozen=True, slots=True)
class CandidateAudit:
    """A completed audit of one supplier, as far as choosing the one that counts needs."""

    audit_id: int
    reference: str
    audit_type: AuditType
    completed_by: Party
    ended_on: date
    risk: RiskLevel
    reviews_audit_id: int | None = None
    """The self-assessment this audit (a desktop review) reviewed, if any."""


@dataclass(frozen=True, slots=True)
class AuditChoice:
    """The audit that sets the supplier's audit risk on a day (None: none does), and why."""

    audit: CandidateAudit | None
    reasons: tuple[Reason, ...]
    last_audited_on: date | None = None
    """When the latest audit that counts ended, whether or not it changed the level: the
    supplier was audited then, for the audit cycle, even if that audit may not lower its risk."""

    @property
    def risk(self) -> RiskLevel | None:
        """The supplier's audit risk, if an audit sets it."""
        return None if self.audit is None else self.audit.risk


def authority_of(audit_type: AuditType, policy: Policy) -> Authority:
    """What the policy lets an audit of this type do to the risk level."""
    return Authority(getattr(policy, AUTHORITY_SETTINGS[audit_type]))


def needs_review(audit: CandidateAudit) -> bool:
    """Whether the audit counts only once staff have reviewed it: the supplier completed it."""
    return audit.completed_by is Party.SUPPLIER


def may_replace(authority: Authority, current: RiskLevel, found: RiskLevel) -> bool:
    """Whether an audit with this authority that found `found` replaces the current level."""
    if authority is Authority.SET:
        return True
    if authority is Authority.RAISE:
        return _RANKS[found] > _RANKS[current]
    if authority is Authority.LOWER:
        return _RANKS[found] < _RANKS[current]
    return False


def audit_that_sets_risk(
    candidates: Iterable[CandidateAudit], as_of: date, policy: Policy
) -> AuditChoice:
    """The audit that sets the supplier's audit risk as of a day, by the policy's authorities.

    The audits are taken in the order they ended (then recorded); each one that counts either
    replaces the current audit or leaves it standing, as its type's authority says.
    """
    ended = sorted(
        (c for c in candidates if c.ended_on <= as_of), key=lambda c: (c.ended_on, c.audit_id)
    )
    reviewed = {
        c.reviews_audit_id
        for c in ended
        if c.reviews_audit_id is not None and c.completed_by is Party.STAFF
    }
    current: CandidateAudit | None = None
    last_audited_on: date | None = None
    passed: list[Reason] = []  # what was passed over since the current audit
    for audit in ended:
        if needs_review(audit) and audit.audit_id not in reviewed:
            passed.append(_awaiting_review(audit))
            continue
        authority = authority_of(audit.audit_type, policy)
        if authority is not Authority.NONE:
            last_audited_on = audit.ended_on
        if authority is not Authority.NONE and (
            current is None or may_replace(authority, current.risk, audit.risk)
        ):
            current, passed = audit, []
        elif current is not None:
            passed.append(_left_standing(audit, authority, current))
        else:
            passed.append(_no_authority(audit))
    if current is None:
        return AuditChoice(None, tuple(passed))
    chosen = Reason("audit.sets_risk", f"{_name(current)} sets the audit risk: {current.risk}")
    return AuditChoice(current, (chosen, *passed), last_audited_on)


def _name(audit: CandidateAudit) -> str:
    kind = str(audit.audit_type).replace("_", " ")
    return f"{kind} {audit.reference} of {audit.ended_on}"


def _awaiting_review(audit: CandidateAudit) -> Reason:
    return Reason(
        "audit.awaiting_review",
        f"{_name(audit)} was completed by the supplier and does not count until staff "
        "review it in a desktop review",
    )


def _left_standing(audit: CandidateAudit, authority: Authority, current: CandidateAudit) -> Reason:
    may = {
        Authority.RAISE: "may only raise the audit risk",
        Authority.LOWER: "may only lower the audit risk",
        Authority.NONE: "may not change the audit risk",
    }.get(authority, "may not change the audit risk")
    return Reason(
        "audit.left_standing",
        f"{_name(audit)} found {audit.risk} but {may} "
        f"(policy {AUTHORITY_SETTINGS[audit.audit_type]}: {authority}): {current.reference} "
        f"({current.risk}) stands, with its non-conformities and plan deadline",
    )


def _no_authority(audit: CandidateAudit) -> Reason:
    return Reason(
        "audit.no_authority",
        f"{_name(audit)} may not set the audit risk "
        f"(policy {AUTHORITY_SETTINGS[audit.audit_type]}: none)",
    )


# -- staff review of a self-assessment ---------------------------------------------------------


def review_problems(
    reviewed: CandidateAudit, existing_review: str | None, review_ended_on: date
) -> list[Problem]:
    """Why a self-assessment cannot be reviewed as asked: only a self-assessment, once, after."""
    problems = []
    if reviewed.audit_type is not AuditType.SELF_ASSESSMENT:
        problems.append(
            Problem("audit", "only a self-assessment is reviewed", str(reviewed.audit_type))
        )
    if existing_review is not None:
        problems.append(Problem("audit", "was already reviewed by", existing_review))
    if review_ended_on < reviewed.ended_on:
        problems.append(
            Problem(
                "ended_on",
                f"is before the self-assessment ended ({reviewed.ended_on})",
                review_ended_on.isoformat(),
            )
        )
    return problems


def reviewed_findings(
    answers: Sequence[Finding], verdicts: Sequence[Finding]
) -> tuple[Finding, ...]:
    """The review's own findings: the auditor's verdicts, and for every requirement the auditor
    left alone the supplier's answer (which the auditor thereby confirms)."""
    given = {f.requirement_id: f for f in verdicts}
    kept = tuple(given.pop(a.requirement_id, a) for a in answers)
    return kept + tuple(given.values())
