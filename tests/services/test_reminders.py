"""Daily reminders: deadlines from the programme, in-app notifications, e-mail digests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from account_helpers import smtp_server
from programme_builders import MEDIUM, audited, supplier
from supplyesg.config import Settings
from supplyesg.db.models import DigestRow, NotificationRow
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.plans import plan_deadline
from supplyesg.domain.reminders import Deadline, DeadlineKind, ReminderPolicy
from supplyesg.services import accounts, policy_files, reminders
from supplyesg.services.accounts import NewUser
from supplyesg.services.mailer import Email, MailError, SmtpMailer

# A fixed day: whether the next annual audit of a supplier audited 175 days ago falls in the
# same programme year depends on where in the year the day is.
TODAY = date(2026, 11, 21)
POLICY = ReminderPolicy()
URL = "https://esg.example.com"


class Outbox:
    """A mailer that keeps what it is asked to send, or fails when told to."""

    delivers = True

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[Email] = []
        self.fail = fail

    def send(self, email: Email) -> None:
        if self.fail:
            raise MailError(f"e-mail to {email.to} not sent: SMTPServerDisconnected")
        self.sent.append(email)


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    """SUP-1 and SUP-2, and one person of each kind concerned."""
    supplier(db, "SUP-1")
    supplier(db, "SUP-2")
    made = {}
    for key, role, code in (
        ("ana", Role.ESG_MANAGER, None),
        ("bo", Role.AUDITOR, None),
        ("vi", Role.VIEWER, None),
        ("li", Role.SUPPLIER_USER, "SUP-1"),
        ("wu", Role.SUPPLIER_USER, "SUP-2"),
    ):
        made[key] = accounts.create_user(
            db, NewUser(f"{key}@example.com", key.title(), role, code)
        ).id
    return made


def _inbox(db: Database, user_id: int) -> list[tuple[str, str]]:
    return [(n.title, n.link) for n in reminders.inbox(db, user_id)]


def _supplier_id(db: Database, code: str) -> int:
    from supplyesg.services import suppliers

    return suppliers.get_supplier(db, code).id


def test_a_deadline_reaches_the_roles_and_the_supplier_concerned_once(
    db: Database, people: dict[str, int]
) -> None:
    nc = Deadline(
        "nc:1",
        DeadlineKind.NC_CLOSURE,
        "SUP-1, LAB-03 (A-1)",
        TODAY + timedelta(days=7),
        _supplier_id(db, "SUP-1"),
        "/non-conformities/1",
        "/portal/non-conformities/1",
    )
    outbox = Outbox()
    run = reminders.run_daily(db, outbox, URL, TODAY, POLICY, [nc])
    assert (run.deadlines, run.notifications, run.digests_sent) == (1, 3, 3)
    title = (
        f"Non-conformity to close: SUP-1, LAB-03 (A-1) (due in 7 days, {TODAY + timedelta(days=7)})"
    )
    assert _inbox(db, people["ana"]) == [(title, "/non-conformities/1")]
    assert _inbox(db, people["bo"]) == [(title, "/non-conformities/1")]
    assert _inbox(db, people["li"]) == [(title, "/portal/non-conformities/1")]
    assert _inbox(db, people["vi"]) == []
    assert _inbox(db, people["wu"]) == []
    assert sorted(m.to for m in outbox.sent) == [
        "ana@example.com",
        "bo@example.com",
        "li@example.com",
    ]
    li_mail = next(m for m in outbox.sent if m.to == "li@example.com")
    assert f"{URL}/portal/non-conformities/1" in li_mail.text
    again = reminders.run_daily(db, outbox, URL, TODAY, POLICY, [nc])
    assert (again.notifications, again.digests_sent, len(outbox.sent)) == (0, 0, 3)


def test_a_digest_that_could_not_be_sent_is_sent_by_the_next_run(
    db: Database, people: dict[str, int]
) -> None:
    nc = Deadline("nc:2", DeadlineKind.PLAN, "SUP-1, A-2", TODAY + timedelta(days=1), None, "/a")
    failed = reminders.run_daily(db, Outbox(fail=True), URL, TODAY, POLICY, [nc])
    assert (failed.notifications, failed.digests_sent, failed.digests_failed) == (1, 0, 1)
    outbox = Outbox()
    retried = reminders.run_daily(db, outbox, URL, TODAY, POLICY, [nc])
    assert (retried.notifications, retried.digests_sent) == (0, 1)
    assert [m.to for m in outbox.sent] == ["ana@example.com"]


def test_an_inactive_account_hears_nothing(db: Database, people: dict[str, int]) -> None:
    accounts.create_user(db, NewUser("root@example.com", "Root", Role.ADMIN))
    accounts.update_user(db, people["ana"], is_active=False)
    nc = Deadline("nc:3", DeadlineKind.PLAN, "x", TODAY, None, "/a")
    assert reminders.run_daily(db, Outbox(), URL, TODAY, POLICY, [nc]).notifications == 0


def test_a_medium_risk_audit_asks_for_a_plan_and_the_reminder_is_emailed(
    db: Database, people: dict[str, int]
) -> None:
    policy = policy_files.shipped_policy_for(TODAY)
    ended = TODAY - timedelta(days=175)
    audit = audited(db, ended, "SUP-1", **MEDIUM)
    due = plan_deadline(RiskLevel.MEDIUM, ended, policy)
    assert due is not None
    assert 0 <= (due - TODAY).days <= 14
    [found] = [d for d in reminders.all_deadlines(db, TODAY) if d.kind is DeadlineKind.PLAN]
    assert (found.key, found.due_on, found.supplier_id) == (
        f"plan:{audit.id}",
        due,
        audit.supplier_id,
    )
    with smtp_server() as (mailbox, port):
        settings = Settings(
            smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, public_url=URL
        )
        run = reminders.run_daily(db, SmtpMailer(settings), URL, TODAY, POLICY)
    # SUP-2 was never audited: registered on 2024-01-01 with a high inherent risk, its first
    # annual and on-site audits fell due 90 days later and are overdue. The staff hear of both,
    # SUP-2's user of the annual one only (an on-site audit may be unannounced).
    assert (run.deadlines, run.notifications, run.digests_sent) == (3, 7, 4)
    assert sorted(m["To"] for m in mailbox.messages) == [
        "ana@example.com",
        "bo@example.com",
        "li@example.com",
        "wu@example.com",
    ]
    li = next(
        body
        for m, body in zip(mailbox.messages, mailbox.bodies(), strict=True)
        if m["To"] == "li@example.com"
    )
    assert f"SUP-1, audit {audit.reference}" in li
    assert f"{URL}/portal/audits/{audit.reference}" in li
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(DigestRow)) == 4
        assert session.scalar(select(func.count()).select_from(NotificationRow)) == 7
    assert _inbox(db, people["wu"]) == [
        (
            "Audit due: SUP-2 SUP-2 Co., Ltd.: annual audit (overdue by 965 days, 2024-03-31)",
            "/portal",
        )
    ]
    assert sorted(title for title, _link in _inbox(db, people["bo"])) == [
        "Audit due: SUP-2 SUP-2 Co., Ltd.: annual audit (overdue by 965 days, 2024-03-31)",
        "On-site audit due: SUP-2 SUP-2 Co., Ltd.: on site audit (overdue by 965 days, 2024-03-31)",
    ]


def test_the_inbox_is_read_and_marked_per_person(db: Database, people: dict[str, int]) -> None:
    deadlines = [
        Deadline(f"nc:{n}", DeadlineKind.PLAN, f"P{n}", TODAY, None, "/a") for n in range(3)
    ]
    reminders.run_daily(db, Outbox(), URL, TODAY, POLICY, deadlines)
    ana = people["ana"]
    first = reminders.inbox(db, ana)[0].id
    assert reminders.unread_count(db, ana) == 3
    assert reminders.mark_read(db, people["bo"], [first]) == 0  # not bo's
    assert reminders.mark_read(db, ana, [first]) == 1
    assert reminders.unread_count(db, ana) == 2
    assert reminders.mark_read(db, ana, None) == 2
    assert reminders.inbox(db, ana, unread_only=True) == []


def test_the_reminder_days_come_from_the_settings() -> None:
    assert reminders.reminder_policy(Settings(reminder_days="30, 7,1,7")).days_before == (1, 7, 30)
