from decimal import Decimal

import pytest

from supplyesg.domain.figures import (
    MONTHS,
    QUARTERS,
    DataPoint,
    Figure,
    contributions,
    missing_slices,
    own_values,
    roll_up,
    year_value,
)
from supplyesg.domain.metrics import (
    Aggregation,
    Breakdown,
    Catalogue,
    Dimension,
    Member,
    Metric,
    Quantity,
)
from supplyesg.domain.organisation import WHOLE_YEAR, PeriodSlice

FLOW = Metric("electricity", "Electricity", Quantity.ENERGY, "kWh")
STOCK = Metric(
    "workforce",
    "Workforce",
    Quantity.COUNT,
    "person",
    aggregation=Aggregation.YEAR_END,
    breakdowns=("gender", "age_group"),
)
CATALOGUE = Catalogue(
    "t",
    "T",
    (
        Dimension("gender", "Gender", (Member("male", "Male"), Member("female", "Female"))),
        Dimension("age_group", "Age", (Member("under_30", "<30"), Member("30_to_50", "30-50"))),
    ),
    (FLOW, STOCK),
)
D = Decimal


def _months(*values: str) -> dict[PeriodSlice, Decimal]:
    return {MONTHS[i]: D(v) for i, v in enumerate(values)}


@pytest.mark.parametrize(
    ("slices", "aggregation", "expected"),
    [
        ({WHOLE_YEAR: D("1200")}, Aggregation.SUM, D("1200")),
        ({WHOLE_YEAR: D("1200"), MONTHS[0]: D("5")}, Aggregation.SUM, D("1200")),
        ({q: D("300.5") for q in QUARTERS}, Aggregation.SUM, D("1202.0")),
        (_months(*["100"] * 12), Aggregation.SUM, D("1200")),
        (_months("10", "20", "30"), Aggregation.SUM, D("60")),
        (_months("2980", "2990", "3001"), Aggregation.YEAR_END, D("3001")),
        ({QUARTERS[0]: D("2950"), QUARTERS[3]: D("3010")}, Aggregation.YEAR_END, D("3010")),
        ({}, Aggregation.SUM, None),
    ],
)
def test_the_year_is_made_from_its_parts(
    slices: dict[PeriodSlice, Decimal], aggregation: Aggregation, expected: Decimal | None
) -> None:
    assert year_value(slices, aggregation) == expected


@pytest.mark.parametrize(
    ("slices", "missing"),
    [
        ([WHOLE_YEAR], ()),
        ([], ()),
        (list(MONTHS), ()),
        (list(MONTHS[:10]), (MONTHS[10], MONTHS[11])),
        ([QUARTERS[0], QUARTERS[2]], (QUARTERS[1], QUARTERS[3])),
    ],
)
def test_a_year_entered_in_parts_lists_the_parts_left_out(
    slices: list[PeriodSlice], missing: tuple[PeriodSlice, ...]
) -> None:
    assert missing_slices(slices) == missing


def _point(entity: str, value: str, slice_: PeriodSlice = WHOLE_YEAR, by: str = "") -> DataPoint:
    return DataPoint(entity, "workforce", 2025, slice_, D(value), Breakdown.from_key(by))


def test_a_total_left_out_is_the_sum_of_the_first_dimension_entered() -> None:
    own = own_values(
        [
            _point("A", "30", by="age_group=under_30"),
            _point("A", "70", by="age_group=30_to_50"),
            _point("A", "55", by="gender=male"),
            _point("A", "45", by="gender=female"),
        ],
        STOCK,
    )
    assert own["A"][None] == D("100")


def test_an_entered_total_is_kept_even_if_the_parts_disagree() -> None:
    own = own_values([_point("A", "101"), _point("A", "55", by="gender=male")], STOCK)
    assert own["A"][None] == D("101")


CHILDREN = {"GRP": ("SUB", "SITE3"), "SUB": ("SITE1", "SITE2")}


def test_sites_add_up_to_the_group_with_parts_in_catalogue_order() -> None:
    own = own_values(
        [
            _point("SITE1", "10", by="gender=female"),
            _point("SITE1", "30", by="gender=male"),
            _point("SITE2", "5", by="gender=female"),
            _point("SITE2", "15", by="gender=male"),
            _point("SITE3", "7", by="age_group=under_30"),
        ],
        STOCK,
    )
    figure = roll_up(STOCK, 2025, "GRP", own, CHILDREN, CATALOGUE)
    assert figure == Figure(
        "workforce",
        "GRP",
        2025,
        D("67"),
        (
            (Breakdown("gender", "male"), D("45")),
            (Breakdown("gender", "female"), D("15")),
            (Breakdown("age_group", "under_30"), D("7")),
        ),
    )
    assert figure.by("gender") == (("male", D("45")), ("female", D("15")))
    assert figure.dimensions == ("gender", "age_group")


def test_a_value_entered_on_a_subsidiary_replaces_its_sites() -> None:
    own = own_values(
        [_point("SUB", "100"), _point("SITE1", "60"), _point("SITE2", "50"), _point("SITE3", "9")],
        STOCK,
    )
    assert roll_up(STOCK, 2025, "GRP", own, CHILDREN).total == D("109")
    assert roll_up(STOCK, 2025, "SITE1", own, CHILDREN).total == D("60")


def test_the_contributors_of_a_figure_follow_the_same_rule() -> None:
    own = own_values([_point("SUB", "100"), _point("SITE1", "60"), _point("SITE3", "9")], STOCK)
    assert contributions("GRP", own, CHILDREN) == {
        "SUB": {None: D("100")},
        "SITE3": {None: D("9")},
    }


def test_monthly_flows_roll_up_in_time_and_in_the_tree() -> None:
    points = [DataPoint("SITE1", "electricity", 2025, month, D("1000.5")) for month in MONTHS] + [
        DataPoint("SITE2", "electricity", 2025, WHOLE_YEAR, D("24000"))
    ]
    own = own_values(points, FLOW)
    assert roll_up(FLOW, 2025, "GRP", own, CHILDREN).total == D("36006.0")


def test_an_entity_without_data_has_no_total() -> None:
    assert roll_up(FLOW, 2025, "GRP", {}, CHILDREN).total is None
