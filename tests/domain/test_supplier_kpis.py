from datetime import UTC, datetime

import pytest

from supplyesg.domain.supplier_kpis import (
    RegionCount,
    StatusChange,
    SupplierPlace,
    by_country,
    counting_instant,
    engagement,
    is_counted,
    status_on,
    suppliers_by_region,
)
from supplyesg.domain.suppliers import SupplierStatus as S

YEAR_END = datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
HISTORY = [
    StatusChange(datetime(2023, 3, 1, tzinfo=UTC), S.PROSPECTIVE),
    StatusChange(datetime(2023, 5, 1, tzinfo=UTC), S.ACTIVE),
    StatusChange(datetime(2026, 1, 10, tzinfo=UTC), S.TERMINATED),
]


@pytest.mark.parametrize(
    ("instant", "status"),
    [
        (datetime(2023, 1, 1, tzinfo=UTC), None),
        (datetime(2023, 4, 1, tzinfo=UTC), S.PROSPECTIVE),
        (YEAR_END, S.ACTIVE),
        (datetime(2026, 2, 1, tzinfo=UTC), S.TERMINATED),
    ],
)
def test_the_status_at_an_instant_is_the_latest_change_before_it(
    instant: datetime, status: S | None
) -> None:
    assert status_on(HISTORY, instant) == status


@pytest.mark.parametrize(
    ("first_recorded", "instant"),
    [
        (None, YEAR_END),
        (datetime(2024, 3, 1, tzinfo=UTC), YEAR_END),
        (
            datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
            datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=UTC),
        ),
    ],
)
def test_a_year_closed_before_the_registry_existed_is_counted_from_its_first_day(
    first_recorded: datetime | None, instant: datetime
) -> None:
    assert counting_instant(YEAR_END, first_recorded) == instant


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
