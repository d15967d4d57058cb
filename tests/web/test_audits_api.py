from typing import Any

import pytest
from fastapi.testclient import TestClient

from supplyesg.db.session import Database
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import conduct, suppliers, tabular


@pytest.fixture
def setup(db: Database) -> list[dict[str, str]]:
    """A first-tier supplier, the default code, and conforming findings for every requirement."""
    profile = SupplierProfile("SUP-1", "Foshan Castings Co.", "CN", "castings", 1)
    suppliers.create_supplier(db, profile, "tests")
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    return [{"requirement": r.id, "verdict": "conforming"} for r in code.requirements]


def audit_body(findings: list[dict[str, str]], **fields: Any) -> dict[str, Any]:
    return {
        "supplier": "SUP-1",
        "code_version": "2026",
        "audit_type": "on_site_unannounced",
        "auditor": "A. Auditor",
        "started_on": "2026-03-09",
        "ended_on": "2026-03-10",
        "sites": ["Foshan plant"],
        "findings": findings,
        **fields,
    }


def with_verdicts(findings: list[dict[str, str]], **verdicts: str) -> list[dict[str, str]]:
    named = {k.replace("_", "-"): v for k, v in verdicts.items()}
    return [
        {**f, "verdict": named[f["requirement"]], "notes": "seen"}
        if f["requirement"] in named
        else f
        for f in findings
    ]


def test_a_completed_audit_shows_its_result_and_plan_deadline(
    client: TestClient, setup: list[dict[str, str]]
) -> None:
    findings = with_verdicts(setup, LAB_03="major", LAB_04="major", HS_01="major", ENV_01="major")
    response = client.post("/api/v1/audits", json=audit_body(findings, complete=True))
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/api/v1/audits/{body['reference']}"
    assert (body["status"], body["revision"], body["non_conformities"]) == ("completed", 1, 4)
    assert body["result"]["score"] == "84.21"
    assert body["result"]["pillar_scores"] == {
        "environment": "80.00",
        "labour_and_human_rights": "76.47",
        "health_and_safety": "80.00",
        "ethics_and_governance": "100.00",
    }
    assert (body["result"]["risk_level"], body["result"]["outcome"]) == (
        "medium",
        "conditionally_accepted",
    )
    deadline = client.get(f"/api/v1/audits/{body['reference']}?as_of=2026-09-10").json()
    assert deadline["plan_deadline"] == {
        "state": "pending",
        "due_on": "2026-09-10",
        "met_on": None,
        "late_on": None,
        "overdue_since": None,
        "reason": {
            "rule": "plan.deadline_pending",
            "text": "an improvement plan must be accepted by 2026-09-10; not yet on 2026-09-10",
        },
    }
    missed = client.get(f"/api/v1/audits/{body['reference']}?as_of=2026-09-11").json()
    assert missed["plan_deadline"]["state"] == "missed"
    assert missed["plan_deadline"]["overdue_since"] == "2026-09-11"  # the first day overdue


def test_a_draft_is_changed_then_completed(client: TestClient, setup: list[dict[str, str]]) -> None:
    created = client.post("/api/v1/audits", json=audit_body(setup[:3], reference="A-1"))
    assert created.status_code == 201
    assert (created.json()["status"], created.json()["result"]) == ("draft", None)
    incomplete = client.post("/api/v1/audits/A-1/complete")
    assert incomplete.status_code == 422
    assert incomplete.json()["errors"][0]["field"] == "findings"
    patched = client.patch("/api/v1/audits/A-1", json={"findings": setup, "auditor": "B. Auditor"})
    assert patched.status_code == 200
    assert (patched.json()["auditor"], patched.json()["sites"]) == ("B. Auditor", ["Foshan plant"])
    done = client.post("/api/v1/audits/A-1/complete")
    assert done.status_code == 200
    assert (done.json()["result"]["score"], done.json()["result"]["risk_level"]) == (
        "100.00",
        "low",
    )


