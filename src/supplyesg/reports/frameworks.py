"""Reading reporting frameworks from their data files (data/frameworks/*.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from supplyesg.domain.errors import InvalidInputError, Problem, refuse_if
from supplyesg.domain.frameworks import (
    Area,
    Aspect,
    DisclosureItem,
    Framework,
    ItemKind,
    Level,
    framework_problems,
)
from supplyesg.reports.files import DATA_DIR

FRAMEWORKS_DIR = DATA_DIR / "frameworks"
HKEX = "hkex_2020"


@cache
def framework(name: str = HKEX) -> Framework:
    """The framework stored as data/frameworks/<name>.yaml (read once per process)."""
    return load_framework(FRAMEWORKS_DIR / f"{name}.yaml")


def load_framework(path: Path) -> Framework:
    """A framework read from a YAML file; every fault is reported with where it is."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInputError(
            f"The framework file {path.name} cannot be read.",
            [Problem("file", str(error).splitlines()[0], path.name)],
        ) from error
    if not isinstance(raw, dict):
        raise InvalidInputError(
            f"The framework file {path.name} is not a mapping.", [Problem("file", "not a mapping")]
        )
    problems: list[Problem] = []
    items = tuple(_item(entry, n, problems) for n, entry in enumerate(raw.get("items") or [], 1))
    refuse_if(problems, f"The framework file {path.name} has faulty items.")
    loaded = Framework(
        code=str(raw.get("code", path.stem)),
        title=str(raw.get("title", "")),
        wording=str(raw.get("wording", "")).strip(),
        areas=tuple(Area(str(a["code"]), str(a["title"])) for a in raw.get("areas") or []),
        aspects=tuple(
            Aspect(str(a["code"]), str(a["area"]), str(a["title"]))
            for a in raw.get("aspects") or []
        ),
        items=items,
    )
    refuse_if(framework_problems(loaded), f"The framework file {path.name} is inconsistent.")
    return loaded


def _item(entry: Any, row: int, problems: list[Problem]) -> DisclosureItem:
    if not isinstance(entry, dict):
        problems.append(Problem("items", "must be a mapping", entry, row))
        return _placeholder()
    try:
        return DisclosureItem(
            code=str(entry["code"]),
            aspect=str(entry["aspect"]),
            kind=ItemKind(entry["kind"]),
            level=Level(entry["level"]),
            title=str(entry["title"]),
            summary=" ".join(str(entry["summary"]).split()),
            quantitative=bool(entry.get("quantitative", False)),
            unit=str(entry["unit"]) if entry.get("unit") is not None else None,
            breakdowns=tuple(str(b) for b in entry.get("breakdowns") or ()),
        )
    except KeyError as missing:
        problems.append(Problem(f"items.{missing.args[0]}", "is required", entry.get("code"), row))
    except ValueError as error:
        problems.append(Problem("items", str(error), entry.get("code"), row))
    return _placeholder()


def _placeholder() -> DisclosureItem:
    return DisclosureItem("", "", ItemKind.KPI, Level.RECOMMENDED, "", "")
