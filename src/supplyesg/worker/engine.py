"""The queue engine: Huey, on a SQLite file by default, on Redis in production.

The queue carries one kind of message, "run job N": what the job is, how far it got and what
came of it live in the application database (`services.background_jobs`), so the queue can be
flushed or moved without losing a job's record, and a job outlives the web server that asked
for it. `SUPPLYESG_QUEUE_URL` chooses the store:

- empty (the default): a SQLite file beside the SQLite database (`supplyesg-queue.db` beside
  `supplyesg.db`), so one machine needs no other service;
- `sqlite:///path/to/queue.db`: that file;
- `redis://host:6379/0`: Redis, which workers on several machines share;
- `immediate`: no queue; each job runs at once in the process that asks for it (tests, or a
  small installation with no worker).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from redis.exceptions import RedisError

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.config import Settings
from supplyesg.database_url import sqlite_file
from supplyesg.db.session import Database
from supplyesg.domain.background_jobs import JobKind, QueueUnavailableError
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.services import background_jobs, webhooks
from supplyesg.services.background_jobs import Job
from supplyesg.worker import kinds

log = logging.getLogger(__name__)

IMMEDIATE = "immediate"
QUEUE_FILE_SUFFIX = "-queue.db"
DEFAULT_QUEUE_FILE = "supplyesg-queue.db"
TASK_NAME = "supplyesg.run_job"
WEBHOOKS_TASK_NAME = "supplyesg.send_webhooks"
WORKER_TYPES = ("thread", "process")
MAX_POLL_SECONDS = 1.0
"""Longest an idle worker waits before looking at the queue again (Huey backs off to it)."""
QUEUE_DOWN = "The job queue cannot be reached, so the job was not queued; ask again later."


def queue_url(settings: Settings) -> str:
    """The queue's store: the setting, else a SQLite file beside a SQLite database."""
    if settings.queue_url:
        return settings.queue_url
    database_file = sqlite_file(settings.database_url)
    if database_file is None:
        return f"sqlite:///{Path(DEFAULT_QUEUE_FILE).absolute()}"
    return f"sqlite:///{database_file.with_name(database_file.stem + QUEUE_FILE_SUFFIX)}"


def huey_for(url: str, name: str) -> Huey:
    """A Huey instance on the store the URL names (results stay in the application database)."""
    if url == IMMEDIATE:
        return MemoryHuey(name, results=False, immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    queue_file = sqlite_file(url)
    if queue_file is not None:
        queue_file.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(queue_file), results=False)
    raise InvalidInputError(
        "The job queue's address is not one supplyesg knows.",
        [Problem("queue_url", "must be sqlite:///FILE, redis://HOST:PORT/DB or immediate", url)],
    )


class JobQueue:
    """Jobs on a Huey queue over the application database: submit them, consume them."""

    def __init__(self, huey: Huey, database: Database, clock: Clock = SYSTEM_CLOCK) -> None:
        self.huey = huey
        self.database = database
        self.clock = clock
        self._run = huey.task(name=TASK_NAME)(self._run_job)
        # Every minute the worker turns new business events into webhook deliveries and sends
        # those whose time has come (their retries wait whole minutes, doubling to an hour).
        self._webhooks = huey.periodic_task(crontab(), name=WEBHOOKS_TASK_NAME)(self._send_webhooks)
        huey.on_startup(name="supplyesg.fresh_connections")(self._fresh_connections)

    @classmethod
    def configured(
        cls, settings: Settings, database: Database, clock: Clock = SYSTEM_CLOCK
    ) -> JobQueue:
        """The queue the settings name, over the database."""
        return cls(huey_for(queue_url(settings), settings.queue_name), database, clock)

    @property
    def is_immediate(self) -> bool:
        """Whether jobs run at once in the process that submits them."""
        return bool(self.huey.immediate)

    def submit(
        self,
        kind: JobKind,
        parameters: Mapping[str, Any],
        created_by: str,
        created_by_user_id: int | None = None,
    ) -> Job:
        """Record a job and queue it; in immediate mode it has run when this returns."""
        job = background_jobs.create_job(
            self.database, kind, parameters, created_by, created_by_user_id, self.clock
        )
        try:
            self._run(job.id)
        except (RedisError, sqlite3.Error, OSError) as error:
            background_jobs.fail_job(self.database, job.id, QUEUE_DOWN, self.clock)
            raise QueueUnavailableError(
                QUEUE_DOWN, [Problem("queue", type(error).__name__, str(error)[:200])]
            ) from error
        return background_jobs.job(self.database, job.id)

    def consumer(self, workers: int = 1, worker_type: str = "thread") -> Consumer:
        """A Huey consumer running `workers` job workers (threads or processes)."""
        consumer: Consumer = self.huey.create_consumer(
            workers=workers,
            worker_type=worker_type,
            periodic=True,
            check_worker_health=True,
            max_delay=MAX_POLL_SECONDS,
        )
        return consumer

    def send_webhooks(self) -> None:
        """Queue a round of webhook deliveries now (in immediate mode it has run on return)."""
        self._webhooks()

    def pending(self) -> int:
        """How many job messages wait in the queue."""
        return int(self.huey.pending_count())

    def flush(self) -> None:
        """Empty the queue's store (its waiting messages), as tests and maintenance do."""
        self.huey.flush()

    def _run_job(self, job_id: int) -> None:
        kinds.run_job(self.database, job_id, self.clock)

    def _send_webhooks(self) -> None:
        sent = webhooks.run(self.database, self.clock)
        if sent:
            log.info("webhooks: %s attempts made", sent)

    def _fresh_connections(self) -> None:
        # A process worker is forked from the consumer: it must not use the parent's
        # pooled connections (SQLAlchemy's advice for forked processes).
        self.database.engine.dispose(close=False)
