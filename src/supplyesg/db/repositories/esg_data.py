"""Queries on corporate ESG data: entities, periods, values and history, factors, explanations."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from supplyesg.db.base import UtcDateTime
from supplyesg.db.models import (
    CustomMetricRow,
    EsgAuditRow,
    EsgExplanationRow,
    EsgValueChangeRow,
    EsgValueRow,
    ImprovementPlanRow,
    OrganisationFactorRow,
    ReportingEntityRow,
    ReportingPeriodRow,
    SupplierRow,
    SupplierStatusChangeRow,
    TrainingAssignmentRow,
    TrainingProgrammeRow,
)


class StoredPoint(NamedTuple):
    """A stored value as calculations read it: no review details (a plain tuple, quick to make)."""

    entity: str
    metric: str
    year: int
    slice: str
    breakdown: str
    value: Decimal
    unit: str
    entered_unit: str
    status: str


@dataclass(frozen=True, slots=True)
class ValueFilter:
    """What a value list is narrowed to; empty fields do not filter."""

    year: int | None = None
    entity_id: int | None = None
    metric: str | None = None
    status: str | None = None


# Entities and periods


def entities(session: Session) -> Sequence[ReportingEntityRow]:
    """Every reporting entity, in code order."""
    return session.scalars(select(ReportingEntityRow).order_by(ReportingEntityRow.code)).all()


def entity_by_code(session: Session, code: str) -> ReportingEntityRow | None:
    """The entity with this code, if any."""
    return session.scalars(
        select(ReportingEntityRow).where(ReportingEntityRow.code == code)
    ).one_or_none()


def entity_ids_by_code(session: Session) -> dict[str, int]:
    """Every entity id, keyed by code."""
    rows = session.execute(select(ReportingEntityRow.code, ReportingEntityRow.id))
    return {code: id_ for code, id_ in rows}


def has_children(session: Session, entity_id: int) -> bool:
    """Whether any entity sits under this one."""
    query = select(func.count()).where(ReportingEntityRow.parent_id == entity_id)
    return (session.scalar(query) or 0) > 0


def has_values(session: Session, entity_id: int) -> bool:
    """Whether any value is recorded for the entity."""
    query = select(func.count()).where(EsgValueRow.entity_id == entity_id)
    return (session.scalar(query) or 0) > 0


def periods(session: Session) -> Sequence[ReportingPeriodRow]:
    """Every financial year, oldest first."""
    return session.scalars(select(ReportingPeriodRow).order_by(ReportingPeriodRow.year)).all()


def period(session: Session, year: int) -> ReportingPeriodRow | None:
    """The financial year with this name, if any."""
    return session.scalars(
        select(ReportingPeriodRow).where(ReportingPeriodRow.year == year)
    ).one_or_none()


# Values


def value_at(
    session: Session, entity_id: int, metric: str, year: int, slice_: str, breakdown: str
) -> EsgValueRow | None:
    """The value recorded at exactly this point, if any."""
    return session.scalars(
        select(EsgValueRow).where(
            EsgValueRow.entity_id == entity_id,
            EsgValueRow.metric == metric,
            EsgValueRow.year == year,
            EsgValueRow.slice == slice_,
            EsgValueRow.breakdown == breakdown,
        )
    ).one_or_none()


def slices_of(session: Session, entity_id: int, metric: str, year: int, breakdown: str) -> set[str]:
    """The slices of a year already recorded for an entity, metric and breakdown."""
    query = select(EsgValueRow.slice).where(
        EsgValueRow.entity_id == entity_id,
        EsgValueRow.metric == metric,
        EsgValueRow.year == year,
        EsgValueRow.breakdown == breakdown,
    )
    return set(session.scalars(query))


def value_by_id(session: Session, value_id: int) -> EsgValueRow | None:
    """The value with this id."""
    return session.get(EsgValueRow, value_id)


def value_page(
    session: Session, where: ValueFilter, after_id: int | None, limit: int
) -> Sequence[tuple[EsgValueRow, str]]:
    """One page of values with their entity codes, in id order (keyset pagination)."""
    query = select(EsgValueRow, ReportingEntityRow.code).join(
        ReportingEntityRow, ReportingEntityRow.id == EsgValueRow.entity_id
    )
    for column, wanted in (
        (EsgValueRow.year, where.year),
        (EsgValueRow.entity_id, where.entity_id),
        (EsgValueRow.metric, where.metric),
        (EsgValueRow.status, where.status),
    ):
        if wanted is not None:
            query = query.where(column == wanted)
    if after_id is not None:
        query = query.where(EsgValueRow.id > after_id)
    rows = session.execute(query.order_by(EsgValueRow.id).limit(limit))
    return list(rows)


def points(
    session: Session, years: Iterable[int], statuses: Iterable[str] | None = None
) -> list[StoredPoint]:
    """Every value of the given years as calculations read them."""
    query = select(
        ReportingEntityRow.code,
        EsgValueRow.metric,
        EsgValueRow.year,
        EsgValueRow.slice,
        EsgValueRow.breakdown,
        EsgValueRow.value,
        EsgValueRow.unit,
        EsgValueRow.entered_unit,
        EsgValueRow.status,
    ).join(ReportingEntityRow, ReportingEntityRow.id == EsgValueRow.entity_id)
    query = query.where(EsgValueRow.year.in_(list(years)))
    if statuses is not None:
        query = query.where(EsgValueRow.status.in_(list(statuses)))
    session.flush()  # the Core execution below skips the ORM's autoflush and row loading
    return list(map(StoredPoint._make, session.connection().execute(query)))


def status_counts(session: Session, year: int) -> dict[str, int]:
    """How many values of a year stand in each review status."""
    query = (
        select(EsgValueRow.status, func.count())
        .where(EsgValueRow.year == year)
        .group_by(EsgValueRow.status)
    )
    return {status: count for status, count in session.execute(query)}


def stored_keys(
    session: Session, years: Iterable[int]
) -> dict[tuple[int, str, int, str, str], tuple[int, str, Decimal, str]]:
    """Every stored point of the years: (entity_id, metric, year, slice, breakdown) ->
    (id, status, value, unit)."""
    query = select(
        EsgValueRow.entity_id,
        EsgValueRow.metric,
        EsgValueRow.year,
        EsgValueRow.slice,
        EsgValueRow.breakdown,
        EsgValueRow.id,
        EsgValueRow.status,
        EsgValueRow.value,
        EsgValueRow.unit,
    ).where(EsgValueRow.year.in_(list(years)))
    return {
        (row[0], row[1], row[2], row[3], row[4]): (row[5], row[6], row[7], row[8])
        for row in session.execute(query)
    }


NEW_VALUE_COLUMNS = (
    "entity_id",
    "metric",
    "year",
    "slice",
    "breakdown",
    "value",
    "unit",
    "entered_value",
    "entered_unit",
    "source_note",
    "evidence",
)
"""The columns of a new value that differ from row to row, in the order insert_new_values takes."""

_AMOUNT_COLUMNS = frozenset({"value", "entered_value"})


def insert_new_values(
    session: Session, rows: Iterable[Sequence[Any]], shared: Mapping[str, Any]
) -> None:
    """Insert many new values in one driver-level executemany.

    Each row holds the NEW_VALUE_COLUMNS; `shared` holds the columns every row has the same
    value in (status, submitter, time, import). Each column's type converts its values as an
    ORM insert would, but the shared ones are converted once rather than per row.
    """
    connection = session.connection()
    dialect = connection.dialect
    table = EsgValueRow.__table__.columns
    amount = _processor(table["value"].type, dialect)
    constants = [_processor(table[name].type, dialect)(value) for name, value in shared.items()]
    names = (*NEW_VALUE_COLUMNS, *shared)
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    # Identifiers are this module's constants; every value is a bound parameter.
    sql = (
        f"INSERT INTO {EsgValueRow.__tablename__} ({', '.join(names)}) "  # noqa: S608
        f"VALUES ({', '.join([marker] * len(names))})"
    )
    amounts = [i for i, name in enumerate(NEW_VALUE_COLUMNS) if name in _AMOUNT_COLUMNS]
    params = []
    for row in rows:
        cells = list(row)
        for index in amounts:
            cells[index] = amount(cells[index])
        params.append((*cells, *constants))
    if params:
        connection.exec_driver_sql(sql, params)


def _processor(type_: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """How a column's type converts a value for the driver, as a compiled statement would."""
    return type_.dialect_impl(dialect).bind_processor(dialect) or _same


