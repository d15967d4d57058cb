"""Units: a value entered in any unit of the right dimension becomes a Decimal in the canonical one.

This is the only module that knows pint. Conversions are exact decimals (the registry works in
Decimal) and are worked out once per distinct (unit, canonical unit) pair, however many rows
an import has. A unit of another dimension is refused with the reason (litres for an energy
metric), and so is "ton", which means a short, long or metric ton depending on who writes it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Any

import pint

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.metrics import Metric, Quantity, unit_alias

_DEFINITIONS = (
    # pint's own `count` is dimensionless; a count of things gets a dimension of its own so that
    # a percentage is never taken for a headcount.
    "countable = [count] = number_of",
    "person = countable = _ = persons = people = employee = employees",
    "vehicle = countable = _ = vehicles",
    "case = countable = _ = cases",
    "supplier = countable = _ = suppliers",
    "CNY = [currency_CNY] = RMB = yuan",
    "HKD = [currency_HKD]",
    "USD = [currency_USD]",
    "EUR = [currency_EUR]",
)

_SPELLINGS = {
    "kwh": "kWh",
    "mwh": "MWh",
    "gwh": "GWh",
    "mj": "MJ",
    "gj": "GJ",
    "tj": "TJ",
    "nm3": "m**3",
    "nm³": "m**3",
    "cbm": "m**3",
    "sqm": "m**2",
    "sq m": "m**2",
    "tons co2e": "t",
    "tco2e": "t",
    "kgco2e": "kg",
    "count": "countable",
    "number": "countable",
    "no.": "countable",
}
_AMBIGUOUS = {"ton", "tons", "short_ton", "long_ton"}
MAX_UNIT_LENGTH = 40
"""Longer text is not a unit anybody writes; it is refused before pint sees it."""
_UNIT_TEXT = re.compile(r"[\w .*/^()%²³µ°-]+")
"""Letters, digits and the operators of a unit (kWh, m**3, kg/(m**3), t CO2e, %); nothing else."""
_NOT_A_UNIT = "is not a unit we know (try kWh, m3, L, t, person, CNY)"
_POWER = re.compile(r"(?<=[A-Za-z])([23])\b")

_REPRESENTATIVE: dict[Quantity, str] = {
    Quantity.ENERGY: "kWh",
    Quantity.MASS: "t",
    Quantity.VOLUME: "m**3",
    Quantity.COUNT: "countable",
    Quantity.DURATION: "hour",
    Quantity.AREA: "m**2",
    Quantity.RATIO: "percent",
}
_SIGNIFICANT_DIGITS = 20


_REGISTRY: list[Any] = []
_REGISTRY_LOCK = threading.Lock()


def registry() -> pint.UnitRegistry:  # type: ignore[type-arg]
    """The one unit registry of the process, computing in Decimal, with counts and currencies.

    Built once under a lock: quantities of two registries cannot be combined, so two requests
    arriving together at start-up must not each build their own.
    """
    if not _REGISTRY:
        with _REGISTRY_LOCK:
            if not _REGISTRY:
                units: Any = pint.UnitRegistry(non_int_type=Decimal)
                for definition in _DEFINITIONS:
                    units.define(definition)
                _REGISTRY.append(units)
    return _REGISTRY[0]  # type: ignore[no-any-return]


def _spelled(unit: str) -> str:
    text = unit.strip()
    text = _SPELLINGS.get(text.lower(), text)
    return _POWER.sub(r"**\1", text)


@lru_cache(maxsize=4096)
def _parsed(unit: str) -> Any | Problem:
    text = _spelled(unit)
    if not text:
        return Problem("unit", "is required", unit)
    if text.lower() in _AMBIGUOUS:
        return Problem("unit", "'ton' is ambiguous (short, long or metric): write t or tonne", unit)
    if len(text) > MAX_UNIT_LENGTH:
        too_long = f"is longer than {MAX_UNIT_LENGTH} characters"
        return Problem("unit", too_long, unit[:MAX_UNIT_LENGTH])
    if not _UNIT_TEXT.fullmatch(text):
        return Problem("unit", _NOT_A_UNIT, unit)
    try:
        parsed = registry().parse_expression(text)
        magnitude = Decimal(str(parsed.magnitude)) if hasattr(parsed, "units") else None
    except Exception:  # pint's tokenizer and Decimal raise many kinds; all mean "no"
        return Problem("unit", _NOT_A_UNIT, unit)
    if magnitude is None or parsed.units == registry().dimensionless:
        return Problem("unit", "is a number, not a unit", unit)
    if not magnitude.is_finite() or magnitude <= 0:
        return Problem("unit", "must be a unit such as kWh, not an expression of one", unit)
    return registry().Quantity(magnitude, parsed.units)


def quantity_of(unit: str) -> Quantity | None:
    """Which of the catalogue's quantities a unit measures, if any."""
    parsed = _parsed(unit)
    if isinstance(parsed, Problem):
        return None
    if any(str(d).startswith("[currency_") for d in parsed.dimensionality):
        return Quantity.CURRENCY
    for quantity, representative in _REPRESENTATIVE.items():
        reference = _parsed(representative)
        if not isinstance(reference, Problem) and parsed.dimensionality == reference.dimensionality:
            return quantity
    return None


