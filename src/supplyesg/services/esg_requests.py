"""ESG data collection requests: ask a site for a period's values by a date, make a year's
calendar at once, follow what is still missing, and offer the open ones to the reminders.

Whether a request is complete depends on the values stored now and on the day, so the state is
computed when requests are read (a year's calendar is a few hundred requests at most) rather
than stored and kept in step with every value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import EsgDataRequestRow, UserRow
from supplyesg.db.repositories import accounts as accounts_repo
from supplyesg.db.repositories import esg_data as esg_repo
from supplyesg.db.repositories import esg_requests as repo
from supplyesg.db.repositories.esg_requests import RequestFilter, RequestLine
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.errors import ConflictError, NotFoundError, Problem, refuse_if
from supplyesg.domain.metrics import Catalogue
from supplyesg.domain.organisation import EntityKind, FinancialYear, Granularity, PeriodSlice
from supplyesg.domain.reminders import Deadline, DeadlineKind
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.domain.submissions_due import (
    DEFAULT_DAYS_AFTER,
    SUBMITTER_ROLES,
    Assignee,
    MetricProgress,
    RequestState,
    StoredStatus,
    assignee_problems,
    calendar,
    days_after_problems,
    expected_metrics,
    is_complete,
    is_reminded,
    period_label,
    progress,
    request_problems,
    request_state,
)
from supplyesg.services.esg_catalogue import catalogue_in
from supplyesg.services.esg_organisation import financial_years_in

MAX_PAGE = 200
SORTS = ("due_on", "entity", "period", "state", "assignee")
"""What a request list may be sorted by; a leading '-' reverses the order."""
_PERIOD_ORDER = {key: i for i, key in enumerate(["FY", *(f"Q{i}" for i in range(1, 5))])}


@dataclass(frozen=True, slots=True)
class NewRequest:
    """A request as someone asks for it: `period` is FY, Q1 to Q4 or M01 to M12."""

    entity: str
    year: int
    period: str
    due_on: date
    section: str = ""
    assignee_id: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """A year's calendar of requests: every period of a granularity, for some entities (none
    named: every site), each due `days_after` days after its period ends."""

    year: int
    granularity: Granularity = Granularity.MONTH
    days_after: int = DEFAULT_DAYS_AFTER
    entities: tuple[str, ...] = ()
    section: str = ""
    assignee_id: int | None = None


@dataclass(frozen=True, slots=True)
class CalendarResult:
    """How many requests a calendar made, and how many already existed."""

    created: int
    existing: int


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request as pages and the API show it: where it stands and what it still waits for."""

    row: EsgDataRequestRow
    entity: str
    entity_name: str
    assignee: UserRow | None
    period: str
    state: RequestState
    progress: dict[str, MetricProgress]

    @property
    def waiting_for(self) -> list[tuple[str, MetricProgress]]:
        """The expected metrics not in yet, in catalogue order."""
        return [(code, p) for code, p in self.progress.items() if p is not MetricProgress.IN]

    @property
    def title(self) -> str:
        """The site and the period, as reminders name the request."""
        scope = f", {self.row.section}" if self.row.section else ""
        return f"{self.entity_name} ({self.entity}), {self.period}{scope}"


@dataclass(frozen=True, slots=True)
class RequestPage:
    """One page of a filtered, sorted request list and how many requests the filter holds."""

    items: Sequence[RequestView]
    total: int
    offset: int
    limit: int


# -- making requests ---------------------------------------------------------------------------


def create_request(
    db: Database, new: NewRequest, actor: str, clock: Clock = SYSTEM_CLOCK
) -> RequestView:
    """Ask an entity for a period's values by a date; refused if it is already asked for."""
    with db.transaction() as session:
        problems = _request_problems(session, new)
        refuse_if(problems, "The data request was not made.")
        entity = esg_repo.entity_by_code(session, new.entity)
        part = PeriodSlice.from_key(new.period.strip().upper())
        assert entity is not None
        if (entity.id, part.key) in repo.existing_periods(session, new.year, new.section):
            raise ConflictError(
                f"{new.entity} is already asked for FY{new.year} {part.key}"
                + (f" ({new.section})" if new.section else "")
                + ".",
                [Problem("period", "is already requested for this entity", part.key)],
            )
        row = EsgDataRequestRow(
            entity_id=entity.id,
            year=new.year,
            slice=part.key,
            section=new.section,
            assignee_id=new.assignee_id,
            due_on=new.due_on,
            note=new.note.strip(),
            created_by=actor,
            created_at=clock.now(),
        )
        session.add(row)
        session.flush()
        return _require_view(session, row.id, clock.today())


def request_problems_of(db: Database, new: NewRequest) -> list[Problem]:
    """Every reason the request would be refused, without making it (none: it may be made)."""
    with db.transaction() as session:
        return _request_problems(session, new)


