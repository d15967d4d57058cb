"""Tables of reader feedback: the answers, and when each client address last sent one.

The two are kept apart on purpose: an answer holds only what the reader typed, never where it
came from; `feedback_sender` holds a digest of the client address and the instant, for the
hourly limit only, and its rows are deleted once they are older than the limit's window.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class ReaderFeedbackRow(Base):
    """One reader's answer to the feedback form of a report of a year."""

    __tablename__ = "reader_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    clarity: Mapped[int] = mapped_column(SmallInteger)
    completeness: Mapped[int] = mapped_column(SmallInteger)
    usefulness: Mapped[int] = mapped_column(SmallInteger)
    reader_group: Mapped[str] = mapped_column(String(20))
    comments: Mapped[str] = mapped_column(String(2000), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (Index("ix_reader_feedback_report_year", "report", "year", "id"),)


class FeedbackSenderRow(Base):
    """That a client address (its SHA-256, never the address) sent an answer at an instant."""

    __tablename__ = "feedback_sender"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_digest: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)

    __table_args__ = (Index("ix_feedback_sender_client", "client_digest", "sent_at"),)
