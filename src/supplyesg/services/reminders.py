"""Reminders: gather the deadlines of every area, put in-app notifications in the inboxes of the
people concerned, and e-mail each of them a daily digest.

An area offers its deadlines by adding a function to DEADLINE_SOURCES (database, day -> list of
domain.reminders.Deadline). `run_daily` is what `supplyesg jobs daily` and the in-process
scheduler run; running it twice on one day sends nothing twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.config import Settings
from supplyesg.db.models import DigestRow, NotificationRow, UserRow
from supplyesg.db.repositories import accounts as repo
from supplyesg.db.repositories import audits as audit_repo
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.plans import DeadlineState, NcStatus, PlanProgress, plan_deadline_status
from supplyesg.domain.programme import supplier_is_told
from supplyesg.domain.reminders import (
    Deadline,
    DeadlineKind,
    Reminder,
    ReminderPolicy,
    concerns_supplier,
    digest,
    named_users,
    reminder_title,
    reminders_due,
    staff_roles_for,
)
from supplyesg.domain.training import AssignmentStatus
from supplyesg.services import audit_programme, nonconformities, policy_files, training
from supplyesg.services.current_audits import setting_audits
from supplyesg.services.esg_requests import request_deadlines
from supplyesg.services.mailer import Email, Mailer, MailError, mailer_for

log = logging.getLogger(__name__)

DeadlineSource = Callable[[Database, date], list[Deadline]]


def reminder_policy(settings: Settings) -> ReminderPolicy:
    """The reminder stages as configured (SUPPLYESG_REMINDER_DAYS, e.g. '14,7,1')."""
    days = tuple(sorted({int(d) for d in settings.reminder_days.split(",") if d.strip()}))
    return ReminderPolicy(days_before=days or ReminderPolicy().days_before)


# -- the deadlines of each area --------------------------------------------------------------


def plan_deadlines(db: Database, on: date) -> list[Deadline]:
    """Improvement plans the manual asks for after medium- and high-risk audits (section 9)."""
    policy = policy_files.policy_for(db, on)
    found = []
    with db.transaction() as session:
        codes = {v: k for k, v in supplier_repo.ids_by_code(session).items()}
        for audit in setting_audits(session, on, policy):
            if audit.risk_level not in (RiskLevel.MEDIUM, RiskLevel.HIGH):
                continue
            progress = PlanProgress(
                audit.nc_count,
                audit.first_plan_accepted_on,
                audit.all_ncs_covered_on,
                audit.all_ncs_closed_on,
            )
            status = plan_deadline_status(
                RiskLevel(audit.risk_level), audit.ended_on, progress, on, policy
            )
            if status.state is DeadlineState.PENDING and status.due_on is not None:
                found.append(
                    Deadline(
                        key=f"plan:{audit.audit_id}",
                        kind=DeadlineKind.PLAN,
                        title=f"{codes.get(audit.supplier_id, '?')}, audit {audit.reference}",
                        due_on=status.due_on,
                        supplier_id=audit.supplier_id,
                        link=f"/audits/{audit.reference}",
                        portal_link=f"/portal/audits/{audit.reference}",
                    )
                )
    return found


UNRESOLVED = tuple(str(s) for s in NcStatus if not s.is_resolved)


def nc_closure_deadlines(db: Database, on: date) -> list[Deadline]:
    """Non-conformities with a closing date, not closed yet."""
    where = audit_repo.NcFilter(statuses=UNRESOLVED)
    found: list[tuple[Deadline, str]] = []
    after = None
    while True:
        page = nonconformities.list_nonconformities(db, where, on, after_id=after, limit=500)
        for record in page.items:
            nc = record.row
            if nc.due_on is None:
                continue
            deadline = Deadline(
                key=f"nc:{nc.id}",
                kind=DeadlineKind.NC_CLOSURE,
                title=f"{record.supplier_code}, {nc.requirement_id} ({record.audit_reference})",
                due_on=nc.due_on,
                link=f"/non-conformities/{nc.id}",
                portal_link=f"/portal/non-conformities/{nc.id}",
            )
            found.append((deadline, record.supplier_code))
        if page.next_after is None:
            break
        after = page.next_after
    return _with_supplier_ids(db, found)


def audit_deadlines(db: Database, on: date) -> list[Deadline]:
    """Audits the programme calls for (manual sections 3 and 7), including overdue ones."""
    programme = audit_programme.programme_of_year(db, on.year, on)
    found = []
    for line in programme.lines:
        told = supplier_is_told(line.due.kind)
        deadline = Deadline(
            key=f"audit:{line.supplier_code}:{line.due.kind}:{line.due.due_on}",
            kind=DeadlineKind.AUDIT if told else DeadlineKind.ON_SITE_AUDIT,
            title=f"{line.supplier_code} {line.legal_name}: {_words(line.due.kind)} audit",
            due_on=line.due.due_on,
            link=f"/suppliers/{line.supplier_code}",
            portal_link="/portal" if told else "",
        )
        found.append((deadline, line.supplier_code))
    return _with_supplier_ids(db, found)


def _words(code: str) -> str:
    return str(code).replace("_", " ")


def training_deadlines(db: Database, on: date) -> list[Deadline]:
    """Training sessions suppliers are assigned to, from today on."""
    found: list[tuple[Deadline, str]] = []
    for summary in training.list_programmes(db, held_from=on):
        _, assignments = training.get_programme(db, summary.programme.id)
        found += [
            (
                Deadline(
                    key=f"training:{a.id}",
                    kind=DeadlineKind.TRAINING,
                    title=f"{a.supplier_code}, {a.programme.topic}",
                    due_on=a.programme.held_on,
                    link=f"/training/{a.programme.id}",
                    portal_link="/portal/training",
                ),
                a.supplier_code,
            )
            for a in assignments
            if a.status == AssignmentStatus.ASSIGNED
        ]
    return _with_supplier_ids(db, found)


def _with_supplier_ids(db: Database, found: list[tuple[Deadline, str]]) -> list[Deadline]:
    """The deadlines, each tied to the supplier whose code came with it."""
    if not found:
        return []
    with db.transaction() as session:
        ids = supplier_repo.ids_by_code(session)
    return [replace(deadline, supplier_id=ids.get(code)) for deadline, code in found]


DEADLINE_SOURCES: list[DeadlineSource] = [
    plan_deadlines,
    nc_closure_deadlines,
    audit_deadlines,
    training_deadlines,
    request_deadlines,
]
"""Every area's deadlines (ESG data: the open data collection requests)."""


