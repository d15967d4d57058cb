"""The demo ESG data: a fictional truck maker's group, plants and three full years of figures.

A group with three subsidiaries, four plants in mainland China and an office in Hong Kong;
FY2023 to FY2025 with monthly energy, fuel, water and production figures, and yearly waste,
air emissions, workforce (by gender, employment type, age group, region and category),
turnover, safety, training, products and community figures, every breakdown adding up to its
total. The values go through the ordinary file import as a maker would load them and are
approved by a checker; a few 2025 values stay in review to show the workflow. The same seed
always gives the same figures (see esg_profile for the story they tell).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar

from supplyesg.db.session import Database
from supplyesg.domain.ghg.factors import Factor, FactorKind, Origin
from supplyesg.domain.ghg.market import ContractualInstrument, InstrumentType
from supplyesg.domain.metrics import Aggregation, Metric, Quantity
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.submissions import ReviewAction
from supplyesg.services import (
    contractual_instruments,
    emission_factors,
    esg_catalogue,
    esg_data,
    esg_organisation,
)
from supplyesg.services.demo import esg_profile as p
from supplyesg.services.demo import esg_requests as demo_requests
from supplyesg.services.esg_entries import Entry
from supplyesg.services.esg_import import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, import_table
from supplyesg.services.supplier_files import Progress
from supplyesg.services.tabular import Table

SEED = 2025
MAKER = "esg.data@zhenlu-trucks.example"
CHECKER = "esg.manager@zhenlu-trucks.example"
COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
NOISE = 0.04

Row = tuple[str, str, str, str, str, str, str, str]
K = TypeVar("K")

SOURCES = {
    "electricity_purchased": "Monthly electricity bill of the grid company",
    "electricity_generated_renewable": "Rooftop solar inverter meter",
    "natural_gas_stationary": "Monthly bill of the pipeline gas company",
    "diesel_mobile": "Fuel card statements of test-run and shuttle vehicles",
    "diesel_stationary": "Generator fuel log",
    "gasoline_mobile": "Fuel card statements of test-run and shuttle vehicles",
    "lpg_stationary": "Canteen LPG delivery notes",
    "water_consumption": "Monthly water utility bill",
    "wastewater_discharged": "Online flow meter at the treatment station",
    "production_volume": "Production control system, vehicles off the line",
}


def load(db: Database, progress: Progress | None = None) -> None:
    """Load the demo organisation, its factors and three years of approved figures.

    Nothing is loaded if the organisation already has entities.
    """
    if esg_organisation.organisation(db).entities:
        return
    _organisation(db)
    _factors(db)
    _certificates(db)
    esg_catalogue.add_custom_metric(
        db,
        Metric("steel_purchased", "Steel purchased", Quantity.MASS, "t", "materials",
               "Steel sheet, bar and profiles bought for production.", Aggregation.SUM),
        MAKER,
    )  # fmt: skip
    rng = random.Random(SEED)  # noqa: S311 -- a fixed seed, for the same demo every time
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in demo_rows(rng)]
    table = Table(COLUMNS, iter(enumerate(rows, start=2)))

    def labelled(stage: str, done: int, total: int | None) -> None:
        if progress is not None:
            progress(f"ESG data: {stage}", done, total)

    result = import_table(db, table, "demo ESG data", MAKER, labelled)
    esg_data.approve_import(db, result.import_id, CHECKER)
    _in_review(db)
    _explanations(db)
    demo_requests.load(db)


def _organisation(db: Database) -> None:
    for code, name, kind, country, parent, grid, city in p.ENTITIES:
        esg_organisation.save_entity(
            db, ReportingEntity(code, name, EntityKind(kind), country, parent, grid, city)
        )
    for year in p.YEARS:
        esg_organisation.add_financial_year(db, date(year, 1, 1))


def _factors(db: Database) -> None:
    for fuel, density in (("diesel", "0.84"), ("gasoline", "0.73")):
        emission_factors.set_organisation_factor(
            db,
            Factor(
                id=f"org.density.{fuel}",
                kind=FactorKind.DENSITY,
                subject=fuel,
                value=Decimal(density),
                unit="kg/L",
                source="Average density on the fuel supplier's delivery notes, 2023-2025",
                title=f"Density of {fuel}",
                origin=Origin.ORGANISATION,
            ),
            MAKER,
        )


def _certificates(db: Database) -> None:
    """One purchase of green electricity certificates for FY2025: market-based Scope 2 falls
    below location-based (12 GWh of the Chongqing assembly plant's 14.2 GWh)."""
    contractual_instruments.record_instrument(
        db,
        ContractualInstrument(
            id=0,
            entity="ZLT-CQ",
            instrument=InstrumentType.CERTIFICATE,
            kwh=Decimal("12000000"),
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            kg_co2e_per_kwh=Decimal(0),
            evidence="Green electricity certificates (GEC) 2025-CQ-0000001 to 0012000, "
            "1 MWh each, cancelled for the assembly plant",
            note="Bought with the 2025 power supply contract; wind and solar, 2025 vintage.",
        ),
        MAKER,
    )


def demo_rows(rng: random.Random) -> Iterator[Row]:
    """Every demo value as a row of an import file."""
    for year in p.YEARS:
        yield from _monthly_rows(rng, year)
        yield from _annual_rows(year)
        yield from _workforce_rows(year)
        yield from _group_rows(year)


def _factor(year: int, f2024: Decimal, f2023: Decimal) -> Decimal:
    return {2025: Decimal(1), 2024: f2024, 2023: f2023}[year]


def _monthly_rows(rng: random.Random, year: int) -> Iterator[Row]:
    series: list[tuple[str, str, str, Decimal, str]] = [
        (metric, site, unit, amount * _factor(year, f24, f23), season)
        for metric, (unit, sites, f24, f23, season) in p.MONTHLY.items()
        for site, amount in sites.items()
    ]
    series += [("production_volume", site, "vehicle", Decimal(v[year]), "production")
               for site, v in p.VEHICLES.items()]  # fmt: skip
    series.append(("electricity_generated_renewable", "ZLT-XA", "kWh", p.SOLAR[year], "solar"))
    for metric, site, unit, annual, season in series:
        for month, value in enumerate(split(annual, p.SEASONS[season], rng), start=1):
            evidence = f"bills/{site}/{year}-{month:02d}-{metric}.pdf" if metric in SOURCES else ""
            yield _row(site, metric, f"{year}-{month:02d}", value, unit, "", evidence)


def _annual_rows(year: int) -> Iterator[Row]:
    for metric, (unit, sites, f24, f23) in p.ANNUAL.items():
        for site, amount in sites.items():
            value = amount * _factor(year, f24, f23)
            whole = unit in ("case", "day", "m2")
            yield _row(site, metric, str(year), _whole(value) if whole else _tidy(value), unit)
    for metric, parts, dimension, f24, f23 in (
        ("non_hazardous_waste", p.NON_HAZARDOUS, "waste_type", Decimal("0.98"), Decimal("1.03")),
        ("packaging_material", p.PACKAGING, "packaging_material", Decimal("0.96"), Decimal("0.92")),
    ):
        for site, members in parts.items():
            for member, amount in members.items():
                value = _tidy(amount * _factor(year, f24, f23))
                yield _row(site, metric, str(year), value, "t", f"{dimension}={member}")


def _workforce_rows(year: int) -> Iterator[Row]:
    for site, by_year in p.WORKFORCE.items():
        staff = by_year[year]
        shares = p.OFFICE_SHARES if site == "ZLT-HKO" else p.PLANT_SHARES
        yield _row(site, "workforce", str(year), Decimal(staff), "person")
        for dimension, weights in shares.items():
            for member, count in apportion(staff, weights).items():
                yield _row(site, "workforce", str(year), count, "person", f"{dimension}={member}")
        yield from _leaver_rows(site, year, staff, shares["region"])
        yield from _training_rows(site, year, apportion(staff, shares["employee_category"]),
                                  shares["gender"])  # fmt: skip


def _leaver_rows(site: str, year: int, staff: int, regions: Mapping[str, int]) -> Iterator[Row]:
    leavers = int(_whole(staff * p.TURNOVER[year]))
    yield _row(site, "employees_left", str(year), Decimal(leavers), "person")
    for dimension, weights in (*p.LEAVER_SHARES.items(), ("region", regions)):
        for member, count in apportion(leavers, weights).items():
            yield _row(site, "employees_left", str(year), count, "person", f"{dimension}={member}")


def _training_rows(
    site: str, year: int, categories: Mapping[str, Decimal], genders: Mapping[str, int]
) -> Iterator[Row]:
    trained = {c: _whole(n * p.TRAINED[c]) for c, n in categories.items()}
    effort = 1 + Decimal(year - 2025) / 25  # a little less training in earlier years
    tenths = {c: _whole(n * p.HOURS[c] * effort * 10) for c, n in trained.items()}
    for metric, unit, by_category, scale in (
        ("employees_trained", "person", trained, Decimal(1)),
        ("training_hours", "hour", tenths, Decimal(10)),
    ):
        total = sum(by_category.values(), Decimal(0))
        yield _row(site, metric, str(year), total / scale, unit)
        for category, value in by_category.items():
            yield _row(
                site, metric, str(year), value / scale, unit, f"employee_category={category}"
            )
        for gender, value in apportion(int(total), genders).items():
            yield _row(site, metric, str(year), value / scale, unit, f"gender={gender}")


def _group_rows(year: int) -> Iterator[Row]:
    for metric, (unit, by_year) in p.GROUP_FIGURES.items():
        yield _row(p.GROUP, metric, str(year), by_year[year], unit)
    for metric, unit, parts in (
        ("community_donations", "CNY", p.DONATIONS[year]),
        ("volunteer_hours", "hour", p.VOLUNTEERING[year]),
    ):
        for area, value in parts.items():
            yield _row(p.GROUP, metric, str(year), value, unit, f"focus_area={area}")


def _row(
    entity: str,
    metric: str,
    period: str,
    value: Decimal,
    unit: str,
    breakdown: str = "",
    evidence: str = "",
) -> Row:
    note = SOURCES.get(metric, "Annual return of the site's ESG coordinator")
    return (entity, metric, period, str(value), unit, breakdown, note, evidence)


def split(total: Decimal, weights: tuple[int, ...], rng: random.Random) -> list[Decimal]:
    """A yearly total spread over twelve months by weight, with noise, in whole units."""
    noisy = {
        month: Decimal(w) * Decimal(str(round(1 + rng.uniform(-NOISE, NOISE), 4)))
        for month, w in enumerate(weights)
    }
    return list(apportion(int(total), noisy).values())


def apportion(total: int, weights: Mapping[K, Decimal | int]) -> dict[K, Decimal]:
    """Whole numbers in proportion to the weights that add up exactly to the total."""
    scale = sum((Decimal(w) for w in weights.values()), Decimal(0))
    exact = {k: Decimal(total) * Decimal(w) / scale for k, w in weights.items()}
    parts = {k: v.to_integral_value(rounding=ROUND_FLOOR) for k, v in exact.items()}
    short = total - int(sum(parts.values(), Decimal(0)))
    for key in sorted(exact, key=lambda k: exact[k] - parts[k], reverse=True)[:short]:
        parts[key] += 1
    return parts


def _whole(value: Decimal) -> Decimal:
    return value.to_integral_value(ROUND_HALF_UP)


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _in_review(db: Database) -> None:
    """A few 2025 values still in review: one waiting for the checker, one sent back."""
    esg_data.submit_value(
        db, Entry("ZLT-WH", "steel_purchased", "2025", "4210.5", "t", "", "Purchase ledger"), MAKER
    )
    returned = esg_data.submit_value(
        db, Entry("ZLT-HKO", "work_injuries", "2025", "1", "case", "", "HR shared service"), MAKER
    )
    esg_data.review_value(
        db,
        returned.row.id,
        ReviewAction.RETURN,
        CHECKER,
        "This was a commuting accident; check whether it is work-related before resubmitting.",
    )


EXPLANATIONS = {
    (2024, "vehicles_recalled"): "A voluntary recall of 126 light trucks to replace a brake hose.",
    (2025, "vehicles_recalled"): "No recall in 2025.",
    (2024, "electricity_generated_renewable"): (
        "The rooftop solar plant of the Xi'an plant was extended from 0.5 MW to 1.2 MW."
    ),
    (2025, "electricity_generated_renewable"): (
        "A further 0.6 MW of rooftop panels was commissioned at the Xi'an plant."
    ),
    (2025, "lost_days"): "Fewer and less severe injuries after the forklift safety programme.",
    (2024, "lost_days"): "Fewer and less severe injuries after the forklift safety programme.",
    (2025, "work_injuries"): "Fewer injuries after the forklift safety programme.",
    (2024, "work_injuries"): "Fewer injuries after the forklift safety programme.",
    (2024, "community_donations"): "A new environmental education fund and a sports sponsorship.",
    (2024, "volunteer_hours"): "Employees joined a new vocational mentoring scheme.",
    (2025, "steel_purchased"): "The Wuhan plant buys its own steel from 2025 (was via Chongqing).",
}


def _explanations(db: Database) -> None:
    for (year, metric), text in EXPLANATIONS.items():
        esg_data.explain(db, year, esg_data.ExplanationKind.CHANGE, metric, text, MAKER)
