"""Small builders shared by the programme's service tests: a supplier, the code, audits."""

from __future__ import annotations

from datetime import date

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.session import Database
from supplyesg.domain.audit_authority import Party
from supplyesg.domain.audits import AuditDetails, AuditType, Finding, Verdict
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import audits, conduct, suppliers
from supplyesg.services.audits import AuditDraft

ACTOR = "auditor@example.com"
SUPPLIER_CONTACT = "contact@supplier.example"  # submits plans: staff decide them
REGISTERED_ON = date(2024, 1, 1)  # before every audit the tests record


def supplier(
    db: Database,
    code: str = "SUP-1",
    tier: int = 1,
    key: bool = False,
    status: SupplierStatus = SupplierStatus.ACTIVE,
) -> None:
    """A registered supplier (and the default code of conduct, to audit it against)."""
    conduct.install_default_code(db)
    profile = SupplierProfile(
        code=code,
        legal_name=f"{code} Co., Ltd.",
        country="CN",
        category="castings",
        tier=tier,
        is_key_sub_supplier=key,
    )
    suppliers.create_supplier(db, profile, ACTOR, status, effective_on=REGISTERED_ON)


def findings(db: Database, **verdicts: Verdict) -> tuple[Finding, ...]:
    """A verdict on every requirement of the default code: conforming unless named (LAB_03=...)."""
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    named = {key.replace("_", "-"): value for key, value in verdicts.items()}
    return tuple(
        Finding(r.id, named.get(r.id, Verdict.CONFORMING), "noted" if r.id in named else "")
        for r in code.requirements
    )


def details(ended_on: date, audit_type: AuditType = AuditType.ON_SITE_ANNOUNCED) -> AuditDetails:
    """Audit details for an audit that ended on the day."""
    return AuditDetails(audit_type, "A. Auditor", ended_on, ended_on, ("Plant 1",))


def audited(
    db: Database,
    ended_on: date,
    supplier_code: str = "SUP-1",
    reference: str = "",
    **verdicts: Verdict,
) -> EsgAuditRow:
    """A completed audit of the supplier with the verdicts named."""
    draft = AuditDraft(
        supplier_code=supplier_code,
        code_version="2026",
        details=details(ended_on),
        findings=findings(db, **verdicts),
        reference=reference,
    )
    return audits.record_audit(db, draft, ACTOR)


def own_self_assessment(
    db: Database, ended_on: date, supplier_code: str = "HI", **verdicts: Verdict
) -> EsgAuditRow:
    """A self-assessment the supplier filled in and submitted itself (as the portal does)."""
    draft = AuditDraft(
        supplier_code,
        "2026",
        details(ended_on, AuditType.SELF_ASSESSMENT),
        findings(db, **verdicts),
    )
    reference = audits.create_audit(db, draft, "supplier@example.com").reference
    return audits.complete_audit(db, reference, "supplier@example.com", completed_by=Party.SUPPLIER)


# Verdict sets that give each risk level with the default code and policy.
LOW = {"ENV_07": Verdict.MINOR}  # 99.12 -> low, one non-conformity
MEDIUM = {  # 84.21 -> medium, four non-conformities
    "LAB_03": Verdict.MAJOR,
    "LAB_04": Verdict.MAJOR,
    "HS_01": Verdict.MAJOR,
    "ENV_01": Verdict.MAJOR,
}
HIGH = {"LAB_01": Verdict.CRITICAL, "HS_02": Verdict.MAJOR}  # 91.23, zero tolerance -> high
