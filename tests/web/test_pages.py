"""The web app's shell: dashboard, navigation, flashes, HTML error pages, formatting filters."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from supplyesg.db.session import Database
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import suppliers as service
from supplyesg.web.deps import get_actor
from supplyesg.web.ui.navigation import NAV
from supplyesg.web.ui.rendering import day, gettext, moment, money, number


def register(db: Database, code: str, country: str, tier: int, key: bool = False) -> None:
    profile = SupplierProfile(
        code=code,
        legal_name=f"{code} Ltd",
        country=country,
        category="castings",
        tier=tier,
        is_key_sub_supplier=key,
    )
    service.create_supplier(db, profile, "seed")


def texts(html: str, css_class: str) -> list[str]:
    """The text of every element whose class attribute starts with css_class, tags stripped."""
    pattern = rf'<(\w+) class="{re.escape(css_class)}(?: [^"]*)?"[^>]*>(.*?)</\1>'
    found = re.findall(pattern, html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", inner).split()) for _tag, inner in found]


def test_empty_dashboard_says_how_to_start(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "No suppliers yet." in response.text
    assert "<code>supplyesg suppliers import</code>" in response.text
    assert 'href="/suppliers/new"' in response.text


def test_dashboard_counts_the_registry_by_tier_status_and_country(
    client: TestClient, db: Database
) -> None:
    register(db, "A", "CN", 1)
    register(db, "B", "CN", 2, key=True)
    register(db, "C", "CN", 3)
    register(db, "D", "DE", 1)
    service.change_status(db, "D", SupplierStatus.ACTIVE, "onboarded", "seed")
    page = client.get("/").text
    html = page.split('aria-labelledby="registry-title"')[1].split("</section>")[0]
    assert texts(html, "stat-value") == ["4", "2", "1", "3"]
    assert texts(html, "stat-label") == [
        "Suppliers in all tiers",
        "First-tier suppliers",
        "Key sub-suppliers",
        "In the annual audit scope",
    ]
    rows = texts(html, "bar-row")
    assert rows[:3] == ["Tier 1 2", "Tier 2 1", "Tier 3 1"]
    assert rows[3:8] == [
        "Prospective 3",
        "Active 1",
        "Conditionally accepted 0",
        "Suspended 0",
        "Terminated 0",
    ]
    assert rows[8:] == ["China 3", "Germany 1"]
    assert 'href="/suppliers?country=CN"' in html


def test_the_navigation_links_the_areas_and_marks_the_current_one(client: TestClient) -> None:
    html = client.get("/suppliers").text
    menu = html.split('<nav class="main-nav"')[1].split("</nav>")[0]
    assert '<a href="/">Dashboard</a>' in menu
    assert '<a href="/suppliers" aria-current="page">Suppliers</a>' in menu
    assert menu.count('aria-current="page"') == 1
    assert {"/", "/suppliers"} <= {entry.url for entry in NAV}


def test_pages_use_the_vendored_htmx_and_the_stylesheet_never_a_cdn(client: TestClient) -> None:
    html = client.get("/").text
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/app.css">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    css = client.get("/static/app.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200


def test_unknown_page_is_an_html_404_while_the_api_keeps_problem_json(client: TestClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in page.text
    assert "There is no page at this address." in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["title"] == "Not found"


def test_a_domain_error_on_a_page_is_an_html_page_with_its_detail(client: TestClient) -> None:
    page = client.get("/suppliers/NOPE")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no supplier with code &#39;NOPE&#39;." in page.text


def test_an_unexpected_failure_on_a_page_is_an_html_500_without_a_traceback(
    client: TestClient,
) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals")

    client.app.add_api_route("/explode", explode)  # type: ignore[attr-defined]
    page = client.get("/explode")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "Something went wrong on our side; it was logged." in page.text
    assert "secret internals" not in page.text


def test_a_flash_message_is_shown_once(client: TestClient) -> None:
    client.app.dependency_overrides[get_actor] = lambda: "mei.chen@example.com"  # type: ignore[attr-defined]
    created = client.post(
        "/suppliers/new",
        data={"code": "F1", "legal_name": "Flash Ltd", "country": "CN", "category": "bolts"}
        | {"tier": "1", "currency": "CNY"},
    )
    assert created.status_code == 200
    assert texts(created.text, "flash flash-success") == ["Supplier F1 registered."]
    again = client.get("/suppliers/F1")
    assert texts(again.text, "flash flash-success") == []


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("1250000.50"), None, "1,250,000.5"),
        (Decimal("1E+6"), None, "1,000,000"),
        (Decimal("0.000001"), None, "0.000001"),
        (Decimal("12.5000000000"), None, "12.5"),
        (1234567, None, "1,234,567"),
        (5, None, "5"),
        (Decimal("2.345"), 2, "2.35"),
        (Decimal("-1234.5"), 0, "-1,235"),
        ("98765.4321", 1, "98,765.4"),
        (None, None, ""),
    ],
)
def test_numbers_get_thousands_separators_and_exact_rounding(
    value: Decimal | int | str | None, places: int | None, shown: str
) -> None:
    assert number(value, places) == shown


def test_money_dates_and_messages_format_the_same_everywhere() -> None:
    assert money(Decimal("1250000.5"), "CNY") == "CNY 1,250,000.50"
    hong_kong = timezone(timedelta(hours=8))
    assert day(date(2026, 3, 31)) == "2026-03-31"
    assert day(datetime(2026, 4, 1, 1, 0, tzinfo=hong_kong)) == "2026-03-31"
    assert moment(datetime(2026, 4, 1, 1, 0, tzinfo=hong_kong)) == "2026-03-31 17:00 UTC"
    assert moment(datetime(2026, 1, 2, 3, 4, tzinfo=UTC)) == "2026-01-02 03:04 UTC"
    assert gettext("%(count)s suppliers", count=3) == "3 suppliers"
    assert gettext("100% done") == "100% done"


def test_a_reason_with_a_percent_sign_is_shown_as_written() -> None:
    from supplyesg.web.ui.rendering import templates

    macros = templates.env.get_template("_macros.html").module
    shown = str(macros.field_errors({"weight": ["must be at least 1% of the scorecard"]}, "weight"))  # type: ignore[attr-defined]
    assert "must be at least 1% of the scorecard" in shown
