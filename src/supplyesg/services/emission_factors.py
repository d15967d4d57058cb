"""The factor library: the shipped defaults (data/emission_factors) and the organisation's own.

Factors are converted on loading from the unit they were published in to the canonical unit
of their kind (domain.ghg.factors.FACTOR_UNITS), so calculations multiply plain Decimals. An
organisation factor keeps the value and unit it was entered in, and its source note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import OrganisationFactorRow
from supplyesg.db.repositories import esg_data as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem, refuse_if
from supplyesg.domain.ghg.factors import (
    CARBON_DIOXIDE,
    DEFAULT_SET,
    ELECTRICITY_KINDS,
    FACTOR_UNITS,
    Basis,
    Factor,
    FactorKind,
    FactorLibrary,
    Fuel,
    Origin,
    Refrigerant,
    factor_problems,
)
from supplyesg.domain.metrics import Catalogue
from supplyesg.services.units import conversion_factor, convert, plain, pretty_unit

FACTOR_FILE = (
    Path(__file__).resolve().parents[3] / "data" / "emission_factors" / "default-2025.yaml"
)
ELECTRICITY_UNIT = "kWh"


@lru_cache(maxsize=4)
def default_library(path: Path = FACTOR_FILE) -> FactorLibrary:
    """The shipped fuels and default factors, converted to canonical units."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        fuels = tuple(_fuel(f) for f in document["fuels"])
        units = {f.code: f.unit for f in fuels}
        factors = tuple(_default(entry, units) for entry in document["factors"])
        refrigerants = tuple(_refrigerant(r) for r in document.get("refrigerants", ()))
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise InvalidInputError(
            f"The factor file {path.name} cannot be read.",
            [Problem(path.name, f"malformed entry: {error}")],
        ) from error
    library = FactorLibrary(str(document["version"]), fuels, factors, (), refrigerants)
    refuse_if(_library_problems(library), f"The factor file {path.name} is inconsistent.")
    return library


def _fuel(entry: Mapping[str, Any]) -> Fuel:
    return Fuel(
        code=entry["code"],
        title=entry["title"],
        unit=entry["unit"],
        by_mass=bool(entry.get("by_mass", False)),
        density=entry.get("density"),
        calorific_value=entry.get("calorific_value"),
        emission_factors=tuple(entry.get("emission_factors", ())),
        stationary_factors=tuple(entry.get("stationary_factors", ())),
        mobile_factors=tuple(entry.get("mobile_factors", ())),
        factor_set=entry.get("factor_set", DEFAULT_SET),
    )


def _refrigerant(entry: Mapping[str, Any]) -> Refrigerant:
    composition = tuple(
        (str(gas), Decimal(str(fraction))) for gas, fraction in entry["composition"].items()
    )
    return Refrigerant(
        entry["code"], entry["title"], composition, " ".join(str(entry["source"]).split())
    )


def _default(entry: Mapping[str, Any], fuel_units: Mapping[str, str]) -> Factor:
    published = Factor(
        id=entry["id"],
        kind=FactorKind(entry["kind"]),
        subject=entry["subject"],
        value=Decimal(str(entry["value"])),
        unit=entry["unit"],
        source=" ".join(str(entry["source"]).split()),
        title=entry.get("title", ""),
        gas=entry.get("gas", CARBON_DIOXIDE),
        basis=Basis(entry.get("basis", "activity")),
        year=entry.get("year"),
    )
    return canonical(published, fuel_units, f"factors.{published.id}")


def canonical_unit(kind: FactorKind, basis: Basis, activity_unit: str | None) -> str:
    """The unit a factor of this kind and basis is held in."""
    unit = FACTOR_UNITS[(kind, basis)]
    if "{activity}" in unit:
        if activity_unit is None:
            raise ValueError(f"a {kind} factor per unit metered needs a fuel")
        unit = unit.format(activity=f"({activity_unit})")
    return unit


def canonical(factor: Factor, fuel_units: Mapping[str, str], where: str) -> Factor:
    """The factor with its value converted to the canonical unit of its kind and basis."""
    published = f"{plain(factor.value)} {factor.unit}"
    if factor.kind is FactorKind.GWP:
        # a ratio of masses: kg CO2e per kg of the gas, whatever the spelling
        return replace(factor, unit=FACTOR_UNITS[(factor.kind, factor.basis)], published=published)
    activity = None if factor.kind in ELECTRICITY_KINDS else fuel_units.get(factor.subject)
    target = canonical_unit(factor.kind, factor.basis, activity)
    value = convert(factor.value, factor.unit, target, where)
    return replace(factor, value=value, unit=pretty_unit(target), published=published)


