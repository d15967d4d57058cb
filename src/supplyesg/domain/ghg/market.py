"""Scope 2, market-based: electricity as the contracts an entity holds say it was generated.

GHG Protocol Scope 2 Guidance (2015), ch. 6: an entity that buys contractual instruments
(energy attribute certificates such as China's green electricity certificates, power purchase
agreements, a supplier's specific emission rate) reports the electricity they cover at the
instrument's emission factor (0 for renewable certificates), and the rest at the residual mix
of its grid, or, where no residual mix is published, at the grid's average (location-based)
factor, which the figure then says it used (6.11, Table 6.3). Market-based Scope 2 is reported
beside the location-based figure, never added to it.

An instrument counts in a financial year when its period lies within the year (the Scope 2
quality criterion on vintage, Table 7.1); instruments of an entity cannot cover more electricity
than it consumed: the excess is not counted and is a gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import CO2_EQUIVALENT, Factor, Origin
from supplyesg.domain.ghg.traces import (
    TONNES_PER_KG,
    Activity,
    CalculationLine,
    FactorUse,
    Scope,
    calculation_line,
    to_co2e,
)

MAX_EVIDENCE = 300
MAX_NOTE = 2000
MAX_KWH = Decimal("1e12")
ENTITY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class InstrumentType(StrEnum):
    """The kind of contract that conveys the emission rate of electricity (Scope 2 Guidance 6.6)."""

    CERTIFICATE = "certificate"
    """An energy attribute certificate: a green electricity certificate (GEC), an I-REC."""
    PPA = "ppa"
    """A power purchase agreement with a generator, with the attributes bundled."""
    SUPPLIER_SPECIFIC = "supplier_specific"
    """The electricity supplier's own emission rate of the product bought."""

    @property
    def is_renewable_by_default(self) -> bool:
        """Whether the instrument's factor is 0 unless stated (certificates and PPAs of
        renewable generation); a supplier's rate must always be stated."""
        return self is not InstrumentType.SUPPLIER_SPECIFIC


class MarketBasis(StrEnum):
    """Which factor a market-based line of electricity used."""

    INSTRUMENT = "instrument"
    RESIDUAL_MIX = "residual_mix"
    LOCATION_FALLBACK = "location_fallback"


@dataclass(frozen=True, slots=True)
class ContractualInstrument:
    """A contractual instrument an entity holds for electricity it consumed in a period."""

    id: int
    entity: str
    instrument: InstrumentType
    kwh: Decimal
    starts_on: date
    ends_on: date
    kg_co2e_per_kwh: Decimal
    evidence: str
    note: str = ""

    @property
    def factor(self) -> FactorUse:
        """The instrument's emission factor as a step of the working, citing its evidence."""
        return FactorUse(
            f"instrument.{self.id}",
            f"{INSTRUMENT_TITLES[self.instrument]}, {self.starts_on} to {self.ends_on}",
            self.kg_co2e_per_kwh,
            "kg/kWh",
            f"Evidence: {self.evidence}",
            self.ends_on.year,
            Origin.ORGANISATION,
        )


INSTRUMENT_TITLES: Mapping[InstrumentType, str] = {
    InstrumentType.CERTIFICATE: "Energy attribute certificate",
    InstrumentType.PPA: "Power purchase agreement",
    InstrumentType.SUPPLIER_SPECIFIC: "Supplier-specific emission factor",
}


def instrument_problems(instrument: ContractualInstrument) -> list[Problem]:
    """Why an instrument cannot be recorded as entered."""
    problems: list[Problem] = []
    if not ENTITY_CODE.fullmatch(instrument.entity):
        problems.append(Problem("entity", "is not an entity code", instrument.entity))
    if not instrument.kwh.is_finite() or not 0 < instrument.kwh <= MAX_KWH:
        problems.append(
            Problem("kwh", f"must be more than 0 and at most {MAX_KWH:,}", str(instrument.kwh))
        )
    if instrument.ends_on < instrument.starts_on:
        problems.append(
            Problem("ends_on", "must be on or after starts_on", str(instrument.ends_on))
        )
    rate = instrument.kg_co2e_per_kwh
    if rate.is_nan():
        problems.append(Problem("kg_co2e_per_kwh", "state the instrument's emission factor", ""))
    elif not rate.is_finite() or rate < 0 or rate > 10:
        problems.append(Problem("kg_co2e_per_kwh", "must be between 0 and 10 kg/kWh", str(rate)))
    if not instrument.evidence.strip():
        problems.append(
            Problem("evidence", "name the certificate, contract or statement (its number)", "")
        )
    if len(instrument.evidence) > MAX_EVIDENCE:
        problems.append(
            Problem("evidence", f"at most {MAX_EVIDENCE} characters", len(instrument.evidence))
        )
    if len(instrument.note) > MAX_NOTE:
        problems.append(Problem("note", f"at most {MAX_NOTE} characters", len(instrument.note)))
    return problems


