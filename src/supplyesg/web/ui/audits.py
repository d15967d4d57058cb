"""Audit pages: the filtered list, recording a draft and its findings, completion, corrections."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.repositories.audits import COMPLETED
from supplyesg.db.repositories.programme_views import AuditListFilter
from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.domain.audits import VERDICT_AUDIT_TYPES, AuditType, RiskLevel
from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.services import audits as service
from supplyesg.services import conduct, programme_views
from supplyesg.services import suppliers as supplier_service
from supplyesg.services.audits import AuditDraft, Correction
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.ui import audit_pages
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.listing import FilteredList
from supplyesg.web.ui.programme_forms import (
    AUDIT_FIELDS,
    REFUSED_AUDIT,
    AuditForm,
    FindingsForm,
    finding_fields,
    placed_problems,
)
from supplyesg.web.ui.rendering import _, label, render

router = APIRouter(prefix="/audits")
AUDIT_LIST = FilteredList("/audits", "programme/audits/list.html", "programme/audits/_results.html")

PAGE_SIZE = 50
SearchText = Annotated[str, Query(max_length=100)]
STATUSES = ("draft", COMPLETED)


@router.get("", name="audit_list")
def audit_list(
    request: Request,
    db: DatabaseDep,
    supplier: SearchText = "",
    audit_type: str = "",
    status: str = "",
    risk_level: str = "",
    year: str = "",
    after: str = "",
) -> Response:
    """Audits by supplier, type, status, risk level and year; htmx asks for the table alone."""
    shown = {"supplier": supplier.strip(), "audit_type": audit_type, "status": status}
    shown |= {"risk_level": risk_level, "year": year}
    where, unknown_supplier = _audit_filter(db, shown)
    page, matching = (
        (service.AuditPage((), None), 0)
        if unknown_supplier
        else programme_views.list_audits(db, where, after or None, PAGE_SIZE)
    )
    return AUDIT_LIST.respond(
        request,
        shown,
        after,
        page.next_after,
        {"page": page, "matching": matching, "unknown_supplier": unknown_supplier},
        lambda: {
            "area": "audits",
            "audit_types": list(AuditType),
            "statuses": STATUSES,
            "risk_levels": list(RiskLevel),
            "years": programme_views.audit_years(db),
        },
    )


@router.get("/supplier-options")
def supplier_options(
    request: Request, db: DatabaseDep, supplier: SearchText = "", supplier_code: SearchText = ""
) -> Response:
    """Suppliers whose code, name or city match what is typed, as choices."""
    where = SupplierFilter(text=(supplier or supplier_code).strip() or None)
    found = supplier_service.list_suppliers(db, where, None, 20).items
    return render(request, "suppliers/_customer_options.html", suppliers=found)


@router.get("/new", name="audit_new")
def new_audit(request: Request, db: DatabaseDep, supplier: SearchText = "") -> Response:
    """An empty audit form (for the supplier given, if any)."""
    values = {"supplier": supplier.strip(), "code_version": _current_version(db)}
    return _details_page(request, db, AuditForm(values), NO_ERRORS, reference=None)


@router.post("/new")
def create_audit(
    request: Request, db: DatabaseDep, clock: ClockDep, actor: ActorDep, form: PostedForm
) -> Response:
    """Record a draft audit, then ask for its findings; or show the reasons beside the fields."""
    typed = AuditForm.posted(form)
    values = typed.values
    try:
        _require_choices(db, values["supplier"], values["code_version"])
        draft = AuditDraft(
            values["supplier"], values["code_version"], typed.details(), (), values["reference"]
        )
        row = service.create_audit(db, draft, actor, clock)
    except DomainError as error:
        errors = FormErrors.of(error, AUDIT_FIELDS)
        return _details_page(request, db, typed, errors, reference=None)
    message = _("Draft audit %(reference)s saved: record its findings.", reference=row.reference)
    return _redirect(f"/audits/{row.reference}/findings", message)


@router.get("/{reference}", name="audit_detail")
def audit_detail(request: Request, db: DatabaseDep, reference: str) -> Response:
    """One audit: findings by pillar, scores, risk and outcome, follow-up and revisions."""
    row = service.get_audit(db, reference)
    return render(
        request,
        "programme/audits/detail.html",
        area="audits",
        **audit_pages.detail_context(db, row),
    )


@router.get("/{reference}/edit", name="audit_edit")
def edit_audit(request: Request, db: DatabaseDep, reference: str) -> Response:
    """The details of a draft audit, to change."""
    row = _draft_or_none(db, reference)
    if row is None:
        return _redirect(f"/audits/{reference}", _("A completed audit is corrected instead."))
    return _details_page(request, db, AuditForm.of_audit(row), NO_ERRORS, reference=reference)


@router.post("/{reference}/edit")
def update_audit(
    request: Request, db: DatabaseDep, clock: ClockDep, reference: str, form: PostedForm
) -> Response:
    """Save the changed details of a draft audit."""
    current = AuditForm.of_audit(service.get_audit(db, reference)).values
    typed = AuditForm.posted({**form, **_fixed(current)})
    try:
        service.update_draft(db, reference, details=typed.details(), clock=clock)
    except DomainError as error:
        errors = FormErrors.of(error, AUDIT_FIELDS)
        return _details_page(request, db, typed, errors, reference=reference)
    return _redirect(f"/audits/{reference}/findings", _("Details saved."))


@router.get("/{reference}/findings", name="audit_findings")
def audit_findings(request: Request, db: DatabaseDep, reference: str) -> Response:
    """The findings of a draft audit, one per requirement of its code of conduct."""
    row = _draft_or_none(db, reference)
    if row is None:
        return _redirect(f"/audits/{reference}", _("A completed audit is corrected instead."))
    typed = FindingsForm.of_findings(service.findings_of(row))
    return _findings_page(request, row, typed, NO_ERRORS)


@router.post("/{reference}/findings")
def save_findings(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    reference: str,
    form: PostedForm,
) -> Response:
    """Save the draft's findings and, if asked, complete the audit."""
    row = service.get_audit(db, reference)
    code = conduct.code_of(row.code)
    typed = FindingsForm.posted(form, code)
    findings: tuple[Any, ...] = ()
    try:
        findings = typed.findings(code)
        service.update_draft(db, reference, findings=findings, clock=clock)
        if form.get("action") == "complete":
            done = service.complete_audit(db, reference, actor, clock=clock)
            return _redirect(f"/audits/{reference}", _completed_message(done))
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        problems = placed_problems(error.problems, findings)
        errors = FormErrors.from_problems(error.detail, problems, finding_fields(code))
        return _findings_page(request, service.get_audit(db, reference), typed, errors)
    return _redirect(f"/audits/{reference}/findings", _("Draft saved."))


