"""The declarative base shared by every table, with a naming convention for constraints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import DateTime, MetaData, Numeric, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC timestamp, also on SQLite (which keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Amount(TypeDecorator[Decimal]):
    """An exact decimal quantity (SQLite keeps it as text so nothing is rounded)."""

    impl = Numeric(28, 10, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect):  # type: ignore[no-untyped-def]
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(28, 10, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> object:
        if value is None:
            return None
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        # Normalised on every database, so PostgreSQL's fixed scale adds no trailing zeros.
        return (value if isinstance(value, Decimal) else Decimal(str(value))).normalize()


class Base(DeclarativeBase):
    """Every table of supplyesg."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


IN_LIST_SIZE = 900
"""Ids per `IN (...)` list: under SQLite's limit of bound parameters on every version."""


def id_chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """The ids, sorted, in lists small enough for one `IN (...)` each."""
    wanted = sorted(ids)
    for start in range(0, len(wanted), IN_LIST_SIZE):
        yield wanted[start : start + IN_LIST_SIZE]
