"""The report workspace: write, confirm and carry over the company's text of a report.

What a report allows (its section keys, its guide items, its placeholder names) is the report
layer's to know; it is passed in as `TextRules`. Here the texts are checked against the rules
of the domain (`domain/report_workspace.py`) and stored, each change in the audit trail.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ReportTextRow
from supplyesg.db.repositories import report_workspace as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem, refuse_if
from supplyesg.domain.four_eyes import Person, person
from supplyesg.domain.report_workspace import (
    TextKind,
    TextState,
    carried_over_keys,
    confirm_problems,
    language_problems,
    text_problems,
)


@dataclass(frozen=True, slots=True)
class TextRules:
    """What a report takes: the keys of each kind of text, and the placeholders text may quote."""

    keys: Mapping[TextKind, Collection[str]]
    placeholders: Collection[str]


@dataclass(frozen=True, slots=True)
class TextAddress:
    """Which text: a report, a year, a kind, a key and a language."""

    report: str
    year: int
    kind: TextKind
    key: str
    language: str = "en"

    @property
    def where(self) -> str:
        """How problems name the text: 'sections.energy', 'omissions.A2.2'."""
        return f"{self.kind}s.{self.key}"


def texts_of(
    db: Database, report: str, year: int, language: str | None = None
) -> Sequence[ReportTextRow]:
    """Every text of a report of a year (in one language, if given), by kind and key."""
    with db.transaction() as session:
        return _texts(session, report, year, language)


def text_at(db: Database, address: TextAddress) -> ReportTextRow | None:
    """The text at an address, if one was written."""
    with db.transaction() as session:
        return _row(session, address)


def write_text(
    db: Database,
    address: TextAddress,
    text: str,
    actor: Person | str,
    rules: TextRules,
    clock: Clock = SYSTEM_CLOCK,
) -> ReportTextRow:
    """Write (or rewrite) a text: it becomes a draft by `actor`, to be confirmed again."""
    who = person(actor)
    refuse_if(_address_problems(address, rules), f"The {address.where} text cannot be saved.")
    refuse_if(
        text_problems(address.where, text, rules.placeholders),
        f"The {address.where} text cannot be saved.",
    )
    with db.transaction() as session:
        row = _row(session, address)
        if row is None:
            row = ReportTextRow(
                report=address.report,
                year=address.year,
                kind=str(address.kind),
                key=address.key,
                language=address.language,
            )
            session.add(row)
        row.text = text.strip()
        row.state = TextState.DRAFT.value
        row.author, row.author_account_id = who.label, who.account_id
        row.updated_at, row.updated_on = clock.now(), clock.today()
        row.confirmed_by = row.confirmed_by_account_id = None
        row.confirmed_at = row.confirmed_on = None
        session.flush()
        return row


def confirm_text(
    db: Database, address: TextAddress, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> ReportTextRow:
    """Confirm a draft or carried-over text as true for the year (not by its author)."""
    who = person(actor)
    with db.transaction() as session:
        row = _row(session, address)
        if row is None:
            raise NotFoundError(
                f"The {address.report} report of {address.year} has no {address.where} text.",
                [Problem(address.where, "write the text before confirming it", address.language)],
            )
        author = Person(row.author, row.author_account_id)
        refuse_if(
            confirm_problems(address.where, TextState(row.state), author, who),
            f"The {address.where} text cannot be confirmed.",
        )
        at = clock.now()
        row.state = TextState.CONFIRMED.value
        row.confirmed_by, row.confirmed_by_account_id = who.label, who.account_id
        row.confirmed_at, row.confirmed_on = at, clock.today()
        return row


def open_year(
    db: Database, report: str, year: int, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> list[ReportTextRow]:
    """Start a year from last year's text: every text of year - 1 the year has not got yet is
    copied, 'carried over: review', keeping its author. Returns the texts copied."""
    with db.transaction() as session:
        previous = {_key(r): r for r in _texts(session, report, year - 1)}
        if not previous:
            raise InvalidInputError(
                f"The {report} report of {year - 1} has no text to carry over into {year}.",
                [Problem("year", f"write the text of {year - 1} first, or write {year}'s", year)],
            )
        current = [_key(r) for r in _texts(session, report, year)]
        copied = []
        for found in carried_over_keys(list(previous), current):
            source = previous[found]
            row = ReportTextRow(
                report=report,
                year=year,
                kind=source.kind,
                key=source.key,
                language=source.language,
                text=source.text,
                state=TextState.CARRIED_OVER.value,
                author=source.author,
                author_account_id=source.author_account_id,
                updated_at=clock.now(),
                updated_on=clock.today(),
                carried_from=year - 1,
            )
            session.add(row)
            copied.append(row)
        session.flush()
        return copied


def _address_problems(address: TextAddress, rules: TextRules) -> list[Problem]:
    problems = language_problems(address.language)
    keys = rules.keys.get(address.kind, ())
    if address.key not in keys:
        known = ", ".join(sorted(keys))
        problems.append(Problem(f"{address.kind}", f"must be one of {known}", address.key))
    return problems


def _key(row: ReportTextRow) -> tuple[TextKind, str, str]:
    return TextKind(row.kind), row.key, row.language


def _texts(
    session: Session, report: str, year: int, language: str | None = None
) -> list[ReportTextRow]:
    return repo.texts(session, report, year, language)


def _row(session: Session, address: TextAddress) -> ReportTextRow | None:
    a = address
    return repo.text(session, a.report, a.year, str(a.kind), a.key, a.language)
