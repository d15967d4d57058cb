"""Data requests pages: the submission calendar, a request with what it still waits for, and
the forms to ask for data one period at a time or a whole year at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.organisation import Granularity
from supplyesg.domain.submissions_due import DEFAULT_DAYS_AFTER, MetricProgress, RequestState
from supplyesg.services import esg_requests
from supplyesg.services.esg_requests import CalendarSpec, NewRequest, RequestQuery, RequestView
from supplyesg.web.api.types import RecordId, record_id_of
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.code_labels import N_
from supplyesg.web.ui.esg_context import EsgChoices, esg_choices, esg_page, slice_keys, slice_title
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _

router = APIRouter(prefix="/esg-data/requests")

PAGE_SIZE = 50
UNASSIGNED = "none"
LIST = "/esg-data/requests"
REQUEST_FIELDS = ("entity", "year", "period", "due_on", "section", "assignee", "note")
CALENDAR_FIELDS = ("year", "granularity", "days_after", "entities", "section", "assignee")
STATE_TITLES = {
    RequestState.OPEN: N_("Open"),
    RequestState.OVERDUE: N_("Overdue"),
    RequestState.COMPLETE: N_("Complete"),
    RequestState.CLOSED: N_("Closed"),
}
SORT_TITLES = {
    "due_on": N_("Due date"),
    "-due_on": N_("Due date, latest first"),
    "entity": N_("Entity"),
    "period": N_("Period"),
    "state": N_("State"),
    "assignee": N_("Assignee"),
}
GRANULARITY_TITLES = {
    Granularity.MONTH: N_("Every month"),
    Granularity.QUARTER: N_("Every quarter"),
    Granularity.YEAR: N_("The whole year"),
}


@router.get("", name="esg_requests")
def request_list(
    request: Request,
    db: DatabaseDep,
    year: str = "",
    entity: str = "",
    state: str = "",
    assignee: str = "",
    sort: str = "",
    page: str = "",
) -> Response:
    """The submission calendar: requests filtered, sorted and paged, with their state today."""
    choices = esg_choices(db)
    shown = _shown(choices, year, entity, state, assignee, sort, page)
    found = esg_requests.list_requests(db, _query(shown), today())
    number = int(shown["page"])
    more = found.offset + len(found.items) < found.total
    return esg_page(
        request,
        "esg/requests.html",
        "requests",
        choices=choices,
        shown=shown,
        found=found,
        filtered=any(shown[k] for k in ("year", "entity", "state", "assignee")),
        first_url=_list_url(shown, 1) if number > 1 else "",
        next_url=_list_url(shown, number + 1) if more else "",
        states=STATE_TITLES,
        sorts=SORT_TITLES,
        people=esg_requests.submitters(db),
    )


def _shown(
    choices: EsgChoices,
    year: str,
    entity: str,
    state: str,
    assignee: str,
    sort: str,
    page: str,
) -> dict[str, str]:
    """The filters as they apply: unknown values dropped."""
    known_year = year.isdecimal() and year.isascii() and choices.year(int(year)) is not None
    known_entity = any(e.code == entity for e, _depth in choices.entities)
    return {
        "year": year if known_year else "",
        "entity": entity if known_entity else "",
        "state": state if state in {str(s) for s in RequestState} else "",
        "assignee": assignee if assignee == UNASSIGNED or _is_id(assignee) else "",
        "sort": sort if sort in SORT_TITLES else "",
        "page": page if _is_id(page) and int(page) <= 100_000 else "1",
    }


def _is_id(text: str) -> bool:
    return record_id_of(text) is not None


def _query(shown: Mapping[str, str]) -> RequestQuery:
    assignee = shown["assignee"]
    return RequestQuery(
        year=int(shown["year"]) if shown["year"] else None,
        entity=shown["entity"] or None,
        assignee_id=int(assignee) if assignee and assignee != UNASSIGNED else None,
        unassigned=assignee == UNASSIGNED,
        state=RequestState(shown["state"]) if shown["state"] else None,
        sort=shown["sort"] or "due_on",
        offset=(int(shown["page"]) - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )


def _list_url(shown: Mapping[str, str], page: int) -> str:
    params = {k: v for k, v in shown.items() if v and k != "page"}
    if page > 1:
        params["page"] = str(page)
    return f"{LIST}?{urlencode(params)}" if params else LIST


# -- asking for data -------------------------------------------------------------------------


@router.get("/new", name="esg_request_new")
def new_request(request: Request, db: DatabaseDep, entity: str = "", year: str = "") -> Response:
    """The forms to ask one entity for one period, or every site for a whole year."""
    return _form_page(request, db, {"entity": entity, "year": year}, NO_ERRORS, {}, NO_ERRORS)


@router.post("/new")
def create_request(
    request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm
) -> Response:
    """Make the request and show it, or the form again with the reasons beside the fields."""
    try:
        made = esg_requests.create_request(db, _new_request(db, form), actor)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        errors = FormErrors.of(error, REQUEST_FIELDS)
        return _form_page(request, db, form, errors, {}, NO_ERRORS)
    message = _("Data requested: %(title)s, due %(due)s.", title=made.title, due=made.row.due_on)
    target = f"{LIST}/{made.row.id}"
    return flash(RedirectResponse(target, status_code=303), message)


@router.post("/calendar/new")
def create_calendar(
    request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm
) -> Response:
    """Make a year's requests at once (those that exist are left as they are)."""
    try:
        made = esg_requests.generate_calendar(db, _calendar(form), actor)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        errors = FormErrors.of(error, CALENDAR_FIELDS)
        return _form_page(request, db, {}, NO_ERRORS, form, errors)
    message = _(
        "Calendar of FY%(year)s: %(created)s requests made, %(existing)s already there.",
        year=form.get("year", ""),
        created=made.created,
        existing=made.existing,
    )
    target = f"{LIST}?{urlencode({'year': form.get('year', '')})}"
    return flash(RedirectResponse(target, status_code=303), message)


