"""Acknowledging publishing checklist items, and withdrawing an acknowledgement.

Which items a report has is decided by the report (`reports/checklist.py`) from its content
model and the data; this service stores who accepted which item and why, in one transaction
with its audit-trail entry.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.audit_trail import acting_as
from supplyesg.db.models import ChecklistAcknowledgementRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import NotFoundError, Problem, refuse_if
from supplyesg.domain.four_eyes import Person, person
from supplyesg.domain.publishing_checklist import Acknowledgement, acknowledgement_problems


def acknowledgements(db: Database, framework: str, year: int) -> tuple[Acknowledgement, ...]:
    """The acknowledgements in force for a report of a year (withdrawn ones left out)."""
    with db.transaction() as session:
        return tuple(_acknowledgement(row) for row in _in_force(session, framework, year))


def acknowledge(
    db: Database,
    framework: str,
    year: int,
    item: str,
    reason: str,
    listed: Collection[str],
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> Acknowledgement:
    """Accept an item of the checklist (`listed`: the items the report has now) with a reason."""
    who = person(actor)
    with acting_as(who.label), db.transaction() as session:
        rows = _in_force(session, framework, year)
        refuse_if(
            acknowledgement_problems(item, reason, listed, {row.item for row in rows}),
            f"The item {item} of the {framework} report of {year} cannot be acknowledged.",
        )
        at = clock.now()
        row = ChecklistAcknowledgementRow(
            framework=framework,
            year=year,
            item=item,
            reason=reason.strip(),
            acknowledged_by=who.label,
            acknowledged_by_account_id=who.account_id,
            acknowledged_at=at,
            acknowledged_on=at.date(),
        )
        session.add(row)
        session.flush()
        return _acknowledgement(row)


def withdraw(
    db: Database,
    framework: str,
    year: int,
    item: str,
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> Acknowledgement:
    """Withdraw the acknowledgement of an item: it blocks the report again while raised."""
    who = person(actor)
    with acting_as(who.label), db.transaction() as session:
        row = next((r for r in _in_force(session, framework, year) if r.item == item), None)
        if row is None:
            raise NotFoundError(
                f"The item {item} of the {framework} report of {year} is not acknowledged.",
                [Problem("item", "has no acknowledgement in force", item)],
            )
        at = clock.now()
        row.withdrawn_by, row.withdrawn_by_account_id = who.label, who.account_id
        row.withdrawn_at, row.withdrawn_on = at, at.date()
        session.flush()
        return _acknowledgement(row)


def _in_force(session: Session, framework: str, year: int) -> list[ChecklistAcknowledgementRow]:
    return list(
        session.scalars(
            select(ChecklistAcknowledgementRow)
            .where(
                ChecklistAcknowledgementRow.framework == framework,
                ChecklistAcknowledgementRow.year == year,
                ChecklistAcknowledgementRow.withdrawn_at.is_(None),
            )
            .order_by(ChecklistAcknowledgementRow.id)
        )
    )


def _acknowledgement(row: ChecklistAcknowledgementRow) -> Acknowledgement:
    return Acknowledgement(row.item, row.reason, row.acknowledged_by, row.acknowledged_on)
