from datetime import date

import pytest

from supplyesg.domain.audits import Verdict
from supplyesg.domain.follow_up import (
    FollowUpStep,
    StepKind,
    after_step,
    step_note,
    step_problems,
)
from supplyesg.domain.plans import NcStatus, NonConformity

AUDIT_ON, TODAY = date(2026, 3, 10), date(2026, 11, 21)
S, K = NcStatus, StepKind


def nc(status: NcStatus = S.OPEN, due_on: date | None = None) -> NonConformity:
    return NonConformity(1, "ENV-07", Verdict.MINOR, status, due_on=due_on)


def step(kind: StepKind, on: date = date(2026, 4, 1), **fields: object) -> FollowUpStep:
    return FollowUpStep(kind, on, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("item", "taken", "fields"),
    [
        (nc(), step(K.AGREE_CLOSING_DATE, due_on=date(2026, 6, 30), owner="EHS"), []),
        (nc(), step(K.AGREE_CLOSING_DATE, owner="EHS"), ["due_on"]),
        (nc(), step(K.AGREE_CLOSING_DATE, due_on=date(2026, 3, 31), owner="EHS"), ["due_on"]),
        (nc(), step(K.START, on=AUDIT_ON), []),
        (nc(), step(K.START, on=date(2026, 3, 9)), ["on"]),
        (nc(), step(K.START, on=TODAY), []),
        (nc(), step(K.START, on=date(2026, 11, 22)), ["on"]),
        (nc(S.IN_PROGRESS), step(K.SUBMIT_EVIDENCE, evidence=("report.pdf",)), []),
        (nc(S.IN_PROGRESS), step(K.SUBMIT_EVIDENCE, evidence=(" ",)), ["evidence"]),
        (nc(S.AWAITING_VERIFICATION), step(K.VERIFY_CLOSED), []),
        (nc(S.AWAITING_VERIFICATION), step(K.SEND_BACK), ["note"]),
        (nc(S.AWAITING_VERIFICATION), step(K.SEND_BACK, note="meter readings missing"), []),
        (nc(S.IN_PROGRESS), step(K.VERIFY_CLOSED), ["status"]),
        (nc(S.CLOSED), step(K.START), ["status"]),
        (nc(S.PLAN_SUBMITTED), step(K.START), ["status"]),
    ],
)
def test_each_step_needs_its_facts_and_a_day_between_the_audit_and_today(
    item: NonConformity, taken: FollowUpStep, fields: list[str]
) -> None:
    assert [p.field for p in step_problems(item, taken, AUDIT_ON, TODAY)] == fields


@pytest.mark.parametrize(
    ("item", "taken", "status", "due_on", "closed_on"),
    [
        (
            nc(),
            step(K.AGREE_CLOSING_DATE, due_on=date(2026, 6, 30), owner=" EHS "),
            S.OPEN,
            date(2026, 6, 30),
            None,
        ),
        (nc(), step(K.START), S.IN_PROGRESS, None, None),
        (nc(S.IN_PROGRESS), step(K.SUBMIT_EVIDENCE), S.AWAITING_VERIFICATION, None, None),
        (nc(S.AWAITING_VERIFICATION), step(K.SEND_BACK), S.IN_PROGRESS, None, None),
        (
            nc(S.AWAITING_VERIFICATION, date(2026, 6, 30)),
            step(K.VERIFY_CLOSED, on=date(2026, 7, 2)),
            S.CLOSED,
            date(2026, 6, 30),
            date(2026, 7, 2),
        ),
    ],
)
def test_a_step_moves_the_non_conformity_and_keeps_its_dates(
    item: NonConformity,
    taken: FollowUpStep,
    status: NcStatus,
    due_on: date | None,
    closed_on: date | None,
) -> None:
    after = after_step(item, taken)
    assert (after.status, after.due_on, after.closed_on) == (status, due_on, closed_on)


def test_the_history_says_what_each_step_did() -> None:
    agreed = step(K.AGREE_CLOSING_DATE, due_on=date(2026, 6, 30), owner="EHS")
    assert step_note(agreed) == "closing date 2026-06-30 agreed, owner EHS"
    sent = step(K.SUBMIT_EVIDENCE, evidence=("a.pdf", "b.xlsx"))
    assert step_note(sent) == "evidence submitted: a.pdf, b.xlsx"
    assert step_note(step(K.SEND_BACK, note=" readings missing ")) == "readings missing"
