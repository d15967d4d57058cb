"""Suppliers, contacts, status changes and links read and written many at a time.

Imports and exports of whole registries go through here: SQLAlchemy Core statements run
with executemany in the caller's transaction, and reads go page by page, so a hundred
thousand suppliers take seconds and bounded memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Dialect, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, aliased

from supplyesg.db.models import (
    SupplierContactRow,
    SupplierRow,
    SupplierStatusChangeRow,
    SupplyLinkRow,
)
from supplyesg.domain.supplier_import import StoredSupplier
from supplyesg.domain.suppliers import Contact, SupplierProfile, SupplierStatus
from supplyesg.domain.supply_chain import Link

CHUNK = 900
"""Ids or codes per IN (...) list: under SQLite's older limit of 999 bound parameters."""
BATCH = 5000
"""Rows per executemany: large enough to be fast, small enough to bound memory."""

_SUPPLIER: Table = SupplierRow.__table__  # type: ignore[assignment]
_CONTACT: Table = SupplierContactRow.__table__  # type: ignore[assignment]
_STATUS_CHANGE: Table = SupplierStatusChangeRow.__table__  # type: ignore[assignment]
_LINK: Table = SupplyLinkRow.__table__  # type: ignore[assignment]

_PROFILE_COLUMNS = (
    _SUPPLIER.c.id,
    _SUPPLIER.c.code,
    _SUPPLIER.c.legal_name,
    _SUPPLIER.c.country,
    _SUPPLIER.c.region,
    _SUPPLIER.c.city,
    _SUPPLIER.c.category,
    _SUPPLIER.c.tier,
    _SUPPLIER.c.is_key_sub_supplier,
    _SUPPLIER.c.annual_spend,
    _SUPPLIER.c.currency,
    _SUPPLIER.c.status,
    _SUPPLIER.c.relationship_started_on,
    _SUPPLIER.c.relationship_ended_on,
)


def stored_suppliers(session: Session, codes: Collection[str]) -> dict[str, StoredSupplier]:
    """The stored suppliers among the codes, with their contacts, by code."""
    found: dict[str, StoredSupplier] = {}
    for chunk in batched(codes, CHUNK):
        rows = session.execute(select(*_PROFILE_COLUMNS).where(_SUPPLIER.c.code.in_(chunk))).all()
        contacts = _contacts_of(session, [row.id for row in rows])
        for row in rows:
            found[row.code] = StoredSupplier(
                row.id, _profile(row, contacts.get(row.id, ())), SupplierStatus(row.status)
            )
    return found