def all_deadlines(db: Database, on: date) -> list[Deadline]:
    """The deadlines of every area; an area that fails is logged and the others still count."""
    found: list[Deadline] = []
    for source in DEADLINE_SOURCES:
        try:
            found += source(db, on)
        except Exception:
            log.exception("deadline source %s failed", source.__name__)
    return found


# -- the daily run ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DailyRun:
    """What a daily run did."""

    deadlines: int
    notifications: int
    digests_sent: int
    digests_failed: int


def run_configured(
    db: Database, settings: Settings, on: date, clock: Clock = SYSTEM_CLOCK
) -> DailyRun:
    """The daily run with the configured mail server, address and reminder stages."""
    mailer, policy = mailer_for(settings), reminder_policy(settings)
    return run_daily(db, mailer, settings.public_url, on, policy, clock=clock)


def run_daily(
    db: Database,
    mailer: Mailer,
    public_url: str,
    on: date,
    policy: ReminderPolicy,
    deadlines: Sequence[Deadline] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> DailyRun:
    """Notify everyone of the reminders due on a day, then e-mail each a digest (if e-mail is
    on: without an SMTP server the reminders stay in the app)."""
    deadlines = list(all_deadlines(db, on) if deadlines is None else deadlines)
    due = reminders_due(deadlines, on, policy)
    with db.transaction() as session:
        audience = _audience(session, due)
        created = _notify(session, audience, on, clock.now())
    sent = failed = 0
    recipients = _digest_recipients(db, audience, on) if mailer.delivers else []
    for user, theirs in recipients:
        outcome = _send_digest(db, mailer, public_url, user, theirs, on, policy, clock)
        sent, failed = sent + (outcome is True), failed + (outcome is False)
    return DailyRun(len(deadlines), sum(len(v) for v in created.values()), sent, failed)


def _audience(
    session: Session, due: Sequence[Reminder]
) -> dict[int, tuple[UserRow, list[Reminder]]]:
    """Each person concerned, with the reminders they are to get."""
    by_role: dict[str, list[UserRow]] = defaultdict(list)
    for user in repo.active_users_with_role(
        session, [str(r) for r in Role if r != Role.SUPPLIER_USER]
    ):
        by_role[user.role].append(user)
    found: dict[int, tuple[UserRow, list[Reminder]]] = {}
    for reminder in due:
        people = [u for role in staff_roles_for(reminder.deadline.kind) for u in by_role[role]]
        if concerns_supplier(reminder.deadline):
            assert reminder.deadline.supplier_id is not None
            people += repo.active_supplier_users(session, reminder.deadline.supplier_id)
        people += _named_people(session, reminder.deadline, {u.id for u in people})
        for user in people:
            found.setdefault(user.id, (user, []))[1].append(reminder)
    return found


def _named_people(session: Session, deadline: Deadline, already: set[int]) -> list[UserRow]:
    """The active people a deadline names who are not reminded by role already."""
    found = (repo.user_by_id(session, i) for i in sorted(named_users(deadline) - already))
    return [user for user in found if user is not None and user.is_active]


def _notify(
    session: Session,
    audience: dict[int, tuple[UserRow, list[Reminder]]],
    on: date,
    at: datetime,
) -> dict[int, list[Reminder]]:
    """One notification per person and reminder they have not had yet."""
    had = repo.notification_keys(session, set(audience))
    created: dict[int, list[Reminder]] = defaultdict(list)
    for user_id, (user, reminders) in audience.items():
        for reminder in reminders:
            if (user_id, reminder.key) in had:
                continue
            session.add(
                NotificationRow(
                    user_id=user_id,
                    key=reminder.key,
                    kind=str(reminder.deadline.kind),
                    title=reminder_title(reminder.deadline, on)[:300],
                    link=link_for(user, reminder.deadline),
                    due_on=reminder.deadline.due_on,
                    created_at=at,
                )
            )
            had.add((user_id, reminder.key))
            created[user_id].append(reminder)
    return created


def link_for(user: UserRow, deadline: Deadline) -> str:
    """Where a person acts on a deadline: the portal for supplier users, else the staff page."""
    return deadline.portal_link if user.role == Role.SUPPLIER_USER else deadline.link


def _digest_recipients(
    db: Database, audience: dict[int, tuple[UserRow, list[Reminder]]], on: date
) -> list[tuple[UserRow, list[Deadline]]]:
    """People with news since their last digest (a digest that failed is retried), at most
    one digest a day."""
    with db.transaction() as session:
        news = repo.users_with_news(session, set(audience)) - repo.digest_users(session, on)
    return [
        (audience[user_id][0], [r.deadline for r in audience[user_id][1]])
        for user_id in sorted(news)
    ]


def _send_digest(
    db: Database,
    mailer: Mailer,
    public_url: str,
    user: UserRow,
    deadlines: list[Deadline],
    on: date,
    policy: ReminderPolicy,
    clock: Clock,
) -> bool | None:
    """E-mail one person's digest; None when there was nothing to say."""
    base = public_url.rstrip("/")
    links = [base + link_for(user, d) for d in deadlines]
    message = digest(user.display_name, deadlines, on, policy, links)
    if message is None:
        return None
    try:
        mailer.send(Email(to=user.email, subject=message.subject, text=message.text))
    except MailError as error:
        log.error("reminder digest not sent: %s", error)
        return False
    with db.transaction() as session:
        session.add(DigestRow(user_id=user.id, day=on, items=len(deadlines), sent_at=clock.now()))
    return True


# -- the inbox ---------------------------------------------------------------------------------


def inbox(db: Database, user_id: int, unread_only: bool = False) -> Sequence[NotificationRow]:
    """A person's notifications, newest first."""
    with db.transaction() as session:
        return repo.notifications(session, user_id, unread_only)


def unread_count(db: Database, user_id: int) -> int:
    """How many notifications a person has not read."""
    with db.transaction() as session:
        return repo.unread_count(session, user_id)


def mark_read(
    db: Database, user_id: int, ids: Sequence[int] | None, clock: Clock = SYSTEM_CLOCK
) -> int:
    """Mark some (None: all) of a person's notifications read; how many changed."""
    with db.transaction() as session:
        return repo.mark_read(session, user_id, ids, clock.now())
