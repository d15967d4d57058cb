"""Queries on audits, their findings and revisions, non-conformities and improvement plans."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session, lazyload

from supplyesg.db.base import id_chunks
from supplyesg.db.models import (
    AuditRevisionRow,
    ConductRequirementRow,
    EsgAuditRow,
    FindingRow,
    ImprovementPlanRow,
    NcEventRow,
    NonConformityRow,
    SupplierRow,
)
from supplyesg.domain.policy import Reason

COMPLETED = "completed"


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What an audit list is narrowed to; empty fields do not filter."""

    supplier_id: int | None = None
    status: str | None = None
    risk_level: str | None = None


@dataclass(frozen=True, slots=True)
class LatestAudit:
    """The stored result and plan progress of a completed audit, with what decides whether it
    is the one that sets its supplier's audit risk (`domain.audit_authority`)."""

    supplier_id: int
    audit_id: int
    reference: str
    ended_on: date
    risk_level: str
    score: Decimal
    nc_count: int
    first_plan_accepted_on: date | None
    all_ncs_covered_on: date | None
    all_ncs_closed_on: date | None
    termination_recorded: bool
    audit_type: str = "on_site_announced"
    completed_by: str = "staff"
    reviews_audit_id: int | None = None
    authority_reasons: tuple[Reason, ...] = ()
    """Why this audit, and not a later one, sets the supplier's audit risk (once chosen)."""
    last_audited_on: date | None = None
    """When the latest audit that counts ended (this one, or a later one that kept its level)."""


def by_reference(session: Session, reference: str, *, bare: bool = False) -> EsgAuditRow | None:
    """The audit with this reference, if any (`bare`: findings, supplier, code load lazily)."""
    query = select(EsgAuditRow).where(EsgAuditRow.reference == reference)
    if bare:
        query = query.options(lazyload("*"))
    return session.scalars(query).one_or_none()


def by_id(session: Session, audit_id: int) -> EsgAuditRow | None:
    """The audit row alone: its findings, supplier and code load only if read."""
    return session.get(EsgAuditRow, audit_id, options=[lazyload("*")])


def page(
    session: Session, where: AuditFilter, after_reference: str | None, limit: int
) -> Sequence[EsgAuditRow]:
    """One page of audits in reference order, after a reference (keyset pagination)."""
    query = select(EsgAuditRow)
    if where.supplier_id is not None:
        query = query.where(EsgAuditRow.supplier_id == where.supplier_id)
    if where.status:
        query = query.where(EsgAuditRow.status == where.status)
    if where.risk_level:
        query = query.where(EsgAuditRow.risk_level == where.risk_level)
    if after_reference is not None:
        query = query.where(EsgAuditRow.reference > after_reference)
    return session.scalars(query.order_by(EsgAuditRow.reference).limit(limit)).all()


def next_number(session: Session, prefix: str) -> int:
    """How many audits have a reference starting with the prefix, plus one."""
    pattern = prefix.replace("%", "").replace("_", "") + "%"
    found = session.scalar(
        select(func.count()).select_from(EsgAuditRow).where(EsgAuditRow.reference.like(pattern))
    )
    return (found or 0) + 1


def revisions_of(session: Session, audit_id: int) -> Sequence[AuditRevisionRow]:
    """The replaced revisions of an audit, oldest first."""
    return session.scalars(
        select(AuditRevisionRow)
        .where(AuditRevisionRow.audit_id == audit_id)
        .order_by(AuditRevisionRow.revision)
    ).all()


def ncs_of(session: Session, audit_id: int) -> Sequence[NonConformityRow]:
    """The non-conformities of an audit, in the order they were found."""
    return session.scalars(
        select(NonConformityRow)
        .where(NonConformityRow.audit_id == audit_id)
        .order_by(NonConformityRow.id)
    ).all()


def ncs_by_ids(session: Session, ids: Iterable[int]) -> dict[int, NonConformityRow]:
    """Non-conformities by id, for the ids given."""
    found: dict[int, NonConformityRow] = {}
    for chunk in id_chunks(ids):
        query = select(NonConformityRow).where(NonConformityRow.id.in_(chunk))
        found.update((nc.id, nc) for nc in session.scalars(query))
    return found