def _request_problems(session: Session, new: NewRequest) -> list[Problem]:
    part, problems = _slice(new.period)
    return problems + request_problems(
        financial_years_in(session).get(new.year),
        part or PeriodSlice(Granularity.YEAR),
        new.due_on,
        esg_repo.entity_by_code(session, new.entity) is not None,
        new.section,
        sections(catalogue_in(session)),
        _assignee(session, new.assignee_id),
        new.assignee_id,
        new.note,
    )


def generate_calendar(
    db: Database, spec: CalendarSpec, actor: str, clock: Clock = SYSTEM_CLOCK
) -> CalendarResult:
    """Make the year's requests that do not exist yet (running it again makes nothing new)."""
    with db.transaction() as session:
        fy = financial_years_in(session).get(spec.year)
        ids = esg_repo.entity_ids_by_code(session)
        codes = tuple(dict.fromkeys(spec.entities)) or tuple(
            row.code for row in repo.entities_of_kind(session, str(EntityKind.SITE))
        )
        problems = _calendar_problems(session, spec, fy, ids, codes)
        refuse_if(problems, "The calendar was not made.")
        assert fy is not None
        have = repo.existing_periods(session, spec.year, spec.section)
        entries = calendar(fy, codes, spec.granularity, spec.days_after)
        fresh = [e for e in entries if (ids[e.entity], e.slice.key) not in have]
        at = clock.now()
        session.add_all(
            EsgDataRequestRow(
                entity_id=ids[e.entity],
                year=spec.year,
                slice=e.slice.key,
                section=spec.section,
                assignee_id=spec.assignee_id,
                due_on=e.due_on,
                note="",
                created_by=actor,
                created_at=at,
            )
            for e in fresh
        )
        return CalendarResult(len(fresh), len(entries) - len(fresh))


def _calendar_problems(
    session: Session,
    spec: CalendarSpec,
    fy: FinancialYear | None,
    ids: dict[str, int],
    codes: Sequence[str],
) -> list[Problem]:
    problems = days_after_problems(spec.days_after)
    if fy is None:
        problems.append(Problem("year", "is not a reporting period; add the year first", spec.year))
    if not codes:
        problems.append(Problem("entities", "there is no site: name the entities or add sites"))
    problems += [Problem("entities", "is not a reporting entity", c) for c in codes if c not in ids]
    if spec.section and spec.section not in sections(catalogue_in(session)):
        problems.append(
            Problem("section", "is not a section of the metric catalogue", spec.section)
        )
    if spec.assignee_id is not None:
        problems += assignee_problems(_assignee(session, spec.assignee_id), spec.assignee_id)
    return problems


def _slice(key: str) -> tuple[PeriodSlice | None, list[Problem]]:
    try:
        return PeriodSlice.from_key(key.strip().upper()), []
    except ValueError:
        return None, [Problem("period", "must be FY, Q1 to Q4 or M01 to M12", key)]


def _assignee(session: Session, user_id: int | None) -> Assignee | None:
    user = accounts_repo.user_by_id(session, user_id) if user_id is not None else None
    if user is None:
        return None
    return Assignee(user.id, Role(user.role), user.is_active)


def submitters(db: Database) -> list[UserRow]:
    """The active people who may be named to submit ESG data, by name."""
    with db.transaction() as session:
        found = accounts_repo.active_users_with_role(session, sorted(SUBMITTER_ROLES))
    return sorted(found, key=lambda user: (user.display_name.lower(), user.id))


def sections(catalogue: Catalogue) -> list[str]:
    """The sections of the catalogue a request may be narrowed to, in catalogue order."""
    return list(dict.fromkeys(m.section for m in catalogue.metrics if m.section))


# -- closing and deleting ----------------------------------------------------------------------


def close_request(
    db: Database, request_id: int, actor: str, on: date, clock: Clock = SYSTEM_CLOCK
) -> RequestView:
    """Stop asking: nothing more is expected (the site closed, the data comes another way)."""
    with db.transaction() as session:
        row = _require(session, request_id)
        if row.closed_at is not None:
            raise ConflictError(f"Data request {request_id} is already closed.")
        row.closed_by, row.closed_at = actor, clock.now()
        return _require_view(session, request_id, on)


def reopen_request(db: Database, request_id: int, on: date) -> RequestView:
    """Ask again for a request that was closed."""
    with db.transaction() as session:
        row = _require(session, request_id)
        if row.closed_at is None:
            raise ConflictError(f"Data request {request_id} is not closed.")
        row.closed_by, row.closed_at = None, None
        return _require_view(session, request_id, on)


def delete_request(db: Database, request_id: int) -> None:
    """Forget a request (made by mistake)."""
    with db.transaction() as session:
        session.delete(_require(session, request_id))


def _require(session: Session, request_id: int) -> EsgDataRequestRow:
    row = repo.request_by_id(session, request_id)
    if row is None:
        raise NotFoundError(f"There is no data request {request_id}.")
    return row


