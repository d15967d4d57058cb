"""The report workspace: the company's own text of each report section and each reason for
omission, per report, year, key and language, with its author, review state and confirmation.

Every change goes into the audit trail with the rest (db/audit_trail.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class ReportTextRow(Base):
    """A section's text (kind 'section', key the section) or a reason for omission (kind
    'omission', key the guide item) of a report of a year, in one language."""

    __tablename__ = "report_text"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(300))
    author_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_on: Mapped[date] = mapped_column(Date)
    confirmed_by: Mapped[str | None] = mapped_column(String(300), nullable=True)
    confirmed_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    confirmed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    carried_from: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        UniqueConstraint("report", "year", "kind", "key", "language", name="uq_report_text_key"),
    )
