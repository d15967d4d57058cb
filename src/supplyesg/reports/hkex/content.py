"""The HKEX ESG report of a year as a pure content model, built from the services' figures.

Figures are made once (`figures.py`); the tables (`tables.py`) and the narrative templates both
read those same objects, so text and tables cannot disagree, and a final check proves it. The
content index is computed from what the written sections and their tables actually answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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
from supplyesg.reports.document import (
    NOT_REPORTED,
    Cell,
    Document,
    Row,
    Section,
    Table,
    summarised,
)
from supplyesg.reports.files import CONTENT_DIR, TEMPLATES_DIR
from supplyesg.reports.hkex import engagement, tables, targets
from supplyesg.reports.hkex.checklist import OMISSION, appendix, content_items, data_items
from supplyesg.reports.hkex.engagement import MaterialTopic, Priority, StakeholderGroup
from supplyesg.reports.hkex.figures import HkexFigures, LineFigures, hkex_figures
from supplyesg.reports.hkex.inputs import HkexInputs
from supplyesg.reports.hkex.language import localised
from supplyesg.reports.hkex.placeholders import placeholder_values
from supplyesg.reports.narrative import (
    Placed,
    SectionPlan,
    Written,
    environment,
    load_plan,
    write_section,
)
from supplyesg.reports.words import EN, ENGLISH, Words, require_language, words

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
    language: str = ENGLISH
    """The language the templates, the engagement files and the report's words are in."""


def load_hkex_content(
    framework: Framework,
    templates: Path | None = None,
    content: Path | None = None,
    language: str = ENGLISH,
) -> HkexContent:
    """The report's editable files (data/report_templates/hkex and data/report_content); in a
    language other than English, those of the language's subfolder (zh-Hant/). The company's
    own statements and reasons are files in English only (the workspace holds every language)."""
    require_language(language)
    english = language == ENGLISH
    templates = templates or TEMPLATES_DIR / "hkex"
    content = content or CONTENT_DIR
    folder, texts = (templates, content) if english else (templates / language, content / language)
    aspects = {aspect.code for aspect in framework.aspects}
    plan = load_plan(folder)
    return HkexContent(
        plan=plan,
        templates=environment(folder),
        stakeholders=engagement.load_stakeholders(texts / "stakeholders.yaml"),
        topics=engagement.load_materiality(texts / "materiality.yaml", aspects),
        explanations=read_explanations(content / "explanations.yaml") if english else {},
        statements=(
            read_statements(content / "statements.yaml", {p.key for p in plan}) if english else {}
        ),
        language=language,
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
    """The whole report of a year, every section written and every guide item indexed, in the
    language of `content` (the company's text of `inputs` is in that language)."""
    w = words(content.language)
    inputs, english_only = localised(inputs, w)
    figures = figures_in(inputs, w)
    placed = _placed(figures, content, framework, inputs, w)
    context = _context(inputs, figures, content, w)
    figure_items = {item.code for item in framework.items if item.quantitative}
    statements = {**content.statements, **inputs.statements}
    values = placeholder_values(inputs, figures, w)
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
    headings = {_reference(s.section): s.section.heading for s in written}
    index = index_table(framework, entries, headings, w)
    sections = tuple(_localised(_with_index(s.section, index), w) for s in written)
    document = Document(
        key="hkex",
        title=w(TITLE),
        subtitle=_subtitle(inputs, w),
        organisation=inputs.organisation,
        year=inputs.year,
        sections=sections,
        language=content.language,
    )
    # A target's base and target years are years, not figures, wherever the text names them.
    target_years = [y for t in inputs.targets for y in (t.base_year, t.target_year)]
    years = (*inputs.years, inputs.year - 1, inputs.year + 1, *target_years)
    index_problems = content_index_problems(framework, claims, explanations, entries)
    untranslated = untranslated_texts(content.plan, inputs) + english_only
    unwritten = [
        p
        for p in unwritten_sections(content.plan, statements)
        if p.value not in inputs.untranslated_sections
    ]
    unfilled = unfilled_placeholders(content.plan, statements, values)
    unconfirmed = unconfirmed_texts(content.plan, inputs)
    unbacked = consistency_problems(document, years)
    problems = index_problems + untranslated + unwritten + unfilled + unconfirmed + unbacked
    items = checklist(
        content_items(index_problems, unwritten, unfilled, unconfirmed, unbacked, untranslated)
        + data_items(inputs),
        inputs.acknowledgements,
    )
    # Every open item is listed, one line each: the checklist is only complete if none is cut.
    warnings = (*summarised(inputs.data_warnings), *dict.fromkeys(str(p) for p in problems))
    # The appendix comes after the consistency check: its reasons are the company's own words.
    acknowledged = appendix(items, w)
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


def figures_in(inputs: HkexInputs, w: Words = EN) -> HkexFigures:
    """The report's figures with their units in the words of `w` (the inputs localised)."""
    return hkex_figures(inputs, w)


def placeholder_texts(inputs: HkexInputs, w: Words = EN) -> dict[str, str]:
    """The text of each placeholder as the report in the language of `w` fills it in."""
    shown, _ = localised(inputs, w)
    return placeholder_values(shown, figures_in(shown, w), w)


def untranslated_texts(plan: tuple[SectionPlan, ...], inputs: HkexInputs) -> list[Problem]:
    """Texts the company wrote in English that have none yet in the report's language: each is
    an open item of that language's checklist (never printed in English instead)."""
    reason = f"has the company's text in English but none in {inputs.language} (not translated yet)"
    return [
        Problem(_heading(section), reason, section.key)
        for section in plan
        if section.key in inputs.untranslated_sections
    ] + [Problem(f"{OMISSION} {code}", reason, code) for code in inputs.untranslated_reasons]


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
    figures: HkexFigures,
    content: HkexContent,
    framework: Framework,
    inputs: HkexInputs,
    w: Words = EN,
) -> dict[str, Placed]:
    per = inputs.denominator.per if inputs.denominator else w("unit")
    basis = inputs.denominator.title if inputs.denominator else ""
    titles = {aspect.code: aspect.title for aspect in framework.aspects}
    area = w("Environmental performance")
    built = (
        tables.performance(figures, "environmental", area, per, basis, w),
        tables.performance(figures, "social", w("Social performance"), per, w=w),
        tables.performance(figures, "other", w("Other indicators"), per, w=w),
        tables.ghg_table(figures, per, w),
        tables.ghg_chart(figures, w),
        tables.energy_table(figures, per, w),
        tables.energy_chart(figures, w),
        tables.supply_chain_table(figures, w),
        tables.emission_lines(figures, w),
        tables.chains_table(figures, w),
        tables.factors_table(figures, w),
        engagement.stakeholder_table(content.stakeholders, w),
        engagement.materiality_table(content.topics, titles, w),
        *(
            targets.targets_table(figures.targets, topic, inputs.year, w)
            for topic in targets.TITLES
        ),
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
        *(f"targets-{topic}" for topic in targets.TITLES),
    )
    return {**dict(zip(keys, built, strict=True)), INDEX_KEY: Placed(_INDEX_PENDING)}


