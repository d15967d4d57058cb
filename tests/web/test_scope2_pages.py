"""The figures page: location- and market-based Scope 2 side by side, each traced; a year with
no grid factor says Scope 2 is missing instead of printing it as complete."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape

from fastapi.testclient import TestClient

from esg_builders import CHECKER, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.ghg.market import ContractualInstrument, InstrumentType
from supplyesg.services import contractual_instruments, esg_data

D = Decimal


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, title_id: str) -> str:
    after = html.split(f'id="{title_id}"', 1)[1].partition(">")[2]
    return text(after.split("</section>", 1)[0])


def test_market_based_scope_2_is_beside_location_based_with_its_working(
    client: TestClient, db: Database
) -> None:
    organisation(db)
    ids = [submit(db, "CQ1", "electricity_purchased", "2025", "1000000", "kWh")]
    esg_data.approve_values(db, ids, CHECKER)
    certificate = ContractualInstrument(
        0, "CQ1", InstrumentType.CERTIFICATE, D("250000"), date(2025, 1, 1),
        date(2025, 6, 30), D("0"), "GEC 2025-0001 to 0250",
    )  # fmt: skip
    contractual_instruments.record_instrument(db, certificate, "mei.chen@example.com")
    page = client.get("/esg-data/figures", params={"year": "2025"})
    assert page.status_code == 200
    stats = text(page.text)
    # location 1,000,000 x 0.5306; market 250,000 x 0 + 750,000 x 0.6096 (residual mix 2023)
    assert "Scope 2 (location-based) 530.60 t CO₂e" in stats
    assert "Scope 2 (market-based) 457.20 t CO₂e" in stats
    panel = section(page.text, "scope2-title")
    assert "Location-based 530.60 t CO₂e" in panel
    assert "Market-based 457.20 t CO₂e 250,000 kWh covered by contractual instruments" in panel
    assert "CQ1 Contractual instrument 250,000 kWh × 0 kg/kWh" in panel
    assert "CQ1 Residual mix residual mix: Mainland China national average excluding" in panel
    assert "Evidence: GEC 2025-0001 to 0250" in panel
    assert "Incomplete" not in stats


def test_a_year_without_a_grid_factor_says_scope_2_is_missing_and_offers_the_nearest(
    client: TestClient, db: Database
) -> None:
    organisation(db, years=(2020,))
    ids = [submit(db, "CQ1", "electricity_purchased", "2020", "1000000", "kWh")]
    esg_data.approve_values(db, ids, CHECKER)
    page = client.get("/esg-data/figures", params={"year": "2020"})
    assert page.status_code == 200
    shown = text(page.text)
    assert "Scope 2 (location-based) 0.00 t CO₂e" in shown  # the number, and beside it:
    assert shown.count("Incomplete: a grid emission factor is missing") == 3
    assert "Scope 2 is missing for some electricity" in shown
    assert "no grid emission factor for region CN in FY2020 or before" in shown
    assert "the nearest is Mainland China national grid average 2021 (2021): 0.5568 kg/kWh" in (
        shown
    )
