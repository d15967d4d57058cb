"""Data collection requests: made one by one or as a calendar, followed until the values are in."""

from __future__ import annotations

from datetime import date

import pytest

from esg_builders import CHECKER, MAKER, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.errors import ConflictError, InvalidInputError, NotFoundError
from supplyesg.domain.organisation import Granularity
from supplyesg.domain.reminders import DeadlineKind
from supplyesg.domain.submissions import ReviewAction
from supplyesg.domain.submissions_due import MetricProgress, RequestState
from supplyesg.services import accounts, esg_data, esg_requests
from supplyesg.services.accounts import NewUser
from supplyesg.services.esg_requests import CalendarSpec, NewRequest, RequestQuery

APRIL = date(2025, 4, 10)


def _request(entity: str = "CQ1", period: str = "M03", **changes: object) -> NewRequest:
    fields: dict[str, object] = {
        "entity": entity,
        "year": 2025,
        "period": period,
        "due_on": date(2025, 4, 20),
    }
    fields.update(changes)
    return NewRequest(**fields)  # type: ignore[arg-type]


def _problems(error: pytest.ExceptionInfo[InvalidInputError]) -> set[str]:
    return {p.field for p in error.value.problems}


def test_a_site_that_reports_electricity_is_done_once_march_is_submitted(db: Database) -> None:
    organisation(db)
    submit(db, "CQ1", "electricity_purchased", "2024", "1000", "kWh")
    made = esg_requests.create_request(db, _request(section="energy"), MAKER)
    assert esg_requests.get_request(db, made.row.id, APRIL).state is RequestState.OPEN
    assert made.waiting_for == [("electricity_purchased", MetricProgress.MISSING)]
    assert made.title == "Chongqing plant (CQ1), FY2025 M03 (March 2025), energy"
    submit(db, "CQ1", "electricity_purchased", "2025-M03", "90", "kWh")
    assert esg_requests.get_request(db, made.row.id, APRIL).state is RequestState.COMPLETE


def test_a_returned_value_makes_a_complete_request_incomplete_again(db: Database) -> None:
    organisation(db)
    value = submit(db, "CQ1", "electricity_purchased", "2025-Q1", "300", "kWh")
    made = esg_requests.create_request(db, _request(section="energy"), MAKER)
    assert made.state is RequestState.COMPLETE  # the quarter covers March
    esg_data.review_value(db, value, ReviewAction.RETURN, CHECKER, "meter photo missing")
    again = esg_requests.get_request(db, made.row.id, date(2025, 4, 21))
    assert again.state is RequestState.OVERDUE
    assert again.waiting_for == [("electricity_purchased", MetricProgress.RETURNED)]


def test_a_site_with_no_values_waits_for_every_metric_of_the_section(db: Database) -> None:
    organisation(db)
    made = esg_requests.create_request(db, _request(section="water"), MAKER)
    assert [code for code, _ in made.waiting_for] == ["water_consumption"]


def test_a_request_naming_unknown_things_lists_every_problem(db: Database) -> None:
    organisation(db)
    viewer = accounts.create_user(db, NewUser("vi@example.com", "Vi", Role.VIEWER))
    with pytest.raises(InvalidInputError) as refused:
        esg_requests.create_request(
            db,
            _request("NOPE", "M13", section="rockets", assignee_id=viewer.id),
            MAKER,
        )
    assert _problems(refused) == {"entity", "period", "section", "assignee"}
    with pytest.raises(InvalidInputError) as early:
        esg_requests.create_request(db, _request(due_on=date(2025, 3, 1)), MAKER)
    assert _problems(early) == {"due_on"}
    with pytest.raises(InvalidInputError) as no_year:
        esg_requests.create_request(db, _request(year=2031), MAKER)
    assert _problems(no_year) == {"year"}


def test_the_same_period_cannot_be_asked_for_twice(db: Database) -> None:
    organisation(db)
    esg_requests.create_request(db, _request(), MAKER)
    with pytest.raises(ConflictError):
        esg_requests.create_request(db, _request(due_on=date(2025, 5, 1)), MAKER)


