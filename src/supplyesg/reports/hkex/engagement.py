"""Stakeholder engagement and materiality: the company's own content, kept as editable files.

data/report_content/stakeholders.yaml lists the stakeholder groups, how the company talks with
them and what they expect; data/report_content/materiality.yaml lists the topics assessed,
the guide aspects they touch and the priority the assessment gave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.reports.document import Cell, Column, Row, Table
from supplyesg.reports.narrative import Placed
from supplyesg.reports.words import EN, Words


class Priority(StrEnum):
    """What the materiality assessment made of a topic."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class StakeholderGroup:
    """A stakeholder group, the channels used to engage it and what it expects."""

    group: str
    channels: tuple[str, ...]
    expectations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MaterialTopic:
    """A topic of the materiality assessment."""

    topic: str
    aspects: tuple[str, ...]
    priority: Priority


def read_list(path: Path, key: str) -> list[dict[str, Any]]:
    """The list of mappings stored under `key` in a YAML file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInputError(
            f"The file {path.name} cannot be read.",
            [Problem(path.name, str(error).splitlines()[0])],
        ) from error
    entries = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InvalidInputError(
            f"The file {path.name} has no list of {key}.",
            [Problem(key, "must be a list of mappings")],
        )
    return entries


def load_stakeholders(path: Path) -> tuple[StakeholderGroup, ...]:
    """The stakeholder groups of the file."""
    groups, problems = [], []
    for row, entry in enumerate(read_list(path, "stakeholders"), start=1):
        if not str(entry.get("group") or "").strip():
            problems.append(Problem("group", "is required", None, row))
            continue
        groups.append(
            StakeholderGroup(
                str(entry["group"]),
                tuple(str(c) for c in entry.get("channels") or ()),
                tuple(str(e) for e in entry.get("expectations") or ()),
            )
        )
    if problems:
        raise InvalidInputError(f"The file {path.name} has faulty stakeholder groups.", problems)
    return tuple(groups)


def load_materiality(path: Path, aspects: set[str]) -> tuple[MaterialTopic, ...]:
    """The topics of the materiality assessment, each checked against the guide's aspects."""
    topics, problems = [], []
    for row, entry in enumerate(read_list(path, "topics"), start=1):
        codes = tuple(str(code) for code in entry.get("aspects") or ())
        problems += [
            Problem("aspects", "is not an aspect of the guide", code, row)
            for code in codes
            if code not in aspects
        ]
        try:
            priority = Priority(str(entry.get("priority")))
        except ValueError:
            problems.append(
                Problem("priority", "must be high, medium or low", entry.get("priority"), row)
            )
            continue
        if not str(entry.get("topic") or "").strip():
            problems.append(Problem("topic", "is required", None, row))
            continue
        topics.append(MaterialTopic(str(entry["topic"]), codes, priority))
    if problems:
        raise InvalidInputError(f"The file {path.name} has faulty topics.", problems)
    order = list(Priority)
    return tuple(sorted(topics, key=lambda t: order.index(t.priority)))


def stakeholder_table(groups: tuple[StakeholderGroup, ...], w: Words = EN) -> Placed:
    """Stakeholders, how they are engaged and what they expect."""
    join = "; ".join if w.english else "；".join
    rows = tuple(
        Row((Cell(g.group), Cell(join(g.channels)), Cell(join(g.expectations)))) for g in groups
    )
    columns = (
        Column(w("Stakeholders")),
        Column(w("How we engage them")),
        Column(w("What they expect")),
    )
    return Placed(Table("stakeholders", w("Stakeholder engagement"), columns, rows))


def materiality_table(
    topics: tuple[MaterialTopic, ...], titles: dict[str, str], w: Words = EN
) -> Placed:
    """The material topics by priority, with the guide aspects they belong to."""
    rows = tuple(
        Row(
            (
                Cell(t.topic),
                Cell(_aspects(t.aspects, titles, w)),
                Cell(w(t.priority.capitalize())),
            )
        )
        for t in topics
    )
    columns = (Column(w("Topic")), Column(w("Guide aspects")), Column(w("Priority")))
    return Placed(
        Table("materiality", w("Material topics"), columns, rows), ("MDR-REPORTING-PRINCIPLES",)
    )


def _aspects(codes: tuple[str, ...], titles: dict[str, str], w: Words) -> str:
    if w.english:
        return ", ".join(f"{code} {titles.get(code, '')}".strip() for code in codes)
    return "、".join(w.name(code, code) for code in codes)
