"""ESG data pages: entering a value, the grid of an entity's year, and maker-checker review."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from esg_builders import CHECKER, MAKER, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.submissions import ReviewAction, ReviewStatus
from supplyesg.services import esg_data, esg_views
from supplyesg.web.deps import get_actor, get_person

D = Decimal
ENTRY = {
    "entity": "CQ1",
    "year": "2025",
    "part": "M03",
    "metric": "electricity_purchased",
    "value": "3.6",
    "unit": "GJ",
    "breakdown": "",
    "source_note": "March bill of the grid company",
    "evidence": "bills/2025-03.pdf",
}
STAFF = "mei.chen@example.com"


@pytest.fixture
def staff(client: TestClient, db: Database) -> TestClient:
    """A client acting as one member of ESG staff, over the test organisation."""
    organisation(db)
    overrides = client.app.dependency_overrides  # type: ignore[attr-defined]
    overrides[get_actor] = lambda: STAFF
    overrides[get_person] = lambda: Person(STAFF)
    return client


def reasons(html: str) -> dict[str, list[str]]:
    """The reasons shown beside each field, by field name."""
    found: dict[str, list[str]] = {}
    for name, reason in re.findall(r'<p class="field-error" id="err-([^"]+)">([^<]+)</p>', html):
        found.setdefault(name, []).append(reason.replace("&#39;", "'"))
    return found


def text_of(html: str) -> str:
    """The page's text, tags stripped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def only_value(db: Database) -> esg_data.ValueRecord:
    page = esg_data.list_values(db)
    assert len(page.items) == 1
    return page.items[0]


# Entering a value


def test_the_entry_form_offers_the_metrics_by_hkex_aspect(staff: TestClient) -> None:
    response = staff.get("/esg-data/new")
    assert response.status_code == 200
    groups = re.findall(r'<optgroup label="([^"]+)">', response.text)
    assert groups[:3] == ["A1 Emissions", "A2 Use of resources", "B1 Employment"]
    assert "Normalisers (what intensities divide by)" in groups
    assert '<option value="CQ1">— — Chongqing plant (CQ1)</option>' in response.text
    assert '<option value="2025" selected>FY2025</option>' in response.text
    assert '<option value="M03">March 2025</option>' in response.text


def test_the_metric_picked_brings_its_units_and_breakdowns(staff: TestClient) -> None:
    electricity = staff.get("/esg-data/new/fields", params={"metric": "electricity_purchased"})
    assert electricity.status_code == 200
    units = re.findall(r'<option value="([^"]+)">', electricity.text)
    assert units == ["kWh", "MWh", "GWh", "MJ", "GJ", "TJ"]
    assert 'name="unit" value="kWh"' in electricity.text
    assert "This metric has no breakdown." in electricity.text

    workforce = staff.get("/esg-data/new/fields", params={"metric": "workforce"})
    assert re.findall(r'<optgroup label="([^"]+)">', workforce.text)[:2] == [
        "Gender · asked for by the KPI",
        "Employment type · asked for by the KPI",
    ]
    assert '<option value="gender=female">Gender: Female</option>' in workforce.text
    assert "the last month entered stands for the year" in workforce.text


def test_a_value_entered_in_gj_is_stored_in_kwh_and_waits_for_review(
    staff: TestClient, db: Database
) -> None:
    response = staff.post("/esg-data/new", data=ENTRY, follow_redirects=False)
    assert response.status_code == 303
    stored = only_value(db)
    assert response.headers["location"] == f"/esg-data/values/{stored.row.id}"
    assert (stored.entity, stored.row.slice, stored.row.status) == ("CQ1", "M03", "submitted")
    assert (stored.row.value, stored.row.unit) == (D("1000"), "kWh")  # 3.6 GJ is 1,000 kWh
    assert (stored.row.entered_value, stored.row.entered_unit) == (D("3.6"), "GJ")
    assert stored.row.submitted_by == STAFF

    page = staff.get(response.headers["location"])
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "electricity_purchased of CQ1 for 2025-M03 submitted for review." in shown
    assert "Value 1,000 kWh As entered 3.6 GJ" in shown
    assert "FY2025 · March 2025" in shown
    assert "March bill of the grid company" in shown
    assert "bills/2025-03.pdf" in shown


def test_litres_of_electricity_are_refused_beside_the_unit_and_what_was_typed_stays(
    staff: TestClient, db: Database
) -> None:
    response = staff.post("/esg-data/new", data={**ENTRY, "value": "1200", "unit": "L"})
    assert response.status_code == 422
    assert reasons(response.text) == {
        "unit": [
            "L measures a volume, but the value must be an energy in kWh (electricity_purchased)"
        ]
    }
    assert 'id="f-value" name="value" value="1200"' in response.text
    assert 'name="unit" value="L"' in response.text
    assert '<option value="M03" selected>' in response.text
    assert '<option value="electricity_purchased" selected>' in response.text
    assert "March bill of the grid company</textarea>" in response.text
    assert esg_data.list_values(db).items == []


