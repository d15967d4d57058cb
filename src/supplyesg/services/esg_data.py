"""ESG values: submit, approve, return, reopen, list, history; explanations; the year's figures.

Every change of a value is written to its history (who, when, before, after, comment) in the
same transaction as the change itself.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import EsgExplanationRow, EsgValueChangeRow, EsgValueRow
from supplyesg.db.repositories import esg_data as repo
from supplyesg.db.repositories.esg_data import StoredPoint, ValueFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem, refuse_if
from supplyesg.domain.figures import DataPoint, Figure, own_values, roll_up
from supplyesg.domain.four_eyes import Person, person
from supplyesg.domain.intensity import RatioFigure, ratio_figure
from supplyesg.domain.metrics import Breakdown, Catalogue
from supplyesg.domain.organisation import PeriodSlice
from supplyesg.domain.submissions import (
    ReviewAction,
    ReviewPolicy,
    ReviewStatus,
    review_problems,
    status_after,
)
from supplyesg.services.esg_catalogue import catalogue_in
from supplyesg.services.esg_entries import (
    CheckedEntry,
    Entry,
    EntryContext,
    check_entry,
    granularity_problem,
)
from supplyesg.services.esg_organisation import (
    Organisation,
    financial_years_in,
    organisation_in,
)

MAX_PAGE = 1000
MAX_EXPLANATION = 4000
_DONE = {
    ReviewAction.SUBMIT: "submitted",
    ReviewAction.APPROVE: "approved",
    ReviewAction.RETURN: "returned",
    ReviewAction.REOPEN: "reopened",
}


class ExplanationKind(StrEnum):
    """What an explanation is about: a KPI left out, or a figure that moved."""

    OMISSION = "omission"
    CHANGE = "change"


@dataclass(frozen=True, slots=True)
class ValueRecord:
    """A stored value with its entity code, as lists and the API show it."""

    row: EsgValueRow
    entity: str


@dataclass(frozen=True, slots=True)
class ValuePage:
    """One page of values and the id to continue after, if there is more."""

    items: Sequence[ValueRecord]
    next_after: int | None


def entry_context(session: Session) -> EntryContext:
    """What entries are checked against, as stored now."""
    return EntryContext(
        catalogue_in(session), repo.entity_ids_by_code(session), financial_years_in(session)
    )


def submit_value(
    db: Database,
    entry: Entry,
    actor: Person | str,
    policy: ReviewPolicy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ValueRecord:
    """Record a value (or change one not yet approved); it then waits for a checker."""
    with db.transaction() as session:
        checked = check_entry(entry, entry_context(session))
        if isinstance(checked, list):
            raise InvalidInputError("The value cannot be recorded.", checked)
        slices = _stored_slices(session, checked)
        clash = granularity_problem(checked, slices)
        refuse_if([clash] if clash else [], "The value cannot be recorded.")
        row = repo.value_at(
            session,
            checked.entity_id,
            checked.metric.code,
            checked.period.year,
            checked.period.slice.key,
            checked.breakdown_key,
        )
        current = ReviewStatus(row.status) if row else None
        who = person(actor)
        refuse_if(
            review_problems(current, ReviewAction.SUBMIT, who, None, "", policy or ReviewPolicy()),
            "The value cannot be recorded.",
        )
        row = _write(session, row, checked, who, clock.now())
        return ValueRecord(row, checked.entity)


def _stored_slices(session: Session, checked: CheckedEntry) -> set[str]:
    return repo.slices_of(
        session,
        checked.entity_id,
        checked.metric.code,
        checked.period.year,
        checked.breakdown_key,
    )


def _write(
    session: Session, row: EsgValueRow | None, checked: CheckedEntry, who: Person, at: datetime
) -> EsgValueRow:
    before = (row.value, row.unit, row.status) if row else (None, "", "")
    if row is None:
        row = EsgValueRow(
            entity_id=checked.entity_id,
            metric=checked.metric.code,
            year=checked.period.year,
            slice=checked.period.slice.key,
            breakdown=checked.breakdown_key,
        )
        session.add(row)
    row.value = checked.value
    row.unit = checked.metric.unit
    row.entered_value = checked.entered_value
    row.entered_unit = checked.entered_unit
    row.source_note = checked.source_note
    row.evidence = checked.evidence
    row.status = str(ReviewStatus.SUBMITTED)
    row.submitted_by = who.label
    row.submitted_by_account_id = who.account_id
    row.submitted_at = at
    row.reviewed_by = None
    row.reviewed_by_account_id = None
    row.reviewed_at = None
    row.review_comment = ""
    session.flush()
    _record(session, row, ReviewAction.SUBMIT, who.label, at, before, "")
    return row


def _record(
    session: Session,
    row: EsgValueRow,
    action: ReviewAction,
    actor: str,
    at: datetime,
    before: tuple[Decimal | None, str, str],
    comment: str,
) -> None:
    session.add(
        EsgValueChangeRow(
            value_id=row.id,
            action=str(action),
            actor=actor,
            at=at,
            before_value=before[0],
            before_unit=before[1],
            before_status=before[2],
            after_value=row.value,
            after_unit=row.unit,
            after_status=row.status,
            comment=comment,
        )
    )


def review_value(
    db: Database,
    value_id: int,
    action: ReviewAction,
    actor: Person | str,
    comment: str = "",
    policy: ReviewPolicy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ValueRecord:
    """Approve, return (with a comment) or reopen (with a reason) a value."""
    if action is ReviewAction.SUBMIT:
        raise InvalidInputError(
            "Submitting is done by recording a value.",
            [Problem("action", "must be approve, return or reopen", str(action))],
        )
    with db.transaction() as session:
        row = _require_value(session, value_id)
        _review(session, row, action, person(actor), comment, policy or ReviewPolicy(), clock.now())
        return ValueRecord(row, _entity_code(session, row))


def approve_values(
    db: Database,
    value_ids: Iterable[int],
    actor: Person | str,
    policy: ReviewPolicy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Approve several submitted values at once; every one must be approvable, or none is."""
    at, who = clock.now(), person(actor)
    problems: list[Problem] = []
    count = 0
    with db.transaction() as session:
        for value_id in value_ids:
            row = _require_value(session, value_id)
            try:
                _review(session, row, ReviewAction.APPROVE, who, "", policy or ReviewPolicy(), at)
                count += 1
            except InvalidInputError as error:
                problems += [
                    Problem(f"values[{value_id}].{p.field}", p.reason, p.value)
                    for p in error.problems
                ]
        refuse_if(problems, "Some values cannot be approved; none was.")
    return count


