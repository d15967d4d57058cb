"""`supplyesg webhooks ...`: subscribe procurement systems to business events, list and disable
subscriptions, read the delivery log, send a test delivery or a round of due deliveries."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.cli.users import cli_actor
from supplyesg.domain.errors import DomainError
from supplyesg.domain.events import EVENT_KINDS

webhooks_app = typer.Typer(help="Webhooks to procurement systems.", no_args_is_help=True)

KINDS = ", ".join(kind.value for kind in EVENT_KINDS)


@webhooks_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="https:// address (http:// only to 127.0.0.1)")],
    event: Annotated[
        list[str] | None, typer.Option("--event", help=f"A kind to send (repeat): {KINDS}")
    ] = None,
    description: Annotated[str, typer.Option("--description", help="What it is for")] = "",
) -> None:
    """Subscribe an address to kinds of event (all kinds if none given); prints the secret once."""
    from supplyesg.services import webhooks

    kinds = event or [kind.value for kind in EVENT_KINDS]
    try:
        created = webhooks.create_subscription(
            database(), url, kinds, cli_actor(), description, clock()
        )
    except DomainError as error:
        raise fail(error) from None
    row = created.subscription
    console.print(f"Webhook {row.id} to {row.url}: {', '.join(row.event_kinds)}", soft_wrap=True)
    console.print(
        f"Secret (shown only now; verify X-Supplyesg-Signature with it): {created.secret}",
        soft_wrap=True,
        highlight=False,
    )


@webhooks_app.command("list")
def list_() -> None:
    """Every subscription: address, kinds of event, active or disabled (never the secret)."""
    from supplyesg.services import webhooks

    table = Table("id", "url", "events", "active", "created")
    for row in webhooks.subscriptions(database()):
        table.add_row(
            str(row.id),
            row.url,
            ", ".join(row.event_kinds),
            "yes" if row.active else f"no (since {row.disabled_at:%Y-%m-%d})",
            f"{row.created_at:%Y-%m-%d} by {row.created_by}",
        )
    console.print(table)


@webhooks_app.command("disable")
def disable(subscription: Annotated[int, typer.Argument(help="The subscription's id")]) -> None:
    """Stop sending to a subscription (what waits is not sent either)."""
    from supplyesg.services import webhooks

    try:
        row = webhooks.disable_subscription(database(), subscription, cli_actor(), clock())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Webhook {row.id} to {row.url} is disabled.", soft_wrap=True)


@webhooks_app.command("deliveries")
def deliveries(
    subscription: Annotated[int, typer.Argument(help="The subscription's id")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 20,
) -> None:
    """The delivery log of a subscription, newest first, with every attempt's answer."""
    from supplyesg.services import webhooks

    try:
        logged = webhooks.delivery_log(database(), subscription, limit)
    except DomainError as error:
        raise fail(error) from None
    table = Table("delivery", "event", "kind", "state", "attempts (status, ms)", "next attempt")
    for item in logged:
        row = item.delivery
        answers = "; ".join(
            f"{a.attempt}: {a.status_code or a.error or '-'} ({a.duration_ms} ms)"
            for a in item.attempts
        )
        table.add_row(
            str(row.id),
            str(row.event_id or "test"),
            row.kind,
            row.state,
            answers or "-",
            f"{row.next_attempt_at:%Y-%m-%d %H:%M}" if row.next_attempt_at else "-",
        )
    console.print(table)


@webhooks_app.command("test")
def test(subscription: Annotated[int, typer.Argument(help="The subscription's id")]) -> None:
    """Send a test delivery now, once, and print what the receiver answered."""
    from supplyesg.services import webhooks

    try:
        sent = webhooks.send_test(database(), subscription, clock())
    except DomainError as error:
        raise fail(error) from None
    answer = sent.status_code if sent.status_code is not None else sent.error
    console.print(f"Test delivery {sent.id}: {sent.state} ({answer}).", soft_wrap=True)
    if sent.state != "delivered":
        raise typer.Exit(code=1)


@webhooks_app.command("send")
def send() -> None:
    """Queue deliveries for new events and send those due now (what the job worker does each
    minute; for an installation without a worker, run it from cron)."""
    from supplyesg.services import webhooks

    made = webhooks.run(database(), clock())
    console.print(f"{made} delivery attempts made.", soft_wrap=True)
