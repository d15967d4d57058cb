"""The supply chain ESG report of a year as a pure content model, from the programme's results.

As in the HKEX report, each figure is made once and read by both the tables and the narrative
templates (data/report_templates/supply_chain/), and a final check proves the text only quotes
numbers the tables show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from jinja2.sandbox import SandboxedEnvironment

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.reports.consistency import consistency_problems
from supplyesg.reports.document import (
    Cell,
    Chart,
    ChartKind,
    Column,
    Document,
    Figure,
    Row,
    Series,
    Table,
    summarised,
)
from supplyesg.reports.files import CONTENT_DIR, TEMPLATES_DIR
from supplyesg.reports.narrative import (
    Placed,
    SectionPlan,
    environment,
    load_plan,
    write_section,
)
from supplyesg.reports.supply_chain.inputs import OnSiteResult, SupplyChainInputs

TITLE = "Supply Chain ESG Report"


def count(value: int) -> Figure:
    """A whole number as the report shows it."""
    return Figure(Decimal(value))


def percent(value: Decimal | None) -> Figure:
    """A percentage with one decimal."""
    return Figure(value, "%", 1)


@dataclass(frozen=True, slots=True)
class SupplyChainContent:
    """The editable content: section plan, templates, and whether on-site results name suppliers."""

    plan: tuple[SectionPlan, ...]
    templates: SandboxedEnvironment
    name_suppliers: bool


def load_supply_chain_content(
    templates: Path | None = None, content: Path | None = None
) -> SupplyChainContent:
    """The report's editable files (data/report_templates/supply_chain, report_content)."""
    templates = templates or TEMPLATES_DIR / "supply_chain"
    settings = (content or CONTENT_DIR) / "supply_chain.yaml"
    try:
        raw = yaml.safe_load(settings.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInputError(
            f"The file {settings.name} cannot be read.",
            [Problem(settings.name, str(error).splitlines()[0])],
        ) from error
    name_suppliers = raw.get("name_suppliers", False) if isinstance(raw, dict) else None
    if not isinstance(name_suppliers, bool):
        raise InvalidInputError(
            f"The file {settings.name} is not valid.",
            [Problem("name_suppliers", "must be true or false", name_suppliers)],
        )
    return SupplyChainContent(load_plan(templates), environment(templates), name_suppliers)


@dataclass(frozen=True, slots=True)
class SupplyChainReport:
    """The report of a year and what keeps it from being publishable."""

    document: Document
    problems: tuple[Problem, ...]


def build_supply_chain_report(
    inputs: SupplyChainInputs, content: SupplyChainContent
) -> SupplyChainReport:
    """The whole report of a year, every section written from the programme's figures."""
    figures = _figures(inputs)
    placed = _placed(inputs, figures, content.name_suppliers)
    context = {
        "organisation": inputs.organisation,
        "year": inputs.year,
        "fy": f"FY{inputs.year}",
        **figures,
        "on_site_results": inputs.on_site,
        "trainings": inputs.trainings,
    }
    sections = tuple(
        write_section(plan, content.templates, context, placed).section for plan in content.plan
    )
    span = f"{_day(inputs.period_start)} to {_day(inputs.period_end)}"
    document = Document(
        key="supply-chain",
        title=TITLE,
        subtitle=f"Results of the supplier ESG programme, {span}",
        organisation=inputs.organisation,
        year=inputs.year,
        sections=sections,
    )
    problems = tuple(
        consistency_problems(document, (inputs.year - 1, inputs.year, inputs.year + 1))
    )
    warnings = summarised((*inputs.warnings, *(str(p) for p in problems)))
    return SupplyChainReport(replace(document, warnings=warnings), problems)


def _day(day: Any) -> str:
    return f"{day.day} {day:%B %Y}"


def _figures(inputs: SupplyChainInputs) -> dict[str, Any]:
    c = inputs.coverage
    plans = inputs.plans
    return {
        "suppliers": count(c.suppliers),
        "in_scope": count(c.in_scope),
        "audited": count(c.audited),
        "on_site_due": count(c.on_site_due),
        "on_site_done": count(c.on_site_done),
        "overdue": count(c.overdue_at_year_end),
        "esg_weight": percent(inputs.esg_weight_pct),
        "risk": {r.level: count(r.suppliers) for r in inputs.risk},
        "standards": {
            r.level: {
                "min_score": Figure(r.min_audit_score, "", 0),
                "score": Figure(Decimal(r.quarterly_score)),
                "plan_months": _maybe(r.plan_months),
                "missed_score": _maybe(r.missed_plan_score),
            }
            for r in inputs.standards
        },
        "findings": {
            t.topic: {
                "raised": count(t.raised),
                "closed": count(t.closed),
                "open": count(t.open),
                "overdue": count(t.overdue),
                "closure_rate": percent(t.closure_rate_pct),
            }
            for t in inputs.topics
        },
        "findings_total": {
            key: count(sum(getattr(t, key) for t in inputs.topics))
            for key in ("raised", "closed", "open", "overdue")
        },
        "plans": None
        if plans is None
        else {
            "required": count(plans.required),
            "met": count(plans.met),
            "missed": count(plans.missed),
            "pending": count(plans.pending),
            "terminated": count(plans.orders_terminated),
        },
        "trained_suppliers": count(inputs.suppliers_trained),
    }


def _maybe(value: int | None) -> Figure:
    return Figure(None if value is None else Decimal(value))


def _placed(
    inputs: SupplyChainInputs, figures: dict[str, Any], name_suppliers: bool
) -> dict[str, Placed]:
    return {
        "coverage": Placed(_coverage(figures)),
        "standards": Placed(_standards(inputs, figures)),
        "risk": Placed(_risk(inputs, figures)),
        "risk-chart": Placed(_risk_chart(inputs)),
        "findings": Placed(_findings(inputs, figures)),
        "findings-chart": Placed(_findings_chart(inputs)),
        "on-site": Placed(_on_site(inputs.on_site, name_suppliers)),
        "plans": Placed(_plans(figures)),
        "training": Placed(_training(inputs, figures)),
    }


def _table(key: str, title: str, columns: tuple[Column, ...], rows: list[Row]) -> Table:
    return Table(key, title, columns, tuple(rows))


def _pairs(key: str, title: str, pairs: list[tuple[str, Figure]]) -> Table:
    rows = [Row((Cell(label), Cell.of(figure))) for label, figure in pairs]
    return _table(key, title, (Column("Indicator"), Column("Value", numeric=True)), rows)


def _coverage(f: dict[str, Any]) -> Table:
    pairs = [
        ("Suppliers at year end", f["suppliers"]),
        ("First-tier suppliers and key sub-suppliers due an annual audit", f["in_scope"]),
        ("Of which audited in the year", f["audited"]),
        ("High-risk suppliers due an on-site audit", f["on_site_due"]),
        ("Of which audited on site in the year", f["on_site_done"]),
        ("Audits overdue at year end", f["overdue"]),
    ]
    if f["esg_weight"].value is not None:
        pairs.append(("Weight of the ESG audit in supplier scores (%)", f["esg_weight"]))
    return _pairs("coverage", "Programme coverage", pairs)


def _standards(inputs: SupplyChainInputs, f: dict[str, Any]) -> Table | None:
    if not inputs.standards:
        return None
    rows = []
    for standard in inputs.standards:
        shown = f["standards"][standard.level]
        rows.append(
            Row(
                (
                    Cell(standard.level.capitalize()),
                    Cell.of(shown["min_score"])
                    if shown["min_score"].value is not None
                    else Cell(""),
                    Cell.of(shown["score"]),
                    Cell.of(shown["plan_months"]) if standard.plan_months else Cell(""),
                    Cell.of(shown["missed_score"])
                    if standard.missed_plan_score is not None
                    else Cell(""),
                    Cell(standard.consequence),
                )
            )
        )
    columns = (
        Column("Audit risk"),
        Column("Audit score from", numeric=True),
        Column("ESG score", numeric=True),
        Column("Plan within (months)", numeric=True),
        Column("Score if no plan", numeric=True),
        Column("Consequence"),
    )
    return _table("standards", "Scoring standards", columns, rows)


def _risk(inputs: SupplyChainInputs, f: dict[str, Any]) -> Table | None:
    if not inputs.risk:
        return None
    pairs = [(r.level.capitalize(), f["risk"][r.level]) for r in inputs.risk]
    return _pairs("risk", "Audited suppliers by overall risk at year end", pairs)


def _risk_chart(inputs: SupplyChainInputs) -> Chart | None:
    present = [r for r in inputs.risk if r.suppliers]
    if not present:
        return None
    series = (Series("Suppliers", tuple(Decimal(r.suppliers) for r in present)),)
    names = tuple(r.level.capitalize() for r in present)
    return Chart(
        "risk-levels", "Suppliers by risk level", ChartKind.PIE, names, series, "suppliers"
    )


def _findings(inputs: SupplyChainInputs, f: dict[str, Any]) -> Table | None:
    if not inputs.topics:
        return None
    rows = []
    for t in inputs.topics:
        found = f["findings"][t.topic]
        cells = (found[k] for k in ("raised", "closed", "open", "overdue", "closure_rate"))
        rows.append(Row((Cell(t.topic), *(Cell.of(c) for c in cells))))
    totals = f["findings_total"]
    keys = ("raised", "closed", "open", "overdue")
    rows.append(Row((Cell("All topics"), *(Cell.of(totals[k]) for k in keys), Cell(""))))
    columns = (
        Column("Code of Conduct pillar"),
        *(Column(label, numeric=True) for label in ("Raised", "Closed", "Open", "Overdue")),
        Column("Closed (%)", numeric=True),
    )
    return _table("findings", "Audit non-conformities by topic", columns, rows)


def _findings_chart(inputs: SupplyChainInputs) -> Chart | None:
    if not any(t.raised for t in inputs.topics):
        return None
    names = tuple(t.topic for t in inputs.topics)
    series = (
        Series("Closed", tuple(Decimal(t.closed) for t in inputs.topics)),
        Series("Open", tuple(Decimal(t.open) for t in inputs.topics)),
    )
    title = "Non-conformities by topic"
    return Chart("findings-by-topic", title, ChartKind.STACKED_BAR, names, series, "findings")


def _on_site(results: tuple[OnSiteResult, ...], name_suppliers: bool) -> Table | None:
    if not results:
        return None
    rows = []
    for number, r in enumerate(sorted(results, key=lambda r: r.audited_on), start=1):
        who = r.supplier if name_suppliers else f"Supplier {number} ({r.category})"
        rows.append(
            Row(
                (
                    Cell(who),
                    Cell(r.country),
                    Cell(r.audited_on.isoformat()),
                    Cell.of(Figure(r.score, "", 1)),
                    Cell(r.risk_level.capitalize()),
                    Cell(r.outcome.replace("_", " ").capitalize()),
                    Cell.of(count(r.nonconformities)),
                    Cell("Yes" if r.trained else "No"),
                )
            )
        )
    columns = (
        Column("Supplier"),
        Column("Country"),
        Column("Audited on"),
        Column("Score", numeric=True),
        Column("Audit risk"),
        Column("Outcome"),
        Column("Non-conformities", numeric=True),
        Column("Trained"),
    )
    return _table("on-site", "On-site audits of high-risk suppliers", columns, rows)


def _plans(f: dict[str, Any]) -> Table | None:
    plans = f["plans"]
    if plans is None:
        return None
    pairs = [
        ("Improvement plans due in the year", plans["required"]),
        ("Submitted on time", plans["met"]),
        ("Not submitted in time", plans["missed"]),
        ("Not yet due at year end", plans["pending"]),
        ("Suppliers whose orders were terminated", plans["terminated"]),
    ]
    return _pairs("plans", "Improvement plans", pairs)


def _training(inputs: SupplyChainInputs, f: dict[str, Any]) -> Table | None:
    if not inputs.trainings:
        return None
    rows = [
        Row(
            (
                Cell(t.title),
                Cell(t.held_on.isoformat()),
                Cell(t.format.replace("_", " ")),
                Cell.of(count(t.invited)),
                Cell.of(count(t.completed)),
            )
        )
        for t in sorted(inputs.trainings, key=lambda t: t.held_on)
    ]
    blank = (Cell(""), Cell(""), Cell(""))
    trained = Cell.of(f["trained_suppliers"])
    rows.append(Row((Cell("Suppliers trained, each counted once"), *blank, trained)))
    columns = (
        Column("Programme"),
        Column("Held on"),
        Column("Format"),
        Column("Suppliers invited", numeric=True),
        Column("Suppliers who completed it", numeric=True),
    )
    return _table("training", "Training given to suppliers", columns, rows)
