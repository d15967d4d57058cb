"""Supplier pages: the filtered list, the detail, the forms and their round trips."""

from __future__ import annotations

import html as html_module
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.domain.suppliers import Contact, SupplierProfile, SupplierStatus
from supplyesg.services import suppliers as service
from supplyesg.services import supply_chain
from supplyesg.web.deps import get_actor
from supplyesg.web.ui import suppliers as supplier_pages

ACTOR = "mei.chen@example.com"
FORM = {
    "code": "SUP-1",
    "legal_name": "Chongqing Axle Works",
    "country": "CN",
    "region": "Chongqing",
    "city": "Jiangbei",
    "category": "axles",
    "tier": "1",
    "annual_spend": "1,250,000.50",
    "currency": "CNY",
    "contacts[1].name": "Li Wei",
    "contacts[1].email": "li.wei@example.cn",
    "contacts[1].phone": "+86 23 1234 5678",
}


@pytest.fixture
def staff(client: TestClient) -> TestClient:
    """A client whose requests act as one member of staff."""
    client.app.dependency_overrides[get_actor] = lambda: ACTOR  # type: ignore[attr-defined]
    return client


def register(db: Database, code: str, tier: int = 1, **facts: Any) -> None:
    profile = SupplierProfile(
        code=code,
        legal_name=facts.pop("legal_name", f"{code} Ltd"),
        country=facts.pop("country", "CN"),
        category=facts.pop("category", "castings"),
        tier=tier,
        **facts,
    )
    service.create_supplier(db, profile, "seed")


