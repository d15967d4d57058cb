"""The HKEX ESG report of a year as a pure content model, built from the services' figures.

Figures are made once (`figures.py`); the tables (`tables.py`) and the narrative templates both
read those same objects, so text and tables cannot disagree, and a final check proves it. The
content index is computed from what the written sections and their tables actually answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.frameworks import (
    Framework,
    IndexEntry,
    content_index,
    content_index_problems,
)
from supplyesg.domain.publishing_checklist import CheckedItem, checklist
from supplyesg.domain.report_workspace import filled, placeholders_in
from supplyesg.reports.consistency import consistency_problems
from supplyesg.reports.content_index import index_table
from supplyesg.reports.document import Document, Section, Table, summarised
from supplyesg.reports.files import CONTENT_DIR, TEMPLATES_DIR
from supplyesg.reports.hkex import engagement, tables
from supplyesg.reports.hkex.checklist import appendix, content_items, data_items
from supplyesg.reports.hkex.engagement import MaterialTopic, Priority, StakeholderGroup
from supplyesg.reports.hkex.figures import HkexFigures, LineFigures, hkex_figures
from supplyesg.reports.hkex.inputs import HkexInputs
from supplyesg.reports.hkex.placeholders import placeholder_values
from supplyesg.reports.narrative import (
    Placed,
    SectionPlan,
    Written,
    environment,
    load_plan,
    write_section,
)

TITLE = "Environmental, Social and Governance Report"
INDEX_KEY = "content-index"
_INDEX_PENDING = Table(INDEX_KEY, "Content index", (), ())


@dataclass(frozen=True, slots=True)
class HkexContent:
    """The editable content of the report: section plan, templates, engagement, explanations."""

    plan: tuple[SectionPlan, ...]
    templates: SandboxedEnvironment
    stakeholders: tuple[StakeholderGroup, ...]
    topics: tuple[MaterialTopic, ...]
    explanations: Mapping[str, str]
    statements: Mapping[str, str] = field(default_factory=dict)


def load_hkex_content(
    framework: Framework, templates: Path | None = None, content: Path | None = None
) -> HkexContent:
    """The report's editable files (data/report_templates/hkex and data/report_content)."""
    templates = templates or TEMPLATES_DIR / "hkex"
    content = content or CONTENT_DIR
    aspects = {aspect.code for aspect in framework.aspects}
    plan = load_plan(templates)
    return HkexContent(
        plan=plan,
        templates=environment(templates),
        stakeholders=engagement.load_stakeholders(content / "stakeholders.yaml"),
        topics=engagement.load_materiality(content / "materiality.yaml", aspects),
        explanations=read_explanations(content / "explanations.yaml"),
        statements=read_statements(content / "statements.yaml", {p.key for p in plan}),
    )


def read_statements(path: Path, sections: set[str]) -> dict[str, str]:
    """The company's own text of each section (none when the file is absent)."""
    if not path.exists():
        return {}
    found, problems = {}, []
    for row, entry in enumerate(engagement.read_list(path, "statements"), start=1):
        key, text = str(entry.get("section") or ""), str(entry.get("text") or "").strip()
        if key not in sections or not text:
            reason = f"needs a section (one of {', '.join(sorted(sections))}) and a text"
            problems.append(Problem("statements", reason, key or None, row))
        found[key] = text
    if problems:
        raise InvalidInputError(f"The file {path.name} has faulty statements.", problems)
    return found


def read_explanations(path: Path) -> dict[str, str]:
    """The company's reasons for omission by guide item (none when the file is absent)."""
    if not path.exists():
        return {}
    entries = engagement.read_list(path, "explanations")
    found, problems = {}, []
    for row, entry in enumerate(entries, start=1):
        code, text = str(entry.get("item") or ""), " ".join(str(entry.get("text") or "").split())
        if not code or not text:
            problems.append(Problem("explanations", "needs an item and a text", code or None, row))
        found[code] = text
    if problems:
        raise InvalidInputError(f"The file {path.name} has faulty explanations.", problems)
    return found


