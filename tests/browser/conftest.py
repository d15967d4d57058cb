"""A real server and Debian's chromium for browser journeys (never a downloaded browser).

The app runs under uvicorn in a background thread, on 127.0.0.1 and a port the system picks,
over a temporary SQLite database: `live_server` holds a small supply chain; `site` holds what
the test module's own `seed(db)` puts there. Every account's password is PASSWORD. Steps that
several journeys take (logging in, recording an audit's findings) are here too. Screenshots go
to screenshots/.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from served_day import SERVED_DAY

from supplyesg.clock import FixedClock
from supplyesg.config import Settings
from supplyesg.db import migrate
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.suppliers import Contact, SupplierProfile, SupplierStatus
from supplyesg.services import accounts, suppliers, supply_chain
from supplyesg.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
STAFF_EMAIL = "mei.chen@example.com"
PASSWORD = "correct horse battery staple 42"
LAPTOP: ViewportSize = {"width": 1366, "height": 900}
MAJORS = {
    "ENV-01": "The paint shop's discharge permit expired in March",
    "HS-01": "Forklift drivers without valid licences",
    "LAB-03": "Overtime above 80 hours a month in the moulding hall",
    "LAB-04": "Wages paid 20 days late twice this year",
}

SUPPLIERS = [
    # code, legal name, (country, region, city), category, tier, key sub-supplier, spend in CNY
    ("CAB-001", "Jinan Cab Systems Co., Ltd.", ("CN", "Shandong", "Jinan"), "cabs", 1, False,
     "48250000"),
    ("AXL-002", "Chongqing Axle Works", ("CN", "Chongqing", "Jiangbei"), "axles", 1, False,
     "36900000.50"),
    ("ELE-003", "Stuttgart Vehicle Electronics GmbH", ("DE", "Baden-Württemberg", "Stuttgart"),
     "electronics", 1, False, "12750000"),
    ("STL-010", "Tangshan Special Steel", ("CN", "Hebei", "Tangshan"), "steel", 2, True,
     "8400000"),
    ("FRG-011", "Weifang Forgings", ("CN", "Shandong", "Weifang"), "forgings", 2, False,
     "5125000"),
    ("SEN-012", "Nagoya Sensor Works", ("JP", "Aichi", "Nagoya"), "sensors", 2, False, "2300000"),
    ("ORE-020", "Hebei Iron Ore Trading", ("CN", "Hebei", "Qian'an"), "iron ore", 3, False, "0"),
    ("CHP-021", "Bavaria Chip Packaging", ("DE", "Bavaria", "Regensburg"), "semiconductors", 3,
     False, "640000"),
]  # fmt: skip
LINKS = [
    ("STL-010", "CAB-001"),
    ("STL-010", "AXL-002"),
    ("FRG-011", "AXL-002"),
    ("SEN-012", "ELE-003"),
    ("ORE-020", "STL-010"),
    ("CHP-021", "SEN-012"),
]


def seed(db: Database) -> None:
    """A procurement officer and a small supply chain over three tiers and three countries."""
    staff = accounts.NewUser(STAFF_EMAIL, "Mei Chen", Role.PROCUREMENT, password=PASSWORD)
    accounts.create_user(db, staff)
    for code, name, (country, region, city), category, tier, key, spend in SUPPLIERS:
        profile = SupplierProfile(
            code=code,
            legal_name=name,
            country=country,
            region=region,
            city=city,
            category=category,
            tier=tier,
            is_key_sub_supplier=key,
            annual_spend=Decimal(spend),
            contacts=(Contact("Purchasing desk", f"purchasing@{code.lower()}.example"),),
        )
        suppliers.create_supplier(db, profile, "seed")
    for code in ("CAB-001", "AXL-002", "STL-010"):
        suppliers.change_status(db, code, SupplierStatus.ACTIVE, "onboarding complete", "seed")
    for sub, customer in LINKS:
        supply_chain.add_link(db, sub, customer)


@contextmanager
def served(folder: Path, fill: Callable[[Database], None]) -> Iterator[str]:
    """The app served for real over a fresh SQLite database in `folder` that `fill` seeds: its
    base URL, on 127.0.0.1 and a port the system picks."""
    url = f"sqlite:///{folder / 'app.db'}"
    database = Database.from_url(url)
    migrate.upgrade(database)
    fill(database)
    app = create_app(Settings(database_url=url), database, FixedClock.on(SERVED_DAY))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()
        database.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app, served for real over the small supply chain above."""
    with served(tmp_path_factory.mktemp("browser"), seed) as url:
        yield url


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app, served over a database the test module's own `seed(db)` fills."""
    with served(tmp_path_factory.mktemp(request.module.__name__), request.module.seed) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    if not CHROMIUM.exists():
        pytest.fail(f"no chromium at {CHROMIUM}: run `make install` (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def logged_in(browser: Browser, base_url: str, email: str, viewport: ViewportSize = LAPTOP) -> Page:
    """A tab in a browser context of its own, logged in (every account's password: PASSWORD)."""
    context = browser.new_context(base_url=base_url, viewport=viewport)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto("/login")
    tab.fill("#f-email", email)
    tab.fill("#f-password", PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(lambda address: urlsplit(address).path != "/login")
    return tab


LogIn = Callable[..., Page]


@pytest.fixture
def log_in(browser: Browser, site: str) -> Iterator[LogIn]:
    """Open a tab on the module's site logged in as `email` (at `viewport`, laptop size by
    default); every tab opened is closed after the test."""
    tabs: list[Page] = []

    def open_as(email: str, viewport: ViewportSize = LAPTOP) -> Page:
        tabs.append(logged_in(browser, site, email, viewport))
        return tabs[-1]

    yield open_as
    for tab in tabs:
        tab.context.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser tab at laptop size, logged in as procurement staff."""
    tab = logged_in(browser, live_server, STAFF_EMAIL)
    try:
        yield tab
    finally:
        tab.context.close()


RecordFindings = Callable[[Page, str, str, str, str], None]


@pytest.fixture
def record_findings() -> RecordFindings:
    """Steps: record a draft on-site audit of a supplier, then its findings, all conforming but
    MAJORS; the draft is left on its findings page, to complete."""

    def steps(page: Page, supplier: str, auditor: str, started_on: str, ended_on: str) -> None:
        page.goto(f"/audits/new?supplier={supplier}")
        page.select_option("#f-audit_type", "on_site_announced")
        page.fill("#f-auditor", auditor)
        page.fill("#f-started_on", started_on)
        page.fill("#f-ended_on", ended_on)
        page.fill("#f-sites", "Wuhan plant")
        page.get_by_role("button", name="Save and record findings").click()
        page.wait_for_url("**/findings")
        for select in page.locator("select[name^='verdict.']").all():
            select.select_option("conforming")
        for requirement, notes in MAJORS.items():
            page.select_option(f"select[name='verdict.{requirement}']", "major")
            page.fill(f"textarea[name='notes.{requirement}']", notes)

    return steps


Screenshot = Callable[[str], None]


@pytest.fixture
def screenshot(page: Page) -> Screenshot:
    """Save a full-page screenshot under screenshots/ as <name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
