"""Narrative sections from editable text templates (data/report_templates/<report>/).

A report's `sections.yaml` lists its sections in order: number, title, the template that
writes it and the framework items it sets out to answer. A template is Jinja2 text that only
receives figures from the content model; its output is split into blocks at blank lines. A
block written `[table key]` or `[chart key]` places a table or chart the report built, a
block whose lines all start with "- " is a bullet list, anything else is a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.reports.document import Block, Bullets, Chart, Figure, Paragraph, Section, Table

_PLACE = re.compile(r"^\[(table|chart)\s+([\w.-]+)\]$")


@dataclass(frozen=True, slots=True)
class SectionPlan:
    """A section as `sections.yaml` describes it."""

    number: str
    title: str
    template: str
    answers: tuple[str, ...] = ()
    generated: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The name the company's own text for the section is filed under (the template's stem)."""
        return self.template.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Placed:
    """A table or chart a report built, and the framework items its figures answer."""

    block: Table | Chart | None
    answers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Written:
    """A rendered section and every item it answers (its own and those of its tables)."""

    section: Section
    answers: tuple[str, ...]


def load_plan(folder: Path) -> tuple[SectionPlan, ...]:
    """The sections of a report, from <folder>/sections.yaml."""
    path = folder / "sections.yaml"
    raw = _read_yaml(path)
    entries = raw.get("sections") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise InvalidInputError(
            f"{path.name} must hold a list of sections.", [Problem("sections", "is required")]
        )
    plans, problems = [], []
    for row, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("template"):
            problems.append(Problem("sections", "needs a title and a template", entry, row))
            continue
        plans.append(
            SectionPlan(
                number=str(entry.get("number") or ""),
                title=str(entry["title"]),
                template=str(entry["template"]),
                answers=tuple(str(code) for code in entry.get("answers") or ()),
                generated=tuple(str(code) for code in entry.get("generated") or ()),
            )
        )
    if problems:
        raise InvalidInputError(f"{path.name} has faulty sections.", problems)
    return tuple(plans)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInputError(
            f"The file {path.name} cannot be read.",
            [Problem(path.name, str(error).splitlines()[0])],
        ) from error


def environment(folder: Path) -> SandboxedEnvironment:
    """A sandboxed Jinja2 environment over a report's templates (plain text, strict names).

    Block tags are not trimmed: a line holding only a tag reads as a blank line, so it never
    glues two paragraphs together; bullets split by such lines still make one list.
    """
    templates = SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    templates.filters["noun"] = noun
    return templates


def noun(figure: Figure, singular: str, plural: str = "") -> str:
    """A count with its noun: '1 supplier', '3 suppliers' (the `noun` filter of templates)."""
    word = singular if figure.shown == 1 else plural or f"{singular}s"
    return f"{figure.text} {word}"


def write_section(
    plan: SectionPlan,
    templates: SandboxedEnvironment,
    context: Mapping[str, Any],
    placed: Mapping[str, Placed],
    statement: str | None = None,
    figure_items: Collection[str] = (),
) -> Written:
    """The section a plan describes, written from its template and the report's figures.

    `statement` is the company's own text for the section, placed before the template's
    figures; None when the report takes no company text. A section whose company text is
    empty claims only the items its figures or generated content answer (`figure_items`,
    `plan.generated`): nothing unwritten is presented as an answer.
    """
    text = _render(plan, templates, context)
    blocks: list[Block] = []
    answers = [*plan.generated, *_claimed(plan, statement, figure_items)]
    blocks.extend(text_blocks(statement or ""))
    for chunk in _chunks(text):
        mark = _PLACE.match(chunk[0])
        if mark is None:
            _add_text(blocks, chunk)
            continue
        item = _placed(plan, mark.group(1), mark.group(2), placed)
        if item.block is not None:
            blocks.append(item.block)
            answers.extend(item.answers)
    return Written(Section(plan.number, plan.title, tuple(blocks)), tuple(dict.fromkeys(answers)))


def text_blocks(text: str) -> tuple[Block, ...]:
    """A company's text as the report prints it: paragraphs and bullet lists."""
    blocks: list[Block] = []
    for chunk in _chunks(text):
        _add_text(blocks, chunk)
    return tuple(blocks)


def _claimed(
    plan: SectionPlan, statement: str | None, figure_items: Collection[str]
) -> tuple[str, ...]:
    if statement is None or statement.strip():
        return plan.answers
    return tuple(code for code in plan.answers if code in figure_items)


def _chunks(text: str) -> list[list[str]]:
    """The text's blocks as lists of lines: split at blank lines, a placement stands alone."""
    chunks: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _PLACE.match(line):
            chunks.append([line] if line else [])
            chunks.append([])
        else:
            chunks[-1].append(line)
    return [chunk for chunk in chunks if chunk]


def _add_text(blocks: list[Block], lines: list[str]) -> None:
    """Add a chunk of text: runs of "- " lines are bullets (continuing a list just above)."""
    start = 0
    for end in range(1, len(lines) + 1):
        if end < len(lines) and lines[end].startswith("- ") == lines[start].startswith("- "):
            continue
        run = lines[start:end]
        if run[0].startswith("- "):
            items = tuple(line[2:].strip() for line in run)
            previous = blocks[-1] if blocks else None
            if isinstance(previous, Bullets):
                blocks[-1] = Bullets(previous.items + items)
            else:
                blocks.append(Bullets(items))
        else:
            blocks.append(Paragraph(" ".join(run)))
        start = end


def _render(plan: SectionPlan, templates: SandboxedEnvironment, context: Mapping[str, Any]) -> str:
    try:
        return templates.get_template(plan.template).render(context)
    except TemplateSyntaxError as error:
        where = f"{plan.template}, line {error.lineno}"
        raise InvalidInputError(
            f"The report template {plan.template} has a syntax error.",
            [Problem(where, error.message or "syntax error")],
        ) from error
    except TemplateError as error:
        raise InvalidInputError(
            f"The report template {plan.template} cannot be written.",
            [Problem(plan.template, str(error))],
        ) from error


def _placed(plan: SectionPlan, kind: str, key: str, placed: Mapping[str, Placed]) -> Placed:
    item = placed.get(key)
    expected = Table if kind == "table" else Chart
    if item is None or (item.block is not None and not isinstance(item.block, expected)):
        known = ", ".join(
            k for k, v in placed.items() if v.block is None or isinstance(v.block, expected)
        )
        raise InvalidInputError(
            f"The report template {plan.template} places an unknown {kind}.",
            [Problem(plan.template, f"there is no {kind} {key!r} (known: {known})", key)],
        )
    return item
