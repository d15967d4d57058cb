"""Reader feedback: taking an answer from the public form, within the hourly limit per client
address, and listing and exporting the answers for the ESG team.

The client address is needed only to count its answers: what is stored of it is its SHA-256,
in a table of its own, and only for the limit's window; the answer itself never holds it.
Counting rows in the database (as the password-reset limit does) makes the limit hold across
every web worker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from supplyesg.clock import Clock
from supplyesg.db.models import FeedbackSenderRow, ReaderFeedbackRow
from supplyesg.db.repositories import feedback as repo
from supplyesg.db.repositories.feedback import FeedbackFilter
from supplyesg.db.session import Database
from supplyesg.domain.feedback import (
    DEFAULT_FEEDBACK_POLICY,
    HONEYPOT_FIELD,
    FeedbackAnswer,
    FeedbackLimitError,
    FeedbackPolicy,
    feedback_answer,
    is_from_a_robot,
    wait_before_next_answer,
)
from supplyesg.services import tabular

EXPORT_COLUMNS = (
    "id",
    "answered_at",
    "answered_on",
    "report",
    "year",
    "clarity",
    "completeness",
    "usefulness",
    "reader_group",
    "comments",
    "contact",
)


def client_digest(client: str) -> str:
    """What the limit keeps of a client address: its SHA-256, never the address itself."""
    return hashlib.sha256(f"supplyesg feedback {client}".encode()).hexdigest()


def submit_feedback(
    db: Database,
    form: Mapping[str, str],
    client: str,
    reports: Collection[str],
    years: range,
    clock: Clock,
    policy: FeedbackPolicy = DEFAULT_FEEDBACK_POLICY,
) -> ReaderFeedbackRow | None:
    """Store a reader's answer; None when a robot filled the hidden field (it is counted and
    dropped, and the reader is thanked all the same).

    Raises FeedbackLimitError when the address has sent its quota within the window, and
    InvalidInputError naming each faulty field; neither counts towards the quota.
    """
    at = clock.now()
    sender = client_digest(client)
    with db.transaction() as session:
        repo.forget_senders_before(session, at - policy.window)
        wait = wait_before_next_answer(
            repo.sent_since(session, sender, at - policy.window), at, policy
        )
        if wait is not None:
            raise FeedbackLimitError(wait)
        answer = feedback_answer(form, reports, years)
        session.add(FeedbackSenderRow(client_digest=sender, sent_at=at))
        if is_from_a_robot(form.get(HONEYPOT_FIELD, "")):
            return None
        row = _row(answer)
        row.answered_at, row.answered_on = at, clock.today()
        session.add(row)
        session.flush()
        session.expunge(row)
        return row


def _row(answer: FeedbackAnswer) -> ReaderFeedbackRow:
    return ReaderFeedbackRow(
        report=answer.report,
        year=answer.year,
        clarity=answer.clarity,
        completeness=answer.completeness,
        usefulness=answer.usefulness,
        reader_group=answer.reader_group.value,
        comments=answer.comments,
        contact=answer.contact,
    )


@dataclass(frozen=True, slots=True)
class FeedbackPage:
    """One page of answers, newest first, how many match, and the id to continue before."""

    items: Sequence[ReaderFeedbackRow]
    matching: int
    next_before: int | None


def list_feedback(
    db: Database, where: FeedbackFilter, before: int | None = None, limit: int = 50
) -> FeedbackPage:
    """One page of the answers that match, newest first."""
    with db.transaction() as session:
        rows = repo.answer_page(session, where, before, limit + 1)
        matching = repo.answer_count(session, where)
        session.expunge_all()
    items = rows[:limit]
    more = len(rows) > limit
    return FeedbackPage(items, matching, items[-1].id if more and items else None)


def answered_years(db: Database) -> list[int]:
    """The report years readers have answered about, latest first."""
    with db.transaction() as session:
        return repo.answered_years(session)


def export_feedback(db: Database, where: FeedbackFilter, target: Path | IO[bytes], fmt: str) -> int:
    """Write the matching answers as CSV or XLSX (cells that could run as formulas neutralised);
    how many were written."""
    with db.transaction() as session:
        rows = repo.answers(session, where)
        cells = [_cells(row) for row in rows]
    tabular.write_table(target, fmt, EXPORT_COLUMNS, cells, sheet_name="feedback")
    return len(cells)


def _cells(row: ReaderFeedbackRow) -> Sequence[tabular.Cell]:
    return (
        row.id,
        row.answered_at.isoformat(),
        row.answered_on.isoformat(),
        row.report,
        row.year,
        row.clarity,
        row.completeness,
        row.usefulness,
        row.reader_group,
        row.comments,
        row.contact,
    )