def instruments_in(
    instruments: Iterable[ContractualInstrument], starts_on: date, ends_on: date
) -> tuple[ContractualInstrument, ...]:
    """The instruments whose period lies within a financial year, in the order given."""
    return tuple(i for i in instruments if starts_on <= i.starts_on and i.ends_on <= ends_on)


def period_problems(
    starts_on: date, ends_on: date, years: Mapping[int, tuple[date, date]]
) -> list[Problem]:
    """An instrument's period must lie within one financial year, or it would count in none."""
    if any(start <= starts_on and ends_on <= end for start, end in years.values()):
        return []
    return [
        Problem(
            "starts_on",
            "the period must lie within one financial year of the organisation",
            f"{starts_on}..{ends_on}",
        )
    ]


@dataclass(frozen=True, slots=True)
class EntityElectricity:
    """The electricity an entity consumed in a year and the factors of its grid."""

    entity: str
    activities: tuple[Activity, ...]
    location: Factor | None
    residual: Factor | None


def market_lines(
    electricity: EntityElectricity,
    instruments: Sequence[ContractualInstrument],
    gwps: Mapping[str, Factor],
) -> tuple[tuple[CalculationLine, ...], tuple[Problem, ...]]:
    """The market-based Scope 2 lines of one entity: each instrument's kWh at its factor, then
    the kWh no instrument covers at the residual mix, else at the location factor."""
    consumed = sum((a.amount for a in electricity.activities), Decimal(0))
    lines: list[CalculationLine] = []
    problems: list[Problem] = []
    covered = Decimal(0)
    template = electricity.activities[0] if electricity.activities else None
    for instrument in instruments:
        applied = min(instrument.kwh, consumed - covered)
        if applied < instrument.kwh:
            problems.append(_excess(instrument, applied, consumed))
        if applied <= 0 or template is None:
            continue
        covered += applied
        activity = _part(template, applied)
        steps = (instrument.factor, TONNES_PER_KG)
        lines.append(_line(activity, CO2_EQUIVALENT, steps, MarketBasis.INSTRUMENT, ""))
    remainder = consumed - covered
    if remainder > 0 and template is not None:
        line = _uncovered(_part(template, remainder), electricity, gwps)
        if isinstance(line, Problem):
            problems.append(line)
        else:
            lines.append(line)
    return tuple(lines), tuple(problems)


def _uncovered(
    activity: Activity, electricity: EntityElectricity, gwps: Mapping[str, Factor]
) -> CalculationLine | Problem:
    factor = electricity.residual or electricity.location
    if factor is None:
        return Problem(
            "grid_factor",
            f"no residual mix nor grid factor for region {activity.subject}: market-based "
            "Scope 2 of the electricity no instrument covers is missing, not 0",
            activity.entity,
        )
    steps = to_co2e((FactorUse.of(factor),), factor.gas, gwps)
    if isinstance(steps, Problem):
        return Problem(steps.field, steps.reason, activity.entity)
    if electricity.residual is not None:
        note = f"residual mix: {factor.title}"
        return _line(activity, factor.gas, steps, MarketBasis.RESIDUAL_MIX, note)
    note = (
        f"no residual mix is published for {activity.subject}: the location-based factor "
        f"({factor.title}) is used for the electricity no instrument covers"
    )
    return _line(activity, factor.gas, steps, MarketBasis.LOCATION_FALLBACK, note)


def _part(activity: Activity, kwh: Decimal) -> Activity:
    # normalize(): the same number, without the trailing zeros a subtraction adds to its digits
    return Activity(
        activity.entity,
        activity.metric,
        kwh.normalize(),
        activity.unit,
        activity.category,
        activity.subject,
        activity.country,
    )


def _line(
    activity: Activity, gas: str, steps: tuple[FactorUse, ...], basis: MarketBasis, note: str
) -> CalculationLine:
    line = calculation_line(Scope.ENERGY_INDIRECT, activity, gas, steps)
    return replace(line, basis=str(basis), note=note)


def _excess(instrument: ContractualInstrument, applied: Decimal, consumed: Decimal) -> Problem:
    return Problem(
        "instrument_excess",
        f"instrument {instrument.id} ({instrument.evidence}) is for {instrument.kwh:,} kWh, but "
        f"only {max(applied, Decimal(0)):,} kWh of the {consumed:,} kWh {instrument.entity} "
        "consumed are left to cover: the excess is not counted",
        instrument.entity,
    )
