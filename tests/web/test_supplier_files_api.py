"""POST /api/v1/suppliers/import and GET /api/v1/suppliers/export."""

from __future__ import annotations

import random
from pathlib import Path

from fastapi.testclient import TestClient

from supplyesg.services import tabular

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(
    client: TestClient, path: Path, name: str | None = None
) -> tuple[int, dict[str, object]]:
    files = {"file": (name or path.name, path.read_bytes(), "application/octet-stream")}
    response = client.post("/api/v1/suppliers/import", files=files)
    return response.status_code, response.json()


def rows_of(content: bytes, fmt: str) -> list[dict[str, str]]:
    return [cells for _row, cells in tabular.read_rows(content, fmt)]


def test_an_upload_creates_the_suppliers_and_says_how_many(
    client: TestClient, data_dir: Path
) -> None:
    status, body = upload(client, data_dir / "suppliers.csv")
    assert status == 200
    assert body == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "status_changes": 0,
        "links_added": 3,
        "links_removed": 0,
        "encoding": "utf-8",
    }
    supplier = client.get("/api/v1/suppliers/FG-220").json()
    assert (supplier["tier"], supplier["key_sub_supplier"]) == (2, True)


def test_a_bad_file_is_a_422_listing_every_problem_with_its_row(
    client: TestClient, data_dir: Path
) -> None:
    response = client.post(
        "/api/v1/suppliers/import",
        files={"file": ("bad.csv", (data_dir / "suppliers_bad.csv").read_bytes(), "text/csv")},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "The file was not imported: 17 problem(s); nothing changed."
    errors = body["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [
        (3, "country"),
        (4, "code"),
        (5, "annual_spend"),
        (6, "annual_spend"),
        (7, "currency"),
        (8, "supplies_to"),
        (9, "tier"),
        (10, "tier"),
        (11, "key_sub_supplier"),
        (12, "status"),
        (13, "contacts"),
        (13, "contacts[2].email"),
        (14, "supplies_to"),
        (16, "supplies_to"),
        (17, "legal_name"),
        (18, "key_sub_supplier"),
        (19, "code"),
    ]
    assert errors[2] == {
        "row": 5,
        "field": "annual_spend",
        "value": "-5",
        "reason": "must be zero or a positive amount",
    }
    assert client.get("/api/v1/suppliers").json()["items"] == []


def test_an_xlsx_upload_is_read_like_a_csv(
    client: TestClient, data_dir: Path, tmp_path: Path
) -> None:
    rows = rows_of((data_dir / "suppliers.csv").read_bytes(), "csv")
    workbook = tmp_path / "registry.xlsx"
    tabular.write_table(workbook, "xlsx", list(rows[0]), [list(row.values()) for row in rows])
    status, body = upload(client, workbook)
    assert (status, body["created"], body["links_added"]) == (200, 4, 3)


def test_a_file_over_the_upload_limit_is_a_413(client: TestClient, data_dir: Path) -> None:
    settings = client.app.state.settings  # type: ignore[attr-defined]
    client.app.state.settings = settings.model_copy(update={"max_upload_mb": 0})  # type: ignore[attr-defined]
    status, body = upload(client, data_dir / "suppliers.csv")
    assert status == 413
    assert body["detail"] == "The file is larger than the 0 MB upload limit."


def test_an_upload_that_is_not_csv_or_xlsx_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/v1/suppliers/import", files={"file": ("notes.pdf", b"%PDF-1.7", "application/pdf")}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "reason": "must end in .csv or .xlsx", "value": "notes.pdf"}
    ]


def test_the_export_downloads_the_registry_as_csv(client: TestClient, data_dir: Path) -> None:
    upload(client, data_dir / "suppliers.csv")
    response = client.get("/api/v1/suppliers/export?format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="suppliers-')
    assert disposition.endswith('.csv"')
    assert rows_of(response.content, "csv") == rows_of(
        (data_dir / "suppliers.csv").read_bytes(), "csv"
    )


def test_the_export_downloads_the_registry_as_xlsx(client: TestClient, data_dir: Path) -> None:
    upload(client, data_dir / "suppliers.csv")
    response = client.get("/api/v1/suppliers/export", params={"format": "xlsx"})
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert [row["code"] for row in rows_of(response.content, "xlsx")] == [
        "AX-001",
        "CS-014",
        "FG-220",
        "ST-300",
    ]


def test_an_unknown_export_format_is_a_422(client: TestClient) -> None:
    response = client.get("/api/v1/suppliers/export", params={"format": "pdf"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.format"


def test_export_is_not_taken_for_a_supplier_code(client: TestClient) -> None:
    created = client.post(
        "/api/v1/suppliers",
        json={
            "code": "export",
            "legal_name": "Export Co.",
            "country": "CN",
            "category": "steel",
            "tier": 1,
        },
    )
    assert created.status_code == 201
    assert created.json()["code"] == "EXPORT"
    response = client.get("/api/v1/suppliers/export")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[1].startswith("EXPORT,Export Co.,CN")
    assert client.get("/api/v1/suppliers/EXPORT").json()["legal_name"] == "Export Co."


def test_an_upload_saved_as_big5_by_excel_is_read_and_names_its_encoding(
    client: TestClient,
) -> None:
    text = "code,legal_name,country,category,tier\nTW-1,台灣精密鑄造股份有限公司,TW,castings,1\n"
    files = {"file": ("tw.csv", text.encode("cp950"), "text/csv")}
    response = client.post("/api/v1/suppliers/import", files=files)
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["encoding"]) == (1, "cp950")
    assert client.get("/api/v1/suppliers/TW-1").json()["legal_name"] == "台灣精密鑄造股份有限公司"


def test_an_upload_whose_encoding_is_doubtful_is_a_422_on_the_file(client: TestClient) -> None:
    noise = random.Random(7).randbytes(3000)
    files = {"file": ("noise.csv", b"code,legal_name,country,category,tier\n" + noise, "text/csv")}
    response = client.post("/api/v1/suppliers/import", files=files)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "file"
    assert "could not be determined with confidence" in error["reason"]
    assert "save it as CSV UTF-8" in error["reason"]
    assert client.get("/api/v1/suppliers").json()["items"] == []
