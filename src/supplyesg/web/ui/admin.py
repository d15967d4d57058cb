"""Administration pages: accounts and their API tokens, the audit trail, and the way to the
settings the other areas own (policy, code of conduct, emission factors, scorecard weights).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.config import Settings
from supplyesg.db.audit_trail import AuditAction
from supplyesg.db.repositories.audit_trail import TrailFilter
from supplyesg.domain.access import ALL_PERMISSIONS, ROLE_LABELS, Role
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.services import accounts, audit_trail, auth
from supplyesg.services.mailer import mailer_for
from supplyesg.web.api.types import MAX_RECORD_ID, RecordId
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, render

router = APIRouter()

USER_FIELDS = ("email", "display_name", "role", "supplier", "is_active")
TOKEN_FIELDS = ("name", "scopes", "expires_on")
ROLES = [(str(role), ROLE_LABELS[role]) for role in Role]
SCOPES = [str(p) for p in ALL_PERMISSIONS]
SETTINGS_PAGES = (
    ("Code of conduct", "/code-of-conduct"),
    ("Programme policy", "/policy"),
    ("Emission factors", "/emission-factors"),
    ("Scorecard weights", "/scorecards"),
    ("Inherent-risk tables", "/risk/tables"),
)
"""Settings the other areas own, reached from the administration page."""
Text = Annotated[str, Query(max_length=300)]


@router.get("/admin", name="admin")
def admin_home(request: Request) -> Response:
    """Where administrators start: accounts, the audit trail and the settings pages."""
    return render(request, "admin/index.html", area="admin", settings_pages=SETTINGS_PAGES)


@router.get("/admin/users", name="admin_users")
def users(request: Request, db: DatabaseDep) -> Response:
    """Every account."""
    rows = accounts.list_users(db)
    codes = accounts.supplier_codes(db, rows)
    return render(
        request, "admin/users.html", area="admin", users=rows, codes=codes, roles=dict(ROLES)
    )


@router.get("/admin/users/new", name="admin_user_new")
def new_user(request: Request) -> Response:
    """An empty account form."""
    return _user_form(request, None, {"role": "viewer", "is_active": "on"}, NO_ERRORS)


@router.post("/admin/users/new")
def create_user(request: Request, db: DatabaseDep, form: PostedForm) -> Response:
    """Open the account, or show the form again with the reasons beside the fields."""
    try:
        new = accounts.NewUser(
            form.get("email", ""),
            form.get("display_name", ""),
            _role(form.get("role", "")),
            form.get("supplier", "").strip() or None,
        )
        row = accounts.create_user(db, new)
    except DomainError as error:
        errors = FormErrors.of(error, USER_FIELDS)
        return _user_form(request, None, form, errors, status_code=422)
    message = _("Account %(email)s opened; send it a password link.", email=row.email)
    return flash(RedirectResponse(f"/admin/users/{row.id}", status_code=303), message)


@router.get("/admin/users/{user_id}", name="admin_user")
def user(request: Request, db: DatabaseDep, user_id: RecordId) -> Response:
    """One account: its facts, its API tokens, and what can be done with it."""
    return _user_page(request, db, user_id)


@router.post("/admin/users/{user_id}")
def update_user(request: Request, db: DatabaseDep, user_id: RecordId, form: PostedForm) -> Response:
    """Save the account's name, role, supplier and whether it may log in."""
    try:
        row = accounts.update_user(
            db,
            user_id,
            display_name=form.get("display_name", ""),
            role=_role(form.get("role", "")),
            supplier_code=form.get("supplier", "").strip(),
            is_active=form.get("is_active") == "on",
        )
    except DomainError as error:
        if not error.problems:
            raise
        return _user_page(request, db, user_id, form, FormErrors.of(error, USER_FIELDS), 422)
    target = RedirectResponse(f"/admin/users/{row.id}", status_code=303)
    return flash(target, _("Account %(email)s saved.", email=row.email))


@router.post("/admin/users/{user_id}/password-link")
def send_password_link(request: Request, db: DatabaseDep, user_id: RecordId) -> Response:
    """E-mail the account a single-use link to set its password."""
    settings: Settings = request.app.state.settings
    policy = accounts.security_policy(settings)
    sent = auth.send_password_link(db, user_id, mailer_for(settings), settings.public_url, policy)
    target = RedirectResponse(f"/admin/users/{user_id}", status_code=303)
    if sent:
        return flash(target, _("Password link sent."))
    return flash(target, _("No e-mail could be sent: check the SMTP settings."), "error")


