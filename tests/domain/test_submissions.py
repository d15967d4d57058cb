import pytest

from supplyesg.domain.four_eyes import Person
from supplyesg.domain.submissions import (
    ReviewAction,
    ReviewPolicy,
    ReviewStatus,
    review_problems,
    status_after,
)

A = ReviewAction
S = ReviewStatus
FOUR_EYES = ReviewPolicy(four_eyes=True)
MAKER = Person("maker")


@pytest.mark.parametrize(
    ("current", "action", "actor", "comment", "after"),
    [
        (None, A.SUBMIT, "maker", "", S.SUBMITTED),
        (S.SUBMITTED, A.SUBMIT, "maker", "", S.SUBMITTED),
        (S.RETURNED, A.SUBMIT, "maker", "", S.SUBMITTED),
        (S.SUBMITTED, A.APPROVE, "checker", "", S.APPROVED),
        (S.SUBMITTED, A.RETURN, "checker", "Meter reading is for December", S.RETURNED),
        (S.APPROVED, A.REOPEN, "checker", "Invoice corrected by the utility", S.RETURNED),
    ],
)
def test_allowed_moves(
    current: ReviewStatus | None,
    action: ReviewAction,
    actor: str,
    comment: str,
    after: ReviewStatus,
) -> None:
    assert review_problems(current, action, Person(actor), MAKER, comment, FOUR_EYES) == []
    assert status_after(action) is after


@pytest.mark.parametrize(
    ("current", "action", "actor", "comment", "fields", "reason_part"),
    [
        (S.APPROVED, A.SUBMIT, "maker", "", ["status"], "locked"),
        (None, A.APPROVE, "checker", "", ["status"], "submit one first"),
        (S.APPROVED, A.APPROVE, "checker", "", ["status"], "cannot be approved"),
        (S.RETURNED, A.APPROVE, "checker", "", ["status"], "cannot be approved"),
        (S.RETURNED, A.RETURN, "checker", "again", ["status"], "cannot be returned"),
        (S.SUBMITTED, A.REOPEN, "checker", "why", ["status"], "cannot be reopened"),
        (S.SUBMITTED, A.RETURN, "checker", "  ", ["comment"], "comment is required"),
        (S.APPROVED, A.REOPEN, "checker", "", ["comment"], "comment is required"),
        (S.SUBMITTED, A.APPROVE, "maker", "", ["actor"], "cannot approve"),
        (S.SUBMITTED, A.RETURN, "maker", "", ["comment", "actor"], "comment"),
    ],
)
def test_refused_moves_say_why(
    current: ReviewStatus | None,
    action: ReviewAction,
    actor: str,
    comment: str,
    fields: list[str],
    reason_part: str,
) -> None:
    problems = review_problems(current, action, Person(actor), MAKER, comment, FOUR_EYES)
    assert [p.field for p in problems] == fields
    assert reason_part in problems[0].reason


def test_without_four_eyes_a_maker_may_check_their_own_value() -> None:
    relaxed = ReviewPolicy(four_eyes=False)
    assert review_problems(S.SUBMITTED, A.APPROVE, MAKER, MAKER, "", relaxed) == []
