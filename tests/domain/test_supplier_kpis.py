from datetime import UTC, date, datetime

import pytest

from supplyesg.domain.supplier_kpis import (
    RegionCount,
    StatusChange,
    SupplierPlace,
    by_country,
    counting_day,
    engagement,
    is_counted,
    is_supplier_on,
    status_on,
    suppliers_by_region,
    was_supplier_during,
)
from supplyesg.domain.suppliers import SupplierStatus as S

YEAR_END = date(2025, 12, 31)
LATER = datetime(2026, 12, 7, 9, tzinfo=UTC)  # when a backfill recorded the termination
HISTORY = [
    StatusChange(date(2023, 3, 1), S.PROSPECTIVE, datetime(2023, 3, 1, 9, tzinfo=UTC)),
    StatusChange(date(2023, 5, 1), S.ACTIVE, datetime(2023, 5, 1, 9, tzinfo=UTC)),
    StatusChange(date(2025, 10, 1), S.SUSPENDED, datetime(2025, 10, 1, 9, tzinfo=UTC)),
    StatusChange(date(2025, 10, 1), S.ACTIVE, datetime(2025, 10, 1, 15, tzinfo=UTC)),
    StatusChange(date(2026, 1, 10), S.TERMINATED, LATER),
]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2023, 1, 1), None),
        (date(2023, 4, 1), S.PROSPECTIVE),
        (date(2025, 10, 1), S.ACTIVE),
        (YEAR_END, S.ACTIVE),
        (date(2026, 1, 10), S.TERMINATED),
        (date(2026, 2, 1), S.TERMINATED),
    ],
)
def test_the_status_on_a_day_is_the_latest_change_in_effect_by_then(
    day: date, status: S | None
) -> None:
    assert status_on(HISTORY, day) == status


@pytest.mark.parametrize(
    ("first_effective_on", "day"),
    [
        (None, YEAR_END),
        (date(2024, 3, 1), YEAR_END),
        (date(2026, 3, 2), date(2026, 3, 2)),
    ],
)
def test_a_year_closed_before_the_registry_existed_is_counted_from_its_first_day(
    first_effective_on: date | None, day: date
) -> None:
    assert counting_day(YEAR_END, first_effective_on) == day


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (S.ACTIVE, True),
        (S.CONDITIONALLY_ACCEPTED, True),
        (S.SUSPENDED, True),
        (S.PROSPECTIVE, False),
        (S.TERMINATED, False),
        (None, False),
    ],
)
def test_which_suppliers_count_for_the_year(status: S | None, counted: bool) -> None:
    assert is_counted(status) is counted


PLACES = [
    SupplierPlace("S1", "CN", "Chongqing", 1),
    SupplierPlace("S2", "CN", "Chongqing", 1),
    SupplierPlace("S3", "CN", "Sichuan", 1),
    SupplierPlace("S4", "JP", "", 1),
    SupplierPlace("S5", "CN", "Chongqing", 2),
]


def test_first_tier_suppliers_are_counted_by_country_and_region() -> None:
    counts = suppliers_by_region(PLACES)
    assert counts == (
        RegionCount("CN", "Chongqing", 2),
        RegionCount("CN", "Sichuan", 1),
        RegionCount("JP", "", 1),
    )
    assert by_country(counts) == {"CN": 3, "JP": 1}


def test_every_tier_is_counted_on_request() -> None:
    assert by_country(suppliers_by_region(PLACES, max_tier=None)) == {"CN": 4, "JP": 1}


def test_engaged_suppliers_are_counted_once_whatever_the_practices() -> None:
    found = engagement(2025, audited={"S1", "S2"}, trained={"S2", "S3"}, under_plan={"S1"})
    assert (found.audited, found.trained, found.under_plan, found.engaged) == (2, 2, 1, 3)


DAY = date(2025, 12, 31)


@pytest.mark.parametrize(
    ("started_on", "ended_on", "status_then", "counted"),
    [
        (date(2012, 4, 1), None, None, True),  # known start: the days decide, not the status
        (date(2012, 4, 1), None, S.PROSPECTIVE, True),
        (date(2025, 12, 31), None, None, True),
        (date(2026, 1, 1), None, S.ACTIVE, False),  # started after the year end
        (date(2012, 4, 1), date(2025, 12, 31), S.ACTIVE, False),  # ended on the day
        (date(2012, 4, 1), date(2026, 1, 5), S.TERMINATED, True),  # ended after the year
        (None, None, S.ACTIVE, True),  # start unknown: its status then
        (None, None, S.PROSPECTIVE, False),
        (None, date(2025, 6, 30), S.ACTIVE, False),
    ],
)
def test_a_supplier_at_the_end_of_a_day(
    started_on: date | None, ended_on: date | None, status_then: S | None, counted: bool
) -> None:
    assert is_supplier_on(DAY, started_on, ended_on, status_then) is counted


@pytest.mark.parametrize(
    ("started_on", "ended_on", "status_at_end", "counted"),
    [
        (date(2012, 4, 1), None, None, True),
        (date(2025, 11, 1), None, None, True),
        (date(2026, 1, 1), None, S.ACTIVE, False),
        (date(2012, 4, 1), date(2025, 1, 1), S.TERMINATED, True),  # ended in the year
        (date(2012, 4, 1), date(2024, 12, 31), S.TERMINATED, False),  # ended before it
        (None, None, S.ACTIVE, True),
        (None, date(2025, 3, 1), S.TERMINATED, True),
        (None, None, S.TERMINATED, False),
    ],
)
def test_a_supplier_during_the_year(
    started_on: date | None, ended_on: date | None, status_at_end: S | None, counted: bool
) -> None:
    start = date(2025, 1, 1)
    assert was_supplier_during(start, DAY, started_on, ended_on, status_at_end) is counted
