"""A report version goes draft -> in review -> approved -> published, and never changes after."""

import pytest

from supplyesg.domain.access import Role, permissions_of
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.report_versions import (
    FigureChange,
    Step,
    VersionState,
    comparison_problems,
    figure_changes,
    is_frozen,
    may_take,
    new_version_problems,
    next_state,
    publish_problems,
    step_problems,
    steps_from,
)

ANA = Person("ana@example.com", 7)
ANA_TOKEN = Person("ana@example.com (API token 'erp')", 7)
BEN = Person("ben@example.com", 8)
D, R, A, P = (
    VersionState.DRAFT,
    VersionState.IN_REVIEW,
    VersionState.APPROVED,
    VersionState.PUBLISHED,
)


@pytest.mark.parametrize(
    ("step", "state", "fields"),
    [
        (Step.SUBMIT, D, []),
        (Step.SUBMIT, R, ["state"]),
        (Step.SUBMIT, A, ["state"]),
        (Step.APPROVE, R, []),
        (Step.APPROVE, D, ["state"]),
        (Step.APPROVE, A, ["state"]),
        (Step.REJECT, R, []),
        (Step.REJECT, A, []),
        (Step.REJECT, D, ["state"]),
        (Step.PUBLISH, A, []),
        (Step.PUBLISH, R, ["state"]),
        (Step.PUBLISH, D, ["state"]),
        (Step.SUBMIT, P, ["state"]),
        (Step.APPROVE, P, ["state"]),
        (Step.REJECT, P, ["state"]),
        (Step.PUBLISH, P, ["state"]),
    ],
)
def test_each_step_is_taken_only_from_its_states(
    step: Step, state: VersionState, fields: list[str]
) -> None:
    problems = step_problems(step, state, BEN, ANA, reason="figures to check")
    assert [p.field for p in problems] == fields


@pytest.mark.parametrize(
    ("step", "after"),
    [(Step.SUBMIT, R), (Step.APPROVE, A), (Step.REJECT, D), (Step.PUBLISH, P)],
)
def test_each_step_leads_to_its_state(step: Step, after: VersionState) -> None:
    assert next_state(step) is after


def test_a_published_version_never_changes_whatever_the_step() -> None:
    assert is_frozen(P)
    assert not any(is_frozen(s) for s in (D, R, A))
    for step in Step:
        (problem,) = step_problems(step, P, BEN, ANA, "reason")
        assert problem.reason == "a published version never changes"


@pytest.mark.parametrize(
    ("submitter", "approver", "refused"),
    [(ANA, ANA, True), (ANA_TOKEN, ANA, True), (ANA, BEN, False), (None, BEN, False)],
)
def test_who_submitted_for_review_cannot_approve(
    submitter: Person | None, approver: Person, refused: bool
) -> None:
    fields = [p.field for p in step_problems(Step.APPROVE, R, approver, submitter)]
    assert fields == (["actor"] if refused else [])


@pytest.mark.parametrize(
    ("reason", "refused"), [("", True), ("   ", True), ("Scope 2 wrong", False)]
)
def test_a_rejection_says_why(reason: str, refused: bool) -> None:
    fields = [p.field for p in step_problems(Step.REJECT, R, BEN, ANA, reason)]
    assert fields == (["reason"] if refused else [])


@pytest.mark.parametrize(
    ("role", "submit", "approve", "publish"),
    [
        (Role.ADMIN, True, True, True),
        (Role.ESG_MANAGER, True, False, False),
        (Role.VIEWER, False, False, False),
        (Role.AUDITOR, False, False, False),
        (Role.SUPPLIER_USER, False, False, False),
    ],
)
def test_only_those_allowed_to_sign_approve_and_publish(
    role: Role, submit: bool, approve: bool, publish: bool
) -> None:
    granted = permissions_of(role)
    assert may_take(Step.SUBMIT, granted) is submit
    assert may_take(Step.APPROVE, granted) is approve
    assert may_take(Step.REJECT, granted) is approve
    assert may_take(Step.PUBLISH, granted) is publish


@pytest.mark.parametrize(
    ("states", "refused"),
    [([], False), ([P], False), ([P, P], False), ([P, D], True), ([R], True), ([A], True)],
)
def test_a_new_version_waits_until_the_previous_one_is_published(
    states: list[VersionState], refused: bool
) -> None:
    assert bool(new_version_problems(states)) is refused


@pytest.mark.parametrize(
    ("published", "current", "expected"),
    [
        ({"a": "1"}, {"a": "1"}, []),
        ({"a": "1"}, {"a": "2"}, [FigureChange("a", "1", "2")]),
        ({"a": "1", "b": None}, {"a": "1", "b": "3"}, [FigureChange("b", None, "3")]),
        ({"a": "1"}, {}, [FigureChange("a", "1", None)]),
        ({}, {"c": "5"}, [FigureChange("c", None, "5")]),
    ],
)
def test_what_changed_since_publication_lists_figure_published_and_current(
    published: dict[str, str | None], current: dict[str, str | None], expected: list[FigureChange]
) -> None:
    assert figure_changes(published, current) == expected


def test_a_version_whose_figures_moved_after_review_is_not_published() -> None:
    (problem,) = publish_problems([FigureChange("Scope 1", "10 t", "12 t")])
    assert problem.field == "figures.Scope 1"
    assert problem.value == "10 t -> 12 t"
    assert publish_problems([]) == []


@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (D, [Step.SUBMIT]),
        (R, [Step.APPROVE, Step.REJECT]),
        (A, [Step.REJECT, Step.PUBLISH]),
        (P, []),
    ],
)
def test_the_steps_open_from_each_state(state: VersionState, steps: list[Step]) -> None:
    assert steps_from(state) == steps


@pytest.mark.parametrize(("state", "refused"), [(D, True), (R, True), (A, True), (P, False)])
def test_only_a_published_version_is_compared_with_the_data_now(
    state: VersionState, refused: bool
) -> None:
    assert [p.field for p in comparison_problems(state, 3)] == (["version"] if refused else [])
