"""The audit trail: every create, update, delete and status change of every mapped table,
recorded in the same transaction with who did it, when, and the values before and after.

It is collected here, once, from the ORM's flush, so an area gets it without code of its own.
Who is acting comes from a context variable the web and CLI layers set (`acting_as`).
Bulk inserts through SQLAlchemy Core bypass the ORM: they call `record_bulk` with a summary.
The trail is append-only: no code path updates or deletes an entry, the ORM refuses to, and
the migration adds database triggers that refuse it too.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE
from sqlalchemy.orm.state import InstanceState

from supplyesg.clock import clock_in_use
from supplyesg.db.base import Base, UtcDateTime


class AuditEntryRow(Base):
    """One change to one record: who, when, what, and the values before and after."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str] = mapped_column(String(80))
    record_key: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    __table_args__ = (
        Index("ix_audit_entry_record", "table_name", "record_key", "id"),
        Index("ix_audit_entry_actor_id", "actor", "id"),
        Index("ix_audit_entry_at", "at"),
    )


class AuditAction(enum.StrEnum):
    """What happened to a record."""

    CREATE = "create"
    UPDATE = "update"
    STATUS_CHANGE = "status_change"
    DELETE = "delete"
    BULK_IMPORT = "bulk_import"
    REJUDGE = "rejudge"  # a period judged again under a new edition, as its maker confirmed


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit-trail entry."""


SYSTEM_ACTOR = "system"
current_actor: ContextVar[str] = ContextVar("supplyesg_actor", default=SYSTEM_ACTOR)

NOT_AUDITED = frozenset(
    {
        "audit_entry",
        "user_session",
        "notification",
        "reminder_digest",
        "business_event",
        "webhook_delivery",
        "webhook_attempt",
        "reader_feedback",
        "feedback_sender",
    }
)
"""Tables whose rows are bookkeeping, not business records. Reader feedback is kept out too:
an anonymous answer changes no business record, and the trail, never pruned, would keep a
reader's contact and a digest of their address for ever."""
BOOKKEEPING_COLUMNS = frozenset(
    {"last_seen_at", "last_used_at", "last_login_at", "updated_at", "after_event_id"}
)
"""Columns whose change alone is not worth an entry."""
STATUS_COLUMNS = frozenset({"status", "state"})
LABEL_COLUMNS = ("code", "email", "name", "title")
REDACTED = "[redacted]"
_UNKNOWN = (NO_VALUE, NEVER_SET)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Record everything done inside the block as done by `actor`."""
    token = current_actor.set(actor)
    try:
        yield
    finally:
        current_actor.reset(token)


def is_secret(column: str) -> bool:
    """Whether a column's value must never be copied into the trail."""
    return "password" in column or "token" in column or "secret" in column


def shown(column: str, value: object) -> object:
    """A value as the trail keeps it: JSON-friendly, secrets redacted."""
    if value is None:
        return None
    if is_secret(column):
        return REDACTED
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return shown(column, value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def record_bulk(
    session: Session, table_name: str, rows: int, summary: Mapping[str, object]
) -> None:
    """One entry summing up a bulk write done with SQLAlchemy Core (which the ORM never sees)."""
    after = {"rows": rows, **{key: shown(key, value) for key, value in summary.items()}}
    session.execute(
        insert(AuditEntryRow),
        [_entry(AuditAction.BULK_IMPORT, table_name, "*", "", None, after)],
    )


def record_confirmation(
    session: Session,
    action: AuditAction,
    table_name: str,
    key: str,
    label: str,
    after: Mapping[str, object],
) -> None:
    """One entry for a decision someone confirmed that no single row's change says."""
    shown_after = {
        name: [shown(name, v) for v in value] if isinstance(value, list) else shown(name, value)
        for name, value in after.items()
    }
    session.execute(
        insert(AuditEntryRow), [_entry(action, table_name, key, label, None, shown_after)]
    )


def _entry(
    action: AuditAction,
    table_name: str,
    key: str,
    label: str,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
    at: datetime | None = None,
) -> dict[str, object]:
    return {
        "at": at or clock_in_use().now(),
        "actor": current_actor.get()[:300],
        "action": str(action),
        "table_name": table_name,
        "record_key": key[:200],
        "label": label[:300],
        "before": before,
        "after": after,
    }


@dataclass(frozen=True, slots=True)
class _Column:
    key: str  # the attribute
    name: str  # the column
    secret: bool


@cache
def _columns_of(mapper: Mapper[Any]) -> dict[str, _Column]:
    """The audited columns of a mapped class, by attribute key (computed once per class)."""
    return {
        attr.key: _Column(attr.key, attr.columns[0].name, is_secret(attr.columns[0].name))
        for attr in mapper.column_attrs
    }


def _value(column: _Column, value: object) -> object:
    return REDACTED if column.secret and value is not None else shown(column.name, value)


def _columns(state: InstanceState[Any]) -> dict[str, object]:
    loaded = state.dict
    return {
        c.name: _value(c, loaded[key])
        for key, c in _columns_of(state.mapper).items()
        if key in loaded
    }


def _changes(state: InstanceState[Any]) -> tuple[dict[str, object], dict[str, object]]:
    """The columns that changed, from what the session kept of their values before the change."""
    columns = _columns_of(state.mapper)
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for key, old in state.committed_state.items():
        column = columns.get(key)
        if column is None:
            continue
        previous = None if old in _UNKNOWN else old
        new = state.dict.get(key)
        if previous != new:
            before[column.name] = _value(column, previous)
            after[column.name] = _value(column, new)
    return before, after


def _key(state: InstanceState[Any]) -> str:
    identity = state.identity or state.mapper.primary_key_from_instance(state.obj())
    return "/".join(str(part) for part in identity)


def _label(state: InstanceState[Any]) -> str:
    loaded = state.dict
    return next((str(loaded[name]) for name in LABEL_COLUMNS if loaded.get(name)), "")


def entries_of_flush(session: Session, at: datetime) -> list[dict[str, object]]:
    """The trail entries describing what the session is flushing."""
    entries = []
    for obj, action in (
        *((o, AuditAction.CREATE) for o in session.new),
        *((o, AuditAction.UPDATE) for o in session.dirty),
        *((o, AuditAction.DELETE) for o in session.deleted),
    ):
        state = inspect(obj)
        table = state.mapper.persist_selectable.name
        if table in NOT_AUDITED:
            continue
        before: dict[str, object] | None = None
        after: dict[str, object] | None = None
        if action is AuditAction.CREATE:
            after = _columns(state)
        elif action is AuditAction.DELETE:
            before = _columns(state)
        else:
            before, after = _changes(state)
            if not set(after) - BOOKKEEPING_COLUMNS:
                continue
            if STATUS_COLUMNS & set(after):
                action = AuditAction.STATUS_CHANGE
        entries.append(_entry(action, table, _key(state), _label(state), before, after, at))
    return entries


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_trail(session: Session, _context: object, _instances: object) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntryRow):
            raise AppendOnlyError("The audit trail is append-only: entries cannot change.")


@event.listens_for(Session, "after_flush")
def _record_the_flush(session: Session, _context: object) -> None:
    entries = entries_of_flush(session, clock_in_use().now())
    if entries:
        session.connection().execute(insert(AuditEntryRow), entries)
