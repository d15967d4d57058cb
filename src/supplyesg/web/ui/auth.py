"""Pages to log in and out, reset a forgotten password, and change one's own password."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg import locale
from supplyesg.config import Settings
from supplyesg.domain.access import ROLE_LABELS, Principal, Role
from supplyesg.domain.accounts import LoginRefusedError
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.services import accounts, auth, reminders
from supplyesg.services.mailer import mailer_for
from supplyesg.web.api.types import record_id_of
from supplyesg.web.auth import (
    clear_session_cookie,
    safe_next,
    session_secret,
    set_session_cookie,
)
from supplyesg.web.deps import CurrentUserDep, DatabaseDep
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, render

router = APIRouter()

PASSWORD_FIELDS = ("current_password", "password", "confirm")
NOT_SAVED = "The password was not saved."


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def home_of(principal: Principal) -> str:
    """Where a user lands after logging in when no page was asked for."""
    return "/portal" if principal.role is Role.SUPPLIER_USER else "/"


@router.get("/login", name="login")
def login_page(request: Request, next: str = "/") -> Response:
    """The login form."""
    principal = getattr(request.state, "principal", None)
    if principal is not None:
        return RedirectResponse(_landing(principal, next), status_code=303)
    return _login_form(request, next, "", NO_ERRORS)


@router.post("/login")
def log_in(request: Request, db: DatabaseDep, form: PostedForm) -> Response:
    """Open a session and go where the user was heading, or show the form again."""
    email, next_url = form.get("email", "").strip(), form.get("next", "/")
    policy = accounts.security_policy(_settings(request))
    try:
        opened = auth.log_in(db, email, form.get("password", ""), policy)
    except LoginRefusedError as error:
        errors = FormErrors.from_problems(error.detail, [], ("email", "password"))
        return _login_form(request, next_url, email, errors, status_code=422)
    response = RedirectResponse(_landing(opened.principal, next_url), status_code=303)
    set_session_cookie(response, opened.secret, _settings(request))
    return response


@router.post("/logout", name="logout")
def log_out(request: Request, db: DatabaseDep) -> Response:
    """End the session, here and on the server."""
    secret = session_secret(request)
    if secret:
        auth.log_out(db, secret)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response, _settings(request))
    return flash(response, _("You are logged out."), "info")


@router.get("/password-reset", name="password_reset_request")
def reset_request_page(request: Request) -> Response:
    """The form asking for a password-reset link."""
    return _reset_request(request, "", NO_ERRORS, sent=False)


@router.post("/password-reset")
def request_reset(
    request: Request, db: DatabaseDep, form: PostedForm, background: BackgroundTasks
) -> Response:
    """Send a link if the account exists; say the same thing either way.

    The lookup and the e-mail run after the answer is sent, so that its timing does not depend
    on whether the address has an account (the mail server's round trip would tell).
    """
    email = form.get("email", "").strip()
    if "@" not in email:
        problem = Problem("email", "is not an e-mail address", email)
        errors = FormErrors.from_problems(_("No link was sent."), [problem], ("email",))
        return _reset_request(request, email, errors, sent=False, status_code=422)
    settings = _settings(request)
    policy = accounts.security_policy(settings)
    background.add_task(
        auth.request_password_reset, db, email, mailer_for(settings), settings.public_url, policy
    )
    return _reset_request(request, email, NO_ERRORS, sent=True)


@router.get("/password-reset/{secret}", name="password_reset")
def reset_page(request: Request, db: DatabaseDep, secret: str) -> Response:
    """The form to choose a new password, if the link still works."""
    return _reset_form(request, secret, auth.reset_link_works(db, secret), NO_ERRORS)


@router.post("/password-reset/{secret}")
def reset_password(request: Request, db: DatabaseDep, secret: str, form: PostedForm) -> Response:
    """Set the new password and send the user to log in with it."""
    try:
        _refuse_mismatch(form)
        auth.reset_password(db, secret, form.get("password", ""))
    except DomainError as error:
        if any(p.field == "link" for p in error.problems):
            return _reset_form(request, secret, False, NO_ERRORS, status_code=422)
        errors = FormErrors.of(error, PASSWORD_FIELDS)
        return _reset_form(request, secret, True, errors, status_code=422)
    response = RedirectResponse("/login", status_code=303)
    return flash(response, _("Your password is saved. Log in with it."))


@router.get("/account", name="account")
def account_page(request: Request, db: DatabaseDep, user: CurrentUserDep) -> Response:
    """The user's own account."""
    return _account(request, db, user, NO_ERRORS)


@router.post("/account/password")
def change_password(
    request: Request, db: DatabaseDep, user: CurrentUserDep, form: PostedForm
) -> Response:
    """Change one's own password; every session ends, so log in again."""
    try:
        _refuse_mismatch(form)
        auth.change_password(
            db, user.user_id, form.get("current_password", ""), form.get("password", "")
        )
    except DomainError as error:
        return _account(request, db, user, FormErrors.of(error, PASSWORD_FIELDS), 422)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response, _settings(request))
    return flash(response, _("Your password is changed. Log in with the new one."))


