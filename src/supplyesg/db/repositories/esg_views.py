"""Queries of the ESG data pages: values in review by status, entity, year and import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from supplyesg.db.models import EsgValueRow, ReportingEntityRow


@dataclass(frozen=True, slots=True)
class ReviewFilter:
    """Which values a review list holds: one status, and optionally a year, entity or import."""

    status: str
    year: int | None = None
    entity_id: int | None = None
    import_id: int | None = None


def _conditions(where: ReviewFilter) -> list[ColumnElement[bool]]:
    found = [EsgValueRow.status == where.status]
    for column, wanted in (
        (EsgValueRow.year, where.year),
        (EsgValueRow.entity_id, where.entity_id),
        (EsgValueRow.import_id, where.import_id),
    ):
        if wanted is not None:
            found.append(column == wanted)
    return found


def review_page(
    session: Session, where: ReviewFilter, after_id: int | None, limit: int
) -> Sequence[tuple[EsgValueRow, str]]:
    """One page of the values filtered, with their entity codes, in id order."""
    query = (
        select(EsgValueRow, ReportingEntityRow.code)
        .join(ReportingEntityRow, ReportingEntityRow.id == EsgValueRow.entity_id)
        .where(*_conditions(where))
    )
    if after_id is not None:
        query = query.where(EsgValueRow.id > after_id)
    rows = session.execute(query.order_by(EsgValueRow.id).limit(limit))
    return list(rows)


def count(session: Session, where: ReviewFilter) -> int:
    """How many values the filter holds."""
    return session.scalar(select(func.count(EsgValueRow.id)).where(*_conditions(where))) or 0


def by_import(session: Session, where: ReviewFilter) -> list[tuple[int, int]]:
    """(import id, values) of the values filtered that came from an import, newest first."""
    query = (
        select(EsgValueRow.import_id, func.count(EsgValueRow.id))
        .where(EsgValueRow.import_id.is_not(None), *_conditions(where))
        .group_by(EsgValueRow.import_id)
        .order_by(EsgValueRow.import_id.desc())
    )
    return [(int(import_id or 0), found) for import_id, found in session.execute(query)]
