"""Maker-checker for ESG values: a value is submitted, then approved or returned with a comment.

An approved value is locked: it cannot be changed or re-submitted until a checker reopens it,
with a reason. With the four-eyes policy, nobody approves, returns or reopens a value that they
submitted themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.four_eyes import Person, four_eyes_problems


class ReviewStatus(StrEnum):
    """Where a value stands in review."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class ReviewAction(StrEnum):
    """What someone does to a value."""

    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """How strict review is: four_eyes forbids checking one's own submission."""

    four_eyes: bool = True


_FROM: dict[ReviewAction, frozenset[ReviewStatus | None]] = {
    ReviewAction.SUBMIT: frozenset({None, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED}),
    ReviewAction.APPROVE: frozenset({ReviewStatus.SUBMITTED}),
    ReviewAction.RETURN: frozenset({ReviewStatus.SUBMITTED}),
    ReviewAction.REOPEN: frozenset({ReviewStatus.APPROVED}),
}

_TO: dict[ReviewAction, ReviewStatus] = {
    ReviewAction.SUBMIT: ReviewStatus.SUBMITTED,
    ReviewAction.APPROVE: ReviewStatus.APPROVED,
    ReviewAction.RETURN: ReviewStatus.RETURNED,
    ReviewAction.REOPEN: ReviewStatus.RETURNED,
}

_NEEDS_COMMENT = frozenset({ReviewAction.RETURN, ReviewAction.REOPEN})
_CHECKER_ACTIONS = frozenset({ReviewAction.APPROVE, ReviewAction.RETURN, ReviewAction.REOPEN})


def status_after(action: ReviewAction) -> ReviewStatus:
    """The status a value has after an action."""
    return _TO[action]


def review_problems(
    current: ReviewStatus | None,
    action: ReviewAction,
    actor: Person,
    submitted_by: Person | None,
    comment: str,
    policy: ReviewPolicy,
) -> list[Problem]:
    """Why `actor` may not take `action` on a value in status `current` (None: not yet recorded)."""
    problems: list[Problem] = []
    if current not in _FROM[action]:
        problems.append(Problem("status", _refusal(current, action), str(current or "new")))
    if action in _NEEDS_COMMENT and not comment.strip():
        problems.append(Problem("comment", f"a comment is required to {action} a value", comment))
    if policy.four_eyes and action in _CHECKER_ACTIONS:
        problems += four_eyes_problems(submitted_by, actor, str(action), "a value")
    return problems


def _refusal(current: ReviewStatus | None, action: ReviewAction) -> str:
    if current is None:
        return f"there is no value to {action}; submit one first"
    if current is ReviewStatus.APPROVED and action is ReviewAction.SUBMIT:
        return "the value is approved and locked; a checker must reopen it first"
    return f"a {current} value cannot be {_past(action)}"


def _past(action: ReviewAction) -> str:
    return {
        ReviewAction.SUBMIT: "submitted again",
        ReviewAction.APPROVE: "approved",
        ReviewAction.RETURN: "returned",
        ReviewAction.REOPEN: "reopened",
    }[action]
