"""The supplier portal's API: a supplier's own systems do what its users do on the portal's
pages, with an API token, and never see another supplier's records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from account_helpers import csrf_of, log_in
from portal_builders import PARAMETER, PDF, TODAY, accept_plan_for, nc_ids
from supplyesg.config import Settings
from supplyesg.db.models import EsgAuditRow, EvidenceFileRow
from supplyesg.db.session import Database
from supplyesg.domain.access import SAFE_METHODS, Role
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.training import TrainingFormat, TrainingProgramme
from supplyesg.services import accounts, nonconformities, training
from supplyesg.services.accounts import NewUser
from supplyesg.services.auth import token_principal
from supplyesg.web.app import create_app

API = "/api/v1/portal"
PNG = b"\x89PNG\r\n\x1a\n...."
ROUTES = [
    (method, str(route.path))
    for route in iter_route_contexts(create_app(Settings(database_url="sqlite://")).routes)
    if isinstance(route.original_route, APIRoute) and str(route.path).startswith(API + "/")
    for method in sorted(route.methods or ())
]


def _evidence_file(db: Database, audit: EsgAuditRow, nc_id: int) -> int:
    with db.transaction() as session:
        row = EvidenceFileRow(
            supplier_id=audit.supplier_id,
            nc_id=nc_id,
            file_name="x.pdf",
            media_type="application/pdf",
            size_bytes=len(PDF),
            sha256="0" * 64,
            content=PDF,
            uploaded_by="x",
            uploaded_at=audit.created_at,
        )
        session.add(row)
        session.flush()
        return row.id


def _valid_request(method: str, path: str, nc_id: str) -> dict[str, Any]:
    """A request body the route accepts, so only the record's owner decides the answer."""
    due = (TODAY + timedelta(days=30)).isoformat()
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", f"{API}/audits/{{reference}}/plans"): {
            "json": {
                "actions": [{"nc_id": int(nc_id), "action": "Fix", "owner": "Li", "due_on": due}]
            }
        },
        ("POST", f"{API}/non-conformities/{{nc_id}}/evidence"): {
            "files": [("files", ("guards.pdf", PDF, "application/pdf"))]
        },
    }
    if method in SAFE_METHODS:
        return {}
    assert (method, path) in bodies, f"add a valid request body for {method} {path}"
    return bodies[(method, path)]


def test_the_walk_finds_the_portal_api() -> None:
    assert ("GET", f"{API}/audits/{{reference}}") in ROUTES
    assert len(ROUTES) >= 15


