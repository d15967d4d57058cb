"""`supplyesg data requests list|create|calendar|show|close|delete`: data collection requests."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.cli.suppliers import actor
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.organisation import Granularity
from supplyesg.domain.submissions_due import DEFAULT_DAYS_AFTER, RequestState

if TYPE_CHECKING:
    from supplyesg.services.esg_requests import RequestView

requests_app = typer.Typer(
    help="Data collection requests: who owes which period's ESG data, by when.",
    no_args_is_help=True,
)

YearOption = Annotated[int, typer.Option("--year", help="The financial year, e.g. 2026")]
AssigneeOption = Annotated[
    str | None,
    typer.Option("--assignee", help="E-mail of the person who must submit (an ESG manager)"),
]
MAX_ROWS = 200
"""Most requests `list` shows: the page size of services.esg_requests (a test checks it)."""
SectionOption = Annotated[
    str, typer.Option("--section", help="A catalogue section (energy, water...); all by default")
]


def _today() -> date:
    return clock().today()


def _user_id(email: str | None) -> int | None:
    from supplyesg.services import accounts

    return accounts.user_by_email(database(), email).id if email else None


@requests_app.command("list")
def list_requests(
    year: Annotated[int | None, typer.Option("--year", help="Only this financial year")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Only this entity")] = None,
    state: Annotated[
        RequestState | None, typer.Option("--state", help="open, overdue, complete or closed")
    ] = None,
    assignee: AssigneeOption = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_ROWS, help="Rows to show at most")] = 50,
) -> None:
    """The requests, by due date, with their state today and how many metrics are missing."""
    from supplyesg.services import esg_requests
    from supplyesg.services.esg_requests import RequestQuery

    try:
        query = RequestQuery(year, entity, _user_id(assignee), state=state, limit=limit)
        page = esg_requests.list_requests(database(), query, _today())
    except DomainError as error:
        raise fail(error) from None
    if not page.items:
        console.print(
            "No data request matches; make a calendar with `supplyesg data requests calendar`."
        )
        return
    table = Table(title=f"Data requests ({len(page.items)} of {page.total})")
    for column in ("Id", "Entity", "Period", "Scope", "Assignee", "Due", "State", "Missing"):
        table.add_column(column, justify="right" if column in ("Id", "Missing") else "left")
    for view in page.items:
        table.add_row(
            str(view.row.id),
            view.entity,
            view.period,
            view.row.section or "all",
            view.assignee.email if view.assignee else "-",
            str(view.row.due_on),
            str(view.state),
            str(len(view.waiting_for)),
        )
    console.print(table)


@requests_app.command("create")
def create_request(
    entity: Annotated[str, typer.Argument(help="The entity code, e.g. CQ1")],
    year: YearOption,
    period: Annotated[str, typer.Option("--period", help="FY, Q1 to Q4 or M01 to M12")],
    due: Annotated[str, typer.Option("--due", help="The due date, YYYY-MM-DD")],
    section: SectionOption = "",
    assignee: AssigneeOption = None,
    note: Annotated[str, typer.Option("--note", help="What to send, or whom to ask")] = "",
) -> None:
    """Ask an entity for one period's values by a date."""
    from supplyesg.services import esg_requests
    from supplyesg.services.esg_requests import NewRequest

    try:
        due_on = date.fromisoformat(due)
    except ValueError:
        problem = Problem("due", "must be a date such as 2026-04-20", due)
        raise fail(InvalidInputError("The data request was not made.", [problem])) from None
    try:
        new = NewRequest(entity, year, period, due_on, section, _user_id(assignee), note)
        made = esg_requests.create_request(database(), new, actor())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Request {made.row.id}: {made.title}, due {made.row.due_on}.", highlight=False)


@requests_app.command("calendar")
def calendar(
    year: YearOption,
    every: Annotated[
        Granularity, typer.Option("--every", help="month, quarter or year")
    ] = Granularity.MONTH,
    days_after: Annotated[
        int, typer.Option("--days-after", help="Days after each period ends that it is due")
    ] = DEFAULT_DAYS_AFTER,
    entity: Annotated[
        list[str] | None, typer.Option("--entity", help="An entity code (repeat); every site")
    ] = None,
    section: SectionOption = "",
    assignee: AssigneeOption = None,
) -> None:
    """Make a year's requests at once; those that exist are kept, so it can run again."""
    from supplyesg.services import esg_requests
    from supplyesg.services.esg_requests import CalendarSpec

    try:
        spec = CalendarSpec(
            year, every, days_after, tuple(entity or ()), section, _user_id(assignee)
        )
        made = esg_requests.generate_calendar(database(), spec, actor())
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"FY{year}: {made.created} requests made, {made.existing} already there.", highlight=False
    )


@requests_app.command("show")
def show(request_id: Annotated[int, typer.Argument(help="The request's id")]) -> None:
    """One request: its state and each expected metric still missing."""
    from supplyesg.services import esg_requests

    try:
        view = esg_requests.get_request(database(), request_id, _today())
    except DomainError as error:
        raise fail(error) from None
    _print(view)


def _print(view: RequestView) -> None:
    console.print(f"{view.title}: {view.state}, due {view.row.due_on}", highlight=False)
    if view.assignee is not None:
        console.print(f"Assignee: {view.assignee.display_name} <{view.assignee.email}>")
    missing = view.waiting_for
    console.print(f"{len(view.progress) - len(missing)} of {len(view.progress)} metrics are in.")
    for code, progress in missing:
        console.print(f"  - {code}: {progress}", highlight=False)


@requests_app.command("close")
def close(request_id: Annotated[int, typer.Argument(help="The request's id")]) -> None:
    """Stop asking: the request stays but is never reminded."""
    from supplyesg.services import esg_requests

    try:
        view = esg_requests.close_request(database(), request_id, actor(), _today())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Request {request_id} closed: {view.title}.", highlight=False)


@requests_app.command("delete")
def delete(request_id: Annotated[int, typer.Argument(help="The request's id")]) -> None:
    """Forget a request made by mistake."""
    from supplyesg.services import esg_requests

    try:
        esg_requests.delete_request(database(), request_id)
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Request {request_id} deleted.")
