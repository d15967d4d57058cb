"""ESG figures, quality and emission factor pages, and the dashboard panel, over real data."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from fastapi.testclient import TestClient

from esg_builders import CHECKER, diesel_density, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.submissions import ReviewAction
from supplyesg.services import emission_factors, esg_data, esg_views, quality
from supplyesg.services.ghg import year_account
from supplyesg.web.deps import get_actor
from supplyesg.web.ui.rendering import number

D = Decimal
STAFF = "mei.chen@example.com"


def two_years(db: Database) -> None:
    """FY2024 and FY2025 of the Chongqing plant and the Hong Kong office, all approved."""
    organisation(db)
    diesel_density(db)
    ids = [submit(db, "CQ1", "electricity_purchased", "2024", "1000000", "kWh")]
    ids += [submit(db, "CQ1", "natural_gas_stationary", "2024", "400000", "m3")]
    ids += [submit(db, "GRP", "production_volume", "2024", "8000", "vehicle")]
    for month in range(1, 13):
        ids.append(submit(db, "CQ1", "electricity_purchased", f"2025-{month:02d}", "100", "MWh"))
    ids += [
        submit(db, "CQ1", "natural_gas_stationary", "2025", "500000", "m3"),
        submit(db, "CQ1", "diesel_mobile", "2025", "100000", "L"),
        submit(db, "CQ1", "nox_emissions", "2025", "0.5", "t"),
        submit(db, "HK1", "electricity_purchased", "2025", "50000", "kWh"),
        submit(db, "GRP", "production_volume", "2025", "10000", "vehicle"),
    ]
    esg_data.approve_values(db, ids, CHECKER)


@pytest.fixture
def staff(client: TestClient, db: Database) -> TestClient:
    """A client acting as one member of ESG staff, over two years of figures."""
    two_years(db)
    client.app.dependency_overrides[get_actor] = lambda: STAFF  # type: ignore[attr-defined]
    return client


def text(html: str) -> str:
    """The text of some HTML as a reader sees it: tags stripped, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, title_id: str) -> str:
    """The text of the panel whose heading has this id, from its heading."""
    after = html.split(f'id="{title_id}"', 1)[1].partition(">")[2]
    return text(after.split("</section>", 1)[0])


def reasons(html: str) -> dict[str, list[str]]:
    """The reasons shown beside each field, by field name."""
    found: dict[str, list[str]] = {}
    for name, reason in re.findall(r'<p class="field-error" id="err-([^"]+)">([^<]+)</p>', html):
        found.setdefault(name, []).append(unescape(reason))
    return found


# Figures


def test_the_figures_of_a_year_are_the_services_with_last_years_beside_them(
    staff: TestClient, db: Database
) -> None:
    response = staff.get("/esg-data/figures", params={"year": "2025"})
    assert response.status_code == 200
    account = year_account(db, 2025)
    ghg = account.ghg
    assert (ghg.scope1_t_co2e, ghg.scope2_t_co2e) == (D("1352.98791812"), D("671.72"))
    stats = [text(s) for s in re.findall(r'<div class="stat">(.*?)</div>', response.text, re.S)]
    assert stats == [
        "Scope 1 1,352.99 t CO₂e · ▲ +56.4 % vs FY2024",  # 864.88 t in FY2024
        "Scope 2 (location-based) 671.72 t CO₂e · ▲ +26.6 % vs FY2024",  # from 530.6 t
        # no instrument: mainland power at the residual mix 0.6096, Hong Kong at its 0.7
        "Scope 2 (market-based) 766.52 t CO₂e · ▲ +25.7 % vs FY2024",  # from 609.6 t
        "Scope 1 and 2 2,024.71 t CO₂e · ▲ +45.1 % vs FY2024",
        # 7,660.417 MWh from 5,325.667 (400,000 m3 of gas and 1,000 MWh of power)
        f"Energy consumed {number(account.energy.total_mwh, 2)} MWh · ▲ +43.8 % vs FY2024",
    ]
    ghg_panel = section(response.text, "ghg-title")
    assert "Stationary combustion (boilers, furnaces, generators) 1,081.10 t CO₂e 864.88" in (
        ghg_panel
    )
    assert "Mobile combustion (vehicles) 271.89 t CO₂e — —" in ghg_panel
    assert "Natural gas (pipeline) 1,081.10 t CO₂e 864.88 t CO₂e ▲ +25.0 %" in ghg_panel
    assert "Diesel (gas/diesel oil) 271.89 t CO₂e" in ghg_panel
    assert "CN 636.72 t CO₂e 530.60 t CO₂e ▲ +20.0 %" in ghg_panel
    assert "HK 35.00 t CO₂e — —" in ghg_panel


