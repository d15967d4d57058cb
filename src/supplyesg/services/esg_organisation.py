"""The reporting organisation: its entities (group, subsidiaries, sites) and financial years."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ReportingEntityRow, ReportingPeriodRow
from supplyesg.db.repositories import esg_data as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import ConflictError, NotFoundError, Problem, refuse_if
from supplyesg.domain.organisation import (
    EntityKind,
    FinancialYear,
    ReportingEntity,
    children_of,
    entity_problems,
    financial_year_problems,
)


@dataclass(frozen=True, slots=True)
class Organisation:
    """Every entity, the tree they form, and the root the figures of the group roll up to."""

    entities: dict[str, ReportingEntity]
    children: dict[str, tuple[str, ...]]

    @property
    def root(self) -> str | None:
        """The group at the top of the tree (the first group in code order, if several)."""
        groups = sorted(c for c, e in self.entities.items() if e.kind is EntityKind.GROUP)
        return groups[0] if groups else None

    def require(self, code: str) -> ReportingEntity:
        """The entity with this code, or NotFoundError."""
        found = self.entities.get(code)
        if found is None:
            raise NotFoundError(f"There is no reporting entity with code {code!r}.")
        return found

    def top(self, code: str | None) -> str:
        """The entity figures are asked for: the one named, else the group."""
        if code is not None:
            return self.require(code).code
        if self.root is None:
            raise NotFoundError("There is no group entity yet: add the organisation first.")
        return self.root


def entity_of(row: ReportingEntityRow, codes_by_id: dict[int, str]) -> ReportingEntity:
    """The domain entity of a stored one."""
    return ReportingEntity(
        code=row.code,
        name=row.name,
        kind=EntityKind(row.kind),
        country=row.country,
        parent=codes_by_id.get(row.parent_id) if row.parent_id is not None else None,
        grid_region=row.grid_region,
        city=row.city,
    )


def organisation_in(session: Session) -> Organisation:
    """The organisation as stored, inside a transaction."""
    rows = repo.entities(session)
    codes = {row.id: row.code for row in rows}
    entities = {row.code: entity_of(row, codes) for row in rows}
    return Organisation(entities, children_of(entities.values()))


def organisation(db: Database) -> Organisation:
    """The organisation as stored."""
    with db.transaction() as session:
        return organisation_in(session)


def save_entity(
    db: Database, entity: ReportingEntity, clock: Clock = SYSTEM_CLOCK
) -> ReportingEntity:
    """Add an entity, or change the one with the same code."""
    with db.transaction() as session:
        current = organisation_in(session)
        others = {c: e for c, e in current.entities.items() if c != entity.code}
        refuse_if(entity_problems(entity, others), "The entity cannot be saved.")
        ids = repo.entity_ids_by_code(session)
        row = repo.entity_by_code(session, entity.code)
        at = clock.now()
        if row is None:
            row = ReportingEntityRow(code=entity.code, created_at=at)
            session.add(row)
        row.name = entity.name.strip()
        row.kind = str(entity.kind)
        row.parent_id = ids[entity.parent] if entity.parent else None
        row.country = entity.country
        row.grid_region = entity.grid_region
        row.city = entity.city.strip()
        row.updated_at = at
    return entity


def remove_entity(db: Database, code: str) -> None:
    """Remove an entity that has neither children nor values."""
    with db.transaction() as session:
        row = repo.entity_by_code(session, code)
        if row is None:
            raise NotFoundError(f"There is no reporting entity with code {code!r}.")
        if repo.has_children(session, row.id) or repo.has_values(session, row.id):
            raise ConflictError(
                f"Entity {code!r} still has entities beneath it or values recorded.",
                [Problem("code", "remove its children and values first", code)],
            )
        session.delete(row)


def financial_years_in(session: Session) -> dict[int, FinancialYear]:
    """Every financial year, by name, inside a transaction."""
    return {row.year: FinancialYear(row.start_date) for row in repo.periods(session)}


def financial_years(db: Database) -> Sequence[FinancialYear]:
    """Every financial year, oldest first."""
    with db.transaction() as session:
        return list(financial_years_in(session).values())


def add_financial_year(db: Database, start: date, clock: Clock = SYSTEM_CLOCK) -> FinancialYear:
    """Open a financial year starting on the first day of a month."""
    refuse_if(financial_year_problems(start), "The financial year cannot be added.")
    year = FinancialYear(start)
    with db.transaction() as session:
        existing = financial_years_in(session)
        if year.year in existing:
            raise ConflictError(
                f"{year.label} already exists.",
                [Problem("start", f"{year.label} is already a reporting period", start)],
            )
        overlapping = [
            fy.label for fy in existing.values() if fy.start <= year.end and year.start <= fy.end
        ]
        if overlapping:
            raise ConflictError(
                f"{year.label} would overlap {', '.join(overlapping)}.",
                [Problem("start", "financial years cannot overlap", start)],
            )
        session.add(
            ReportingPeriodRow(
                year=year.year,
                start_date=year.start,
                end_date=year.end,
                created_at=clock.now(),
            )
        )
    return year


def require_year(session: Session, year: int) -> FinancialYear:
    """The financial year with this name, or NotFoundError."""
    row = repo.period(session, year)
    if row is None:
        raise NotFoundError(f"FY{year} is not a reporting period.")
    return FinancialYear(row.start_date)
