from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from esg_builders import CHECKER, organisation, submit
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.targets import (
    Accounting,
    ProgressStatus,
    Target,
    TargetKind,
    TargetMetric,
)
from supplyesg.services import esg_data, targets

D = Decimal
CLOCK = FixedClock.on(date(2025, 3, 10))
WATER = Target(
    TargetMetric.WATER,
    base_year=2023,
    target_year=2027,
    reduction_pct=D("20"),
    description="Use less fresh water in the paint shop",
    steps="Closed-loop rinsing on line 2",
    owner="Plant manager, Chongqing",
)


def _years(db: Database) -> None:
    """Water and vehicles produced at the Chongqing plant, FY2023 to FY2025, approved."""
    organisation(db, years=(2023, 2024, 2025))
    ids = [
        submit(db, "CQ1", metric, str(year), value, unit)
        for year, water, vehicles in (
            (2023, "1000", "100"),
            (2024, "900", "100"),
            (2025, "960", "120"),
        )
        for metric, value, unit in (
            ("water_consumption", water, "m3"),
            ("production_volume", vehicles, "vehicle"),
        )
    ]
    esg_data.approve_values(db, ids, CHECKER)


def test_an_absolute_target_is_measured_against_the_computed_figures(db: Database) -> None:
    _years(db)
    stored = targets.add_target(db, WATER, CLOCK)
    assert stored.target.adopted_on == date(2025, 3, 10)
    [found] = targets.target_reports(db)
    assert (found.progress.base.value, found.progress.goal) == (D("1000"), D("800"))  # type: ignore[union-attr]
    assert found.progress.base.computed  # type: ignore[union-attr]
    assert found.unit == "m³"
    # the path: 950 in FY2024, 900 in FY2025
    assert [(y.year, y.value, y.status) for y in found.progress.years] == [
        (2024, D("900"), ProgressStatus.ON_TRACK),
        (2025, D("960"), ProgressStatus.BEHIND),
    ]


def test_an_intensity_target_divides_by_the_normaliser(db: Database) -> None:
    _years(db)
    target = replace(WATER, kind=TargetKind.INTENSITY, normaliser="production_volume")
    targets.add_target(db, target, CLOCK)
    [found] = targets.target_reports(db)
    assert found.unit == "m³/vehicle"
    assert [(y.year, y.value, y.status) for y in found.progress.years] == [
        (2024, D("9"), ProgressStatus.ON_TRACK),
        (2025, D("8"), ProgressStatus.ACHIEVED),
    ]


def test_a_base_year_without_figures_needs_an_entered_value_with_its_source(
    db: Database,
) -> None:
    _years(db)
    early = replace(WATER, base_year=2020)
    with pytest.raises(InvalidInputError) as refused:
        targets.add_target(db, early, CLOCK)
    assert [p.field for p in refused.value.problems] == ["base_value"]
    with pytest.raises(InvalidInputError) as refused:
        targets.add_target(db, replace(early, base_value=D("1200")), CLOCK)
    assert [p.field for p in refused.value.problems] == ["base_source"]
    entered = replace(early, base_value=D("1200"), base_source="FY2020 annual report, p. 41")
    targets.add_target(db, entered, CLOCK)
    [found] = targets.target_reports(db)
    assert found.progress.base is not None
    assert (found.progress.base.value, found.progress.base.computed) == (D("1200"), False)
    assert found.progress.base.source == "FY2020 annual report, p. 41"


def test_a_target_on_an_unknown_entity_is_refused(db: Database) -> None:
    _years(db)
    with pytest.raises(InvalidInputError) as refused:
        targets.add_target(db, replace(WATER, entity="NOPE"), CLOCK)
    assert [p.field for p in refused.value.problems] == ["entity"]


def test_credits_of_a_net_target_are_stored_by_year(db: Database) -> None:
    _years(db)
    net = replace(
        WATER,
        metric=TargetMetric.GHG_TOTAL,
        accounting=Accounting.NET,
        base_value=D("500"),
        base_source="Consultant's FY2023 inventory",
        credits_t_co2e={2025: D("12.5")},
    )
    stored = targets.add_target(db, net, CLOCK)
    assert targets.get_target(db, stored.id).target.credits_t_co2e == {2025: D("12.5")}


def test_a_withdrawn_target_leaves_the_list_but_not_earlier_reports(db: Database) -> None:
    _years(db)
    stored = targets.add_target(db, replace(WATER, adopted_on=date(2024, 2, 1)), CLOCK)
    targets.withdraw_target(db, stored.id, FixedClock.on(date(2025, 6, 30)))
    assert targets.list_targets(db) == []
    assert [t.stored.id for t in targets.target_reports(db, until_year=2024)] == [stored.id]
    assert targets.target_reports(db, until_year=2025) == []
    with pytest.raises(InvalidInputError):
        targets.withdraw_target(db, stored.id, CLOCK)


def test_a_target_is_adopted_in_the_years_after_its_day(db: Database) -> None:
    _years(db)
    targets.add_target(db, WATER, CLOCK)  # adopted 10 March 2025
    assert targets.target_reports(db, until_year=2024) == []
    [found] = targets.target_reports(db, until_year=2025)
    assert [y.year for y in found.progress.years] == [2024, 2025]


def test_changing_a_target_keeps_its_adoption_day(db: Database) -> None:
    _years(db)
    stored = targets.add_target(db, WATER, CLOCK)
    changed = targets.update_target(
        db, stored.id, replace(WATER, reduction_pct=D("25")), FixedClock.on(date(2025, 9, 1))
    )
    assert (changed.target.reduction_pct, changed.target.adopted_on) == (
        D("25"),
        date(2025, 3, 10),
    )
    with pytest.raises(NotFoundError):
        targets.update_target(db, 999_999, WATER, CLOCK)
