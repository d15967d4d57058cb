from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from supplyesg.db.audit_trail import AppendOnlyError, AuditEntryRow, acting_as, record_bulk
from supplyesg.db.repositories.audit_trail import TrailFilter
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import accounts, audit_trail, suppliers
from supplyesg.services.accounts import NewUser

PROFILE = SupplierProfile(
    code="SUP-9",
    legal_name="Axle Works",
    country="CN",
    category="axles",
    tier=1,
    annual_spend=Decimal("1250.50"),
)


def _create(db: Database) -> str:
    with acting_as("ana@example.com"):
        row = suppliers.create_supplier(db, PROFILE, "ana@example.com")
    return str(row.id)


def test_a_create_records_who_when_and_every_value(db: Database) -> None:
    key = _create(db)
    [entry] = audit_trail.history_of(db, "supplier", key)
    assert (entry.actor, entry.action, entry.label) == ("ana@example.com", "create", "SUP-9")
    assert entry.before is None
    assert entry.after is not None
    assert entry.after["legal_name"] == "Axle Works"
    assert entry.after["annual_spend"] == "1250.50"
    assert entry.at.tzinfo is not None


def test_an_update_records_only_what_changed_before_and_after(db: Database) -> None:
    key = _create(db)
    with acting_as("bo@example.com"):
        suppliers.update_supplier(db, "SUP-9", {"legal_name": "Axle Works Ltd"})
    latest = audit_trail.history_of(db, "supplier", key)[0]
    assert (latest.actor, latest.action) == ("bo@example.com", "update")
    before, after = dict(latest.before or {}), dict(latest.after or {})
    assert before.pop("updated_at") < after.pop("updated_at")
    assert before == {"legal_name": "Axle Works", "search_text": "sup-9 axle works  "}
    assert after == {"legal_name": "Axle Works Ltd", "search_text": "sup-9 axle works ltd  "}


def test_a_status_change_is_recorded_as_such(db: Database) -> None:
    key = _create(db)
    suppliers.change_status(db, "SUP-9", SupplierStatus.ACTIVE, "approved", "bo@example.com")
    latest = audit_trail.history_of(db, "supplier", key)[0]
    assert latest.action == "status_change"
    assert (latest.before or {})["status"] == "prospective"
    assert (latest.after or {})["status"] == "active"
    assert latest.actor == "system"  # nobody set an actor for this call


def test_a_delete_records_the_values_that_were_lost(db: Database) -> None:
    key = _create(db)
    suppliers.delete_supplier(db, "SUP-9")
    latest = audit_trail.history_of(db, "supplier", key)[0]
    assert latest.action == "delete"
    assert (latest.before or {})["code"] == "SUP-9"
    assert latest.after is None


def test_secrets_are_never_copied_into_the_trail(db: Database, fast_passwords: None) -> None:
    user = accounts.create_user(
        db, NewUser("ana@example.com", "Ana", Role.VIEWER, password="a long and quiet river")
    )
    issued = accounts.issue_token(db, user.id, "ERP", None, "root")
    everything = repr([(e.before, e.after) for e in audit_trail.search(db, TrailFilter()).items])
    assert "[redacted]" in everything
    assert "a long and quiet river" not in everything
    assert "$argon2" not in everything
    assert issued.secret not in everything
    assert issued.row.token_hash not in everything


def test_the_trail_cannot_be_changed_through_the_orm(db: Database) -> None:
    _create(db)
    with db.transaction() as session:
        entry = session.scalars(select(AuditEntryRow)).first()
        assert entry is not None
        entry.actor = "someone else"
        with pytest.raises(AppendOnlyError):
            session.flush()
        session.rollback()
    with db.transaction() as session:
        session.delete(session.scalars(select(AuditEntryRow)).first())
        with pytest.raises(AppendOnlyError):
            session.flush()
        session.rollback()


@pytest.mark.parametrize(
    "statement",
    [update(AuditEntryRow).values(actor="someone else"), delete(AuditEntryRow)],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_the_trail(db: Database, statement: object) -> None:
    _create(db)
    with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
        session.execute(statement)  # type: ignore[call-overload]


def test_a_bulk_import_records_one_summary_entry(db: Database) -> None:
    with acting_as("importer@example.com"), db.transaction() as session:
        record_bulk(session, "supplier", 1200, {"file": "suppliers.xlsx", "created": 1100})
    [entry] = audit_trail.search(db, TrailFilter(table_name="supplier")).items
    assert (entry.action, entry.record_key, entry.actor) == (
        "bulk_import",
        "*",
        "importer@example.com",
    )
    assert entry.after == {"rows": 1200, "file": "suppliers.xlsx", "created": 1100}


def test_the_search_filters_and_pages_newest_first(db: Database) -> None:
    for number in range(5):
        with acting_as(f"user{number % 2}@example.com"):
            suppliers.create_supplier(
                db, SupplierProfile(f"S-{number}", "X", "CN", "axles", 1), "x"
            )
    where = TrailFilter(table_name="supplier", actor="user0@example.com")
    first = audit_trail.search(db, where, limit=2)
    assert [e.label for e in first.items] == ["S-4", "S-2"]
    assert first.next_before is not None
    second = audit_trail.search(db, where, before_id=first.next_before, limit=2)
    assert [e.label for e in second.items] == ["S-0"]
    assert second.next_before is None
    assert [e.label for e in audit_trail.search(db, TrailFilter(text="s-3")).items] == ["S-3"]
