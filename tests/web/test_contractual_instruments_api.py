"""Contractual instruments through the API: recorded, counted in market-based Scope 2 beside
location-based, refused with a 422 naming the field, withdrawn."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

ENTITIES = [
    {"code": "GRP", "name": "Qilin Trucks Group", "kind": "group", "country": "CN"},
    {"code": "CQ1", "name": "Chongqing plant", "kind": "site", "country": "CN", "parent": "GRP"},
    {"code": "HK1", "name": "Hong Kong office", "kind": "site", "country": "HK", "parent": "GRP"},
]
URL = "/api/v1/esg-data/instruments"
CERTIFICATE = {
    "entity": "CQ1",
    "instrument": "certificate",
    "kwh": "400000",
    "starts_on": "2025-01-01",
    "ends_on": "2025-12-31",
    "evidence": "GEC 2025-CQ-000123 to 000522",
}


def _organisation(client: TestClient) -> None:
    for entity in ENTITIES:
        response = client.put(f"/api/v1/esg-data/entities/{entity['code']}", json=entity)
        assert response.status_code == 200, response.text
    for start in ("2024-01-01", "2025-01-01"):
        assert client.post("/api/v1/esg-data/periods", json={"start": start}).status_code == 201


def _electricity(client: TestClient) -> None:
    _organisation(client)
    for entity, value, unit in (("CQ1", "1200", "MWh"), ("HK1", "50000", "kWh")):
        fields = {"entity": entity, "metric": "electricity_purchased", "value": value}
        response = client.post(
            "/api/v1/esg-data/values", json={**fields, "unit": unit, "period": "2025"}
        )
        assert response.status_code == 201, response.text


def test_a_certificate_lowers_market_based_scope_2_and_leaves_location_based(
    client: TestClient,
) -> None:
    _electricity(client)
    before = client.get("/api/v1/esg-data/years/2025/ghg").json()
    # no instrument: CN at the residual mix 0.6096 (2023), HK at its location factor 0.7
    assert (before["scope2_t_co2e"], before["scope2_market_t_co2e"]) == ("671.72", "766.52")
    created = client.post(URL, json=CERTIFICATE)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["entity"], body["kwh"], body["kg_co2e_per_kwh"]) == ("CQ1", "400000", "0")
    ghg = client.get("/api/v1/esg-data/years/2025/ghg").json()
    # 400,000 kWh x 0 + 800,000 kWh x 0.6096 + 50,000 kWh x 0.7 = 487.68 + 35
    assert (ghg["scope2_t_co2e"], ghg["scope2_market_t_co2e"]) == ("671.72", "522.68")
    assert ghg["covered_kwh"] == "400000"
    bases = [(line["entity"], line["basis"], line["activity"]) for line in ghg["market_lines"]]
    assert bases == [
        ("CQ1", "instrument", "400000"),
        ("CQ1", "residual_mix", "800000"),
        ("HK1", "location_fallback", "50000"),
    ]
    certificate = ghg["market_lines"][0]["factors"][0]
    assert certificate["source"] == "Evidence: GEC 2025-CQ-000123 to 000522"
    assert "no residual mix is published for HK" in ghg["market_lines"][2]["note"]
    listed = client.get(URL, params={"year": 2025}).json()
    assert [i["id"] for i in listed] == [body["id"]]
    assert client.delete(f"{URL}/{body['id']}").status_code == 204
    assert client.get(URL).json() == []
    after = client.get("/api/v1/esg-data/years/2025/ghg").json()
    assert after["scope2_market_t_co2e"] == "766.52"
    assert client.delete(f"{URL}/{body['id']}").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kwh": "0"}, "kwh"),
        ({"kwh": "abc"}, "kwh"),
        ({"evidence": " "}, "evidence"),
        ({"entity": "NOPE"}, "entity"),
        ({"instrument": "voucher"}, "instrument"),
        ({"ends_on": "2024-12-31"}, "ends_on"),
        ({"starts_on": "2024-12-01"}, "starts_on"),  # straddles FY2024 and FY2025
        ({"instrument": "supplier_specific"}, "kg_co2e_per_kwh"),  # its rate must be stated
        ({"kg_co2e_per_kwh": "-1"}, "kg_co2e_per_kwh"),
        ({"starts_on": "2025-02-30"}, "starts_on"),
    ],
)
def test_a_bad_instrument_is_a_422_naming_the_field(
    client: TestClient, changes: dict[str, Any], field: str
) -> None:
    _organisation(client)
    response = client.post(URL, json={**CERTIFICATE, **changes})
    assert response.status_code == 422, response.text
    fields = [e["field"] for e in response.json()["errors"]]
    assert any(f == field or f.endswith(f".{field}") for f in fields), fields


def test_a_supplier_specific_rate_is_recorded_as_stated(client: TestClient) -> None:
    _electricity(client)
    body = {**CERTIFICATE, "instrument": "supplier_specific", "kg_co2e_per_kwh": "0.25"}
    assert client.post(URL, json=body).status_code == 201
    ghg = client.get("/api/v1/esg-data/years/2025/ghg").json()
    # 400,000 x 0.25 + 800,000 x 0.6096 + 50,000 x 0.7 = 100 + 487.68 + 35
    assert ghg["scope2_market_t_co2e"] == "622.68"


def test_an_unknown_year_and_id_are_not_found(client: TestClient) -> None:
    _organisation(client)
    assert client.get(URL, params={"year": 2019}).status_code == 404
    assert client.delete(f"{URL}/99").status_code == 404
    assert client.delete(f"{URL}/{2**31}").status_code == 422