def _new_request(db: DatabaseDep, form: Mapping[str, str]) -> NewRequest:
    """The request the form asks for; refused with every problem of the form at once."""
    problems: list[Problem] = []
    year = _number(form, "year", problems)
    due_on = _day(form.get("due_on", ""), problems)
    assignee = _assignee(form.get("assignee", ""), problems)
    new = NewRequest(
        form.get("entity", "").strip(),
        year or 0,
        form.get("period", ""),
        due_on or date.max,
        form.get("section", "").strip(),
        assignee,
        form.get("note", ""),
    )
    if problems:
        unreadable = {p.field for p in problems}
        others = esg_requests.request_problems_of(db, new)
        problems += [p for p in others if p.field not in unreadable]
        raise InvalidInputError("The data request was not made.", problems)
    return new


def _calendar(form: Mapping[str, str]) -> CalendarSpec:
    problems: list[Problem] = []
    year = _number(form, "year", problems)
    days = _number(form, "days_after", problems)
    granularity = form.get("granularity", "")
    if granularity not in {str(g) for g in Granularity}:
        problems.append(Problem("granularity", "choose months, quarters or the year", granularity))
    assignee = _assignee(form.get("assignee", ""), problems)
    if problems:
        raise InvalidInputError("The calendar was not made.", problems)
    assert year is not None
    assert days is not None
    entities = tuple(c.strip() for c in form.get("entities", "").replace(",", " ").split())
    return CalendarSpec(
        year, Granularity(granularity), days, entities, form.get("section", "").strip(), assignee
    )


def _number(form: Mapping[str, str], name: str, problems: list[Problem]) -> int | None:
    text = form.get(name, "").strip()
    if text.isdecimal() and text.isascii() and len(text) <= 6:
        return int(text)
    problems.append(Problem(name, "must be a whole number", text))
    return None


