from typing import Any

import pytest
from fastapi.testclient import TestClient

from supplyesg.domain.access import Role

ClientFactory = Any

ENTITIES = [
    {"code": "GRP", "name": "Qilin Trucks Group", "kind": "group", "country": "CN"},
    {"code": "CQ1", "name": "Chongqing plant", "kind": "site", "country": "CN", "parent": "GRP"},
    {
        "code": "HK1",
        "name": "Hong Kong office",
        "kind": "site",
        "country": "HK",
        "parent": "GRP",
        "grid_region": "HK",
    },
]


def _organisation(client: TestClient) -> None:
    for entity in ENTITIES:
        response = client.put(f"/api/v1/esg-data/entities/{entity['code']}", json=entity)
        assert response.status_code == 200, response.text
    assert client.post("/api/v1/esg-data/periods", json={"start": "2025-01-01"}).status_code == 201


def _submit(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/esg-data/values", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_entities_and_periods_are_set_up_through_the_api(client: TestClient) -> None:
    _organisation(client)
    entities = client.get("/api/v1/esg-data/entities").json()
    assert [(e["code"], e["parent"], e["grid_region"]) for e in entities] == [
        ("CQ1", "GRP", ""),
        ("GRP", None, ""),
        ("HK1", "GRP", "HK"),
    ]
    assert client.get("/api/v1/esg-data/periods").json() == [
        {"year": 2025, "label": "FY2025", "start": "2025-01-01", "end": "2025-12-31"}
    ]
    clash = client.post("/api/v1/esg-data/periods", json={"start": "2025-07-01"})
    assert clash.status_code == 409
    mismatch = client.put("/api/v1/esg-data/entities/XX", json=ENTITIES[0])
    assert mismatch.status_code == 422
    assert mismatch.json()["errors"][0]["field"] == "code"


def test_the_catalogue_lists_every_quantitative_kpi_with_its_metrics(client: TestClient) -> None:
    body = client.get("/api/v1/metrics").json()
    kpis = {k["code"]: k for k in body["kpis"]}
    assert list(kpis) == [
        "A1.1", "A1.2", "A1.3", "A1.4", "A2.1", "A2.2", "A2.5", "B1.1", "B1.2", "B2.1", "B2.2",
        "B3.1", "B3.2", "B5.1", "B5.2", "B6.1", "B6.2", "B7.1", "B8.2",
    ]  # fmt: skip
    assert kpis["B1.2"]["ratios"] == ["turnover_rate"]
    assert "electricity_purchased" in kpis["A1.2"]["metrics"]
    workforce = next(m for m in body["metrics"] if m["code"] == "workforce")
    assert workforce["breakdowns"] == [
        "gender", "employment_type", "age_group", "region", "employee_category",
    ]  # fmt: skip


def test_a_custom_metric_joins_the_catalogue(client: TestClient) -> None:
    created = client.post(
        "/api/v1/metrics",
        json={
            "code": "scrap_steel_sold",
            "title": "Scrap steel sold",
            "quantity": "mass",
            "unit": "t",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["custom"] is True
    wrong = client.post(
        "/api/v1/metrics",
        json={"code": "paint", "title": "Paint", "quantity": "energy", "unit": "L"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == [
        {"field": "unit", "reason": "is not a unit of energy", "value": "L"}
    ]


def test_litres_for_electricity_are_refused_with_a_problem_document(client: TestClient) -> None:
    _organisation(client)
    response = client.post(
        "/api/v1/esg-data/values",
        json={
            "entity": "CQ1",
            "metric": "electricity_purchased",
            "period": "2025-01",
            "value": "100",
            "unit": "L",
        },
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {
            "field": "unit",
            "reason": "L measures a volume, but the value must be an energy in kWh "
            "(electricity_purchased)",
            "value": "L",
        }
    ]


@pytest.mark.parametrize(
    ("unit", "reason"),
    [
        ("¶{", "is not a unit we know (try kWh, m3, L, t, person, CNY)"),
        ("kWh/0", "is not a unit we know (try kWh, m3, L, t, person, CNY)"),
        ("kWh**9**9**9", "is not a unit we know (try kWh, m3, L, t, person, CNY)"),
        ("'kWh'", "is not a unit we know (try kWh, m3, L, t, person, CNY)"),
        ("-1 kWh", "must be a unit such as kWh, not an expression of one"),
        ("k" * 41, "is longer than 40 characters"),
    ],
)
def test_a_unit_pint_cannot_read_is_a_422_naming_the_unit(
    client: TestClient, unit: str, reason: str
) -> None:
    _organisation(client)
    response = client.post(
        "/api/v1/esg-data/values",
        json={
            "entity": "CQ1",
            "metric": "electricity_purchased",
            "period": "2025-01",
            "value": "100",
            "unit": unit,
        },
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert (error["field"], error["reason"]) == ("unit", reason)
    assert client.get("/api/v1/esg-data/values").json()["items"] == []


def test_an_import_row_with_an_unreadable_unit_names_row_and_unit(client: TestClient) -> None:
    _organisation(client)
    csv = "entity,metric,period,value,unit\nCQ1,electricity_purchased,2025-01,100,¶{\n"
    response = client.post(
        "/api/v1/esg-data/imports", files={"file": ("values.csv", csv.encode(), "text/csv")}
    )
    assert response.status_code == 422, response.text
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(2, "unit")]
    assert client.get("/api/v1/esg-data/values").json()["items"] == []


def test_a_boolean_is_not_a_value(client: TestClient) -> None:
    _organisation(client)
    response = client.post(
        "/api/v1/esg-data/values",
        json={
            "entity": "CQ1",
            "metric": "workforce",
            "period": "2025",
            "value": True,
            "unit": "person",
        },
    )
    assert response.status_code == 422


def test_maker_submits_and_another_person_approves(client_as: ClientFactory) -> None:
    maker = client_as(Role.ESG_MANAGER)
    checker = client_as(Role.ESG_MANAGER)
    _organisation(maker)
    value = _submit(
        maker,
        entity="CQ1",
        metric="electricity_purchased",
        period="2025-01",
        value="1250.5",
        unit="MWh",
        source_note="Meter EM-01",
        evidence="bill-2025-01.pdf",
    )
    assert (value["value"], value["unit"], value["entered_value"], value["status"]) == (
        "1250500",
        "kWh",
        "1250.5",
        "submitted",
    )
    own = maker.post(f"/api/v1/esg-data/values/{value['id']}/approve", json={})
    assert own.status_code == 422
    assert own.json()["errors"][0]["field"] == "actor"
    returned = checker.post(f"/api/v1/esg-data/values/{value['id']}/return", json={"comment": ""})
    assert returned.status_code == 422
    approved = checker.post(f"/api/v1/esg-data/values/{value['id']}/approve", json={})
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    locked = maker.post(
        "/api/v1/esg-data/values",
        json={
            "entity": "CQ1",
            "metric": "electricity_purchased",
            "period": "2025-01",
            "value": "1",
            "unit": "kWh",
        },
    )
    assert locked.status_code == 422
    assert "locked" in locked.json()["errors"][0]["reason"]
    history = checker.get(f"/api/v1/esg-data/values/{value['id']}/history").json()
    assert [(h["action"], h["before_status"], h["after_status"]) for h in history] == [
        ("submit", "", "submitted"),
        ("approve", "submitted", "approved"),
    ]


def test_a_viewer_may_read_but_not_submit(client: TestClient, client_as: ClientFactory) -> None:
    _organisation(client)
    viewer = client_as(Role.VIEWER)
    assert viewer.get("/api/v1/esg-data/values").status_code == 200
    refused = viewer.post(
        "/api/v1/esg-data/values",
        json={
            "entity": "CQ1",
            "metric": "workforce",
            "period": "2025",
            "value": 1,
            "unit": "person",
        },
    )
    assert refused.status_code == 403


def test_an_import_with_bad_rows_lists_each_and_writes_nothing(client: TestClient) -> None:
    _organisation(client)
    csv = (
        "entity,metric,period,value,unit\n"
        "CQ1,electricity_purchased,2025-01,100,kWh\n"
        "CQ1,electricity_purchased,2025-02,100,L\n"
        "ZZ,water_consumption,2025,5,m3\n"
    )
    response = client.post(
        "/api/v1/esg-data/imports", files={"file": ("values.csv", csv.encode(), "text/csv")}
    )
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [
        (3, "unit"),
        (4, "entity"),
    ]
    assert client.get("/api/v1/esg-data/values").json()["items"] == []
    good = csv.splitlines()[:2]
    created = client.post(
        "/api/v1/esg-data/imports",
        files={"file": ("values.csv", ("\n".join(good) + "\n").encode(), "text/csv")},
    )
    assert created.status_code == 201
    assert {k: created.json()[k] for k in ("rows", "created", "updated", "unchanged")} == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
    }
    own = client.post(f"/api/v1/esg-data/imports/{created.json()['import_id']}/approve")
    assert own.status_code == 422
    assert own.json()["errors"][0]["reason"] == (
        "the person who submitted a value cannot approve it"
    )


def test_ghg_energy_and_intensities_show_their_working(client: TestClient) -> None:
    _organisation(client)
    density = client.put(
        "/api/v1/emission-factors/organisation/org.density.diesel",
        json={
            "id": "org.density.diesel",
            "kind": "density",
            "subject": "diesel",
            "value": "0.84",
            "unit": "kg/L",
            "source_note": "Fuel supplier delivery notes",
        },
    )
    assert density.status_code == 200, density.text
    assert (density.json()["value"], density.json()["unit"]) == ("0.00084", "t/L")
    for fields in (
        {"entity": "CQ1", "metric": "diesel_mobile", "value": "100000", "unit": "L"},
        {"entity": "CQ1", "metric": "electricity_purchased", "value": "1200", "unit": "MWh"},
        {"entity": "HK1", "metric": "electricity_purchased", "value": "50000", "unit": "kWh"},
        {"entity": "GRP", "metric": "production_volume", "value": "10000", "unit": "vehicles"},
    ):
        _submit(client, period="2025", **fields)
    ghg = client.get("/api/v1/esg-data/years/2025/ghg").json()
    assert (ghg["scope1_t_co2e"], ghg["scope2_t_co2e"], ghg["total_t_co2e"]) == (
        "271.88791812",  # CO2 267.6492 + CH4 and N2O of road diesel (IPCC 2006 Table 3.2.2)
        "671.72",
        "943.60791812",
    )
    diesel = next(line for line in ghg["lines"] if line["metric"] == "diesel_mobile")
    assert [f["factor_id"] for f in diesel["factors"]] == [
        "org.density.diesel", "ipcc2006.ncv.gas_diesel", "ipcc2006.co2.gas_diesel", "unit.kg_to_t",
    ]  # fmt: skip
    assert diesel["factors"][1]["source"].startswith("IPCC 2006 Guidelines")
    energy = client.get("/api/v1/esg-data/years/2025/energy").json()
    assert energy["indirect_mwh"] == "1250"
    diesel_energy = next(line for line in energy["lines"] if line["metric"] == "diesel_mobile")
    gas_to_mwh = diesel_energy["factors"][-1]
    assert (gas_to_mwh["factor_id"], gas_to_mwh["value"]) == (
        "unit.gj_to_mwh",
        "0.2777777777777777777777777778",
    )
    intensities = {
        i["metric"]: i for i in client.get("/api/v1/esg-data/years/2025/intensities").json()
    }
    assert (intensities["ghg_total"]["value"], intensities["ghg_total"]["shown"]) == (
        "0.094360791812",
        "0.0944",
    )
    figures = client.get("/api/v1/esg-data/years/2025/figures").json()
    assert {m["code"]: m["total"] for m in figures["metrics"]}["electricity_purchased"] == "1250000"
    assert client.get("/api/v1/esg-data/years/2025/ghg?gwp=AR9").status_code == 422


def test_the_quality_list_and_supply_chain_kpis_are_served(client: TestClient) -> None:
    _organisation(client)
    _submit(
        client,
        entity="CQ1",
        metric="electricity_purchased",
        period="2025-01",
        value="1",
        unit="kWh",
    )
    quality = client.get("/api/v1/esg-data/years/2025/quality").json()
    assert quality["errors"] >= 1
    assert quality["issues"][0]["severity"] == "error"
    assert any(i["kind"] == "missing_months" for i in quality["issues"])
    chain = client.get("/api/v1/esg-data/years/2025/supply-chain").json()
    assert (chain["supplier_count"], chain["by_region"], chain["max_tier"]) == (0, [], 1)
    assert client.get("/api/v1/esg-data/years/2031/quality").status_code == 404


def test_the_factor_library_lists_sources(client: TestClient) -> None:
    body = client.get("/api/v1/emission-factors").json()
    assert body["version"] == "2025.3"
    grid = next(f for f in body["factors"] if f["id"] == "cn.grid.national.2022")
    assert (grid["value"], grid["unit"], grid["year"]) == ("0.5366", "kg/kWh", 2022)
    assert "MEE" in grid["source"]
    missing = client.delete("/api/v1/emission-factors/organisation/org.none")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/esg-data/values/999999", "/api/v1/esg-data/values/999999/history"]
)
def test_unknown_values_are_not_found(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/esg-data/values/99999999999999999999",
        "/api/v1/esg-data/values?after=99999999999999999999",
        "/api/v1/esg-data/values?year=99999999999999999999",
        "/api/v1/esg-data/years/99999999999999999999/supply-chain",
        "/api/v1/esg-data/explanations?year=99999999999999999999",
    ],
)
def test_numbers_no_record_can_have_are_refused_as_input_errors(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["title"] == "Invalid input"


def test_a_number_is_not_a_start_day(client: TestClient) -> None:
    response = client.post("/api/v1/esg-data/periods", json={"start": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "start"