def ended_on_of(session: Session, audit_ids: Iterable[int]) -> dict[int, date]:
    """The last day of each audit, by audit id."""
    found: dict[int, date] = {}
    for chunk in id_chunks(audit_ids):
        query = select(EsgAuditRow.id, EsgAuditRow.ended_on).where(EsgAuditRow.id.in_(chunk))
        found.update((audit_id, ended_on) for audit_id, ended_on in session.execute(query))
    return found


def audits_by_ids(session: Session, ids: Iterable[int]) -> list[EsgAuditRow]:
    """The audit rows alone (no findings, supplier or code loaded), for the ids given."""
    found: list[EsgAuditRow] = []
    for chunk in id_chunks(ids):
        query = select(EsgAuditRow).where(EsgAuditRow.id.in_(chunk)).options(lazyload("*"))
        found += session.scalars(query)
    return found


def references_by_id(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Audit references, keyed by id, for the ids given."""
    found: dict[int, str] = {}
    for chunk in id_chunks(ids):
        query = select(EsgAuditRow.id, EsgAuditRow.reference).where(EsgAuditRow.id.in_(chunk))
        found.update((id_, reference) for id_, reference in session.execute(query))
    return found


def ncs_of_audits(session: Session, audit_ids: Iterable[int]) -> dict[int, list[NonConformityRow]]:
    """The non-conformities of several audits, by audit id."""
    return _by_audit(session, NonConformityRow, audit_ids)


def plans_of_audits(
    session: Session, audit_ids: Iterable[int]
) -> dict[int, list[ImprovementPlanRow]]:
    """The improvement plans of several audits (with their actions), by audit id."""
    return _by_audit(session, ImprovementPlanRow, audit_ids)


def rejected_plans(
    session: Session, audit_ids: Iterable[int], by_day: date
) -> dict[int, list[tuple[date, date, str]]]:
    """The plans of several audits rejected by a day: (submitted, rejected, reason) by audit."""
    plan = ImprovementPlanRow
    found: dict[int, list[tuple[date, date, str]]] = {}
    for chunk in id_chunks(audit_ids):
        query = (
            select(plan.audit_id, plan.submitted_on, plan.decided_on, plan.decision_reason)
            .where(
                plan.audit_id.in_(chunk),
                plan.status == "rejected",
                plan.decided_on.is_not(None),
                plan.decided_on <= by_day,
            )
            .order_by(plan.decided_on, plan.id)
        )
        for audit_id, submitted_on, decided_on, reason in session.execute(query):
            if decided_on is not None:  # filtered above; this tells the type checker
                found.setdefault(audit_id, []).append((submitted_on, decided_on, reason))
    return found


_OfAudit = TypeVar("_OfAudit", NonConformityRow, ImprovementPlanRow)


def _by_audit(
    session: Session, model: type[_OfAudit], audit_ids: Iterable[int]
) -> dict[int, list[_OfAudit]]:
    found: dict[int, list[_OfAudit]] = {}
    for chunk in id_chunks(audit_ids):
        query = select(model).where(model.audit_id.in_(chunk)).order_by(model.id)
        for row in session.scalars(query):
            found.setdefault(row.audit_id, []).append(row)
    return found


def existing_references(session: Session, prefix: str) -> set[str]:
    """The audit references that start with a prefix."""
    pattern = prefix.replace("%", "").replace("_", "") + "%"
    return set(
        session.scalars(select(EsgAuditRow.reference).where(EsgAuditRow.reference.like(pattern)))
    )


def plans_of(session: Session, audit_id: int) -> Sequence[ImprovementPlanRow]:
    """The improvement plans of an audit, oldest first."""
    return session.scalars(
        select(ImprovementPlanRow)
        .where(ImprovementPlanRow.audit_id == audit_id)
        .order_by(ImprovementPlanRow.id)
    ).all()


def events_of(session: Session, nc_id: int) -> Sequence[NcEventRow]:
    """The follow-up steps of a non-conformity, oldest first."""
    return session.scalars(
        select(NcEventRow).where(NcEventRow.nc_id == nc_id).order_by(NcEventRow.id)
    ).all()


@dataclass(frozen=True, slots=True)
class NcFilter:
    """What a list of non-conformities is narrowed to; empty fields do not filter."""

    supplier_id: int | None = None
    audit_id: int | None = None
    statuses: tuple[str, ...] = ()


def nc_page(
    session: Session, where: NcFilter, after_id: int | None, limit: int
) -> Sequence[tuple[NonConformityRow, str, str, str]]:
    """Non-conformities with their audit reference, supplier code and audit risk, by id."""
    query = (
        select(NonConformityRow, EsgAuditRow.reference, SupplierRow.code, EsgAuditRow.risk_level)
        .join(EsgAuditRow, EsgAuditRow.id == NonConformityRow.audit_id)
        .join(SupplierRow, SupplierRow.id == EsgAuditRow.supplier_id)
    )
    if where.supplier_id is not None:
        query = query.where(EsgAuditRow.supplier_id == where.supplier_id)
    if where.audit_id is not None:
        query = query.where(NonConformityRow.audit_id == where.audit_id)
    if where.statuses:
        query = query.where(NonConformityRow.status.in_(where.statuses))
    if after_id is not None:
        query = query.where(NonConformityRow.id > after_id)
    rows = session.execute(query.order_by(NonConformityRow.id).limit(limit))
    return [(nc, reference, code, risk or "") for nc, reference, code, risk in rows]


@dataclass(frozen=True, slots=True)
class SectionedNc:
    """A non-conformity's requirement, the code of conduct section it is in, and when found."""

    supplier_id: int
    requirement_id: str
    pillar: str
    found_on: date


def ncs_with_sections(
    session: Session, statuses: Iterable[str], ended_by: date
) -> dict[int, list[SectionedNc]]:
    """By supplier, the non-conformities in the statuses raised by completed audits ended by a
    day, each with its requirement's section in the code version the audit was scored on."""
    rows = session.execute(
        select(
            EsgAuditRow.supplier_id,
            NonConformityRow.requirement_id,
            ConductRequirementRow.pillar,
            EsgAuditRow.ended_on,
        )
        .join(EsgAuditRow, EsgAuditRow.id == NonConformityRow.audit_id)
        .join(
            ConductRequirementRow,
            (ConductRequirementRow.code_id == EsgAuditRow.code_id)
            & (ConductRequirementRow.requirement_id == NonConformityRow.requirement_id),
        )
        .where(
            NonConformityRow.status.in_(list(statuses)),
            EsgAuditRow.status == COMPLETED,
            EsgAuditRow.ended_on <= ended_by,
        )
        .order_by(EsgAuditRow.supplier_id, NonConformityRow.id)
    )
    found: dict[int, list[SectionedNc]] = {}
    for supplier_id, requirement_id, pillar, ended_on in rows:
        found.setdefault(supplier_id, []).append(
            SectionedNc(supplier_id, requirement_id, pillar, ended_on)
        )
    return found


def completed_candidates(
    session: Session, ended_by: date, supplier_id: int | None = None
) -> Iterator[LatestAudit]:
    """Every completed audit that ended on or before a day (of one supplier, if given), by
    supplier: the candidates from which `domain.audit_authority` picks the one that counts."""
    audit = EsgAuditRow
    query = (
        select(*_LATEST_COLUMNS)
        .where(audit.status == COMPLETED, audit.ended_on <= ended_by)
        .order_by(audit.supplier_id, audit.ended_on, audit.id)
    )
    if supplier_id is not None:
        query = query.where(audit.supplier_id == supplier_id)
    # A Core execution: plain rows, without the ORM's per-row bookkeeping.
    yield from _latest_audits(
        session.connection().execute(query, execution_options={"yield_per": 10_000})
    )


def audits_of_suppliers_at_risk(session: Session, ended_by: date) -> Iterator[LatestAudit]:
    """Every completed audit ended by a day of the suppliers that have a high-risk one ended
    by then that terminated no orders yet, by supplier and end day."""
    audit = EsgAuditRow
    at_risk = select(audit.supplier_id).where(
        audit.status == COMPLETED,
        audit.ended_on <= ended_by,
        audit.risk_level == "high",
        audit.termination_recorded_at.is_(None),
    )
    query = (
        select(*_LATEST_COLUMNS)
        .where(
            audit.status == COMPLETED,
            audit.ended_on <= ended_by,
            audit.supplier_id.in_(at_risk),
        )
        .order_by(audit.supplier_id, audit.ended_on, audit.id)
    )
    yield from _latest_audits(session.connection().execute(query))


def audits_of_terminated_suppliers(session: Session, ended_by: date) -> Iterator[LatestAudit]:
    """Every completed audit ended by a day of the suppliers a missed plan deadline
    terminated, by supplier and end day."""
    audit = EsgAuditRow
    terminated = select(audit.supplier_id).where(audit.termination_recorded_at.is_not(None))
    query = (
        select(*_LATEST_COLUMNS)
        .where(
            audit.status == COMPLETED,
            audit.ended_on <= ended_by,
            audit.supplier_id.in_(terminated),
        )
        .order_by(audit.supplier_id, audit.ended_on, audit.id)
    )
    yield from _latest_audits(session.connection().execute(query))


_LATEST_COLUMNS = (
    EsgAuditRow.supplier_id,
    EsgAuditRow.id,
    EsgAuditRow.reference,
    EsgAuditRow.ended_on,
    EsgAuditRow.risk_level,
    EsgAuditRow.score,
    EsgAuditRow.nc_count,
    EsgAuditRow.first_plan_accepted_on,
    EsgAuditRow.all_ncs_covered_on,
    EsgAuditRow.all_ncs_closed_on,
    EsgAuditRow.termination_recorded_at,
    EsgAuditRow.audit_type,
    EsgAuditRow.completed_by,
    EsgAuditRow.reviews_audit_id,
)


def _latest_audits(result: Iterable[Any]) -> Iterator[LatestAudit]:
    for row in result:
        yield LatestAudit(
            row.supplier_id,
            row.id,
            row.reference,
            row.ended_on,
            row.risk_level,
            row.score,
            row.nc_count,
            row.first_plan_accepted_on,
            row.all_ncs_covered_on,
            row.all_ncs_closed_on,
            termination_recorded=row.termination_recorded_at is not None,
            audit_type=row.audit_type,
            completed_by=row.completed_by,
            reviews_audit_id=row.reviews_audit_id,
        )


def review_of(session: Session, audit_id: int) -> EsgAuditRow | None:
    """The audit (a desktop review) that reviews this self-assessment, if one was recorded."""
    return session.scalars(
        select(EsgAuditRow).where(EsgAuditRow.reviews_audit_id == audit_id).options(lazyload("*"))
    ).first()


# -- set-based writes -------------------------------------------------------------------------


def insert_returning_ids(
    session: Session, model: type[EsgAuditRow] | type[NonConformityRow], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert rows of audits or non-conformities; their new ids, in the order given."""
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    ids: list[int] = []
    for start in range(0, len(rows), 1_000):
        ids += session.scalars(statement, rows[start : start + 1_000]).all()
    return ids


def insert_rows(
    session: Session, model: type[FindingRow] | type[NcEventRow], rows: list[dict[str, Any]]
) -> None:
    """Insert many findings or follow-up events with plain Core inserts (no ORM bookkeeping)."""
    table = cast(Table, model.__table__)
    for start in range(0, len(rows), 10_000):
        session.execute(insert(table), rows[start : start + 10_000])


def terminating_audit(session: Session, supplier_id: int, effective_on: date) -> EsgAuditRow | None:
    """The supplier's audit whose missed plan deadline terminated its orders from the day."""
    return session.scalars(
        select(EsgAuditRow)
        .where(
            EsgAuditRow.supplier_id == supplier_id,
            EsgAuditRow.termination_effective_on == effective_on,
        )
        .order_by(EsgAuditRow.ended_on.desc(), EsgAuditRow.id.desc())
        .limit(1)
    ).first()