def _context(
    inputs: HkexInputs, figures: HkexFigures, content: HkexContent, w: Words = EN
) -> dict[str, Any]:
    def kpi(code: str) -> list[LineFigures]:
        """The indicators answering a KPI that have a value for the year."""
        return [
            f for f in figures.metrics.values() if code in f.line.kpis and f.value.value is not None
        ]

    return {
        "organisation": inputs.organisation,
        "year": inputs.year,
        "previous_year": inputs.previous_year,
        "fy": tables.year_label(inputs.year, w),
        "period_start": w.day(inputs.period_start),
        "period_end": w.day(inputs.period_end),
        "entities": inputs.entities,
        "per": inputs.denominator.per if inputs.denominator else "",
        "basis": _basis(inputs, w),
        "production": figures.denominator.get(inputs.year),
        "ghg": figures.ghg,
        "energy": figures.energy,
        "metrics": figures.metrics,
        "kpi": kpi,
        "supply_chain": figures.supply_chain,
        "stakeholders": content.stakeholders,
        "topics": content.topics,
        "high_priority_topics": [t for t in content.topics if t.priority is Priority.HIGH],
        "targets": targets.by_topic(figures.targets),
    }


def _basis(inputs: HkexInputs, w: Words) -> str:
    if inputs.denominator is None:
        return ""
    return inputs.denominator.title.lower() if w.english else inputs.denominator.title


def _subtitle(inputs: HkexInputs, w: Words = EN) -> str:
    return w(
        "Prepared under the HKEX ESG Reporting Guide; reporting period {start} to {end}",
        start=w.day(inputs.period_start),
        end=w.day(inputs.period_end),
    )


def _localised(section: Section, w: Words) -> Section:
    """The section with 'not reported' in the report's language in every table."""
    if w.english:
        return section
    blocks = tuple(
        replace(block, rows=tuple(_row(row, w) for row in block.rows))
        if isinstance(block, Table)
        else block
        for block in section.blocks
    )
    return replace(section, blocks=blocks)


def _row(row: Row, w: Words) -> Row:
    cells = tuple(
        Cell(w(NOT_REPORTED), c.figure) if c.figure is not None and c.figure.value is None else c
        for c in row.cells
    )
    return replace(row, cells=cells)


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
