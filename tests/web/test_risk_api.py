from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from planning_builders import DESKTOP, HIGH, LOW, audit, supplier
from supplyesg.db.session import Database
from supplyesg.domain.access import Role

ClientFactory = Callable[..., TestClient]


def test_the_register_lists_each_supplier_with_its_reasons(
    client: TestClient, db: Database
) -> None:
    supplier(db, "CN-CAST", country="CN", category="castings")
    audit(db, "CN-CAST", date(2026, 3, 10), LOW, DESKTOP)
    supplier(db, "DE-SOFT")
    response = client.get("/api/v1/risk/register", params={"as_of": "2026-09-30"})
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2026-09-30"
    assert body["counts"] == {"low": 1, "medium": 0, "high": 1}
    assert body["next_after"] is None
    cast = body["items"][0]
    assert (cast["supplier_code"], cast["inherent_risk"], cast["resulting_risk"]) == (
        "CN-CAST",
        "high",
        "high",
    )
    assert cast["latest_audit"] == {
        "reference": cast["latest_audit"]["reference"],
        "ended_on": "2026-03-10",
        "risk_level": "low",
        "outcome": "accepted",
        "on_site": False,
    }
    assert [r["rule"] for r in cast["reasons"]] == [
        "risk.inherent.country",
        "risk.inherent.category",
        "risk.resulting",
    ]


def test_the_register_pages_and_filters_by_level(client: TestClient, db: Database) -> None:
    for code in ("H1", "H2", "H3"):
        supplier(db, code, country="CD")
    supplier(db, "L1")
    first = client.get("/api/v1/risk/register", params={"level": "high", "limit": 2}).json()
    assert [i["supplier_code"] for i in first["items"]] == ["H1", "H2"]
    assert first["next_after"] == "H2"
    second = client.get(
        "/api/v1/risk/register", params={"level": "high", "limit": 2, "after": "H2"}
    ).json()
    assert [i["supplier_code"] for i in second["items"]] == ["H3"]
    assert second["next_after"] is None


def test_one_supplier_risk_and_an_unknown_one(client: TestClient, db: Database) -> None:
    supplier(db, "S1", country="CN", category="castings")
    audit(db, "S1", date(2026, 3, 10), HIGH)
    found = client.get("/api/v1/risk/suppliers/S1", params={"as_of": "2026-06-30"})
    assert found.status_code == 200
    assert (found.json()["resulting_risk"], found.json()["last_on_site_on"]) == (
        "high",
        "2026-03-10",
    )
    missing = client.get("/api/v1/risk/suppliers/NOPE")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "There is no supplier with code 'NOPE'."


def test_a_table_entry_is_saved_shown_and_removed(client: TestClient, db: Database) -> None:
    saved = client.put(
        "/api/v1/risk/factors/category/paint and coatings",
        json={"level": "medium", "rationale": "Water-based paints only since 2025."},
    )
    assert saved.status_code == 200
    assert (saved.json()["key"], saved.json()["shipped"], saved.json()["saved"]) == (
        "paint and coatings",
        True,
        True,
    )
    table = client.get("/api/v1/risk/factors/category").json()
    assert table[0]["key"] == "*"
    paints = next(e for e in table if e["key"] == "paint and coatings")
    assert (paints["level"], paints["changed_by"]) == ("medium", saved.json()["changed_by"])
    assert client.delete("/api/v1/risk/factors/category/paint and coatings").status_code == 204
    again = client.delete("/api/v1/risk/factors/category/paint and coatings")
    assert again.status_code == 404


def test_a_bad_entry_is_a_422_listing_each_field(client: TestClient) -> None:
    response = client.put(
        "/api/v1/risk/factors/country/XX", json={"level": "high", "rationale": ""}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["key", "rationale"]
    unknown_level = client.put(
        "/api/v1/risk/factors/country/CN", json={"level": "severe", "rationale": "x"}
    )
    assert unknown_level.status_code == 422
    assert unknown_level.json()["errors"][0]["field"] == "level"


def test_a_viewer_reads_the_register_but_cannot_change_the_tables(
    client_as: ClientFactory,
) -> None:
    viewer = client_as(Role.VIEWER)
    assert viewer.get("/api/v1/risk/register").status_code == 200
    refused = viewer.put(
        "/api/v1/risk/factors/country/CN", json={"level": "high", "rationale": "x"}
    )
    assert refused.status_code == 403
