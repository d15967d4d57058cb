"""Reading the audit trail: the history of one record, and searches across everything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from supplyesg.db.audit_trail import AuditEntryRow
from supplyesg.db.repositories import audit_trail as repo
from supplyesg.db.repositories.audit_trail import TrailFilter
from supplyesg.db.session import Database

MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class TrailPage:
    """One page of trail entries, newest first, and the id to continue before, if any."""

    items: Sequence[AuditEntryRow]
    next_before: int | None


def search(
    db: Database, where: TrailFilter, before_id: int | None = None, limit: int = 50
) -> TrailPage:
    """Entries matching the filter, newest first, one page at a time."""
    limit = max(1, min(limit, MAX_PAGE))
    with db.transaction() as session:
        rows = repo.page(session, where, before_id, limit + 1)
    items = rows[:limit]
    more = len(rows) > limit and bool(items)
    return TrailPage(items=items, next_before=items[-1].id if more else None)


def history_of(db: Database, table_name: str, record_key: str) -> Sequence[AuditEntryRow]:
    """Everything that happened to one record, newest first."""
    with db.transaction() as session:
        return repo.history(session, table_name, record_key)


def tables(db: Database) -> list[str]:
    """The tables the trail has entries about (for the search form)."""
    with db.transaction() as session:
        return repo.table_names(session)
