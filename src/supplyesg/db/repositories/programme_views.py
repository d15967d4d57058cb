"""Queries behind the programme pages: audit lists by every filter, plans, rating counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from supplyesg.db.models import EsgAuditRow, ImprovementPlanRow, QuarterlyRatingRow, SupplierRow


@dataclass(frozen=True, slots=True)
class AuditListFilter:
    """What the audit list is narrowed to; empty fields do not filter."""

    supplier_id: int | None = None
    audit_type: str | None = None
    status: str | None = None
    risk_level: str | None = None
    year: int | None = None
    """The year the audit ended in."""


def audit_page(
    session: Session, where: AuditListFilter, after_reference: str | None, limit: int
) -> Sequence[EsgAuditRow]:
    """One page of audits in reference order, after a reference (keyset pagination)."""
    query = select(EsgAuditRow).where(*_audit_conditions(where))
    if after_reference is not None:
        query = query.where(EsgAuditRow.reference > after_reference)
    return session.scalars(query.order_by(EsgAuditRow.reference).limit(limit)).all()


def audit_count(session: Session, where: AuditListFilter) -> int:
    """How many audits the filter keeps."""
    query = select(func.count()).select_from(EsgAuditRow).where(*_audit_conditions(where))
    return session.scalar(query) or 0


def _audit_conditions(where: AuditListFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.supplier_id is not None:
        conditions.append(EsgAuditRow.supplier_id == where.supplier_id)
    if where.audit_type:
        conditions.append(EsgAuditRow.audit_type == where.audit_type)
    if where.status:
        conditions.append(EsgAuditRow.status == where.status)
    if where.risk_level:
        conditions.append(EsgAuditRow.risk_level == where.risk_level)
    if where.year is not None:
        conditions.append(EsgAuditRow.ended_on >= date(where.year, 1, 1))
        conditions.append(EsgAuditRow.ended_on <= date(where.year, 12, 31))
    return conditions


def audit_years(session: Session) -> list[int]:
    """The years audits ended in, latest first."""
    days = session.scalars(select(EsgAuditRow.ended_on).distinct())
    return sorted({day.year for day in days}, reverse=True)


def audits_of_supplier(session: Session, supplier_id: int, limit: int) -> Sequence[EsgAuditRow]:
    """A supplier's audits, the latest ended first."""
    return session.scalars(
        select(EsgAuditRow)
        .where(EsgAuditRow.supplier_id == supplier_id)
        .order_by(EsgAuditRow.ended_on.desc(), EsgAuditRow.id.desc())
        .limit(limit)
    ).all()


@dataclass(frozen=True, slots=True)
class PlanFilter:
    """What the plan list is narrowed to; empty fields do not filter."""

    status: str | None = None
    supplier_id: int | None = None
    audit_id: int | None = None


def plan_page(
    session: Session, where: PlanFilter, after_id: int | None, limit: int
) -> list[tuple[ImprovementPlanRow, EsgAuditRow]]:
    """Improvement plans with their audit, latest first (keyset on the plan id)."""
    query = select(ImprovementPlanRow, EsgAuditRow).join(
        EsgAuditRow, EsgAuditRow.id == ImprovementPlanRow.audit_id
    )
    if where.status:
        query = query.where(ImprovementPlanRow.status == where.status)
    if where.supplier_id is not None:
        query = query.where(EsgAuditRow.supplier_id == where.supplier_id)
    if where.audit_id is not None:
        query = query.where(ImprovementPlanRow.audit_id == where.audit_id)
    if after_id is not None:
        query = query.where(ImprovementPlanRow.id < after_id)
    rows = session.execute(query.order_by(ImprovementPlanRow.id.desc()).limit(limit))
    return [(plan, audit) for plan, audit in rows]


def rating_counts(
    session: Session, quarters: Sequence[str]
) -> list[tuple[str, str, int | None, int]]:
    """(quarter, state, score, how many ratings) for each of the quarters."""
    rating = QuarterlyRatingRow
    rows = session.execute(
        select(rating.quarter, rating.state, rating.score, func.count())
        .where(rating.quarter.in_(list(quarters)))
        .group_by(rating.quarter, rating.state, rating.score)
    )
    return [(quarter, state, score, count) for quarter, state, score, count in rows]


def supplier_names(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(code, legal name) of each supplier asked for, by id."""
    wanted = list(ids)
    names: dict[int, tuple[str, str]] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        rows = session.execute(
            select(SupplierRow.id, SupplierRow.code, SupplierRow.legal_name).where(
                SupplierRow.id.in_(chunk)
            )
        )
        names.update((id_, (code, name)) for id_, code, name in rows)
    return names
