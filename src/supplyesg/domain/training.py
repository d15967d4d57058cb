"""Supplier training: programmes, who should attend, and an assignment's way to completion.

Manual section 7 provides "corresponding training" for high-risk suppliers found unqualified,
and section 9 offers training programmes to help suppliers improve. A programme may name the
sections of the code of conduct it covers (health and safety, labour...); training then follows
the findings:

- A programme that names sections proposes the suppliers with open findings (non-conformities
  not yet closed) in those sections, unless a training covering the finding's section was held
  on or after the audit that raised it. Its proposal answers those findings; the manual's
  reasons (audit not accepted, high risk) are added to it as reasons, but never bring in a
  supplier without findings in the programme's sections: a fire-safety session is not the
  "corresponding training" for a supplier found wanting on labour rights.
- A programme that names none is a general one: a supplier is proposed when its latest audit
  was not accepted (it is "unqualified"), or when its resulting risk is high and it is one we
  deal with directly in the programme (in audit scope: tier 1 or a key sub-supplier; a deeper
  sub-supplier is reached through its customers). It is not proposed when it already has a
  training (proposed, assigned, attended or completed) held on or after the date that
  triggered the need: its latest audit, or, for a supplier never audited, twelve months before
  the day of the proposal. Its proposal answers all of the supplier's open findings.

An assignment moves proposed -> assigned -> attended -> completed; an assigned supplier may be
absent; proposed or assigned ones may be cancelled and a cancelled one assigned again.
Attendance, absence and completion are recorded on or after the day the training is held.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import Problem
from supplyesg.domain.periods import add_months
from supplyesg.domain.policy import Reason
from supplyesg.domain.suppliers import SupplierStatus, is_in_audit_scope

MAX_TOPIC_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 4000
NEVER_AUDITED_LOOKBACK_MONTHS = 12
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


class TrainingFormat(StrEnum):
    """How a training is delivered."""

    ON_SITE = "on_site"
    ONLINE = "online"
    WORKSHOP = "workshop"


class AssignmentStatus(StrEnum):
    """Where a supplier's place in a training stands."""

    PROPOSED = "proposed"
    ASSIGNED = "assigned"
    ATTENDED = "attended"
    ABSENT = "absent"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


_MOVES: dict[AssignmentStatus, frozenset[AssignmentStatus]] = {
    AssignmentStatus.PROPOSED: frozenset({AssignmentStatus.ASSIGNED, AssignmentStatus.CANCELLED}),
    AssignmentStatus.ASSIGNED: frozenset(
        {AssignmentStatus.ATTENDED, AssignmentStatus.ABSENT, AssignmentStatus.CANCELLED}
    ),
    AssignmentStatus.ATTENDED: frozenset({AssignmentStatus.COMPLETED}),
    AssignmentStatus.ABSENT: frozenset(),
    AssignmentStatus.COMPLETED: frozenset(),
    AssignmentStatus.CANCELLED: frozenset({AssignmentStatus.ASSIGNED}),
}
_AFTER_THE_TRAINING = frozenset(
    {AssignmentStatus.ATTENDED, AssignmentStatus.ABSENT, AssignmentStatus.COMPLETED}
)
_CONFIRMED = frozenset(
    {
        AssignmentStatus.ASSIGNED,
        AssignmentStatus.ATTENDED,
        AssignmentStatus.ABSENT,
        AssignmentStatus.COMPLETED,
    }
)
COUNTING_STATUSES = frozenset(
    {
        AssignmentStatus.PROPOSED,
        AssignmentStatus.ASSIGNED,
        AssignmentStatus.ATTENDED,
        AssignmentStatus.COMPLETED,
    }
)
"""Assignments that meet a training need (an absence or a cancellation does not)."""


@dataclass(frozen=True, slots=True)
class TrainingProgramme:
    """A training offered to suppliers: what, how and when."""

    topic: str
    format: TrainingFormat
    held_on: date
    description: str = ""
    sections: frozenset[Pillar] = frozenset()
    """The sections of the code of conduct it covers; none for a general training."""


def in_code_order(sections: Iterable[Pillar]) -> tuple[Pillar, ...]:
    """Sections in the order the code of conduct lists them."""
    chosen = set(sections)
    return tuple(pillar for pillar in Pillar if pillar in chosen)


def programme_problems(programme: TrainingProgramme) -> list[Problem]:
    """Why a training programme cannot be saved; empty when it can."""
    problems = []
    if not programme.topic.strip():
        problems.append(Problem("topic", "is required", programme.topic))
    elif len(programme.topic) > MAX_TOPIC_LENGTH:
        problems.append(Problem("topic", f"is longer than {MAX_TOPIC_LENGTH} characters", "..."))
    if not FIRST_DAY <= programme.held_on <= LAST_DAY:
        problems.append(
            Problem(
                "held_on",
                f"must be between {FIRST_DAY} and {LAST_DAY}",
                programme.held_on.isoformat(),
            )
        )
    if len(programme.description) > MAX_DESCRIPTION_LENGTH:
        problems.append(
            Problem("description", f"is longer than {MAX_DESCRIPTION_LENGTH} characters", "...")
        )
    return problems


@dataclass(frozen=True, slots=True)
class OpenFinding:
    """A non-conformity not yet closed: the requirement breached, its section, when found."""

    requirement_id: str
    section: Pillar
    found_on: date
    """The last day of the audit that raised it."""


