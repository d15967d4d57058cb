"""ESG import page: a file with bad rows shows every problem and writes nothing; a good one
is imported and waits for review, and can be approved in one go."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import xlsxwriter
from fastapi.testclient import TestClient

from esg_builders import organisation
from supplyesg.db.session import Database
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.services import esg_data, esg_views
from supplyesg.web.deps import get_actor, get_person

IMPORTER = "li.na@example.com"
GOOD = (
    "entity,metric,period,value,unit,breakdown,source_note,evidence\n"
    "CQ1,electricity_purchased,2025-01,1200,MWh,,January bill,bills/2025-01.pdf\n"
    "CQ1,electricity_purchased,2025-02,1150000,kWh,,February bill,bills/2025-02.pdf\n"
    "CQ1,workforce,2025,40,person,gender=female,HR system,\n"
    "CQ1,workforce,2025,60,person,gender=male,HR system,\n"
)
BAD = (
    "entity,metric,period,value,unit,breakdown\n"
    "CQ1,electricity_purchased,2025-01,1200,MWh,\n"
    "XX9,electricity_purchased,2025-02,1150000,kWh,\n"
    "CQ1,electricity_purchased,2025-03,900,L,\n"
    "CQ1,workforce,2025-13,40,person,gender=robot\n"
)


@pytest.fixture
def importer(client: TestClient, db: Database) -> TestClient:
    """A client acting as the person who imports, over the test organisation."""
    organisation(db)
    overrides = client.app.dependency_overrides  # type: ignore[attr-defined]
    overrides[get_actor] = lambda: IMPORTER
    overrides[get_person] = lambda: Person(IMPORTER)
    return client


def upload(client: TestClient, name: str, content: bytes, **kwargs: object) -> object:
    return client.post("/esg-data/imports/new", files={"file": (name, content)}, **kwargs)


def problem_rows(html: str) -> list[list[str]]:
    """The cells of each row of the problem table."""
    table = html.split('<table class="data problems">', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def text(html: str) -> str:
    """The text of some HTML, tags stripped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_import_page_lists_the_columns_of_a_file(importer: TestClient) -> None:
    response = importer.get("/esg-data/imports/new")
    assert response.status_code == 200
    columns = re.findall(r"<dt><code>([a-z_]+)</code>", response.text)
    assert columns == [
        "entity", "metric", "period", "value", "unit", "breakdown", "source_note", "evidence",
    ]  # fmt: skip
    assert 'enctype="multipart/form-data"' in response.text


def test_a_file_with_bad_rows_shows_every_problem_and_writes_nothing(
    importer: TestClient, db: Database
) -> None:
    response = upload(importer, "march.csv", BAD.encode())
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert "march.csv was not imported" in html
    assert "Nothing was written." in html
    assert problem_rows(html) == [
        ["3", "entity", "XX9", "is not a reporting entity"],
        ["4", "unit", "L",
         "L measures a volume, but the value must be an energy in kWh (electricity_purchased)"],
        ["5", "breakdown", "gender=robot", "'robot' is not a gender (one of: female, male)"],
        ["5", "period", "2025-13", "the month must be 01 to 12"],
    ]  # fmt: skip
    assert "4 problems" in html
    assert esg_views.all_values(db) == []


def test_a_file_of_neither_csv_nor_xlsx_is_refused_beside_the_file_field(
    importer: TestClient, db: Database
) -> None:
    response = upload(importer, "values.txt", GOOD.encode())
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert '<p class="field-error" id="err-file">must end in .csv or .xlsx</p>' in (
        response.text  # type: ignore[attr-defined]
    )
    nothing = importer.post("/esg-data/imports/new", files={})
    assert nothing.status_code == 422
    assert "choose a .csv or .xlsx file" in nothing.text
    assert esg_views.all_values(db) == []


def test_a_good_file_is_imported_counted_and_waits_for_review(
    importer: TestClient, db: Database
) -> None:
    response = upload(importer, "jan-feb.csv", GOOD.encode(), follow_redirects=False)
    assert response.status_code == 303  # type: ignore[attr-defined]
    values = esg_views.all_values(db)
    import_id = values[0].row.import_id
    assert response.headers["location"] == f"/esg-data/review?import_id={import_id}"  # type: ignore[attr-defined]
    assert {r.row.status for r in values} == {ReviewStatus.SUBMITTED}
    kwh = sorted(r.row.value for r in values if r.row.metric == "electricity_purchased")
    assert kwh == [Decimal("1150000"), Decimal("1200000")]  # 1,200 MWh is 1,200,000 kWh

    queue = importer.get(response.headers["location"])  # type: ignore[attr-defined]
    shown = text(queue.text)
    assert (
        "jan-feb.csv imported: 4 rows, 4 new values, 0 changed, 0 unchanged. "
        "They now wait for a checker. Text encoding: utf-8."
    ) in shown
    assert f"Import {import_id} 4 values waiting Approve all 4" in shown


def test_the_message_after_an_import_names_the_text_encoding_of_the_file(
    importer: TestClient,
) -> None:
    response = upload(importer, "utf16.csv", GOOD.encode("utf-16"), follow_redirects=False)
    assert response.status_code == 303  # type: ignore[attr-defined]
    queue = importer.get(response.headers["location"])  # type: ignore[attr-defined]
    assert "0 unchanged. They now wait for a checker. Text encoding: utf-16." in text(queue.text)


def test_an_xlsx_file_is_read_like_a_csv(importer: TestClient, db: Database) -> None:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        sheet = book.add_worksheet()
        for row, line in enumerate(GOOD.splitlines()):
            sheet.write_row(row, 0, line.split(","))
    response = upload(importer, "values.xlsx", buffer.getvalue(), follow_redirects=False)
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert len(esg_views.all_values(db)) == 4


def test_an_import_is_approved_in_one_go_by_someone_else(
    importer: TestClient, db: Database
) -> None:
    upload(importer, "jan-feb.csv", GOOD.encode())
    import_id = esg_views.all_values(db)[0].row.import_id

    refused = importer.post(f"/esg-data/imports/{import_id}/approve")
    assert refused.status_code == 200  # back to the queue, with the reason
    assert "Some values cannot be approved; none was." in refused.text
    assert "the person who submitted a value cannot approve it" in refused.text
    assert esg_views.review_list(db, ReviewStatus.SUBMITTED).imports == [(import_id, 4)]

    overrides = importer.app.dependency_overrides  # type: ignore[attr-defined]
    overrides[get_actor] = lambda: "wang.jun@example.com"
    overrides[get_person] = lambda: Person("wang.jun@example.com")
    approved = importer.post(f"/esg-data/imports/{import_id}/approve")
    assert f"4 values of import {import_id} approved." in approved.text
    assert {r.row.status for r in esg_views.all_values(db)} == {ReviewStatus.APPROVED}
    assert esg_data.status_counts(db, 2025) == {"approved": 4}
