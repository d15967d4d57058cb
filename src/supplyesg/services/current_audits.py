"""The audit that sets each supplier's audit risk as of a day, for every judgement that reads it.

The repository fetches the candidates (every completed audit ended by the day, with its type,
who completed it and which self-assessment it reviewed); `domain.audit_authority` picks the
one that counts, by the policy in force on the day. The rating, plan deadlines and their
enforcement, the risk register, the audit programme, reminders and the supplier page all read
the audit through here, so they never disagree about which audit is current.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby

from sqlalchemy.orm import Session

from supplyesg.db.repositories import audits as repo
from supplyesg.db.repositories.audits import LatestAudit
from supplyesg.domain.audit_authority import CandidateAudit, Party, audit_that_sets_risk
from supplyesg.domain.audits import AuditType, RiskLevel
from supplyesg.domain.policy import Policy, Reason


@dataclass(frozen=True, slots=True)
class CurrentAudit:
    """A supplier's audits as of a day: the one that sets its audit risk, and why."""

    supplier_id: int
    audit: LatestAudit | None
    reasons: tuple[Reason, ...]
    last_on_site_on: date | None


def candidate_of(audit: LatestAudit) -> CandidateAudit:
    """What the domain chooses among, from a stored audit."""
    return CandidateAudit(
        audit.audit_id,
        audit.reference,
        AuditType(audit.audit_type),
        Party(audit.completed_by),
        audit.ended_on,
        RiskLevel(audit.risk_level),
        audit.reviews_audit_id,
    )


def current_audits(
    session: Session, as_of: date, policy: Policy, supplier_id: int | None = None
) -> dict[int, CurrentAudit]:
    """Each supplier's current audit as of a day (suppliers with no completed audit omitted)."""
    candidates = repo.completed_candidates(session, as_of, supplier_id)
    return {found.supplier_id: found for found in _chosen(candidates, as_of, policy)}


def setting_audits(session: Session, as_of: date, policy: Policy) -> Iterator[LatestAudit]:
    """The audit that sets each supplier's audit risk as of a day, where one does."""
    for found in current_audits(session, as_of, policy).values():
        if found.audit is not None:
            yield found.audit


def _chosen(
    candidates: Iterable[LatestAudit], as_of: date, policy: Policy
) -> Iterator[CurrentAudit]:
    for supplier_id, group in groupby(candidates, key=lambda a: a.supplier_id):
        audits = list(group)
        choice = audit_that_sets_risk((candidate_of(a) for a in audits), as_of, policy)
        on_site = [a.ended_on for a in audits if AuditType(a.audit_type).is_on_site]
        chosen = None
        if choice.audit is not None:
            stored = next(a for a in audits if a.audit_id == choice.audit.audit_id)
            chosen = replace(
                stored, authority_reasons=choice.reasons, last_audited_on=choice.last_audited_on
            )
        yield CurrentAudit(supplier_id, chosen, choice.reasons, max(on_site, default=None))
