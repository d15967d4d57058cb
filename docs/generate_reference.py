"""Write docs/cli.md and docs/settings.md from the code: the Typer commands and the Settings.

Run after adding or changing a command or a setting:

    .venv/bin/python docs/generate_reference.py

tests/docs/test_docs.py fails while a command or setting is missing from these pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main

from supplyesg.cli import app
from supplyesg.config import Settings

DOCS = Path(__file__).resolve().parent

CLI_HEAD = """# Command-line reference

Every command of `supplyesg`. Each reads the settings (see [settings.md](settings.md)),
so `SUPPLYESG_DATABASE_URL` chooses the database. `supplyesg COMMAND --help` prints the same.
"""

SETTINGS_HEAD = """# Settings

Each setting is read from the environment variable `SUPPLYESG_<NAME>` or from a `.env` file
in the working directory.

| variable | default | meaning |
|---|---|---|
"""


def _first_paragraph(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ").strip()


def _parameters(command: Any) -> list[str]:
    rows = []
    for param in command.params:
        if param.name == "help" or getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            names = f"`{(param.metavar or param.name).upper()}`"
        else:
            names = ", ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts))
        meaning = _first_paragraph(getattr(param, "help", None))
        default = param.default
        shown = getattr(param, "show_default", False)
        if default not in (None, "", False) and shown and not callable(default):
            meaning += f" (default: {default})"
        rows.append(f"| {names} | {meaning.strip()} |")
    if not rows:
        return []
    return ["| argument or option | meaning |", "|---|---|", *rows, ""]


def _children(command: Any) -> dict[str, Any]:
    return {n: c for n, c in sorted(getattr(command, "commands", {}).items()) if not c.hidden}


def _leaves(group: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for name, child in _children(group).items():
        path = f"{prefix} {name}"
        if _children(child):
            yield from _leaves(child, path)
        else:
            yield path, child


def cli_reference() -> str:
    """The command-line reference page."""
    lines = [CLI_HEAD]
    for name, command in _children(typer.main.get_command(app)).items():
        path = f"supplyesg {name}"
        if _children(command):
            lines += [f"## `{path}` commands", "", _first_paragraph(command.help), ""]
            for leaf_path, leaf in _leaves(command, path):
                lines += [f"### `{leaf_path}`", "", _first_paragraph(leaf.help), ""]
                lines += _parameters(leaf)
        else:
            lines += [f"## `{path}`", "", _first_paragraph(command.help), ""]
            lines += _parameters(command)
    return "\n".join(lines).rstrip() + "\n"


def settings_reference() -> str:
    """The settings page."""
    rows = []
    for name, field in Settings.model_fields.items():
        rows.append(
            f"| `SUPPLYESG_{name.upper()}` | `{field.default}` | {field.description or ''} |"
        )
    return SETTINGS_HEAD + "\n".join(rows) + "\n"


if __name__ == "__main__":
    (DOCS / "cli.md").write_text(cli_reference(), encoding="utf-8")
    (DOCS / "settings.md").write_text(settings_reference(), encoding="utf-8")
    print("wrote docs/cli.md and docs/settings.md")