def test_a_calendar_asks_every_site_for_every_month_once(db: Database) -> None:
    organisation(db)
    spec = CalendarSpec(2025, Granularity.MONTH, 20)
    assert esg_requests.generate_calendar(db, spec, MAKER) == esg_requests.CalendarResult(24, 0)
    assert esg_requests.generate_calendar(db, spec, MAKER) == esg_requests.CalendarResult(0, 24)
    page = esg_requests.list_requests(db, RequestQuery(year=2025, entity="HK1", limit=3), APRIL)
    assert page.total == 12
    assert [(v.row.slice, v.row.due_on) for v in page.items] == [
        ("M01", date(2025, 2, 20)),
        ("M02", date(2025, 3, 20)),
        ("M03", date(2025, 4, 20)),
    ]


def test_an_entity_named_twice_in_a_calendar_is_asked_once(db: Database) -> None:
    organisation(db)
    spec = CalendarSpec(2025, Granularity.YEAR, 30, ("HK1", "HK1"))
    assert esg_requests.generate_calendar(db, spec, MAKER) == esg_requests.CalendarResult(1, 0)


def test_a_request_made_after_its_due_date_is_overdue_at_once(db: Database) -> None:
    organisation(db)
    made = esg_requests.create_request(db, _request(), MAKER)
    assert made.state is RequestState.OVERDUE  # due 2025-04-20, long gone


def test_a_calendar_with_a_bad_delay_or_year_makes_nothing(db: Database) -> None:
    organisation(db)
    with pytest.raises(InvalidInputError) as refused:
        esg_requests.generate_calendar(db, CalendarSpec(2030, days_after=400), MAKER)
    assert _problems(refused) == {"year", "days_after"}
    assert esg_requests.list_requests(db, RequestQuery(), APRIL).total == 0


def test_requests_filter_by_state_and_assignee_and_sort(db: Database) -> None:
    organisation(db)
    owner = accounts.create_user(db, NewUser("ana@example.com", "Ana", Role.ESG_MANAGER))
    spec = CalendarSpec(2025, Granularity.QUARTER, 5, ("CQ1",), assignee_id=owner.id)
    esg_requests.generate_calendar(db, spec, MAKER)
    esg_requests.create_request(db, _request("HK1"), MAKER)
    overdue = esg_requests.list_requests(db, RequestQuery(state=RequestState.OVERDUE), APRIL)
    assert [(v.entity, v.row.slice) for v in overdue.items] == [("CQ1", "Q1")]
    mine = esg_requests.list_requests(db, RequestQuery(assignee_id=owner.id), APRIL)
    assert mine.total == 4
    nobody = esg_requests.list_requests(db, RequestQuery(unassigned=True), APRIL)
    assert [v.entity for v in nobody.items] == ["HK1"]
    by_entity = esg_requests.list_requests(db, RequestQuery(sort="-entity"), APRIL)
    assert [v.entity for v in by_entity.items][:2] == ["HK1", "CQ1"]


def test_a_closed_request_is_no_deadline_and_a_deleted_one_is_gone(db: Database) -> None:
    organisation(db)
    made = esg_requests.create_request(db, _request(), MAKER)
    assert [d.key for d in esg_requests.request_deadlines(db, APRIL)] == [f"esg:{made.row.id}"]
    closed = esg_requests.close_request(db, made.row.id, MAKER, APRIL)
    assert closed.state is RequestState.CLOSED
    assert esg_requests.request_deadlines(db, APRIL) == []
    with pytest.raises(ConflictError):
        esg_requests.close_request(db, made.row.id, MAKER, APRIL)
    assert esg_requests.reopen_request(db, made.row.id, APRIL).state is RequestState.OPEN
    esg_requests.delete_request(db, made.row.id)
    with pytest.raises(NotFoundError):
        esg_requests.get_request(db, made.row.id, APRIL)


def test_an_open_request_is_a_deadline_naming_its_assignee(db: Database) -> None:
    organisation(db)
    owner = accounts.create_user(db, NewUser("root@example.com", "Root", Role.ADMIN))
    made = esg_requests.create_request(db, _request(assignee_id=owner.id), MAKER)
    (deadline,) = esg_requests.request_deadlines(db, APRIL)
    assert deadline.kind is DeadlineKind.DATA_SUBMISSION
    assert deadline.user_ids == (owner.id,)
    assert deadline.link == f"/esg-data/requests/{made.row.id}"
    assert deadline.due_on == date(2025, 4, 20)
