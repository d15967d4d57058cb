"""`supplyesg serve --workers N`: gunicorn's master over N uvicorn workers on one port.

A real server in a child process on a free loopback port, over a temporary SQLite database:
every answer comes from a worker that holds nothing of its own (the API token, like a login
session, is read from the database by whichever worker takes the request).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from supplyesg.db import migrate
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser

STARTUP_LIMIT_S = 180.0
"""How long to wait for the workers to boot on a loaded machine (a deadline, not a timing)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _status(port: int, path: str, token: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "GET", path, headers={"Authorization": f"Bearer {token}"} if token else {}
        )
        return connection.getresponse().status
    finally:
        connection.close()


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped while starting"
        try:
            if _status(port, "/login") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("the workers did not start")


def test_two_workers_serve_pages_and_the_api_from_the_database_alone(
    tmp_path: Path, fast_passwords: None
) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    database = Database.from_url(url)
    migrate.upgrade(database)
    user = accounts.create_user(database, NewUser("ops@test.invalid", "Ops", Role.ADMIN, None))
    token = accounts.issue_token(database, user.id, "workers test", None, "tests").secret
    database.engine.dispose()
    port, log = _free_port(), tmp_path / "server.log"
    env = {**os.environ, "SUPPLYESG_DATABASE_URL": url, "SUPPLYESG_DEMO": "false"}
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "supplyesg"),
                "serve",
                "--workers",
                "2",
                "--port",
                str(port),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,
        )
        try:
            _wait_until_up(port, server)
            pages = [_status(port, "/login") for _ in range(10)]
            api = [_status(port, "/api/v1/suppliers", token) for _ in range(10)]
            refused = _status(port, "/api/v1/suppliers")
        finally:
            server.send_signal(signal.SIGTERM)
            stopped = server.wait(timeout=60)
    assert pages == [200] * 10
    assert api == [200] * 10
    assert refused == 401
    assert stopped == 0
    text = log.read_text(encoding="utf-8")
    assert text.count("Booting worker with pid") == 2
    assert "uvicorn_worker.UvicornWorker" in text
