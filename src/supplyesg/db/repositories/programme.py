"""Queries of the audit programme: the last on-site audit of every supplier, in one query."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.repositories.audits import COMPLETED
from supplyesg.domain.audits import AuditType

ON_SITE_TYPES = tuple(t.value for t in AuditType if t.is_on_site)


def last_on_site_audits(
    session: Session, as_of: date, supplier_id: int | None = None
) -> dict[int, date]:
    """The day each supplier's (or one's) latest completed on-site audit ended, by a day."""
    query = (
        select(EsgAuditRow.supplier_id, func.max(EsgAuditRow.ended_on))
        .where(
            EsgAuditRow.status == COMPLETED,
            EsgAuditRow.ended_on <= as_of,
            EsgAuditRow.audit_type.in_(ON_SITE_TYPES),
        )
        .group_by(EsgAuditRow.supplier_id)
    )
    if supplier_id is not None:
        query = query.where(EsgAuditRow.supplier_id == supplier_id)
    return {supplier: ended_on for supplier, ended_on in session.execute(query)}
