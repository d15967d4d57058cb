"""Queries on suppliers, their status history and the supply-chain links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, delete, func, literal, or_, select
from sqlalchemy.orm import Session

from supplyesg.db.base import id_chunks
from supplyesg.db.models import (
    SupplierRow,
    SupplierStatusChangeRow,
    SupplyLinkRow,
)

_Query = TypeVar("_Query", bound=Select[Any])


@dataclass(frozen=True, slots=True)
class SupplierFilter:
    """What a supplier list is narrowed to; empty fields do not filter."""

    tier: int | None = None
    country: str | None = None
    region: str | None = None
    category: str | None = None
    status: str | None = None
    text: str | None = None


def by_code(session: Session, code: str) -> SupplierRow | None:
    """The supplier with this code, if any."""
    return session.scalars(select(SupplierRow).where(SupplierRow.code == code)).one_or_none()


def by_ids(session: Session, ids: Iterable[int]) -> dict[int, SupplierRow]:
    """Suppliers by id, for the ids given."""
    wanted = list(ids)
    rows: dict[int, SupplierRow] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        rows.update(
            (row.id, row)
            for row in session.scalars(select(SupplierRow).where(SupplierRow.id.in_(chunk)))
        )
    return rows


def codes_by_id(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Supplier codes, keyed by id, for the ids given."""
    found: dict[int, str] = {}
    for chunk in id_chunks(ids):
        query = select(SupplierRow.id, SupplierRow.code).where(SupplierRow.id.in_(chunk))
        found.update((id_, code) for id_, code in session.execute(query))
    return found


def ids_by_code(session: Session) -> dict[str, int]:
    """Every supplier id, keyed by code."""
    return {code: id_ for code, id_ in session.execute(select(SupplierRow.code, SupplierRow.id))}


def page(
    session: Session, where: SupplierFilter, after_code: str | None, limit: int
) -> Sequence[SupplierRow]:
    """One page of suppliers in code order, after a code (keyset pagination: no OFFSET)."""
    query = _filtered(select(SupplierRow), where)
    if after_code is not None:
        query = query.where(SupplierRow.code > after_code)
    return session.scalars(query.order_by(SupplierRow.code).limit(limit)).all()


def count(session: Session, where: SupplierFilter) -> int:
    """How many suppliers match."""
    query = _filtered(select(func.count()).select_from(SupplierRow), where)
    return session.scalar(query) or 0


def _filtered(query: _Query, where: SupplierFilter) -> _Query:
    if where.tier is not None:
        query = query.where(SupplierRow.tier == where.tier)
    for column, value in (
        (SupplierRow.country, where.country),
        (SupplierRow.region, where.region),
        (SupplierRow.category, where.category),
        (SupplierRow.status, where.status),
    ):
        if value:
            query = query.where(column == value)
    if where.text:
        pattern = f"%{escape_like(where.text.lower())}%"
        query = query.where(
            or_(
                SupplierRow.search_text.like(pattern, escape="\\"),
                SupplierRow.code == where.text,
            )
        )
    return query


def escape_like(text: str) -> str:
    """Text for a LIKE pattern, with its wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def distinct_values(session: Session, column_name: str) -> list[str]:
    """The distinct values of a text column (for filter choices)."""
    column = getattr(SupplierRow, column_name)
    return [v for v in session.scalars(select(column).distinct().order_by(column)) if v]


def last_effective_on(session: Session, supplier_id: int) -> date | None:
    """The day the supplier's latest status change took effect, if it has any."""
    return session.scalar(
        select(func.max(SupplierStatusChangeRow.effective_on)).where(
            SupplierStatusChangeRow.supplier_id == supplier_id
        )
    )


