from typing import Any

from fastapi.testclient import TestClient

from planning_builders import rating, supplier
from supplyesg.db.session import Database

SCORES = b"supplier_code,quarter,quality,delivery,cost,service\r\nA1,2026Q1,80,90,70,60\r\n"


def upload(client: TestClient, content: bytes, name: str = "scores.csv") -> Any:
    return client.post("/api/v1/scorecards/scores", files={"file": (name, content, "text/csv")})


def test_the_default_weights_apply_until_a_set_is_saved(client: TestClient) -> None:
    assert client.get("/api/v1/scorecard-weights").json() == []
    found = client.get("/api/v1/scorecard-weights/2026Q1").json()
    assert found["effective_from"] is None
    assert found["components"][-1] == {"component": "esg", "weight_percent": "5"}


def test_weights_are_saved_from_a_quarter_on(client: TestClient) -> None:
    body = {
        "components": [
            {"component": "quality", "weight_percent": "60"},
            {"component": "esg", "weight_percent": 40},
        ]
    }
    saved = client.put("/api/v1/scorecard-weights/2026-Q2", json=body)
    assert saved.status_code == 200
    assert saved.json()["effective_from"] == "2026Q2"
    assert client.get("/api/v1/scorecard-weights/2026Q4").json()["effective_from"] == "2026Q2"
    assert [w["effective_from"] for w in client.get("/api/v1/scorecard-weights").json()] == [
        "2026Q2"
    ]


def test_an_esg_weight_below_one_percent_is_refused_with_a_clear_error(client: TestClient) -> None:
    body = {
        "components": [
            {"component": "quality", "weight_percent": "99.5"},
            {"component": "esg", "weight_percent": "0.5"},
        ]
    }
    response = client.put("/api/v1/scorecard-weights/2026Q1", json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "components[2].weight_percent",
            "reason": "the ESG weight must be at least 1% of the scorecard (manual section 3)",
            "value": "0.5",
        }
    ]


def test_a_bad_quarter_and_a_boolean_weight_are_refused(client: TestClient) -> None:
    bad_quarter = client.get("/api/v1/scorecard-weights/2026Q5")
    assert bad_quarter.status_code == 422
    assert bad_quarter.json()["errors"][0]["field"] == "quarter"
    body = {"components": [{"component": "esg", "weight_percent": True}]}
    assert client.put("/api/v1/scorecard-weights/2026Q1", json=body).status_code == 422


def test_scores_are_imported_and_the_quarter_is_ranked(client: TestClient, db: Database) -> None:
    supplier(db, "A1", category="axles")
    supplier(db, "A2", category="axles")
    imported = upload(client, SCORES + b"A2,2026Q1,90,90,90,90\r\n")
    assert imported.status_code == 200
    assert imported.json() == {"rows": 2, "scores": 8, "quarters": ["2026Q1"], "encoding": "utf-8"}
    rating(db, "A1", "2026Q1", "rated", 1)
    card = client.get("/api/v1/scorecards/2026Q1").json()
    assert card["weights"]["effective_from"] is None
    (axles,) = card["categories"]
    assert axles["category"] == "axles"
    ranked = [(s["rank"], s["supplier_code"], s["composite"]["score"]) for s in axles["suppliers"]]
    assert ranked == [(1, "A2", "90.00"), (2, "A1", "80.00")]
    a2 = axles["suppliers"][0]["composite"]
    assert a2["complete"] is False
    assert a2["parts"][0] == {
        "component": "quality",
        "weight_percent": "35",
        "score": "90",
        "effective_weight_percent": "36.84",
    }
    assert [r["rule"] for r in a2["reasons"]] == ["scorecard.esg.not_rated", "scorecard.missing"]


def test_a_bad_file_is_a_422_with_row_numbers(client: TestClient, db: Database) -> None:
    supplier(db, "A1")
    response = upload(client, SCORES + b"A1,2026Q2,80,90,70,-1\r\nZZ,2026Q2,1,1,1,1\r\n")
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [
        (3, "service"),
        (4, "supplier_code"),
    ]
    not_a_table = upload(client, b"just text", "notes.txt")
    assert not_a_table.status_code == 422
    assert not_a_table.json()["errors"][0]["field"] == "file"


def test_a_supplier_history_of_the_last_quarters(client: TestClient, db: Database) -> None:
    supplier(db, "A1")
    upload(client, SCORES)
    history = client.get(
        "/api/v1/scorecards/suppliers/A1", params={"last": "2026Q2", "quarters": 3}
    ).json()
    assert [(h["quarter"], h["composite"]["score"]) for h in history] == [
        ("2025Q4", None),
        ("2026Q1", "78.95"),
        ("2026Q2", None),
    ]
    assert client.get("/api/v1/scorecards/suppliers/NOPE").status_code == 404
