"""The table of ESG data collection requests: who owes which values, by when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class EsgDataRequestRow(Base):
    """A request for an entity's values of one part of a year (all metrics or one section)."""

    __tablename__ = "esg_data_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("reporting_entity.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    slice: Mapped[str] = mapped_column(String(3))
    section: Mapped[str] = mapped_column(String(60), default="")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True
    )
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(2000), default="")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (
        UniqueConstraint(
            "entity_id", "year", "slice", "section", name="uq_esg_data_request_period"
        ),
        Index("ix_esg_data_request_year_due_on", "year", "due_on"),
    )