def status_changes(
    session: Session, supplier_id: int | None = None
) -> list[tuple[int, date, datetime, str]]:
    """(supplier id, day in effect, when recorded, status moved to) of every status change of
    every supplier (or of one)."""
    query = select(
        SupplierStatusChangeRow.supplier_id,
        SupplierStatusChangeRow.effective_on,
        SupplierStatusChangeRow.changed_at,
        SupplierStatusChangeRow.to_status,
    )
    if supplier_id is not None:
        query = query.where(SupplierStatusChangeRow.supplier_id == supplier_id)
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def status_history(session: Session, supplier_id: int) -> Sequence[SupplierStatusChangeRow]:
    """Every status change of a supplier, newest first."""
    return session.scalars(
        select(SupplierStatusChangeRow)
        .where(SupplierStatusChangeRow.supplier_id == supplier_id)
        .order_by(
            SupplierStatusChangeRow.effective_on.desc(),
            SupplierStatusChangeRow.changed_at.desc(),
            SupplierStatusChangeRow.id.desc(),
        )
    ).all()


def link(session: Session, sub_supplier_id: int, customer_id: int) -> SupplyLinkRow | None:
    """The link between the two suppliers, if it exists."""
    return session.scalars(
        select(SupplyLinkRow).where(
            SupplyLinkRow.sub_supplier_id == sub_supplier_id,
            SupplyLinkRow.customer_id == customer_id,
        )
    ).one_or_none()


def link_by_id(session: Session, link_id: int) -> SupplyLinkRow | None:
    """The link with this id."""
    return session.get(SupplyLinkRow, link_id)


def links_of(session: Session, supplier_id: int) -> Sequence[SupplyLinkRow]:
    """Every link where the supplier is the sub-supplier or the customer."""
    return session.scalars(
        select(SupplyLinkRow)
        .where(
            or_(
                SupplyLinkRow.sub_supplier_id == supplier_id,
                SupplyLinkRow.customer_id == supplier_id,
            )
        )
        .order_by(SupplyLinkRow.id)
    ).all()


def all_link_pairs(session: Session) -> list[tuple[int, int]]:
    """Every (sub_supplier_id, customer_id) pair."""
    return list(session.execute(select(SupplyLinkRow.sub_supplier_id, SupplyLinkRow.customer_id)))


def chain(session: Session, supplier_id: int, *, towards_customers: bool) -> dict[int, int]:
    """Suppliers reachable from one supplier, with their shortest depth.

    towards_customers=True follows the links to whom it delivers, up to the first tier;
    False follows its sub-suppliers down to the deepest tier.
    """
    rows = session.execute(_chain_query(towards_customers), {"origin": supplier_id})
    return {node: depth for node, depth in rows}


@cache
def _chain_query(towards_customers: bool) -> Select[Any]:
    """The recursive walk, built once per direction (building it costs more than running it)."""
    link_table = SupplyLinkRow.__table__
    source, target = (
        (link_table.c.sub_supplier_id, link_table.c.customer_id)
        if towards_customers
        else (link_table.c.customer_id, link_table.c.sub_supplier_id)
    )
    seed = select(target.label("node"), literal(1).label("depth")).where(
        source == bindparam("origin")
    )
    reach = seed.cte("reach", recursive=True)
    step = select(target, reach.c.depth + 1).join(reach, source == reach.c.node)
    reach = reach.union(step)
    return select(reach.c.node, func.min(reach.c.depth)).group_by(reach.c.node)


def links_among(session: Session, ids: Iterable[int]) -> list[tuple[int, int]]:
    """The links whose both ends are among the given suppliers."""
    wanted = set(ids)
    if not wanted:
        return []
    pairs: list[tuple[int, int]] = []
    chunk_ids = list(wanted)
    for start in range(0, len(chunk_ids), 900):
        chunk = chunk_ids[start : start + 900]
        pairs.extend(
            (sub, customer)
            for sub, customer in session.execute(
                select(SupplyLinkRow.sub_supplier_id, SupplyLinkRow.customer_id).where(
                    SupplyLinkRow.sub_supplier_id.in_(chunk)
                )
            )
            if customer in wanted
        )
    return pairs


def delete_links_of(session: Session, supplier_id: int) -> None:
    """Remove every link of a supplier."""
    session.execute(
        delete(SupplyLinkRow).where(
            or_(
                SupplyLinkRow.sub_supplier_id == supplier_id,
                SupplyLinkRow.customer_id == supplier_id,
            )
        )
    )