@router.post("/{reference}/complete")
def complete_audit(
    request: Request, db: DatabaseDep, clock: ClockDep, actor: ActorDep, reference: str
) -> Response:
    """Score the draft and open its non-conformities; or show what is missing."""
    try:
        done = service.complete_audit(db, reference, actor, clock=clock)
    except DomainError as error:
        if isinstance(error, NotFoundError) or not error.problems:
            raise
        row = service.get_audit(db, reference)
        findings = service.findings_of(row)
        problems = placed_problems(error.problems, findings)
        code = conduct.code_of(row.code)
        errors = FormErrors.from_problems(error.detail, problems, finding_fields(code))
        return _findings_page(request, row, FindingsForm.of_findings(findings), errors)
    return _redirect(f"/audits/{reference}", _completed_message(done))


@router.post("/{reference}/delete")
def delete_audit(db: DatabaseDep, reference: str) -> Response:
    """Remove a draft audit."""
    service.delete_draft(db, reference)
    return _redirect("/audits", _("Draft audit %(reference)s removed.", reference=reference))


@router.get("/{reference}/correct", name="audit_correct")
def correct_form(request: Request, db: DatabaseDep, reference: str) -> Response:
    """A completed audit's details and findings, to correct with a reason."""
    row = service.get_audit(db, reference)
    if row.status != COMPLETED:
        return _redirect(f"/audits/{reference}/findings", _("A draft is changed directly."))
    typed = FindingsForm.of_findings(service.findings_of(row))
    return _correction_page(request, row, AuditForm.of_audit(row), typed, "", NO_ERRORS)


@router.post("/{reference}/correct")
def correct_audit(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    reference: str,
    form: PostedForm,
) -> Response:
    """Replace the audit by a corrected revision; the replaced one is kept with the reason."""
    row = service.get_audit(db, reference)
    code = conduct.code_of(row.code)
    details_form = AuditForm.posted({**form, **_fixed(AuditForm.of_audit(row).values)})
    typed = FindingsForm.posted(form, code)
    reason = form.get("reason", "")
    findings: tuple[Any, ...] = ()
    try:
        findings = typed.findings(code)
        correction = Correction(reason, details_form.details(), findings)
        done = service.correct_audit(db, reference, correction, actor, clock=clock)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        problems = placed_problems(error.problems, findings)
        fields = [*AUDIT_FIELDS, "reason", *finding_fields(code)]
        errors = FormErrors.from_problems(error.detail, problems, fields)
        return _correction_page(request, row, details_form, typed, reason, errors)
    message = _(
        "Audit %(reference)s corrected: revision %(revision)s.",
        reference=reference,
        revision=done.revision,
    )
    return _redirect(f"/audits/{reference}", message)


