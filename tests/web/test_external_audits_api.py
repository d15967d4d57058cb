"""The external audit API: record one as its scheme published it, import a file, read it back."""

import base64
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from programme_builders import supplier
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.accounts import Role

TODAY = FixedClock.on(date(2026, 12, 7))
PDF = b"%PDF-1.7\n% the audit report\n"
HEADER = (
    "reference,supplier,scheme,scheme_reference,audit_firm,started_on,ended_on,rating,score,"
    "recognition,certificate_valid,code_version,severity,description,requirement"
)


@pytest.fixture
def api(db: Database, client_as: Callable[..., TestClient]) -> TestClient:
    supplier(db)
    return client_as(Role.ADMIN, clock=TODAY)


def bsci(**fields: Any) -> dict[str, Any]:
    return {
        "supplier": "SUP-1",
        "scheme": "amfori_bsci",
        "scheme_reference": "BSCI-2026-0412",
        "audit_firm": "Intertek",
        "started_on": "2026-09-16",
        "ended_on": "2026-09-18",
        "result": {"rating": "C"},
        "findings": [
            {
                "severity": "major",
                "description": "Fire exits locked during the night shift",
                "requirement": "HS-02",
            },
            {"severity": "observation", "description": "Canteen hygiene could improve"},
        ],
        **fields,
    }


def test_a_bsci_c_is_medium_risk_by_the_policy_entry_that_mapped_it(api: TestClient) -> None:
    report = {"file_name": "bsci.pdf", "content": base64.b64encode(PDF).decode()}
    response = api.post("/api/v1/audits/external", json=bsci(report=report))
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/api/v1/audits/{body['reference']}"
    assert (body["audit_type"], body["status"], body["auditor"]) == (
        "external",
        "completed",
        "Intertek",
    )
    assert (body["result"]["risk_level"], body["result"]["score"]) == ("medium", None)
    assert body["non_conformities"] == 1
    external = body["external"]
    assert (external["scheme"], external["scheme_reference"], external["report_file"]) == (
        "amfori_bsci",
        "BSCI-2026-0412",
        "bsci.pdf",
    )
    assert external["published_result"]["rating"] == "C"
    assert external["mapping"] == {
        "policy_version": "2026-01",
        "setting": "amfori_bsci_rating_risk",
        "entry": "C=medium",
        "risk_level": "medium",
    }
    assert [
        (f["position"], f["severity"], f["opened_nonconformity"]) for f in external["findings"]
    ] == [
        (1, "major", True),
        (2, "observation", False),
    ]
    again = api.get(f"/api/v1/audits/{body['reference']}").json()
    assert again["external"] == external
    listed = api.get("/api/v1/audits?supplier=SUP-1").json()["items"]
    assert [(a["reference"], a["external"]["mapping"]["entry"]) for a in listed] == [
        (body["reference"], "C=medium")
    ]


def test_an_rba_score_maps_through_its_band_and_counted_findings_open_nonconformities(
    api: TestClient,
) -> None:
    body = bsci(
        scheme="rba_vap",
        reference="RBA-1",
        result={"score": "172", "recognition": "silver"},
        findings=[],
        finding_counts={"minor": 2, "observation": 1},
    )
    response = api.post("/api/v1/audits/external", json=body)
    assert response.status_code == 201, response.text
    audit = response.json()
    assert audit["external"]["mapping"]["entry"] == "160=low"
    assert audit["result"]["risk_level"] == "low"
    assert audit["non_conformities"] == 2
    assert [f["severity"] for f in audit["external"]["findings"]] == [
        "minor",
        "minor",
        "observation",
    ]


def test_a_smeta_audit_has_no_mapping_entry_and_its_critical_finding_makes_it_high(
    api: TestClient,
) -> None:
    body = bsci(
        scheme="smeta",
        result={},
        findings=[{"severity": "critical", "description": "Passports held by the employer"}],
    )
    audit = api.post("/api/v1/audits/external", json=body).json()
    assert audit["external"]["mapping"] is None
    assert audit["result"]["risk_level"] == "high"


def test_every_problem_is_named_by_field_and_finding(api: TestClient) -> None:
    body = bsci(
        supplier="NOPE",
        ended_on="2027-01-01",
        result={"rating": "F"},
        findings=[{"severity": "minor", "description": " ", "requirement": "XX-99"}],
    )
    response = api.post("/api/v1/audits/external", json=body)
    assert response.status_code == 422, response.text
    errors = {(e["field"], e.get("row")) for e in response.json()["errors"]}
    assert {
        ("supplier", None),
        ("ended_on", None),
        ("rating", None),
        ("description", 1),
        ("requirement", 1),
    } <= errors
    assert api.get("/api/v1/audits").json()["items"] == []


def test_strict_types_refuse_a_number_as_text_and_an_unknown_scheme(api: TestClient) -> None:
    response = api.post(
        "/api/v1/audits/external",
        json=bsci(scheme="iso_9001", audit_firm=12, finding_counts={"major": "2"}),
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert any("scheme" in f for f in fields)
    assert any("audit_firm" in f for f in fields)
    assert any("finding_counts" in f for f in fields)


def test_a_file_is_imported_and_a_bad_row_refuses_it_all_with_its_row(api: TestClient) -> None:
    good = (
        "EXT-1,SUP-1,amfori BSCI,BSCI-77,Intertek,2026-05-04,2026-05-05,B,,,,,major,"
        "Overtime above 60 hours,LAB-04"
    )
    bad = "EXT-2,SUP-1,EcoVadis,EV-3,EcoVadis,2026-07-01,2026-07-01,,lots,,,,,,"
    refused = api.post(
        "/api/v1/audits/external/import",
        files={"file": ("external.csv", f"{HEADER}\n{good}\n{bad}".encode(), "text/csv")},
    )
    assert refused.status_code == 422, refused.text
    assert [(e["row"], e["field"], e["value"]) for e in refused.json()["errors"]] == [
        (3, "score", "lots")
    ]
    assert api.get("/api/v1/audits").json()["items"] == []
    done = api.post(
        "/api/v1/audits/external/import",
        files={"file": ("external.csv", f"{HEADER}\n{good}".encode(), "text/csv")},
    )
    assert done.status_code == 200, done.text
    assert done.json() == {"audits": 1, "findings": 1, "nonconformities": 1, "encoding": "utf-8"}
    audit = api.get("/api/v1/audits/EXT-1").json()
    assert audit["external"]["mapping"]["entry"] == "B=low"
    assert audit["result"]["risk_level"] == "medium"


def test_the_openapi_document_describes_both_routes(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert {"201", "422"} <= set(paths["/api/v1/audits/external"]["post"]["responses"])
    assert "422" in paths["/api/v1/audits/external/import"]["post"]["responses"]
