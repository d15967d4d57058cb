"""Queries on quarterly ratings and the supplier facts a rating run reads, all set-based."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, Text, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.orm import Session

from supplyesg.db.base import id_chunks
from supplyesg.db.models import (
    EsgAuditRow,
    QuarterlyRatingRow,
    SupplierRow,
    SupplierStatusChangeRow,
)

TERMINATED = "terminated"


@dataclass(frozen=True, slots=True)
class StoredRating:
    """The compared content of a stored rating."""

    id: int
    state: str
    score: int | None
    risk_level: str | None
    audit_id: int | None
    policy_version: str
    reasons_json: str


@dataclass(frozen=True, slots=True)
class RatingFilter:
    """What a rating list is narrowed to; empty fields do not filter."""

    state: str | None = None
    score: int | None = None


def scope_candidates(session: Session) -> list[tuple[int, int, bool]]:
    """(id, tier, is key sub-supplier) of every supplier."""
    rows = session.execute(
        select(SupplierRow.id, SupplierRow.tier, SupplierRow.is_key_sub_supplier)
    )
    return [(id_, tier, key) for id_, tier, key in rows]


def terminated_by(session: Session, day: date) -> set[int]:
    """Suppliers whose last status change in effect on the day made them terminated."""
    change = SupplierStatusChangeRow
    ranked = (
        select(
            change.supplier_id,
            change.to_status,
            func.row_number()
            .over(
                partition_by=change.supplier_id,
                order_by=(change.effective_on.desc(), change.changed_at.desc(), change.id.desc()),
            )
            .label("rank"),
        )
        .where(change.effective_on <= day)
        .subquery()
    )
    rows = session.scalars(
        select(ranked.c.supplier_id).where(ranked.c.rank == 1, ranked.c.to_status == TERMINATED)
    )
    return set(rows)


def stored(session: Session, quarter: str) -> dict[int, StoredRating]:
    """The ratings stored for a quarter, by supplier id; the reasons as their JSON text."""
    rating = QuarterlyRatingRow
    query = select(
        rating.supplier_id,
        rating.id,
        rating.state,
        rating.score,
        rating.risk_level,
        rating.audit_id,
        rating.policy_version,
        cast(rating.reasons, Text),
    ).where(rating.quarter == quarter)
    rows = session.connection().execute(query, execution_options={"yield_per": 10_000})
    return {row[0]: StoredRating(*row[1:]) for row in rows}


_TABLE = typing.cast(Table, QuarterlyRatingRow.__table__)


def insert_many(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Add ratings in bulk (plain Core inserts: no ORM bookkeeping per row)."""
    for start in range(0, len(rows), 5_000):
        session.execute(insert(_TABLE), list(rows[start : start + 5_000]))


def update_many(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Change ratings in bulk; each mapping carries the rating's id."""
    if not rows:
        return
    names = [name for name in rows[0] if name != "id"]
    statement = (
        update(_TABLE)
        .where(_TABLE.c.id == bindparam("rating_id"))
        .values({name: bindparam(name) for name in names})
    )
    changes = [{**{n: row[n] for n in names}, "rating_id": row["id"]} for row in rows]
    for start in range(0, len(changes), 5_000):
        session.execute(statement, changes[start : start + 5_000])


def delete_ids(session: Session, ids: Iterable[int]) -> None:
    """Remove ratings by id."""
    for chunk in id_chunks(ids):
        session.execute(delete(QuarterlyRatingRow).where(QuarterlyRatingRow.id.in_(chunk)))


def page(
    session: Session, quarter: str, where: RatingFilter, after_code: str | None, limit: int
) -> list[tuple[QuarterlyRatingRow, str, str, str | None]]:
    """One page of a quarter's ratings with supplier code, name and audit, by supplier code."""
    query = (
        select(QuarterlyRatingRow, SupplierRow.code, SupplierRow.legal_name, EsgAuditRow.reference)
        .join(SupplierRow, SupplierRow.id == QuarterlyRatingRow.supplier_id)
        .outerjoin(EsgAuditRow, EsgAuditRow.id == QuarterlyRatingRow.audit_id)
        .where(QuarterlyRatingRow.quarter == quarter)
    )
    if where.state:
        query = query.where(QuarterlyRatingRow.state == where.state)
    if where.score is not None:
        query = query.where(QuarterlyRatingRow.score == where.score)
    if after_code is not None:
        query = query.where(SupplierRow.code > after_code)
    rows = session.execute(query.order_by(SupplierRow.code).limit(limit))
    return [(rating, code, name, reference) for rating, code, name, reference in rows]


def of_supplier(
    session: Session, supplier_id: int
) -> list[tuple[QuarterlyRatingRow, str, str, str | None]]:
    """Every rating of a supplier with its code, name and audit, latest quarter first."""
    rows = session.execute(
        select(QuarterlyRatingRow, SupplierRow.code, SupplierRow.legal_name, EsgAuditRow.reference)
        .join(SupplierRow, SupplierRow.id == QuarterlyRatingRow.supplier_id)
        .outerjoin(EsgAuditRow, EsgAuditRow.id == QuarterlyRatingRow.audit_id)
        .where(QuarterlyRatingRow.supplier_id == supplier_id)
        .order_by(QuarterlyRatingRow.quarter.desc())
    )
    return [(rating, code, name, reference) for rating, code, name, reference in rows]


def quarters(session: Session) -> list[str]:
    """The quarters that have ratings, latest first."""
    return list(
        session.scalars(
            select(QuarterlyRatingRow.quarter)
            .distinct()
            .order_by(QuarterlyRatingRow.quarter.desc())
        )
    )