def texts(html: str, css_class: str) -> list[str]:
    """The text of every element whose class attribute starts with css_class, tags stripped."""
    pattern = rf'<(\w+) class="{re.escape(css_class)}(?: [^"]*)?"[^>]*>(.*?)</\1>'
    found = re.findall(pattern, html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", inner).split()) for _tag, inner in found]


def listed_codes(html: str) -> list[str]:
    return re.findall(r'<td><a class="code" href="/suppliers/[^"]+">([^<]+)</a></td>', html)


def reasons(html: str) -> dict[str, list[str]]:
    """The reasons shown beside each field, by field name."""
    found: dict[str, list[str]] = {}
    for name, reason in re.findall(r'<p class="field-error" id="err-([^"]+)">([^<]+)</p>', html):
        found.setdefault(name, []).append(html_module.unescape(reason))
    return found


# The list


def test_an_empty_registry_says_how_to_add_suppliers(client: TestClient) -> None:
    response = client.get("/suppliers")
    assert response.status_code == 200
    assert "No suppliers yet." in response.text
    assert "<code>supplyesg suppliers import</code>" in response.text


def test_the_list_shows_suppliers_in_code_order_with_their_facts(
    client: TestClient, db: Database
) -> None:
    register(db, "B-2", tier=2, country="DE", is_key_sub_supplier=True)
    register(db, "A-1", annual_spend=Decimal("1234567.5"), currency="HKD")
    html = client.get("/suppliers").text
    assert listed_codes(html) == ["A-1", "B-2"]
    assert texts(html, "result-count") == ["2 suppliers"]
    assert "HKD 1,234,567.50" in html
    assert "Germany" in html
    assert texts(html, "badge key") == ["Key"]


def test_filters_narrow_the_list_and_are_kept_in_the_page(client: TestClient, db: Database) -> None:
    register(db, "CN-1", country="CN", region="Chongqing")
    register(db, "CN-2", tier=2, country="CN", region="Shaanxi")
    register(db, "DE-1", country="DE", region="Bavaria")
    service.change_status(db, "CN-2", SupplierStatus.ACTIVE, "onboarded", "seed")
    by_country = client.get("/suppliers", params={"country": "CN"}).text
    assert listed_codes(by_country) == ["CN-1", "CN-2"]
    assert '<option value="CN" selected>China</option>' in by_country
    assert listed_codes(client.get("/suppliers", params={"tier": "2"}).text) == ["CN-2"]
    assert listed_codes(client.get("/suppliers", params={"region": "Bavaria"}).text) == ["DE-1"]
    assert listed_codes(client.get("/suppliers", params={"status": "active"}).text) == ["CN-2"]
    assert listed_codes(client.get("/suppliers", params={"q": "de-1 ltd"}).text) == ["DE-1"]
    nothing = client.get("/suppliers", params={"country": "DE", "tier": "2"}).text
    assert "No supplier matches these filters." in nothing


def test_htmx_gets_only_the_table_and_a_clean_address_to_share(
    client: TestClient, db: Database
) -> None:
    register(db, "CN-1", country="CN")
    register(db, "DE-1", country="DE")
    response = client.get(
        "/suppliers?q=&tier=&country=DE&region=&category=&status=",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert listed_codes(response.text) == ["DE-1"]
    assert response.headers["HX-Push-Url"] == "/suppliers?country=DE"
    assert response.headers["Vary"] == "HX-Request"
    restore = client.get(
        "/suppliers?country=DE",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text


def test_next_page_continues_after_the_last_code_shown(
    client: TestClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(supplier_pages, "PAGE_SIZE", 2)
    for code in ("A", "B", "C", "D", "E"):
        register(db, code, country="CN")
    register(db, "X", country="DE")
    first = client.get("/suppliers", params={"country": "CN"}).text
    assert listed_codes(first) == ["A", "B"]
    assert texts(first, "result-count") == ["5 suppliers"]
    next_url = re.search(r'rel="next" href="([^"]+)"', first)
    assert next_url is not None
    assert next_url[1] == "/suppliers?country=CN&amp;after=B"
    second = client.get("/suppliers?country=CN&after=B").text
    assert listed_codes(second) == ["C", "D"]
    assert 'href="/suppliers?country=CN"' in second  # back to the first page
    last = client.get("/suppliers?country=CN&after=D").text
    assert listed_codes(last) == ["E"]
    assert 'rel="next"' not in last


def test_text_in_the_registry_is_escaped(client: TestClient, db: Database) -> None:
    register(db, "XSS", legal_name="<script>alert(1)</script> Ltd")
    for page in ("/suppliers", "/suppliers/XSS"):
        html = client.get(page).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Ltd" in html


# The detail


def test_the_detail_shows_facts_contacts_and_status_history(
    staff: TestClient, db: Database
) -> None:
    register(
        db,
        "T1",
        legal_name="Weichai Engines",
        city="Weifang",
        contacts=(Contact("Zhang San", "zhang@example.cn", "+86 536 000"),),
    )
    staff.post("/suppliers/T1/status", data={"status": "active", "reason": "audit passed"})
    response = staff.get("/suppliers/T1")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Weichai Engines</h1>" in html
    assert "Weifang" in html
    assert 'href="mailto:zhang@example.cn"' in html
    assert texts(html, "timeline-reason") == ["audit passed", "registered"]
    who = texts(html, "muted small")
    assert re.fullmatch(rf"{ACTOR} · \d{{4}}-\d\d-\d\d \d\d:\d\d UTC", who[0])
    assert who[1].startswith("seed · ")
    targets = re.findall(
        r'<option value="(\w+)"', html.split('id="f-status"')[1].split("</select>")[0]
    )
    assert targets == ["conditionally_accepted", "suspended", "terminated"]


def test_the_detail_shows_the_chain_up_and_down_with_depth(
    client: TestClient, db: Database
) -> None:
    register(db, "T1")
    register(db, "T1B")
    register(db, "T2", tier=2)
    register(db, "T3", tier=3)
    register(db, "T4", tier=4)
    for sub, customer in [("T2", "T1"), ("T2", "T1B"), ("T3", "T2"), ("T4", "T3")]:
        supply_chain.add_link(db, sub, customer)
    html = client.get("/suppliers/T3").text
    upward, downward = html.split('id="sub-suppliers-chain"')
    assert _chain(upward) == [("T2", "1"), ("T1", "2"), ("T1B", "2")]
    assert _chain(downward) == [("T4", "1")]
    top = client.get("/suppliers/T1").text.split('id="sub-suppliers-chain"')[1]
    assert _chain(top) == [("T2", "1"), ("T3", "2"), ("T4", "3")]
    assert 'class="tree depth-2"' in top
    deep = client.get("/suppliers/T4").text.split('id="sub-suppliers-chain"')[0]
    assert _chain(deep) == [("T3", "1"), ("T2", "2"), ("T1", "3"), ("T1B", "3")]


def _chain(html: str) -> list[tuple[str, str]]:
    """(code, depth) of each row of the first chain table in the html."""
    table = html.split('<table class="data chain">')[1].split("</table>")[0]
    row = r'<a class="code" href="/suppliers/([^"]+)">[^<]+</a>.*?<td class="num">(\d+)</td>'
    return re.findall(row, table, re.S)


def test_a_sub_supplier_reached_twice_is_listed_once_with_the_other_way(
    client: TestClient, db: Database
) -> None:
    register(db, "T1")
    register(db, "T2A", tier=2)
    register(db, "T2B", tier=2)
    register(db, "T3", tier=3)
    for sub, customer in [("T2A", "T1"), ("T2B", "T1"), ("T3", "T2A"), ("T3", "T2B")]:
        supply_chain.add_link(db, sub, customer)
    down = client.get("/suppliers/T1").text.split('id="sub-suppliers-chain"')[1]
    assert _chain(down) == [("T2A", "1"), ("T3", "2"), ("T2B", "1")]
    assert "also via T2B" in down


def test_a_first_tier_supplier_without_chain_says_so(client: TestClient, db: Database) -> None:
    register(db, "T1")
    html = client.get("/suppliers/T1").text
    assert "a first-tier supplier delivers to us directly" in html
    assert "No sub-supplier recorded." in html


# Create and edit


def test_a_new_supplier_is_registered_and_shown_with_a_message(
    staff: TestClient, db: Database
) -> None:
    form_page = staff.get("/suppliers/new")
    assert form_page.status_code == 200
    assert '<option value="CN">China</option>' in form_page.text
    assert form_page.text.count('name="contacts[') == 9  # three rows of name, e-mail, phone
    response = staff.post("/suppliers/new", data=FORM, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/suppliers/SUP-1"
    saved = service.get_supplier(db, "SUP-1")
    assert (saved.legal_name, saved.city, saved.tier, saved.annual_spend) == (
        "Chongqing Axle Works",
        "Jiangbei",
        1,
        Decimal("1250000.50"),
    )
    assert [(c.name, c.email, c.phone) for c in saved.contacts] == [
        ("Li Wei", "li.wei@example.cn", "+86 23 1234 5678")
    ]
    assert service.status_history(db, "SUP-1")[0].changed_by == ACTOR
    detail = staff.get("/suppliers/SUP-1").text
    assert texts(detail, "flash flash-success") == ["Supplier SUP-1 registered."]
    assert "CNY 1,250,000.50" in detail


def test_refused_fields_show_their_reasons_beside_them_and_keep_what_was_typed(
    staff: TestClient, db: Database
) -> None:
    typed = FORM | {
        "code": "bad code",
        "country": "XX",
        "tier": "two",
        "annual_spend": "lots",
        "contacts[1].email": "not-an-address",
        "contacts[3].name": "",
        "contacts[3].phone": "555",
    }
    response = staff.post("/suppliers/new", data=typed)
    assert response.status_code == 422
    assert reasons(response.text) == {
        "code": [
            "must be 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit"
        ],
        "country": ["not an ISO 3166-1 alpha-2 country code"],
        "tier": ["must be a whole number"],
        "annual_spend": ["must be an amount such as 1250000.50 (up to 18 digits, 10 decimals)"],
        "contacts[1].email": ["is not an e-mail address"],
        "contacts[2].name": ["is required"],
    }
    assert 'value="bad code"' in response.text
    assert 'value="two"' in response.text
    assert 'name="contacts[2].phone" type="tel" value="555"' in response.text
    assert "The supplier cannot be saved." in response.text
    assert service.list_suppliers(db, SupplierFilter()).items == []


def test_a_form_without_a_country_asks_to_choose_one(staff: TestClient) -> None:
    response = staff.post("/suppliers/new", data=FORM | {"country": ""})
    assert response.status_code == 422
    assert reasons(response.text) == {"country": ["choose a country"]}


def test_a_key_flag_on_a_first_tier_supplier_is_refused_beside_the_checkbox(
    staff: TestClient,
) -> None:
    response = staff.post("/suppliers/new", data=FORM | {"key_sub_supplier": "on"})
    assert response.status_code == 422
    assert reasons(response.text) == {
        "key_sub_supplier": ["only a sub-supplier (tier 2 or deeper) can be a key sub-supplier"]
    }
    assert 'name="key_sub_supplier" type="checkbox" checked' in response.text


def test_a_code_already_used_is_refused_beside_the_code(staff: TestClient, db: Database) -> None:
    register(db, "SUP-1")
    response = staff.post("/suppliers/new", data=FORM)
    assert response.status_code == 422
    assert reasons(response.text) == {"code": ["is already used by another supplier"]}


def test_the_edit_form_is_filled_and_saving_changes_the_supplier(
    staff: TestClient, db: Database
) -> None:
    staff.post("/suppliers/new", data=FORM)
    form = staff.get("/suppliers/SUP-1/edit").text
    assert 'name="legal_name" type="text" value="Chongqing Axle Works"' in form
    assert 'name="annual_spend" type="text" value="1250000.5"' in form
    assert 'name="contacts[1].name" type="text" value="Li Wei"' in form
    assert "<option selected>CNY</option>" in form
    changed = FORM | {"code": "SUP-1A", "tier": "2", "key_sub_supplier": "on", "currency": "HKD"}
    changed |= {"contacts[1].name": "", "contacts[1].email": "", "contacts[1].phone": ""}
    response = staff.post("/suppliers/SUP-1/edit", data=changed, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/suppliers/SUP-1A"
    saved = service.get_supplier(db, "SUP-1A")
    assert (saved.tier, saved.is_key_sub_supplier, saved.currency, saved.contacts) == (
        2,
        True,
        "HKD",
        [],
    )


def test_the_relationship_days_are_edited_on_the_form_and_shown(
    staff: TestClient, db: Database
) -> None:
    staff.post("/suppliers/new", data=FORM)
    changed = FORM | {"relationship_started_on": "2016-08-01", "relationship_ended_on": ""}
    response = staff.post("/suppliers/SUP-1/edit", data=changed, follow_redirects=False)
    assert response.status_code == 303
    assert service.get_supplier(db, "SUP-1").relationship_started_on == date(2016, 8, 1)
    assert 'name="relationship_started_on" type="date" value="2016-08-01"' in (
        staff.get("/suppliers/SUP-1/edit").text
    )
    assert "2016-08-01" in staff.get("/suppliers/SUP-1").text
    refused = staff.post("/suppliers/SUP-1/edit", data=FORM | {"relationship_ended_on": "soon"})
    assert refused.status_code == 422
    assert "must be a day written YYYY-MM-DD" in refused.text


def test_a_refused_edit_keeps_the_supplier_unchanged(staff: TestClient, db: Database) -> None:
    register(db, "SUP-1", legal_name="Old Name")
    response = staff.post("/suppliers/SUP-1/edit", data=FORM | {"legal_name": " ", "tier": "11"})
    assert response.status_code == 422
    assert reasons(response.text) == {
        "legal_name": ["is required"],
        "tier": ["must be a whole number from 1 to 10"],
    }
    assert 'action="/suppliers/SUP-1/edit"' in response.text
    assert service.get_supplier(db, "SUP-1").legal_name == "Old Name"


def test_editing_an_unknown_supplier_is_a_404_page(staff: TestClient) -> None:
    assert staff.get("/suppliers/NOPE/edit").status_code == 404
    response = staff.post("/suppliers/NOPE/edit", data=FORM)
    assert response.status_code == 404
    assert "There is no supplier with code &#39;NOPE&#39;." in response.text


# Status changes


def test_a_status_change_is_recorded_with_who_and_why(staff: TestClient, db: Database) -> None:
    register(db, "T1")
    response = staff.post(
        "/suppliers/T1/status",
        data={"status": "active", "reason": "onboarding complete"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    latest = service.status_history(db, "T1")[0]
    assert (latest.from_status, latest.to_status, latest.reason, latest.changed_by) == (
        "prospective",
        "active",
        "onboarding complete",
        ACTOR,
    )
    page = staff.get("/suppliers/T1").text
    assert texts(page, "flash flash-success") == ["Status changed to Active."]


def test_a_refused_status_change_shows_why_beside_the_fields(
    staff: TestClient, db: Database
) -> None:
    register(db, "T1")
    response = staff.post("/suppliers/T1/status", data={"status": "suspended", "reason": " "})
    assert response.status_code == 422
    assert reasons(response.text) == {
        "status": [
            "cannot move from prospective to suspended; allowed: active, "
            "conditionally_accepted, terminated"
        ],
        "reason": ["every status change needs a reason"],
    }
    unknown = staff.post("/suppliers/T1/status", data={"status": "gone", "reason": "x"})
    assert unknown.status_code == 422
    assert reasons(unknown.text) == {"status": ["choose one"]}
    assert service.get_supplier(db, "T1").status == "prospective"


# Links


def test_links_are_added_from_the_sub_supplier_and_removed(staff: TestClient, db: Database) -> None:
    register(db, "T1", legal_name="Cab Builder")
    register(db, "T2", tier=2)
    response = staff.post("/suppliers/T2/links", data={"customer": "T1"}, follow_redirects=False)
    assert response.status_code == 303
    page = staff.get("/suppliers/T2").text
    assert texts(page, "flash flash-success") == ["T2 now delivers to T1."]
    link_id = re.search(r'action="/suppliers/T2/links/(\d+)/remove"', page)
    assert link_id is not None
    customer_page = staff.get("/suppliers/T1").text
    assert f'action="/suppliers/T1/links/{link_id[1]}/remove"' in customer_page
    removed = staff.post(f"/suppliers/T2/links/{link_id[1]}/remove", follow_redirects=False)
    assert removed.status_code == 303
    assert supply_chain.links_of(db, "T2") == []


@pytest.mark.parametrize(
    ("customer", "reason"),
    [
        ("", "choose one"),
        ("NOPE", "no supplier has this code"),
        ("T2", "a supplier cannot supply itself"),
        ("T3", "this link would make a cycle: the customer already supplies this sub-supplier"),
        ("T1", "this link already exists"),
    ],
)
def test_a_refused_link_shows_why_beside_the_customer(
    staff: TestClient, db: Database, customer: str, reason: str
) -> None:
    register(db, "T1")
    register(db, "T2", tier=2)
    register(db, "T3", tier=3)
    supply_chain.add_link(db, "T2", "T1")
    supply_chain.add_link(db, "T3", "T2")
    response = staff.post("/suppliers/T2/links", data={"customer": customer})
    assert response.status_code == 422
    assert reasons(response.text) == {"customer": [reason]}
    assert f'value="{customer}"' in response.text


def test_customer_choices_match_what_is_typed_and_leave_out_the_supplier_itself(
    client: TestClient, db: Database
) -> None:
    register(db, "T1", legal_name="Weichai Engines")
    register(db, "T1B", legal_name="Weichai Power")
    register(db, "T2", tier=2, legal_name="Weichai Castings")
    html = client.get("/suppliers/T2/customer-options", params={"customer": "weichai"}).text
    assert re.findall(r'<option value="([^"]+)">', html) == ["T1", "T1B"]
