"""Importing ESG values from a CSV or XLSX file: every bad row reported at once, or all written.

Columns: entity, metric, period, value, unit (required); breakdown, source_note, evidence
(optional). Each row is checked like a value typed in a form; then the file as a whole: a point
may appear once, approved values are locked, and a year of a series is entered either whole,
by quarter or by month. If any row is refused nothing is written. Otherwise new values are
inserted in bulk (one Core statement per table, in one transaction), values already waiting
for review are replaced, and every value gets its history entry.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import EsgImportRow, EsgValueRow
from supplyesg.db.repositories import esg_data as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.four_eyes import Person, person
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.services.esg_data import entry_context
from supplyesg.services.esg_entries import CheckedEntry, Entry, EntryContext, check_entry
from supplyesg.services.supplier_files import Progress
from supplyesg.services.tabular import Source, Table, format_of, read_table

REQUIRED_COLUMNS = ("entity", "metric", "period", "value", "unit")
OPTIONAL_COLUMNS = ("breakdown", "source_note", "evidence")
MAX_PROBLEMS = 10_000
PROGRESS_EVERY = 5_000
WRITE_CHUNK = 20_000

Key = tuple[int, str, int, str, str]
"""(entity id, metric, year, slice, breakdown): one point of data."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote."""

    import_id: int
    rows: int
    created: int
    updated: int
    unchanged: int
    encoding: str | None = None
    """The text encoding the CSV file was read in (`domain.file_encodings`); None for XLSX."""


