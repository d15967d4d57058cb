"""The audit programme of a year: the audits due, by when, and which are overdue.

The risk level that calls for on-site audits is the resulting risk of the risk register, so
the programme reads the register first (set-based queries for every supplier at once:
suppliers, latest audits, latest on-site audits, risk tables) and every supplier's status
history, then lets the domain decide since when each supplier is in the annual scope and since
when it is high risk (`domain.programme_scope`), and what is due by when.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.session import Database
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.errors import refuse_if
from supplyesg.domain.policy import Policy
from supplyesg.domain.programme import (
    AuditKind,
    DueAudit,
    SupplierAuditState,
    audit_calendar,
    audit_programme,
    next_audits,
    programme_problems,
)
from supplyesg.domain.programme_scope import SupplierHistory, high_risk_since, in_annual_scope_since
from supplyesg.domain.supplier_kpis import StatusChange
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services.policy_files import policy_for
from supplyesg.services.risk import RegisterEntry, cycle_collection_paused, register_entries

_STATUSES = {str(status): status for status in SupplierStatus}


@dataclass(frozen=True, slots=True)
class ProgrammeLine:
    """A due audit with the supplier facts a planner needs beside it."""

    supplier_code: str
    legal_name: str
    tier: int
    country: str
    risk: RiskLevel
    due: DueAudit


@dataclass(frozen=True, slots=True)
class ProgrammeMonth:
    """The audits due in one month of the year."""

    month: int
    lines: tuple[ProgrammeLine, ...]


@dataclass(frozen=True, slots=True)
class AuditProgramme:
    """What is due by the end of a year as of a day, in due-date order and by month."""

    year: int
    as_of: date
    policy_version: str
    lines: tuple[ProgrammeLine, ...]
    carried_over: tuple[ProgrammeLine, ...]
    months: tuple[ProgrammeMonth, ...]

    @property
    def overdue(self) -> tuple[ProgrammeLine, ...]:
        """The audits past their due date."""
        return tuple(line for line in self.lines if line.due.is_overdue)

    def count(self, kind: AuditKind) -> int:
        """How many audits of a kind are due."""
        return sum(1 for line in self.lines if line.due.kind is kind)


def programme_of_year(db: Database, year: int, as_of: date) -> AuditProgramme:
    """The programme of the year as of a day (a day not after the year's end)."""
    refuse_if(programme_problems(year, as_of), "No programme can be drawn up for these dates.")
    policy = policy_for(db, as_of)
    with db.transaction() as session:
        entries = register_entries(session, as_of, policy)
        histories = _histories(session, entries)
    with cycle_collection_paused():
        return _programme(entries, histories, policy, year, as_of)


def audits_due_of(db: Database, supplier_code: str, as_of: date) -> list[DueAudit]:
    """The next audit of each kind the programme will call for of one supplier, whatever the
    year it falls in (overdue ones included)."""
    policy = policy_for(db, as_of)
    with db.transaction() as session:
        entries = register_entries(session, as_of, policy, supplier_code)
        histories = _histories(session, entries)
    return next_audits(_states(entries, histories), policy, as_of)


def _histories(session: Session, entries: Sequence[RegisterEntry]) -> dict[int, SupplierHistory]:
    """Each supplier's dated facts: its status changes, relationship start and recording day."""
    one = entries[0].supplier.id if len(entries) == 1 else None
    changes: dict[int, list[StatusChange]] = defaultdict(list)
    for supplier_id, effective_on, recorded_at, status in supplier_repo.status_changes(
        session, one
    ):
        changes[supplier_id].append(StatusChange(effective_on, _STATUSES[status], recorded_at))
    return {
        e.supplier.id: SupplierHistory(
            tuple(changes.get(e.supplier.id, ())),
            e.supplier.relationship_started_on,
            e.supplier.created_at.date(),
        )
        for e in entries
    }


def _states(
    entries: Sequence[RegisterEntry], histories: Mapping[int, SupplierHistory]
) -> list[SupplierAuditState]:
    states = []
    for e in entries:
        history = histories[e.supplier.id]
        states.append(
            SupplierAuditState(
                e.supplier.code,
                e.supplier.tier,
                e.supplier.is_key_sub_supplier,
                _STATUSES[e.supplier.status],
                e.row.resulting.level,
                e.latest_audit.audited_on if e.latest_audit else None,
                e.last_on_site_on,
                in_annual_scope_since(history, e.supplier.tier, e.supplier.is_key_sub_supplier),
                high_risk_since(
                    history, e.row.resulting.level, e.row.inherent.level, e.latest_audit
                ),
            )
        )
    return states


def _programme(
    entries: Sequence[RegisterEntry],
    histories: Mapping[int, SupplierHistory],
    policy: Policy,
    year: int,
    as_of: date,
) -> AuditProgramme:
    due = audit_programme(_states(entries, histories), policy, year, as_of)
    facts = {e.supplier.code: e for e in entries}
    lines = {
        (item.supplier_code, item.kind): ProgrammeLine(
            item.supplier_code,
            facts[item.supplier_code].supplier.legal_name,
            facts[item.supplier_code].supplier.tier,
            facts[item.supplier_code].supplier.country,
            facts[item.supplier_code].row.resulting.level,
            item,
        )
        for item in due
    }
    calendar = audit_calendar(due, year)
    return AuditProgramme(
        year,
        as_of,
        policy.version,
        tuple(lines[(d.supplier_code, d.kind)] for d in due),
        _lines(lines, calendar.carried_over),
        tuple(ProgrammeMonth(m.month, _lines(lines, m.audits)) for m in calendar.months),
    )


def _lines(
    lines: dict[tuple[str, AuditKind], ProgrammeLine], due: Sequence[DueAudit]
) -> tuple[ProgrammeLine, ...]:
    return tuple(lines[(d.supplier_code, d.kind)] for d in due)
