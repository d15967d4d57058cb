"""How the API answers a wrong method or a body that is not JSON."""

from fastapi.testclient import TestClient


def test_a_method_a_literal_path_does_not_answer_is_a_405_with_allow(client: TestClient) -> None:
    # GET /esg-data/values/{value_id} would take the path and refuse "approve" as an id.
    response = client.get("/api/v1/esg-data/values/approve")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [{"field": "method", "reason": "must be one of POST"}]


def test_a_405_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.put("/api/v1/suppliers", json={})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def test_a_parameterised_path_still_answers_its_own_methods(client: TestClient) -> None:
    assert client.get("/api/v1/esg-data/values/12345").status_code == 404
    assert client.get("/api/v1/nothing-here").status_code == 404


def test_malformed_json_names_the_body_and_where_it_breaks(client: TestClient) -> None:
    response = client.post(
        "/api/v1/suppliers", content=b'{\n  "code": ,', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "body"
    assert error["reason"] == "Expecting value (line 2, column 11)"


def test_the_route_with_most_literal_text_owns_the_path(client: TestClient) -> None:
    # /audits/export.{fmt} and /audits/{reference} both match /audits/export.csv.
    response = client.patch("/api/v1/audits/export.csv", json={})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_a_number_is_neither_an_instant_nor_a_day(client: TestClient) -> None:
    # Pydantic alone reads 0.5 and 0 as Unix timestamps; the schema says date-time and date.
    trail = client.get("/api/v1/audit-trail", params={"until": "0.5"})
    assert trail.status_code == 422
    assert trail.json()["errors"][0]["field"] == "query.until"
    assert (
        client.get("/api/v1/audit-trail", params={"since": "2026-01-01T00:00:00"})
        .json()["errors"][0]["reason"]
        .startswith("Value error, must name its time zone")
    )
    assert client.get("/api/v1/audit-trail", params={"until": "2026-01-01T00:00:00Z"}).is_success
    nc = client.get("/api/v1/non-conformities/1", params={"as_of": "0"})
    assert nc.status_code == 422
    assert nc.json()["errors"][0]["field"] == "query.as_of"
    deadlines = client.post("/api/v1/ratings/plan-deadlines", json={"as_of": 0})
    assert deadlines.status_code == 422
    assert deadlines.json()["errors"][0]["field"] == "as_of"


def test_a_job_id_beyond_any_table_is_a_422(client: TestClient) -> None:
    response = client.get("/api/v1/jobs/9223372036854775808/file")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.job_id"
