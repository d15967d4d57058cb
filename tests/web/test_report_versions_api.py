"""Report version endpoints: submit, sign off (four eyes), send back, publish, download the
frozen file with its SHA-256, and what changed since publication."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from checklist_helpers import acknowledge_every_item
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.submissions import ReviewAction
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry

CLOCK = FixedClock(datetime(2026, 3, 20, 9, 30, tzinfo=UTC))
VERSIONS = "/api/v1/reports/hkex/2025/versions"
Clients = Callable[..., TestClient]


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh in FY2025."""
    esg_organisation.save_entity(
        db, ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN")
    )
    esg_organisation.save_entity(
        db, ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="GRP")
    )
    esg_organisation.add_financial_year(db, date(2025, 1, 1))
    record = esg_data.submit_value(
        db, Entry("CQ1", "electricity_purchased", "2025", "8000", "MWh"), "maker"
    )
    esg_data.approve_values(db, [record.row.id], "checker")
    acknowledge_every_item(db, 2025, CLOCK)
    return db


@pytest.fixture
def manager(client_as: Clients, year_2025: Database) -> TestClient:
    return client_as(Role.ESG_MANAGER, clock=CLOCK)


@pytest.fixture
def signer(client_as: Clients, year_2025: Database) -> TestClient:
    return client_as(Role.ADMIN, clock=CLOCK)


def _electricity(db: Database, mwh: str) -> None:
    """The approved figure corrected: reopened, recorded again, approved."""
    (value,) = esg_data.list_values(db, 2025, "CQ1", "electricity_purchased").items
    esg_data.review_value(db, value.row.id, ReviewAction.REOPEN, "checker", "meter misread")
    entry = Entry("CQ1", "electricity_purchased", "2025", mwh, "MWh")
    row = esg_data.submit_value(db, entry, "maker").row
    esg_data.approve_values(db, [row.id], "checker")


def _published(manager: TestClient, signer: TestClient) -> dict[str, object]:
    assert manager.post(f"{VERSIONS}/submit").status_code == 200
    assert signer.post(f"{VERSIONS}/approve").status_code == 200
    published = signer.post(f"{VERSIONS}/publish")
    assert published.status_code == 200, published.text
    body: dict[str, object] = published.json()
    return body


