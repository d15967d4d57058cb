"""Versions of a published report: review, sign-off, publication and the freeze that follows.

A version goes draft -> in review -> approved -> published. Whoever submits it for review
cannot approve it (four eyes); approving or sending it back needs the sign-off permission
(the board's ESG committee signs the ESG report, HKEX ESG Reporting Guide para. 13 asks for
the board's statement); a rejection says why and returns the version to draft. Once
published, a version never changes: what the data says later is compared with it, never
written into it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from supplyesg.domain.access import Action, Area, Permission, is_allowed
from supplyesg.domain.errors import Problem
from supplyesg.domain.four_eyes import Person, four_eyes_problems


class VersionState(StrEnum):
    """Where a report version stands."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"


class Step(StrEnum):
    """What can be done to a report version."""

    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"


SIGN_OFF = Permission(Area.SIGN_OFF, Action.WRITE)
"""The right to approve a report for publication, or to send it back."""

PREPARE = Permission(Area.REPORTS, Action.WRITE)
"""The right to submit a report for review."""

STEP_PERMISSION: dict[Step, Permission] = {
    Step.SUBMIT: PREPARE,
    Step.APPROVE: SIGN_OFF,
    Step.REJECT: SIGN_OFF,
    Step.PUBLISH: SIGN_OFF,
}
"""Which permission each step needs."""

TRANSITIONS: dict[Step, tuple[frozenset[VersionState], VersionState]] = {
    Step.SUBMIT: (frozenset({VersionState.DRAFT}), VersionState.IN_REVIEW),
    Step.APPROVE: (frozenset({VersionState.IN_REVIEW}), VersionState.APPROVED),
    Step.REJECT: (
        frozenset({VersionState.IN_REVIEW, VersionState.APPROVED}),
        VersionState.DRAFT,
    ),
    Step.PUBLISH: (frozenset({VersionState.APPROVED}), VersionState.PUBLISHED),
}
"""From which states each step may be taken, and the state it leads to."""

MAX_REASON = 2000


def next_state(step: Step) -> VersionState:
    """The state a step leads to."""
    return TRANSITIONS[step][1]


def is_frozen(state: VersionState) -> bool:
    """Whether a version in this state may no longer change (a published version never does)."""
    return state is VersionState.PUBLISHED


def steps_from(state: VersionState) -> list[Step]:
    """The steps that may be taken on a version in this state, in the order of the workflow."""
    return [step for step, (allowed_from, _) in TRANSITIONS.items() if state in allowed_from]


def may_take(step: Step, granted: frozenset[Permission]) -> bool:
    """Whether someone holding `granted` may take the step."""
    return is_allowed(granted, STEP_PERMISSION[step])


def step_problems(
    step: Step,
    state: VersionState,
    actor: Person,
    submitted_by: Person | None,
    reason: str = "",
) -> list[Problem]:
    """Why `actor` may not take `step` on a version in `state` submitted by `submitted_by`."""
    allowed_from, _ = TRANSITIONS[step]
    if is_frozen(state):
        return [Problem("state", "a published version never changes", str(state))]
    problems: list[Problem] = []
    if state not in allowed_from:
        wanted = " or ".join(sorted(s.value for s in allowed_from))
        problems.append(Problem("state", f"must be {wanted} to {step.value}", str(state)))
    if step is Step.APPROVE:
        problems += four_eyes_problems(submitted_by, actor, "approve", "a report")
    if step is Step.REJECT and not reason.strip():
        problems.append(Problem("reason", "say why the version goes back to draft", reason))
    if len(reason) > MAX_REASON:
        problems.append(Problem("reason", f"at most {MAX_REASON} characters", len(reason)))
    return problems


def comparison_problems(state: VersionState, number: int) -> list[Problem]:
    """Why a version cannot be compared with the data now: only a published one has figures
    that no longer move (a draft's are replaced whenever it is submitted again)."""
    if is_frozen(state):
        return []
    return [Problem("version", f"version {number} is {state.value}, not published", number)]


def new_version_problems(open_states: list[VersionState]) -> list[Problem]:
    """Why a new version cannot be started: another one is still on its way to publication."""
    unfinished = [s for s in open_states if not is_frozen(s)]
    if not unfinished:
        return []
    return [
        Problem(
            "version",
            "another version of this report is not yet published; submit or reject it first",
            str(unfinished[0]),
        )
    ]


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A figure whose value differs between a published version and the data now."""

    figure: str
    published: str | None
    current: str | None


def figure_changes(
    published: Mapping[str, str | None], current: Mapping[str, str | None]
) -> list[FigureChange]:
    """What changed since publication: every figure added, removed or with another value,
    in the published version's order, then the new figures."""
    changes = [
        FigureChange(name, value, current.get(name))
        for name, value in published.items()
        if name not in current or current[name] != value
    ]
    changes += [
        FigureChange(name, None, value) for name, value in current.items() if name not in published
    ]
    return changes


def publish_problems(changed_since_review: list[FigureChange]) -> list[Problem]:
    """Why an approved version cannot be published: the data moved after it was reviewed,
    so what would be published is not what was signed off."""
    return [
        Problem(
            f"figures.{change.figure}",
            "changed after the review; send the version back to draft and review it again",
            f"{change.published} -> {change.current}",
        )
        for change in changed_since_review
    ]