def test_every_problem_of_an_entry_is_shown_beside_its_field(staff: TestClient) -> None:
    typed = {**ENTRY, "entity": "", "metric": "workforce", "value": "12.5", "unit": "person"}
    response = staff.post("/esg-data/new", data={**typed, "breakdown": "gender=robot"})
    assert response.status_code == 422
    found = reasons(response.text)
    assert found["entity"] == ["is not a reporting entity"]
    assert found["value"] == ["Total workforce is counted in whole numbers"]
    assert found["breakdown"] == ["'robot' is not a gender (one of: female, male)"]


def test_submit_and_enter_another_comes_back_with_the_same_choices(
    staff: TestClient, db: Database
) -> None:
    response = staff.post(
        "/esg-data/new", data={**ENTRY, "then": "another"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/esg-data/new?entity=CQ1&year=2025&part=M03&metric=electricity_purchased"
    )
    form = staff.get(response.headers["location"])
    assert '<option value="CQ1" selected>' in form.text
    assert 'name="unit" value="kWh"' in form.text
    assert 'id="f-value" name="value" value=""' in form.text
    assert only_value(db).row.value == D("1000")


def test_an_approved_value_cannot_be_entered_again(staff: TestClient, db: Database) -> None:
    value_id = submit(db, "CQ1", "electricity_purchased", "2025-M03", "1000", "kWh")
    esg_data.review_value(db, value_id, ReviewAction.APPROVE, CHECKER)
    response = staff.post("/esg-data/new", data=ENTRY)
    assert response.status_code == 422
    assert "the value is approved and locked; a checker must reopen it first" in response.text
    assert esg_data.get_value(db, value_id).row.value == D("1000")


def test_a_viewer_sees_the_data_but_not_the_entry_form(db: Database, client_as: object) -> None:
    organisation(db)
    viewer = client_as(Role.VIEWER)  # type: ignore[operator]
    grid = viewer.get("/esg-data")
    assert grid.status_code == 200
    assert 'href="/esg-data/new' not in grid.text
    assert viewer.get("/esg-data/new").status_code == 403


# The grid


def monthly_electricity(db: Database) -> dict[str, int]:
    """January to March 2025 at the Chongqing plant, January approved; and its yearly NOx."""
    ids = {
        f"M{m:02d}": submit(db, "CQ1", "electricity_purchased", f"2025-M{m:02d}", kwh, "kWh")
        for m, kwh in ((1, "1000"), (2, "2000.5"), (3, "3000"))
    }
    esg_data.review_value(db, ids["M01"], ReviewAction.APPROVE, CHECKER)
    ids["FY"] = submit(db, "CQ1", "nox_emissions", "2025", "11.2", "t")
    return ids


def grid_rows(html: str) -> dict[str, list[str]]:
    """Each row of the grid: its label, then the text of each cell."""
    rows: dict[str, list[str]] = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\"(.*?)</tr>", html, re.S):
        label, _, cells = row.partition("</th>")
        values = [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        rows[text_of(label.split(">", 1)[1])] = values
    return rows


def test_the_grid_shows_an_entitys_values_by_month_with_their_status(
    staff: TestClient, db: Database
) -> None:
    ids = monthly_electricity(db)
    response = staff.get("/esg-data", params={"entity": "CQ1", "year": "2025"})
    assert response.status_code == 200
    headers = re.findall(r'<th scope="col" class="num[^"]*" title="([^"]+)"', response.text)
    assert headers[:3] == ["Year", "January 2025", "February 2025"]
    rows = grid_rows(response.text)
    own = esg_data.year_figures(db, 2025, "CQ1").own["electricity_purchased"]["CQ1"][None]
    assert own == D("6000.5")  # the year as the roll-up rule makes it
    electricity = rows["Purchased electricity"]
    assert electricity[:5] == ["kWh", "6,000.5", "1,000 (Approved)", "2,000.5 (Submitted)",
                               "3,000 (Submitted)"]  # fmt: skip
    assert rows["Nitrogen oxides (NOx)"][:3] == ["t", "11.2 (Submitted)", ""]
    assert f'<td class="num cell st-approved"><a href="/esg-data/values/{ids["M01"]}"' in (
        re.sub(r"\s+", " ", response.text).replace("> <a", "><a")
    )
    assert "4 values · Chongqing plant · FY2025" in text_of(response.text)


def test_the_grid_filters_by_status_and_aspect_with_htmx(staff: TestClient, db: Database) -> None:
    monthly_electricity(db)
    response = staff.get(
        "/esg-data",
        params={"entity": "CQ1", "year": "2025", "status": "approved"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.headers["HX-Push-Url"] == "/esg-data?entity=CQ1&year=2025&status=approved"
    assert list(grid_rows(response.text)) == ["Purchased electricity"]
    assert "1 value · Chongqing plant" in text_of(response.text)

    a1_only = staff.get("/esg-data", params={"entity": "CQ1", "year": "2025", "aspect": "A1"})
    assert list(grid_rows(a1_only.text)) == ["Nitrogen oxides (NOx)"]


def test_parts_entered_without_their_total_show_the_total_they_make(
    staff: TestClient, db: Database
) -> None:
    submit(db, "CQ1", "workforce", "2025", "40", "person", "gender=female")
    submit(db, "CQ1", "workforce", "2025", "60", "person", "gender=male")
    rows = grid_rows(staff.get("/esg-data", params={"entity": "CQ1", "year": "2025"}).text)
    assert rows["Total workforce"] == ["person", "100"]
    assert rows["Gender: Female"] == ["person", "40 (Submitted)"]


def test_an_entity_without_values_of_its_own_says_where_its_figures_come_from(
    staff: TestClient, db: Database
) -> None:
    monthly_electricity(db)
    response = staff.get("/esg-data", params={"entity": "GRP", "year": "2025"})
    assert response.status_code == 200
    shown = text_of(response.text)
    assert "No value entered at Qilin Trucks Group for FY2025." in shown
    assert "its figures roll up from the sites beneath it" in shown


def test_without_entities_the_pages_say_how_to_set_them_up(client: TestClient) -> None:
    for path in ("/esg-data", "/esg-data/new", "/esg-data/figures", "/esg-data/quality"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "No reporting entities or financial years yet." in response.text, path


# Review


def test_the_queue_lists_what_waits_and_approving_locks_the_value(
    staff: TestClient, db: Database
) -> None:
    value_id = submit(db, "CQ1", "electricity_purchased", "2025-M01", "1000", "kWh")
    queue = staff.get("/esg-data/review")
    assert queue.status_code == 200
    shown = text_of(queue.text)
    assert "1 value waiting" in shown
    assert f"CQ1 Purchased electricity FY2025 · January 2025 1,000 kWh {MAKER}" in shown

    response = staff.post(
        f"/esg-data/values/{value_id}/approve",
        data={"next": "/esg-data/review"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/esg-data/review"
    assert esg_data.get_value(db, value_id).row.status == ReviewStatus.APPROVED
    after = staff.get("/esg-data/review")
    assert "Value approved and locked." in after.text
    assert "Nothing waits for review." in after.text


def test_returning_needs_a_comment_shown_beside_it(staff: TestClient, db: Database) -> None:
    value_id = submit(db, "CQ1", "electricity_purchased", "2025-M01", "1000", "kWh")
    response = staff.post(f"/esg-data/values/{value_id}/return", data={"comment": "  "})
    assert response.status_code == 422
    assert reasons(response.text) == {"comment": ["a comment is required to return a value"]}
    assert esg_data.get_value(db, value_id).row.status == ReviewStatus.SUBMITTED


def test_a_returned_value_is_corrected_and_its_history_tells_every_step(
    staff: TestClient, db: Database
) -> None:
    value_id = submit(db, "CQ1", "electricity_purchased", "2025-M03", "1000", "kWh")
    returned = staff.post(
        f"/esg-data/values/{value_id}/return",
        data={"comment": "The bill says 1,100 kWh", "next": "/esg-data/review"},
        follow_redirects=False,
    )
    assert returned.status_code == 303
    assert esg_data.get_value(db, value_id).row.status == ReviewStatus.RETURNED
    queue = staff.get("/esg-data/review")
    assert "Nothing waits for review." in queue.text
    back = text_of(queue.text.split('id="returned-title"')[1])
    assert "CQ1 Purchased electricity FY2025 · March 2025 1,000 kWh The bill says 1,100 kWh" in back
    assert f'href="/esg-data/new?correct={value_id}"' in queue.text

    form = staff.get(f"/esg-data/new?correct={value_id}")
    assert 'id="f-value" name="value" value="1000"' in form.text
    assert '<option value="M03" selected>' in form.text
    corrected = staff.post("/esg-data/new", data={**ENTRY, "value": "1100", "unit": "kWh"})
    assert corrected.status_code == 200  # followed to the value page
    assert esg_data.get_value(db, value_id).row.value == D("1100")

    rows = re.findall(r"<tr>(.*?)</tr>", corrected.text.split('id="history-title"')[1], re.S)
    history = [text_of(row) for row in rows[1:]]
    assert len(history) == 3
    assert history[0].endswith(f"{MAKER} Submit new 1,000 kWh Submitted")
    assert history[1].endswith(
        f"{STAFF} Return 1,000 kWh Submitted 1,000 kWh Returned The bill says 1,100 kWh"
    )
    assert history[2].endswith(f"{STAFF} Submit 1,000 kWh Returned 1,100 kWh Submitted")


def test_nobody_approves_a_value_they_submitted(staff: TestClient, db: Database) -> None:
    staff.post("/esg-data/new", data=ENTRY)
    value_id = only_value(db).row.id
    response = staff.post(f"/esg-data/values/{value_id}/approve", data={})
    assert response.status_code == 422
    assert "the person who submitted a value cannot approve it" in response.text
    assert esg_data.get_value(db, value_id).row.status == ReviewStatus.SUBMITTED


def test_an_approved_value_is_reopened_with_a_reason(staff: TestClient, db: Database) -> None:
    value_id = submit(db, "CQ1", "electricity_purchased", "2025-M01", "1000", "kWh")
    esg_data.review_value(db, value_id, ReviewAction.APPROVE, CHECKER)
    page = staff.get(f"/esg-data/values/{value_id}")
    assert "Approved · locked" in page.text
    assert ">Reopen</button>" in page.text
    refused = staff.post(f"/esg-data/values/{value_id}/reopen", data={"comment": ""})
    assert reasons(refused.text) == {"comment": ["a comment is required to reopen a value"]}
    staff.post(f"/esg-data/values/{value_id}/reopen", data={"comment": "Meter recalibrated"})
    assert esg_data.get_value(db, value_id).row.status == ReviewStatus.RETURNED


def test_the_values_ticked_are_approved_together_or_not_at_all(
    staff: TestClient, db: Database
) -> None:
    first = submit(db, "CQ1", "electricity_purchased", "2025-M01", "1000", "kWh")
    second = submit(db, "CQ1", "electricity_purchased", "2025-M02", "1000", "kWh")
    staff.post("/esg-data/new", data=ENTRY)
    own = next(r.row.id for r in esg_data.list_values(db).items if r.row.submitted_by == STAFF)

    refused = staff.post("/esg-data/review/approve", data={"ids": [first, own]})
    assert refused.status_code == 422
    assert f"values[{own}].actor: the person who submitted a value cannot approve it" in (
        refused.text
    )
    assert esg_data.get_value(db, first).row.status == ReviewStatus.SUBMITTED

    response = staff.post(
        "/esg-data/review/approve",
        data={"ids": [first, second], "next": "/esg-data/review?year=2025"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/esg-data/review?year=2025"
    statuses = {esg_data.get_value(db, i).row.status for i in (first, second)}
    assert statuses == {ReviewStatus.APPROVED}


def test_only_esg_pages_are_followed_after_a_decision(staff: TestClient, db: Database) -> None:
    value_id = submit(db, "CQ1", "electricity_purchased", "2025-M01", "1000", "kWh")
    response = staff.post(
        f"/esg-data/values/{value_id}/approve",
        data={"next": "https://elsewhere.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/esg-data/values/{value_id}"


def test_an_unknown_value_is_a_404_page(staff: TestClient) -> None:
    response = staff.get("/esg-data/values/999999")
    assert response.status_code == 404
    assert "There is no value with id 999999." in response.text


def test_the_review_list_pages_through_what_waits_by_import(db: Database) -> None:
    organisation(db)
    ids = [
        submit(db, "CQ1", "electricity_purchased", f"2025-M{m:02d}", "1000", "kWh")
        for m in (1, 2, 3)
    ]
    esg_data.review_value(db, ids[2], ReviewAction.RETURN, CHECKER, "Check the meter")
    first = esg_views.review_list(db, ReviewStatus.SUBMITTED, limit=1)
    assert ([r.row.id for r in first.items], first.matching, first.total) == ([ids[0]], 2, 2)
    rest = esg_views.review_list(db, ReviewStatus.SUBMITTED, after=first.next_after, limit=1)
    assert ([r.row.id for r in rest.items], rest.next_after) == ([ids[1]], None)
    returned = esg_views.review_list(db, ReviewStatus.RETURNED, 2025, "CQ1")
    assert [r.row.review_comment for r in returned.items] == ["Check the meter"]
    assert esg_views.review_list(db, ReviewStatus.SUBMITTED, import_id=1).matching == 0
