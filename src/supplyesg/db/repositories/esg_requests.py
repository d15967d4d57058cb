"""Queries on ESG data collection requests, and the stored values they wait for."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from supplyesg.db.models import EsgDataRequestRow, EsgValueRow, ReportingEntityRow, UserRow


@dataclass(frozen=True, slots=True)
class RequestFilter:
    """Which requests a list holds; empty fields do not filter."""

    year: int | None = None
    entity_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    open_only: bool = False


class RequestLine(NamedTuple):
    """A request with its entity and the person named to submit (if any)."""

    row: EsgDataRequestRow
    entity_code: str
    entity_name: str
    assignee: UserRow | None


class ValueStatus(NamedTuple):
    """A stored value as requests read it."""

    entity_id: int
    metric: str
    year: int
    slice: str
    status: str


def _conditions(where: RequestFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if where.year is not None:
        found.append(EsgDataRequestRow.year == where.year)
    if where.entity_id is not None:
        found.append(EsgDataRequestRow.entity_id == where.entity_id)
    if where.assignee_id is not None:
        found.append(EsgDataRequestRow.assignee_id == where.assignee_id)
    if where.unassigned:
        found.append(EsgDataRequestRow.assignee_id.is_(None))
    if where.open_only:
        found.append(EsgDataRequestRow.closed_at.is_(None))
    return found


def request_lines(session: Session, where: RequestFilter) -> list[RequestLine]:
    """Every request the filter holds, by due date, entity code and id."""
    query = _lines().where(*_conditions(where))
    query = query.order_by(EsgDataRequestRow.due_on, ReportingEntityRow.code, EsgDataRequestRow.id)
    return [RequestLine(*found) for found in session.execute(query)]


def request_line(session: Session, request_id: int) -> RequestLine | None:
    """One request with its entity and assignee, if it exists."""
    found = session.execute(_lines().where(EsgDataRequestRow.id == request_id)).one_or_none()
    return RequestLine(*found) if found is not None else None


def _lines() -> Select[EsgDataRequestRow, str, str, UserRow]:
    return (
        select(EsgDataRequestRow, ReportingEntityRow.code, ReportingEntityRow.name, UserRow)
        .join(ReportingEntityRow, ReportingEntityRow.id == EsgDataRequestRow.entity_id)
        .outerjoin(UserRow, UserRow.id == EsgDataRequestRow.assignee_id)
    )


def request_by_id(session: Session, request_id: int) -> EsgDataRequestRow | None:
    """The request with this id, if any."""
    return session.get(EsgDataRequestRow, request_id)


def existing_periods(session: Session, year: int, section: str) -> set[tuple[int, str]]:
    """(entity id, slice) of the requests already made for a year and section."""
    rows = session.execute(
        select(EsgDataRequestRow.entity_id, EsgDataRequestRow.slice).where(
            EsgDataRequestRow.year == year, EsgDataRequestRow.section == section
        )
    )
    return {(entity_id, part) for entity_id, part in rows}


def value_statuses(
    session: Session, entity_ids: Collection[int], years: Collection[int]
) -> list[ValueStatus]:
    """The metric, slice and status of every value of these entities and years."""
    if not entity_ids or not years:
        return []
    rows = session.execute(
        select(
            EsgValueRow.entity_id,
            EsgValueRow.metric,
            EsgValueRow.year,
            EsgValueRow.slice,
            EsgValueRow.status,
        ).where(EsgValueRow.entity_id.in_(entity_ids), EsgValueRow.year.in_(years))
    )
    return [ValueStatus(*found) for found in rows]


def entities_of_kind(session: Session, kind: str) -> Sequence[ReportingEntityRow]:
    """The entities of one kind (sites), in code order."""
    return session.scalars(
        select(ReportingEntityRow)
        .where(ReportingEntityRow.kind == kind)
        .order_by(ReportingEntityRow.code)
    ).all()
