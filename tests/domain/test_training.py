from datetime import date

import pytest

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.domain.training import (
    AssignmentStatus,
    OpenFinding,
    PastTraining,
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
    findings: tuple[OpenFinding, ...] = (),
    trainings: tuple[PastTraining, ...] = (),
) -> TrainingCandidate:
    past = tuple(PastTraining(day) for day in trained) + trainings
    return TrainingCandidate(code, status, tier, key, risk, audited, accepted, past, findings)


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


HS, LAB, ENV = Pillar.HEALTH_AND_SAFETY, Pillar.LABOUR, Pillar.ENVIRONMENT
AUDITED = date(2026, 1, 10)


def found(requirement_id: str, section: Pillar, on: date = AUDITED) -> OpenFinding:
    return OpenFinding(requirement_id, section, on)


def taught(day: date, *sections: Pillar) -> PastTraining:
    return PastTraining(day, frozenset(sections))


FIRE = found("HS-02", HS)
CHILD_LABOUR = found("LAB-01", LAB)


@pytest.mark.parametrize(
    ("who", "sections", "answers"),
    [
        # a programme on a section proposes the suppliers with open findings in it
        (candidate(findings=(FIRE,)), {HS}, ("HS-02",)),
        (candidate(findings=(CHILD_LABOUR,)), {HS}, None),
        (candidate(findings=(FIRE, CHILD_LABOUR)), {HS}, ("HS-02",)),
        (candidate(findings=(FIRE, CHILD_LABOUR)), {HS, LAB}, ("HS-02", "LAB-01")),
        # the manual's reasons bring in no one without findings in the programme's sections
        (candidate(risk=RiskLevel.HIGH), {HS}, None),
        (candidate(audited=AUDITED, accepted=False, findings=(CHILD_LABOUR,)), {HS}, None),
        (candidate(audited=AUDITED, accepted=False, findings=(FIRE,)), {HS}, ("HS-02",)),
        (candidate(findings=(FIRE,), status=SupplierStatus.TERMINATED), {HS}, None),
        # a training on the section since the audit that found it answers the finding
        (candidate(findings=(FIRE,), trainings=(taught(AUDITED, HS),)), {HS}, None),
        (candidate(findings=(FIRE,), trainings=(taught(date(2026, 1, 9), HS),)), {HS}, ("HS-02",)),
        # ...but a training on another section, or a general one, does not
        (candidate(findings=(FIRE,), trainings=(taught(AUDITED, LAB),)), {HS}, ("HS-02",)),
        (candidate(findings=(FIRE,), trainings=(taught(AUDITED),)), {HS}, ("HS-02",)),
        # a finding of an older audit, still open, is answered by a training after that audit
        (candidate(findings=(found("ENV-07", ENV, date(2025, 6, 1)),)), {ENV}, ("ENV-07",)),
        (
            candidate(
                findings=(found("ENV-07", ENV, date(2025, 6, 1)),),
                trainings=(taught(date(2025, 9, 1), ENV, HS),),
            ),
            {ENV},
            None,
        ),
        # a general programme keeps the manual's reasons and answers every open finding
        (candidate(findings=(FIRE, CHILD_LABOUR)), set(), None),
        (
            candidate(risk=RiskLevel.HIGH, findings=(FIRE, CHILD_LABOUR)),
            set(),
            ("HS-02", "LAB-01"),
        ),
        (candidate(risk=RiskLevel.HIGH), set(), ()),
    ],
)
def test_training_follows_the_findings(
    who: TrainingCandidate, sections: set[Pillar], answers: tuple[str, ...] | None
) -> None:
    need = training_need(who, AS_OF, frozenset(sections))
    assert (need.answers if need else None) == answers


def test_a_proposal_on_findings_names_them_and_keeps_the_manuals_reasons() -> None:
    who = candidate(risk=RiskLevel.HIGH, audited=AUDITED, accepted=False, findings=(FIRE,))
    need = training_need(who, AS_OF, frozenset({HS, LAB}))
    assert need is not None
    assert [(r.rule, r.text) for r in need.reasons] == [
        (
            "training.open_findings",
            "open findings in health and safety: HS-02 "
            "(manual section 9: training to help suppliers improve)",
        ),
        (
            "training.not_accepted",
            "its audit of 2026-01-10 was not accepted "
            "(manual section 7: training for the unqualified)",
        ),
        ("training.high_risk", "it is a high-risk supplier (manual section 7)"),
    ]


def test_proposals_for_a_section_are_those_with_findings_in_it() -> None:
    found_ = proposals(
        [
            candidate("FIRE", findings=(FIRE,)),
            candidate("LABOUR", risk=RiskLevel.HIGH, findings=(CHILD_LABOUR,)),
            candidate("BOTH", findings=(CHILD_LABOUR, FIRE)),
        ],
        AS_OF,
        frozenset({HS}),
    )
    assert [(n.supplier_code, n.answers) for n in found_] == [
        ("BOTH", ("HS-02",)),
        ("FIRE", ("HS-02",)),
    ]