def approve_import(
    db: Database,
    import_id: int,
    actor: Person | str,
    policy: ReviewPolicy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Approve every value of an import still waiting: all of them, or none if one is refused.

    The review rule is checked value by value; the writing is done in bulk.
    """
    policy = policy or ReviewPolicy()
    at, who = clock.now(), person(actor)
    with db.transaction() as session:
        states = repo.review_states(session, import_id)
        if not states:
            raise NotFoundError(f"Import {import_id} wrote no values.")
        waiting = [s for s in states if s[1] == ReviewStatus.SUBMITTED]
        problems = [
            Problem(f"values[{value_id}].{p.field}", p.reason, p.value)
            for value_id, status, label, account_id, _, _ in waiting
            for p in review_problems(
                ReviewStatus(status),
                ReviewAction.APPROVE,
                who,
                Person(label, account_id),
                "",
                policy,
            )
        ]
        refuse_if(problems[:1000], "Some values cannot be approved; none was.")
        approved = str(status_after(ReviewAction.APPROVE))
        repo.mark_reviewed(
            session, [s[0] for s in waiting], approved, (who.label, who.account_id), at, ""
        )
        repo.insert_changes(
            session,
            [
                {
                    "value_id": value_id,
                    "action": str(ReviewAction.APPROVE),
                    "actor": who.label,
                    "at": at,
                    "before_value": value,
                    "before_unit": unit,
                    "before_status": status,
                    "after_value": value,
                    "after_unit": unit,
                    "after_status": approved,
                    "comment": "",
                }
                for value_id, status, _, _, value, unit in waiting
            ],
        )
        return len(waiting)


def _review(
    session: Session,
    row: EsgValueRow,
    action: ReviewAction,
    who: Person,
    comment: str,
    policy: ReviewPolicy,
    at: datetime,
) -> None:
    current = ReviewStatus(row.status)
    maker = Person(row.submitted_by, row.submitted_by_account_id)
    refuse_if(
        review_problems(current, action, who, maker, comment, policy),
        f"The value cannot be {_DONE[action]}.",
    )
    before = (row.value, row.unit, row.status)
    row.status = str(status_after(action))
    row.reviewed_by = who.label
    row.reviewed_by_account_id = who.account_id
    row.reviewed_at = at
    row.review_comment = comment.strip()
    _record(session, row, action, who.label, at, before, comment.strip())


def _require_value(session: Session, value_id: int) -> EsgValueRow:
    row = repo.value_by_id(session, value_id)
    if row is None:
        raise NotFoundError(f"There is no value with id {value_id}.")
    return row


def _entity_code(session: Session, row: EsgValueRow) -> str:
    codes = {v: k for k, v in repo.entity_ids_by_code(session).items()}
    return codes[row.entity_id]


def get_value(db: Database, value_id: int) -> ValueRecord:
    """One value."""
    with db.transaction() as session:
        row = _require_value(session, value_id)
        return ValueRecord(row, _entity_code(session, row))


def value_history(db: Database, value_id: int) -> Sequence[EsgValueChangeRow]:
    """Every change of a value, oldest first."""
    with db.transaction() as session:
        _require_value(session, value_id)
        return repo.history(session, value_id)


def list_values(
    db: Database,
    year: int | None = None,
    entity: str | None = None,
    metric: str | None = None,
    status: ReviewStatus | None = None,
    after_id: int | None = None,
    limit: int = 100,
) -> ValuePage:
    """One page of values, filtered, in the order they were recorded."""
    limit = max(1, min(limit, MAX_PAGE))
    with db.transaction() as session:
        entity_id = None
        if entity is not None:
            entity_id = repo.entity_ids_by_code(session).get(entity)
            if entity_id is None:
                raise NotFoundError(f"There is no reporting entity with code {entity!r}.")
        where = ValueFilter(year, entity_id, metric, str(status) if status else None)
        rows = repo.value_page(session, where, after_id, limit + 1)
    items = [ValueRecord(row, code) for row, code in rows[:limit]]
    more = len(rows) > limit
    return ValuePage(items, items[-1].row.id if more and items else None)


def explain(
    db: Database,
    year: int,
    kind: ExplanationKind,
    subject: str,
    text: str,
    actor: str,
    clock: Clock = SYSTEM_CLOCK,
) -> EsgExplanationRow:
    """Write (or rewrite) why a KPI is left out or why a figure moved in a year."""
    problems = []
    if not text.strip() or len(text) > MAX_EXPLANATION:
        problems.append(
            Problem("text", f"is required, at most {MAX_EXPLANATION} characters", text[:40])
        )
    with db.transaction() as session:
        catalogue = catalogue_in(session)
        known = {k.code for k in catalogue.kpis} | {m.code for m in catalogue.metrics}
        if subject not in known:
            problems.append(Problem("subject", "is neither a KPI nor a metric", subject))
        refuse_if(problems, "The explanation cannot be saved.")
        row = repo.explanation(session, year, str(kind), subject)
        if row is None:
            row = EsgExplanationRow(year=year, kind=str(kind), subject=subject)
            session.add(row)
        row.text = text.strip()
        row.written_by = actor
        row.written_at = clock.now()
        return row


def explanations(db: Database, year: int) -> Sequence[EsgExplanationRow]:
    """The explanations written for a year."""
    with db.transaction() as session:
        return repo.explanations(session, year)


def data_points(stored: Iterable[StoredPoint]) -> list[DataPoint]:
    """Stored values as the domain calculates with them; each distinct key is parsed once."""
    stored = list(stored)
    slices = {key: PeriodSlice.from_key(key) for key in {p.slice for p in stored}}
    breakdowns = {key: Breakdown.from_key(key) for key in {p.breakdown for p in stored}}
    return [
        DataPoint(
            entity,
            metric,
            year,
            slices[slice_key],
            value.normalize(),
            breakdowns[breakdown_key],
            unit,
            entered_unit,
        )
        for entity, metric, year, slice_key, breakdown_key, value, unit, entered_unit, _ in stored
    ]


@dataclass(frozen=True, slots=True)
class YearFigures:
    """Every metric and ratio of a year for an entity and everything beneath it."""

    year: int
    entity: str
    catalogue: Catalogue
    figures: dict[str, Figure]
    ratios: dict[str, RatioFigure]
    own: dict[str, dict[str, dict[Breakdown | None, Decimal]]]
    points: tuple[DataPoint, ...]

    def total(self, metric: str) -> Decimal | None:
        """The total of a metric, if it has values."""
        figure = self.figures.get(metric)
        return figure.total if figure else None


@contextmanager
def collection_paused() -> Iterator[None]:
    """Cyclic garbage collection held off while values are built by the hundred thousand.

    The objects built are acyclic, yet each collection would walk every one of them again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def figures_in(
    session: Session,
    year: int,
    entity: str | None = None,
    approved_only: bool = False,
    organisation: Organisation | None = None,
) -> YearFigures:
    """The figures of a year inside a transaction (see year_figures)."""
    organisation = organisation or organisation_in(session)
    top = organisation.top(entity)
    catalogue = catalogue_in(session)
    statuses = [str(ReviewStatus.APPROVED)] if approved_only else None
    with collection_paused():
        return _figures(session, year, top, catalogue, statuses, organisation)


def _figures(
    session: Session,
    year: int,
    top: str,
    catalogue: Catalogue,
    statuses: list[str] | None,
    organisation: Organisation,
) -> YearFigures:
    """The year's values read, rolled up to `top` and turned into ratios."""
    points = data_points(repo.points(session, [year], statuses))
    by_metric: dict[str, list[DataPoint]] = defaultdict(list)
    for point in points:
        by_metric[point.metric].append(point)
    figures: dict[str, Figure] = {}
    own: dict[str, dict[str, dict[Breakdown | None, Decimal]]] = {}
    for metric in catalogue.metrics:
        own[metric.code] = own_values(by_metric.get(metric.code, ()), metric)
        figures[metric.code] = roll_up(
            metric, year, top, own[metric.code], organisation.children, catalogue
        )
    ratios = {
        r.code: ratio_figure(r, figures[r.numerator], figures[r.denominator])
        for r in catalogue.ratios
    }
    return YearFigures(year, top, catalogue, figures, ratios, own, tuple(points))


def year_figures(
    db: Database, year: int, entity: str | None = None, approved_only: bool = False
) -> YearFigures:
    """Every metric and ratio of a financial year, rolled up to an entity (the group by default).

    approved_only=True counts approved values only, as a published report should.
    """
    with db.transaction() as session:
        return figures_in(session, year, entity, approved_only)


def status_counts(db: Database, year: int) -> dict[str, int]:
    """How many values of a year stand in each review status."""
    with db.transaction() as session:
        return repo.status_counts(session, year)
