"""How a demo audit plays out: its findings, then the follow-up the supplier gives it.

A `Story` says what the supplier does after an audit: which plan it submits and when, and
whether it closes its non-conformities on time, late or not at all. The plans go through the
plan services; the follow-up steps are collected and applied together. Nothing is dated after
the horizon (the demo's today).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from supplyesg.db.session import Database
from supplyesg.domain.audits import Finding, RiskLevel, Verdict
from supplyesg.domain.conduct import CodeOfConduct
from supplyesg.domain.follow_up import FollowUpStep, StepKind
from supplyesg.domain.plans import PlanAction, plan_deadline
from supplyesg.domain.policy import Policy
from supplyesg.services import plans
from supplyesg.services.audit_batches import RecordedAudit

HORIZON = date(2026, 11, 20)
AUDITORS = ("Lin Mei", "Zhou Tao", "Chen Jing", "Huaxin Assurance (third party)")
OWNERS = {"ENV": "EHS manager", "LAB": "HR manager", "HS": "Safety officer"}
ACTIONS = {
    "ENV": "Renew the permit, fix the treatment step and retrain the operators",
    "LAB": "Revise the working-hours and pay rules, pay what is due and brief the workforce",
    "HS": "Guard the machines, repair the exits and retrain the shift leaders",
    "ETH": "Adopt the anti-bribery procedure, train the buyers and review past payments",
}
NOTES = {
    Verdict.MINOR: "Partly met: records incomplete for some months",
    Verdict.MAJOR: "Not met: no working procedure and repeated gaps on site",
    Verdict.CRITICAL: "Zero-tolerance breach found and confirmed during the visit",
}
Steps = list[tuple[int, FollowUpStep]]


class Plan(StrEnum):
    """What the supplier does about the improvement plan the audit calls for."""

    ON_TIME = "on_time"
    REJECTED_THEN_ON_TIME = "rejected_then_on_time"
    LATE = "late"
    PARTIAL = "partial"  # on time, but one non-conformity left out
    NONE = "none"


class Closure(StrEnum):
    """Whether the supplier closes its non-conformities by their due date."""

    ON_TIME = "on_time"
    LATE = "late"
    OPEN = "open"


@dataclass(frozen=True, slots=True)
class Story:
    """The follow-up of one audit."""

    plan: Plan = Plan.ON_TIME
    closure: Closure = Closure.ON_TIME

    def misses_the_deadline(self) -> bool:
        """Whether the plan the manual asks for will not be in place in time."""
        return self.plan in (Plan.NONE, Plan.PARTIAL, Plan.LATE)


def findings(code: CodeOfConduct, verdicts: dict[str, Verdict]) -> tuple[Finding, ...]:
    """A verdict on every requirement: conforming unless named, with notes for the others."""
    chosen = [(r.id, verdicts.get(r.id, Verdict.CONFORMING)) for r in code.requirements]
    return tuple(Finding(rid, verdict, NOTES.get(verdict, "")) for rid, verdict in chosen)


def auditor_on(day: date) -> str:
    """Who audited on a day (the audit team takes turns)."""
    return AUDITORS[day.toordinal() % len(AUDITORS)]


def follow(db: Database, audit: RecordedAudit, story: Story, policy: Policy, actor: str) -> Steps:
    """Submit and decide the audit's plans now; the follow-up steps of its non-conformities."""
    ncs = list(audit.nonconformities)
    due = plan_deadline(audit.risk_level, audit.ended_on, policy)
    if due is None:
        steps: Steps = []
        agreed, closing = audit.ended_on + timedelta(14), audit.ended_on + timedelta(90)
        if agreed > HORIZON:
            return steps
        for nc_id, requirement in ncs:
            agree = FollowUpStep(
                StepKind.AGREE_CLOSING_DATE, agreed, _owner(requirement), due_on=closing
            )
            steps.append((nc_id, agree))
            steps += _closing(nc_id, audit.reference, requirement, agreed, closing, story)
        return steps
    covered = ncs if story.plan != Plan.PARTIAL else ncs[:-1]
    accepted = _plans(db, audit, covered, due, story, actor)
    if accepted is None:
        return []
    closing = accepted + timedelta(120)
    return [
        step
        for nc_id, requirement in covered
        for step in _closing(nc_id, audit.reference, requirement, accepted, closing, story)
    ]


