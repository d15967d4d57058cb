"""Planning pages: risk register, scorecard and its weights, training, the code of conduct."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from programme_pages import ACTOR, plain, reasons, record, table_rows, texts

from planning_builders import HIGH, LOW, MEDIUM, supplier
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditType
from supplyesg.domain.periods import Quarter
from supplyesg.domain.training import TrainingFormat, TrainingProgramme
from supplyesg.services import conduct, conduct_files, rating, scorecard, training
from supplyesg.web.deps import get_actor

AS_OF = "2026-11-21"


@pytest.fixture
def staff(client: TestClient, db: Database) -> TestClient:
    """A client acting as one member of staff, with the default code of conduct installed."""
    conduct.install_default_code(db)
    client.app.dependency_overrides[get_actor] = lambda: ACTOR  # type: ignore[attr-defined]
    return client


@pytest.fixture
def audited(staff: TestClient, db: Database) -> None:
    """LOW-1 and MED-1 audited on site in Germany; STEEL-CN, a Chinese steel maker, by desk."""
    supplier(db, "LOW-1")
    supplier(db, "MED-1")
    supplier(db, "STEEL-CN", country="CN", category="steel")
    record(db, "LOW-1", date(2026, 3, 10), LOW, "A-LOW-1")
    record(db, "MED-1", date(2026, 4, 20), MEDIUM, "A-MED-1")
    record(db, "STEEL-CN", date(2026, 2, 1), HIGH, "A-STEEL", AuditType.DESKTOP_REVIEW)


# The risk register


def test_the_register_shows_inherent_audit_and_resulting_risk_with_reasons(
    staff: TestClient, audited: None
) -> None:
    response = staff.get("/risk", params={"as_of": AS_OF})
    assert response.status_code == 200
    rows = {row[0].split()[0]: row for row in table_rows(response.text, "register")}
    assert {code: (row[2], row[4]) for code, row in rows.items()} == {
        "LOW-1": ("Low risk", "Low risk"),
        "MED-1": ("Low risk", "Medium risk"),
        "STEEL-CN": ("Medium risk", "High risk"),
    }
    assert rows["STEEL-CN"][3] == "A-STEEL High risk 2026-02-01 · remote"
    assert (
        "that audit is not on-site, so the higher of it and the inherent medium: high"
        in rows["STEEL-CN"][5]
    )
    assert texts(response.text, "stat-value") == ["3", "1", "1", "1"]


def test_the_register_is_filtered_by_level_and_text(staff: TestClient, audited: None) -> None:
    high = staff.get("/risk", params={"level": "high"}).text
    assert [row[0].split()[0] for row in table_rows(high, "register")] == ["STEEL-CN"]
    found = staff.get("/risk", params={"q": "med"}).text
    assert [row[0].split()[0] for row in table_rows(found, "register")] == ["MED-1"]
    bad = staff.get("/risk", params={"as_of": "tomorrow"})
    assert bad.status_code == 422
    assert reasons(bad.text) == {"as_of": ["must be a date such as 2026-03-15"]}


# The scorecard


def test_the_scorecard_ranks_composites_with_the_esg_rating_in_them(
    staff: TestClient, db: Database, audited: None
) -> None:
    rating.rate_quarter(db, Quarter(2026, 3))
    scores = (
        "supplier_code,quarter,quality,delivery,cost,service\n"
        "LOW-1,2026Q3,90,80,70,60\nMED-1,2026Q3,90,80,70,60\n"
    )
    scorecard.import_file(db, scores.encode(), "scores.csv")
    html = staff.get("/scorecards", params={"quarter": "2026Q3"}).text
    assert [row[:3] + row[-1:] for row in table_rows(html, "scorecard")] == [
        ["1", "LOW-1 LOW-1 Ltd.", "80.50", "100.00"],
        ["2", "MED-1 MED-1 Ltd.", "78.00", "50.00"],
    ]
    assert "In force for 2026Q3: the shipped defaults." in html


def test_an_esg_weight_under_the_minimum_is_refused_beside_its_field(
    staff: TestClient, db: Database
) -> None:
    weights = {
        "components[1].component": "quality",
        "components[1].weight_percent": "35",
        "components[2].component": "delivery",
        "components[2].weight_percent": "30",
        "components[3].component": "cost",
        "components[3].weight_percent": "20",
        "components[4].component": "service",
        "components[4].weight_percent": "14.5",
        "components[5].component": "esg",
        "components[5].weight_percent": "0.5",
        "effective_from": "2027Q1",
    }
    refused = staff.post("/scorecard-weights", data=weights)
    assert refused.status_code == 422
    assert reasons(refused.text) == {
        "components[5].weight_percent": [
            "the ESG weight must be at least 1% of the scorecard (manual section 3)"
        ]
    }
    assert 'value="0.5"' in refused.text
    unreadable = staff.post(
        "/scorecard-weights",
        data={**weights, "components[2].weight_percent": "a lot", "effective_from": "soon"},
    )
    assert reasons(unreadable.text) == {
        "components[2].weight_percent": ["must be a number such as 12.5"],
        "effective_from": ["must be a quarter such as 2026Q1"],
    }
    weights |= {"components[4].weight_percent": "10", "components[5].weight_percent": "5"}
    weights |= {"components[6].component": "", "components[6].weight_percent": ""}
    saved = staff.post("/scorecard-weights", data=weights)
    assert saved.status_code == 200
    assert "Scorecard weights saved from 2027Q1." in saved.text
    assert "In force for 2027Q1: saved from 2027Q1." in saved.text
    assert scorecard.weights_for(db, Quarter(2027, 2)).effective_from == Quarter(2027, 1)


# Training


def test_a_training_is_scheduled_and_suppliers_who_need_it_are_proposed(
    staff: TestClient, audited: None
) -> None:
    refused = staff.post("/training", data={"topic": " ", "format": "workshop", "held_on": ""})
    assert refused.status_code == 422
    assert reasons(refused.text) == {"held_on": ["is required"]}
    refused = staff.post(
        "/training", data={"topic": "", "format": "workshop", "held_on": "2099-03-01"}
    )
    assert reasons(refused.text) == {"topic": ["is required"]}
    created = staff.post(
        "/training",
        data={"topic": "Labour rights basics", "format": "workshop", "held_on": "2099-03-01"},
        follow_redirects=False,
    )
    assert created.status_code == 303
    url = created.headers["location"]
    proposed = staff.post(f"{url}/proposals")
    assert "1 suppliers proposed." in proposed.text
    rows = table_rows(proposed.text, "assignments")
    assert [row[:2] for row in rows] == [["STEEL-CN STEEL-CN Ltd.", "Proposed"]]
    assert "its audit of 2026-02-01 was not accepted" in rows[0][2]
    assert rows[0][3] == "HS-02, LAB-01"  # a general training answers every open finding
    assert "Assigned" in rows[0][4]
    assigned = staff.post(f"{url}/assignments", data={"supplier_code": "STEEL-CN"})
    assert [row[1] for row in table_rows(assigned.text, "assignments")] == ["Assigned"]
    unknown = staff.post(f"{url}/assignments", data={"supplier_code": "NOPE"})
    assert unknown.status_code == 422
    assert reasons(unknown.text) == {"supplier_code": ["no supplier has this code"]}


def test_attendance_and_completion_are_recorded_after_the_training_day(
    staff: TestClient, db: Database, audited: None
) -> None:
    held = training.create_programme(
        db, TrainingProgramme("Fire safety", TrainingFormat.ON_SITE, date(2026, 6, 1)), ACTOR
    )
    assignment = training.assign(db, held.id, "MED-1", ACTOR)
    url = f"/training/assignments/{assignment.id}/status"
    early = staff.post(
        url, data={"programme_id": held.id, "status": "attended", "on": "2026-05-31"}
    )
    assert early.status_code == 422
    assert "attended can only be recorded on or after the training day 2026-06-01" in plain(
        early.text
    )
    staff.post(url, data={"programme_id": held.id, "status": "attended", "on": "2026-06-01"})
    done = staff.post(
        url, data={"programme_id": held.id, "status": "completed", "on": "2026-06-15"}
    )
    assert "MED-1: completed." in done.text
    assert "1 of 1 completed" in plain(done.text)
    listed = table_rows(staff.get("/training").text, "trainings")
    assert [row[1:] for row in listed] == [["Fire safety", "On site", "General", "0", "1", "1 / 1"]]


def test_a_training_on_code_sections_is_proposed_by_open_findings_in_them(
    staff: TestClient, audited: None
) -> None:
    created = staff.post(
        "/training",
        data={
            "topic": "Fire safety and drills",
            "format": "workshop",
            "held_on": "2099-03-01",
            "section_health_and_safety": "on",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    url = created.headers["location"]
    page = staff.get(url).text
    assert "Code sections: Health and safety" in plain(page)
    proposed = staff.post(f"{url}/proposals")
    assert "2 suppliers proposed." in proposed.text
    rows = table_rows(proposed.text, "assignments")
    # STEEL-CN (HS-02, LAB-01) and MED-1 (HS-01, LAB-03, LAB-04, ENV-01) have open
    # health-and-safety findings; LOW-1's only finding (ENV-07) is environmental
    assert [(row[0], row[3]) for row in rows] == [
        ("MED-1 MED-1 Ltd.", "HS-01"),
        ("STEEL-CN STEEL-CN Ltd.", "HS-02"),
    ]
    assert rows[1][2].startswith("open findings in health and safety: HS-02")
    listed = table_rows(staff.get("/training").text, "trainings")
    assert [row[1:4] for row in listed] == [
        ["Fire safety and drills", "Workshop", "Health and safety"]
    ]


def test_a_refused_programme_keeps_its_ticked_sections(staff: TestClient) -> None:
    refused = staff.post(
        "/training",
        data={
            "topic": "",
            "format": "workshop",
            "held_on": "2099-03-01",
            "section_labour_and_human_rights": "on",
        },
    )
    assert refused.status_code == 422
    assert 'name="section_labour_and_human_rights" value="on" checked' in refused.text
    assert 'name="section_environment" value="on">' in refused.text


# The code of conduct


def test_the_code_in_effect_is_shown_by_pillar_with_weights_and_zero_tolerance(
    staff: TestClient,
) -> None:
    html = staff.get("/code-of-conduct").text
    assert "Version 2026" in html
    assert texts(html, "badge in-effect")[0] == "In effect"
    rows = [row for n in range(4) for row in table_rows(html, "requirements", n)]
    assert len(rows) == 32
    assert rows[8][0] == "LAB-01 Zero tolerance"
    assert html.count('<span class="badge zero-tolerance">') == 4
    assert 'href="/api/v1/code-of-conduct/2026/export.xlsx"' in html


def test_a_new_version_is_imported_and_a_repeated_one_refused(staff: TestClient) -> None:
    text = conduct_files.DEFAULT_CODE.read_text(encoding="utf-8")
    new = text.replace('version: "2026"', 'version: "2027"').replace(
        "effective_from: 2026-01-01", "effective_from: 2099-01-01"
    )
    files = {"file": ("code-2027.yaml", new.encode(), "application/yaml")}
    imported = staff.post("/code-of-conduct/import", files=files)
    assert imported.status_code == 200
    assert "Version 2027 of the code of conduct imported." in imported.text
    assert "effective from 2099-01-01" in plain(imported.text)
    again = staff.post("/code-of-conduct/import", files=files)
    assert again.status_code == 422
    assert "version: is already used; give the new text a new version" in plain(again.text)
    assert texts(staff.get("/code-of-conduct").text, "badge version") == ["Version 2026"]


def test_a_bad_code_file_lists_its_problems_by_row(staff: TestClient) -> None:
    sheet = "id,pillar,text,weight,zero_tolerance\nENV-01,environment,Permits,0,no\n"
    bad = staff.post(
        "/code-of-conduct/import", files={"file": ("code.csv", sheet.encode(), "text/csv")}
    )
    assert bad.status_code == 422
    assert "Row " in plain(bad.text)
    nothing = staff.post("/code-of-conduct/import", data={"x": "1"}, files={})
    assert reasons(nothing.text) == {"file": ["choose a file to import"]}


def test_an_unknown_version_is_a_404(staff: TestClient) -> None:
    assert staff.get("/code-of-conduct/1999").status_code == 404
