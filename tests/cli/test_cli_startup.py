"""The `supplyesg` command starts without loading what only its commands need.

Command modules import their services inside the commands; these tests run a fresh
interpreter and look at what it imported (what is in `sys.modules`), not at how long it took:
timings belong to benchmarks/cli_startup.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from supplyesg.cli import esg_data as esg_data_cli
from supplyesg.cli import esg_requests as esg_requests_cli
from supplyesg.services import esg_requests, ghg

HEAVY = ("sqlalchemy", "pint", "weasyprint", "matplotlib", "alembic", "fastapi")
LAYERS = ("supplyesg.services", "supplyesg.db", "supplyesg.web", "supplyesg.config")

LOADED_AFTER = """
import json, sys
from supplyesg.cli import app
arguments = json.loads(sys.argv[1])
if arguments is not None:
    try:
        app(arguments, prog_name="supplyesg")
    except SystemExit as done:
        assert done.code in (0, None), done.code
watched = json.loads(sys.argv[2])
print(json.dumps(sorted(name for name in watched if name in sys.modules)), file=sys.stderr)
"""


def loaded_after(arguments: list[str] | None) -> list[str]:
    """Which of the heavy libraries and inner layers a fresh `supplyesg ARGUMENTS` imported."""
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER, json.dumps(arguments), json.dumps(HEAVY + LAYERS)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SUPPLYESG_DATABASE_URL": "sqlite:///:memory:"},
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return loaded


def test_importing_the_command_loads_no_heavy_library_nor_the_services() -> None:
    assert loaded_after(None) == []


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["users", "--help"], ["data", "requests", "--help"], ["report", "hkex", "--help"]],
)
def test_asking_for_help_loads_no_heavy_library_nor_the_services(arguments: list[str]) -> None:
    assert loaded_after(arguments) == []


def test_defaults_written_in_the_commands_are_those_of_the_services() -> None:
    assert esg_data_cli.DEFAULT_GWP == ghg.DEFAULT_GWP
    assert esg_requests_cli.MAX_ROWS == esg_requests.MAX_PAGE
