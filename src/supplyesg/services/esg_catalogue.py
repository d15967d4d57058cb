"""The metric catalogue: the shipped file (data/metrics) plus the organisation's own metrics."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import CustomMetricRow
from supplyesg.db.repositories import esg_data as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, Problem, refuse_if
from supplyesg.domain.metrics import (
    Aggregation,
    Catalogue,
    Combustion,
    Dimension,
    KpiRequirement,
    KpiSource,
    Member,
    Metric,
    Quantity,
    Ratio,
    catalogue_problems,
    custom_metric_problems,
)
from supplyesg.services.units import metric_unit_problems

CATALOGUE_FILE = Path(__file__).resolve().parents[3] / "data" / "metrics" / "hkex_2020.yaml"


@lru_cache(maxsize=4)
def shipped_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """The catalogue shipped as a data file, checked (codes, references and units)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        catalogue = _catalogue(document)
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidInputError(
            f"The metric catalogue {path.name} cannot be read.",
            [Problem(path.name, f"malformed entry: {error}")],
        ) from error
    problems = catalogue_problems(catalogue)
    for metric in catalogue.metrics:
        problems += metric_unit_problems(metric)
    refuse_if(problems, f"The metric catalogue {path.name} is inconsistent.")
    return catalogue


def _catalogue(document: Mapping[str, Any]) -> Catalogue:
    return Catalogue(
        code=document["code"],
        title=document["title"],
        dimensions=tuple(
            Dimension(d["code"], d["title"], tuple(Member(*m) for m in d["members"]))
            for d in document["dimensions"]
        ),
        metrics=tuple(_metric(m) for m in document["metrics"]),
        ratios=tuple(_ratio(r) for r in document.get("ratios", ())),
        kpis=tuple(
            KpiRequirement(k["code"], k["title"], k["level"], KpiSource(k["source"]))
            for k in document.get("kpis", ())
        ),
    )


def _metric(entry: Mapping[str, Any]) -> Metric:
    return Metric(
        code=entry["code"],
        title=entry["title"],
        quantity=Quantity(entry["quantity"]),
        unit=entry["unit"],
        section=entry.get("section", ""),
        description=entry.get("description", ""),
        aggregation=Aggregation(entry.get("aggregation", "sum")),
        kpis=tuple(entry.get("kpis", ())),
        breakdowns=tuple(entry.get("breakdowns", ())),
        optional_breakdowns=tuple(entry.get("optional_breakdowns", ())),
        unit_aliases=tuple(dict(entry.get("unit_aliases", {})).items()),
        fuel=entry.get("fuel"),
        refrigerant=entry.get("refrigerant"),
        combustion=Combustion(entry["combustion"]) if entry.get("combustion") else None,
        electricity=bool(entry.get("electricity", False)),
        renewable=bool(entry.get("renewable", False)),
        normaliser=bool(entry.get("normaliser", False)),
        intensity=bool(entry.get("intensity", False)),
        whole_numbers=bool(entry.get("whole_numbers", False)),
    )


def _ratio(entry: Mapping[str, Any]) -> Ratio:
    return Ratio(
        code=entry["code"],
        title=entry["title"],
        numerator=entry["numerator"],
        denominator=entry["denominator"],
        unit=entry["unit"],
        scale=Decimal(str(entry.get("scale", "1"))),
        kpis=tuple(entry.get("kpis", ())),
        breakdowns=tuple(entry.get("breakdowns", ())),
        description=entry.get("description", ""),
    )


def catalogue_in(session: Session) -> Catalogue:
    """The shipped catalogue with the organisation's own metrics, inside a transaction."""
    return shipped_catalogue().with_custom(_custom(row) for row in repo.custom_metrics(session))


def catalogue(db: Database) -> Catalogue:
    """The catalogue in force: shipped metrics and the organisation's own."""
    with db.transaction() as session:
        return catalogue_in(session)


def _custom(row: CustomMetricRow) -> Metric:
    return Metric(
        code=row.code,
        title=row.title,
        quantity=Quantity(row.quantity),
        unit=row.unit,
        section=row.section,
        description=row.description,
        aggregation=Aggregation(row.aggregation),
        kpis=tuple(k for k in row.kpis.split(",") if k),
        optional_breakdowns=tuple(b for b in row.breakdowns.split(",") if b),
        custom=True,
    )


def add_custom_metric(
    db: Database, metric: Metric, actor: str, clock: Clock = SYSTEM_CLOCK
) -> Metric:
    """Add a metric of the organisation's own to the catalogue."""
    with db.transaction() as session:
        problems = custom_metric_problems(metric, catalogue_in(session))
        problems += [Problem("unit", p.reason, p.value) for p in metric_unit_problems(metric)]
        refuse_if(problems, "The metric cannot be added.")
        session.add(
            CustomMetricRow(
                code=metric.code,
                title=metric.title.strip(),
                quantity=str(metric.quantity),
                unit=metric.unit,
                aggregation=str(metric.aggregation),
                section=metric.section,
                breakdowns=",".join(metric.allowed_breakdowns),
                kpis=",".join(metric.kpis),
                description=metric.description,
                created_by=actor,
                created_at=clock.now(),
            )
        )
    return Metric(
        code=metric.code,
        title=metric.title.strip(),
        quantity=metric.quantity,
        unit=metric.unit,
        section=metric.section,
        description=metric.description,
        aggregation=metric.aggregation,
        kpis=metric.kpis,
        optional_breakdowns=metric.allowed_breakdowns,
        custom=True,
    )
