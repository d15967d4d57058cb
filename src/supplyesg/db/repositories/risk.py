"""Queries of the risk register: inherent-risk overrides, the suppliers and their audits.

`latest_audits` reads every supplier's latest completed audit and last on-site audit in one
query (a window over the audits), never one supplier at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from supplyesg.db.models import EsgAuditRow, RiskFactorRow, SupplierRow
from supplyesg.db.repositories.audits import COMPLETED
from supplyesg.domain.audits import AuditType

ON_SITE_TYPES = tuple(str(t) for t in AuditType if t.is_on_site)


@dataclass(frozen=True, slots=True)
class SupplierRiskRow:
    """The supplier columns the register and the programme read."""

    id: int
    code: str
    legal_name: str
    country: str
    category: str
    tier: int
    is_key_sub_supplier: bool
    status: str


@dataclass(frozen=True, slots=True)
class LatestAuditRow:
    """A supplier's latest completed audit, and the day its last on-site audit ended."""

    supplier_id: int
    reference: str
    ended_on: date
    risk_level: str
    is_on_site: bool
    last_on_site_on: date | None


def overrides(session: Session, kind: str | None = None) -> Sequence[RiskFactorRow]:
    """The saved entries of the inherent-risk tables (of one kind, if given), by key."""
    query = select(RiskFactorRow).order_by(RiskFactorRow.kind, RiskFactorRow.key)
    if kind is not None:
        query = query.where(RiskFactorRow.kind == kind)
    return session.scalars(query).all()


def override(session: Session, kind: str, key: str) -> RiskFactorRow | None:
    """The saved entry for a country or category, if any."""
    return session.scalars(
        select(RiskFactorRow).where(RiskFactorRow.kind == kind, RiskFactorRow.key == key)
    ).one_or_none()


def save_override(
    session: Session, kind: str, key: str, level: str, rationale: str, actor: str, at: datetime
) -> RiskFactorRow:
    """Save the level and rationale of a country or category, replacing any saved before."""
    row = override(session, kind, key) or RiskFactorRow(kind=kind, key=key)
    row.level, row.rationale, row.changed_by, row.changed_at = level, rationale, actor, at
    session.add(row)
    return row


def remove_override(session: Session, kind: str, key: str) -> bool:
    """Forget the saved entry of a country or category; whether there was one."""
    result = session.execute(
        delete(RiskFactorRow).where(RiskFactorRow.kind == kind, RiskFactorRow.key == key)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def suppliers(session: Session, code: str | None = None) -> list[SupplierRiskRow]:
    """Every supplier (or the one with the code), in code order."""
    query = select(
        SupplierRow.id,
        SupplierRow.code,
        SupplierRow.legal_name,
        SupplierRow.country,
        SupplierRow.category,
        SupplierRow.tier,
        SupplierRow.is_key_sub_supplier,
        SupplierRow.status,
    ).order_by(SupplierRow.code)
    if code is not None:
        query = query.where(SupplierRow.code == code)
    return [SupplierRiskRow(*row) for row in session.execute(query)]


def latest_audits(
    session: Session, as_of: date, supplier_id: int | None = None
) -> dict[int, LatestAuditRow]:
    """Each supplier's (or one's) latest completed audit ended by the day, in one query."""
    on_site = EsgAuditRow.audit_type.in_(ON_SITE_TYPES)
    audits = select(
        EsgAuditRow.supplier_id,
        EsgAuditRow.reference,
        EsgAuditRow.ended_on,
        EsgAuditRow.risk_level,
        on_site.label("is_on_site"),
        func.max(case((on_site, EsgAuditRow.ended_on)))
        .over(partition_by=EsgAuditRow.supplier_id)
        .label("last_on_site_on"),
        func.row_number()
        .over(
            partition_by=EsgAuditRow.supplier_id,
            order_by=(EsgAuditRow.ended_on.desc(), EsgAuditRow.id.desc()),
        )
        .label("position"),
    ).where(EsgAuditRow.status == COMPLETED, EsgAuditRow.ended_on <= as_of)
    if supplier_id is not None:
        audits = audits.where(EsgAuditRow.supplier_id == supplier_id)
    ranked = audits.subquery()
    rows = session.execute(select(*list(ranked.c)[:-1]).where(ranked.c.position == 1))
    return {row[0]: LatestAuditRow(*row) for row in rows}