@dataclass(frozen=True, slots=True)
class PastTraining:
    """A training of the supplier that counts (see COUNTING_STATUSES): its day and sections."""

    held_on: date
    sections: frozenset[Pillar] = frozenset()


@dataclass(frozen=True, slots=True)
class TrainingCandidate:
    """What decides whether a supplier should be trained."""

    supplier_code: str
    status: SupplierStatus
    tier: int
    is_key_sub_supplier: bool
    risk: RiskLevel
    latest_audit_on: date | None
    latest_audit_accepted: bool | None
    trainings: tuple[PastTraining, ...]
    open_findings: tuple[OpenFinding, ...] = ()


@dataclass(frozen=True, slots=True)
class TrainingNeed:
    """A supplier that should be trained, why, and the open findings the training answers."""

    supplier_code: str
    reasons: tuple[Reason, ...]
    answers: tuple[str, ...] = ()
    """Requirement codes of the open findings it answers, sorted (e.g. HS-02, LAB-01)."""


def training_need(
    candidate: TrainingCandidate, as_of: date, sections: frozenset[Pillar] = frozenset()
) -> TrainingNeed | None:
    """Why the supplier should be trained now by a programme covering the sections (none: a
    general programme); None when it need not be."""
    if candidate.status is SupplierStatus.TERMINATED:
        return None
    if sections:
        return _need_in_sections(candidate, sections)
    reasons = _manual_reasons(candidate)
    if not reasons or _is_covered(candidate, as_of):
        return None
    answers = _codes(candidate.open_findings)
    return TrainingNeed(candidate.supplier_code, tuple(reasons), answers)


def _need_in_sections(
    candidate: TrainingCandidate, sections: frozenset[Pillar]
) -> TrainingNeed | None:
    findings = [
        f
        for f in candidate.open_findings
        if f.section in sections and not _is_answered(f, candidate.trainings)
    ]
    if not findings:
        return None
    answers = _codes(findings)
    found_in = ", ".join(p.label.lower() for p in in_code_order(f.section for f in findings))
    opened = Reason(
        "training.open_findings",
        f"open findings in {found_in}: {', '.join(answers)} "
        "(manual section 9: training to help suppliers improve)",
    )
    return TrainingNeed(candidate.supplier_code, (opened, *_manual_reasons(candidate)), answers)


def _manual_reasons(candidate: TrainingCandidate) -> list[Reason]:
    reasons = []
    if candidate.latest_audit_accepted is False and candidate.latest_audit_on is not None:
        reasons.append(
            Reason(
                "training.not_accepted",
                f"its audit of {candidate.latest_audit_on.isoformat()} was not accepted "
                "(manual section 7: training for the unqualified)",
            )
        )
    in_scope = is_in_audit_scope(candidate.tier, candidate.is_key_sub_supplier)
    if candidate.risk is RiskLevel.HIGH and in_scope:
        reasons.append(
            Reason("training.high_risk", "it is a high-risk supplier (manual section 7)")
        )
    return reasons


def _is_covered(candidate: TrainingCandidate, as_of: date) -> bool:
    since = candidate.latest_audit_on or add_months(as_of, -NEVER_AUDITED_LOOKBACK_MONTHS)
    return any(t.held_on >= since for t in candidate.trainings)


def _is_answered(finding: OpenFinding, trainings: Iterable[PastTraining]) -> bool:
    """Whether a training on the finding's section was held on or after it was found."""
    return any(t.held_on >= finding.found_on and finding.section in t.sections for t in trainings)


def _codes(findings: Iterable[OpenFinding]) -> tuple[str, ...]:
    return tuple(sorted({f.requirement_id for f in findings}))


def proposals(
    candidates: Iterable[TrainingCandidate],
    as_of: date,
    sections: frozenset[Pillar] = frozenset(),
) -> list[TrainingNeed]:
    """The suppliers to propose for a programme covering the sections, in code order."""
    needs = (training_need(candidate, as_of, sections) for candidate in candidates)
    return sorted((n for n in needs if n is not None), key=lambda n: n.supplier_code)


def proposal_problems(programme: TrainingProgramme, as_of: date) -> list[Problem]:
    """Why suppliers cannot be proposed for the programme now."""
    if programme.held_on < as_of:
        return [
            Problem(
                "held_on",
                "the training has already been held; propose suppliers for an upcoming one",
                programme.held_on.isoformat(),
            )
        ]
    return []


def move_problems(
    current: AssignmentStatus, target: AssignmentStatus, held_on: date, on: date
) -> list[Problem]:
    """Why an assignment cannot move to the target status on the given day."""
    if target not in _MOVES[current]:
        allowed = ", ".join(sorted(_MOVES[current])) or "none (it is final)"
        return [
            Problem("status", f"cannot move from {current} to {target}; allowed: {allowed}", target)
        ]
    if target in _AFTER_THE_TRAINING and on < held_on:
        return [
            Problem(
                "on",
                f"{target} can only be recorded on or after the training day {held_on}",
                on.isoformat(),
            )
        ]
    return []


def completion_rate(statuses: Sequence[AssignmentStatus]) -> tuple[int, int]:
    """(completed, expected): completed out of the confirmed (neither proposed nor cancelled)."""
    expected = [s for s in statuses if s in _CONFIRMED]
    return sum(s is AssignmentStatus.COMPLETED for s in expected), len(expected)