def test_every_portal_api_route_answers_404_for_another_suppliers_record(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    other = two_suppliers["OTHER"]
    other_nc = nc_ids(db, other)[0]
    accept_plan_for(db, other, other_nc)  # so that evidence would be accepted, were it OWN's
    foreign = {
        "reference": other.reference,
        "nc_id": str(other_nc),
        "file_id": str(_evidence_file(db, other, other_nc)),
    }
    with_parameters = [(m, p) for m, p in ROUTES if PARAMETER.search(p)]
    assert len(with_parameters) >= 6
    wrong = []
    for method, path in with_parameters:
        names = [match.group(1) for match in PARAMETER.finditer(path)]
        assert set(names) <= set(foreign), f"add a foreign record for {names} of {path}"
        url = PARAMETER.sub(lambda m: foreign[m.group(1)], path)
        answer = own.request(method, url, **_valid_request(method, path, foreign["nc_id"]))
        if answer.status_code != 404:
            wrong.append(f"{method} {url}: {answer.status_code}")
    assert wrong == []
    assert nonconformities.get_nonconformity(db, other_nc, TODAY).row.status == "plan_accepted"


def test_no_portal_api_listing_shows_another_suppliers_records(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    other = two_suppliers["OTHER"]
    listings = [p for m, p in ROUTES if m == "GET" and not PARAMETER.search(p)]
    assert f"{API}/non-conformities" in listings
    for path in listings:
        answer = own.get(path)
        assert answer.status_code == 200, path
        assert other.reference not in answer.text, path
        assert "OTHER" not in answer.text, path


def test_staff_are_refused_the_portal_api_as_the_portal_pages(
    client_as: Callable[..., TestClient],
) -> None:
    for role in (Role.ADMIN, Role.AUDITOR, Role.VIEWER):
        staff = client_as(role)
        assert staff.get("/portal").status_code == 403
        statuses = {(m, p): staff.request(m, PARAMETER.sub("1", p)).status_code for m, p in ROUTES}
        assert set(statuses.values()) == {403}, statuses


def test_a_supplier_token_cannot_reach_the_rest_of_the_api(own: TestClient) -> None:
    for url in ("/api/v1/suppliers", "/api/v1/suppliers/OTHER", "/api/v1/non-conformities"):
        answer = own.get(url)
        assert answer.status_code == 404, url
        assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("scope", ["suppliers:read", "account:write", "users:write"])
def test_a_supplier_users_token_cannot_be_issued_beyond_the_portal(
    db: Database, two_suppliers: dict[str, EsgAuditRow], scope: str
) -> None:
    user = accounts.create_user(db, NewUser("li@own.test", "Li", Role.SUPPLIER_USER, "OWN"))
    with pytest.raises(InvalidInputError) as refused:
        accounts.issue_token(db, user.id, "erp", ["portal:read", scope], "admin@example.com")
    assert [(p.field, p.value) for p in refused.value.problems] == [("scopes", scope)]


def test_a_supplier_users_token_carries_portal_permissions_only(
    db: Database, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    user = accounts.create_user(db, NewUser("li@own.test", "Li", Role.SUPPLIER_USER, "OWN"))
    secret = accounts.issue_token(db, user.id, "erp", None, "admin@example.com").secret
    principal = token_principal(db, secret)
    assert principal is not None
    assert sorted(str(p) for p in principal.permissions) == [
        "account:read",
        "portal:read",
        "portal:write",
    ]


@pytest.mark.parametrize(
    ("supplier_code", "role"), [("OTHER", Role.SUPPLIER_USER), (None, Role.AUDITOR)]
)
def test_a_token_stops_working_when_its_account_leaves_the_supplier(
    db: Database, two_suppliers: dict[str, EsgAuditRow], supplier_code: str | None, role: Role
) -> None:
    user = accounts.create_user(db, NewUser("li@own.test", "Li", Role.SUPPLIER_USER, "OWN"))
    secret = accounts.issue_token(db, user.id, "erp", None, "admin@example.com").secret
    accounts.update_user(db, user.id, display_name="Li Wei")
    assert token_principal(db, secret) is not None
    accounts.update_user(db, user.id, role=role, supplier_code=supplier_code)
    assert token_principal(db, secret) is None


def test_me_names_the_supplier_and_the_user_but_not_the_buyers_assessment(
    own: TestClient,
) -> None:
    answer = own.get(f"{API}/me")
    assert answer.status_code == 200
    body = answer.json()
    assert body["supplier"] == {
        "code": "OWN",
        "legal_name": "OWN Co., Ltd.",
        "country": "CN",
        "region": "",
        "city": "",
    }
    assert (body["user"]["display_name"], body["user"]["token"]) == ("Test supplier_user", "tests")


def test_deadlines_list_the_plan_due_the_open_non_conformities_and_the_trainings(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    course = TrainingProgramme("Chemical storage", TrainingFormat.WORKSHOP, TODAY + timedelta(9))
    programme = training.create_programme(db, course, "planner")
    training.assign(db, programme.id, "OWN", "planner")
    answer = own.get(f"{API}/deadlines")
    assert answer.status_code == 200
    body = answer.json()
    assert body["as_of"] == TODAY.isoformat()
    [plan] = body["plans"]
    assert (plan["audit"], plan["state"]) == (two_suppliers["OWN"].reference, "pending")
    assert plan["due_on"] > TODAY.isoformat()
    assert len(body["non_conformities"]) == 4
    assert {nc["status"] for nc in body["non_conformities"]} == {"open"}
    assert [(t["topic"], t["status"]) for t in body["training"]] == [
        ("Chemical storage", "assigned")
    ]
    assert own.get(f"{API}/training").json()[0]["held_on"] == (TODAY + timedelta(9)).isoformat()
    [audit_due] = body["audits"]
    assert (audit_due["kind"], audit_due["is_overdue"]) == ("annual", False)
    assert audit_due["last_done_on"] == two_suppliers["OWN"].ended_on.isoformat()
    assert audit_due["due_on"] > TODAY.isoformat()


def test_an_audit_comes_with_its_findings_and_non_conformities(
    own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    reference = two_suppliers["OWN"].reference
    assert [a["reference"] for a in own.get(f"{API}/audits").json()] == [reference]
    body = own.get(f"{API}/audits/{reference}").json()
    assert (body["risk_level"], body["outcome"], body["nc_count"]) == (
        "medium",
        "conditionally_accepted",
        4,
    )
    majors = {f["requirement"] for f in body["findings"] if f["verdict"] == "major"}
    assert majors == {"LAB-03", "LAB-04", "HS-01", "ENV-01"}
    assert {nc["requirement"] for nc in body["non_conformities"]} == majors


def test_a_supplier_submits_a_plan_through_the_api(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    due = (TODAY + timedelta(days=60)).isoformat()
    action = {"nc_id": nc_id, "action": "Install guards", "owner": "Li Wei", "due_on": due}
    sent = own.post(f"{API}/audits/{audit.reference}/plans", json={"actions": [action]})
    assert sent.status_code == 201, sent.text
    assert (sent.json()["status"], sent.json()["actions"]) == ("submitted", [action])
    assert [p["id"] for p in own.get(f"{API}/plans").json()] == [sent.json()["id"]]
    detail = own.get(f"{API}/non-conformities/{nc_id}").json()
    assert detail["status"] == "plan_submitted"


@pytest.mark.parametrize(
    ("action", "field", "reason"),
    [
        ({"due_on": "soon"}, "actions.0.due_on", "must be a date such as 2026-03-31"),
        ({"due_on": "2026-02-30"}, "actions.0.due_on", "must be a date such as 2026-03-31"),
        ({"nc_id": True}, "actions.0.nc_id", "Input should be a valid integer"),
    ],
)
def test_a_plan_with_a_bad_value_is_refused_naming_the_field(
    db: Database,
    own: TestClient,
    two_suppliers: dict[str, EsgAuditRow],
    action: dict[str, Any],
    field: str,
    reason: str,
) -> None:
    audit = two_suppliers["OWN"]
    base = {"nc_id": nc_ids(db, audit)[0], "action": "Fix", "owner": "Li", "due_on": "2099-01-01"}
    answer = own.post(f"{API}/audits/{audit.reference}/plans", json={"actions": [base | action]})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    [problem] = answer.json()["errors"]
    assert problem["field"] == field
    assert reason in problem["reason"]
    assert own.get(f"{API}/plans").json() == []


def test_a_plan_for_a_non_conformity_of_another_audit_is_refused(
    db: Database, own: TestClient, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    other_nc = nc_ids(db, two_suppliers["OTHER"])[0]
    action = {"nc_id": other_nc, "action": "Fix", "owner": "Li", "due_on": "2099-01-01"}
    reference = two_suppliers["OWN"].reference
    answer = own.post(f"{API}/audits/{reference}/plans", json={"actions": [action]})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["reason"] == "is not a non-conformity of this audit"


def test_evidence_is_sent_listed_and_downloaded(
    db: Database,
    own: TestClient,
    client_as: Callable[..., TestClient],
    two_suppliers: dict[str, EsgAuditRow],
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    accept_plan_for(db, audit, nc_id)
    sent = own.post(
        f"{API}/non-conformities/{nc_id}/evidence",
        files=[("files", ("photo.png", PNG, "image/png")), ("files", ("r.pdf", PDF, "x/y"))],
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["status"] == "awaiting_verification"
    assert [f["file_name"] for f in sent.json()["files"]] == ["photo.png", "r.pdf"]
    listed = own.get(f"{API}/non-conformities/{nc_id}/evidence").json()
    assert [(f["media_type"], f["size_bytes"]) for f in listed] == [
        ("image/png", len(PNG)),
        ("application/pdf", len(PDF)),
    ]
    download = own.get(listed[0]["download"])
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["content-disposition"] == "attachment; filename*=UTF-8''photo.png"
    other = client_as(Role.SUPPLIER_USER, supplier="OTHER")
    assert other.get(listed[0]["download"]).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("tool.exe", b"MZ\x90\x00", "must be one of these kinds"),
        ("report.pdf", b"MZ\x90\x00 not a pdf", "does not contain what a .pdf file holds"),
        ("big.pdf", PDF + b"0" * (1024 * 1024), "is larger than 1 MB"),
    ],
)
def test_evidence_of_the_wrong_kind_or_too_large_is_refused_with_the_reason(
    db: Database, two_suppliers: dict[str, EsgAuditRow], name: str, content: bytes, reason: str
) -> None:
    audit = two_suppliers["OWN"]
    nc_id = nc_ids(db, audit)[0]
    accept_plan_for(db, audit, nc_id)
    user = accounts.create_user(db, NewUser("li@own.test", "Li", Role.SUPPLIER_USER, "OWN"))
    secret = accounts.issue_token(db, user.id, "erp", None, "admin@example.com").secret
    settings = Settings(database_url=str(db.engine.url), max_evidence_mb=1)
    with TestClient(create_app(settings, db), raise_server_exceptions=False) as system:
        answer = system.post(
            f"{API}/non-conformities/{nc_id}/evidence",
            files=[("files", (name, content, "application/octet-stream"))],
            headers={"Authorization": f"Bearer {secret}"},
        )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    [problem] = answer.json()["errors"]
    assert (problem["field"], problem["value"]) == ("file", name)
    assert reason in problem["reason"]
    assert nonconformities.get_nonconformity(db, nc_id, TODAY).row.status == "plan_accepted"
    with db.transaction() as session:
        assert session.query(EvidenceFileRow).count() == 0


def test_the_self_assessment_is_saved_as_a_draft_then_submitted(own: TestClient) -> None:
    blank = own.get(f"{API}/self-assessment").json()
    assert blank["draft"] is None
    first, *rest = [q["id"] for q in blank["questions"]]
    assert len(rest) > 10
    gap = {"requirement": first, "verdict": "minor", "notes": "One gap"}
    saved = own.put(f"{API}/self-assessment", json={"answers": [gap]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["draft"] is not None
    assert saved.json()["questions"][0]["answer"] == gap
    incomplete = own.post(f"{API}/self-assessment/submit", json={})
    assert incomplete.status_code == 422
    assert incomplete.json()["errors"][0]["field"] == "findings"
    answers = [gap] + [{"requirement": r, "verdict": "conforming"} for r in rest]
    assert own.put(f"{API}/self-assessment", json={"answers": answers}).status_code == 200
    done = own.post(f"{API}/self-assessment/submit", json={})
    assert done.status_code == 201, done.text
    reference = done.json()["reference"]
    assert done.headers["location"] == f"{API}/audits/{reference}"
    assert (done.json()["audit_type"], done.json()["nc_count"]) == ("self_assessment", 1)
    assert own.get(f"{API}/self-assessment").json()["draft"] is None


def test_an_unknown_requirement_is_refused_and_nothing_is_saved(own: TestClient) -> None:
    answer = {"requirement": "NOPE-99", "verdict": "conforming"}
    refused = own.put(f"{API}/self-assessment", json={"answers": [answer]})
    assert refused.status_code == 422
    assert "NOPE-99" in refused.text
    assert own.get(f"{API}/self-assessment").json()["draft"] is None


def test_a_browser_session_uses_the_api_with_its_csrf_token(
    db: Database, fast_passwords: None, two_suppliers: dict[str, EsgAuditRow]
) -> None:
    new = NewUser("li@own.test", "Li", Role.SUPPLIER_USER, "OWN", "a long and quiet river")
    accounts.create_user(db, new)
    with TestClient(create_app(Settings(database_url=str(db.engine.url)), db)) as browser:
        assert log_in(browser, "li@own.test", "a long and quiet river").status_code == 303
        assert browser.get(f"{API}/me").json()["supplier"]["code"] == "OWN"
        body = {"answers": []}
        assert browser.put(f"{API}/self-assessment", json=body).status_code == 403
        token = csrf_of(browser.get("/portal/self-assessment"))
        sent = browser.put(f"{API}/self-assessment", json=body, headers={"X-CSRF-Token": token})
        assert sent.status_code == 200, sent.text
