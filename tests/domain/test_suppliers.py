from datetime import date
from decimal import Decimal

import pytest

from supplyesg.domain.suppliers import (
    Contact,
    SupplierProfile,
    SupplierStatus,
    effective_day_problems,
    is_in_audit_scope,
    profile_problems,
    status_change_problems,
)

VALID = SupplierProfile(
    code="SUP-0001",
    legal_name="Chongqing Axle Works Co., Ltd.",
    country="CN",
    region="Chongqing",
    city="Chongqing",
    category="axles",
    tier=1,
    annual_spend=Decimal("1250000.50"),
    currency="CNY",
    contacts=(Contact("Li Wei", "li.wei@example.cn", "+86 23 5555 0101"),),
)


def _replace(**fields: object) -> SupplierProfile:
    from dataclasses import replace

    return replace(VALID, **fields)  # type: ignore[arg-type]


def test_a_complete_profile_has_no_problems() -> None:
    assert profile_problems(VALID) == []


@pytest.mark.parametrize(
    ("fields", "field", "reason_part"),
    [
        ({"code": ""}, "code", "1 to 40"),
        ({"code": "has space"}, "code", "1 to 40"),
        ({"code": "-leading"}, "code", "starting with"),
        ({"code": "X" * 41}, "code", "1 to 40"),
        ({"legal_name": "  "}, "legal_name", "required"),
        ({"country": "ZZ"}, "country", "ISO 3166-1"),
        ({"country": "cn"}, "country", "ISO 3166-1"),
        ({"category": ""}, "category", "required"),
        ({"tier": 0}, "tier", "1 to 10"),
        ({"tier": 11}, "tier", "1 to 10"),
        ({"tier": 1, "is_key_sub_supplier": True}, "key_sub_supplier", "tier 2"),
        ({"annual_spend": Decimal("-0.01")}, "annual_spend", "positive"),
        ({"annual_spend": Decimal("NaN")}, "annual_spend", "finite"),
        ({"currency": "RMB"}, "currency", "ISO 4217"),
        ({"contacts": (Contact(""),)}, "contacts[1].name", "required"),
        ({"contacts": (Contact("A", "not-an-email"),)}, "contacts[1].email", "e-mail"),
        ({"contacts": (Contact("N" * 201),)}, "contacts[1].name", "200 characters"),
        ({"contacts": (Contact("A", "a@" + "b" * 200 + ".cn"),)}, "contacts[1].email", "200"),
        ({"contacts": (Contact("A", phone="1" * 61),)}, "contacts[1].phone", "60 characters"),
    ],
)
def test_each_broken_rule_is_reported_on_its_field(
    fields: dict[str, object], field: str, reason_part: str
) -> None:
    problems = profile_problems(_replace(**fields))
    assert [p.field for p in problems] == [field]
    assert reason_part in problems[0].reason


def test_every_problem_is_reported_at_once() -> None:
    problems = profile_problems(_replace(code="", country="XX", tier=0, currency="???"))
    assert {p.field for p in problems} == {"code", "country", "tier", "currency"}


@pytest.mark.parametrize(
    ("tier", "key", "in_scope"),
    [(1, False, True), (2, True, True), (2, False, False), (3, True, True), (3, False, False)],
)
def test_first_tier_and_key_sub_suppliers_are_in_audit_scope(
    tier: int, key: bool, in_scope: bool
) -> None:
    assert is_in_audit_scope(tier, key) is in_scope


S = SupplierStatus


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.PROSPECTIVE, S.ACTIVE, True),
        (S.PROSPECTIVE, S.SUSPENDED, False),
        (S.ACTIVE, S.CONDITIONALLY_ACCEPTED, True),
        (S.ACTIVE, S.TERMINATED, True),
        (S.SUSPENDED, S.ACTIVE, True),
        (S.TERMINATED, S.ACTIVE, False),
        (S.TERMINATED, S.PROSPECTIVE, True),
        (S.ACTIVE, S.ACTIVE, False),
    ],
)
def test_status_moves(current: SupplierStatus, target: SupplierStatus, allowed: bool) -> None:
    assert (status_change_problems(current, target, "annual review") == []) is allowed


def test_a_status_change_without_a_reason_is_refused() -> None:
    problems = status_change_problems(S.ACTIVE, S.SUSPENDED, "   ")
    assert [p.field for p in problems] == ["reason"]


@pytest.mark.parametrize(
    ("spend", "reason_part"),
    [
        (Decimal("1E18"), "18 digits"),
        (Decimal("0.00000000001"), "10 decimal places"),
        (Decimal("Infinity"), "finite"),
    ],
)
def test_a_spend_the_database_cannot_hold_exactly_is_refused(
    spend: Decimal, reason_part: str
) -> None:
    problems = profile_problems(_replace(annual_spend=spend))
    assert [p.field for p in problems] == ["annual_spend"]
    assert reason_part in problems[0].reason


def test_the_largest_storable_spend_is_accepted() -> None:
    assert profile_problems(_replace(annual_spend=Decimal("999999999999999999.9999999999"))) == []


@pytest.mark.parametrize(
    ("effective_on", "last", "field"),
    [
        (date(2026, 12, 7), None, None),
        (date(2020, 1, 1), None, None),
        (date(2026, 12, 8), None, "effective_on"),  # after today
        (date(2026, 5, 1), date(2026, 5, 1), None),
        (date(2026, 4, 30), date(2026, 5, 1), "effective_on"),  # before the latest change
    ],
)
def test_a_status_change_takes_effect_by_today_and_in_order(
    effective_on: date, last: date | None, field: str | None
) -> None:
    problems = effective_day_problems(effective_on, last, date(2026, 12, 7))
    assert [p.field for p in problems] == ([field] if field else [])
