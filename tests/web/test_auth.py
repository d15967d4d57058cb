"""Logging in and out through the pages: cookies, CSRF, lockout, redirects and password resets."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from account_helpers import csrf_of, log_in, smtp_server
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts, auth
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app
from supplyesg.web.auth import SESSION_COOKIE, RedactSecrets
from supplyesg.web.ui import auth as ui_auth

pytestmark = pytest.mark.usefixtures("fast_passwords")

PASSWORD = "a long and quiet river"
APP_LOGGERS = ("supplyesg", "uvicorn", "fastapi", "starlette", "sqlalchemy")


@pytest.fixture
def browser(db: Database) -> Iterator[TestClient]:
    """A browser-like client: cookies only, no API token."""
    settings = Settings(database_url=str(db.engine.url))
    with TestClient(create_app(settings, db), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def ana(db: Database) -> int:
    """An ESG manager with a password."""
    new = NewUser("ana@example.com", "Ana Lima", Role.ESG_MANAGER, password=PASSWORD)
    return accounts.create_user(db, new).id


def test_a_visitor_asking_for_a_page_is_sent_to_log_in_and_back(browser: TestClient) -> None:
    answer = browser.get("/suppliers?tier=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/suppliers%3Ftier%3D1"
    assert browser.get("/", follow_redirects=False).headers["location"] == "/login?next=/"


def test_htmx_is_told_where_to_log_in(browser: TestClient) -> None:
    answer = browser.get("/suppliers", headers={"HX-Request": "true"})
    assert answer.status_code == 401
    assert answer.headers["HX-Redirect"] == "/login?next=/suppliers"


def test_the_api_answers_a_visitor_401_with_a_problem(browser: TestClient) -> None:
    answer = browser.get("/api/v1/suppliers")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == "Log in, or send an API token."


def test_logging_in_sets_an_httponly_lax_session_cookie_and_goes_on(
    browser: TestClient, ana: int
) -> None:
    answer = log_in(browser, "Ana@Example.com", PASSWORD, "/suppliers?tier=2")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/suppliers?tier=2"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie
    page = browser.get("/suppliers")
    assert page.status_code == 200
    assert "Ana Lima" in page.text


def test_behind_https_the_cookies_are_secure_and_bound_to_the_host(db: Database, ana: int) -> None:
    settings = Settings(database_url=str(db.engine.url), secure_cookies=True)
    with TestClient(create_app(settings, db), base_url="https://testserver") as client:
        visitor = client.get("/login").headers.get_list("set-cookie")
        answer = log_in(client, "ana@example.com", PASSWORD)
        cookies = answer.headers.get_list("set-cookie")
        session = next(c for c in cookies if c.startswith(f"__Host-{SESSION_COOKIE}="))
        assert "Secure" in session
        assert "Path=/" in session
        assert "domain=" not in session.lower()
        assert any(c.startswith("__Host-supplyesg_visitor=") and "Secure" in c for c in visitor)
        assert client.get("/suppliers").status_code == 200
        # The unprefixed name is not read: a cookie planted by a sibling host does not log in.
        stranger = TestClient(create_app(settings, db), base_url="https://testserver")
        stranger.cookies.set(SESSION_COOKIE, client.cookies[f"__Host-{SESSION_COOKIE}"])
        assert stranger.get("/suppliers", follow_redirects=False).status_code == 303
        token = csrf_of(client.get("/account"))
        logged_out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert logged_out.status_code == 303
        assert client.get("/suppliers", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil"])
def test_logging_in_never_sends_the_user_to_another_site(
    browser: TestClient, ana: int, target: str
) -> None:
    assert log_in(browser, "ana@example.com", PASSWORD, target).headers["location"] == "/"


def test_a_supplier_user_lands_on_the_portal(browser: TestClient, db: Database) -> None:
    from supplyesg.domain.suppliers import SupplierProfile
    from supplyesg.services import suppliers

    suppliers.create_supplier(db, SupplierProfile("SUP-1", "Axle", "CN", "axles", 1), "t")
    new = NewUser("li@axle.cn", "Li", Role.SUPPLIER_USER, "SUP-1", password=PASSWORD)
    accounts.create_user(db, new)
    assert log_in(browser, "li@axle.cn", PASSWORD).headers["location"] == "/portal"


def test_a_wrong_password_shows_the_form_again_without_echoing_it(
    browser: TestClient, ana: int
) -> None:
    answer = log_in(browser, "ana@example.com", "not the right one")
    assert answer.status_code == 422
    assert "The e-mail address or the password is not right." in answer.text
    assert 'value="ana@example.com"' in answer.text
    assert "not the right one" not in answer.text
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


def test_five_failures_lock_the_account_through_the_login_page(
    browser: TestClient, ana: int
) -> None:
    for _attempt in range(5):
        assert log_in(browser, "ana@example.com", "not the right one").status_code == 422
    answer = log_in(browser, "ana@example.com", PASSWORD)
    assert answer.status_code == 422
    assert "locked for 15 minutes" in answer.text


def test_the_login_form_without_its_csrf_token_is_refused(browser: TestClient, ana: int) -> None:
    browser.get("/login")
    form = {"email": "ana@example.com", "password": PASSWORD}
    answer = browser.post("/login", data=form, follow_redirects=False)
    assert answer.status_code == 403
    assert "not sent from this site" in answer.text
    form["csrf_token"] = "0" * 64
    assert browser.post("/login", data=form, follow_redirects=False).status_code == 403


def test_a_token_from_another_browser_does_not_work(db: Database, ana: int) -> None:
    settings = Settings(database_url=str(db.engine.url))
    app = create_app(settings, db)
    with TestClient(app) as attacker, TestClient(app) as victim:
        token = csrf_of(attacker.get("/login"))
        victim.get("/login")
        form = {"email": "ana@example.com", "password": PASSWORD, "csrf_token": token}
        assert victim.post("/login", data=form, follow_redirects=False).status_code == 403


def test_a_logged_in_form_needs_the_token_of_its_session(browser: TestClient, ana: int) -> None:
    log_in(browser, "ana@example.com", PASSWORD)
    answer = browser.post("/logout", follow_redirects=False)
    assert answer.status_code == 403
    token = csrf_of(browser.get("/account"))
    answer = browser.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


def test_after_logging_out_the_old_cookie_is_worthless(browser: TestClient, ana: int) -> None:
    log_in(browser, "ana@example.com", PASSWORD)
    cookie = browser.cookies[SESSION_COOKIE]
    browser.post("/logout", data={"csrf_token": csrf_of(browser.get("/account"))})
    browser.cookies.set(SESSION_COOKIE, cookie)
    assert browser.get("/suppliers", follow_redirects=False).status_code == 303


def test_cookie_authenticated_api_calls_need_the_csrf_header(browser: TestClient, ana: int) -> None:
    log_in(browser, "ana@example.com", PASSWORD)
    assert browser.get("/api/v1/me").json()["email"] == "ana@example.com"
    body = {"code": "SUP-7", "legal_name": "X", "country": "CN", "category": "a", "tier": 1}
    refused = browser.post("/api/v1/suppliers", json=body)
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("The form was not sent from this site")
    token = csrf_of(browser.get("/account"))
    created = browser.post("/api/v1/suppliers", json=body, headers={"X-CSRF-Token": token})
    assert created.status_code == 201


def test_changing_ones_password_logs_out_and_the_new_one_works(
    browser: TestClient, ana: int
) -> None:
    log_in(browser, "ana@example.com", PASSWORD)
    token = csrf_of(browser.get("/account"))
    form = {"current_password": PASSWORD, "password": "x", "confirm": "x", "csrf_token": token}
    refused = browser.post("/account/password", data=form)
    assert refused.status_code == 422
    assert "must be at least 12 characters long" in refused.text
    new = "another long passphrase"
    form |= {"password": new, "confirm": new}
    assert browser.post("/account/password", data=form, follow_redirects=False).status_code == 303
    assert browser.get("/account", follow_redirects=False).status_code == 303
    assert log_in(browser, "ana@example.com", new).status_code == 303


def test_a_reset_link_arrives_by_smtp_and_works_once(
    db: Database, ana: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with smtp_server() as (mailbox, port):
        settings = Settings(
            database_url=str(db.engine.url),
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_starttls=False,
            public_url="https://esg.example.com",
        )
        with TestClient(create_app(settings, db)) as client:
            token = csrf_of(client.get("/password-reset"))
            form = {"email": "ana@example.com", "csrf_token": token}
            answer = client.post("/password-reset", data=form)
            assert answer.status_code == 200
            assert "an e-mail with a link is on its way" in answer.text
            [message] = mailbox.messages
            assert message["To"] == "ana@example.com"
            assert message["Subject"] == "Set your supplyesg password"
            [body] = mailbox.bodies()
            link = next(w for w in body.split() if w.startswith("https://esg.example.com/"))
            path = link.removeprefix("https://esg.example.com")
            page = client.get(path)
            assert page.headers["referrer-policy"] == "no-referrer"
            new = "my brand new passphrase"
            form = {"password": new, "confirm": new, "csrf_token": csrf_of(page)}
            done = client.post(path, data=form, follow_redirects=False)
            assert done.status_code == 303
            again = client.post(path, data=form)
            assert again.status_code == 422
            assert "This link has expired or was already used." in again.text
            assert log_in(client, "ana@example.com", new).status_code == 303
    secret = path.rsplit("/", 1)[1]
    logged = [r.getMessage() for r in caplog.records if r.name.startswith(APP_LOGGERS)]
    assert not [line for line in logged if secret in line or new in line]


def test_without_smtp_the_link_is_not_sent_and_not_logged(
    browser: TestClient, ana: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = csrf_of(browser.get("/password-reset"))
    browser.post("/password-reset", data={"email": "ana@example.com", "csrf_token": token})
    [warning] = [r.getMessage() for r in caplog.records if r.name.startswith("supplyesg")]
    assert warning == (
        "no SMTP server configured; e-mail 'Set your supplyesg password' to ana@example.com "
        "not sent"
    )


def test_the_access_log_masks_reset_links_and_token_parameters() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/password-reset/s3cr3t?x=1&token=abc", "1.1", 200),
        None,
    )
    assert RedactSecrets().filter(record)
    assert record.getMessage() == (
        '127.0.0.1:5 - "GET /password-reset/[redacted]?x=1&token=[redacted] HTTP/1.1" 200'
    )


def test_a_reset_request_for_an_unknown_address_looks_the_same(browser: TestClient) -> None:
    token = csrf_of(browser.get("/password-reset"))
    answer = browser.post("/password-reset", data={"email": "no@example.com", "csrf_token": token})
    assert answer.status_code == 200
    assert "If an account exists for no@example.com" in answer.text


def _reset_answer(browser: TestClient, address: str) -> str:
    token = csrf_of(browser.get("/password-reset"))
    answer = browser.post("/password-reset", data={"email": address, "csrf_token": token})
    assert answer.status_code == 200
    return answer.text.replace(token, "CSRF").replace(address, "ADDRESS")


def test_a_reset_answer_is_byte_identical_and_sent_before_any_lookup_known_or_not(
    browser: TestClient, ana: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_request, real_answer = auth.request_password_reset, ui_auth._reset_request

    def requested(*args: object, **kwargs: object) -> bool:
        events.append(f"looked up {args[1]}")
        return real_request(*args, **kwargs)  # type: ignore[arg-type]

    def answered(*args: object, **kwargs: object) -> object:
        events.append("answered")
        return real_answer(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(auth, "request_password_reset", requested)
    monkeypatch.setattr(ui_auth, "_reset_request", answered)
    events.clear()
    known = _reset_answer(browser, "ana@example.com")
    unknown = _reset_answer(browser, "no@example.com")
    assert known == unknown
    assert events == [
        "answered",  # the forms
        "answered",
        "looked up ana@example.com",
        "answered",
        "answered",
        "looked up no@example.com",
    ]


def test_a_reset_request_needs_an_address(browser: TestClient) -> None:
    token = csrf_of(browser.get("/password-reset"))
    answer = browser.post("/password-reset", data={"email": "nobody", "csrf_token": token})
    assert answer.status_code == 422
    assert "is not an e-mail address" in answer.text


def test_an_unknown_reset_link_offers_a_new_one(browser: TestClient) -> None:
    page = browser.get("/password-reset/not-a-real-link")
    assert page.status_code == 200
    assert "Ask for a new link" in page.text


def test_passwords_are_hashed_with_argon2id_at_owasp_strength(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.undo()  # the real settings, not the fast ones of the other tests
    hashed = accounts.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts.verify_password(PASSWORD, hashed) == (True, None)


def test_the_menu_shows_only_the_pages_the_user_may_open(db: Database, client_as: object) -> None:
    from supplyesg.domain.suppliers import SupplierProfile
    from supplyesg.services import suppliers

    suppliers.create_supplier(db, SupplierProfile("SUP-1", "Axle", "CN", "axles", 1), "t")
    viewer = client_as(Role.VIEWER).get("/account")  # type: ignore[operator]
    supplier = client_as(Role.SUPPLIER_USER, supplier="SUP-1").get("/account")  # type: ignore[operator]
    assert '<a href="/suppliers"' in viewer.text
    assert '<a href="/suppliers"' not in supplier.text
    assert 'action="/logout"' in supplier.text


def test_every_page_hands_htmx_its_csrf_header(browser: TestClient, ana: int) -> None:
    log_in(browser, "ana@example.com", PASSWORD)
    page = browser.get("/account")
    assert f'hx-headers=\'{{"X-CSRF-Token": "{csrf_of(page)}"}}\'' in page.text


@pytest.mark.parametrize(
    ("accept", "cookie", "chosen"),
    [
        ("", None, "en"),
        ("zh-TW,zh;q=0.9,en;q=0.8", None, "zh_Hant"),
        ("zh-Hant-HK", None, "zh_Hant"),
        ("fr-FR,fr;q=0.9", None, "en"),
        ("zh-TW", "en", "en"),
        ("en", "zh_Hant", "zh_Hant"),
        ("en", "klingon", "en"),
    ],
)
def test_the_language_is_the_cookies_else_the_browsers(
    accept: str, cookie: str | None, chosen: str
) -> None:
    from supplyesg import locale

    assert locale.chosen_locale(accept, cookie) == chosen


def test_pages_speak_the_browsers_language(browser: TestClient) -> None:
    english = browser.get("/login")
    assert '<html lang="en">' in english.text
    assert "<h1>Log in</h1>" in english.text
    chinese = browser.get("/login", headers={"Accept-Language": "zh-TW,zh;q=0.9"})
    assert '<html lang="zh-Hant">' in chinese.text
    assert "<h1>登入</h1>" in chinese.text
    assert "忘記密碼？" in chinese.text


def test_a_chosen_language_is_remembered(browser: TestClient) -> None:
    token = csrf_of(browser.get("/login"))
    form = {"lang": "zh_Hant", "next": "/login?next=/suppliers", "csrf_token": token}
    chosen = browser.post("/language", data=form, follow_redirects=False)
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/login?next=/suppliers"
    assert "<h1>登入</h1>" in browser.get("/login").text


def test_a_failed_login_is_in_the_audit_trail_as_done_by_an_anonymous_visitor(
    browser: TestClient, ana: int, db: Database
) -> None:
    from supplyesg.services import audit_trail

    log_in(browser, "ana@example.com", "not the right one")
    latest = audit_trail.history_of(db, "user_account", str(ana))[0]
    assert (latest.actor, latest.action, latest.after) == (
        "anonymous visitor",
        "update",
        {"failed_logins": 1},
    )


def test_an_error_log_line_never_shows_a_reset_links_secret(
    browser: TestClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supplyesg.services import auth as auth_service

    def broken(*args: object) -> bool:
        raise RuntimeError("database went away")

    monkeypatch.setattr(auth_service, "reset_link_works", broken)
    answer = browser.get("/password-reset/the-secret-of-the-link")
    assert answer.status_code == 500
    [line] = [r.getMessage() for r in caplog.records if r.name == "supplyesg.web.errors"]
    assert line == "unexpected error on GET /password-reset/[redacted]"
