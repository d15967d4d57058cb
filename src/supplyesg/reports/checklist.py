"""The publishing checklist of a report: what it lists, acknowledging an item, and the refusal
to submit or publish while an item is open. The rules live in `domain/publishing_checklist.py`;
the items of the HKEX report are found by `reports/hkex/checklist.py`; acknowledgements are
stored by `services/publishing_checklist.py`.
"""

from __future__ import annotations

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.session import Database
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.publishing_checklist import (
    Acknowledgement,
    CheckedItem,
    refuse_open_items,
)
from supplyesg.reports.publish import hkex_report, report_kind, require_report_year
from supplyesg.services import publishing_checklist as service

WITH_CHECKLIST = ("hkex",)
"""The reports that have a publishing checklist."""


def report_checklist(
    db: Database, key: str, year: int, language: str = "en"
) -> tuple[CheckedItem, ...]:
    """Every item of a report's checklist of a year in a language, open or acknowledged."""
    report_kind(key)
    if key not in WITH_CHECKLIST:
        return ()
    require_report_year(year)
    return hkex_report(db, year, language).checklist


def acknowledge(
    db: Database,
    key: str,
    year: int,
    item: str,
    reason: str,
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> Acknowledgement:
    """Accept an item the report's checklist lists now, with a written reason."""
    listed = {c.item.id for c in report_checklist(db, key, year)}
    for language in report_kind(key).languages[1:]:
        if item not in listed:  # an item only another language's report lists (untranslated)
            listed |= {c.item.id for c in report_checklist(db, key, year, language)}
    return service.acknowledge(db, key, year, item, reason, listed, actor, clock)


def withdraw(
    db: Database,
    key: str,
    year: int,
    item: str,
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> Acknowledgement:
    """Withdraw an item's acknowledgement: while the data raises it, it blocks the report again."""
    report_kind(key)
    return service.withdraw(db, key, year, item, actor, clock)


def refuse_while_open(items: tuple[CheckedItem, ...], key: str, year: int, step: str) -> None:
    """Refuse a step of the report's review while any checklist item is open."""
    refuse_open_items(items, f"The {key} report of {year} cannot be {step}:")