@router.post("/admin/users/{user_id}/tokens")
def issue_token(
    request: Request, db: DatabaseDep, actor: ActorDep, user_id: RecordId, form: PostedForm
) -> Response:
    """Issue an API token and show its secret, this once (it is not kept, so not redirected)."""
    scopes = [s for s in SCOPES if form.get(f"scope-{s}") == "on"]
    try:
        expires_at = _end_of_day(form.get("expires_on", ""))
        issued = accounts.issue_token(
            db, user_id, form.get("name", ""), scopes or None, actor, expires_at
        )
    except DomainError as error:
        errors = FormErrors.of(error, TOKEN_FIELDS)
        return _user_page(request, db, user_id, token_form=form, token_errors=errors, status=422)
    response = _user_page(request, db, user_id, issued=issued.secret)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(db: DatabaseDep, token_id: RecordId) -> Response:
    """Revoke an API token: it stops working at once."""
    row = accounts.revoke_token(db, token_id)
    target = RedirectResponse(f"/admin/users/{row.user_id}", status_code=303)
    return flash(target, _("Token %(name)s revoked.", name=row.name))


@router.get("/audit-trail", name="audit_trail")
def trail(
    request: Request,
    db: DatabaseDep,
    table: Text = "",
    key: Text = "",
    actor: Text = "",
    action: Text = "",
    q: Text = "",
    before: Annotated[int | None, Query(ge=1, le=MAX_RECORD_ID)] = None,
) -> Response:
    """Search the audit trail, newest first."""
    where = TrailFilter(
        table or None, key or None, actor or None, action or None, q.strip() or None
    )
    page = audit_trail.search(db, where, before, limit=50)
    shown = {"table": table, "key": key, "actor": actor, "action": action, "q": q}
    filters = {name: value for name, value in shown.items() if value}
    return render(
        request,
        "admin/audit_trail.html",
        area="admin",
        page=page,
        shown=shown,
        filters=filters,
        tables=audit_trail.tables(db),
        actions=[str(a) for a in AuditAction],
    )


@router.get("/audit-trail/{table}/{key}", name="record_history")
def record_history(request: Request, db: DatabaseDep, table: str, key: str) -> Response:
    """The history of one record, as a fragment a record's page can load."""
    entries = audit_trail.history_of(db, table, key)
    return render(request, "admin/_record_history.html", entries=entries)


def _role(text: str) -> Role:
    if text not in Role.__members__.values():
        raise InvalidInputError("The account cannot be saved.", [Problem("role", "choose one")])
    return Role(text)


def _end_of_day(text: str) -> datetime | None:
    if not text.strip():
        return None
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInputError(
            "The token cannot be issued.",
            [Problem("expires_on", "give the date as YYYY-MM-DD", text)],
        ) from None
    return datetime.combine(day.date(), time.max, tzinfo=UTC)


def _user_form(
    request: Request,
    user_id: int | None,
    values: dict[str, Any],
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "admin/user_form.html",
        status_code=status_code,
        area="admin",
        user_id=user_id,
        values=values,
        errors=errors,
        roles=ROLES,
    )


def _user_page(
    request: Request,
    db: DatabaseDep,
    user_id: int,
    form: dict[str, str] | None = None,
    errors: FormErrors = NO_ERRORS,
    status: int = 200,
    *,
    token_form: dict[str, str] | None = None,
    token_errors: FormErrors = NO_ERRORS,
    issued: str | None = None,
) -> Response:
    row = accounts.get_user(db, user_id)
    code = accounts.supplier_codes(db, [row]).get(row.supplier_id or 0, "")
    values = form or {
        "email": row.email,
        "display_name": row.display_name,
        "role": row.role,
        "supplier": code,
        "is_active": "on" if row.is_active else "",
    }
    return render(
        request,
        "admin/user.html",
        status_code=status,
        area="admin",
        user=row,
        values=values,
        errors=errors,
        roles=ROLES,
        tokens=accounts.list_tokens(db, user_id),
        token_form=token_form or {},
        token_errors=token_errors,
        scopes=SCOPES,
        issued=issued,
    )
