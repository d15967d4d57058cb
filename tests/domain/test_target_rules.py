from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from supplyesg.domain.targets import (
    Accounting,
    Base,
    ProgressStatus,
    Target,
    TargetKind,
    TargetMetric,
    YearFigure,
    base_of,
    is_in_force,
    path_value,
    progress,
    status,
    target_problems,
    target_value_of,
)

D = Decimal
NORMALISERS = ("production_volume", "revenue")
CUT = Target(
    TargetMetric.GHG_TOTAL,
    base_year=2021,
    target_year=2030,
    reduction_pct=D("30"),
    description="Cut Scope 1 and 2 emissions",
    owner="Head of operations",
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, D("1000")),
        (2022, D("966.6666666666666666666666667")),
        (2024, D("900")),
        (2030, D("700")),
        (2033, D("700")),
        (2019, D("1000")),
    ],
)
def test_the_path_runs_straight_from_base_to_goal_then_stays(year: int, expected: D) -> None:
    assert path_value(CUT, D("1000"), D("700"), year) == expected


@pytest.mark.parametrize(
    ("value", "base", "goal", "path", "expected"),
    [
        (None, D("1000"), D("700"), D("900"), ProgressStatus.NO_FIGURE),
        (D("700"), D("1000"), D("700"), D("900"), ProgressStatus.ACHIEVED),
        (D("650"), D("1000"), D("700"), D("900"), ProgressStatus.ACHIEVED),
        (D("900"), D("1000"), D("700"), D("900"), ProgressStatus.ON_TRACK),
        (D("850"), D("1000"), D("700"), D("900"), ProgressStatus.ON_TRACK),
        (D("900.01"), D("1000"), D("700"), D("900"), ProgressStatus.BEHIND),
        (D("1100"), D("1000"), D("700"), D("900"), ProgressStatus.BEHIND),
        # a rise (recycled water, say): beyond is above
        (D("120"), D("100"), D("150"), D("125"), ProgressStatus.BEHIND),
        (D("130"), D("100"), D("150"), D("125"), ProgressStatus.ON_TRACK),
        (D("150"), D("100"), D("150"), D("125"), ProgressStatus.ACHIEVED),
        # a cap at the base value: at or under it is achieved
        (D("100"), D("100"), D("100"), D("100"), ProgressStatus.ACHIEVED),
        (D("101"), D("100"), D("100"), D("100"), ProgressStatus.BEHIND),
    ],
)
def test_a_year_stands_against_goal_and_path(
    value: D | None, base: D, goal: D, path: D, expected: ProgressStatus
) -> None:
    assert status(value, base, goal, path) is expected


@pytest.mark.parametrize(
    ("target", "base", "expected"),
    [
        (CUT, D("1000"), D("700")),
        (replace(CUT, reduction_pct=D("100")), D("1000"), D("0")),
        (replace(CUT, reduction_pct=None, target_value=D("640")), D("1000"), D("640")),
    ],
)
def test_the_goal_is_as_set_or_the_base_cut_by_the_reduction(
    target: Target, base: D, expected: D
) -> None:
    assert target_value_of(target, base) == expected


@pytest.mark.parametrize(
    ("target", "figure", "expected"),
    [
        (CUT, YearFigure(D("1200")), Base(D("1200"), computed=True)),
        (
            replace(CUT, base_value=D("1300"), base_source="2021 sustainability report p. 12"),
            YearFigure(D("1200")),
            Base(D("1200"), computed=True),
        ),
        (
            replace(CUT, base_value=D("1300"), base_source="2021 sustainability report p. 12"),
            None,
            Base(D("1300"), computed=False, source="2021 sustainability report p. 12"),
        ),
        (CUT, YearFigure(None), None),
        (
            replace(CUT, kind=TargetKind.INTENSITY, normaliser="production_volume"),
            YearFigure(D("1200"), D("400")),
            Base(D("3"), computed=True),
        ),
        (
            replace(CUT, kind=TargetKind.INTENSITY, normaliser="production_volume"),
            YearFigure(D("1200"), None),
            None,
        ),
    ],
)
def test_the_base_is_the_computed_figure_else_the_entered_value(
    target: Target, figure: YearFigure | None, expected: Base | None
) -> None:
    assert base_of(target, figure) == expected


