"""`supplyesg webhooks add|list|disable|deliveries|test|send`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from programme_builders import ACTOR, supplier
from supplyesg.cli import app
from supplyesg.cli import webhooks as webhooks_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import suppliers
from webhook_receiver import receiver

runner = CliRunner()
CLOCK = FixedClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webhooks_cli, "database", lambda: db)
    monkeypatch.setattr(webhooks_cli, "clock", lambda: CLOCK)


def test_add_prints_the_secret_once_and_list_never_does(db: Database) -> None:
    with receiver() as hook:
        added = runner.invoke(app, ["webhooks", "add", hook.url, "--event", "plan.decided"])
        assert added.exit_code == 0, added.output
        secret = added.stdout.split("Secret (shown only now; verify X-Supplyesg-Signature")[1]
        secret = secret.split(": ", 1)[1].strip()
        assert secret.startswith("whsec_")
        listed = runner.invoke(app, ["webhooks", "list"])
        assert listed.exit_code == 0
        assert "plan.decided" in listed.stdout
        assert secret not in listed.stdout
        subscription = added.stdout.split()[1]
        tested = runner.invoke(app, ["webhooks", "test", subscription])
        assert tested.exit_code == 0, tested.output
        assert "delivered (200)" in tested.stdout
        assert len(hook.received) == 1
    log = runner.invoke(app, ["webhooks", "deliveries", subscription])
    assert "webhook.test" in log.stdout
    assert "1: 200" in log.stdout
    disabled = runner.invoke(app, ["webhooks", "disable", subscription])
    assert "is disabled" in disabled.stdout


def test_send_delivers_the_new_events(db: Database) -> None:
    supplier(db, "S-1")
    with receiver() as hook:
        runner.invoke(app, ["webhooks", "add", hook.url])
        suppliers.change_status(db, "S-1", SupplierStatus.SUSPENDED, "strike", ACTOR, clock=CLOCK)
        sent = runner.invoke(app, ["webhooks", "send"])
        assert sent.exit_code == 0, sent.output
        assert "1 delivery attempts made." in sent.stdout
        assert len(hook.received) == 1


def test_a_plain_http_address_elsewhere_is_refused_naming_the_field() -> None:
    refused = runner.invoke(app, ["webhooks", "add", "http://erp.example.com/hook"])
    assert refused.exit_code != 0
    assert "url" in refused.output