@router.post("/language", name="language")
def choose_language(form: PostedForm) -> Response:
    """Remember the language chosen in this browser and go back to the page."""
    chosen = form.get("lang", "")
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    if chosen in locale.SUPPORTED:
        response.set_cookie(
            locale.COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True
        )
    return response


@router.get("/notifications", name="notifications")
def notifications(request: Request, db: DatabaseDep, user: CurrentUserDep) -> Response:
    """The user's reminders, newest first."""
    rows = reminders.inbox(db, user.user_id)
    return render(request, "auth/notifications.html", area="account", notifications=rows)


@router.get("/notifications/badge")
def notifications_badge(request: Request, db: DatabaseDep, user: CurrentUserDep) -> Response:
    """The menu's notifications link with the unread count (htmx loads it after the page)."""
    unread = reminders.unread_count(db, user.user_id)
    return render(request, "auth/_notifications_badge.html", unread=unread)


@router.post("/notifications/read")
def read_notifications(db: DatabaseDep, user: CurrentUserDep, form: PostedForm) -> Response:
    """Mark one notification read (field `id`), or all of them (no `id`)."""
    given = form.get("id", "")
    named = record_id_of(given)
    ids = None if not given else [] if named is None else [named]
    reminders.mark_read(db, user.user_id, ids)
    return RedirectResponse("/notifications", status_code=303)


def _landing(principal: Principal, next_url: str) -> str:
    target = safe_next(next_url)
    return home_of(principal) if target == "/" else target


def _refuse_mismatch(form: dict[str, str]) -> None:
    if form.get("password", "") != form.get("confirm", ""):
        raise InvalidInputError(NOT_SAVED, [Problem("confirm", "is not the same password")])


def _login_form(
    request: Request, next_url: str, email: str, errors: FormErrors, status_code: int = 200
) -> Response:
    return render(
        request,
        "auth/login.html",
        status_code=status_code,
        next=safe_next(next_url),
        email=email,
        errors=errors,
    )


def _reset_request(
    request: Request, email: str, errors: FormErrors, *, sent: bool, status_code: int = 200
) -> Response:
    minutes = _settings(request).reset_link_minutes
    return render(
        request,
        "auth/reset_request.html",
        status_code=status_code,
        email=email,
        errors=errors,
        sent=sent,
        minutes=minutes,
    )


def _reset_form(
    request: Request, secret: str, usable: bool, errors: FormErrors, status_code: int = 200
) -> Response:
    response = render(
        request,
        "auth/reset.html",
        status_code=status_code,
        action=f"/password-reset/{secret}",
        usable=usable,
        errors=errors,
        min_length=accounts.security_policy(_settings(request)).min_password_length,
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _account(
    request: Request, db: DatabaseDep, user: Principal, errors: FormErrors, status_code: int = 200
) -> Response:
    row = accounts.get_user(db, user.user_id)
    codes = accounts.supplier_codes(db, [row])
    return render(
        request,
        "auth/account.html",
        status_code=status_code,
        area="account",
        user=row,
        role_label=ROLE_LABELS[Role(row.role)],
        supplier_code=codes.get(row.supplier_id or 0, ""),
        errors=errors,
        min_length=accounts.security_policy(_settings(request)).min_password_length,
    )
