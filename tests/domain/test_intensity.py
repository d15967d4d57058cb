from decimal import Decimal

import pytest

from supplyesg.domain.figures import Figure
from supplyesg.domain.intensity import (
    change,
    intensity,
    prints_as_zero,
    ratio_figure,
    shown,
    significant,
)
from supplyesg.domain.metrics import Breakdown, Ratio

D = Decimal


@pytest.mark.parametrize(
    ("value", "normaliser", "expected"),
    [
        # the reference report: 39,525,934 kWh and 693,180 t of water for 48,500 vehicles
        (D("39525934"), D("48500"), D("814.97")),
        (D("693180"), D("48500"), D("14.29")),
        (D("719.72"), D("48500"), D("0.01")),
        (D("1000"), D("8"), D("125.00")),
    ],
)
def test_an_intensity_divides_by_the_normaliser(
    value: Decimal, normaliser: Decimal, expected: Decimal
) -> None:
    found = intensity(value, normaliser)
    assert found is not None
    assert found.quantize(D("0.01")) == expected


def test_there_is_no_intensity_per_nothing() -> None:
    assert intensity(D("10"), D("0")) is None


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (D("693180"), D("733685"), D("-0.05520761634761512093064462269")),
        (D("120"), D("100"), D("0.2")),
        (D("75"), D("100"), D("-0.25")),
        (D("5"), D("0"), None),
    ],
)
def test_year_on_year_change_is_relative_to_last_year(
    current: Decimal, previous: Decimal, expected: Decimal | None
) -> None:
    assert change(current, previous) == expected


@pytest.mark.parametrize(
    ("value", "figures", "expected"),
    [
        (D("0.01483958762886597938"), 3, D("0.0148")),
        (D("0.000534"), 2, D("0.00053")),
        (D("814.9677"), 3, D("815")),
        (D("123456"), 2, D("1.2E+5")),
        (D("0"), 3, D("0")),
    ],
)
def test_significant_figures(value: Decimal, figures: int, expected: Decimal) -> None:
    assert significant(value, figures) == expected
    assert str(significant(value, figures)) == str(expected)


@pytest.mark.parametrize(
    ("value", "decimals", "zero"),
    [(D("0.004"), 2, True), (D("0.005"), 2, False), (D("0"), 2, False), (D("0.0004"), 3, True)],
)
def test_small_values_that_would_print_as_zero(value: Decimal, decimals: int, zero: bool) -> None:
    assert prints_as_zero(value, decimals) is zero


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("814.9677"), "814.97"),
        (D("0.0148395"), "0.0148"),
        (D("0.000534"), "0.000534"),
        (D("14.2857"), "14.29"),
        (D("0"), "0.00"),
    ],
)
def test_a_report_shows_small_values_to_significant_figures(value: Decimal, expected: str) -> None:
    assert str(shown(value)) == expected


TURNOVER = Ratio(
    "turnover_rate",
    "Turnover rate",
    "employees_left",
    "workforce",
    "%",
    scale=D("100"),
    breakdowns=("gender",),
)


def test_a_ratio_divides_breakdown_by_breakdown() -> None:
    female, male = Breakdown("gender", "female"), Breakdown("gender", "male")
    left = Figure("employees_left", "GRP", 2025, D("150"), ((male, D("120")), (female, D("30"))))
    staff = Figure("workforce", "GRP", 2025, D("3000"), ((male, D("2400")), (female, D("600"))))
    rate = ratio_figure(TURNOVER, left, staff)
    assert rate.total == D("5")
    assert rate.by("gender") == (("male", D("5")), ("female", D("5")))


def test_a_ratio_skips_breakdowns_it_is_not_defined_by_or_lacks() -> None:
    under_30 = Breakdown("age_group", "under_30")
    female = Breakdown("gender", "female")
    left = Figure("employees_left", "GRP", 2025, D("10"), ((under_30, D("4")), (female, D("3"))))
    staff = Figure("workforce", "GRP", 2025, D("0"), ((under_30, D("50")),))
    rate = ratio_figure(TURNOVER, left, staff)
    assert rate.total is None
    assert rate.parts == ()