def _library_problems(library: FactorLibrary) -> list[Problem]:
    problems = []
    for fuel in library.fuels:
        for name, factor_id in (
            ("calorific_value", fuel.calorific_value),
            *(("emission_factors", f) for f in fuel.factor_ids()),
        ):
            if factor_id and library.factor(factor_id) is None:
                where = f"fuels.{fuel.code}.{fuel.factor_set}.{name}"
                problems.append(Problem(where, "is not a factor", factor_id))
    for refrigerant in library.refrigerants:
        if sum(f for _, f in refrigerant.composition) != 1:
            where = f"refrigerants.{refrigerant.code}.composition"
            problems.append(Problem(where, "mass fractions must add up to 1", refrigerant.code))
    ids = [f.id for f in library.defaults]
    problems += [
        Problem("factors.id", "is used more than once", i)
        for i in sorted(set(ids))
        if ids.count(i) > 1
    ]
    return problems


def catalogue_fit_problems(catalogue: Catalogue, library: FactorLibrary) -> list[Problem]:
    """Fuel metrics must use their fuel's unit and electricity metrics kWh."""
    problems = []
    for metric in catalogue.metrics:
        if metric.fuel is not None:
            fuel = library.fuel(metric.fuel)
            if fuel is None:
                problems.append(
                    Problem(f"metrics.{metric.code}.fuel", "is not a fuel", metric.fuel)
                )
            elif conversion_factor(metric.unit, fuel.unit) != 1:
                problems.append(
                    Problem(f"metrics.{metric.code}.unit", f"must be {fuel.unit}", metric.unit)
                )
        if metric.refrigerant is not None and library.refrigerant(metric.refrigerant) is None:
            problems.append(
                Problem(
                    f"metrics.{metric.code}.refrigerant", "is not a refrigerant", metric.refrigerant
                )
            )
        if (metric.electricity or metric.renewable) and metric.unit != ELECTRICITY_UNIT:
            problems.append(
                Problem(f"metrics.{metric.code}.unit", f"must be {ELECTRICITY_UNIT}", metric.unit)
            )
    return problems


def _own(row: OrganisationFactorRow, fuel_units: Mapping[str, str]) -> Factor:
    entered = _entered(row)
    return canonical(entered, fuel_units, f"organisation factor {row.factor_id}")


def _entered(row: OrganisationFactorRow) -> Factor:
    return Factor(
        id=row.factor_id,
        kind=FactorKind(row.kind),
        subject=row.subject,
        value=plain(row.value),
        unit=row.unit,
        source=row.source_note,
        title=row.title,
        gas=row.gas,
        basis=Basis(row.basis),
        year=row.year,
        origin=Origin.ORGANISATION,
    )


def library_in(session: Session) -> FactorLibrary:
    """The defaults with the organisation's own factors on top, inside a transaction."""
    defaults = default_library()
    units = {f.code: f.unit for f in defaults.fuels}
    own = tuple(_own(row, units) for row in repo.organisation_factors(session))
    return FactorLibrary(
        defaults.version, defaults.fuels, defaults.defaults, own, defaults.refrigerants
    )


def library(db: Database) -> FactorLibrary:
    """The factor library in force."""
    with db.transaction() as session:
        return library_in(session)


def organisation_factors(db: Database) -> Sequence[Factor]:
    """The organisation's own factors, as entered (value and unit as typed)."""
    with db.transaction() as session:
        return [_entered(row) for row in repo.organisation_factors(session)]


def set_organisation_factor(
    db: Database, factor: Factor, actor: str, clock: Clock = SYSTEM_CLOCK
) -> Factor:
    """Record an organisation factor (replacing one with the same id); returns it as used."""
    defaults = default_library()
    units = {f.code: f.unit for f in defaults.fuels}
    problems = factor_problems(factor, defaults.fuels)
    if not problems:
        try:
            used = canonical(replace(factor, origin=Origin.ORGANISATION), units, "unit")
        except InvalidInputError as error:
            problems = [Problem("unit", p.reason, factor.unit) for p in error.problems]
    refuse_if(problems, "The factor cannot be saved.")
    with db.transaction() as session:
        row = repo.organisation_factor(session, factor.id)
        if row is None:
            row = OrganisationFactorRow(factor_id=factor.id)
            session.add(row)
        row.kind = str(factor.kind)
        row.subject = factor.subject
        row.gas = factor.gas
        row.basis = str(factor.basis)
        row.value = factor.value
        row.unit = factor.unit
        row.year = factor.year
        row.title = factor.title.strip()
        row.source_note = factor.source.strip()
        row.updated_by = actor
        row.updated_at = clock.now()
    return used


def remove_organisation_factor(db: Database, factor_id: str) -> None:
    """Drop an organisation factor; the default (if any) applies again."""
    with db.transaction() as session:
        row = repo.organisation_factor(session, factor_id)
        if row is None:
            raise NotFoundError(f"There is no organisation factor {factor_id!r}.")
        session.delete(row)


def factors_in_force(db: Database) -> Iterable[Factor]:
    """Every factor in force, organisation ones first, in canonical units."""
    return library(db).in_force
