"""`supplyesg demo [--if-empty]` and the demo supply base it loads."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.cli import demo as demo_cli
from supplyesg.config import get_settings
from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.services import demo, supply_chain
from supplyesg.services import suppliers as registry
from supplyesg.services.demo.registry import SEED, supply_base

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test database, in demo mode."""
    monkeypatch.setattr(demo_cli, "database", lambda: db)
    monkeypatch.setenv("SUPPLYESG_DEMO", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def supplier_count(db: Database) -> int:
    page = registry.list_suppliers(db, SupplierFilter(), limit=500)
    total = len(page.items)
    while page.next_after:
        page = registry.list_suppliers(db, SupplierFilter(), page.next_after, limit=500)
        total += len(page.items)
    return total


def test_demo_if_empty_loads_once_and_then_leaves_the_database_alone(db: Database) -> None:
    first = runner.invoke(app, ["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "Loaded the demo data." in first.stdout
    assert supplier_count(db) == 900
    second = runner.invoke(app, ["demo", "--if-empty"])
    assert second.exit_code == 0
    assert "already holds suppliers; the demo data was not loaded" in second.stdout
    assert supplier_count(db) == 900


def test_the_same_seed_gives_the_same_supply_base() -> None:
    assert supply_base(random.Random(SEED)) == supply_base(random.Random(SEED))
    assert supply_base(random.Random(SEED)) != supply_base(random.Random(SEED + 1))


def test_the_demo_supply_base_looks_like_a_truck_makers() -> None:
    rows = supply_base(random.Random(SEED))
    tiers = Counter(row["tier"] for row in rows)
    assert tiers == {"1": 300, "2": 400, "3": 200}
    countries = Counter(row["country"] for row in rows)
    assert countries.most_common(1)[0][0] == "CN"
    assert {"DE", "JP", "KR", "US", "IN", "TH", "MX"} <= set(countries)
    categories = {row["category"] for row in rows if row["tier"] == "1"}
    assert {
        "axles",
        "castings",
        "tyres",
        "wiring harnesses",
        "batteries",
        "logistics",
    } <= categories
    assert any(row["key_sub_supplier"] == "yes" for row in rows if row["tier"] != "1")
    assert {row["status"] for row in rows} == {
        "prospective",
        "active",
        "conditionally_accepted",
        "suspended",
        "terminated",
    }
    assert sum(row["currency"] != "CNY" for row in rows if row["tier"] == "1") >= 20
    subs = [row for row in rows if row["tier"] != "1"]
    assert all(row["supplies_to"] for row in subs)
    assert sum(";" in row["supplies_to"] for row in subs) >= 100  # a graph, not a tree


def test_every_sub_supplier_reaches_the_first_tier(db: Database) -> None:
    demo.load_demo(db)
    for code in ("SUP-0301", "SUP-0750", "SUP-0900"):
        chain = supply_chain.chain_of(db, code, towards_customers=True)
        assert any(member.supplier.tier == 1 for member in chain.members)
    assert not demo.is_empty(db)
