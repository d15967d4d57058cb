from typing import Any

from fastapi.testclient import TestClient

from supplyesg.services import tabular

CODE: dict[str, Any] = {
    "version": "2027",
    "title": "Supplier code of conduct 2027",
    "effective_from": "2027-01-01",
    "requirements": [
        {"id": "ENV-01", "pillar": "environment", "text": "Holds its permits", "weight": "2"},
        {
            "id": "LAB-01",
            "pillar": "labour_and_human_rights",
            "text": "Employs no child",
            "weight": 3,
            "zero_tolerance": True,
        },
        {"id": "HS-01", "pillar": "health_and_safety", "text": "Assesses hazards"},
        {
            "id": "ETH-01",
            "pillar": "ethics_and_governance",
            "text": "Offers no bribe",
            "weight": "3",
            "zero_tolerance": True,
        },
    ],
}


def test_a_new_version_is_stored_and_read_back(client: TestClient) -> None:
    response = client.post("/api/v1/code-of-conduct", json=CODE)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/api/v1/code-of-conduct/2027"
    body = client.get("/api/v1/code-of-conduct/2027").json()
    assert [(r["id"], r["weight"], r["zero_tolerance"]) for r in body["requirements"]] == [
        ("ENV-01", "2", False),
        ("LAB-01", "3", True),
        ("HS-01", "1", False),
        ("ETH-01", "3", True),
    ]
    listed = client.get("/api/v1/code-of-conduct").json()
    assert listed == [
        {
            "version": "2027",
            "title": "Supplier code of conduct 2027",
            "effective_from": "2027-01-01",
            "requirement_count": 4,
        }
    ]


def test_a_version_is_never_overwritten(client: TestClient) -> None:
    client.post("/api/v1/code-of-conduct", json=CODE)
    response = client.post("/api/v1/code-of-conduct", json={**CODE, "title": "Changed"})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "version"


def test_every_broken_requirement_is_reported_with_its_row(client: TestClient) -> None:
    broken = [dict(r) for r in CODE["requirements"]]
    broken[0]["id"] = "env 1"
    broken[2]["weight"] = "0"
    response = client.post("/api/v1/code-of-conduct", json={**CODE, "requirements": broken})
    assert response.status_code == 422
    assert [(e["field"], e["row"]) for e in response.json()["errors"]] == [
        ("id", 1),
        ("weight", 3),
    ]


def test_a_boolean_is_not_a_weight(client: TestClient) -> None:
    broken = [{**CODE["requirements"][0], "weight": True}, *CODE["requirements"][1:]]
    response = client.post("/api/v1/code-of-conduct", json={**CODE, "requirements": broken})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "requirements.0.weight"


def test_the_code_exports_as_xlsx_and_imports_back_as_a_new_version(client: TestClient) -> None:
    client.post("/api/v1/code-of-conduct", json=CODE)
    exported = client.get("/api/v1/code-of-conduct/2027/export.xlsx")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"] == (
        'attachment; filename="code-of-conduct-2027.xlsx"'
    )
    rows = [values for _, values in tabular.read_table(exported.content, "xlsx")]
    assert rows[1] == {
        "version": "2027",
        "title": "Supplier code of conduct 2027",
        "effective_from": "2027-01-01",
        "id": "LAB-01",
        "pillar": "labour_and_human_rights",
        "text": "Employs no child",
        "weight": "3",
        "zero_tolerance": "true",
    }
    client.delete("/api/v1/code-of-conduct/2027")
    response = client.post(
        "/api/v1/code-of-conduct/import",
        files={"file": ("code.xlsx", exported.content, "application/octet-stream")},
    )
    assert response.status_code == 201, response.text
    assert response.json()["requirements"][3]["id"] == "ETH-01"


def test_an_unreadable_upload_is_a_422_not_a_500(client: TestClient) -> None:
    response = client.post(
        "/api/v1/code-of-conduct/import",
        files={"file": ("code.xlsx", b"not a workbook", "application/octet-stream")},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


def test_an_export_in_an_unknown_format_is_refused(client: TestClient) -> None:
    client.post("/api/v1/code-of-conduct", json=CODE)
    response = client.get("/api/v1/code-of-conduct/2027/export.pdf")
    assert response.status_code == 422


def test_an_unknown_version_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/code-of-conduct/1999")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no code of conduct version '1999'."