def test_each_emission_is_traced_to_its_activity_factors_and_sources(staff: TestClient) -> None:
    html = staff.get("/esg-data/figures?year=2025").text
    panel = section(html, "ghg-title")
    working = panel.split("Factors used")[0]
    notes = r'<li id="ghg-factor-(\d+)">\s*<span class="code">([^<]+)</span>'
    number = {factor_id: n for n, factor_id in re.findall(notes, html)}
    gas, tonnes = number["cn.ng.co2"], number["unit.kg_to_t"]
    assert (
        "1 CQ1 Natural gas (boilers and furnaces) Natural gas (pipeline) CO2 "
        f"500,000 m³ × 2.1622 kg/m³ {gas} × 0.001 t/kg {tonnes} = 1,081.100 t CO₂e"
    ) in working
    density, ncv = number["org.density.diesel"], number["ipcc2006.ncv.gas_diesel"]
    assert (
        f"100,000 L × 0.00084 t/L {density} × 43 GJ/t {ncv} × 74.1 kg/GJ "
        f"{number['ipcc2006.co2.gas_diesel']} × 0.001 t/kg {tonnes} = 267.649 t CO₂e"
    ) in working
    assert f"1,200,000 kWh × 0.5306 kg/kWh {number['cn.grid.national.2023']}" in working
    sources = panel.split("Factors used")[1]
    assert (
        "org.density.diesel 0.00084 t/L Ours Average density on the fuel supplier's delivery notes"
    ) in sources
    assert "cn.ng.co2 2.1622 kg/m³ · " in sources
    assert "China national GHG accounting guidelines for enterprises" in sources
    assert "unit.kg_to_t 0.001 t/kg · Kilograms to tonnes SI definition of the tonne" in sources


def test_intensities_keep_significant_figures_and_never_print_zero(
    staff: TestClient, db: Database
) -> None:
    response = staff.get("/esg-data/figures?year=2025")
    panel = section(response.text, "intensity-title")
    assert "Intensities per vehicles produced" in panel
    assert "Purchased electricity 125.00 kWh/vehicle" in panel  # 1,250,000 kWh / 10,000
    assert "Nitrogen oxides (NOx) 0.0000500 t/vehicle — —" in panel  # 0.5 t / 10,000
    assert "Scope 1 and 2 emissions 0.20 t CO2e/vehicle 0.17 t CO2e/vehicle ▲ +16.1 %" in panel
    assert " 0.00 " not in panel

    revenue = staff.get("/esg-data/figures?year=2025&normaliser=revenue")
    assert "No revenue entered for this year: intensities need it." in revenue.text


def test_the_charts_draw_the_scopes_of_every_year_and_the_energy_mix(
    staff: TestClient, db: Database
) -> None:
    response = staff.get("/esg-data/figures?year=2025")
    raw = response.text.split('id="esg-chart-data">', 1)[1].split("</script>", 1)[0]
    chart = json.loads(raw)["chart"]
    assert chart["years"] == ["FY2024", "FY2025"]
    assert chart["scope1"] == [864.88, 1352.99]
    assert chart["scope2"] == [530.6, 671.72]
    mix = dict(zip(chart["mix_labels"], chart["mix_mwh"], strict=True))
    assert mix["Purchased electricity"] == 1250.0
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in response.text
    assert staff.get("/static/esg/charts.js").status_code == 200


def test_approved_only_figures_leave_values_in_review_out(staff: TestClient, db: Database) -> None:
    submit(db, "HK1", "diesel_stationary", "2025", "1000", "L")
    everything = staff.get("/esg-data/figures?year=2025")
    approved = staff.get("/esg-data/figures?year=2025&approved=true")
    scope1 = year_account(db, 2025, approved_only=True).ghg.scope1_t_co2e
    assert f"Scope 1 {number(scope1, 2)} t CO₂e" in text(approved.text)
    assert f"Scope 1 {number(scope1, 2)} t CO₂e" not in text(everything.text)


# Quality


