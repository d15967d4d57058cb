"""How pages are rendered: the template environment, what every template can use, and render().

Every template can call `_()` (translation), `csrf_field()` (inside every form), and read
`current_user`, `nav`, `flashes` and `area`; filters format numbers, money and dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from supplyesg import locale
from supplyesg.domain.errors import Problem
from supplyesg.domain.iso_codes import COUNTRY_NAMES
from supplyesg.web.auth import may_open, may_send
from supplyesg.web.csrf import csrf_field, csrf_token
from supplyesg.web.ui import flash
from supplyesg.web.ui.code_labels import N_
from supplyesg.web.ui.navigation import NAV

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


translate = locale.translate
translate_plural = locale.translate_plural


def gettext(message: str, **variables: Any) -> str:
    """For Python code: the translated message with its %(name)s placeholders filled in."""
    translated = translate(message)
    return translated % variables if variables else translated


_ = gettext


def current_user(request: Request) -> object | None:
    """Who is signed in, if anyone: a domain.access.Principal."""
    return getattr(request.state, "principal", None)


def number(value: int | Decimal | str | None, places: int | None = None) -> str:
    """A number with thousands separators and its significant digits; `places` rounds half up."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is None:
        return f"{amount.normalize():,f}"  # as entered, without the zeros storage pads with
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def money(value: Decimal | None, currency: str = "") -> str:
    """An amount with two decimals and its currency code."""
    if value is None:
        return ""
    return f"{currency} {number(value, 2)}".strip()


def day(value: date | datetime | None) -> str:
    """A date as YYYY-MM-DD (unambiguous in every language)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d")


def moment(value: datetime | None) -> str:
    """An instant as YYYY-MM-DD HH:MM UTC."""
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def label(value: object) -> str:
    """A stored code shown as words: 'conditionally_accepted' -> 'Conditionally accepted'."""
    text = str(value).replace("_", " ")
    return gettext(text[:1].upper() + text[1:])


AUDIT_TYPE_LABELS = {
    "self_assessment": N_("Self-assessment"),
    "desktop_review": N_("Desktop review"),
    "on_site_announced": N_("On-site, announced"),
    "on_site_unannounced": N_("On-site, unannounced"),
    "external": N_("External audit"),
}
"""How every page (staff and portal) names each audit type: one source for both."""


def audit_type(value: object) -> str:
    """An audit type as words, the same on the staff pages and in the supplier portal."""
    words = AUDIT_TYPE_LABELS.get(str(value))
    return gettext(words) if words else label(value)


SCHEME_NAMES = {
    "smeta": "SMETA",
    "amfori_bsci": "amfori BSCI",
    "rba_vap": "RBA VAP",
    "ecovadis": "EcoVadis",
    "sa8000": "SA8000",
    "iso_14001": "ISO 14001",
    "iso_45001": "ISO 45001",
}
"""External audit schemes by their own names, which are not translated."""


def scheme_name(value: object) -> str:
    """An external audit scheme by its own name: 'amfori BSCI', 'EcoVadis'."""
    return SCHEME_NAMES.get(str(value)) or label(value)


def country_name(code: str) -> str:
    """The country's name for an ISO code (the code itself if unknown)."""
    return COUNTRY_NAMES.get(code, code)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Newstyle: templates write _("%(count)s suppliers", count=n) and Jinja fills and escapes.
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        translate, translate_plural, newstyle=True
    )
    environment.globals.update(
        csrf_field=csrf_field,
        csrf_token=csrf_token,
        may_open=may_open,
        may_send=may_send,
        nav=NAV,
    )
    environment.globals.update(
        current_language=locale.current_locale.get, languages=locale.LANGUAGE_NAMES
    )
    environment.filters.update(
        number=number,
        money=money,
        day=day,
        moment=moment,
        label=label,
        audit_type=audit_type,
        scheme_name=scheme_name,
        country_name=country_name,
    )
    return environment


def _request_context(request: Request) -> dict[str, Any]:
    return {"current_user": current_user(request), "flashes": flash.waiting(request)}


templates = Jinja2Templates(env=_environment(), context_processors=[_request_context])


def is_htmx(request: Request) -> bool:
    """Whether htmx asked for a fragment (and not a whole page to restore history)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """A whole page (or an htmx fragment) from a template; the flashes shown are used up."""
    context.setdefault("area", "")
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    if not template.split("/")[-1].startswith("_"):
        flash.forget(request, response)
    return response


def error_page(
    request: Request, status_code: int, title: str, detail: str, problems: Iterable[Problem] = ()
) -> Response:
    """The HTML page that answers a failed request for a page."""
    return render(
        request,
        "error.html",
        status_code=status_code,
        title=title,
        detail=detail,
        problems=list(problems),
        error_status=status_code,
    )
