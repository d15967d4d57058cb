"""Latency of the supplier API over HTTP, on a registry of 100,000 suppliers (SQLite).

Loads the benchmark registry, starts the real server (uvicorn, 127.0.0.1, a free port) in a
child process, and times requests one after another over one keep-alive connection:

- the first page of GET /api/v1/suppliers?country=CN&tier=2        target p95 < 30 ms
- GET /api/v1/suppliers/{code}/customers for tier-3 suppliers      target p95 < 20 ms
  (the chain up to the first tier, with the links inside it)

Exits 1 when a target is missed.

    .venv/bin/python benchmarks/registry_http.py [--requests 300]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from registry_data import SEED, registry_rows
from results import database_url, migrated, print_table, save, scratch_folder, warn_if_busy

from supplyesg.domain.access import Role
from supplyesg.domain.supplier_rows import COLUMNS
from supplyesg.services import accounts, supplier_files
from supplyesg.services.tabular import Table

TARGET_P95_MS = {"list CN tier 2, first page": 30.0, "customers of a tier-3 supplier": 20.0}
WARM_UP = 20


def main() -> int:
    options = _options()
    with scratch_folder() as folder:
        url = database_url(folder, "http")
        print("Loading 100,000 suppliers and 150,000 links...")
        tier_three, token = _load(url)
        rng = random.Random(SEED)
        paths = {
            "list CN tier 2, first page": ["/api/v1/suppliers?country=CN&tier=2"]
            * options.requests,
            "customers of a tier-3 supplier": [
                f"/api/v1/suppliers/{code}/customers"
                for code in rng.sample(tier_three, options.requests)
            ],
        }
        with _server(url) as (port, pid):
            measured = {name: _timed(port, pid, token, wanted) for name, wanted in paths.items()}
    return _report(measured)


def _load(url: str) -> tuple[list[str], str]:
    """Import the registry; the tier-3 codes and an administrator's API token."""
    db = migrated(url)
    rows = registry_rows()
    table = Table(COLUMNS, iter(enumerate(rows, start=2)))
    supplier_files.import_table(db, table, "benchmark registry", "benchmark")
    admin = accounts.create_user(db, accounts.NewUser("bench@example.com", "Benchmark", Role.ADMIN))
    token = accounts.issue_token(db, admin.id, "benchmark", None, "benchmark").secret
    db.engine.dispose()
    return [row["code"] for row in rows if row["tier"] == "3"], token


@contextmanager
def _server(url: str) -> Iterator[tuple[int, int]]:
    """The app served by uvicorn in a child process, on a free port of 127.0.0.1."""
    port = _free_port()
    environment = {
        **os.environ,
        "SUPPLYESG_DATABASE_URL": url,
        "SUPPLYESG_JOBS_IN_PROCESS": "false",
    }
    command = [
        sys.executable, "-m", "uvicorn", "supplyesg.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=environment)
    try:
        _wait_until_listening(port, server)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_listening(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server stopped before it listened.")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("The server did not listen within 60 s.")


def _timed(port: int, pid: int, token: str, paths: list[str]) -> dict[str, float]:
    """p50 and p95 of the requests, in ms, after a warm-up; every answer must be a 200.

    Also the server's CPU time per request, which does not depend on how busy the machine is.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    for path in paths[:WARM_UP]:
        _get(connection, path, headers)
    elapsed = []
    cpu_before = _cpu_seconds(pid)
    for path in paths:
        started = time.perf_counter()
        _get(connection, path, headers)
        elapsed.append((time.perf_counter() - started) * 1000)
    cpu_ms = (_cpu_seconds(pid) - cpu_before) * 1000 / len(paths)
    connection.close()
    centiles = statistics.quantiles(elapsed, n=100, method="inclusive")
    return {
        "requests": len(elapsed),
        "p50_ms": round(statistics.median(elapsed), 1),
        "p95_ms": round(centiles[94], 1),
        "max_ms": round(max(elapsed), 1),
        "server_cpu_ms": round(cpu_ms, 1),
    }


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> None:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}: {body[:300]!r}")
    if not json.loads(body):
        raise SystemExit(f"GET {path} answered an empty document")


def _report(measured: dict[str, dict[str, float]]) -> int:
    table, missed = [], 0
    for name, result in measured.items():
        target = TARGET_P95_MS[name]
        ok = result["p95_ms"] < target
        missed += not ok
        table.append(
            [
                name,
                result["requests"],
                f"{result['p50_ms']} ms",
                f"{result['p95_ms']} ms (< {target:.0f})",
                f"{result['max_ms']} ms",
                f"{result['server_cpu_ms']} ms",
                "ok" if ok else "MISSED",
            ]
        )
    print()
    print_table(["request", "n", "p50", "p95", "max", "server cpu/request", ""], table)
    warn_if_busy()
    print(f"\nSaved to {save('registry_http', measured)}")
    return 1 if missed else 0


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per kind")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