def import_values(
    db: Database,
    source: Source,
    file_name: str,
    actor: Person | str,
    progress: Progress | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ImportResult:
    """Import every row of a file as submitted values, or nothing if any row is refused.

    `progress(stage, done, total)` is called as rows are checked ("checking") and saved
    ("saving").
    """
    table = read_table(source, format_of(file_name))
    return import_table(db, table, file_name, actor, progress, clock)


def import_table(
    db: Database,
    table: Table,
    file_name: str,
    actor: Person | str,
    progress: Progress | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ImportResult:
    """Import the rows of a table already read (see import_values)."""
    _check_columns(table.columns)
    with db.transaction() as session, _collector_paused():
        context = entry_context(session)
        checked, problems = _checked_rows(_counted(table.rows, progress), context)
        stored = repo.stored_keys(session, {entry.period.year for _, entry in checked})
        problems += _file_problems(checked, stored)
        if problems:
            problems.sort(key=lambda p: (p.row or 0, p.field))
            raise InvalidInputError(
                f"{file_name}: {len(problems)} problem(s); nothing was imported.",
                problems[:MAX_PROBLEMS],
            )
        if progress is not None:
            progress("saving", 0, len(checked))
        result = _write(session, checked, stored, file_name, person(actor), clock.now())
        result = replace(result, encoding=table.encoding)
        if progress is not None:
            progress("saving", len(checked), len(checked))
        return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the import builds and keeps its objects.

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


def _counted(
    rows: Iterator[tuple[int, dict[str, str]]], progress: Progress | None
) -> Iterator[tuple[int, dict[str, str]]]:
    if progress is None:
        yield from rows
        return
    done = 0
    for item in rows:
        yield item
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress("checking", done, None)
    progress("checking", done, done)


def _check_columns(columns: tuple[str, ...]) -> None:
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    problems = [
        Problem(c, "is a required column", None, 1) for c in REQUIRED_COLUMNS if c not in columns
    ]
    problems += [
        Problem(
            c,
            f"is not a column we know (use {', '.join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))})",
            c,
            1,
        )
        for c in columns
        if c not in known
    ]
    if problems:
        raise InvalidInputError("The file's columns are not right; nothing was imported.", problems)


def _checked_rows(
    rows: Iterator[tuple[int, dict[str, str]]], context: EntryContext
) -> tuple[list[tuple[int, CheckedEntry]], list[Problem]]:
    checked: list[tuple[int, CheckedEntry]] = []
    problems: list[Problem] = []
    for row, cells in rows:
        entry = Entry(
            entity=cells["entity"],
            metric=cells["metric"],
            period=cells["period"],
            value=cells["value"],
            unit=cells["unit"],
            breakdown=cells.get("breakdown", ""),
            source_note=cells.get("source_note", ""),
            evidence=cells.get("evidence", ""),
        )
        found = check_entry(entry, context)
        if isinstance(found, list):
            problems += [p.at_row(row) for p in found]
        else:
            checked.append((row, found))
    return checked, problems


def _key(entry: CheckedEntry) -> Key:
    return (
        entry.entity_id,
        entry.metric.code,
        entry.period.year,
        entry.period.slice.key,
        entry.breakdown_key,
    )


def _file_problems(
    checked: list[tuple[int, CheckedEntry]], stored: dict[Key, tuple[int, str, Decimal, str]]
) -> list[Problem]:
    problems: list[Problem] = []
    first_row: dict[Key, int] = {}
    granularities: dict[tuple[int, str, int, str], dict[str, int]] = defaultdict(dict)
    for key in stored:
        granularities[(key[0], key[1], key[2], key[4])].setdefault(key[3][0], 0)
    for row, entry in checked:
        key = _key(entry)
        if key in first_row:
            problems.append(
                Problem(
                    "period",
                    f"the same point is already on row {first_row[key]}",
                    str(entry.period),
                    row,
                )
            )
            continue
        first_row[key] = row
        if key in stored and stored[key][1] == ReviewStatus.APPROVED:
            problems.append(
                Problem(
                    "value",
                    "this value is approved and locked; ask a checker to reopen it",
                    str(entry.value),
                    row,
                )
            )
        granularities[(key[0], key[1], key[2], key[4])].setdefault(key[3][0], row)
    for (_, metric, year, _), kinds in granularities.items():
        if len(kinds) > 1:
            rows = sorted(r for r in kinds.values() if r)
            problems.append(
                Problem(
                    "period",
                    f"FY{year} of {metric} mixes a whole year, quarters and months "
                    f"({', '.join(_KIND_NAMES[k] for k in sorted(kinds))}); enter one way only",
                    metric,
                    rows[0] if rows else None,
                )
            )
    return problems


_KIND_NAMES = {"F": "whole year", "Q": "quarters", "M": "months"}


def _write(
    session: Session,
    checked: list[tuple[int, CheckedEntry]],
    stored: dict[Key, tuple[int, str, Decimal, str]],
    file_name: str,
    who: Person,
    at: datetime,
) -> ImportResult:
    batch = EsgImportRow(
        file_name=file_name[:300], rows=len(checked), imported_by=who.label, imported_at=at
    )
    session.add(batch)
    session.flush()
    new: list[CheckedEntry] = []
    changed: list[tuple[int, CheckedEntry, tuple[int, str, Decimal, str]]] = []
    unchanged = 0
    for row, entry in checked:
        before = stored.get(_key(entry)) if stored else None
        if before is None:
            new.append(entry)
        elif before[2] == entry.value and before[1] == ReviewStatus.SUBMITTED:
            unchanged += 1
        else:
            changed.append((row, entry, before))
    shared = {
        "status": str(ReviewStatus.SUBMITTED),
        "submitted_by": who.label,
        "submitted_by_account_id": who.account_id,
        "submitted_at": at,
        "reviewed_by": None,
        "reviewed_by_account_id": None,
        "reviewed_at": None,
        "review_comment": "",
        "import_id": batch.id,
    }
    for start in range(0, len(new), WRITE_CHUNK):
        chunk = new[start : start + WRITE_CHUNK]
        repo.insert_new_values(session, [_new_value(entry) for entry in chunk], shared)
    repo.record_first_submissions(session, batch.id, who.label, at)
    _replace(session, changed, who, at, batch.id)
    return ImportResult(batch.id, len(checked), len(new), len(changed), unchanged)


def _new_value(entry: CheckedEntry) -> tuple[Any, ...]:
    """The cells of repo.NEW_VALUE_COLUMNS."""
    return (
        entry.entity_id,
        entry.metric.code,
        entry.period.year,
        entry.period.slice.key,
        entry.breakdown_key,
        entry.value,
        entry.metric.unit,
        entry.entered_value,
        entry.entered_unit,
        entry.source_note,
        entry.evidence,
    )


def _values(entry: CheckedEntry, who: Person, at: datetime, import_id: int) -> dict[str, Any]:
    return {
        "entity_id": entry.entity_id,
        "metric": entry.metric.code,
        "year": entry.period.year,
        "slice": entry.period.slice.key,
        "breakdown": entry.breakdown_key,
        "value": entry.value,
        "unit": entry.metric.unit,
        "entered_value": entry.entered_value,
        "entered_unit": entry.entered_unit,
        "source_note": entry.source_note,
        "evidence": entry.evidence,
        "status": str(ReviewStatus.SUBMITTED),
        "submitted_by": who.label,
        "submitted_by_account_id": who.account_id,
        "submitted_at": at,
        "reviewed_by": None,
        "reviewed_by_account_id": None,
        "reviewed_at": None,
        "review_comment": "",
        "import_id": import_id,
    }


def _replace(
    session: Session,
    changed: list[tuple[int, CheckedEntry, tuple[int, str, Decimal, str]]],
    who: Person,
    at: datetime,
    import_id: int,
) -> None:
    if not changed:
        return
    session.execute(
        update(EsgValueRow),
        [{"id": before[0], **_values(entry, who, at, import_id)} for _, entry, before in changed],
    )
    repo.insert_changes(
        session,
        [
            {
                "value_id": before[0],
                "action": "submit",
                "actor": who.label,
                "at": at,
                "before_value": before[2],
                "before_unit": before[3],
                "before_status": before[1],
                "after_value": entry.value,
                "after_unit": entry.metric.unit,
                "after_status": str(ReviewStatus.SUBMITTED),
                "comment": f"import {import_id}",
            }
            for _, entry, before in changed
        ],
    )