@dataclass(frozen=True, slots=True)
class HkexReport:
    """The report of a year: the document, the figures it shows and its content index."""

    document: Document
    figures: HkexFigures
    index: tuple[IndexEntry, ...]
    problems: tuple[Problem, ...]
    checklist: tuple[CheckedItem, ...] = ()
    """The publishing checklist: every blocking item and how it stands."""


def build_hkex_report(inputs: HkexInputs, content: HkexContent, framework: Framework) -> HkexReport:
    """The whole report of a year, every section written and every guide item indexed."""
    figures = hkex_figures(inputs)
    placed = _placed(figures, content, framework, inputs)
    context = _context(inputs, figures, content)
    figure_items = {item.code for item in framework.items if item.quantitative}
    statements = {**content.statements, **inputs.statements}
    values = placeholder_values(inputs, figures)
    written = [
        write_section(
            plan,
            content.templates,
            context,
            placed,
            filled(statements.get(plan.key, ""), values),
            figure_items,
        )
        for plan in content.plan
    ]
    claims = _claims(written)
    with_figures = {code for item in placed.values() if item.block for code in item.answers}
    explanations = {
        code: filled(text, values)
        for code, text in {**content.explanations, **inputs.explanations}.items()
    }
    entries = content_index(framework, claims, with_figures, explanations)
    headings = {_reference(w.section): w.section.heading for w in written}
    index = index_table(framework, entries, headings)
    sections = tuple(_with_index(w.section, index) for w in written)
    document = Document(
        key="hkex",
        title=TITLE,
        subtitle=_subtitle(inputs),
        organisation=inputs.organisation,
        year=inputs.year,
        sections=sections,
    )
    years = (*inputs.years, inputs.year - 1, inputs.year + 1)
    index_problems = content_index_problems(framework, claims, explanations, entries)
    unwritten = unwritten_sections(content.plan, statements)
    unfilled = unfilled_placeholders(content.plan, statements, values)
    unconfirmed = unconfirmed_texts(content.plan, inputs)
    unbacked = consistency_problems(document, years)
    problems = index_problems + unwritten + unfilled + unconfirmed + unbacked
    items = checklist(
        content_items(index_problems, unwritten, unfilled, unconfirmed, unbacked)
        + data_items(inputs),
        inputs.acknowledgements,
    )
    # Every open item is listed, one line each: the checklist is only complete if none is cut.
    warnings = (*summarised(inputs.data_warnings), *dict.fromkeys(str(p) for p in problems))
    # The appendix comes after the consistency check: its reasons are the company's own words.
    acknowledged = appendix(items)
    if acknowledged is not None:
        document = replace(document, sections=(*document.sections, acknowledged))
    return HkexReport(
        replace(document, warnings=warnings), figures, entries, tuple(problems), items
    )


def unwritten_sections(
    plan: tuple[SectionPlan, ...], statements: Mapping[str, str]
) -> list[Problem]:
    """Sections that set out to answer items of the guide but have no text of the company."""
    return [
        Problem(
            _heading(section),
            "has no text written by the company: it prints only its figures",
            section.key,
        )
        for section in plan
        if section.answers and not statements.get(section.key, "").strip()
    ]


def unfilled_placeholders(
    plan: tuple[SectionPlan, ...], statements: Mapping[str, str], values: Mapping[str, str]
) -> list[Problem]:
    """Placeholders of the company's text that the year's report has no figure for."""
    return [
        Problem(
            _heading(section),
            "quotes a placeholder the report has no figure for this year",
            "{{ " + name + " }}",
        )
        for section in plan
        for name in placeholders_in(statements.get(section.key, ""))
        if name not in values
    ]


