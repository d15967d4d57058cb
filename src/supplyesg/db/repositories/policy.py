"""Queries on the policy editions kept in the database, and on the judgements made under them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.db.models import (
    EsgAuditRow,
    PlanEnforcementDayRow,
    PolicyEditionRow,
    QuarterlyRatingRow,
    SupplierRow,
)
from supplyesg.db.repositories.audits import COMPLETED
from supplyesg.domain.edition_history import StoredAuditResult, StoredRating, StoredTermination
from supplyesg.domain.periods import Quarter


def editions(session: Session) -> Sequence[PolicyEditionRow]:
    """Every stored edition, by start date."""
    return session.scalars(select(PolicyEditionRow).order_by(PolicyEditionRow.effective_from)).all()


def by_version(session: Session, version: str) -> PolicyEditionRow | None:
    """The stored edition with this version, if any."""
    return session.scalar(select(PolicyEditionRow).where(PolicyEditionRow.version == version))


# -- candidates for the judgements a new edition's period may change (domain.edition_history) --


def stored_ratings(session: Session, quarters: Iterable[str] | None = None) -> list[StoredRating]:
    """Every stored quarterly rating (or those of some quarters) with its supplier's code."""
    rating = QuarterlyRatingRow
    query = select(
        SupplierRow.code, rating.quarter, rating.policy_version, rating.state, rating.score
    ).join(SupplierRow, SupplierRow.id == rating.supplier_id)
    if quarters is not None:
        query = query.where(rating.quarter.in_(list(quarters)))
    return [
        StoredRating(code, Quarter.parse(quarter), version, state, score)
        for code, quarter, version, state, score in session.execute(query)
    ]


def stored_audit_results(session: Session) -> list[StoredAuditResult]:
    """Every completed audit's result: reference, supplier, last day and the edition used."""
    audit = EsgAuditRow
    query = (
        select(audit.reference, SupplierRow.code, audit.ended_on, audit.policy_version)
        .join(SupplierRow, SupplierRow.id == audit.supplier_id)
        .where(audit.status == COMPLETED)
        .order_by(audit.ended_on, audit.reference)
    )
    return [StoredAuditResult(*row) for row in session.execute(query)]


def stored_terminations(session: Session) -> list[StoredTermination]:
    """Every termination a missed plan deadline recorded on its audit."""
    audit = EsgAuditRow
    query = (
        select(SupplierRow.code, audit.reference, audit.ended_on, audit.termination_effective_on)
        .join(SupplierRow, SupplierRow.id == audit.supplier_id)
        .where(audit.termination_effective_on.is_not(None))
        .order_by(audit.termination_effective_on, audit.reference)
    )
    return [
        StoredTermination(code, reference, ended_on, effective_on)
        for code, reference, ended_on, effective_on in session.execute(query)
        if effective_on is not None
    ]


def enforced_days(session: Session) -> list[date]:
    """Every business day as of which the plan deadlines were enforced."""
    return list(session.scalars(select(PlanEnforcementDayRow.day)))
