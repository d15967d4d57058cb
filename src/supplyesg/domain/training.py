"""Supplier training: programmes, who should attend, and an assignment's way to completion.

Manual section 7 provides "corresponding training" for high-risk suppliers found unqualified,
and section 9 offers training programmes to help suppliers improve. A supplier is proposed for
training when its latest audit was not accepted (it is "unqualified"), or when its resulting
risk is high and it is one we deal with directly in the programme (in audit scope: tier 1 or a
key sub-supplier; a deeper sub-supplier is reached through its customers). It is not proposed
when it already has a training (proposed, assigned, attended or completed) held on or after the
date that triggered the need: its latest audit, or, for a supplier never audited, twelve months
before the day of the proposal.

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
class TrainingCandidate:
    """What decides whether a supplier should be trained."""

    supplier_code: str
    status: SupplierStatus
    tier: int
    is_key_sub_supplier: bool
    risk: RiskLevel
    latest_audit_on: date | None
    latest_audit_accepted: bool | None
    trainings_held_on: tuple[date, ...]
    """The days of its trainings that count (see COUNTING_STATUSES)."""


@dataclass(frozen=True, slots=True)
class TrainingNeed:
    """A supplier that should be trained, and why."""

    supplier_code: str
    reasons: tuple[Reason, ...]


def training_need(candidate: TrainingCandidate, as_of: date) -> TrainingNeed | None:
    """Why the supplier should be trained now; None when it need not be."""
    if candidate.status is SupplierStatus.TERMINATED:
        return None
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
    if not reasons or _is_covered(candidate, as_of):
        return None
    return TrainingNeed(candidate.supplier_code, tuple(reasons))


def _is_covered(candidate: TrainingCandidate, as_of: date) -> bool:
    since = candidate.latest_audit_on or add_months(as_of, -NEVER_AUDITED_LOOKBACK_MONTHS)
    return any(held_on >= since for held_on in candidate.trainings_held_on)


def proposals(candidates: Iterable[TrainingCandidate], as_of: date) -> list[TrainingNeed]:
    """The suppliers to propose for training, in code order."""
    needs = (training_need(candidate, as_of) for candidate in candidates)
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
