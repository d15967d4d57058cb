"""Claims on a scheduled job's day: of processes claiming the same day at once, one wins.

These run on the real engine (not the rolled-back test connection) so that each claimant has
its own connection and transaction, as two web workers do; they remove their rows after.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, delete

from supplyesg.clock import FixedClock
from supplyesg.config import Settings
from supplyesg.db.models import JobDayClaimRow
from supplyesg.db.session import Database
from supplyesg.services import job_claims
from supplyesg.web import jobs

DAY = date(2026, 3, 2)


@pytest.fixture
def shared(engine: Engine) -> Iterator[Database]:
    database = Database(engine)
    yield database
    with database.transaction() as session:
        session.execute(delete(JobDayClaimRow).where(JobDayClaimRow.job.like("test %")))


def test_concurrent_claims_on_one_day_have_exactly_one_winner(shared: Database) -> None:
    claimants = 4
    start, won = threading.Barrier(claimants), [False] * claimants

    def claim(i: int) -> None:
        start.wait()
        won[i] = job_claims.claim_day(shared, "test daily", DAY, FixedClock.on(DAY), f"worker {i}")

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(claimants)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert won.count(True) == 1
    assert job_claims.claimed_by(shared, "test daily", DAY) == f"worker {won.index(True)}"


def test_a_claim_is_per_job_and_per_day(shared: Database) -> None:
    clock = FixedClock.on(DAY)
    assert job_claims.claim_day(shared, "test daily", DAY, clock, "a")
    assert not job_claims.claim_day(shared, "test daily", DAY, clock, "b")
    assert job_claims.claim_day(shared, "test daily", date(2026, 3, 3), clock, "b")
    assert job_claims.claim_day(shared, "test weekly", DAY, clock, "b")
    assert job_claims.claimed_by(shared, "test daily", DAY) == "a"


def test_the_scheduler_of_a_second_worker_leaves_a_claimed_day(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[date] = []
    monkeypatch.setattr(
        jobs, "run_once", lambda database, settings, clock: ran.append(clock.today()) or "ran"
    )
    settings = Settings(database_url=str(db.engine.url))
    first = jobs.run_claimed(db, settings, FixedClock.on(DAY))
    second = jobs.run_claimed(db, settings, FixedClock.on(DAY))
    assert ran == [DAY]
    assert (first, second) == ("ran", None)
    jobs.run_claimed(db, settings, FixedClock.on(date(2026, 3, 3)))
    assert ran == [DAY, date(2026, 3, 3)]
