"""The demo's submission calendar: most requests complete, the returned figure's overdue."""

from __future__ import annotations

from datetime import date

from supplyesg.db.session import Database
from supplyesg.domain.submissions_due import MetricProgress, RequestState
from supplyesg.services import esg_requests
from supplyesg.services.demo import esg_data as demo
from supplyesg.services.esg_requests import RequestQuery

AFTER_THE_YEAR = date(2026, 5, 1)


def test_the_demo_asks_every_site_for_each_month_and_the_year(db: Database) -> None:
    demo.load(db)
    every = esg_requests.list_requests(db, RequestQuery(year=2025, limit=200), AFTER_THE_YEAR)
    assert every.total == 5 * 13
    overdue = esg_requests.list_requests(
        db, RequestQuery(state=RequestState.OVERDUE, limit=200), AFTER_THE_YEAR
    )
    assert {v.entity for v in overdue.items} == {"ZLT-HKO"}
    assert overdue.total == 13
    assert overdue.items[0].waiting_for == [("work_injuries", MetricProgress.RETURNED)]
    deadlines = esg_requests.request_deadlines(db, AFTER_THE_YEAR)
    assert len(deadlines) == 13
