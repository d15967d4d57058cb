from datetime import date

import pytest

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.domain.training import (
    AssignmentStatus,
    TrainingCandidate,
    TrainingFormat,
    TrainingProgramme,
    completion_rate,
    move_problems,
    programme_problems,
    proposal_problems,
    proposals,
    training_need,
)

AS_OF = date(2026, 3, 31)
PROPOSED, ASSIGNED, ATTENDED, ABSENT, COMPLETED, CANCELLED = (
    AssignmentStatus.PROPOSED,
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.ATTENDED,
    AssignmentStatus.ABSENT,
    AssignmentStatus.COMPLETED,
    AssignmentStatus.CANCELLED,
)


def candidate(
    code: str = "SUP-1",
    *,
    risk: RiskLevel = RiskLevel.LOW,
    tier: int = 1,
    key: bool = False,
    audited: date | None = None,
    accepted: bool | None = None,
    trained: tuple[date, ...] = (),
    status: SupplierStatus = SupplierStatus.ACTIVE,
) -> TrainingCandidate:
    return TrainingCandidate(code, status, tier, key, risk, audited, accepted, trained)


@pytest.mark.parametrize(
    ("who", "needed"),
    [
        (candidate(), False),
        (candidate(audited=date(2026, 1, 10), accepted=True), False),
        (candidate(audited=date(2026, 1, 10), accepted=False), True),
        (candidate(risk=RiskLevel.MEDIUM, audited=date(2026, 1, 10), accepted=True), False),
        (candidate(risk=RiskLevel.HIGH), True),  # high inherent risk, never audited
        (candidate(risk=RiskLevel.HIGH, status=SupplierStatus.TERMINATED), False),
        # high risk deeper in the chain: reached through its customers, unless key
        (candidate(risk=RiskLevel.HIGH, tier=3), False),
        (candidate(risk=RiskLevel.HIGH, tier=3, key=True), True),
        # but a deeper sub-supplier that failed its own audit is proposed
        (candidate(tier=3, audited=date(2026, 1, 10), accepted=False), True),
        # trained on or after the audit that found it unqualified: covered
        (candidate(audited=date(2026, 1, 10), accepted=False, trained=(date(2026, 1, 10),)), False),
        (candidate(audited=date(2026, 1, 10), accepted=False, trained=(date(2026, 1, 9),)), True),
        # never audited: a training in the last 12 months covers it
        (candidate(risk=RiskLevel.HIGH, trained=(date(2025, 3, 31),)), False),
        (candidate(risk=RiskLevel.HIGH, trained=(date(2025, 3, 30),)), True),
    ],
)
def test_who_needs_training(who: TrainingCandidate, needed: bool) -> None:
    assert (training_need(who, AS_OF) is not None) is needed


def test_a_need_gives_every_reason() -> None:
    need = training_need(
        candidate(risk=RiskLevel.HIGH, audited=date(2026, 1, 10), accepted=False), AS_OF
    )
    assert need is not None
    assert tuple(r.text for r in need.reasons) == (
        "its audit of 2026-01-10 was not accepted (manual section 7: training for the unqualified)",
        "it is a high-risk supplier (manual section 7)",
    )


def test_the_never_audited_lookback_handles_a_leap_day() -> None:
    who = candidate(risk=RiskLevel.HIGH, trained=(date(2023, 2, 28),))
    assert training_need(who, date(2024, 2, 29)) is None  # 12 months back is 2023-02-28
    assert training_need(who, date(2024, 3, 1)) is not None


def test_proposals_are_the_needy_in_code_order() -> None:
    found = proposals(
        [
            candidate("B", risk=RiskLevel.HIGH),
            candidate("C"),
            candidate("A", audited=date(2026, 2, 1), accepted=False),
        ],
        AS_OF,
    )
    assert [n.supplier_code for n in found] == ["A", "B"]


@pytest.mark.parametrize(
    ("held_on", "refused"),
    [(date(2026, 3, 30), True), (AS_OF, False), (date(2026, 4, 1), False)],
)
def test_suppliers_are_proposed_only_for_a_training_not_yet_held(
    held_on: date, refused: bool
) -> None:
    programme = TrainingProgramme("Chemicals handling", TrainingFormat.WORKSHOP, held_on)
    assert bool(proposal_problems(programme, AS_OF)) is refused


@pytest.mark.parametrize(
    ("topic", "held_on", "description", "fields"),
    [
        ("Labour rights basics", AS_OF, "", []),
        ("  ", AS_OF, "", ["topic"]),
        ("x" * 201, AS_OF, "", ["topic"]),
        ("Labour rights basics", AS_OF, "x" * 4001, ["description"]),
        ("Labour rights basics", date(2000, 1, 1), "", []),
        ("Labour rights basics", date(1999, 12, 31), "", ["held_on"]),
        ("Labour rights basics", date(2100, 1, 1), "", ["held_on"]),
    ],
)
def test_a_training_programme_needs_a_topic_and_a_plausible_day(
    topic: str, held_on: date, description: str, fields: list[str]
) -> None:
    programme = TrainingProgramme(topic, TrainingFormat.ONLINE, held_on, description)
    assert [p.field for p in programme_problems(programme)] == fields


HELD = date(2026, 5, 20)


@pytest.mark.parametrize(
    ("current", "target", "on", "field"),
    [
        (PROPOSED, ASSIGNED, date(2026, 4, 1), None),
        (PROPOSED, CANCELLED, date(2026, 4, 1), None),
        (PROPOSED, ATTENDED, HELD, "status"),  # must be assigned first
        (ASSIGNED, ATTENDED, date(2026, 5, 19), "on"),  # the day before the training
        (ASSIGNED, ATTENDED, HELD, None),  # the day of it
        (ASSIGNED, ABSENT, HELD, None),
        (ASSIGNED, ABSENT, date(2026, 5, 19), "on"),
        (ATTENDED, COMPLETED, date(2026, 6, 30), None),
        (ASSIGNED, COMPLETED, HELD, "status"),  # attend first
        (COMPLETED, CANCELLED, HELD, "status"),  # final
        (ABSENT, ATTENDED, HELD, "status"),
        (CANCELLED, ASSIGNED, HELD, None),
        (ASSIGNED, ASSIGNED, HELD, "status"),
    ],
)
def test_an_assignment_moves_step_by_step_and_not_before_the_training(
    current: AssignmentStatus, target: AssignmentStatus, on: date, field: str | None
) -> None:
    problems = move_problems(current, target, HELD, on)
    assert [p.field for p in problems] == ([field] if field else [])


def test_a_final_status_says_so() -> None:
    problem = move_problems(COMPLETED, CANCELLED, HELD, HELD)[0]
    assert problem.reason == "cannot move from completed to cancelled; allowed: none (it is final)"


@pytest.mark.parametrize(
    ("statuses", "rate"),
    [
        ([], (0, 0)),
        ([PROPOSED, CANCELLED], (0, 0)),
        ([ASSIGNED, ATTENDED, COMPLETED, ABSENT, CANCELLED, PROPOSED], (1, 4)),
        ([COMPLETED, COMPLETED], (2, 2)),
    ],
)
def test_completion_counts_confirmed_assignments(
    statuses: list[AssignmentStatus], rate: tuple[int, int]
) -> None:
    assert completion_rate(statuses) == rate
