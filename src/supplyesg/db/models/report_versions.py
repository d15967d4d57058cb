"""Tables of report versions: each step of review and sign-off, and the published files.

A published file keeps its bytes here, so it survives any later change to the data; the ORM
refuses to change or remove a stored file once written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from supplyesg.db.base import Base, UtcDateTime


class ReportVersionRow(Base):
    """A numbered version of a report of a year, with who took each step and when."""

    __tablename__ = "report_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    framework: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    figures: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(String(2000), default="")
    submitted_by: Mapped[str | None] = mapped_column(String(300), nullable=True)
    submitted_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    submitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(300), nullable=True)
    approved_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    rejected_by: Mapped[str | None] = mapped_column(String(300), nullable=True)
    rejected_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    rejected_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    rejected_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_by: Mapped[str | None] = mapped_column(String(300), nullable=True)
    published_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    files: Mapped[list[ReportVersionFileRow]] = relationship(
        back_populates="version", order_by="ReportVersionFileRow.id"
    )

    __table_args__ = (
        UniqueConstraint("framework", "year", "number", name="uq_report_version_number"),
    )


class ReportVersionFileRow(Base):
    """One file of a published version: a format in a language, its bytes and their SHA-256."""

    __tablename__ = "report_version_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_version.id"))
    format: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    version: Mapped[ReportVersionRow] = relationship(back_populates="files")

    __table_args__ = (
        UniqueConstraint("version_id", "format", "language", name="uq_report_version_file_format"),
        Index("ix_report_version_file_version_id", "version_id"),
    )


class FrozenFileError(RuntimeError):
    """Raised when code tries to change or remove a published report file."""


@event.listens_for(ReportVersionFileRow, "before_update")
@event.listens_for(ReportVersionFileRow, "before_delete")
def _refuse_change(mapper: Mapper[Any], connection: Any, target: ReportVersionFileRow) -> None:
    raise FrozenFileError(f"published report file {target.id} never changes")
