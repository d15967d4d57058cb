"""The HKEX report's workspace: the sections and guide items the company writes text for, the
placeholders that text may quote, and a preview of a section with the year's real figures.

The report knows its sections (data/report_templates/hkex/sections.yaml), its guide items and
its placeholders; the storing and the review rules are the workspace service's
(`services/report_workspace.py`) and the domain's (`domain/report_workspace.py`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ReportTextRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import NotFoundError, Problem, refuse_if
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.report_workspace import TextKind, TextState, filled, language_problems
from supplyesg.reports.document import Block
from supplyesg.reports.files import CONTENT_DIR, TEMPLATES_DIR
from supplyesg.reports.frameworks import framework
from supplyesg.reports.hkex.content import (
    build_hkex_report,
    placeholder_texts,
    read_explanations,
    read_statements,
)
from supplyesg.reports.hkex.gather import hkex_inputs
from supplyesg.reports.hkex.placeholders import placeholder_names
from supplyesg.reports.narrative import SectionPlan, load_plan, text_blocks
from supplyesg.reports.publish import app_content
from supplyesg.reports.words import words
from supplyesg.services import esg_catalogue
from supplyesg.services import report_workspace as service
from supplyesg.services.report_workspace import TextAddress, TextRules

REPORT = "hkex"


@cache
def section_plan() -> tuple[SectionPlan, ...]:
    """The report's sections, in reading order."""
    return load_plan(TEMPLATES_DIR / REPORT)


def section(key: str) -> SectionPlan | None:
    """The section filed under `key`, if the report has one."""
    return next((s for s in section_plan() if s.key == key), None)


def placeholders(db: Database) -> dict[str, str]:
    """Every placeholder the company's text may quote, with what it stands for."""
    catalogue = esg_catalogue.catalogue(db)
    codes = [m.code for m in catalogue.metrics] + [r.code for r in catalogue.ratios]
    return placeholder_names(codes)


def text_rules(db: Database) -> TextRules:
    """What the report takes: its section keys, its guide items and its placeholders."""
    keys = {
        TextKind.SECTION: [s.key for s in section_plan()],
        TextKind.OMISSION: [item.code for item in framework().items],
    }
    return TextRules(keys, placeholders(db))


@dataclass(frozen=True, slots=True)
class SectionText:
    """A section of the report and the company's text of it in a language, if written."""

    plan: SectionPlan
    row: ReportTextRow | None

    @property
    def key(self) -> str:
        """The section's key."""
        return self.plan.key

    @property
    def heading(self) -> str:
        """The section's number and title."""
        return " ".join(filter(None, (self.plan.number, self.plan.title)))

    @property
    def state(self) -> TextState | None:
        """Where the text stands (None: nothing written)."""
        return TextState(self.row.state) if self.row else None


def sections(db: Database, year: int, language: str = "en") -> list[SectionText]:
    """Every section of the report of a year, with the company's text where written."""
    refuse_if(language_problems(language), "The language is not one texts are written in.")
    rows = {
        r.key: r for r in service.texts_of(db, REPORT, year, language) if r.kind == TextKind.SECTION
    }
    return [SectionText(plan, rows.get(plan.key)) for plan in section_plan()]


def section_text(db: Database, year: int, key: str, language: str = "en") -> SectionText:
    """One section of the report of a year and its text in a language (404: no such section)."""
    plan = section(key)
    if plan is None:
        known = ", ".join(s.key for s in section_plan())
        raise NotFoundError(
            f"The HKEX report has no section {key!r}.",
            [Problem("section", f"must be one of {known}", key)],
        )
    refuse_if(language_problems(language), "The language is not one texts are written in.")
    return SectionText(plan, service.text_at(db, address(year, TextKind.SECTION, key, language)))


def reason_text(db: Database, year: int, item: str, language: str = "en") -> ReportTextRow | None:
    """The reason for omission of a guide item in a language, if written (404: no such item)."""
    if framework().item(item) is None:
        raise NotFoundError(
            f"The HKEX guide has no item {item!r}.", [Problem("item", "unknown", item)]
        )
    refuse_if(language_problems(language), "The language is not one texts are written in.")
    return service.text_at(db, address(year, TextKind.OMISSION, item, language))


def reasons(db: Database, year: int, language: str = "en") -> list[ReportTextRow]:
    """The reasons for omission written for the year, by guide item."""
    refuse_if(language_problems(language), "The language is not one texts are written in.")
    rows = service.texts_of(db, REPORT, year, language)
    return [r for r in rows if r.kind == TextKind.OMISSION]


def address(year: int, kind: TextKind, key: str, language: str = "en") -> TextAddress:
    """Where a text of the HKEX report is filed."""
    return TextAddress(REPORT, year, kind, key, language)


def write(
    db: Database,
    where: TextAddress,
    text: str,
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> ReportTextRow:
    """Write a section's text or a reason for omission, checked against the report's rules."""
    return service.write_text(db, where, text, actor, text_rules(db), clock)


def confirm(
    db: Database, where: TextAddress, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> ReportTextRow:
    """Confirm a text (not by its author)."""
    return service.confirm_text(db, where, actor, clock)


def open_year(
    db: Database, year: int, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> list[ReportTextRow]:
    """Start a year's text from last year's, each text to be reviewed."""
    return service.open_year(db, REPORT, year, actor, clock)


@dataclass(frozen=True, slots=True)
class Preview:
    """A section's text as the report would print it, and what the report would list about it."""

    blocks: tuple[Block, ...]
    problems: tuple[Problem, ...]


def preview(db: Database, year: int, key: str, text: str, language: str = "en") -> Preview:
    """The text with the year's real figures in its placeholders (in the words of `language`),
    and the problems the report would list for its section (a number no table shows, a
    placeholder without a figure)."""
    guide = framework()
    inputs = hkex_inputs(db, year, language=language)
    content = app_content(guide, language)
    values = placeholder_texts(inputs, words(language))
    trial = dataclasses.replace(inputs, statements={**inputs.statements, key: text})
    report = build_hkex_report(trial, content, guide)
    plan = next((s for s in content.plan if s.key == key), None)
    heading = " ".join(filter(None, (plan.number, plan.title))) if plan else key
    problems = tuple(p for p in report.problems if p.field == heading)
    return Preview(text_blocks(filled(text, values)), problems)


def load_company_files(
    db: Database,
    year: int,
    actor: Person | str,
    content: Path = CONTENT_DIR,
    clock: Clock = SYSTEM_CLOCK,
) -> Sequence[ReportTextRow]:
    """Load the company's text of data/report_content (statements.yaml, explanations.yaml)
    into the workspace of a year, as drafts: how the demo gets its text."""
    rules = text_rules(db)
    statements = read_statements(content / "statements.yaml", {s.key for s in section_plan()})
    omissions = read_explanations(content / "explanations.yaml")
    found = [(TextKind.SECTION, k, t) for k, t in statements.items()] + [
        (TextKind.OMISSION, k, t) for k, t in omissions.items()
    ]
    return [
        service.write_text(db, address(year, kind, key), text, actor, rules, clock)
        for kind, key, text in found
    ]
