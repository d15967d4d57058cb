"""Acknowledging every item of a report's publishing checklist, for tests of what comes after."""

from __future__ import annotations

from supplyesg.clock import Clock
from supplyesg.db.session import Database
from supplyesg.domain.four_eyes import Person
from supplyesg.reports.checklist import report_checklist
from supplyesg.services import publishing_checklist

REVIEWER = Person("esg.manager@example.com")


def acknowledge_every_item(
    db: Database, year: int, clock: Clock, key: str = "hkex", language: str = "en"
) -> int:
    """Acknowledge each open item of the report (in a language) as it now stands; how many
    there were."""
    items = report_checklist(db, key, year, language)
    listed = {c.item.id for c in items}
    opened = [c for c in items if c.is_open]
    for checked in opened:
        publishing_checklist.acknowledge(
            db, key, year, checked.item.id, "accepted for the test", listed, REVIEWER, clock
        )
    return len(opened)
