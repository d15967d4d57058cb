"""Taking readers' answers: what is stored, and what is kept of the client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from supplyesg.clock import FixedClock
from supplyesg.db.models import FeedbackSenderRow, ReaderFeedbackRow
from supplyesg.db.session import Database
from supplyesg.services import feedback

AT = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)
FORM = {
    "report": "hkex",
    "year": "2025",
    "clarity": "2",
    "completeness": "2",
    "usefulness": "4",
    "reader_group": "supplier",
}
REPORTS = ("hkex", "supply-chain")
YEARS = range(2000, 2101)


def test_the_answer_holds_what_the_reader_typed_and_the_clocks_day(db: Database) -> None:
    row = feedback.submit_feedback(db, FORM, "198.51.100.7", REPORTS, YEARS, FixedClock(AT))
    assert row is not None
    with db.transaction() as session:
        stored = session.scalars(select(ReaderFeedbackRow)).one()
        senders = session.scalars(select(FeedbackSenderRow)).all()
    assert (stored.answered_at, stored.answered_on) == (AT, AT.date())
    assert (stored.comments, stored.contact) == ("", "")
    assert "198.51.100.7" not in repr(vars(stored))
    assert [s.client_digest for s in senders] == [feedback.client_digest("198.51.100.7")]
    assert "198.51.100.7" not in senders[0].client_digest


def test_the_record_of_senders_is_forgotten_after_the_hour(db: Database) -> None:
    feedback.submit_feedback(db, FORM, "198.51.100.7", REPORTS, YEARS, FixedClock(AT))
    later = FixedClock(AT + timedelta(hours=1, seconds=1))
    feedback.submit_feedback(db, FORM, "203.0.113.9", REPORTS, YEARS, later)
    with db.transaction() as session:
        senders = session.scalars(select(FeedbackSenderRow.client_digest)).all()
    assert senders == [feedback.client_digest("203.0.113.9")]