# -- helpers ---------------------------------------------------------------------------------


def _audit_filter(db: DatabaseDep, shown: dict[str, str]) -> tuple[AuditListFilter, bool]:
    """The filter the list's fields ask for, and whether the supplier typed is unknown."""
    supplier_id = None
    if shown["supplier"]:
        try:
            supplier_id = supplier_service.get_supplier(db, shown["supplier"]).id
        except NotFoundError:
            return AuditListFilter(), True
    year = shown["year"]
    return (
        AuditListFilter(
            supplier_id=supplier_id,
            audit_type=shown["audit_type"] if shown["audit_type"] in set(AuditType) else None,
            status=shown["status"] if shown["status"] in STATUSES else None,
            risk_level=shown["risk_level"] if shown["risk_level"] in set(RiskLevel) else None,
            year=int(year) if year.isascii() and year.isdecimal() and len(year) == 4 else None,
        ),
        False,
    )


def _current_version(db: DatabaseDep) -> str:
    """The version of the code of conduct a new audit is offered (the latest in effect)."""
    today = audit_pages.today()
    codes = conduct.list_codes(db)
    current = [c for c in codes if c.effective_from <= today] or list(codes)
    return current[0].version if current else ""


def _require_choices(db: DatabaseDep, supplier: str, version: str) -> None:
    """Refuse, beside its field, a supplier or code version that does not exist."""
    problems = []
    try:
        supplier_service.get_supplier(db, supplier)
    except NotFoundError:
        reason = "is required" if not supplier else "no supplier has this code"
        problems.append(Problem("supplier", reason, supplier))
    try:
        conduct.get_code(db, version)
    except NotFoundError:
        problems.append(Problem("code_version", "choose a version of the code", version))
    if problems:
        raise InvalidInputError(REFUSED_AUDIT, problems)


def _fixed(values: dict[str, str]) -> dict[str, str]:
    """What a stored audit keeps whatever is posted: its supplier, code and reference."""
    return {name: values[name] for name in ("supplier", "code_version", "reference")}


def _draft_or_none(db: DatabaseDep, reference: str) -> EsgAuditRow | None:
    row = service.get_audit(db, reference)
    return None if row.status == COMPLETED else row


def _completed_message(row: EsgAuditRow) -> str:
    return _(
        "Audit %(reference)s completed: %(risk)s risk, %(outcome)s.",
        reference=row.reference,
        risk=label(row.risk_level or ""),
        outcome=label(row.outcome or "").lower(),
    )


def _redirect(url: str, message: str) -> Response:
    return flash(RedirectResponse(url, status_code=303), message)


def _details_page(
    request: Request,
    db: DatabaseDep,
    typed: AuditForm,
    errors: FormErrors,
    reference: str | None,
) -> Response:
    return render(
        request,
        "programme/audits/form.html",
        status_code=422 if errors else 200,
        area="audits",
        form=typed,
        errors=errors,
        reference=reference,
        audit_types=list(VERDICT_AUDIT_TYPES),
        codes=conduct.list_codes(db),
    )


def _findings_page(
    request: Request, row: EsgAuditRow, typed: FindingsForm, errors: FormErrors
) -> Response:
    return render(
        request,
        "programme/audits/findings.html",
        status_code=422 if errors else 200,
        area="audits",
        audit=row,
        pillars=audit_pages.pillars_of(conduct.code_of(row.code)),
        form=typed,
        errors=errors,
    )


def _correction_page(
    request: Request,
    row: EsgAuditRow,
    details: AuditForm,
    typed: FindingsForm,
    reason: str,
    errors: FormErrors,
) -> Response:
    return render(
        request,
        "programme/audits/correct.html",
        status_code=422 if errors else 200,
        area="audits",
        audit=row,
        details=details,
        audit_types=list(VERDICT_AUDIT_TYPES),
        pillars=audit_pages.pillars_of(conduct.code_of(row.code)),
        form=typed,
        reason=reason,
        errors=errors,
    )