def supplier_pages(
    session: Session, page_size: int = CHUNK
) -> Iterator[list[tuple[SupplierProfile, str, list[str]]]]:
    """Every supplier in code order, a page at a time: (profile, status, customer codes)."""
    after = ""
    while True:
        rows = session.execute(
            select(*_PROFILE_COLUMNS)
            .where(_SUPPLIER.c.code > after)
            .order_by(_SUPPLIER.c.code)
            .limit(page_size)
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        contacts = _contacts_of(session, ids)
        customers = _customer_codes_of(session, ids)
        yield [
            (_profile(row, contacts.get(row.id, ())), row.status, customers.get(row.id, []))
            for row in rows
        ]
        after = rows[-1].code


def insert_suppliers(
    session: Session, suppliers: Iterable[tuple[SupplierProfile, str, str]], at: datetime
) -> None:
    """Add suppliers given as (profile, status, search text), created at `at`."""
    rows = ((*_profile_values(profile), status, text) for profile, status, text in suppliers)
    columns = (*_PROFILE_COLUMN_NAMES, "status", "search_text")
    _insert_many(session, _SUPPLIER, columns, rows, {"created_at": at, "updated_at": at})


def update_suppliers(
    session: Session, suppliers: Iterable[tuple[int, SupplierProfile, str]], at: datetime
) -> None:
    """Change stored suppliers given as (id, profile, search text), updated at `at`."""
    values = (
        {
            **dict(zip(_PROFILE_COLUMN_NAMES, _profile_values(profile), strict=True)),
            "search_text": text,
            "supplier_id": supplier_id,
            "updated_at": at,
        }
        for supplier_id, profile, text in suppliers
    )
    _update_many(session, values)


def set_statuses(session: Session, statuses: Iterable[tuple[int, str]], at: datetime) -> None:
    """Set the status of suppliers given as (id, status), updated at `at`."""
    values = (
        {"supplier_id": supplier_id, "status": status, "updated_at": at}
        for supplier_id, status in statuses
    )
    _update_many(session, values)


def replace_contacts(
    session: Session, cleared: Iterable[int], contacts: Iterable[tuple[int, Sequence[Contact]]]
) -> None:
    """Drop the contacts of the `cleared` suppliers, then add (supplier id, contacts) pairs."""
    for chunk in batched(cleared, CHUNK):
        session.execute(delete(_CONTACT).where(_CONTACT.c.supplier_id.in_(chunk)))
    rows = (
        (supplier_id, position, contact.name, contact.email, contact.phone)
        for supplier_id, listed in contacts
        for position, contact in enumerate(listed)
    )
    columns = ("supplier_id", "position", "name", "email", "phone")
    _insert_many(session, _CONTACT, columns, rows)


def insert_status_changes(
    session: Session,
    changes: Iterable[tuple[int, str | None, str, str]],
    actor: str,
    at: datetime,
    effective_on: date,
) -> None:
    """Record status changes given as (supplier id, from, to, reason), by `actor` at `at`,
    in effect from `effective_on`."""
    columns = ("supplier_id", "from_status", "to_status", "reason")
    constants = {"changed_by": actor, "changed_at": at, "effective_on": effective_on}
    _insert_many(session, _STATUS_CHANGE, columns, changes, constants)


def insert_links(session: Session, links: Iterable[Link], at: datetime) -> None:
    """Add supply links given as (sub_supplier_id, customer_id), created at `at`."""
    columns = ("sub_supplier_id", "customer_id")
    _insert_many(session, _LINK, columns, links, {"created_at": at})


def delete_links(session: Session, links: Iterable[Link]) -> None:
    """Remove the supply links given as (sub_supplier_id, customer_id)."""
    statement = delete(_LINK).where(
        _LINK.c.sub_supplier_id == bindparam("sub"),
        _LINK.c.customer_id == bindparam("customer"),
    )
    for chunk in batched(({"sub": sub, "customer": c} for sub, c in links), BATCH):
        session.execute(statement, chunk)


def _update_many(session: Session, values: Iterable[Mapping[str, Any]]) -> None:
    statement = update(_SUPPLIER).where(_SUPPLIER.c.id == bindparam("supplier_id"))
    for chunk in batched(values, BATCH):
        session.execute(statement, chunk)


def _insert_many(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> None:
    """INSERT rows (values in `columns` order) straight through the driver's executemany.

    SQLAlchemy would convert every value of every row; here the column types convert only
    the values that need it, and the constants once, which makes bulk loads twice as fast.
    """
    connection = session.connection()
    dialect = connection.dialect
    constants = constants or {}
    names = (*columns, *constants)
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
    fixed = tuple(_bound(table.c[name], value, dialect) for name, value in constants.items())
    converters = [
        (index, convert)
        for index, name in enumerate(columns)
        if (convert := _converter(table.c[name], dialect)) is not None
    ]
    positional = compiled.positiontup is not None
    indexes = [names.index(name) for name in compiled.positiontup or names]
    order = itemgetter(*indexes) if len(indexes) > 1 else lambda v: (v[indexes[0]],)
    for chunk in batched(rows, BATCH):
        params: list[Any] = []
        for row in chunk:
            values = [*row, *fixed]
            for index, convert in converters:
                values[index] = convert(values[index])
            params.append(order(values) if positional else dict(zip(names, values, strict=True)))
        connection.exec_driver_sql(compiled.string, params)


def _bound(column: Column[Any], value: Any, dialect: Dialect) -> Any:
    convert = _converter(column, dialect)
    return value if convert is None else convert(value)


def _converter(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """How the column's type turns a value into what this database's driver takes."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """The items in lists of `size` (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _contacts_of(session: Session, supplier_ids: Sequence[int]) -> dict[int, list[Contact]]:
    contacts: dict[int, list[Contact]] = defaultdict(list)
    rows = session.execute(
        select(_CONTACT.c.supplier_id, _CONTACT.c.name, _CONTACT.c.email, _CONTACT.c.phone)
        .where(_CONTACT.c.supplier_id.in_(supplier_ids))
        .order_by(_CONTACT.c.supplier_id, _CONTACT.c.position)
    )
    for supplier_id, name, email, phone in rows:
        contacts[supplier_id].append(Contact(name, email, phone))
    return contacts


def _customer_codes_of(session: Session, supplier_ids: Sequence[int]) -> dict[int, list[str]]:
    customer = aliased(SupplierRow)
    rows = session.execute(
        select(SupplyLinkRow.sub_supplier_id, customer.code)
        .join(customer, customer.id == SupplyLinkRow.customer_id)
        .where(SupplyLinkRow.sub_supplier_id.in_(supplier_ids))
        .order_by(SupplyLinkRow.sub_supplier_id, customer.code)
    )
    codes: dict[int, list[str]] = defaultdict(list)
    for sub_id, code in rows:
        codes[sub_id].append(code)
    return codes


_PROFILE_COLUMN_NAMES = (
    "code",
    "legal_name",
    "country",
    "region",
    "city",
    "category",
    "tier",
    "is_key_sub_supplier",
    "annual_spend",
    "currency",
    "relationship_started_on",
    "relationship_ended_on",
)


def _profile_values(profile: SupplierProfile) -> tuple[Any, ...]:
    return (
        profile.code,
        profile.legal_name,
        profile.country,
        profile.region,
        profile.city,
        profile.category,
        profile.tier,
        profile.is_key_sub_supplier,
        profile.annual_spend,
        profile.currency,
        profile.relationship_started_on,
        profile.relationship_ended_on,
    )


def _profile(row: Any, contacts: Iterable[Contact]) -> SupplierProfile:
    return SupplierProfile(
        code=row.code,
        legal_name=row.legal_name,
        country=row.country,
        region=row.region,
        city=row.city,
        category=row.category,
        tier=row.tier,
        is_key_sub_supplier=row.is_key_sub_supplier,
        annual_spend=row.annual_spend,
        currency=row.currency,
        contacts=tuple(contacts),
        relationship_started_on=row.relationship_started_on,
        relationship_ended_on=row.relationship_ended_on,
    )
