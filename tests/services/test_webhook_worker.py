"""The job worker delivers webhooks: Huey's consumer on SQLite sends them on its periodic round,
and an immediate queue sends them when asked."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from huey import SqliteHuey

from job_helpers import running_workers, shared_database, unique_queue_name
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import suppliers, webhooks
from supplyesg.worker.engine import IMMEDIATE, JobQueue, huey_for
from webhook_receiver import Receiver, receiver

CLOCK = FixedClock.on(date(2026, 4, 15))
ACTOR = "esg@example.com"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = shared_database(tmp_path)
    yield database
    database.engine.dispose()


def received_within(hook: Receiver, count: int, seconds: float = 20.0) -> int:
    deadline = time.monotonic() + seconds
    while len(hook.received) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(hook.received)


def subscribe_and_suspend(database: Database, url: str) -> int:
    created = webhooks.create_subscription(
        database, url, ["supplier.status_changed"], ACTOR, clock=CLOCK
    )
    suppliers.change_status(
        database, "LOW", SupplierStatus.SUSPENDED, "strike", ACTOR, date(2026, 4, 14), CLOCK
    )
    return created.subscription.id


def test_the_consumer_sends_the_due_deliveries_on_its_periodic_round(
    database: Database, tmp_path: Path
) -> None:
    huey = SqliteHuey(unique_queue_name(), filename=str(tmp_path / "queue.db"), results=False)
    queue = JobQueue(huey, database, CLOCK)
    with receiver() as hook:
        subscription_id = subscribe_and_suspend(database, hook.url)
        with running_workers(queue, workers=1):
            assert received_within(hook, 1) == 1
    assert json.loads(hook.received[0].body)["supplier"] == "LOW"
    [logged] = webhooks.delivery_log(database, subscription_id)
    assert (logged.delivery.state, logged.delivery.status_code) == ("delivered", 200)


def test_an_immediate_queue_sends_webhooks_when_asked(database: Database) -> None:
    queue = JobQueue(huey_for(IMMEDIATE, unique_queue_name()), database, CLOCK)
    with receiver() as hook:
        subscribe_and_suspend(database, hook.url)
        queue.send_webhooks()
        assert len(hook.received) == 1
