"""Tables of the supplier ESG programme: code of conduct, audits, follow-up and ratings.

An audit row holds its current revision; each correction archives the replaced revision in
`esg_audit_revision`. The score, risk level and plan progress the domain computed are stored on
the audit row so that ratings read them with set-based queries instead of recomputing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplyesg.db.base import Amount, Base, UtcDateTime
from supplyesg.db.models.suppliers import SupplierRow


class Score(TypeDecorator[Decimal]):
    """An audit score out of 100 with exactly two decimals, read back as it was computed."""

    impl = Numeric(5, 2)
    cache_ok = True
    _CENT = Decimal("0.01")

    def load_dialect_impl(self, dialect: Dialect):  # type: ignore[no-untyped-def]
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(8))
        return dialect.type_descriptor(Numeric(5, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> object:
        if value is None:
            return None
        exact = Decimal(value).quantize(self._CENT)
        return str(exact) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(self._CENT)


class ConductCodeRow(Base):
    """One version of the supplier code of conduct."""

    __tablename__ = "conduct_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    requirements: Mapped[list[ConductRequirementRow]] = relationship(
        cascade="all, delete-orphan",
        order_by="ConductRequirementRow.position",
        lazy="selectin",
    )


class ConductRequirementRow(Base):
    """One requirement of a code of conduct."""

    __tablename__ = "conduct_requirement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("conduct_code.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    requirement_id: Mapped[str] = mapped_column(String(20))
    pillar: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(2000))
    weight: Mapped[Decimal] = mapped_column(Amount)
    zero_tolerance: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        UniqueConstraint("code_id", "requirement_id", name="uq_conduct_requirement_code_req"),
    )


class EsgAuditRow(Base):
    """An ESG audit of a supplier, in its current revision."""

    __tablename__ = "esg_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("conduct_code.id", ondelete="RESTRICT"))
    audit_type: Mapped[str] = mapped_column(String(30))
    auditor: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date] = mapped_column(Date)
    sites: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The result the domain computed at completion (None while a draft).
    score: Mapped[Decimal | None] = mapped_column(Score, nullable=True)
    environment_score: Mapped[Decimal | None] = mapped_column(Score, nullable=True)
    labour_score: Mapped[Decimal | None] = mapped_column(Score, nullable=True)
    health_and_safety_score: Mapped[Decimal | None] = mapped_column(Score, nullable=True)
    ethics_score: Mapped[Decimal | None] = mapped_column(Score, nullable=True)
    risk_level: Mapped[str | None] = mapped_column(String(10), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    policy_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    result_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Plan progress the domain computed from the non-conformities and plans (domain.plans).
    nc_count: Mapped[int] = mapped_column(Integer, default=0)
    first_plan_accepted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    all_ncs_covered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    all_ncs_closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # When the missed high-risk plan deadline of this audit terminated the supplier's orders:
    # the business day it took effect (the first missed day) and the instant it was recorded.
    termination_effective_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    termination_recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # Who completed the audit: "staff", or "supplier" (its own self-assessment, in the portal),
    # which counts only once a staff desktop review names it in `reviews_audit_id`.
    completed_by: Mapped[str] = mapped_column(String(10), default="staff", server_default="staff")
    reviews_audit_id: Mapped[int | None] = mapped_column(
        ForeignKey("esg_audit.id", ondelete="SET NULL"), nullable=True, unique=True
    )

    findings: Mapped[list[FindingRow]] = relationship(
        cascade="all, delete-orphan", order_by="FindingRow.position", lazy="selectin"
    )
    supplier: Mapped[SupplierRow] = relationship(lazy="joined", innerjoin=True)
    code: Mapped[ConductCodeRow] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (
        Index("ix_esg_audit_supplier_ended", "supplier_id", "ended_on"),
        Index("ix_esg_audit_status_ended", "status", "ended_on"),
    )


class FindingRow(Base):
    """The auditor's verdict on one requirement."""

    __tablename__ = "esg_audit_finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("esg_audit.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    requirement_id: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)

    __table_args__ = (
        UniqueConstraint("audit_id", "requirement_id", name="uq_esg_audit_finding_audit_req"),
    )


class AuditRevisionRow(Base):
    """A replaced revision of a completed audit, kept whole, with the reason it was corrected."""

    __tablename__ = "esg_audit_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        ForeignKey("esg_audit.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    corrected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    corrected_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(2000))


class NonConformityRow(Base):
    """A finding the supplier must correct, followed until the auditor verifies it closed."""

    __tablename__ = "nonconformity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        ForeignKey("esg_audit.id", ondelete="CASCADE"), index=True
    )
    requirement_id: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    owner: Mapped[str] = mapped_column(String(2000), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class NcEventRow(Base):
    """One step of a non-conformity's follow-up: who moved it, when, and why."""

    __tablename__ = "nonconformity_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nc_id: Mapped[int] = mapped_column(
        ForeignKey("nonconformity.id", ondelete="CASCADE"), index=True
    )
    happened_on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    from_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    to_status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(2000), default="")


class ImprovementPlanRow(Base):
    """A supplier's improvement plan for some non-conformities of one audit."""

    __tablename__ = "improvement_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        ForeignKey("esg_audit.id", ondelete="CASCADE"), index=True
    )
    submitted_on: Mapped[date] = mapped_column(Date)
    submitted_by: Mapped[str] = mapped_column(String(200))
    # the accounts behind the labels, for four eyes (none for an operating-system user)
    submitted_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    decision_reason: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    actions: Mapped[list[PlanActionRow]] = relationship(
        cascade="all, delete-orphan", order_by="PlanActionRow.id", lazy="selectin"
    )


class PlanActionRow(Base):
    """What a plan will do about one non-conformity, who owns it and by when."""

    __tablename__ = "improvement_plan_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_plan.id", ondelete="CASCADE"), index=True
    )
    nc_id: Mapped[int] = mapped_column(
        ForeignKey("nonconformity.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(2000))
    owner: Mapped[str] = mapped_column(String(2000))
    due_on: Mapped[date] = mapped_column(Date)


class QuarterlyRatingRow(Base):
    """A supplier's ESG score for one quarter, with the reasons and the policy edition used."""

    __tablename__ = "quarterly_rating"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(6))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20))
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    risk_level: Mapped[str | None] = mapped_column(String(10), nullable=True)
    audit_id: Mapped[int | None] = mapped_column(
        ForeignKey("esg_audit.id", ondelete="SET NULL"), nullable=True
    )
    policy_version: Mapped[str] = mapped_column(String(40))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    rated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("quarter", "supplier_id", name="uq_quarterly_rating_quarter_supplier"),
        Index("ix_quarterly_rating_supplier_quarter", "supplier_id", "quarter"),
    )
