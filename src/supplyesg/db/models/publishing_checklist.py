"""Acknowledgements of publishing checklist items: who accepted which finding, and why.

An acknowledgement is withdrawn, never deleted: the row keeps who withdrew it and when, so the
history of what was accepted for a publication stays readable next to the audit trail.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class ChecklistAcknowledgementRow(Base):
    """An item of a report's checklist of a year, accepted for publication with a reason."""

    __tablename__ = "checklist_acknowledgement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    framework: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(String(2000))
    acknowledged_by: Mapped[str] = mapped_column(String(300))
    acknowledged_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    acknowledged_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acknowledged_on: Mapped[date] = mapped_column(Date)
    withdrawn_by: Mapped[str | None] = mapped_column(String(300), nullable=True)
    withdrawn_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (Index("ix_checklist_acknowledgement_report", "framework", "year", "item"),)
