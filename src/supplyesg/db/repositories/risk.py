"""Queries of the risk register: inherent-risk overrides and the suppliers assessed.

The latest audit of every supplier comes from `repositories.audits.latest_completed` (one
query for all suppliers); `latest_audit_of` reads a single supplier's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from supplyesg.db.models import EsgAuditRow, RiskFactorRow, SupplierRow
from supplyesg.db.repositories.audits import COMPLETED


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


def latest_audit_of(session: Session, supplier_id: int, as_of: date) -> EsgAuditRow | None:
    """One supplier's latest completed audit that ended on or before the day."""
    return session.scalars(
        select(EsgAuditRow)
        .where(
            EsgAuditRow.supplier_id == supplier_id,
            EsgAuditRow.status == COMPLETED,
            EsgAuditRow.ended_on <= as_of,
        )
        .order_by(EsgAuditRow.ended_on.desc(), EsgAuditRow.id.desc())
        .limit(1)
    ).one_or_none()