def _same(value: Any) -> Any:
    return value


def record_first_submissions(session: Session, import_id: int, actor: str, at: datetime) -> None:
    """A 'submit' history entry for every value an import created, in one statement."""
    created = select(
        EsgValueRow.id,
        literal("submit"),
        literal(actor),
        literal(at, UtcDateTime()),
        EsgValueRow.value,
        EsgValueRow.unit,
        EsgValueRow.status,
        literal(""),
        literal(""),
        literal(""),
    ).where(EsgValueRow.import_id == import_id)
    session.execute(
        insert(EsgValueChangeRow).from_select(
            [
                "value_id",
                "action",
                "actor",
                "at",
                "after_value",
                "after_unit",
                "after_status",
                "before_unit",
                "before_status",
                "comment",
            ],
            created,
        )
    )


def insert_changes(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many history entries at once."""
    if rows:
        session.connection().execute(insert(EsgValueChangeRow), list(rows))


def review_states(
    session: Session, import_id: int
) -> list[tuple[int, str, str, int | None, Decimal, str]]:
    """(id, status, submitted_by, submitter's account id, value, unit) of every value an import
    wrote."""
    query = select(
        EsgValueRow.id,
        EsgValueRow.status,
        EsgValueRow.submitted_by,
        EsgValueRow.submitted_by_account_id,
        EsgValueRow.value,
        EsgValueRow.unit,
    ).where(EsgValueRow.import_id == import_id)
    return [(row[0], row[1], row[2], row[3], row[4], row[5]) for row in session.execute(query)]


def mark_reviewed(
    session: Session,
    ids: Sequence[int],
    status: str,
    actor: tuple[str, int | None],
    at: datetime,
    comment: str,
) -> None:
    """Set the review status of many values at once; `actor` is (label, account id)."""
    if ids:
        session.execute(
            update(EsgValueRow),
            [
                {
                    "id": value_id,
                    "status": status,
                    "reviewed_by": actor[0],
                    "reviewed_by_account_id": actor[1],
                    "reviewed_at": at,
                    "review_comment": comment,
                }
                for value_id in ids
            ],
        )


def history(session: Session, value_id: int) -> Sequence[EsgValueChangeRow]:
    """Every change of a value, oldest first."""
    return session.scalars(
        select(EsgValueChangeRow)
        .where(EsgValueChangeRow.value_id == value_id)
        .order_by(EsgValueChangeRow.at, EsgValueChangeRow.id)
    ).all()


# Catalogue, factors and explanations


def custom_metrics(session: Session) -> Sequence[CustomMetricRow]:
    """The organisation's own metrics, in code order."""
    return session.scalars(select(CustomMetricRow).order_by(CustomMetricRow.code)).all()


def organisation_factors(session: Session) -> Sequence[OrganisationFactorRow]:
    """The organisation's own factors, in id order."""
    return session.scalars(
        select(OrganisationFactorRow).order_by(OrganisationFactorRow.factor_id)
    ).all()


def organisation_factor(session: Session, factor_id: str) -> OrganisationFactorRow | None:
    """The organisation factor with this id, if any."""
    return session.scalars(
        select(OrganisationFactorRow).where(OrganisationFactorRow.factor_id == factor_id)
    ).one_or_none()


def explanations(session: Session, year: int) -> Sequence[EsgExplanationRow]:
    """The explanations written for a year."""
    return session.scalars(
        select(EsgExplanationRow)
        .where(EsgExplanationRow.year == year)
        .order_by(EsgExplanationRow.kind, EsgExplanationRow.subject)
    ).all()


def explanation(session: Session, year: int, kind: str, subject: str) -> EsgExplanationRow | None:
    """The explanation of one subject for a year, if written."""
    return session.scalars(
        select(EsgExplanationRow).where(
            EsgExplanationRow.year == year,
            EsgExplanationRow.kind == kind,
            EsgExplanationRow.subject == subject,
        )
    ).one_or_none()


# The supplier programme, read for the supply-chain KPIs (B5.1, B5.2)


def supplier_places(
    session: Session,
) -> list[tuple[int, str, str, str, int, date | None, date | None]]:
    """(id, code, country, region, tier, relationship started on, ended on) of every supplier."""
    query = select(
        SupplierRow.id,
        SupplierRow.code,
        SupplierRow.country,
        SupplierRow.region,
        SupplierRow.tier,
        SupplierRow.relationship_started_on,
        SupplierRow.relationship_ended_on,
    )
    return list(session.execute(query))


def supplier_status_changes(session: Session) -> list[tuple[int, date, datetime, str]]:
    """(supplier id, day in effect, when recorded, status moved to) of every status change."""
    query = select(
        SupplierStatusChangeRow.supplier_id,
        SupplierStatusChangeRow.effective_on,
        SupplierStatusChangeRow.changed_at,
        SupplierStatusChangeRow.to_status,
    )
    return list(session.execute(query))


def audited_suppliers(session: Session, start: date, end: date) -> set[str]:
    """Codes of suppliers with an ESG audit completed (ended) between the two days."""
    query = (
        select(SupplierRow.code)
        .join(EsgAuditRow, EsgAuditRow.supplier_id == SupplierRow.id)
        .where(
            EsgAuditRow.status == "completed",
            EsgAuditRow.ended_on >= start,
            EsgAuditRow.ended_on <= end,
        )
    )
    return set(session.scalars(query))


def trained_suppliers(session: Session, start: date, end: date) -> set[str]:
    """Codes of suppliers who attended or completed a training held between the two days."""
    query = (
        select(SupplierRow.code)
        .join(TrainingAssignmentRow, TrainingAssignmentRow.supplier_id == SupplierRow.id)
        .join(TrainingProgrammeRow, TrainingProgrammeRow.id == TrainingAssignmentRow.programme_id)
        .where(
            TrainingAssignmentRow.status.in_(("attended", "completed")),
            TrainingProgrammeRow.held_on >= start,
            TrainingProgrammeRow.held_on <= end,
        )
    )
    return set(session.scalars(query))


def suppliers_under_plan(session: Session, start: date, end: date) -> set[str]:
    """Codes of suppliers whose improvement plan was accepted between the two days."""
    query = (
        select(SupplierRow.code)
        .join(EsgAuditRow, EsgAuditRow.supplier_id == SupplierRow.id)
        .join(ImprovementPlanRow, ImprovementPlanRow.audit_id == EsgAuditRow.id)
        .where(
            ImprovementPlanRow.status == "accepted",
            ImprovementPlanRow.decided_on >= start,
            ImprovementPlanRow.decided_on <= end,
        )
    )
    return set(session.scalars(query))