def _day(text: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(Problem("due_on", "must be a date such as 2026-04-20", text))
        return None


def _assignee(text: str, problems: list[Problem]) -> int | None:
    if not text.strip():
        return None
    if _is_id(text.strip()):
        return int(text.strip())
    problems.append(Problem("assignee", "is not a user", text))
    return None


def _form_page(
    request: Request,
    db: DatabaseDep,
    typed: Mapping[str, str],
    errors: FormErrors,
    calendar_typed: Mapping[str, str],
    calendar_errors: FormErrors,
) -> Response:
    choices = esg_choices(db)
    people = esg_requests.submitters(db)
    fy = choices.year(choices.year_numbers[0]) if choices.years else None
    return esg_page(
        request,
        "esg/request_form.html",
        "requests",
        422 if errors or calendar_errors else 200,
        choices=choices,
        typed=typed,
        errors=errors,
        calendar_typed=calendar_typed,
        calendar_errors=calendar_errors,
        periods=[(key, _(slice_title(fy, key).split(" (")[0])) for key in slice_keys()],
        year_options=[(str(fy.year), fy.label) for fy in choices.years],
        section_options=[(s, s) for s in esg_requests.sections(choices.catalogue)],
        people=people,
        people_options=[(str(p.id), p.display_name) for p in people],
        granularities=[(str(g), _(t)) for g, t in GRANULARITY_TITLES.items()],
        default_days=DEFAULT_DAYS_AFTER,
    )


# -- one request -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WaitingLine:
    """An expected metric not in yet, and where to put it right."""

    title: str
    code: str
    returned: bool
    link: str


@router.get("/{request_id:int}", name="esg_request")
def request_page(request: Request, db: DatabaseDep, request_id: RecordId) -> Response:
    """A request: its period, due date and state, and each expected value still missing."""
    view = esg_requests.get_request(db, request_id, today())
    choices = esg_choices(db)
    return esg_page(
        request,
        "esg/request.html",
        "requests",
        view=view,
        waiting=_waiting(view, choices),
        states=STATE_TITLES,
    )


def _waiting(view: RequestView, choices: EsgChoices) -> list[WaitingLine]:
    row = view.row
    found = []
    for code, progress in view.waiting_for:
        returned = progress is MetricProgress.RETURNED
        params = (
            {"entity": view.entity, "year": row.year, "status": "returned"}
            if returned
            else {"entity": view.entity, "year": row.year, "part": row.slice, "metric": code}
        )
        path = "/esg-data" if returned else "/esg-data/new"
        found.append(
            WaitingLine(choices.metric_title(code), code, returned, f"{path}?{urlencode(params)}")
        )
    return found


@router.post("/{request_id:int}/close")
def close_request(db: DatabaseDep, actor: ActorDep, request_id: RecordId) -> Response:
    """Stop asking: the request is kept but never reminded."""
    view = esg_requests.close_request(db, request_id, actor, today())
    message = _("Request closed: %(title)s.", title=view.title)
    return flash(RedirectResponse(f"{LIST}/{request_id}", status_code=303), message)


@router.post("/{request_id:int}/reopen")
def reopen_request(db: DatabaseDep, request_id: RecordId) -> Response:
    """Ask again."""
    view = esg_requests.reopen_request(db, request_id, today())
    message = _("Request reopened: %(title)s.", title=view.title)
    return flash(RedirectResponse(f"{LIST}/{request_id}", status_code=303), message)


@router.post("/{request_id:int}/delete")
def delete_request(db: DatabaseDep, request_id: RecordId) -> Response:
    """Forget a request made by mistake; back to the calendar."""
    view = esg_requests.get_request(db, request_id, today())
    esg_requests.delete_request(db, request_id)
    message = _("Request deleted: %(title)s.", title=view.title)
    return flash(RedirectResponse(LIST, status_code=303), message)
