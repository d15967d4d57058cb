"""Reminders of data collection requests: the assignee and the ESG managers hear of open ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from account_helpers import smtp_server
from esg_builders import MAKER, organisation, submit
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.reminders import ReminderPolicy
from supplyesg.services import accounts, esg_organisation, esg_requests, reminders
from supplyesg.services.accounts import NewUser
from supplyesg.services.esg_requests import NewRequest
from supplyesg.services.mailer import SmtpMailer

URL = "https://esg.example.com"
TODAY = datetime.now(UTC).date()


def _people(db: Database) -> dict[str, int]:
    made = {}
    for key, role in (
        ("ana", Role.ESG_MANAGER),
        ("root", Role.ADMIN),
        ("vi", Role.VIEWER),
        ("bo", Role.AUDITOR),
    ):
        made[key] = accounts.create_user(db, NewUser(f"{key}@example.com", key.title(), role)).id
    return made


def _year_with_this_month(db: Database) -> tuple[int, str]:
    """A financial year holding today, and this month's slice key."""
    organisation(db, years=())
    fy = esg_organisation.add_financial_year(db, TODAY.replace(month=1, day=1))
    index = fy.month_index(TODAY)
    assert index is not None
    return fy.year, f"M{index:02d}"


def _inbox(db: Database, user_id: int) -> list[tuple[str, str]]:
    return [(n.title, n.link) for n in reminders.inbox(db, user_id)]


def test_an_open_request_a_week_before_due_reminds_its_assignee_and_managers_once(
    db: Database,
) -> None:
    people = _people(db)
    year, part = _year_with_this_month(db)
    due = TODAY + timedelta(days=7)
    made = esg_requests.create_request(
        db, NewRequest("CQ1", year, part, due, assignee_id=people["root"]), MAKER
    )
    with smtp_server() as (mailbox, port):
        settings = Settings(
            smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, public_url=URL
        )
        first = reminders.run_daily(db, SmtpMailer(settings), URL, TODAY, ReminderPolicy())
        second = reminders.run_daily(db, SmtpMailer(settings), URL, TODAY, ReminderPolicy())
    title = f"ESG data due: {made.title} (due in 7 days, {due})"
    link = f"/esg-data/requests/{made.row.id}"
    assert _inbox(db, people["ana"]) == [(title, link)]
    assert _inbox(db, people["root"]) == [(title, link)]
    assert _inbox(db, people["vi"]) == []
    assert _inbox(db, people["bo"]) == []
    assert (first.notifications, first.digests_sent) == (2, 2)
    assert (second.notifications, second.digests_sent) == (0, 0)
    assert sorted(m["To"] for m in mailbox.messages) == ["ana@example.com", "root@example.com"]
    assert all(f"{URL}{link}" in body for body in mailbox.bodies())
    assert all("Chongqing plant (CQ1)" in body for body in mailbox.bodies())


def test_a_complete_request_reminds_nobody(db: Database) -> None:
    people = _people(db)
    year, part = _year_with_this_month(db)
    submit(db, "CQ1", "water_consumption", f"{year}-{part}", "12", "m**3")
    esg_requests.create_request(
        db,
        NewRequest(
            "CQ1", year, part, TODAY + timedelta(days=7), "water", assignee_id=people["root"]
        ),
        MAKER,
    )
    run = reminders.run_daily(db, _NoMail(), URL, TODAY, ReminderPolicy())
    assert run.notifications == 0
    assert _inbox(db, people["ana"]) == _inbox(db, people["root"]) == []


def test_an_overdue_request_names_the_days_missed(db: Database) -> None:
    people = _people(db)
    organisation(db)
    esg_requests.create_request(db, NewRequest("HK1", 2024, "M03", date(2024, 4, 20)), MAKER)
    reminders.run_daily(db, _NoMail(), URL, date(2024, 4, 22), ReminderPolicy())
    assert _inbox(db, people["ana"]) == [
        (
            "ESG data due: Hong Kong office (HK1), FY2024 M03 (March 2024) "
            "(overdue by 2 days, 2024-04-20)",
            "/esg-data/requests/"
            + str(
                esg_requests.list_requests(db, esg_requests.RequestQuery(), date(2024, 4, 22))
                .items[0]
                .row.id
            ),
        )
    ]


class _NoMail:
    """A set-up without e-mail: reminders stay in the app."""

    delivers = False

    def send(self, email: object) -> None:  # pragma: no cover - never called
        raise AssertionError("no e-mail is sent without a mail server")
