"""Queries on the audit trail (reads only: the trail is append-only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from supplyesg.db.audit_trail import AuditEntryRow
from supplyesg.db.repositories.suppliers import escape_like

_Query = TypeVar("_Query", bound=Select[Any])


@dataclass(frozen=True, slots=True)
class TrailFilter:
    """What a search of the trail is narrowed to; empty fields do not filter."""

    table_name: str | None = None
    record_key: str | None = None
    actor: str | None = None
    action: str | None = None
    text: str | None = None  # in the record's label
    since: datetime | None = None
    until: datetime | None = None


def page(
    session: Session, where: TrailFilter, before_id: int | None, limit: int
) -> Sequence[AuditEntryRow]:
    """Entries matching the filter, newest first, older than an id (keyset pagination)."""
    query = _filtered(select(AuditEntryRow), where)
    if before_id is not None:
        query = query.where(AuditEntryRow.id < before_id)
    return session.scalars(query.order_by(AuditEntryRow.id.desc()).limit(limit)).all()


def history(session: Session, table_name: str, record_key: str) -> Sequence[AuditEntryRow]:
    """Every entry about one record, newest first."""
    return session.scalars(
        select(AuditEntryRow)
        .where(AuditEntryRow.table_name == table_name, AuditEntryRow.record_key == record_key)
        .order_by(AuditEntryRow.id.desc())
    ).all()


def table_names(session: Session) -> list[str]:
    """The tables the trail has entries about."""
    column = AuditEntryRow.table_name
    return list(session.scalars(select(column).distinct().order_by(column)))


def _filtered(query: _Query, where: TrailFilter) -> _Query:
    for column, value in (
        (AuditEntryRow.table_name, where.table_name),
        (AuditEntryRow.record_key, where.record_key),
        (AuditEntryRow.actor, where.actor),
        (AuditEntryRow.action, where.action),
    ):
        if value:
            query = query.where(column == value)
    if where.text:
        query = query.where(AuditEntryRow.label.ilike(f"%{escape_like(where.text)}%", escape="\\"))
    if where.since is not None:
        query = query.where(AuditEntryRow.at >= where.since)
    if where.until is not None:
        query = query.where(AuditEntryRow.at < where.until)
    return query
