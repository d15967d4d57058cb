"""A small reporting organisation the ESG data service, API and CLI tests share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from supplyesg.db.session import Database
from supplyesg.domain.ghg.factors import Factor, FactorKind, Origin
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import emission_factors, esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry

MAKER = "li.na@example.com"
CHECKER = "wang.jun@example.com"

ENTITIES = (
    ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN"),
    ReportingEntity("QT", "Qilin Trucks Co.", EntityKind.SUBSIDIARY, "CN", parent="GRP"),
    ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="QT", city="Chongqing"),
    ReportingEntity(
        "HK1", "Hong Kong office", EntityKind.SITE, "HK", parent="GRP", grid_region="HK"
    ),
)


def organisation(db: Database, years: tuple[int, ...] = (2024, 2025)) -> None:
    """The group, a subsidiary with a plant, a Hong Kong office, and calendar financial years."""
    for entity in ENTITIES:
        esg_organisation.save_entity(db, entity)
    for year in years:
        esg_organisation.add_financial_year(db, date(year, 1, 1))


def diesel_density(db: Database, kg_per_l: str = "0.84") -> None:
    """The organisation's own diesel density, from its supplier's delivery notes."""
    emission_factors.set_organisation_factor(
        db,
        Factor(
            id="org.density.diesel",
            kind=FactorKind.DENSITY,
            subject="diesel",
            value=Decimal(kg_per_l),
            unit="kg/L",
            source="Average density on the fuel supplier's delivery notes",
            origin=Origin.ORGANISATION,
        ),
        MAKER,
    )


def submit(
    db: Database,
    entity: str,
    metric: str,
    period: str,
    value: str,
    unit: str,
    breakdown: str = "",
) -> int:
    """Submit a value as the maker; its id."""
    record = esg_data.submit_value(db, Entry(entity, metric, period, value, unit, breakdown), MAKER)
    return record.row.id
