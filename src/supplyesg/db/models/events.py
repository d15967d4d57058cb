"""The table of business events: the durable log the event feed and the webhooks read."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class BusinessEventRow(Base):
    """One business event, recorded in the transaction of the change it tells of.

    The id is the feed's cursor: events are numbered in the order their transactions commit
    (the repository serialises the numbering), so a reader that continues after the last id
    it saw misses nothing. The supplier is kept by code, so the log outlives its supplier.
    """

    __tablename__ = "business_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(60))
    supplier_code: Mapped[str] = mapped_column(String(40))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
