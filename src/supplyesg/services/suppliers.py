"""Managing suppliers: create, change, change status, remove, find."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import (
    SupplierContactRow,
    SupplierRow,
    SupplierStatusChangeRow,
)
from supplyesg.db.repositories import suppliers as repo
from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import ConflictError, NotFoundError, Problem, refuse_if
from supplyesg.domain.events import status_changed
from supplyesg.domain.suppliers import (
    Contact,
    SupplierProfile,
    SupplierStatus,
    effective_day_problems,
    profile_problems,
    status_change_problems,
    supplier_code,
)
from supplyesg.services import events

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class SupplierPage:
    """One page of a supplier list and the code to continue after, if there is more."""

    items: Sequence[SupplierRow]
    next_after: str | None


def now(clock: Clock = SYSTEM_CLOCK) -> datetime:
    """The current instant, in UTC, by the clock."""
    return clock.now()


def search_text(profile: SupplierProfile) -> str:
    """What the text search of the supplier list looks in."""
    return " ".join((profile.code, profile.legal_name, profile.city, profile.region)).lower()


def profile_of(row: SupplierRow) -> SupplierProfile:
    """The domain profile of a stored supplier."""
    return SupplierProfile(
        code=row.code,
        legal_name=row.legal_name,
        country=row.country,
        region=row.region,
        city=row.city,
        category=row.category,
        tier=row.tier,
        is_key_sub_supplier=row.is_key_sub_supplier,
        annual_spend=row.annual_spend,
        currency=row.currency,
        contacts=tuple(Contact(c.name, c.email, c.phone) for c in row.contacts),
        relationship_started_on=row.relationship_started_on,
        relationship_ended_on=row.relationship_ended_on,
    )


def get_supplier(db: Database, code: str) -> SupplierRow:
    """The supplier with this code."""
    with db.transaction() as session:
        return require(session, code)


def require(session: Session, code: str) -> SupplierRow:
    """The supplier with this code, or NotFoundError."""
    row = repo.by_code(session, supplier_code(code))
    if row is None:
        raise NotFoundError(f"There is no supplier with code {code!r}.")
    return row


def list_suppliers(
    db: Database, where: SupplierFilter, after_code: str | None = None, limit: int = 50
) -> SupplierPage:
    """One page of suppliers matching the filter, in code order."""
    limit = max(1, min(limit, MAX_PAGE))
    with db.transaction() as session:
        rows = repo.page(session, where, after_code, limit + 1)
    more = len(rows) > limit
    items = rows[:limit]
    return SupplierPage(items=items, next_after=items[-1].code if more and items else None)


def create_supplier(
    db: Database,
    profile: SupplierProfile,
    actor: str,
    status: SupplierStatus = SupplierStatus.PROSPECTIVE,
    effective_on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> SupplierRow:
    """Register a new supplier; its first status is recorded like any later change.

    `effective_on` is the day the supplier entered that status (today unless told).
    """
    day = effective_on or clock.today()
    profile = replace(profile, code=supplier_code(profile.code))
    refuse_if(effective_day_problems(day, None, clock.today()), "The supplier cannot be saved.")
    refuse_if(profile_problems(profile), "The supplier cannot be saved.")
    with db.transaction() as session:
        if repo.by_code(session, profile.code) is not None:
            raise ConflictError(
                f"A supplier with code {profile.code!r} already exists.",
                [Problem("code", "is already used by another supplier", profile.code)],
            )
        at = clock.now()
        row = SupplierRow(status=str(status), created_at=at, updated_at=at)
        _apply_profile(row, profile)
        session.add(row)
        session.flush()
        session.add(
            SupplierStatusChangeRow(
                supplier_id=row.id,
                from_status=None,
                to_status=str(status),
                changed_by=actor,
                changed_at=at,
                effective_on=day,
                reason="registered",
            )
        )
        return row


def update_supplier(
    db: Database, code: str, changes: Mapping[str, object], clock: Clock = SYSTEM_CLOCK
) -> SupplierRow:
    """Change some facts of a supplier (not its status: see change_status)."""
    with db.transaction() as session:
        row = require(session, code)
        profile = replace(profile_of(row), **changes)  # type: ignore[arg-type]
        profile = replace(profile, code=supplier_code(profile.code))
        refuse_if(profile_problems(profile), "The supplier cannot be saved.")
        if profile.code != row.code and repo.by_code(session, profile.code) is not None:
            raise ConflictError(
                f"A supplier with code {profile.code!r} already exists.",
                [Problem("code", "is already used by another supplier", profile.code)],
            )
        _apply_profile(row, profile)
        row.updated_at = clock.now()
        return row


def change_status(
    db: Database,
    code: str,
    target: SupplierStatus,
    reason: str,
    actor: str,
    effective_on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> SupplierRow:
    """Move a supplier to another status, recording who, when, why and the day it took effect
    (today unless told)."""
    day = effective_on or clock.today()
    with db.transaction() as session:
        row = require(session, code)
        refuse_if(
            effective_day_problems(day, repo.last_effective_on(session, row.id), clock.today()),
            "The status cannot be changed.",
        )
        return record_status_change(session, row, target, reason, actor, clock.now(), day)


def record_status_change(
    session: Session,
    row: SupplierRow,
    target: SupplierStatus,
    reason: str,
    actor: str,
    at: datetime,
    effective_on: date,
    audit_reference: str | None = None,
) -> SupplierRow:
    """Apply a status change inside a caller's transaction (also used by the ESG programme):
    recorded at the instant `at`, in effect from the business day `effective_on`, with its
    business event (naming the audit that caused it, if one did)."""
    current = SupplierStatus(row.status)
    refuse_if(status_change_problems(current, target, reason), "The status cannot be changed.")
    change = status_changed(
        row.code, str(current), str(target), reason.strip(), effective_on, audit_reference
    )
    events.record(session, [change], at)
    session.add(
        SupplierStatusChangeRow(
            supplier_id=row.id,
            from_status=str(current),
            to_status=str(target),
            changed_by=actor,
            changed_at=at,
            effective_on=effective_on,
            reason=reason.strip(),
        )
    )
    row.status = str(target)
    row.updated_at = at
    if target is SupplierStatus.TERMINATED and row.relationship_ended_on is None:
        # The relationship ends the day it is terminated, unless someone entered the day.
        row.relationship_ended_on = effective_on
    return row


def status_history(db: Database, code: str) -> Sequence[SupplierStatusChangeRow]:
    """Every status change of a supplier, newest first."""
    with db.transaction() as session:
        return repo.status_history(session, require(session, code).id)


def delete_supplier(db: Database, code: str) -> None:
    """Remove a supplier and its links."""
    with db.transaction() as session:
        row = require(session, code)
        repo.delete_links_of(session, row.id)
        session.delete(row)


def filter_choices(db: Database) -> dict[str, list[str]]:
    """The values a supplier list can be filtered by."""
    with db.transaction() as session:
        return {
            name: repo.distinct_values(session, name) for name in ("country", "region", "category")
        }


def _apply_profile(row: SupplierRow, profile: SupplierProfile) -> None:
    row.code = profile.code
    row.legal_name = profile.legal_name.strip()
    row.country = profile.country
    row.region = profile.region.strip()
    row.city = profile.city.strip()
    row.category = profile.category.strip()
    row.tier = profile.tier
    row.is_key_sub_supplier = profile.is_key_sub_supplier
    row.annual_spend = Decimal(profile.annual_spend)
    row.currency = profile.currency
    row.relationship_started_on = profile.relationship_started_on
    row.relationship_ended_on = profile.relationship_ended_on
    row.search_text = search_text(profile)
    row.contacts = [
        SupplierContactRow(position=i, name=c.name.strip(), email=c.email.strip(), phone=c.phone)
        for i, c in enumerate(profile.contacts)
    ]
