"""The demo's data collection requests: the latest demo year's calendar.

Every site is asked for each month of the year, due 20 days after the month ends, and for its
annual figures by the end of March; most requests are complete, while the Hong Kong office's
injury figure sent back by the checker keeps its requests open and overdue.
"""

from __future__ import annotations

from datetime import date

from supplyesg.db.session import Database
from supplyesg.domain.organisation import Granularity
from supplyesg.services import esg_requests
from supplyesg.services.demo import esg_profile as p
from supplyesg.services.esg_requests import CalendarSpec, NewRequest

ACTOR = "esg.manager@zhenlu-trucks.example"
MONTHLY_DAYS_AFTER = 20
ANNUAL_NOTE = "Annual figures (waste, workforce, safety, training) for the ESG report."


def load(db: Database) -> None:
    """Make the monthly calendar and the annual requests of the latest demo year."""
    year = p.YEARS[-1]
    esg_requests.generate_calendar(
        db, CalendarSpec(year, Granularity.MONTH, MONTHLY_DAYS_AFTER), ACTOR
    )
    sites = [code for code, _name, kind, *_rest in p.ENTITIES if kind == "site"]
    for code in sites:
        esg_requests.create_request(
            db, NewRequest(code, year, "FY", date(year + 1, 3, 31), note=ANNUAL_NOTE), ACTOR
        )
