"""Climate and environmental targets, and the carbon credits a net target counts each year.

A target is adopted on a business day and may be withdrawn on one; both are kept beside the
instants they were recorded, so a report of an earlier year shows the targets of that year.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplyesg.db.base import Amount, Base, UtcDateTime


class TargetRow(Base):
    """A target on a computed figure, from a base year to a target year."""

    __tablename__ = "esg_target"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    normaliser: Mapped[str] = mapped_column(String(80), default="")
    entity: Mapped[str] = mapped_column(String(80), default="")
    accounting: Mapped[str] = mapped_column(String(10))
    base_year: Mapped[int] = mapped_column(Integer)
    base_value: Mapped[Decimal | None] = mapped_column(Amount, nullable=True)
    base_source: Mapped[str] = mapped_column(Text, default="")
    target_year: Mapped[int] = mapped_column(Integer)
    target_value: Mapped[Decimal | None] = mapped_column(Amount, nullable=True)
    reduction_pct: Mapped[Decimal | None] = mapped_column(Amount, nullable=True)
    description: Mapped[str] = mapped_column(Text)
    steps: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200))
    adopted_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    credits: Mapped[list[TargetCreditRow]] = relationship(
        cascade="all, delete-orphan", order_by="TargetCreditRow.year", lazy="selectin"
    )


class TargetCreditRow(Base):
    """Carbon credits (t CO2e) retired in a year and counted by a net target."""

    __tablename__ = "esg_target_credit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("esg_target.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    t_co2e: Mapped[Decimal] = mapped_column(Amount)

    __table_args__ = (UniqueConstraint("target_id", "year", name="uq_esg_target_credit_year"),)
