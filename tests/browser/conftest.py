"""A real server and Debian's chromium for browser journeys (never a downloaded browser).

The app runs under uvicorn in a background thread, on 127.0.0.1 and a port the system picks,
over a temporary SQLite database holding a small supply chain. Screenshots go to screenshots/.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

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
STAFF_PASSWORD = "correct horse battery staple 42"

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
    staff = accounts.NewUser(STAFF_EMAIL, "Mei Chen", Role.PROCUREMENT, password=STAFF_PASSWORD)
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app, served for real over a seeded temporary database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'app.db'}"
    database = Database.from_url(url)
    migrate.upgrade(database)
    seed(database)
    app = create_app(Settings(database_url=url), database)
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
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser tab at laptop size, logged in as procurement staff."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    try:
        tab.goto("/login")
        tab.fill("#f-email", STAFF_EMAIL)
        tab.fill("#f-password", STAFF_PASSWORD)
        tab.get_by_role("button", name="Log in").click()
        tab.wait_for_url(f"{live_server}/")
        yield tab
    finally:
        context.close()


Screenshot = Callable[[str], None]


@pytest.fixture
def screenshot(page: Page) -> Screenshot:
    """Save a full-page screenshot under screenshots/ as <name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
