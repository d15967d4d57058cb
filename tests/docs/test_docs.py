"""Every command of the `supplyesg` CLI and every setting is documented."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer.main

from supplyesg.cli import app
from supplyesg.config import Settings
from supplyesg.services.policy_files import shipped_editions

DOCS = Path(__file__).resolve().parents[2] / "docs"
GENERATOR = DOCS / "generate_reference.py"


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


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_reference", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["cli.md", "settings.md"])
def test_the_reference_pages_are_what_the_code_says(page: str) -> None:
    generator = _generator()
    expected = {"cli.md": generator.cli_reference, "settings.md": generator.settings_reference}
    written = (DOCS / page).read_text(encoding="utf-8")
    assert written == expected[page](), (
        f"docs/{page} is out of date: run .venv/bin/python docs/generate_reference.py"
    )


@pytest.mark.parametrize(
    "setting",
    [
        "amfori_bsci_rating_risk",
        "rba_vap_score_risk",
        "ecovadis_score_risk",
        "certificate_risk",
        "external_finding_risk",
    ],
)
def test_the_programme_page_shows_the_shipped_external_audit_tables(setting: str) -> None:
    [shipped] = [p for p in shipped_editions() if p.version == "2026-01"]
    page = (DOCS / "supplier-programme.md").read_text(encoding="utf-8")
    assert f"| `{setting}` | `{getattr(shipped, setting)}` |" in page
