from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from supplyesg.domain.policy import (
    Policy,
    SettingChange,
    edition_changes,
    edition_clashes,
    is_scheduled,
    policy_in_force,
    policy_problems,
    previous_edition,
    withdrawal_problems,
)


def test_the_default_policy_holds_the_manuals_values() -> None:
    policy = Policy()
    assert policy.audit_cycle_months == 12
    assert policy.high_risk_on_site_months == 36
    assert (policy.medium_risk_plan_months, policy.high_risk_plan_months) == (6, 3)
    assert (policy.low_risk_score, policy.medium_risk_score, policy.high_risk_score) == (1, 0, -1)
    assert policy.missed_plan_score == -1
    assert policy.min_esg_weight == Decimal("0.01")
    assert policy_problems(policy) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"version": ""}, "version"),
        ({"version": "has space"}, "version"),
        ({"audit_cycle_months": 0}, "audit_cycle_months"),
        ({"audit_cycle_months": 121}, "audit_cycle_months"),
        ({"audit_cycle_months": True}, "audit_cycle_months"),
        ({"high_risk_plan_months": -3}, "high_risk_plan_months"),
        ({"low_risk_min_score": Decimal("100.01")}, "low_risk_min_score"),
        ({"medium_risk_min_score": Decimal("-1")}, "medium_risk_min_score"),
        ({"medium_risk_min_score": Decimal("90")}, "medium_risk_min_score"),
        ({"low_risk_score": 2}, "low_risk_score"),
        ({"missed_plan_score": True}, "missed_plan_score"),
        ({"minor_credit": Decimal("1.5")}, "minor_credit"),
        ({"major_credit": Decimal("0.6")}, "major_credit"),
        ({"min_esg_weight": Decimal("NaN")}, "min_esg_weight"),
    ],
)
def test_each_broken_setting_is_reported_on_its_field(
    changes: dict[str, object], field: str
) -> None:
    problems = policy_problems(replace(Policy(), **changes))  # type: ignore[arg-type]
    assert [p.field for p in problems] == [field]


FIRST = Policy(version="2024-01", effective_from=date(2024, 1, 1))
SECOND = Policy(version="2026-07", effective_from=date(2026, 7, 1))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 12, 31), None),
        (date(2024, 1, 1), FIRST),
        (date(2026, 6, 30), FIRST),
        (date(2026, 7, 1), SECOND),
        (date(2030, 1, 1), SECOND),
    ],
)
def test_the_policy_in_force_is_the_latest_edition_started_by_that_day(
    on: date, expected: Policy | None
) -> None:
    assert policy_in_force([SECOND, FIRST], on) == expected


TODAY = date(2026, 11, 21)
SCHEDULED = Policy(version="2027-01", effective_from=date(2027, 1, 1))


NEXT = replace(SCHEDULED, version="2027-02", effective_from=date(2027, 2, 1))


@pytest.mark.parametrize(
    ("edition", "fields"),
    [
        (NEXT, []),
        (replace(SCHEDULED, effective_from=date(2027, 2, 1)), ["version"]),
        (replace(SCHEDULED, version="2027-02"), ["effective_from"]),
        (SCHEDULED, ["version", "effective_from"]),
    ],
)
def test_a_version_or_start_day_already_used_is_a_clash(edition: Policy, fields: list[str]) -> None:
    assert [p.field for p in edition_clashes(edition, [FIRST, SCHEDULED])] == fields


@pytest.mark.parametrize(
    ("edition", "shipped", "withdrawable"),
    [
        (SCHEDULED, False, True),
        (replace(SCHEDULED, effective_from=date(2026, 11, 22)), False, True),
        (replace(SCHEDULED, effective_from=TODAY), False, False),
        (replace(SCHEDULED, effective_from=date(2025, 1, 1)), False, False),
        (SCHEDULED, True, False),
    ],
)
def test_only_an_added_edition_that_has_not_taken_effect_may_be_withdrawn(
    edition: Policy, shipped: bool, withdrawable: bool
) -> None:
    problems = withdrawal_problems(edition, TODAY, shipped=shipped)
    assert (problems == []) is withdrawable
    assert is_scheduled(edition, TODAY) is (edition.effective_from > TODAY)


def test_the_changes_of_an_edition_are_listed_against_the_previous_one() -> None:
    changed = replace(SCHEDULED, audit_cycle_months=6, min_esg_weight=Decimal("0.05"))
    assert previous_edition([FIRST, changed], changed) == FIRST
    assert previous_edition([FIRST, changed], FIRST) is None
    assert edition_changes(FIRST, changed) == [
        SettingChange("audit_cycle_months", 12, 6),
        SettingChange("min_esg_weight", Decimal("0.01"), Decimal("0.05")),
    ]
    assert edition_changes(None, FIRST) == []
