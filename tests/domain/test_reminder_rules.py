from __future__ import annotations

from datetime import date

import pytest

from supplyesg.domain.access import Role
from supplyesg.domain.reminders import (
    Deadline,
    DeadlineKind,
    ReminderPolicy,
    concerns_supplier,
    digest,
    reminder_title,
    reminders_due,
    staff_roles_for,
    stage,
)

TODAY = date(2026, 3, 10)
POLICY = ReminderPolicy(days_before=(14, 7, 1), overdue_every_days=7)


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (date(2026, 3, 30), None),  # 20 days off: too early
        (date(2026, 3, 24), "due-14"),
        (date(2026, 3, 20), "due-14"),  # 10 days: still the 14-day stage
        (date(2026, 3, 17), "due-7"),
        (date(2026, 3, 11), "due-1"),
        (date(2026, 3, 10), "due-1"),  # due today
        (date(2026, 3, 9), "overdue-0"),
        (date(2026, 3, 3), "overdue-0"),  # 7 days late: same week
        (date(2026, 3, 2), "overdue-1"),  # 8 days late: the second week
    ],
)
def test_a_deadline_is_at_the_stage_its_days_left_reach(due_on: date, expected: str | None) -> None:
    assert stage(due_on, TODAY, POLICY) == expected


def _deadline(
    key: str, due_on: date, kind: DeadlineKind = DeadlineKind.NC_CLOSURE, supplier: int | None = 7
) -> Deadline:
    return Deadline(key, kind, f"SUP-1, {key}", due_on, supplier, f"/x/{key}", f"/portal/{key}")


def test_only_deadlines_at_a_stage_are_reminded() -> None:
    found = reminders_due(
        [_deadline("a", date(2026, 4, 30)), _deadline("b", date(2026, 3, 17))], TODAY, POLICY
    )
    assert [(r.deadline.key, r.stage, r.key) for r in found] == [("b", "due-7", "b:due-7")]


@pytest.mark.parametrize(
    ("kind", "supplier", "roles", "supplier_hears"),
    [
        (DeadlineKind.PLAN, 7, {Role.ESG_MANAGER}, True),
        (DeadlineKind.NC_CLOSURE, 7, {Role.ESG_MANAGER, Role.AUDITOR}, True),
        (DeadlineKind.AUDIT, 7, {Role.ESG_MANAGER, Role.AUDITOR}, True),
        (DeadlineKind.DATA_SUBMISSION, None, {Role.ESG_MANAGER}, False),
        (DeadlineKind.PLAN, None, {Role.ESG_MANAGER}, False),
    ],
)
def test_who_hears_of_a_deadline(
    kind: DeadlineKind, supplier: int | None, roles: set[Role], supplier_hears: bool
) -> None:
    deadline = _deadline("k", TODAY, kind, supplier)
    assert staff_roles_for(kind) == roles
    assert concerns_supplier(deadline) is supplier_hears


@pytest.mark.parametrize(
    ("due_on", "when"),
    [
        (date(2026, 3, 9), "overdue by 1 day"),
        (date(2026, 3, 1), "overdue by 9 days"),
        (date(2026, 3, 10), "due today"),
        (date(2026, 3, 11), "due in 1 day"),
        (date(2026, 3, 24), "due in 14 days"),
    ],
)
def test_a_reminder_says_what_is_due_and_when(due_on: date, when: str) -> None:
    title = reminder_title(_deadline("NC-1", due_on), TODAY)
    assert title == f"Non-conformity to close: SUP-1, NC-1 ({when}, {due_on})"


def test_the_digest_lists_missed_deadlines_first_then_what_is_due_soon() -> None:
    deadlines = [
        _deadline("later", date(2026, 3, 20)),
        _deadline("far", date(2026, 5, 1)),
        _deadline("late", date(2026, 3, 8), DeadlineKind.PLAN),
    ]
    links = [
        "https://esg.example.com/x/later",
        "https://esg.example.com/x/far",
        "https://esg.example.com/x/late",
    ]
    made = digest("Li Wei", deadlines, TODAY, POLICY, links)
    assert made is not None
    assert made.subject == "supplyesg: 1 overdue, 1 due soon (2026-03-10)"
    assert made.text == (
        "Hello Li Wei,\n"
        "\n"
        "Overdue:\n"
        "- Improvement plan due: SUP-1, late (overdue by 2 days, 2026-03-08)\n"
        "  https://esg.example.com/x/late\n"
        "\n"
        "Due in the next 14 days:\n"
        "- Non-conformity to close: SUP-1, later (due in 10 days, 2026-03-20)\n"
        "  https://esg.example.com/x/later\n"
        "\n"
        "You get this e-mail on days when one of your deadlines reaches a reminder.\n"
    )


def test_there_is_no_digest_without_anything_near() -> None:
    assert digest("Li", [_deadline("far", date(2026, 5, 1))], TODAY, POLICY, ["x"]) is None
    assert digest("Li", [], TODAY, POLICY, []) is None
