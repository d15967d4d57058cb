"""Webhook administration pages: subscriptions, the secret shown once, disabling, the delivery
log with each attempt's answer, and a test delivery sent to a real receiver on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from supplyesg.db.session import Database
from supplyesg.domain import webhooks as rules
from supplyesg.domain.access import Role
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import suppliers, webhooks
from webhook_receiver import receiver

SECRET = re.compile(r'<code class="secret">(whsec_[0-9a-f]+)</code>')


def subscribe(client: TestClient, url: str, **fields: str) -> TestClient:
    form = {"url": url, "description": "ERP", "kind-supplier.terminated": "on"} | fields
    return client.post("/admin/webhooks", data=form)  # type: ignore[return-value]


def test_the_administration_page_leads_to_the_webhooks(client: TestClient) -> None:
    assert 'href="/admin/webhooks"' in client.get("/admin").text
    page = client.get("/admin/webhooks")
    assert page.status_code == 200
    assert "No webhook subscription yet." in page.text
    assert 'name="kind-plan.decided"' in page.text


def test_a_new_subscription_shows_its_secret_once(client: TestClient, db: Database) -> None:
    created = subscribe(client, "https://erp.example.com/hooks", **{"kind-plan.decided": "on"})
    assert created.status_code == 200
    assert created.headers["cache-control"] == "no-store"
    [secret] = SECRET.findall(created.text)
    [row] = webhooks.subscriptions(db)
    assert (row.url, row.event_kinds, row.secret) == (
        "https://erp.example.com/hooks",
        ["plan.decided", "supplier.terminated"],
        secret,
    )
    assert "Nothing has been sent to this subscription yet." in created.text
    page = client.get(f"/admin/webhooks/{row.id}")
    assert page.status_code == 200
    assert secret not in page.text
    listed = client.get("/admin/webhooks")
    assert f'<a href="/admin/webhooks/{row.id}">https://erp.example.com/hooks</a>' in listed.text
    assert secret not in listed.text


def test_a_bad_subscription_is_shown_again_with_the_reasons_beside_the_fields(
    client: TestClient, db: Database
) -> None:
    refused = client.post(
        "/admin/webhooks", data={"url": "http://erp.example.com/hooks", "description": "ERP"}
    )
    assert refused.status_code == 422
    assert "must use https (http only to 127.0.0.1 or localhost)" in refused.text
    assert "choose at least one kind of event" in refused.text
    assert 'value="http://erp.example.com/hooks"' in refused.text
    assert not SECRET.search(refused.text)
    assert webhooks.subscriptions(db) == []


def test_a_test_delivery_reaches_the_receiver_and_the_log_shows_each_attempt(
    client: TestClient, db: Database
) -> None:
    with receiver(answers=[500, 204]) as hook:
        [secret] = SECRET.findall(subscribe(client, hook.url).text)
        [row] = webhooks.subscriptions(db)
        url = f"/admin/webhooks/{row.id}"
        failed = client.post(f"{url}/test")
        assert failed.status_code == 200  # the subscription's page, after the redirect
        assert "Test delivery failed: HTTP 500 Internal Server Error" in failed.text
        sent = client.post(f"{url}/test")
        assert "Test delivery delivered: the receiver answered 204." in sent.text
        assert len(hook.received) == 2
        request = hook.received[1]
        header = request.headers[rules.SIGNATURE_HEADER]
        timestamp = int(header.split(",")[0][2:])
        assert rules.is_authentic(secret, header, request.body, timestamp)

    page = client.get(url).text
    rows = re.findall(r"<tr>\s*<td>#(\d+).*?</tr>", page, re.S)
    assert len(rows) == 2
    log = page[page.index("Delivery log") :]
    assert log.count("<code>webhook.test</code>") == 2
    assert "HTTP 204" in log
    assert "HTTP 500" in log
    assert 'class="badge delivery-delivered">Delivered' in log
    assert 'class="badge delivery-failed">Failed' in log
    assert re.search(r"1\. [^:]+:\d\d UTC: HTTP 500 \(\d+ ms\)", log)


def test_an_event_waiting_to_be_sent_is_logged_pending_with_its_next_attempt(
    client: TestClient, db: Database
) -> None:
    suppliers.create_supplier(db, SupplierProfile("SUP-1", "Axle Works", "CN", "axles", 1), "t")
    subscribe(client, "https://erp.example.com/hooks", **{"kind-supplier.status_changed": "on"})
    [row] = webhooks.subscriptions(db)
    suppliers.change_status(db, "SUP-1", SupplierStatus.ACTIVE, "approved", "t")
    assert webhooks.queue_deliveries(db) == 1
    log = client.get(f"/admin/webhooks/{row.id}").text
    log = log[log.index("Delivery log") :]
    assert "<code>supplier.status_changed</code>" in log
    assert 'class="badge delivery-pending">Pending' in log
    assert "Not attempted yet" in log
    assert re.search(
        r'<td class="num">0</td>\s*<td>—</td>\s*<td>\d{4}-\d\d-\d\d \d\d:\d\d UTC</td>', log
    )


def test_disabling_stops_the_subscription_and_refuses_its_tests(
    client: TestClient, db: Database
) -> None:
    subscribe(client, "https://erp.example.com/hooks")
    [row] = webhooks.subscriptions(db)
    url = f"/admin/webhooks/{row.id}"
    disabled = client.post(f"{url}/disable")
    assert "Webhook to https://erp.example.com/hooks disabled" in disabled.text
    assert "Disabled " in disabled.text
    assert f'action="{url}/disable"' not in disabled.text
    assert webhooks.subscription(db, row.id).active is False
    refused = client.post(f"{url}/test")
    assert "Test delivery failed: The subscription is disabled: nothing is sent to it." in (
        refused.text
    )
    assert client.get("/admin/webhooks/999").status_code == 404


def test_only_administrators_see_the_webhook_pages(
    client: TestClient, client_as: Callable[..., TestClient], db: Database
) -> None:
    subscribe(client, "https://erp.example.com/hooks")
    [row] = webhooks.subscriptions(db)
    for role in (Role.ESG_MANAGER, Role.AUDITOR, Role.VIEWER):
        staff = client_as(role)
        assert staff.get("/admin/webhooks").status_code == 403, role
        assert staff.get(f"/admin/webhooks/{row.id}").status_code == 403, role
        assert staff.post(f"/admin/webhooks/{row.id}/test").status_code == 403, role
    suppliers.create_supplier(db, SupplierProfile("SUP-1", "Axle Works", "CN", "axles", 1), "t")
    supplier_user = client_as(Role.SUPPLIER_USER, supplier="SUP-1")
    assert supplier_user.get("/admin/webhooks").status_code == 404
    assert supplier_user.post(f"/admin/webhooks/{row.id}/disable").status_code == 404
    assert webhooks.subscription(db, row.id).active is True
