from decimal import Decimal

import pytest
from sqlalchemy import select

from esg_builders import CHECKER, MAKER, diesel_density, organisation, submit
from supplyesg.db.models import EsgValueRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import NotFoundError
from supplyesg.domain.quality import IssueKind, Severity
from supplyesg.services import esg_data
from supplyesg.services.esg_data import ExplanationKind
from supplyesg.services.ghg import YearAccount, year_account
from supplyesg.services.quality import issue_counts, quality_issues


def _two_years(db: Database) -> None:
    organisation(db)
    diesel_density(db)
    for month in range(1, 13):
        submit(db, "CQ1", "electricity_purchased", f"2024-{month:02d}", "100000", "kWh")
    # March 2025 typed in Wh-sized numbers: a thousand times the other months
    for month in range(1, 11):
        value = "100000000" if month == 3 else "100000"
        submit(db, "CQ1", "electricity_purchased", f"2025-{month:02d}", value, "kWh")
    submit(db, "CQ1", "water_consumption", "2024", "1000", "m3")
    submit(db, "CQ1", "water_consumption", "2025", "1500", "m3")
    submit(db, "CQ1", "workforce", "2025", "1000", "persons")
    submit(db, "CQ1", "workforce", "2025", "600", "persons", "gender=male")
    submit(db, "CQ1", "workforce", "2025", "300", "persons", "gender=female")
    submit(db, "CQ1", "diesel_mobile", "2025", "1000", "L")
    submit(db, "GRP", "production_volume", "2025", "10000", "vehicles")
    submit(db, "CQ1", "sox_emissions", "2025", "0.02", "t")


def test_the_quality_list_names_each_problem_where_it_is(db: Database) -> None:
    _two_years(db)
    issues = quality_issues(db, 2025)
    found = {(i.kind, i.metric, i.entity, i.breakdown, i.period) for i in issues}
    assert (IssueKind.MISSING_MONTHS, "electricity_purchased", "CQ1", "", "FY2025") in found
    assert (IssueKind.BREAKDOWN_MISMATCH, "workforce", "GRP", "gender", "FY2025") in found
    assert (IssueKind.BREAKDOWN_MISMATCH, "workforce", "CQ1", "gender", "FY2025") in found
    assert (IssueKind.MISSING_BREAKDOWN, "workforce", "GRP", "age_group", "FY2025") in found
    assert (IssueKind.POWER_OF_TEN, "electricity_purchased", "CQ1", "", "FY2025-M03") in found
    assert (IssueKind.UNEXPLAINED_CHANGE, "water_consumption", "GRP", "", "FY2025") in found
    assert (IssueKind.PRINTS_AS_ZERO, "sox_emissions", "", "", "FY2025") in found
    assert (IssueKind.AWAITING_APPROVAL, "", "", "", "FY2025") in found
    missing = {i.kpi for i in issues if i.kind is IssueKind.MISSING_KPI}
    assert {"A1.3", "B2.2", "B5.1", "B5.2"} <= missing
    assert {"A1.2", "A2.1", "A2.2", "B1.1"}.isdisjoint(missing)
    assert issues[0].severity is Severity.ERROR
    assert issue_counts(issues)["missing_months"] == 1


def test_explained_changes_and_omissions_leave_the_list(db: Database) -> None:
    _two_years(db)
    esg_data.explain(db, 2025, ExplanationKind.CHANGE, "water_consumption", "New paint line", MAKER)
    esg_data.explain(db, 2025, ExplanationKind.OMISSION, "A2.5", "Trucks ship bare", MAKER)
    issues = quality_issues(db, 2025)
    changes = {i.metric for i in issues if i.kind is IssueKind.UNEXPLAINED_CHANGE}
    assert changes == {"electricity_purchased"}
    assert "A2.5" not in {i.kpi for i in issues}


def test_factor_gaps_are_errors_to_fix(db: Database) -> None:
    organisation(db)
    submit(db, "CQ1", "diesel_mobile", "2025", "1000", "L")
    gaps = [i for i in quality_issues(db, 2025) if i.kind is IssueKind.CALCULATION_GAP]
    assert [(i.kpi, i.entity, i.severity) for i in gaps] == [
        ("A1.2", "CQ1", Severity.ERROR),
        ("A2.1", "CQ1", Severity.ERROR),
    ]
    assert "no density for Diesel" in gaps[0].message
    assert [(i.factor, i.period) for i in gaps] == [("density", "FY2025"), ("density", "FY2025")]


def test_a_year_that_is_not_a_period_is_not_found(db: Database) -> None:
    organisation(db)
    with pytest.raises(NotFoundError):
        quality_issues(db, 2031)


def test_an_issue_keeps_the_value_and_what_was_expected(db: Database) -> None:
    _two_years(db)
    (mismatch,) = [
        i
        for i in quality_issues(db, 2025)
        if i.kind is IssueKind.BREAKDOWN_MISMATCH and i.entity == "CQ1"
    ]
    assert (mismatch.value, mismatch.expected) == (Decimal("900"), Decimal("1000"))


def _accounts(db: Database, approved_only: bool) -> dict[int, YearAccount]:
    return {y: year_account(db, y, approved_only=approved_only) for y in (2024, 2025)}


def test_accounts_the_caller_holds_give_the_same_list(db: Database) -> None:
    _two_years(db)
    expected = quality_issues(db, 2025)
    assert quality_issues(db, 2025, accounts=_accounts(db, approved_only=False)) == expected


def test_approved_only_accounts_are_not_used_while_values_wait(db: Database) -> None:
    _two_years(db)
    expected = quality_issues(db, 2025)
    approved = _accounts(db, approved_only=True)
    assert approved[2025].figures.total("water_consumption") is None
    assert quality_issues(db, 2025, accounts=approved) == expected


def test_approved_only_accounts_serve_once_everything_is_approved(db: Database) -> None:
    _two_years(db)
    with db.transaction() as session:
        ids = [row.id for row in session.scalars(select(EsgValueRow))]
    esg_data.approve_values(db, ids, CHECKER)
    expected = quality_issues(db, 2025)
    assert any(i.kind is IssueKind.POWER_OF_TEN for i in expected)
    assert quality_issues(db, 2025, accounts=_accounts(db, approved_only=True)) == expected