def test_a_version_is_submitted_signed_off_by_another_and_published_with_its_files(
    manager: TestClient, signer: TestClient
) -> None:
    assert manager.get(VERSIONS).json() == []

    submitted = manager.post(f"{VERSIONS}/submit")
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert (body["number"], body["state"], body["next_steps"]) == (
        1,
        "in_review",
        ["approve", "reject"],
    )
    assert [(s["step"], s["on"]) for s in body["steps"]] == [("submit", "2026-03-20")]
    assert body["steps"][0]["by"].startswith("esg_manager.")
    assert (body["files"], body["changes_url"]) == ([], None)

    approved = signer.post(f"{VERSIONS}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved"

    published = signer.post(f"{VERSIONS}/publish")
    assert published.status_code == 200, published.text
    version = published.json()
    assert version["state"] == "published"
    assert [s["step"] for s in version["steps"]] == ["submit", "approve", "publish"]
    assert version["next_steps"] == []
    assert version["changes_url"] == f"{VERSIONS}/1/changes"
    pdf = next(f for f in version["files"] if f["format"] == "pdf")
    assert (pdf["name"], pdf["language"], pdf["media_type"]) == (
        "hkex-esg-report-2025-en.pdf",
        "en",
        "application/pdf",
    )
    assert pdf["url"] == f"{VERSIONS}/1/files/pdf?language=en"

    listed = manager.get(VERSIONS)
    assert listed.status_code == 200
    assert [(v["number"], v["state"]) for v in listed.json()] == [(1, "published")]
    assert manager.get(f"{VERSIONS}/1").json() == listed.json()[0]


def test_a_published_file_downloads_byte_for_byte_with_its_sha256(
    manager: TestClient, signer: TestClient
) -> None:
    version = _published(manager, signer)
    files = version["files"]
    assert isinstance(files, list)
    pdf = next(f for f in files if f["format"] == "pdf")
    download = manager.get(pdf["url"])
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == (
        'attachment; filename="hkex-esg-report-2025-en.pdf"'
    )
    assert hashlib.sha256(download.content).hexdigest() == pdf["sha256"]
    assert len(download.content) == pdf["size_bytes"]
    digest = base64.b64encode(hashlib.sha256(download.content).digest()).decode()
    assert download.headers["repr-digest"] == f"sha-256=:{digest}:"

    missing = manager.get(f"{VERSIONS}/1/files/pdf", params={"language": "fr"})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert manager.get(f"{VERSIONS}/2/files/pdf").status_code == 404


def test_the_submitter_cannot_approve_even_through_another_token(
    client_as: Clients, year_2025: Database, db: Database
) -> None:
    admin = client_as(Role.ADMIN, clock=CLOCK)
    assert admin.post(f"{VERSIONS}/submit").status_code == 200
    refused = admin.post(f"{VERSIONS}/approve")
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == ["actor"]
    assert admin.get(VERSIONS).json()[0]["state"] == "in_review"


def test_only_the_sign_off_right_approves_rejects_or_publishes(
    manager: TestClient, client_as: Clients
) -> None:
    viewer = client_as(Role.VIEWER, clock=CLOCK)
    assert viewer.get(VERSIONS).status_code == 200
    assert viewer.post(f"{VERSIONS}/submit").status_code == 403
    assert manager.post(f"{VERSIONS}/submit").status_code == 200
    for step in ("approve", "publish"):
        refused = manager.post(f"{VERSIONS}/{step}")
        assert refused.status_code == 403, step
        assert "sign_off:write" in refused.json()["detail"]
    assert manager.post(f"{VERSIONS}/reject", json={"reason": "no"}).status_code == 403


def test_a_rejection_needs_a_reason_and_returns_the_version_to_draft(
    manager: TestClient, signer: TestClient
) -> None:
    manager.post(f"{VERSIONS}/submit")
    blank = signer.post(f"{VERSIONS}/reject", json={"reason": "  "})
    assert blank.status_code == 422
    assert [e["field"] for e in blank.json()["errors"]] == ["reason"]
    missing = signer.post(f"{VERSIONS}/reject", json={})
    assert missing.status_code == 422
    assert "reason" in str(missing.json()["errors"])
    not_text = signer.post(f"{VERSIONS}/reject", json={"reason": 5})
    assert not_text.status_code == 422

    rejected = signer.post(f"{VERSIONS}/reject", json={"reason": "Scope 2 looks low"})
    assert rejected.status_code == 200, rejected.text
    body = rejected.json()
    assert (body["state"], body["reason"], body["next_steps"]) == (
        "draft",
        "Scope 2 looks low",
        ["submit"],
    )
    assert [s["step"] for s in body["steps"]] == ["submit", "reject"]
    again = manager.post(f"{VERSIONS}/submit").json()
    assert (again["number"], again["state"]) == (1, "in_review")


def test_a_step_out_of_turn_is_refused_naming_the_state(
    manager: TestClient, signer: TestClient
) -> None:
    nothing = signer.post(f"{VERSIONS}/approve")
    assert nothing.status_code == 404
    assert nothing.headers["content-type"] == "application/problem+json"
    manager.post(f"{VERSIONS}/submit")
    early = signer.post(f"{VERSIONS}/publish")
    assert early.status_code == 422
    assert [e["field"] for e in early.json()["errors"]] == ["state"]
    twice = manager.post(f"{VERSIONS}/submit")
    assert twice.status_code == 422
    assert [e["field"] for e in twice.json()["errors"]] == ["version"]


def test_an_unknown_report_or_year_out_of_range_is_a_422(manager: TestClient) -> None:
    unknown = manager.get("/api/v1/reports/gri/2025/versions")
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["report"]
    assert manager.get("/api/v1/reports/hkex/1999/versions").status_code == 422
    assert manager.get(f"{VERSIONS}/0").status_code == 422


def test_what_changed_since_publication_names_figure_published_and_current_value(
    manager: TestClient, signer: TestClient, year_2025: Database
) -> None:
    _published(manager, signer)
    unchanged = manager.get(f"{VERSIONS}/1/changes")
    assert unchanged.status_code == 200, unchanged.text
    assert unchanged.json()["changes"] == []

    _electricity(year_2025, "9000")
    changed = manager.get(f"{VERSIONS}/1/changes").json()
    assert changed["version"]["number"] == 1
    moved = [c for c in changed["changes"] if c["published"] and "8,000,000" in c["published"]]
    assert moved, changed["changes"]
    assert "9,000,000" in moved[0]["current"]
    assert "electricity" in moved[0]["figure"].lower()


def test_a_version_not_yet_published_has_nothing_to_compare(manager: TestClient) -> None:
    manager.post(f"{VERSIONS}/submit")
    refused = manager.get(f"{VERSIONS}/1/changes")
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["version"]
    assert manager.get(f"{VERSIONS}/9/changes").status_code == 404


def test_the_steps_are_documented_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for step in ("submit", "approve", "reject", "publish"):
        operation = paths[f"/api/v1/reports/{{report}}/{{year}}/versions/{step}"]["post"]
        assert {"404", "409", "422"} <= set(operation["responses"]), step
    assert "/api/v1/reports/{report}/{year}/versions/{number}/files/{format}" in paths
    assert "/api/v1/reports/{report}/{year}/versions/{number}/changes" in paths
