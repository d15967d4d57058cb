"""Queries on reader feedback and on the record of who sent it when (for the hourly limit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from supplyesg.db.models import FeedbackSenderRow, ReaderFeedbackRow


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    """Which answers a list shows: of one report, of one year, or all."""

    report: str | None = None
    year: int | None = None


def sent_since(session: Session, client_digest: str, since: datetime) -> list[datetime]:
    """When a client address sent answers after a moment."""
    return list(
        session.scalars(
            select(FeedbackSenderRow.sent_at).where(
                FeedbackSenderRow.client_digest == client_digest,
                FeedbackSenderRow.sent_at > since,
            )
        )
    )


def forget_senders_before(session: Session, before: datetime) -> None:
    """Delete the record of answers sent before a moment: the limit no longer needs it."""
    session.execute(delete(FeedbackSenderRow).where(FeedbackSenderRow.sent_at <= before))


def _conditions(where: FeedbackFilter) -> list[ColumnElement[bool]]:
    conditions = []
    if where.report is not None:
        conditions.append(ReaderFeedbackRow.report == where.report)
    if where.year is not None:
        conditions.append(ReaderFeedbackRow.year == where.year)
    return conditions


def answer_page(
    session: Session, where: FeedbackFilter, before_id: int | None, limit: int
) -> Sequence[ReaderFeedbackRow]:
    """Answers, newest first, from before an answer's id (the page position)."""
    query = select(ReaderFeedbackRow).where(*_conditions(where))
    if before_id is not None:
        query = query.where(ReaderFeedbackRow.id < before_id)
    return session.scalars(query.order_by(ReaderFeedbackRow.id.desc()).limit(limit)).all()


def answer_count(session: Session, where: FeedbackFilter) -> int:
    """How many answers match."""
    query = select(func.count(ReaderFeedbackRow.id)).where(*_conditions(where))
    return session.scalar(query) or 0


def answers(session: Session, where: FeedbackFilter) -> Sequence[ReaderFeedbackRow]:
    """Every matching answer, oldest first (for exports)."""
    query = select(ReaderFeedbackRow).where(*_conditions(where))
    return session.scalars(query.order_by(ReaderFeedbackRow.id)).all()


def answered_years(session: Session) -> list[int]:
    """The report years answers were given about, latest first."""
    query = select(ReaderFeedbackRow.year).distinct().order_by(ReaderFeedbackRow.year.desc())
    return list(session.scalars(query))
