"""Importing and exporting the supplier registry as CSV or XLSX files, one row per supplier.

An import is one transaction: every row is read and checked first (`domain.supplier_import`),
and if any row has a problem nothing is written and every problem is reported at once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import IO, TypeVar

from sqlalchemy.orm import Session

from supplyesg.db.audit_trail import acting_as, record_bulk
from supplyesg.db.repositories import supplier_bulk as bulk
from supplyesg.db.repositories import suppliers as repo
from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import Problem, refuse_if
from supplyesg.domain.events import status_changed
from supplyesg.domain.supplier_import import ImportPlan, plan_import
from supplyesg.domain.supplier_rows import (
    COLUMNS,
    SupplierEntry,
    header_problems,
    parse_entry,
    supplier_cells,
)
from supplyesg.services import events, tabular
from supplyesg.services.suppliers import now, search_text
from supplyesg.services.tabular import Source, Table

Progress = Callable[[str, int, int | None], None]
"""Told (stage, rows done, rows in all if known) as a long import or export goes on."""

SHEET_NAME = "suppliers"
_REPORT_EVERY = 5000

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import changed."""

    created: int
    updated: int
    unchanged: int
    status_changes: int
    links_added: int
    links_removed: int
    encoding: str | None = None
    """The text encoding the CSV file was read in (`domain.file_encodings`); None for XLSX."""


def import_file(
    db: Database, source: Source, file_name: str, actor: str, progress: Progress | None = None
) -> ImportSummary:
    """Import a supplier file whose format (.csv or .xlsx) its name says."""
    table = tabular.read_table(source, tabular.format_of(file_name))
    return import_table(db, table, file_name, actor, progress)


def import_table(
    db: Database,
    table: Table,
    source_name: str,
    actor: str,
    progress: Progress | None = None,
    effective_on: date | None = None,
) -> ImportSummary:
    """Create or update the suppliers of a table by code, with their customer links.

    The statuses it sets take effect on `effective_on` (the day of the import unless told).
    """
    refuse_if(header_problems(table.columns), f"{source_name} is not a supplier file.")
    with _collector_paused():
        return _import_entries(db, table, source_name, actor, progress, effective_on)


def _import_entries(
    db: Database,
    table: Table,
    source_name: str,
    actor: str,
    progress: Progress | None,
    effective_on: date | None,
) -> ImportSummary:
    reason = f"imported from {source_name}"
    with acting_as(actor), db.transaction() as session:
        plan = _plan(session, table, reason, progress)
        summary = _summary(plan, table.encoding)
        _save(session, plan, actor, reason, progress, effective_on)
        if summary.created or summary.updated or summary.links_added or summary.links_removed:
            # The bulk writes bypass the ORM, so the audit trail gets one entry summing them up.
            changed = summary.created + summary.updated
            record_bulk(session, "supplier", changed, {"source": source_name, **asdict(summary)})
    return summary


def _plan(session: Session, table: Table, reason: str, progress: Progress | None) -> ImportPlan:
    """Read every row, check it against the registry, and refuse the file if anything is wrong."""
    entries, problems = _read_entries(table, progress)
    ids = repo.ids_by_code(session)
    stored = bulk.stored_suppliers(session, [e.code for e in entries if e.code in ids])
    plan = plan_import(entries, stored, ids, repo.all_link_pairs(session), reason)
    problems.extend(plan.problems)
    problems.sort(key=lambda problem: problem.row or 0)
    refuse_if(problems, f"The file was not imported: {len(problems)} problem(s); nothing changed.")
    return plan


def _summary(plan: ImportPlan, encoding: str | None) -> ImportSummary:
    return ImportSummary(
        created=len(plan.created),
        updated=len({c.id for c in plan.changed} | {m.id for m in plan.status_moves}),
        unchanged=plan.unchanged,
        status_changes=len(plan.status_moves),
        links_added=len(plan.links_added),
        links_removed=len(plan.links_removed),
        encoding=encoding,
    )


def export_file(
    db: Database, target: Path | IO[bytes], fmt: str, progress: Progress | None = None
) -> int:
    """Write every supplier to a CSV or XLSX file in code order; the number written."""
    with db.transaction() as session:
        total = repo.count(session, SupplierFilter())
        rows = _counted("exporting", _supplier_rows(session), total, progress)
        tabular.write_table(target, fmt, COLUMNS, rows, sheet_name=SHEET_NAME)
    return total


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many objects are made and kept.

    Otherwise it walks every object built so far, again and again, and halves the speed of a
    large import; reference counting still frees what is dropped meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _supplier_rows(session: Session) -> Iterator[Sequence[tabular.Cell]]:
    for page in bulk.supplier_pages(session):
        for profile, status, customers in page:
            yield supplier_cells(profile, status, customers)


def _read_entries(
    table: Table, progress: Progress | None
) -> tuple[list[SupplierEntry], list[Problem]]:
    entries: list[SupplierEntry] = []
    problems: list[Problem] = []
    for row, cells in _counted("reading", table, None, progress):
        entry, found = parse_entry(row, cells)
        entries.append(entry)
        problems.extend(found)
    return entries, problems


def _counted(
    stage: str, items: Iterable[_T], total: int | None, progress: Progress | None
) -> Iterator[_T]:
    if progress is None:
        yield from items
        return
    done = 0
    for item in items:
        yield item
        done += 1
        if done % _REPORT_EVERY == 0:
            progress(stage, done, total)
    progress(stage, done, total if total is not None else done)


def _save(
    session: Session,
    plan: ImportPlan,
    actor: str,
    reason: str,
    progress: Progress | None,
    effective_on: date | None,
) -> None:
    at = now()
    created = sorted(plan.created, key=lambda s: s.profile.code)  # the code index fills in order
    new = ((s.profile, str(s.status), search_text(s.profile)) for s in created)
    bulk.insert_suppliers(session, _counted("saving", new, len(created), progress), at)
    bulk.update_suppliers(
        session, ((c.id, c.profile, search_text(c.profile)) for c in plan.changed), at
    )
    bulk.set_statuses(session, ((m.id, str(m.target)) for m in plan.status_moves), at)
    ids = repo.ids_by_code(session)
    replaced = [(c.id, c.profile.contacts) for c in plan.changed if c.contacts_changed]
    bulk.replace_contacts(
        session,
        [supplier_id for supplier_id, _ in replaced],
        chain(((ids[s.profile.code], s.profile.contacts) for s in created), replaced),
    )
    first = ((ids[s.profile.code], None, str(s.status), "registered") for s in created)
    moves = ((m.id, str(m.previous), str(m.target), reason) for m in plan.status_moves)
    day = effective_on or at.date()
    bulk.insert_status_changes(session, chain(first, moves), actor, at, day)
    codes = {supplier_id: code for code, supplier_id in ids.items()}
    changes = (
        status_changed(codes[m.id], str(m.previous), str(m.target), reason, day)
        for m in plan.status_moves
    )
    events.record(session, changes, at)
    bulk.delete_links(session, plan.links_removed)
    added = sorted((ids[sub], ids[customer]) for sub, customer in plan.links_added)
    bulk.insert_links(session, added, at)