# -- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestQuery:
    """What a request list shows: filters, a state, the order, and the page."""

    year: int | None = None
    entity: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    state: RequestState | None = None
    sort: str = "due_on"
    offset: int = 0
    limit: int = 50


def list_requests(db: Database, query: RequestQuery, today: date) -> RequestPage:
    """One page of the requests filtered, with their state on `today`."""
    limit = max(1, min(query.limit, MAX_PAGE))
    offset = max(0, query.offset)
    with db.transaction() as session:
        entity_id = None
        if query.entity:
            entity_id = esg_repo.entity_ids_by_code(session).get(query.entity)
            if entity_id is None:
                raise NotFoundError(f"There is no reporting entity with code {query.entity!r}.")
        where = RequestFilter(query.year, entity_id, query.assignee_id, query.unassigned)
        views = _views(session, repo.request_lines(session, where), today)
    if query.state is not None:
        views = [v for v in views if v.state is query.state]
    views = sorted_views(views, query.sort)
    return RequestPage(views[offset : offset + limit], len(views), offset, limit)


def sorted_views(views: Iterable[RequestView], sort: str) -> list[RequestView]:
    """Requests in the order asked for ('-entity': by entity, descending); unknown: by due date."""
    field = sort.removeprefix("-")
    keys = {
        "due_on": lambda v: (v.row.due_on, v.entity),
        "entity": lambda v: (v.entity, v.row.year, _period_rank(v.row.slice)),
        "period": lambda v: (v.row.year, _period_rank(v.row.slice), v.entity),
        "state": lambda v: (str(v.state), v.row.due_on, v.entity),
        "assignee": lambda v: (v.assignee.display_name if v.assignee else "", v.row.due_on),
    }
    if field not in keys:
        field, sort = "due_on", "due_on"
    return sorted(views, key=keys[field], reverse=sort.startswith("-"))


def _period_rank(key: str) -> int:
    """Months after quarters after the year, each in order."""
    return _PERIOD_ORDER.get(key, 10 + int(key[1:]) if key[1:].isdigit() else 99)


def get_request(db: Database, request_id: int, today: date) -> RequestView:
    """One request, with what it still waits for."""
    with db.transaction() as session:
        return _require_view(session, request_id, today)


def _require_view(session: Session, request_id: int, today: date) -> RequestView:
    line = repo.request_line(session, request_id)
    if line is None:
        raise NotFoundError(f"There is no data request {request_id}.")
    return _views(session, [line], today)[0]


def _views(session: Session, lines: Sequence[RequestLine], today: date) -> list[RequestView]:
    """The requests with their progress, from one read of their entities' values."""
    if not lines:
        return []
    catalogue = catalogue_in(session)
    years = financial_years_in(session)
    wanted = {y for line in lines for y in (line.row.year, line.row.year - 1)}
    stored: dict[tuple[int, int], list[StoredStatus]] = defaultdict(list)
    for value in repo.value_statuses(session, {line.row.entity_id for line in lines}, wanted):
        stored[(value.entity_id, value.year)].append(
            StoredStatus(
                value.metric, PeriodSlice.from_key(value.slice), ReviewStatus(value.status)
            )
        )
    return [_view(line, catalogue, years, stored, today) for line in lines]


def _view(
    line: RequestLine,
    catalogue: Catalogue,
    years: dict[int, FinancialYear],
    stored: dict[tuple[int, int], list[StoredStatus]],
    today: date,
) -> RequestView:
    row = line.row
    part = PeriodSlice.from_key(row.slice)
    in_scope = [m.code for m in catalogue.metrics if not row.section or m.section == row.section]
    values = stored.get((row.entity_id, row.year), [])
    reported = {v.metric for v in values} | {
        v.metric for v in stored.get((row.entity_id, row.year - 1), [])
    }
    found = progress(part, expected_metrics(in_scope, reported), values)
    state = request_state(is_complete(found), row.closed_at is not None, row.due_on, today)
    fy = years.get(row.year)
    label = period_label(fy, part) if fy is not None else f"FY{row.year} {row.slice}"
    return RequestView(row, line.entity_code, line.entity_name, line.assignee, label, state, found)


# -- reminders -------------------------------------------------------------------------------


def request_deadlines(db: Database, on: date) -> list[Deadline]:
    """Every open or overdue request as a deadline for ESG managers and its assignee."""
    with db.transaction() as session:
        views = _views(session, repo.request_lines(session, RequestFilter(open_only=True)), on)
    return [
        Deadline(
            key=f"esg:{view.row.id}",
            kind=DeadlineKind.DATA_SUBMISSION,
            title=view.title,
            due_on=view.row.due_on,
            link=f"/esg-data/requests/{view.row.id}",
            user_ids=(view.assignee.id,) if view.assignee is not None else (),
        )
        for view in views
        if is_reminded(view.state)
    ]
