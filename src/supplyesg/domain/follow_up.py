"""The follow-up of a non-conformity, step by step: what each step needs, what it changes.

The supplier agrees a closing date (manual section 9, low risk), starts the correction and
sends evidence; the auditor verifies it closed or sends it back saying why. Each step is dated
by the business day it happened, from the audit's last day to today. The plan steps (submitted,
accepted, rejected) are the improvement plan's: see domain.plans.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.plans import (
    NcStatus,
    NonConformity,
    closing_date_problems,
    nc_move_problems,
)

MAX_NOTE = 2000


class StepKind(StrEnum):
    """What happens to a non-conformity."""

    AGREE_CLOSING_DATE = "agree_closing_date"
    START = "start"
    SUBMIT_EVIDENCE = "submit_evidence"
    VERIFY_CLOSED = "verify_closed"
    SEND_BACK = "send_back"


_TARGET = {
    StepKind.START: NcStatus.IN_PROGRESS,
    StepKind.SUBMIT_EVIDENCE: NcStatus.AWAITING_VERIFICATION,
    StepKind.VERIFY_CLOSED: NcStatus.CLOSED,
    StepKind.SEND_BACK: NcStatus.IN_PROGRESS,
}


@dataclass(frozen=True, slots=True)
class FollowUpStep:
    """One dated step; the fields a kind does not use stay empty."""

    kind: StepKind
    on: date
    owner: str = ""
    due_on: date | None = None
    evidence: tuple[str, ...] = ()
    note: str = ""


def step_problems(
    nc: NonConformity, step: FollowUpStep, audit_ended_on: date, today: date
) -> list[Problem]:
    """Why the step cannot be applied to the non-conformity; empty when it can."""
    problems = []
    if not audit_ended_on <= step.on <= today:
        problems.append(Problem("on", f"must be from {audit_ended_on} to {today}", step.on))
    if len(step.note) > MAX_NOTE:
        problems.append(Problem("note", f"longer than {MAX_NOTE} characters", len(step.note)))
    if step.kind == StepKind.AGREE_CLOSING_DATE:
        if step.due_on is None:
            return [*problems, Problem("due_on", "the agreed closing date is required")]
        return problems + closing_date_problems(nc, step.due_on, step.owner, step.on)
    problems += nc_move_problems(nc.status, _TARGET[step.kind])
    if step.kind == StepKind.SUBMIT_EVIDENCE and not any(ref.strip() for ref in step.evidence):
        problems.append(Problem("evidence", "name at least one evidence file"))
    if step.kind == StepKind.SEND_BACK and not step.note.strip():
        problems.append(Problem("note", "say why the evidence is not enough"))
    return problems


def after_step(nc: NonConformity, step: FollowUpStep) -> NonConformity:
    """The non-conformity once a valid step is applied."""
    if step.kind == StepKind.AGREE_CLOSING_DATE:
        return replace(nc, due_on=step.due_on, owner=step.owner.strip())
    closed_on = step.on if step.kind == StepKind.VERIFY_CLOSED else nc.closed_on
    return replace(nc, status=_TARGET[step.kind], closed_on=closed_on)


def step_note(step: FollowUpStep) -> str:
    """What the follow-up history says of a step."""
    if step.note.strip():
        return step.note.strip()
    return {
        StepKind.AGREE_CLOSING_DATE: f"closing date {step.due_on} agreed, owner {step.owner}",
        StepKind.START: "work started",
        StepKind.SUBMIT_EVIDENCE: "evidence submitted: " + ", ".join(step.evidence),
        StepKind.VERIFY_CLOSED: "verified closed",
        StepKind.SEND_BACK: "",
    }[step.kind][:MAX_NOTE]
