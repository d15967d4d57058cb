"""Queries on the business event log: append events, read them after a cursor."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from supplyesg.db.models import BusinessEventRow

_LOG_LOCK = 7_301_100
"""The PostgreSQL advisory lock that numbers events in commit order."""


def lock_the_log(session: Session) -> None:
    """Hold the event log until the transaction ends, so ids follow the order of commits.

    Without it a transaction that took id 8 could commit after one that took id 9, and a
    reader that had already moved past 9 would never see 8. SQLite writers hold the whole
    database already.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOG_LOCK})


def append(session: Session, rows: Iterable[Mapping[str, Any]]) -> None:
    """Add events given as column values."""
    values = list(rows)
    if values:
        lock_the_log(session)
        session.execute(insert(BusinessEventRow), values)


def after(
    session: Session, cursor: int, limit: int, kinds: Collection[str] | None = None
) -> Sequence[BusinessEventRow]:
    """Up to `limit` events with an id above the cursor, oldest first, of the kinds if given."""
    query = select(BusinessEventRow).where(BusinessEventRow.id > cursor)
    if kinds is not None:
        query = query.where(BusinessEventRow.kind.in_(sorted(kinds)))
    return session.scalars(query.order_by(BusinessEventRow.id).limit(limit)).all()


def last_id(session: Session) -> int:
    """The id of the newest event, 0 when there is none."""
    return session.scalar(select(func.max(BusinessEventRow.id))) or 0
