from decimal import Decimal

import pytest

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.metrics import Metric, Quantity
from supplyesg.services.esg_catalogue import shipped_catalogue
from supplyesg.services.units import (
    Conversion,
    conversion,
    conversion_factor,
    convert,
    metric_unit_problems,
    plain,
    pretty_unit,
    quantity_of,
    to_canonical,
)

CATALOGUE = shipped_catalogue()


def _metric(code: str) -> Metric:
    found = CATALOGUE.metric(code)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("metric", "value", "unit", "expected"),
    [
        ("electricity_purchased", "12.5", "MWh", "12500"),
        ("electricity_purchased", "1250", "kwh", "1250"),
        ("electricity_purchased", "3.6", "GJ", "1000"),
        ("electricity_purchased", "1", "GWh", "1000000"),
        ("natural_gas_stationary", "5035480", "m3", "5035480"),
        ("natural_gas_stationary", "5035480", "m³", "5035480"),
        ("natural_gas_stationary", "12", "Nm3", "12"),
        ("natural_gas_stationary", "2500", "L", "2.5"),
        ("diesel_mobile", "1.389259", "m**3", "1389.259"),
        ("diesel_mobile", "1389259", "litres", "1389259"),
        ("water_consumption", "693180", "tonnes", "693180"),
        ("water_consumption", "693180", "t", "693180"),
        ("hazardous_waste", "719720", "kg", "719.72"),
        ("lpg_stationary", "1500", "kg", "1.5"),
        ("workforce", "2980", "persons", "2980"),
        ("workforce", "2980", "count", "2980"),
        ("production_volume", "48500", "vehicles", "48500"),
        ("revenue", "2.5", "MCNY", "2500000"),
        ("revenue", "1000", "RMB", "1000"),
        ("lost_days", "48", "hours", "2"),
        ("training_hours", "1.5", "day", "36"),
        ("floor_area", "1", "km**2", "1000000"),
    ],
)
def test_values_are_converted_exactly_to_the_metric_unit(
    metric: str, value: str, unit: str, expected: str
) -> None:
    found = to_canonical(Decimal(value), unit, _metric(metric))
    assert found == Decimal(expected)
    assert str(found) == expected


@pytest.mark.parametrize(
    ("metric", "unit", "reason"),
    [
        (
            "electricity_purchased",
            "L",
            "L measures a volume, but the value must be an energy in kWh (electricity_purchased)",
        ),
        (
            "water_consumption",
            "kWh",
            "kWh measures an energy, but the value must be a volume in m**3 (water_consumption)",
        ),
        (
            "workforce",
            "%",
            "% measures a ratio, but the value must be a count in person (workforce)",
        ),
        (
            "revenue",
            "HKD",
            "HKD cannot become CNY without an exchange rate: convert it first (revenue)",
        ),
        ("hazardous_waste", "ton", "'ton' is ambiguous (short, long or metric): write t or tonne"),
        ("hazardous_waste", "bananas", "is not a unit we know (try kWh, m3, L, t, person, CNY)"),
        ("hazardous_waste", "12", "is a number, not a unit"),
        ("hazardous_waste", " ", "is required"),
    ],
)
def test_units_of_another_dimension_are_refused_with_the_reason(
    metric: str, unit: str, reason: str
) -> None:
    found = to_canonical(Decimal("1"), unit, _metric(metric))
    assert isinstance(found, Problem)
    assert (found.field, found.reason) == ("unit", reason)


def test_a_tonne_is_a_cubic_metre_only_for_water() -> None:
    assert isinstance(to_canonical(Decimal("1"), "t", _metric("natural_gas_stationary")), Problem)


@pytest.mark.parametrize(
    ("unit", "quantity"),
    [
        ("kWh", Quantity.ENERGY),
        ("t", Quantity.MASS),
        ("L", Quantity.VOLUME),
        ("vehicle", Quantity.COUNT),
        ("CNY", Quantity.CURRENCY),
        ("USD", Quantity.CURRENCY),
        ("hour", Quantity.DURATION),
        ("m**2", Quantity.AREA),
        ("percent", Quantity.RATIO),
        ("kg/L", None),
    ],
)
def test_each_unit_measures_one_quantity(unit: str, quantity: Quantity | None) -> None:
    assert quantity_of(unit) is quantity


def test_every_shipped_metric_has_a_unit_of_its_quantity() -> None:
    assert [p for m in CATALOGUE.metrics for p in metric_unit_problems(m)] == []
    wrong = Metric("x", "X", Quantity.ENERGY, "t")
    assert [p.reason for p in metric_unit_problems(wrong)] == ["is not a unit of energy"]


def test_conversions_are_worked_out_once_per_unit_pair() -> None:
    conversion.cache_clear()
    for _ in range(1000):
        to_canonical(Decimal("1"), "MWh", _metric("electricity_purchased"))
    info = conversion.cache_info()
    assert (info.misses, info.hits) == (1, 999)


def test_a_recurring_factor_is_applied_as_a_division() -> None:
    assert conversion("GJ", "kWh") == Conversion(Decimal(1), Decimal("0.0036"))
    assert conversion_factor("GJ", "MWh") == Decimal(1) / Decimal("3.6")


def test_reference_data_conversions_name_where_they_fail() -> None:
    assert convert(Decimal("74100"), "kg/TJ", "kg/GJ", "factors.x") == Decimal("74.1")
    with pytest.raises(InvalidInputError, match=r"factors\.x"):
        convert(Decimal("1"), "kg/TJ", "kg/kWh/m", "factors.x")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.25E+4", "12500"), ("74.100", "74.1"), ("0.00084", "0.00084"), ("0E-7", "0")],
)
def test_plain_numbers_have_no_exponent_nor_trailing_zeros(value: str, expected: str) -> None:
    assert str(plain(Decimal(value))) == expected


def test_units_are_shown_as_people_write_them() -> None:
    assert pretty_unit("kg/(m**3)") == "kg/m³"
    assert pretty_unit("m**2") == "m²"