def test_the_quality_list_is_the_services_and_an_explanation_answers_a_missing_kpi(
    staff: TestClient, db: Database
) -> None:
    issues = quality.quality_issues(db, 2025)
    response = staff.get("/esg-data/quality?year=2025")
    assert response.status_code == 200
    messages = [text(m) for m in re.findall(r'<p class="issue-message">(.*?)</p>', response.text)]
    assert messages == [i.message for i in issues]
    assert any("KPI A2.2 (Water consumption and intensity)" in m for m in messages)
    assert f"{len(issues)} Open issues, FY2025" in text(response.text)

    saved = staff.post(
        "/esg-data/quality/explanations",
        data={"year": "2025", "kind": "omission", "subject": "A2.2", "text": "No meters yet."},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == "/esg-data/quality?year=2025"
    after = staff.get(saved.headers["location"])
    assert "Explanation of A2.2 saved for FY2025." in after.text
    assert "KPI A2.2 (Water consumption" not in section(after.text, "issues-title")
    assert "A2.2 KPI not disclosed mei.chen@example.com" in section(
        after.text, "explanations-title"
    )
    assert len(quality.quality_issues(db, 2025)) == len(issues) - 1


def test_an_empty_explanation_is_refused_beside_its_text(staff: TestClient, db: Database) -> None:
    response = staff.post(
        "/esg-data/quality/explanations",
        data={"year": "2025", "kind": "omission", "subject": "A2.2", "text": "  "},
    )
    assert response.status_code == 422
    assert reasons(response.text) == {"text": ["is required, at most 4000 characters"]}
    assert '<details class="explain" open>' in response.text
    assert esg_data.explanations(db, 2025) == []


# Emission factors


def test_the_factor_library_shows_values_units_and_sources(staff: TestClient) -> None:
    response = staff.get("/emission-factors")
    assert response.status_code == 200
    own = section(response.text, "own-title")
    assert (
        "org.density.diesel Density Diesel (gas/diesel oil) CO2 0.84 kg/L — "
        "Average density on the fuel supplier's delivery notes Change Remove"
    ) in own
    grid = section(response.text, "kind-grid")
    assert "cn.grid.national.2022 Mainland China national grid average 2022 CN CO2 " in grid
    assert (
        "0.5366 kg/kWh 0.5366 kg/kWh 2022 MEE and NBS, Announcement on releasing the 2022" in grid
    )


def test_an_own_grid_factor_is_saved_with_its_source_and_used_at_once(
    staff: TestClient, db: Database
) -> None:
    form = staff.get("/emission-factors/new?override=cn.grid.national.2022")
    assert 'name="factor_id" type="text" value="cn.grid.national.2022"' in form.text
    response = staff.post(
        "/emission-factors/new",
        data={
            "factor_id": "org.grid.cn.2025",
            "kind": "grid",
            "subject": "CN",
            "gas": "CO2",
            "basis": "activity",
            "value": "0.5",
            "unit": "kg/kWh",
            "year": "2025",
            "title": "Provincial grid 2025",
            "source_note": "Provincial announcement of 2026",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    own = [f.id for f in emission_factors.organisation_factors(db)]
    assert own == ["org.density.diesel", "org.grid.cn.2025"]
    figures = section(staff.get("/esg-data/figures?year=2025").text, "ghg-title")
    assert "CN 600.00 t CO₂e" in figures  # 1,200,000 kWh x 0.5 kg/kWh
    assert (
        "org.grid.cn.2025 0.5 kg/kWh · Provincial grid 2025 (2025) Ours "
        "Provincial announcement of 2026"
    ) in figures


def test_a_factor_form_shows_every_problem_beside_its_field(
    staff: TestClient, db: Database
) -> None:
    response = staff.post(
        "/emission-factors/new",
        data={"factor_id": "Bad Id", "kind": "grid", "subject": "CN", "gas": "CO2",
              "basis": "activity", "value": "abc", "unit": "kg/kWh", "year": "",
              "source_note": ""},
    )  # fmt: skip
    assert response.status_code == 422
    found = reasons(response.text)
    assert found["value"] == ["is not a number"]
    assert found["factor_id"] == ["must be 2 to 80 lower-case letters, digits, '.', '_' or '-'"]
    assert found["source_note"] == ["say where the value comes from"]
    assert found["year"] == ["a grid factor is for a year"]
    assert 'name="value" type="text" value="abc"' in response.text
    assert [f.id for f in emission_factors.organisation_factors(db)] == ["org.density.diesel"]


def test_removing_an_own_factor_brings_back_the_default(staff: TestClient, db: Database) -> None:
    response = staff.post("/emission-factors/org.density.diesel/remove")
    assert response.status_code == 200
    assert "Factor org.density.diesel removed; the default applies again." in response.text
    assert emission_factors.organisation_factors(db) == []


# Dashboard


def test_the_dashboard_shows_the_latest_years_emissions_change_and_open_issues(
    staff: TestClient, db: Database
) -> None:
    home = staff.get("/")
    panel = section(home.text, "esg-title")
    assert panel.startswith("Corporate ESG data Figures →")
    assert "Working out the FY2025 figures…" in panel  # they come once the page is shown
    assert 'hx-get="/esg-data/overview" hx-trigger="load"' in home.text

    overview = staff.get("/esg-data/overview", headers={"HX-Request": "true"})
    assert overview.status_code == 200
    figures = text(overview.text)
    issues = quality.quality_issues(db, 2025)
    assert "2,025 t CO₂e, Scope 1 and 2, FY2025" in figures
    assert "▲ +45.1 % Change from FY2024" in figures
    assert f"{len(issues)} open quality issues (0 to fix)" in figures
    assert "0 values waiting for a checker" in figures
    assert esg_views.esg_overview(db).total_t_co2e == D("2024.70791812")


def test_the_dashboard_says_when_there_is_no_esg_data(client: TestClient) -> None:
    panel = section(client.get("/").text, "esg-title")
    assert "No ESG data yet." in panel
    assert "No ESG data yet." in client.get("/esg-data/overview").text


def test_a_value_waiting_is_counted_on_the_dashboard(staff: TestClient, db: Database) -> None:
    value_id = submit(db, "HK1", "water_consumption", "2025", "1200", "m3")
    assert "1 value waiting for a checker" in text(staff.get("/esg-data/overview").text)
    esg_data.review_value(db, value_id, ReviewAction.APPROVE, CHECKER)
    assert "0 values waiting for a checker" in text(staff.get("/esg-data/overview").text)
