"""Queries of the risk register: inherent-risk overrides and the suppliers.

The audits the register reads come from `audits.completed_candidates` (one query for every
supplier), through `services.current_audits`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from supplyesg.db.models import RiskFactorRow, SupplierRow
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
    relationship_started_on: date | None
    created_at: datetime


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
        SupplierRow.relationship_started_on,
        SupplierRow.created_at,
    ).order_by(SupplierRow.code)
    if code is not None:
        query = query.where(SupplierRow.code == code)
    rows: list[tuple[object, ...]] = [tuple(row) for row in session.execute(query)]
    return [SupplierRiskRow(*row) for row in rows]  # type: ignore[arg-type]
