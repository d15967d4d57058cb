"""Webhook administration pages (administrators only, like the rest of /admin): the
subscriptions, a new one with its secret shown once, disabling one, a subscription's delivery
log with each attempt's answer, and a test delivery sent at once.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import DomainError
from supplyesg.domain.events import EVENT_KINDS
from supplyesg.domain.webhooks import DeliveryState
from supplyesg.services import webhooks as service
from supplyesg.web.api.types import RecordId
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, render

router = APIRouter(prefix="/admin/webhooks")

FIELDS = ("url", "description", "event_kinds")
KINDS = [kind.value for kind in EVENT_KINDS]


@router.get("", name="admin_webhooks")
def subscriptions(request: Request, db: DatabaseDep) -> Response:
    """Every subscription, and the form to add one."""
    return _list_page(request, db, {}, NO_ERRORS)


@router.post("")
def create_subscription(
    request: Request, db: DatabaseDep, actor: ActorDep, clock: ClockDep, form: PostedForm
) -> Response:
    """Subscribe an address and show its secret, this once (it is not redirected: the secret
    would otherwise have to be kept somewhere to show it)."""
    kinds = [kind for kind in KINDS if form.get(f"kind-{kind}") == "on"]
    try:
        created = service.create_subscription(
            db, form.get("url", ""), kinds, actor, form.get("description", ""), clock
        )
    except DomainError as error:
        return _list_page(request, db, form, FormErrors.of(error, FIELDS), 422)
    response = _subscription_page(request, db, created.subscription.id, secret=created.secret)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/{subscription_id}", name="admin_webhook")
def subscription(request: Request, db: DatabaseDep, subscription_id: RecordId) -> Response:
    """One subscription and its delivery log, newest first, with every attempt's answer."""
    return _subscription_page(request, db, subscription_id)


@router.post("/{subscription_id}/disable")
def disable(
    db: DatabaseDep, actor: ActorDep, clock: ClockDep, subscription_id: RecordId
) -> Response:
    """Stop sending to the subscription (what is waiting is not sent either)."""
    row = service.disable_subscription(db, subscription_id, actor, clock)
    return _back(row.id, _("Webhook to %(url)s disabled: nothing more is sent to it.", url=row.url))


@router.post("/{subscription_id}/test")
def send_test(
    request: Request, db: DatabaseDep, clock: ClockDep, subscription_id: RecordId
) -> Response:
    """Send a test delivery now, once, and say what the receiver answered."""
    sent = service.send_test(db, subscription_id, clock, request.app.state.webhook_sender)
    if sent.state == DeliveryState.DELIVERED:
        message = _(
            "Test delivery delivered: the receiver answered %(code)s.", code=sent.status_code
        )
        return _back(subscription_id, message)
    why = sent.error or _("the receiver answered %(code)s", code=sent.status_code)
    return _back(subscription_id, _("Test delivery failed: %(why)s", why=why), "error")


def _back(subscription_id: int, message: str, kind: str = "success") -> Response:
    target = RedirectResponse(f"/admin/webhooks/{subscription_id}", status_code=303)
    return flash(target, message, kind)


def _list_page(
    request: Request,
    db: DatabaseDep,
    form: dict[str, str],
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "admin/webhooks.html",
        status_code=status_code,
        area="admin",
        subscriptions=service.subscriptions(db),
        kinds=KINDS,
        form=form,
        errors=errors,
    )


def _subscription_page(
    request: Request, db: DatabaseDep, subscription_id: int, secret: str | None = None
) -> Response:
    row = service.subscription(db, subscription_id)
    return render(
        request,
        "admin/webhook.html",
        area="admin",
        subscription=row,
        log=service.delivery_log(db, subscription_id),
        secret=secret,
    )
