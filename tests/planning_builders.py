"""Builders shared by the planning tests: suppliers placed as wanted, audits, ratings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from supplyesg.db.models import EsgAuditRow, QuarterlyRatingRow
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditDetails, AuditType, Finding, Verdict
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import audits, conduct, suppliers
from supplyesg.services.audits import AuditDraft

ACTOR = "planner@example.com"

ON_SITE = AuditType.ON_SITE_ANNOUNCED
DESKTOP = AuditType.DESKTOP_REVIEW

# Verdicts that give each risk level with the default code of conduct and policy.
LOW = {"ENV-07": Verdict.MINOR}  # score 99.12: low risk
MEDIUM = {  # score 84.21: medium risk
    "LAB-03": Verdict.MAJOR,
    "LAB-04": Verdict.MAJOR,
    "HS-01": Verdict.MAJOR,
    "ENV-01": Verdict.MAJOR,
}
HIGH = {"LAB-01": Verdict.CRITICAL, "HS-02": Verdict.MAJOR}  # zero-tolerance breach: high risk


def supplier(
    db: Database,
    code: str,
    *,
    country: str = "DE",
    category: str = "software",
    tier: int = 1,
    key: bool = False,
    status: SupplierStatus = SupplierStatus.ACTIVE,
    since: date | None = None,
) -> None:
    """A registered supplier (by default low inherent risk: DE, software), in its status
    since the day given (today unless told)."""
    profile = SupplierProfile(
        code=code,
        legal_name=f"{code} Ltd.",
        country=country,
        category=category,
        tier=tier,
        is_key_sub_supplier=key,
    )
    suppliers.create_supplier(db, profile, ACTOR, status, since)


def audit(
    db: Database,
    code: str,
    ended_on: date,
    verdicts: dict[str, Verdict],
    audit_type: AuditType = ON_SITE,
) -> EsgAuditRow:
    """A completed audit of the supplier that ended on the day."""
    details = AuditDetails(audit_type, "A. Auditor", ended_on, ended_on, ("Plant 1",))
    draft = AuditDraft(code, "2026", details, findings(db, verdicts))
    return audits.record_audit(db, draft, ACTOR)


def findings(db: Database, verdicts: dict[str, Verdict]) -> tuple[Finding, ...]:
    """A verdict on every requirement of the default code: conforming unless named."""
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    return tuple(
        Finding(r.id, verdicts.get(r.id, Verdict.CONFORMING), "noted" if r.id in verdicts else "")
        for r in code.requirements
    )


def rating(db: Database, code: str, quarter: str, state: str, score: int | None) -> None:
    """A stored quarterly ESG rating."""
    with db.transaction() as session:
        row = supplier_repo.by_code(session, code)
        assert row is not None
        session.add(
            QuarterlyRatingRow(
                quarter=quarter,
                supplier_id=row.id,
                state=state,
                score=score,
                policy_version="2026-01",
                reasons=[],
                rated_at=datetime(2026, 7, 1, tzinfo=UTC),
            )
        )
