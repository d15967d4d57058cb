"""Tables of external audits: a third-party audit's published result and its findings.

The audit itself is an `esg_audit` row (audit type "external") holding the risk level, outcome,
policy edition and reasons the domain computed, which every judgement of the programme reads;
`external_audit` keeps what the scheme published and `external_audit_finding` its findings, each
linked to the non-conformity it opened (critical, major and minor findings open one).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplyesg.db.base import Amount, Base
from supplyesg.db.models.portal import EvidenceFileRow


class ExternalAuditRow(Base):
    """What an external audit's scheme published: its reference, firm, result and report."""

    __tablename__ = "external_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        ForeignKey("esg_audit.id", ondelete="CASCADE"), unique=True
    )
    scheme: Mapped[str] = mapped_column(String(20))
    scheme_reference: Mapped[str] = mapped_column(String(100), default="")
    rating: Mapped[str] = mapped_column(String(10), default="")
    score: Mapped[Decimal | None] = mapped_column(Amount, nullable=True)
    recognition: Mapped[str] = mapped_column(String(20), default="")
    certificate_valid: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    report_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence_file.id", ondelete="SET NULL"), nullable=True
    )

    findings: Mapped[list[ExternalFindingRow]] = relationship(
        cascade="all, delete-orphan", order_by="ExternalFindingRow.position", lazy="selectin"
    )
    report_file: Mapped[EvidenceFileRow | None] = relationship(lazy="joined")


class ExternalFindingRow(Base):
    """One finding of an external audit, by severity, optionally mapped to a requirement."""

    __tablename__ = "external_audit_finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_audit_id: Mapped[int] = mapped_column(
        ForeignKey("external_audit.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    requirement_id: Mapped[str] = mapped_column(String(20), default="")
    nc_id: Mapped[int | None] = mapped_column(
        ForeignKey("nonconformity.id", ondelete="SET NULL"), nullable=True
    )
