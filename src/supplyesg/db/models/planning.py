"""Tables of programme planning: scorecard weights and scores, risk tables, training."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplyesg.db.base import Amount, Base, UtcDateTime
from supplyesg.db.models.suppliers import SupplierRow


class ScorecardWeightRow(Base):
    """One component of the scorecard weights that apply from a quarter on."""

    __tablename__ = "scorecard_weight"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_from: Mapped[str] = mapped_column(String(6))
    position: Mapped[int] = mapped_column(Integer)
    component: Mapped[str] = mapped_column(String(40))
    weight_percent: Mapped[Decimal] = mapped_column(Amount)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("effective_from", "component", name="uq_scorecard_weight_component"),
    )


class ScorecardScoreRow(Base):
    """An imported score of one scorecard component, for a supplier and a quarter."""

    __tablename__ = "scorecard_score"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id", ondelete="CASCADE"))
    quarter: Mapped[str] = mapped_column(String(6))
    component: Mapped[str] = mapped_column(String(40))
    score: Mapped[Decimal] = mapped_column(Amount)
    source: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("supplier_id", "quarter", "component", name="uq_scorecard_score_entry"),
        Index("ix_scorecard_score_quarter_supplier", "quarter", "supplier_id"),
    )


class RiskFactorRow(Base):
    """An entry of an inherent-risk table that replaces or adds to the shipped defaults."""

    __tablename__ = "risk_factor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(String(2000))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("kind", "key", name="uq_risk_factor_key"),)


class TrainingProgrammeRow(Base):
    """A training offered to suppliers."""

    __tablename__ = "training_programme"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The code of conduct sections it covers (pillar codes); empty for a general training.
    sections: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    assignments: Mapped[list[TrainingAssignmentRow]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )


class TrainingAssignmentRow(Base):
    """A supplier's place in a training, from proposal to completion."""

    __tablename__ = "training_assignment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("training_programme.id", ondelete="CASCADE")
    )
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Requirement codes of the open findings the training answered when proposed.
    answers: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    attended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)

    programme: Mapped[TrainingProgrammeRow] = relationship(back_populates="assignments")
    supplier: Mapped[SupplierRow] = relationship()

    __table_args__ = (
        UniqueConstraint("programme_id", "supplier_id", name="uq_training_assignment_pair"),
    )
