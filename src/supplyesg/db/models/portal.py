"""Tables of the supplier portal: the evidence files suppliers upload."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class EvidenceFileRow(Base):
    """A file a supplier sent as evidence, kept in the database with the record it supports."""

    __tablename__ = "evidence_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id", ondelete="CASCADE"))
    nc_id: Mapped[int | None] = mapped_column(
        ForeignKey("nonconformity.id", ondelete="SET NULL"), nullable=True, index=True
    )
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(String(254))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_evidence_file_supplier_id", "supplier_id", "id"),)
