"""A year's report is blocked from review and publication until every checklist item is fixed
in the data or acknowledged with a reason; acknowledgements are recorded and withdrawn."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from report_data import esg_year, programme_year
from sqlalchemy import select

from supplyesg.clock import FixedClock
from supplyesg.db.audit_trail import AuditEntryRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.publishing_checklist import ChecklistOpenError, ItemStatus
from supplyesg.reports import checklist, versions
from supplyesg.reports.checklist import report_checklist
from supplyesg.services import publishing_checklist
from supplyesg.services import report_versions as service

MIA = Person("mia@example.com", None)
BEN = Person("ben@example.com", None)
CLOCK = FixedClock(datetime(2026, 3, 20, 9, 30, tzinfo=UTC))


@pytest.fixture
def seeded(db: Database) -> Database:
    esg_year(db)
    programme_year(db)
    return db


def test_the_year_s_open_items_block_the_submission_until_each_is_acknowledged(
    seeded: Database,
) -> None:
    items = report_checklist(seeded, "hkex", 2025)
    assert items
    assert all(c.status is ItemStatus.OPEN for c in items)
    with pytest.raises(ChecklistOpenError) as refused:
        versions.submit_for_review(seeded, "hkex", 2025, MIA, CLOCK)
    listed = {c.item.id: c.item for c in items}
    assert [p.field for p in refused.value.problems] == list(listed)
    assert all(
        (p.reason, p.value) == (listed[p.field].reason, listed[p.field].place)
        for p in refused.value.problems
    )
    assert service.versions_of(seeded, "hkex", 2025) == []

    *most, last = items
    for checked in most:
        publishing_checklist.acknowledge(
            seeded, "hkex", 2025, checked.item.id, "accepted", set(listed), MIA, CLOCK
        )
    with pytest.raises(ChecklistOpenError) as refused:
        versions.submit_for_review(seeded, "hkex", 2025, MIA, CLOCK)
    assert [p.field for p in refused.value.problems] == [last.item.id]

    checklist.acknowledge(seeded, "hkex", 2025, last.item.id, "explained on page 4", MIA, CLOCK)
    submitted = versions.submit_for_review(seeded, "hkex", 2025, MIA, CLOCK)
    assert submitted.number == 1

    service.approve(seeded, "hkex", 2025, BEN, CLOCK)
    checklist.withdraw(seeded, "hkex", 2025, last.item.id, BEN, CLOCK)
    with pytest.raises(ChecklistOpenError) as refused:
        versions.publish(seeded, "hkex", 2025, BEN, CLOCK)
    assert [p.field for p in refused.value.problems] == [last.item.id]


def test_an_acknowledgement_is_in_the_audit_trail_and_its_withdrawal_too(
    seeded: Database,
) -> None:
    item = report_checklist(seeded, "hkex", 2025)[0].item.id
    done = checklist.acknowledge(seeded, "hkex", 2025, item, " Explained in 3.2 ", MIA, CLOCK)
    assert (done.item, done.reason, done.by, done.on) == (
        item,
        "Explained in 3.2",
        MIA.label,
        CLOCK.today(),
    )
    assert publishing_checklist.acknowledgements(seeded, "hkex", 2025) == (done,)
    checklist.withdraw(seeded, "hkex", 2025, item, BEN, CLOCK)
    assert publishing_checklist.acknowledgements(seeded, "hkex", 2025) == ()
    with seeded.transaction() as session:
        trail = session.scalars(
            select(AuditEntryRow).where(AuditEntryRow.table_name == "checklist_acknowledgement")
        ).all()
        assert [(e.action, e.actor) for e in trail] == [
            ("create", MIA.label),
            ("update", BEN.label),
        ]
        assert trail[0].after is not None
        assert trail[0].after["item"] == item
        assert trail[0].after["reason"] == "Explained in 3.2"
    with pytest.raises(NotFoundError):
        checklist.withdraw(seeded, "hkex", 2025, item, BEN, CLOCK)


def test_an_acknowledgement_names_an_item_of_the_checklist_and_says_why(
    seeded: Database,
) -> None:
    item = report_checklist(seeded, "hkex", 2025)[0].item.id
    with pytest.raises(InvalidInputError) as refused:
        checklist.acknowledge(seeded, "hkex", 2025, item, "   ", MIA, CLOCK)
    assert [p.field for p in refused.value.problems] == ["reason"]
    with pytest.raises(InvalidInputError) as refused:
        checklist.acknowledge(seeded, "hkex", 2025, "quality.nothing:here", "why", MIA, CLOCK)
    assert [p.field for p in refused.value.problems] == ["item"]
    assert publishing_checklist.acknowledgements(seeded, "hkex", 2025) == ()
