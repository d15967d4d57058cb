"""The webhooks API: administrators only; the secret is shown once; the log and test delivery."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from supplyesg.domain import webhooks as rules
from supplyesg.domain.access import Role
from webhook_receiver import receiver

KINDS = ["supplier.terminated", "plan.decided"]


def test_an_admin_creates_lists_tests_and_disables_a_subscription(client: TestClient) -> None:
    with receiver(answers=[200]) as hook:
        created = client.post(
            "/api/v1/webhooks", json={"url": hook.url, "event_kinds": KINDS, "description": "ERP"}
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["secret"].startswith("whsec_")
        assert (body["url"], body["event_kinds"], body["active"]) == (hook.url, sorted(KINDS), True)
        listed = client.get("/api/v1/webhooks").json()
        assert [w["id"] for w in listed] == [body["id"]]
        assert "secret" not in listed[0]
        assert "secret" not in client.get(f"/api/v1/webhooks/{body['id']}").json()

        tested = client.post(f"/api/v1/webhooks/{body['id']}/test")
        assert tested.status_code == 200, tested.text
        result = tested.json()
        assert (result["state"], result["status_code"], result["kind"]) == (
            "delivered",
            200,
            "webhook.test",
        )
        assert [a["status_code"] for a in result["log"]] == [200]
        [request] = hook.received
        assert rules.is_authentic(
            body["secret"],
            request.headers[rules.SIGNATURE_HEADER],
            request.body,
            int(request.headers[rules.SIGNATURE_HEADER].split(",")[0][2:]),
        )

    log = client.get(f"/api/v1/webhooks/{body['id']}/deliveries").json()
    assert [(d["kind"], d["state"], d["attempts"]) for d in log] == [
        ("webhook.test", "delivered", 1)
    ]
    assert log[0]["body"]["payload"]["test"] is True

    disabled = client.post(f"/api/v1/webhooks/{body['id']}/disable")
    assert (disabled.status_code, disabled.json()["active"]) == (200, False)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": "http://erp.example.com/hook", "event_kinds": KINDS}, "url"),
        ({"url": "https://erp.example.com/hook", "event_kinds": ["nope"]}, "event_kinds"),
        ({"url": "https://erp.example.com/hook", "event_kinds": []}, "event_kinds"),
    ],
)
def test_a_bad_subscription_is_refused_naming_the_field(
    client: TestClient, payload: dict[str, object], field: str
) -> None:
    refused = client.post("/api/v1/webhooks", json=payload)
    assert refused.status_code == 422
    assert any(field in str(e.get("field", e.get("loc", ""))) for e in refused.json()["errors"])


def test_an_unknown_subscription_is_a_404(client: TestClient) -> None:
    assert client.post("/api/v1/webhooks/999999/disable").status_code == 404
    assert client.get("/api/v1/webhooks/999999/deliveries").status_code == 404


@pytest.mark.parametrize("role", [Role.ESG_MANAGER, Role.PROCUREMENT, Role.VIEWER])
def test_only_administrators_see_webhooks(client_as: Callable[..., TestClient], role: Role) -> None:
    other = client_as(role)
    assert other.get("/api/v1/webhooks").status_code == 403
    refused = other.post(
        "/api/v1/webhooks", json={"url": "https://erp.example.com/", "event_kinds": KINDS}
    )
    assert refused.status_code == 403
