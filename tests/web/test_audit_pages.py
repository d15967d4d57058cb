"""Audit pages: the filtered list, recording an audit step by step, the detail, corrections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from programme_pages import ACTOR, plain, reasons, record, table_rows, texts

from planning_builders import HIGH, LOW, MEDIUM, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.audits import AuditType
from supplyesg.services import audits, conduct
from supplyesg.web.deps import get_actor

TODAY = date(2026, 11, 21)


@pytest.fixture
def staff(client_as: Callable[..., TestClient], db: Database) -> TestClient:
    """A client acting as one member of staff on TODAY, with the default code of conduct."""
    conduct.install_default_code(db)
    client = client_as(Role.ADMIN, clock=FixedClock.on(TODAY))
    client.app.dependency_overrides[get_actor] = lambda: ACTOR  # type: ignore[attr-defined]
    return client


@pytest.fixture
def audited(staff: TestClient, db: Database) -> None:
    """Three suppliers audited in 2026 (low, medium, high risk) and one in 2025 by desktop."""
    for code in ("AXL-1", "CAB-1", "ELE-1"):
        supplier(db, code)
    record(db, "AXL-1", date(2026, 3, 10), LOW, "A-LOW")
    record(db, "CAB-1", date(2026, 4, 20), MEDIUM, "A-MEDIUM")
    record(db, "ELE-1", date(2026, 5, 5), HIGH, "A-HIGH")
    record(db, "AXL-1", date(2025, 3, 1), {}, "A-2025", AuditType.DESKTOP_REVIEW)


def listed(html: str) -> list[str]:
    return [row[0].split()[0] for row in table_rows(html, "audits")]


# The list


def test_the_audit_list_says_how_to_start_when_there_is_none(staff: TestClient) -> None:
    response = staff.get("/audits")
    assert response.status_code == 200
    assert "No audits yet." in response.text
    assert 'href="/audits/new"' in response.text


def test_the_audit_list_shows_scores_risks_and_outcomes_in_reference_order(
    staff: TestClient, audited: None
) -> None:
    html = staff.get("/audits").text
    assert texts(html, "result-count") == ["4 audits"]
    rows = {row[0]: row for row in table_rows(html, "audits")}
    assert list(rows) == ["A-2025", "A-HIGH", "A-LOW", "A-MEDIUM"]
    assert rows["A-LOW"][3:8] == ["2026-03-10", "Completed", "99.12", "Low risk", "Accepted"]
    assert rows["A-MEDIUM"][5:8] == ["84.21", "Medium risk", "Conditionally accepted"]
    assert rows["A-HIGH"][6:9] == ["High risk", "Not accepted", "2"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"supplier": "AXL-1"}, ["A-2025", "A-LOW"]),
        ({"audit_type": "desktop_review"}, ["A-2025"]),
        ({"risk_level": "high"}, ["A-HIGH"]),
        ({"year": "2025"}, ["A-2025"]),
        ({"year": "2026", "supplier": "AXL-1"}, ["A-LOW"]),
        ({"status": "draft"}, []),
    ],
)
def test_filters_narrow_the_audit_list(
    staff: TestClient, audited: None, params: dict[str, str], expected: list[str]
) -> None:
    html = staff.get("/audits", params=params).text
    if expected:
        assert listed(html) == expected
    else:
        assert "No audit matches these filters." in html


def test_an_unknown_supplier_code_in_the_filter_is_said_so(
    staff: TestClient, audited: None
) -> None:
    html = staff.get("/audits", params={"supplier": "NOPE"}).text
    assert "No supplier has the code NOPE." in html


def test_htmx_gets_only_the_audit_table_and_a_clean_address(
    staff: TestClient, audited: None
) -> None:
    response = staff.get(
        "/audits?supplier=&audit_type=&status=&risk_level=high&year=",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert listed(response.text) == ["A-HIGH"]
    assert response.headers["HX-Push-Url"] == "/audits?risk_level=high"


# Recording an audit


def test_recording_an_audit_goes_from_details_to_findings_to_completion(
    staff: TestClient, db: Database
) -> None:
    supplier(db, "AXL-1")
    form = staff.get("/audits/new?supplier=AXL-1")
    assert form.status_code == 200
    assert 'value="AXL-1"' in form.text
    assert '<option value="2026" selected>' in form.text
    details = {
        "supplier": "AXL-1",
        "code_version": "2026",
        "reference": "AUD-T-1",
        "audit_type": "on_site_announced",
        "auditor": "Li Na",
        "started_on": "2026-05-04",
        "ended_on": "2026-05-06",
        "sites": "Plant 1\nPlant 2\n",
    }
    created = staff.post("/audits/new", data=details, follow_redirects=False)
    assert created.status_code == 303
    assert created.headers["location"] == "/audits/AUD-T-1/findings"
    page = staff.get("/audits/AUD-T-1/findings").text
    assert "Draft audit AUD-T-1 saved: record its findings." in page
    assert page.count('name="verdict.') == 32

    code = conduct.get_code(db, "2026")
    verdicts = {f"verdict.{r.id}": "conforming" for r in code.requirements}
    verdicts |= {"verdict.HS-01": "major", "notes.HS-01": "Blocked fire exit in hall B"}
    verdicts |= {"evidence.HS-01": "photo-hall-b.jpg\nsketch.pdf"}
    done = staff.post(
        "/audits/AUD-T-1/findings", data={**verdicts, "action": "complete"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/audits/AUD-T-1"
    detail = staff.get("/audits/AUD-T-1").text
    assert "Audit AUD-T-1 completed: Low risk, accepted." in detail
    assert "Blocked fire exit in hall B" in detail
    assert "photo-hall-b.jpg" in detail
    stored = audits.get_audit(db, "AUD-T-1")
    assert (stored.status, stored.sites, str(stored.score)) == (
        "completed",
        ["Plant 1", "Plant 2"],
        "96.49",
    )
    assert texts(detail, "big-score") == ["96.49 / 100"]


def test_details_refused_show_their_reasons_beside_the_fields(
    staff: TestClient, db: Database
) -> None:
    supplier(db, "AXL-1")
    form = {
        "supplier": "NOPE",
        "code_version": "2026",
        "audit_type": "",
        "auditor": "Li Na",
        "started_on": "2026-13-01",
        "ended_on": "",
    }
    response = staff.post("/audits/new", data=form)
    assert response.status_code == 422
    assert reasons(response.text) == {"supplier": ["no supplier has this code"]}
    form["supplier"] = "AXL-1"
    response = staff.post("/audits/new", data=form)
    assert reasons(response.text) == {
        "audit_type": ["choose how the audit was carried out"],
        "started_on": ["must be a date such as 2026-03-15"],
        "ended_on": ["is required"],
    }
    form |= {"audit_type": "desktop_review", "started_on": "2026-05-02", "ended_on": "2026-05-01"}
    form["auditor"] = " "
    response = staff.post("/audits/new", data=form)
    assert reasons(response.text) == {
        "auditor": ["is required, up to 200 characters"],
        "ended_on": ["is before started_on"],
    }
    assert 'value="AXL-1"' in response.text  # what was typed is kept


def test_a_draft_cannot_be_completed_with_requirements_unjudged_or_notes_missing(
    staff: TestClient, db: Database
) -> None:
    supplier(db, "AXL-1")
    staff.post(
        "/audits/new",
        data={
            "supplier": "AXL-1",
            "code_version": "2026",
            "reference": "AUD-T-2",
            "audit_type": "desktop_review",
            "auditor": "Li Na",
            "started_on": "2026-05-04",
            "ended_on": "2026-05-04",
        },
    )
    wrong = {"verdict.ENV-01": "major", "verdict.ENV-02": "critical", "action": "save"}
    response = staff.post("/audits/AUD-T-2/findings", data=wrong)
    assert response.status_code == 422
    assert reasons(response.text) == {
        "verdict.ENV-02": ["critical is only for a zero-tolerance requirement"]
    }
    partial = {"verdict.ENV-01": "major", "verdict.LAB-02": "critical", "action": "complete"}
    response = staff.post("/audits/AUD-T-2/findings", data=partial)
    assert response.status_code == 422
    assert reasons(response.text) == {
        "notes.ENV-01": ["a non-conformity needs notes saying what was found"],
        "notes.LAB-02": ["a non-conformity needs notes saying what was found"],
    }
    assert "findings: every requirement needs a verdict; missing" in plain(response.text)
    assert audits.get_audit(db, "AUD-T-2").status == "draft"


def test_a_completed_audit_is_corrected_as_a_new_revision_with_its_reason(
    staff: TestClient, db: Database, audited: None
) -> None:
    form = staff.get("/audits/A-LOW/correct")
    assert form.status_code == 200
    assert '<option value="minor" selected>' in form.text
    code = conduct.get_code(db, "2026")
    posted = {f"verdict.{r.id}": "conforming" for r in code.requirements}
    posted |= {"audit_type": "on_site_announced", "auditor": "A. Auditor"}
    posted |= {"started_on": "2026-03-10", "ended_on": "2026-03-10", "sites": "Plant 1"}
    refused = staff.post("/audits/A-LOW/correct", data=posted)
    assert refused.status_code == 422
    assert reasons(refused.text) == {"reason": ["a correction of a completed audit needs a reason"]}
    posted["reason"] = "ENV-07 was closed before the audit ended"
    done = staff.post("/audits/A-LOW/correct", data=posted, follow_redirects=False)
    assert done.status_code == 303
    detail = staff.get("/audits/A-LOW").text
    assert "Audit A-LOW corrected: revision 2." in detail
    assert texts(detail, "big-score") == ["100.00 / 100"]
    assert "ENV-07 was closed before the audit ended" in detail
    assert "It scored 99.12, low risk." in detail


def test_the_detail_of_a_high_risk_audit_shows_pillars_outcome_and_the_plan_deadline(
    staff: TestClient, audited: None
) -> None:
    html = staff.get("/audits/A-HIGH").text
    assert texts(html, "badge risk") == ["High risk"]
    assert texts(html, "badge outcome") == ["Not accepted"]
    assert texts(html, "pillar-name") == [
        "Environment",
        "Labour and human rights",
        "Health and safety",
        "Ethics and governance",
    ]
    text = plain(html)
    assert "zero-tolerance breach on LAB-01: high risk whatever the score" in text
    assert "Plan deadline missed" in text
    assert (
        "a plan covering all 2 non-conformities was not accepted by the deadline of 2026-08-05"
        in text
    )
    assert [row[1:4] for row in table_rows(html, "ncs")] == [
        ["LAB-01", "Critical", "Open"],
        ["HS-02", "Major", "Open"],
    ]


def test_an_unknown_audit_is_a_404_page(staff: TestClient) -> None:
    response = staff.get("/audits/NOPE")
    assert response.status_code == 404
    assert "There is no audit 'NOPE'." in plain(response.text)


def test_a_major_non_conformity_recorded_shows_the_plan_deadline(
    staff: TestClient, db: Database
) -> None:
    supplier(db, "CAB-1")
    record(db, "CAB-1", date(2026, 9, 30), MEDIUM, "A-MED-2")
    html = staff.get("/audits/A-MED-2").text
    assert "Plan due 2027-03-30" in plain(html)
    assert "an improvement plan must be accepted by 2027-03-30" in plain(html)


def test_an_audit_recorded_with_major_findings_shows_its_plan_deadline(
    staff: TestClient, db: Database
) -> None:
    supplier(db, "CAB-1")
    staff.post(
        "/audits/new",
        data={
            "supplier": "CAB-1",
            "code_version": "2026",
            "reference": "AUD-T-3",
            "audit_type": "on_site_unannounced",
            "auditor": "Li Na",
            "started_on": "2026-08-31",
            "ended_on": "2026-08-31",
        },
    )
    code = conduct.get_code(db, "2026")
    posted = {f"verdict.{r.id}": "conforming" for r in code.requirements}
    for requirement in MEDIUM:
        posted |= {f"verdict.{requirement}": "major", f"notes.{requirement}": "seen"}
    detail = staff.post("/audits/AUD-T-3/findings", data={**posted, "action": "complete"})
    assert detail.status_code == 200
    text = plain(detail.text)
    assert "Audit AUD-T-3 completed: Medium risk, conditionally accepted." in text
    assert "Plan due 2027-02-28" in text  # six months after 31 August: the end of February
    assert len(table_rows(detail.text, "ncs")) == 4
