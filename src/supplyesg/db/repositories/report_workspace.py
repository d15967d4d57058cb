"""Queries of the report workspace's texts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.db.models import ReportTextRow


def texts(
    session: Session, report: str, year: int, language: str | None = None
) -> list[ReportTextRow]:
    """Every text of a report of a year (in one language, if given), by kind, key, language."""
    query = select(ReportTextRow).where(ReportTextRow.report == report, ReportTextRow.year == year)
    if language is not None:
        query = query.where(ReportTextRow.language == language)
    order = (ReportTextRow.kind, ReportTextRow.key, ReportTextRow.language)
    return list(session.scalars(query.order_by(*order)))


def text(
    session: Session, report: str, year: int, kind: str, key: str, language: str
) -> ReportTextRow | None:
    """One text, if written."""
    return session.scalars(
        select(ReportTextRow).where(
            ReportTextRow.report == report,
            ReportTextRow.year == year,
            ReportTextRow.kind == kind,
            ReportTextRow.key == key,
            ReportTextRow.language == language,
        )
    ).one_or_none()