@dataclass(frozen=True, slots=True)
class Conversion:
    """value x multiplier / divisor: one of them is 1, the other a finite decimal when possible.

    GJ to kWh is x 277.77...; it is done as / 0.0036 instead, so 3.6 GJ is exactly 1000 kWh.
    """

    multiplier: Decimal
    divisor: Decimal = Decimal(1)

    def apply(self, value: Decimal) -> Decimal:
        """The value converted."""
        if self.multiplier == 1 and self.divisor == 1:
            return value
        return plain(value * self.multiplier / self.divisor)


@lru_cache(maxsize=4096)
def conversion(unit: str, canonical: str) -> Conversion | Problem:
    """How a value in `unit` becomes one in `canonical`; a Problem if it cannot."""
    forward = _magnitude(unit, canonical)
    if isinstance(forward, Problem) or _is_short(forward):
        return forward if isinstance(forward, Problem) else Conversion(forward)
    backward = _magnitude(canonical, unit)
    if isinstance(backward, Decimal) and _is_short(backward):
        return Conversion(Decimal(1), backward)
    return Conversion(forward)


def conversion_factor(unit: str, canonical: str) -> Decimal | Problem:
    """What a value in `unit` is multiplied by to be in `canonical`."""
    found = conversion(unit, canonical)
    if isinstance(found, Problem):
        return found
    return plain(found.multiplier / found.divisor)


def _magnitude(unit: str, canonical: str) -> Decimal | Problem:
    source, target = _parsed(unit), _parsed(canonical)
    if isinstance(source, Problem):
        return source
    if isinstance(target, Problem):
        return Problem("unit", f"the canonical unit {canonical!r} is not a unit", canonical)
    try:
        magnitude = source.to(target.units).magnitude / target.magnitude
    except pint.errors.DimensionalityError:
        return Problem("unit", _mismatch(unit, canonical), unit)
    except ArithmeticError:  # kWh**9**9: a power too large for any conversion
        return Problem("unit", _NOT_A_UNIT, unit)
    with localcontext() as context:
        context.prec = _SIGNIFICANT_DIGITS
        found = plain(+Decimal(str(magnitude)))
    if not found.is_finite() or found == 0:
        return Problem("unit", _NOT_A_UNIT, unit)
    return found


def _is_short(number: Decimal) -> bool:
    """Whether a number is exact: far fewer digits than the precision it was computed at."""
    return len(number.as_tuple().digits) < _SIGNIFICANT_DIGITS - 4


def _mismatch(unit: str, canonical: str) -> str:
    given, wanted = quantity_of(unit), quantity_of(canonical)
    if given is Quantity.CURRENCY and wanted is Quantity.CURRENCY:
        return f"{unit} cannot become {canonical} without an exchange rate: convert it first"
    given_text = f"measures {_article(given)}" if given else "is of another dimension"
    return f"{unit} {given_text}, but the value must be {_article(wanted)} in {canonical}"


def _article(quantity: Quantity | None) -> str:
    if quantity is None:
        return "of its own dimension"
    return f"an {quantity}" if str(quantity)[0] in "aeiou" else f"a {quantity}"


def plain(value: Decimal) -> Decimal:
    """The same number without exponent or trailing zeros (1.25E+4 -> 12500, 74.100 -> 74.1)."""
    return Decimal(format(value.normalize(), "f"))


def to_canonical(value: Decimal, unit: str, metric: Metric) -> Decimal | Problem:
    """A value entered in `unit` expressed in the metric's unit, or why it cannot be."""
    source = unit_alias(metric, unit)
    found = conversion(source, metric.unit)
    if isinstance(found, Problem):
        if not isinstance(_parsed(source), Problem):
            return Problem("unit", f"{found.reason} ({metric.code})", unit)
        return found
    return found.apply(value)


def convert(value: Decimal, unit: str, target: str, where: str) -> Decimal:
    """A reference-data value in `target`; raises InvalidInputError naming `where` if it cannot."""
    found = conversion(unit, target)
    if isinstance(found, Problem):
        raise InvalidInputError(
            f"{where}: {unit!r} cannot be converted to {target!r}.",
            [Problem(where, found.reason, unit)],
        )
    return plain(value * found.multiplier / found.divisor)


def metric_unit_problems(metric: Metric) -> list[Problem]:
    """Whether a metric's canonical unit is a unit of the quantity it declares."""
    if quantity_of(metric.unit) is metric.quantity:
        return []
    return [
        Problem(
            f"metrics.{metric.code}.unit",
            f"is not a unit of {metric.quantity}",
            metric.unit,
        )
    ]


def pretty_unit(unit: str) -> str:
    """A unit as people write it: m**3 -> m³, kg/(m**3) -> kg/m³."""
    shown = unit.replace("**2", "²").replace("**3", "³")
    return re.sub(r"\(([^()*/ ]+)\)", r"\1", shown)
