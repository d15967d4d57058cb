"""Every command of the `supplyesg` CLI and every setting is documented."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from supplyesg.cli import app
from supplyesg.config import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def command_paths(command: Any, prefix: tuple[str, ...]) -> Iterator[str]:
    """Every leaf command as it is typed, e.g. 'supplyesg suppliers import'."""
    children = getattr(command, "commands", None)
    if not children:
        yield " ".join(prefix)
        return
    for name, child in sorted(children.items()):
        yield from command_paths(child, (*prefix, name))


COMMANDS = sorted(command_paths(typer.main.get_command(app), ("supplyesg",)))


def test_the_cli_has_commands() -> None:
    assert "supplyesg suppliers import" in COMMANDS
    assert "supplyesg serve" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_cli_command_is_in_the_cli_reference(command: str) -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ `{re.escape(command)}`", reference, re.MULTILINE), (
        f"docs/cli.md has no heading for `{command}`"
    )


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_in_the_settings_reference(name: str) -> None:
    reference = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert f"`SUPPLYESG_{name.upper()}`" in reference, (
        f"docs/settings.md lacks SUPPLYESG_{name.upper()}"
    )
