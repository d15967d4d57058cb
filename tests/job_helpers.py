"""Helpers of the background job tests: a database the workers share, workers, waiting.

Job workers run on their own connections, so these tests use a database of their own (a
SQLite file, committed for real) instead of the rolled-back test database.
"""

from __future__ import annotations

import signal
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

import redis
from huey.consumer import BaseProcess, Worker

from programme_builders import LOW, MEDIUM, audited, supplier
from supplyesg.db import migrate
from supplyesg.db.session import Database
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import background_jobs, esg_organisation
from supplyesg.services.background_jobs import Job
from supplyesg.worker.engine import JobQueue

REDIS_URL = "redis://127.0.0.1:6379/0"
WAIT_SECONDS = 60.0
NAP_SECONDS = 0.05


def shared_database(folder: Path) -> Database:
    """A migrated SQLite database in the folder: a group, two suppliers audited in 2026Q1."""
    database = Database.from_url(f"sqlite:///{folder / 'app.db'}")
    migrate.upgrade(database)
    supplier(database, "LOW")
    supplier(database, "MED")
    audited(database, date(2026, 1, 10), "LOW", **LOW)
    audited(database, date(2026, 2, 10), "MED", **MEDIUM)
    group = ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN")
    esg_organisation.save_entity(database, group)
    esg_organisation.add_financial_year(database, date(2026, 1, 1))
    return database


def unique_queue_name() -> str:
    """A queue name no other test run uses, so runs sharing one Redis never meet."""
    return f"supplyesg-test-{uuid.uuid4().hex[:12]}"


def redis_is_up() -> bool:
    """Whether the Redis of this machine answers on 127.0.0.1:6379."""
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _nap(process: BaseProcess, seconds: float) -> None:
    """Wait in short sleeps until the time is up or the consumer stops."""
    deadline = time.monotonic() + seconds
    while not process.stop_flag.is_set() and time.monotonic() < deadline:
        time.sleep(min(NAP_SECONDS, seconds))


def _worker_sleep(worker: Worker) -> None:
    worker.delay = min(worker.delay, worker.max_delay)
    _nap(worker, worker.delay)
    worker.delay *= worker.backoff


def _scheduler_sleep(scheduler: BaseProcess, seconds: float, start: float) -> None:
    _nap(scheduler, seconds - (time.monotonic() - start))


@contextmanager
def running_workers(queue: JobQueue, workers: int = 2) -> Iterator[None]:
    """Huey's consumer with thread workers while the block runs, stopped gracefully after.

    Its idle threads wait in short sleeps instead of a timed `Event.wait`: under libfaketime
    (the suite's clock-ahead run) a timed wait on a lock never wakes, so an idle worker would
    never look at the queue again. The consumer itself is Huey's, unchanged.
    """
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    with (
        mock.patch.object(Worker, "sleep", _worker_sleep),
        mock.patch.object(BaseProcess, "sleep_for_interval", _scheduler_sleep),
    ):
        consumer = queue.consumer(workers=workers, worker_type="thread")
        consumer.start()
        try:
            yield
        finally:
            consumer.stop(graceful=True)
            for number, handler in kept.items():
                signal.signal(number, handler)


def finished(database: Database, job_id: int) -> Job:
    """The job once it has finished (waiting for the workers, a minute at most)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        job = background_jobs.job(database, job_id)
        if job.is_finished or time.monotonic() > deadline:
            return job
        time.sleep(0.05)