def unconfirmed_texts(plan: tuple[SectionPlan, ...], inputs: HkexInputs) -> list[Problem]:
    """Texts carried over from last year that nobody has confirmed or rewritten yet."""
    reason = f"was carried over from FY{inputs.previous_year} and is not yet confirmed"
    return [
        Problem(_heading(section), f"the company's text {reason}", section.key)
        for section in plan
        if section.key in inputs.sections_to_review
    ] + [
        Problem(f"Reason for omission of {code}", reason, code) for code in inputs.reasons_to_review
    ]


def _heading(section: SectionPlan) -> str:
    return " ".join(filter(None, (section.number, section.title)))


def _placed(
    figures: HkexFigures, content: HkexContent, framework: Framework, inputs: HkexInputs
) -> dict[str, Placed]:
    per = inputs.denominator.per if inputs.denominator else "unit"
    basis = inputs.denominator.title if inputs.denominator else ""
    titles = {aspect.code: aspect.title for aspect in framework.aspects}
    built = (
        tables.performance(figures, "environmental", "Environmental performance", per, basis),
        tables.performance(figures, "social", "Social performance", per),
        tables.performance(figures, "other", "Other indicators", per),
        tables.ghg_table(figures, per),
        tables.ghg_chart(figures),
        tables.energy_table(figures, per),
        tables.energy_chart(figures),
        tables.supply_chain_table(figures),
        tables.emission_lines(figures),
        tables.chains_table(figures),
        tables.factors_table(figures),
        engagement.stakeholder_table(content.stakeholders),
        engagement.materiality_table(content.topics, titles),
    )
    keys = (
        "performance-environmental",
        "performance-social",
        "performance-other",
        "ghg",
        "ghg-by-scope",
        "energy",
        "energy-mix",
        "suppliers",
        "ghg-working",
        "ghg-chains",
        "factors",
        "stakeholders",
        "materiality",
    )
    return {**dict(zip(keys, built, strict=True)), INDEX_KEY: Placed(_INDEX_PENDING)}


def _context(inputs: HkexInputs, figures: HkexFigures, content: HkexContent) -> dict[str, Any]:
    def kpi(code: str) -> list[LineFigures]:
        """The indicators answering a KPI that have a value for the year."""
        return [
            f for f in figures.metrics.values() if code in f.line.kpis and f.value.value is not None
        ]

    return {
        "organisation": inputs.organisation,
        "year": inputs.year,
        "previous_year": inputs.previous_year,
        "fy": tables.year_label(inputs.year),
        "period_start": _day(inputs.period_start),
        "period_end": _day(inputs.period_end),
        "entities": inputs.entities,
        "per": inputs.denominator.per if inputs.denominator else "",
        "basis": inputs.denominator.title.lower() if inputs.denominator else "",
        "production": figures.denominator.get(inputs.year),
        "ghg": figures.ghg,
        "energy": figures.energy,
        "metrics": figures.metrics,
        "kpi": kpi,
        "supply_chain": figures.supply_chain,
        "stakeholders": content.stakeholders,
        "topics": content.topics,
        "high_priority_topics": [t for t in content.topics if t.priority is Priority.HIGH],
    }


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _subtitle(inputs: HkexInputs) -> str:
    span = f"{_day(inputs.period_start)} to {_day(inputs.period_end)}"
    return f"Prepared under the HKEX ESG Reporting Guide; reporting period {span}"


def _reference(section: Section) -> str:
    return section.number or section.title


def _claims(written: list[Written]) -> dict[str, list[str]]:
    claims: dict[str, list[str]] = defaultdict(list)
    for w in written:
        for code in w.answers:
            claims[code].append(_reference(w.section))
    return dict(claims)


def _with_index(section: Section, index: Table) -> Section:
    if not any(block is _INDEX_PENDING for block in section.blocks):
        return section
    blocks = tuple(index if block is _INDEX_PENDING else block for block in section.blocks)
    return replace(section, blocks=blocks)