def _plans(
    db: Database,
    audit: RecordedAudit,
    covered: list[tuple[int, str]],
    due: date,
    story: Story,
    actor: str,
) -> date | None:
    """Submit and decide the plans of the story; the day the last one was accepted, if any."""
    if story.plan == Plan.NONE or not covered:
        return None
    late = story.plan == Plan.LATE
    submitted = due + timedelta(5) if late else audit.ended_on + (due - audit.ended_on) // 3
    if story.plan == Plan.REJECTED_THEN_ON_TIME:
        rejected = submitted + timedelta(6)
        if not _decide(db, audit, covered, submitted, rejected, actor, accept=False):
            return None
        submitted += timedelta(20)
    accepted = submitted + timedelta(10)
    if not _decide(db, audit, covered, submitted, accepted, actor, accept=True):
        return None
    return accepted


def _decide(
    db: Database,
    audit: RecordedAudit,
    covered: list[tuple[int, str]],
    submitted: date,
    decided: date,
    actor: str,
    *,
    accept: bool,
) -> bool:
    if decided > HORIZON:
        return False
    reference, supplier = audit.reference, audit.supplier_code
    actions = [
        PlanAction(nc_id, ACTIONS[_prefix(r)], _owner(r), decided + timedelta(120))
        for nc_id, r in covered
    ]
    # the supplier submits through the portal; the ESG manager decides (four eyes)
    plan = plans.submit_plan(db, reference, actions, f"{supplier} (supplier portal)", submitted)
    reason = "" if accept else "No root-cause analysis and no dates: resubmit with both"
    plans.decide_plan(db, plan.id, accept, reason, actor, decided)
    return accept


def _closing(
    nc_id: int, reference: str, requirement: str, started: date, due: date, story: Story
) -> Steps:
    begun = started + timedelta(7)
    if story.closure == Closure.OPEN or begun > HORIZON:
        return []
    steps: Steps = [(nc_id, FollowUpStep(StepKind.START, begun))]
    sent = due - timedelta(10) if story.closure == Closure.ON_TIME else due + timedelta(20)
    if sent > HORIZON:
        return steps
    evidence = (f"{reference}-{requirement}-corrective-action.pdf",)
    steps.append((nc_id, FollowUpStep(StepKind.SUBMIT_EVIDENCE, sent, evidence=evidence)))
    if sent + timedelta(5) <= HORIZON:
        steps.append((nc_id, FollowUpStep(StepKind.VERIFY_CLOSED, sent + timedelta(5))))
    return steps


def _prefix(requirement: str) -> str:
    return requirement.split("-", 1)[0]


def _owner(requirement: str) -> str:
    return OWNERS.get(_prefix(requirement), "Compliance officer")


def random_verdicts(rng: random.Random, code: CodeOfConduct, quality: str) -> dict[str, Verdict]:
    """Verdicts drawn for a supplier of the given quality: good, fair or poor."""
    weights = {"good": (97.5, 2.2, 0.3), "fair": (88, 7, 5), "poor": (72, 13, 15)}[quality]
    verdicts: dict[str, Verdict] = {}
    for requirement in code.requirements:
        if requirement.zero_tolerance:
            continue
        if rng.random() < 0.03:
            verdicts[requirement.id] = Verdict.NOT_APPLICABLE
            continue
        drawn = rng.choices((Verdict.CONFORMING, Verdict.MINOR, Verdict.MAJOR), weights)[0]
        if drawn != Verdict.CONFORMING:
            verdicts[requirement.id] = drawn
    if quality == "poor" and rng.random() < 0.2:
        breached = rng.choice([r.id for r in code.requirements if r.zero_tolerance])
        verdicts[breached] = Verdict.CRITICAL
    return verdicts


def random_story(rng: random.Random) -> Story:
    """A follow-up drawn from how suppliers usually behave."""
    plan = rng.choices(
        (Plan.ON_TIME, Plan.REJECTED_THEN_ON_TIME, Plan.LATE, Plan.PARTIAL, Plan.NONE),
        (62, 10, 10, 6, 12),
    )[0]
    closure = rng.choices((Closure.ON_TIME, Closure.LATE, Closure.OPEN), (70, 18, 12))[0]
    return Story(plan, closure)


def terminates(risk: RiskLevel, story: Story, nc_count: int) -> bool:
    """Whether the story ends the supplier's orders (a missed high-risk plan deadline)."""
    return risk == RiskLevel.HIGH and nc_count > 0 and story.misses_the_deadline()
