"""Queries on training programmes and suppliers' assignments to them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from supplyesg.db.models import SupplierRow, TrainingAssignmentRow, TrainingProgrammeRow


def programme(session: Session, programme_id: int) -> TrainingProgrammeRow | None:
    """The programme with this id."""
    return session.get(TrainingProgrammeRow, programme_id)


def programmes(
    session: Session, held_from: date | None = None, held_to: date | None = None
) -> Sequence[TrainingProgrammeRow]:
    """Programmes in date order, held within the given days (both included) if given."""
    query = select(TrainingProgrammeRow).order_by(
        TrainingProgrammeRow.held_on, TrainingProgrammeRow.id
    )
    if held_from is not None:
        query = query.where(TrainingProgrammeRow.held_on >= held_from)
    if held_to is not None:
        query = query.where(TrainingProgrammeRow.held_on <= held_to)
    return session.scalars(query).all()


def assignment_counts(session: Session, programme_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """How many assignments of each status every programme has."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(TrainingAssignmentRow.programme_id, TrainingAssignmentRow.status, func.count())
        .where(TrainingAssignmentRow.programme_id.in_(list(programme_ids)))
        .group_by(TrainingAssignmentRow.programme_id, TrainingAssignmentRow.status)
    )
    for programme_id, status, count in rows:
        counts[programme_id][status] = count
    return dict(counts)


def assignments_of_programme(
    session: Session, programme_id: int
) -> Sequence[TrainingAssignmentRow]:
    """A programme's assignments in supplier code order."""
    return session.scalars(
        select(TrainingAssignmentRow)
        .join(SupplierRow, SupplierRow.id == TrainingAssignmentRow.supplier_id)
        .where(TrainingAssignmentRow.programme_id == programme_id)
        .options(selectinload(TrainingAssignmentRow.supplier))
        .order_by(SupplierRow.code)
    ).all()


def assignments_of_supplier(session: Session, supplier_id: int) -> Sequence[TrainingAssignmentRow]:
    """A supplier's assignments, latest training first."""
    return session.scalars(
        select(TrainingAssignmentRow)
        .join(TrainingProgrammeRow, TrainingProgrammeRow.id == TrainingAssignmentRow.programme_id)
        .where(TrainingAssignmentRow.supplier_id == supplier_id)
        .options(selectinload(TrainingAssignmentRow.programme))
        .order_by(TrainingProgrammeRow.held_on.desc(), TrainingAssignmentRow.id.desc())
    ).all()


def assignment(session: Session, assignment_id: int) -> TrainingAssignmentRow | None:
    """The assignment with this id."""
    return session.get(TrainingAssignmentRow, assignment_id)


def assignment_of(
    session: Session, programme_id: int, supplier_id: int
) -> TrainingAssignmentRow | None:
    """The supplier's assignment to the programme, if any."""
    return session.scalars(
        select(TrainingAssignmentRow).where(
            TrainingAssignmentRow.programme_id == programme_id,
            TrainingAssignmentRow.supplier_id == supplier_id,
        )
    ).one_or_none()


def trainings_taken(
    session: Session, statuses: Iterable[str]
) -> dict[int, list[tuple[date, list[str]]]]:
    """The day and sections of every supplier's trainings whose assignment has one of the
    statuses."""
    days: dict[int, list[tuple[date, list[str]]]] = defaultdict(list)
    rows = session.execute(
        select(
            TrainingAssignmentRow.supplier_id,
            TrainingProgrammeRow.held_on,
            TrainingProgrammeRow.sections,
        )
        .join(TrainingProgrammeRow, TrainingProgrammeRow.id == TrainingAssignmentRow.programme_id)
        .where(TrainingAssignmentRow.status.in_(list(statuses)))
    )
    for supplier_id, held_on, sections in rows:
        days[supplier_id].append((held_on, list(sections or [])))
    return dict(days)
