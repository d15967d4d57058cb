"""What every benchmark shares: its database, its timing, and recording its results.

- the database: a fresh, migrated SQLite file in a temporary folder, or the database given by
  `--database-url` (migrated; each script empties the tables it fills);
- the timing: wall time, CPU time and peak memory of the work, measured in this process or in
  a child process (a fresh interpreter, so that the memory is the work's alone);
- the results: a plain table on screen, JSON in benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, insert, text
from sqlalchemy.orm import Session

from supplyesg.db import migrate
from supplyesg.db.session import Database

RESULTS = Path(__file__).resolve().parent / "results"
CHUNK = 10_000
"""Rows per bulk insert."""
T = TypeVar("T")


# -- the database ----------------------------------------------------------------------------


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder for the generated files and the SQLite database, removed after."""
    with tempfile.TemporaryDirectory(prefix="supplyesg-bench-") as folder:
        yield Path(folder)


def database_url(folder: Path, name: str, given: str = "") -> str:
    """The database given (e.g. PostgreSQL by --database-url), else a new SQLite file."""
    return given or f"sqlite:///{folder / f'{name}.db'}"


def migrated(url: str) -> Database:
    """The database at the URL, migrated to the latest revision."""
    db = Database.from_url(url)
    migrate.upgrade(db)
    return db


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """The --database-url option of the benchmarks that also run on PostgreSQL."""
    parser.add_argument("--database-url", default="", help="Default: a temporary SQLite file")


def empty(session: Session, models: Iterable[Any]) -> None:
    """Delete every row of the tables, in the order given (children before parents)."""
    for model in models:
        session.execute(delete(model.__table__))


def bulk_insert(session: Session, model: Any, rows: Iterable[Mapping[str, Any]]) -> None:
    """Write generated rows with Core inserts of CHUNK rows at a time."""
    chunk: list[Mapping[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            session.execute(insert(model.__table__), chunk)
            chunk = []
    if chunk:
        session.execute(insert(model.__table__), chunk)


def analyze(db: Database) -> None:
    """On PostgreSQL, gather the planner's statistics as autovacuum would after a bulk load."""
    if db.dialect == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


# -- timing ----------------------------------------------------------------------------------


def peak_mb() -> float:
    """The peak resident set of this process so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measured_here(work: Callable[[], T]) -> tuple[T, dict[str, float]]:
    """The result of the work, and its wall and CPU seconds and this process's peak memory."""
    cpu_before, started = time.process_time(), time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    return result, {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(time.process_time() - cpu_before, 2),
        "peak_mb": peak_mb(),
    }


def timed(runs: int, work: Callable[[], T]) -> tuple[list[float], list[float], T]:
    """Wall and CPU seconds (this process) of `runs` calls, one at least; the last result."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(max(runs, 1)):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return wall, cpu, result


def add_child_option(parser: argparse.ArgumentParser) -> None:
    """The hidden --child FILE DATABASE_URL option a script passes to its own child process."""
    parser.add_argument(
        "--child", nargs=2, metavar=("FILE", "DATABASE_URL"), help=argparse.SUPPRESS
    )


def send_to_parent(measured: Mapping[str, object]) -> int:
    """In the child: hand the measurements to the parent (the last line of the output)."""
    print(json.dumps(measured))
    return 0


def measured_in_child(script: str, *arguments: str) -> dict[str, object]:
    """Run a benchmark script again in a fresh interpreter; the measurements it sends back."""
    done = subprocess.run(
        [sys.executable, script, *arguments], check=False, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{Path(script).name} failed in its child process:\n{done.stderr}")
    measured: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


@dataclass(frozen=True, slots=True)
class ChildRun:
    """A command run in a child process: its wall and CPU seconds, peak memory and output."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    output: str


def run_timed(command: Sequence[str], environment: Mapping[str, str]) -> ChildRun:
    """Run a command as a user would (start-up included); exits if the command fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        list(command), env=dict(environment), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak = max(after.ru_maxrss, before.ru_maxrss) / 1024
    return ChildRun(seconds, cpu, peak, done.stdout)


# -- results ---------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    """Where the numbers were measured, including how busy the machine was."""
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def warn_if_busy() -> None:
    """Say so when other work competes for the CPUs: wall times then say little about the code."""
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus:
        print(
            f"\nNote: the machine is busy (load average {load:.1f} on {cpus} CPUs), so wall times"
            " are inflated; the CPU times show the cost of the work itself."
        )


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain aligned table."""
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


def save(name: str, measured: object) -> Path:
    """Write the measurements of one benchmark to results/<name>.json."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    document = {
        "measured_at": datetime.now(UTC).isoformat(),
        "machine": machine(),
        "results": measured,
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