def test_a_completed_audit_is_corrected_not_changed(
    client: TestClient, setup: list[dict[str, str]]
) -> None:
    client.post("/api/v1/audits", json=audit_body(setup, reference="A-1", complete=True))
    changed = client.patch("/api/v1/audits/A-1", json={"auditor": "Someone else"})
    assert changed.status_code == 409
    assert client.delete("/api/v1/audits/A-1").status_code == 409
    without_reason = client.post("/api/v1/audits/A-1/corrections", json={"auditor": "X"})
    assert without_reason.status_code == 422
    critical = with_verdicts(setup, LAB_01="critical")
    corrected = client.post(
        "/api/v1/audits/A-1/corrections",
        json={"reason": "child labour evidence came in late", "findings": critical},
    )
    assert corrected.status_code == 200, corrected.text
    assert (corrected.json()["revision"], corrected.json()["result"]["risk_level"]) == (2, "high")
    [old] = client.get("/api/v1/audits/A-1/revisions").json()
    assert (old["revision"], old["reason"]) == (1, "child labour evidence came in late")
    assert (old["snapshot"]["risk_level"], old["snapshot"]["score"]) == ("low", "100.00")


def test_bad_findings_are_all_reported(client: TestClient, setup: list[dict[str, str]]) -> None:
    findings = [*setup[:2], {"requirement": "ZZZ-1", "verdict": "minor"}]
    findings[1] = {
        **findings[1],
        "verdict": "critical",
        "notes": "x",
    }  # ENV-02 is not zero-tolerance
    response = client.post("/api/v1/audits", json=audit_body(findings, ended_on="2099-01-01"))
    assert response.status_code == 422
    assert sorted((e["field"], e.get("row")) for e in response.json()["errors"]) == [
        ("ended_on", None),
        ("requirement", 3),
        ("verdict", 2),
    ]


def test_an_unknown_verdict_is_a_schema_error(
    client: TestClient, setup: list[dict[str, str]]
) -> None:
    findings = [{**setup[0], "verdict": "fine"}]
    response = client.post("/api/v1/audits", json=audit_body(findings))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "findings.0.verdict"


def test_audits_are_listed_by_supplier_and_risk(
    client: TestClient, setup: list[dict[str, str]]
) -> None:
    client.post("/api/v1/audits", json=audit_body(setup, reference="A-1", complete=True))
    critical = with_verdicts(setup, ETH_01="critical")
    client.post("/api/v1/audits", json=audit_body(critical, reference="A-2", complete=True))
    high = client.get("/api/v1/audits?supplier=SUP-1&risk_level=high").json()
    assert [a["reference"] for a in high["items"]] == ["A-2"]
    first = client.get("/api/v1/audits?limit=1").json()
    assert ([a["reference"] for a in first["items"]], first["next_cursor"]) == (["A-1"], "A-1")
    second = client.get(f"/api/v1/audits?limit=1&after={first['next_cursor']}").json()
    assert ([a["reference"] for a in second["items"]], second["next_cursor"]) == (["A-2"], None)
    assert client.get("/api/v1/audits?supplier=NOPE").status_code == 404


def test_audits_export_and_import_as_sheets(
    client: TestClient, setup: list[dict[str, str]]
) -> None:
    client.post("/api/v1/audits", json=audit_body(setup, reference="A-1", complete=True))
    exported = client.get("/api/v1/audits/export.csv")
    assert exported.status_code == 200
    rows = [values for _, values in tabular.read_table(exported.content, "csv")]
    assert (len(rows), rows[0]["reference"], rows[0]["score"]) == (32, "A-1", "100.00")
    copy = exported.content.decode("utf-8-sig").replace("A-1,", "A-2,")
    imported = client.post(
        "/api/v1/audits/import", files={"file": ("audits.csv", copy.encode(), "text/csv")}
    )
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"audits": 1, "findings": 32, "completed": 1, "encoding": "utf-8"}
    again = client.post(
        "/api/v1/audits/import", files={"file": ("audits.csv", copy.encode(), "text/csv")}
    )
    assert again.status_code == 422
    assert again.json()["errors"][0] == {
        "field": "reference",
        "reason": "is already used by another audit",
        "row": 2,
        "value": "A-2",
    }
