from decimal import Decimal

import pytest

from supplyesg.domain.errors import Problem
from supplyesg.domain.metrics import (
    Breakdown,
    Catalogue,
    Dimension,
    KpiRequirement,
    KpiSource,
    Member,
    Metric,
    Quantity,
    Ratio,
    catalogue_problems,
    custom_metric_problems,
    parse_breakdown,
    unit_alias,
    value_problems,
)

GENDER = Dimension("gender", "Gender", (Member("female", "Female"), Member("male", "Male")))
WORKFORCE = Metric(
    "workforce",
    "Workforce",
    Quantity.COUNT,
    "person",
    kpis=("B1.1",),
    breakdowns=("gender",),
    whole_numbers=True,
)
WATER = Metric(
    "water", "Water", Quantity.VOLUME, "m**3", unit_aliases=(("t", "m**3"), ("tonnes", "m**3"))
)
CATALOGUE = Catalogue(
    "test",
    "Test",
    (GENDER,),
    (WORKFORCE, WATER),
    (Ratio("rate", "Rate", "water", "workforce", "m3/person"),),
    (KpiRequirement("B1.1", "Workforce", "comply_or_explain", KpiSource.ENTERED),),
)


def test_a_consistent_catalogue_has_no_problems() -> None:
    assert catalogue_problems(CATALOGUE) == []


def test_a_catalogue_with_dangling_references_lists_each() -> None:
    broken = Catalogue(
        "x",
        "X",
        (GENDER, GENDER),
        (Metric("m", "M", Quantity.MASS, "t", kpis=("A9.9",), breakdowns=("age_group",)),),
        (Ratio("r", "R", "m", "nope", "%"),),
        (KpiRequirement("A1.3", "Waste", "comply_or_explain", KpiSource.ENTERED),),
    )
    assert [(p.field, p.value) for p in catalogue_problems(broken)] == [
        ("dimensions.code", "gender"),
        ("metrics.m.breakdowns", "age_group"),
        ("ratios.r", "nope"),
        ("metrics.m.kpis", "A9.9"),
    ]


@pytest.mark.parametrize(
    ("metric", "breakdown", "value", "reason_part"),
    [
        (WORKFORCE, None, Decimal("-1"), "zero or a positive"),
        (WORKFORCE, None, Decimal("NaN"), "zero or a positive"),
        (WORKFORCE, None, Decimal("10.5"), "whole numbers"),
        (WORKFORCE, Breakdown("age_group", "under_30"), Decimal("3"), "not broken down by"),
        (WORKFORCE, Breakdown("gender", "other"), Decimal("3"), "not a gender"),
        (WATER, Breakdown("gender", "female"), Decimal("3"), "allowed: none"),
    ],
)
def test_values_breaking_a_rule_are_refused(
    metric: Metric, breakdown: Breakdown | None, value: Decimal, reason_part: str
) -> None:
    problems = value_problems(metric, breakdown, value, CATALOGUE)
    assert len(problems) == 1
    assert reason_part in problems[0].reason


@pytest.mark.parametrize(
    ("metric", "breakdown", "value"),
    [
        (WORKFORCE, None, Decimal("2980")),
        (WORKFORCE, Breakdown("gender", "female"), Decimal("512")),
        (WATER, None, Decimal("693180.25")),
        (WATER, None, Decimal("0")),
    ],
)
def test_valid_values_pass(metric: Metric, breakdown: Breakdown | None, value: Decimal) -> None:
    assert value_problems(metric, breakdown, value, CATALOGUE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("gender=female", Breakdown("gender", "female")),
        (" Gender = Female ", Breakdown("gender", "female")),
    ],
)
def test_breakdowns_are_read_as_dimension_equals_member(
    text: str, expected: Breakdown | None
) -> None:
    assert parse_breakdown(text) == expected


@pytest.mark.parametrize("text", ["female", "gender=", "=female"])
def test_a_breakdown_without_both_sides_is_a_problem(text: str) -> None:
    assert isinstance(parse_breakdown(text), Problem)


def test_a_breakdown_key_round_trips() -> None:
    breakdown = Breakdown("age_group", "30_to_50")
    assert breakdown.key == "age_group=30_to_50"
    assert Breakdown.from_key(breakdown.key) == breakdown
    assert Breakdown.from_key("") is None


def test_a_tonne_of_water_is_read_as_a_cubic_metre() -> None:
    assert unit_alias(WATER, "tonnes") == "m**3"
    assert unit_alias(WATER, "L") == "L"
    assert unit_alias(WORKFORCE, "t") == "t"


@pytest.mark.parametrize(
    ("metric", "fields"),
    [
        (Metric("scrap_sold", "Scrap sold", Quantity.MASS, "t"), []),
        (Metric("Scrap", "Scrap", Quantity.MASS, "t"), ["code"]),
        (Metric("water", "Water again", Quantity.VOLUME, "m**3"), ["code"]),
        (Metric("scrap", " ", Quantity.MASS, "t", breakdowns=("colour",)), ["title", "breakdowns"]),
    ],
)
def test_custom_metrics_follow_the_catalogue_rules(metric: Metric, fields: list[str]) -> None:
    assert [p.field for p in custom_metric_problems(metric, CATALOGUE)] == fields


def test_custom_metrics_extend_the_catalogue() -> None:
    scrap = Metric("scrap", "Scrap", Quantity.MASS, "t", custom=True)
    extended = CATALOGUE.with_custom([scrap])
    assert extended.metric("scrap") == scrap
    assert CATALOGUE.metric("scrap") is None
    assert extended.metrics_for_kpi("B1.1") == (WORKFORCE,)
