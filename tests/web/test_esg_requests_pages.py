"""Data requests pages: the calendar list, the forms, a request with what it still waits for."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from esg_builders import MAKER, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts, esg_requests
from supplyesg.services.accounts import NewUser
from supplyesg.services.esg_requests import NewRequest, RequestQuery

TODAY = datetime.now(UTC).date()
LIST = "/esg-data/requests"


def reasons(html: str) -> dict[str, list[str]]:
    """The reasons shown beside each field, by field name."""
    found: dict[str, list[str]] = {}
    for name, reason in re.findall(r'<p class="field-error" id="err-([^"]+)">([^<]+)</p>', html):
        found.setdefault(name, []).append(reason)
    return found


def text_of(html: str) -> str:
    """The page's text, tags stripped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_without_requests_the_calendar_says_how_to_make_one(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    page = client.get(LIST)
    assert page.status_code == 200
    assert 'aria-current="page">Data requests<' in page.text
    assert "No data request yet." in page.text
    assert 'href="/esg-data/requests/new"' in page.text
    form = client.get(f"{LIST}/new")
    assert form.status_code == 200
    assert "A year's calendar" in form.text
    assert '<option value="M03">March 2025</option>' in form.text


def test_a_calendar_made_from_the_form_lists_each_site_month_by_month(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    made = client.post(
        f"{LIST}/calendar/new",
        data={"year": "2025", "granularity": "month", "days_after": "20", "entities": ""},
        follow_redirects=False,
    )
    assert (made.status_code, made.headers["location"]) == (303, f"{LIST}?year=2025")
    page = client.get(LIST, params={"year": "2025", "entity": "HK1", "sort": "-due_on"})
    rows = _rows(page.text)
    assert len(rows) == 12
    assert rows[0].startswith("Hong Kong office HK1 FY2025 M12 (December 2025) All metrics")
    assert "2026-01-20" in rows[0]
    assert "12 of 12 requests" in page.text


def test_the_list_pages_fifty_at_a_time(client: TestClient, db: Database) -> None:
    organisation(db, years=(2024, 2025, 2026))
    for year in (2024, 2025, 2026):
        client.post(
            f"{LIST}/calendar/new",
            data={"year": str(year), "granularity": "month", "days_after": "20"},
        )
    first = client.get(LIST)
    assert len(_rows(first.text)) == 50
    assert f'href="{LIST}?page=2"' in first.text
    last = client.get(LIST, params={"page": "2"})
    assert len(_rows(last.text)) == 22
    assert "Next page" not in last.text


def test_a_request_form_shows_each_problem_beside_its_field(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    refused = client.post(
        f"{LIST}/new",
        data={"entity": "", "year": "2025", "period": "M13", "due_on": "soon", "note": ""},
    )
    assert refused.status_code == 422
    assert reasons(refused.text) == {
        "entity": ["is not a reporting entity"],
        "period": ["must be FY, Q1 to Q4 or M01 to M12"],
        "due_on": ["must be a date such as 2026-04-20"],
    }
    early = client.post(
        f"{LIST}/new",
        data={"entity": "CQ1", "year": "2025", "period": "M03", "due_on": "2025-02-01"},
    )
    assert early.status_code == 422
    assert reasons(early.text) == {"due_on": ["must be after the period starts (2025-03-01)"]}


def test_a_request_page_links_each_missing_value_to_its_entry_form(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    owner = accounts.create_user(db, NewUser("ana@example.com", "Ana", Role.ESG_MANAGER))
    submit(db, "CQ1", "water_consumption", "2024", "100", "m**3")
    submit(db, "CQ1", "electricity_purchased", "2024", "100", "kWh")
    submit(db, "CQ1", "electricity_purchased", "2025-M03", "9", "kWh")
    made = client.post(
        f"{LIST}/new",
        data={
            "entity": "CQ1",
            "year": "2025",
            "period": "M03",
            "due_on": "2025-04-20",
            "assignee": str(owner.id),
            "note": "Bills from the landlord",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Chongqing plant, FY2025 M03 (March 2025)" in text
    assert "Assigned to Ana" in text
    assert "1 of 2 expected metrics are in" in text
    assert "Bills from the landlord" in text
    assert (
        'href="/esg-data/new?entity=CQ1&amp;year=2025&amp;part=M03&amp;metric=water_consumption"'
        in page.text
    )
    listed = client.get(LIST, params={"assignee": str(owner.id)})
    assert "Ana" in _rows(listed.text)[0]


def test_a_request_is_closed_reopened_and_deleted_from_its_page(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    made = esg_requests.create_request(
        db, NewRequest("HK1", 2025, "Q1", TODAY.replace(year=2025, month=4, day=30)), MAKER
    )
    url = f"{LIST}/{made.row.id}"
    client.post(f"{url}/close")
    assert "Closed" in text_of(client.get(url).text)
    assert "Reopen" in client.get(url).text
    client.post(f"{url}/reopen")
    assert esg_requests.get_request(db, made.row.id, TODAY).row.closed_at is None
    gone = client.post(f"{url}/delete", follow_redirects=False)
    assert (gone.status_code, gone.headers["location"]) == (303, LIST)
    assert esg_requests.list_requests(db, RequestQuery(), TODAY).total == 0
    assert client.get(url).status_code == 404


def test_a_viewer_reads_the_calendar_but_cannot_ask_for_data(
    db: Database, client_as: object
) -> None:
    organisation(db)
    esg_requests.create_request(db, NewRequest("HK1", 2025, "FY", TODAY), MAKER)
    viewer = client_as(Role.VIEWER)  # type: ignore[operator]
    page = viewer.get(LIST)
    assert page.status_code == 200
    assert "Hong Kong office" in page.text
    assert 'href="/esg-data/requests/new"' not in page.text
    assert viewer.get(f"{LIST}/new").status_code == 403
