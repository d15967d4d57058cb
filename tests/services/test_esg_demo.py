import random
from decimal import Decimal

import pytest

from supplyesg.db.session import Database
from supplyesg.domain.ghg.traces import Scope
from supplyesg.domain.quality import IssueKind, Severity
from supplyesg.services import esg_data, quality
from supplyesg.services.demo import esg_data as demo
from supplyesg.services.ghg import year_account


@pytest.fixture
def demo_db(db: Database) -> Database:
    demo.load(db)
    return db


def test_the_demo_rows_are_the_same_every_time() -> None:
    first = list(demo.demo_rows(random.Random(demo.SEED)))
    again = list(demo.demo_rows(random.Random(demo.SEED)))
    assert first == again
    assert len(first) > 1500


@pytest.mark.parametrize(
    ("year", "vehicles", "workforce"),
    [(2023, 41_200, 2_920), (2024, 44_800, 2_985), (2025, 47_600, 3_040)],
)
def test_the_group_figures_of_each_year(
    demo_db: Database, year: int, vehicles: int, workforce: int
) -> None:
    figures = esg_data.year_figures(demo_db, year, approved_only=True)
    assert figures.entity == "ZLT"
    assert figures.total("production_volume") == vehicles
    assert figures.total("workforce") == workforce
    for dimension in ("gender", "employment_type", "age_group", "region", "employee_category"):
        parts = figures.figures["workforce"].by(dimension)
        assert sum(v for _, v in parts) == workforce, dimension


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_each_year_is_complete_and_consistent(demo_db: Database, year: int) -> None:
    issues = quality.quality_issues(demo_db, year)
    assert [i for i in issues if i.severity is Severity.ERROR] == []
    kinds = {i.kind for i in issues}
    assert not kinds & {
        IssueKind.BREAKDOWN_MISMATCH,
        IssueKind.MISSING_BREAKDOWN,
        IssueKind.UNEXPLAINED_CHANGE,
        IssueKind.POWER_OF_TEN,
        IssueKind.UNIT_MISMATCH,
    }
    missing = {i.kpi for i in issues if i.kind is IssueKind.MISSING_KPI}
    assert missing <= {"B5.1", "B5.2"}  # counted from the supplier programme's own demo


def test_the_emissions_of_2025_and_their_working(demo_db: Database) -> None:
    account = year_account(demo_db, 2025, approved_only=True)
    ghg = account.ghg
    assert (ghg.gaps, account.energy.gaps) == ((), ())
    assert ghg.scope1_t_co2e.quantize(Decimal("0.01")) == Decimal("14398.84")
    # CO2 as before; CH4 and N2O of the same fuels (IPCC 2006 Vol. 2) add the rest
    direct = ghg.by_gas(Scope.DIRECT)
    assert direct["CO2"][1].quantize(Decimal("0.01")) == Decimal("14337.74")
    assert set(direct) == {"CO2", "CH4", "N2O"}
    # 40,000,000 kWh in mainland China x 0.5306 (2023, the latest) + 262,000 kWh in Hong Kong x 0.7
    assert ghg.scope2_t_co2e == Decimal("21407.4")
    hong_kong = [line for line in ghg.lines if line.entity == "ZLT-HKO"]
    assert [(line.subject, line.factors[0].factor_id) for line in hong_kong] == [
        ("HK", "hk.grid.territory_default")
    ]
    assert hong_kong[0].t_co2e == Decimal("183.4")
    # market-based: 12 GWh of certificates at 0, the other 28 GWh of the mainland at the
    # residual mix 0.6096 (2023), Hong Kong at its location factor (no residual mix published)
    assert ghg.covered_kwh == Decimal("12000000")
    assert ghg.scope2_market_t_co2e == Decimal("17252.2")
    assert ghg.scope2_market_t_co2e < ghg.scope2_t_co2e


def test_some_2025_values_are_still_in_review(demo_db: Database) -> None:
    assert esg_data.status_counts(demo_db, 2025) == {"approved": 586, "submitted": 1, "returned": 1}


def test_loading_twice_changes_nothing(demo_db: Database) -> None:
    before = esg_data.status_counts(demo_db, 2024)
    demo.load(demo_db)
    assert esg_data.status_counts(demo_db, 2024) == before
