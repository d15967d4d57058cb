from datetime import date

import pytest

from supplyesg.domain.errors import Problem
from supplyesg.domain.organisation import (
    EntityKind,
    FinancialYear,
    Granularity,
    PeriodRef,
    PeriodSlice,
    ReportingEntity,
    ancestors,
    children_of,
    entity_problems,
    financial_year_ending,
    financial_year_problems,
    parse_period,
    subtree,
)

GROUP = ReportingEntity("GRP", "Group", EntityKind.GROUP, "CN")
SUB = ReportingEntity("SUB", "Trucks Co.", EntityKind.SUBSIDIARY, "CN", parent="GRP")
SITE = ReportingEntity("SITE", "Plant", EntityKind.SITE, "CN", parent="SUB")
TREE = {e.code: e for e in (GROUP, SUB, SITE)}


def test_a_well_formed_tree_has_no_problems() -> None:
    assert [entity_problems(e, TREE) for e in TREE.values()] == [[], [], []]


@pytest.mark.parametrize(
    ("entity", "field", "reason_part"),
    [
        (ReportingEntity("bad code", "X", EntityKind.SITE, "CN", "SUB"), "code", "1 to 40"),
        (ReportingEntity("S2", " ", EntityKind.SITE, "CN", "SUB"), "name", "required"),
        (ReportingEntity("S2", "X", EntityKind.SITE, "XX", "SUB"), "country", "ISO 3166-1"),
        (ReportingEntity("G2", "X", EntityKind.GROUP, "CN", "GRP"), "parent", "root"),
        (ReportingEntity("S2", "X", EntityKind.SITE, "CN"), "parent", "needs a parent"),
        (ReportingEntity("S2", "X", EntityKind.SITE, "CN", "NOPE"), "parent", "not a known"),
        (ReportingEntity("S2", "X", EntityKind.SITE, "CN", "SITE"), "parent", "cannot sit under"),
        (ReportingEntity("SUB", "X", EntityKind.SUBSIDIARY, "CN", "SUB"), "parent", "under itself"),
        (
            ReportingEntity("S2", "X", EntityKind.SITE, "CN", "SUB", grid_region="south"),
            "grid_region",
            "CN-SOUTH",
        ),
    ],
)
def test_each_broken_rule_names_its_field(
    entity: ReportingEntity, field: str, reason_part: str
) -> None:
    problems = entity_problems(entity, TREE)
    assert [p.field for p in problems] == [field]
    assert reason_part in problems[0].reason


def test_moving_a_subsidiary_under_its_own_descendant_is_refused() -> None:
    nested = {**TREE, "SUB2": ReportingEntity("SUB2", "Inner", EntityKind.SUBSIDIARY, "CN", "SUB")}
    moved = ReportingEntity("SUB", "Trucks Co.", EntityKind.SUBSIDIARY, "CN", parent="SUB2")
    assert [p.reason for p in entity_problems(moved, nested)] == [
        "would put the entity under itself"
    ]


def test_the_hierarchy_is_walked_up_and_down() -> None:
    children = children_of(TREE.values())
    assert ancestors("SITE", TREE) == ("SUB", "GRP")
    assert children == {"GRP": ("SUB",), "SUB": ("SITE",)}
    assert subtree("GRP", children) == ("GRP", "SUB", "SITE")


def test_the_grid_region_defaults_to_the_country() -> None:
    assert SITE.electricity_grid == "CN"
    hong_kong = ReportingEntity("HK", "Office", EntityKind.SITE, "HK", "GRP", grid_region="HK")
    assert hong_kong.electricity_grid == "HK"


@pytest.mark.parametrize(
    ("start", "end", "year", "label"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), 2025, "FY2025"),
        (date(2024, 4, 1), date(2025, 3, 31), 2025, "FY2025"),
        (date(2023, 7, 1), date(2024, 6, 30), 2024, "FY2024"),
    ],
)
def test_a_financial_year_is_named_after_the_year_it_ends(
    start: date, end: date, year: int, label: str
) -> None:
    fy = FinancialYear(start)
    assert (fy.end, fy.year, fy.label) == (end, year, label)


def test_months_count_from_the_start_of_the_financial_year() -> None:
    fy = financial_year_ending(2025, first_month=4)
    assert fy.start == date(2024, 4, 1)
    assert fy.month_start(1) == date(2024, 4, 1)
    assert fy.month_start(12) == date(2025, 3, 1)
    assert fy.month_index(date(2025, 3, 15)) == 12
    assert fy.month_index(date(2025, 4, 1)) is None


def test_a_financial_year_starts_on_the_first_of_a_month() -> None:
    assert financial_year_problems(date(2025, 1, 1)) == []
    assert [p.field for p in financial_year_problems(date(2025, 1, 2))] == ["start"]


YEARS = {2025: financial_year_ending(2025), 2024: financial_year_ending(2024, first_month=4)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", PeriodRef(2025)),
        ("FY2025", PeriodRef(2025)),
        ("2025-Q2", PeriodRef(2025, PeriodSlice(Granularity.QUARTER, 2))),
        ("fy2025-q4", PeriodRef(2025, PeriodSlice(Granularity.QUARTER, 4))),
        ("2025-M07", PeriodRef(2025, PeriodSlice(Granularity.MONTH, 7))),
        ("2025-07", PeriodRef(2025, PeriodSlice(Granularity.MONTH, 7))),
        # FY2024 runs April 2023 to March 2024: February 2024 is its eleventh month
        ("2024-02", PeriodRef(2024, PeriodSlice(Granularity.MONTH, 11))),
    ],
)
def test_periods_are_read_in_every_accepted_form(text: str, expected: PeriodRef) -> None:
    assert parse_period(text, YEARS) == expected


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [
        ("25", "must look like"),
        ("2025-Q5", "must look like"),
        ("2025-13", "01 to 12"),
        ("2025-M13", "M01 to M12"),
        ("2030", "not a reporting period"),
        ("2030-01", "no reporting period holds"),
    ],
)
def test_unreadable_periods_say_why(text: str, reason_part: str) -> None:
    found = parse_period(text, YEARS)
    assert isinstance(found, Problem)
    assert reason_part in found.reason


@pytest.mark.parametrize(
    ("key", "slice_", "quarter"),
    [
        ("FY", PeriodSlice(Granularity.YEAR), None),
        ("Q3", PeriodSlice(Granularity.QUARTER, 3), 3),
        ("M05", PeriodSlice(Granularity.MONTH, 5), 2),
    ],
)
def test_slices_are_stored_as_short_keys(
    key: str, slice_: PeriodSlice, quarter: int | None
) -> None:
    assert PeriodSlice.from_key(key) == slice_
    assert slice_.key == key
    assert slice_.quarter == quarter
    assert str(PeriodRef(2025, slice_)) == ("FY2025" if key == "FY" else f"FY2025-{key}")


def test_an_unknown_slice_key_is_refused() -> None:
    with pytest.raises(ValueError, match="M13"):
        PeriodSlice.from_key("M13")