def test_progress_of_an_intensity_target_year_by_year() -> None:
    target = replace(CUT, kind=TargetKind.INTENSITY, normaliser="production_volume")
    figures = {
        2021: YearFigure(D("1000"), D("100")),  # 10 t per vehicle
        2023: YearFigure(D("990"), D("110")),  # 9 t: path is 9.333...
        2024: YearFigure(D("1000"), D("100")),  # 10 t: path is 9
        2025: YearFigure(None, D("100")),
    }
    found = progress(target, figures, [2020, 2021, 2023, 2024, 2025])
    assert found.base == Base(D("10"), computed=True)
    assert found.goal == D("7")
    assert [(y.year, y.value, y.status) for y in found.years] == [
        (2023, D("9"), ProgressStatus.ON_TRACK),
        (2024, D("10"), ProgressStatus.BEHIND),
        (2025, None, ProgressStatus.NO_FIGURE),
    ]
    assert found.years[0].change_from_base == D("-0.1")


def test_a_net_target_subtracts_that_years_credits_and_keeps_the_gross_figure() -> None:
    target = replace(
        CUT,
        accounting=Accounting.NET,
        reduction_pct=None,
        target_value=D("0"),
        credits_t_co2e={2025: D("300")},
    )
    figures = {2021: YearFigure(D("1000")), 2024: YearFigure(D("800")), 2025: YearFigure(D("800"))}
    found = progress(target, figures, [2024, 2025])
    assert [(y.gross, y.credits_t_co2e, y.value) for y in found.years] == [
        (D("800"), D("0"), D("800")),
        (D("800"), D("300"), D("500")),
    ]
    assert [y.status for y in found.years] == [ProgressStatus.BEHIND, ProgressStatus.ON_TRACK]


def test_a_target_with_no_base_has_no_progress() -> None:
    found = progress(CUT, {2024: YearFigure(D("800"))}, [2024])
    assert (found.base, found.goal, found.years) == (None, None, ())


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({}, []),
        ({"target_year": 2021}, ["target_year"]),
        ({"base_year": 1999}, ["base_year"]),
        ({"target_value": D("10")}, ["target_value"]),
        ({"reduction_pct": None}, ["target_value"]),
        ({"reduction_pct": D("0")}, ["reduction_pct"]),
        ({"reduction_pct": D("101")}, ["reduction_pct"]),
        ({"reduction_pct": None, "target_value": D("-1")}, ["target_value"]),
        ({"base_value": D("10")}, ["base_source"]),
        ({"kind": TargetKind.INTENSITY}, ["normaliser"]),
        ({"kind": TargetKind.INTENSITY, "normaliser": "floor_area"}, ["normaliser"]),
        ({"normaliser": "revenue"}, ["normaliser"]),
        ({"metric": TargetMetric.WATER, "accounting": Accounting.NET}, ["accounting"]),
        ({"credits_t_co2e": {2025: D("5")}}, ["credits"]),
        ({"accounting": Accounting.NET, "credits_t_co2e": {2031: D("5")}}, ["credits"]),
        ({"accounting": Accounting.NET, "credits_t_co2e": {2025: D("-5")}}, ["credits.2025"]),
        ({"description": " ", "owner": ""}, ["description", "owner"]),
        ({"owner": "x" * 201}, ["owner"]),
    ],
)
def test_what_makes_a_target_invalid(changes: dict[str, object], fields: list[str]) -> None:
    target = replace(CUT, **changes)  # type: ignore[arg-type]
    assert [p.field for p in target_problems(target, NORMALISERS)] == fields


@pytest.mark.parametrize(
    ("adopted", "withdrawn", "day", "expected"),
    [
        (date(2025, 3, 1), None, date(2025, 12, 31), True),
        (date(2026, 1, 5), None, date(2025, 12, 31), False),
        (date(2025, 3, 1), date(2025, 12, 31), date(2025, 12, 31), False),
        (date(2025, 3, 1), date(2026, 2, 1), date(2025, 12, 31), True),
    ],
)
def test_a_target_is_in_force_from_its_adoption_until_withdrawn(
    adopted: date, withdrawn: date | None, day: date, expected: bool
) -> None:
    target = replace(CUT, adopted_on=adopted, withdrawn_on=withdrawn)
    assert is_in_force(target, day) is expected


@pytest.mark.parametrize(
    ("metric", "items"),
    [
        (TargetMetric.GHG_TOTAL, ("A1.5", "D-MT-12")),
        (TargetMetric.ENERGY, ("A2.3",)),
        (TargetMetric.WATER, ("A2.4",)),
        (TargetMetric.NON_HAZARDOUS_WASTE, ("A1.6",)),
    ],
)
def test_each_metric_answers_its_guide_items(metric: TargetMetric, items: tuple[str, ...]) -> None:
    assert metric.items == items
