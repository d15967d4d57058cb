"""Reminders of deadlines: when one is due, who hears about it, and the daily digest e-mail.

A deadline is reminded at each stage it reaches (14, 7 and 1 days before, on the day it is
missed, then weekly while it stays overdue). The stage a deadline is at is computed from the day
alone, so a run that missed a day still sends the reminder of the stage reached, and a second
run on the same day sends nothing new: each (person, deadline, stage) is reminded once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from supplyesg.domain.access import Role


class DeadlineKind(StrEnum):
    """What falls due."""

    PLAN = "plan"  # an improvement plan the manual asks for (section 9)
    NC_CLOSURE = "nc_closure"  # the agreed closing date of a non-conformity
    AUDIT = "audit"  # the annual audit the programme calls for (section 3)
    ON_SITE_AUDIT = "on_site_audit"  # a high-risk supplier's on-site audit (section 7)
    TRAINING = "training"  # a training session a supplier is assigned to
    DATA_SUBMISSION = "data_submission"  # ESG data to enter for the report


KIND_LABELS: dict[DeadlineKind, str] = {
    DeadlineKind.PLAN: "Improvement plan due",
    DeadlineKind.NC_CLOSURE: "Non-conformity to close",
    DeadlineKind.AUDIT: "Audit due",
    DeadlineKind.ON_SITE_AUDIT: "On-site audit due",
    DeadlineKind.TRAINING: "Training session",
    DeadlineKind.DATA_SUBMISSION: "ESG data due",
}

STAFF_AUDIENCE: dict[DeadlineKind, frozenset[Role]] = {
    DeadlineKind.PLAN: frozenset({Role.ESG_MANAGER}),
    DeadlineKind.NC_CLOSURE: frozenset({Role.ESG_MANAGER, Role.AUDITOR}),
    DeadlineKind.AUDIT: frozenset({Role.ESG_MANAGER, Role.AUDITOR}),
    DeadlineKind.ON_SITE_AUDIT: frozenset({Role.ESG_MANAGER, Role.AUDITOR}),
    DeadlineKind.TRAINING: frozenset({Role.ESG_MANAGER}),
    DeadlineKind.DATA_SUBMISSION: frozenset({Role.ESG_MANAGER}),
}
"""Which staff roles hear of each kind of deadline."""

SUPPLIER_KINDS = frozenset(
    {DeadlineKind.PLAN, DeadlineKind.NC_CLOSURE, DeadlineKind.AUDIT, DeadlineKind.TRAINING}
)
"""Kinds the supplier concerned also hears of: it is theirs to act on. Not the on-site audit,
which may be unannounced (`domain.programme.supplier_is_told`)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """Something due on a day; `key` names it for good (e.g. 'nc:42')."""

    key: str
    kind: DeadlineKind
    title: str
    due_on: date
    supplier_id: int | None = None
    link: str = ""  # the staff page
    portal_link: str = ""  # the supplier's page, if they act on it
    user_ids: tuple[int, ...] = ()  # people named to act on it, besides the staff roles


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """When reminders go out."""

    days_before: tuple[int, ...] = (14, 7, 1)
    overdue_every_days: int = 7


@dataclass(frozen=True, slots=True)
class Reminder:
    """A deadline at a stage worth telling people about."""

    deadline: Deadline
    stage: str

    @property
    def key(self) -> str:
        """What makes this reminder unique for one person."""
        return f"{self.deadline.key}:{self.stage}"


def days_left(deadline: Deadline, today: date) -> int:
    """Days until the deadline (negative once it is missed)."""
    return (deadline.due_on - today).days


def stage(due_on: date, today: date, policy: ReminderPolicy) -> str | None:
    """The reminder stage a deadline is at on a day, or None when it is too far off."""
    left = (due_on - today).days
    if left < 0:
        return f"overdue-{(-left - 1) // policy.overdue_every_days}"
    reached = [days for days in policy.days_before if left <= days]
    return f"due-{min(reached)}" if reached else None


def reminders_due(
    deadlines: Iterable[Deadline], today: date, policy: ReminderPolicy
) -> list[Reminder]:
    """The reminders the deadlines call for on a day."""
    found = []
    for deadline in deadlines:
        at = stage(deadline.due_on, today, policy)
        if at is not None:
            found.append(Reminder(deadline, at))
    return found


def staff_roles_for(kind: DeadlineKind) -> frozenset[Role]:
    """The staff roles reminded of a kind of deadline."""
    return STAFF_AUDIENCE[kind]


def concerns_supplier(deadline: Deadline) -> bool:
    """Whether the supplier's own users are reminded too."""
    return deadline.supplier_id is not None and deadline.kind in SUPPLIER_KINDS


def named_users(deadline: Deadline) -> frozenset[int]:
    """The people reminded because the deadline names them (the assignee of a data request)."""
    return frozenset(deadline.user_ids)


def reminder_title(deadline: Deadline, today: date) -> str:
    """One line saying what is due and when."""
    left = days_left(deadline, today)
    if left < 0:
        when = f"overdue by {-left} day{'s' if left != -1 else ''}"
    elif left == 0:
        when = "due today"
    else:
        when = f"due in {left} day{'s' if left != 1 else ''}"
    return f"{KIND_LABELS[deadline.kind]}: {deadline.title} ({when}, {deadline.due_on})"


@dataclass(frozen=True, slots=True)
class Digest:
    """The daily e-mail: its subject and plain text."""

    subject: str
    text: str


def digest(
    name: str,
    deadlines: Sequence[Deadline],
    today: date,
    policy: ReminderPolicy,
    links: Sequence[str],
) -> Digest | None:
    """The daily digest of someone's deadlines: missed ones first, then what falls due soon.

    `links` are the full addresses of the deadlines, in the same order. Nothing to say, no
    digest: deadlines further off than the first reminder stage are left out.
    """
    horizon = max(policy.days_before, default=0)
    shown = sorted(
        (
            (d, link)
            for d, link in zip(deadlines, links, strict=True)
            if days_left(d, today) <= horizon
        ),
        key=lambda pair: (pair[0].due_on, pair[0].key),
    )
    if not shown:
        return None
    overdue = [(d, link) for d, link in shown if days_left(d, today) < 0]
    coming = [(d, link) for d, link in shown if days_left(d, today) >= 0]
    sections = [f"Hello {name},", ""]
    for heading, items in (("Overdue", overdue), (f"Due in the next {horizon} days", coming)):
        if items:
            sections.append(f"{heading}:")
            sections += [f"- {reminder_title(d, today)}\n  {link}" for d, link in items]
            sections.append("")
    sections.append("You get this e-mail on days when one of your deadlines reaches a reminder.")
    subject = f"supplyesg: {len(overdue)} overdue, {len(coming)} due soon ({today})"
    return Digest(subject=subject, text="\n".join(sections) + "\n")
