"""The supplier portal: a supplier user's own company, and nothing of any other."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from portal_builders import ENDED, PARAMETER, PDF, TODAY, accept_plan_for, nc_ids
from supplyesg.config import Settings
from supplyesg.db.models import EsgAuditRow, EvidenceFileRow
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.plans import PlanAction
from supplyesg.services import accounts, nonconformities, plans, portal
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app


def test_the_portal_shows_the_suppliers_own_audits_only(
    own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    page = own.get("/portal/audits")
    assert page.status_code == 200
    assert two_suppliers["OWN"].reference in page.text
    assert two_suppliers["OTHER"].reference not in page.text
    home = own.get("/portal")
    assert home.status_code == 200
    assert "OWN Co., Ltd." in home.text
    assert "OTHER" not in home.text


def test_staff_do_not_use_the_portal(client: TestClient) -> None:
    assert client.get("/portal").status_code == 403


def test_every_portal_route_answers_404_for_another_suppliers_record(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    other = two_suppliers["OTHER"]
    other_nc = nc_ids(db, other)[0]
    with db.transaction() as session:
        file = EvidenceFileRow(
            supplier_id=other.supplier_id,
            nc_id=other_nc,
            file_name="x.pdf",
            media_type="application/pdf",
            size_bytes=len(PDF),
            sha256="0" * 64,
            content=PDF,
            uploaded_by="x",
            uploaded_at=other.created_at,
        )
        session.add(file)
        session.flush()
        file_id = file.id
    foreign = {"reference": other.reference, "nc_id": str(other_nc), "file_id": str(file_id)}
    routes = [
        (method, str(route.path))
        for route in iter_route_contexts(create_app(Settings(database_url="sqlite://")).routes)
        if isinstance(route.original_route, APIRoute) and str(route.path).startswith("/portal/")
        for method in sorted(route.methods or ())
    ]
    with_parameters = [(m, p) for m, p in routes if PARAMETER.search(p)]
    assert len(with_parameters) >= 5
    wrong = []
    for method, path in with_parameters:
        names = [match.group(1) for match in PARAMETER.finditer(path)]
        assert set(names) <= set(foreign), f"add a foreign record for {names} of {path}"
        url = PARAMETER.sub(lambda m: foreign[m.group(1)], path)
        answer = own.request(method, url)
        if answer.status_code != 404:
            wrong.append(f"{method} {url}: {answer.status_code}")
    assert wrong == []


def test_a_supplier_submits_a_plan_with_a_supporting_file(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    form = own.get(f"/portal/audits/{audit.reference}/plan")
    assert form.status_code == 200
    assert f'name="action-{nc_id}"' in form.text
    due = (TODAY + timedelta(days=60)).isoformat()
    fields = {
        f"action-{nc_id}": "Install guards",
        f"owner-{nc_id}": "Li Wei",
        f"due_on-{nc_id}": due,
    }
    sent = own.post(
        f"/portal/audits/{audit.reference}/plan",
        data=fields,
        files=[("files", ("guards.pdf", PDF, "application/pdf"))],
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    [(plan, reference)] = portal.list_plans(db, portal.PortalScope(audit.supplier_id, "OWN", ""))
    assert (reference, plan.status, [a.action for a in plan.actions]) == (
        audit.reference,
        "submitted",
        ["Install guards"],
    )
    record = nonconformities.get_nonconformity(db, nc_id, TODAY)
    assert record.row.status == "plan_submitted"
    assert "guards.pdf" in own.get(f"/portal/non-conformities/{nc_id}").text


def test_a_plan_with_a_bad_date_is_shown_again_with_the_reason(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    fields = {f"action-{nc_id}": "Fix", f"owner-{nc_id}": "Li", f"due_on-{nc_id}": "soon"}
    answer = own.post(f"/portal/audits/{audit.reference}/plan", data=fields)
    assert answer.status_code == 422
    assert "give the date as YYYY-MM-DD" in answer.text
    assert 'value="soon"' in answer.text


def test_a_plan_row_missing_its_owner_is_marked_beside_that_field(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    due = (TODAY + timedelta(days=60)).isoformat()
    fields = {f"action-{nc_id}": "Fix", f"owner-{nc_id}": " ", f"due_on-{nc_id}": due}
    answer = own.post(f"/portal/audits/{audit.reference}/plan", data=fields)
    assert answer.status_code == 422
    assert f'<p class="field-error" id="err-owner-{nc_id}">is required' in answer.text
    assert f'id="f-owner-{nc_id}" name="owner-{nc_id}" type="text" value=" " aria-invalid' in (
        answer.text
    )


def test_an_empty_plan_says_a_row_is_needed_and_marks_no_field_it_does_not_name(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    audit = two_suppliers["OWN"]
    answer = own.post(f"/portal/audits/{audit.reference}/plan", data={})
    assert answer.status_code == 422
    assert "fill in at least one row: an action, who and by when" in answer.text
    assert "Please correct the fields marked below" not in answer.text


def test_the_plan_form_marks_no_field_required_since_rows_may_stay_empty(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    form = own.get(f"/portal/audits/{two_suppliers['OWN'].reference}/plan")
    assert form.status_code == 200
    assert "Leave a row empty to plan it later" in form.text
    assert " required" not in form.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("tool.exe", b"MZ\x90\x00", "must be one of these kinds"),
        ("report.pdf", b"MZ\x90\x00 not a pdf", "does not contain what a .pdf file holds"),
        ("empty.pdf", b"", "is empty"),
        ("big.pdf", PDF + b"0" * (1024 * 1024), "is larger than 1 MB"),
    ],
)
def test_evidence_of_the_wrong_kind_or_too_large_is_refused(
    db: Database, two_suppliers: dict[str, EsgAuditRow], name: str, content: bytes, reason: str
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    accept_plan_for(db, audit, nc_id)
    client = _supplier_client(db, Settings(database_url=str(db.engine.url), max_evidence_mb=1))
    answer = client.post(
        f"/portal/non-conformities/{nc_id}/evidence", files=[("files", (name, content, "x/y"))]
    )
    assert answer.status_code == 422
    assert reason in answer.text
    assert nonconformities.get_nonconformity(db, nc_id, TODAY).row.status == "plan_accepted"
    with db.transaction() as session:
        assert session.query(EvidenceFileRow).count() == 0


def test_evidence_goes_to_the_auditor_and_only_its_supplier_and_staff_may_read_it(
    db: Database,
    own: TestClient,
    client: TestClient,
    client_as: Callable[..., TestClient],
    two_suppliers: dict[str, EsgAuditRow],
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    accept_plan_for(db, audit, nc_id)
    sent = own.post(
        f"/portal/non-conformities/{nc_id}/evidence",
        files=[("files", ("photo.png", b"\x89PNG\r\n\x1a\n....", "image/png"))],
        follow_redirects=False,
    )
    assert sent.status_code == 303
    record = nonconformities.get_nonconformity(db, nc_id, TODAY)
    assert record.row.status == "awaiting_verification"
    [reference] = record.row.evidence
    file_id = int(reference.split("/")[2])
    download = own.get(f"/portal/evidence/{file_id}")
    assert download.status_code == 200
    assert download.content == b"\x89PNG\r\n\x1a\n...."
    assert download.headers["content-disposition"] == "attachment; filename*=UTF-8''photo.png"
    assert download.headers["x-content-type-options"] == "nosniff"
    other = client_as(Role.SUPPLIER_USER, supplier="OTHER")
    assert other.get(f"/portal/evidence/{file_id}").status_code == 404
    assert other.get(reference).status_code == 404
    assert client.get(reference).content == b"\x89PNG\r\n\x1a\n...."


def test_evidence_is_refused_before_the_plan_is_accepted_and_nothing_is_kept(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    action = PlanAction(nc_id, "Fix it", "Plant manager", TODAY + timedelta(days=30))
    plans.submit_plan(db, audit.reference, [action], "supplier@example.com")
    answer = own.post(
        f"/portal/non-conformities/{nc_id}/evidence", files=[("files", ("a.pdf", PDF, "x/y"))]
    )
    assert answer.status_code == 422
    assert "cannot move from plan_submitted to awaiting_verification" in answer.text
    with db.transaction() as session:
        assert session.query(EvidenceFileRow).count() == 0


def test_the_self_assessment_is_saved_as_a_draft_then_submitted(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    page = own.get("/portal/self-assessment")
    assert page.status_code == 200
    requirement_ids = re.findall(r'name="verdict-([A-Z_0-9-]+)" value="conforming"', page.text)
    assert len(requirement_ids) > 10
    first, *rest = requirement_ids
    saved = own.post(
        "/portal/self-assessment",
        data={f"verdict-{first}": "minor", f"notes-{first}": "One gap", "action": "save"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    again = own.get("/portal/self-assessment")
    assert f'name="verdict-{first}" value="minor" checked' in again.text
    assert "One gap" in again.text
    incomplete = own.post(
        "/portal/self-assessment",
        data={f"verdict-{first}": "minor", f"notes-{first}": "One gap", "action": "submit"},
    )
    assert incomplete.status_code == 422
    assert incomplete.text.count("needs an answer") == len(rest)
    answers = {f"verdict-{r}": "conforming" for r in rest}
    answers |= {f"verdict-{first}": "minor", f"notes-{first}": "One gap", "action": "submit"}
    done = own.post("/portal/self-assessment", data=answers, follow_redirects=False)
    assert done.status_code == 303
    self_assessments = [
        a
        for a in portal.list_audits(
            db, portal.PortalScope(two_suppliers["OWN"].supplier_id, "OWN", "")
        )
        if a.audit_type == "self_assessment"
    ]
    assert [(a.status, a.nc_count) for a in self_assessments] == [("completed", 1)]


def _supplier_client(db: Database, settings: Settings) -> TestClient:
    user = accounts.create_user(db, NewUser("li@own.cn", "Li", Role.SUPPLIER_USER, "OWN"))
    secret = accounts.issue_token(db, user.id, "t", None, "t").secret
    client = TestClient(create_app(settings, db), raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def test_the_portal_home_shows_when_the_plan_is_due(
    own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    from supplyesg.domain.audits import RiskLevel
    from supplyesg.domain.periods import add_months
    from supplyesg.domain.plans import plan_deadline
    from supplyesg.services import policy_files

    due = plan_deadline(RiskLevel.MEDIUM, ENDED, policy_files.shipped_policy_for(TODAY))
    assert due is not None
    home = own.get("/portal")
    assert "Improvement plans due" in home.text
    assert f"due by {due.isoformat()}" in home.text
    next_annual = add_months(ENDED, 12)
    assert f"Your annual ESG audit is due by {next_annual.isoformat()}" in home.text


def test_an_id_no_record_can_have_is_a_clear_refusal_not_an_error(own: TestClient) -> None:
    for url in ("/portal/non-conformities/99999999999999999999", "/portal/evidence/0"):
        answer = own.get(url)
        assert answer.status_code == 422, url
        assert "Invalid input" in answer.text


def test_an_overdue_non_conformity_says_since_when_in_the_portal(
    own: TestClient, db: Database, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    nc_id = nc_ids(db, two_suppliers["OWN"])[0]
    due_on = TODAY - timedelta(days=3)
    with db.transaction() as session:
        nonconformities.require_nc(session, nc_id).due_on = due_on
    since = (due_on + timedelta(days=1)).isoformat()
    assert f"<strong>Overdue since {since}</strong>" in own.get("/portal/non-conformities").text
    assert (
        f"<strong>Overdue since {since}</strong>"
        in own.get(f"/portal/non-conformities/{nc_id}").text
    )
