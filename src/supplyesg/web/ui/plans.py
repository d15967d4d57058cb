"""Improvement plan pages: the list with deadlines, submitting a plan, accepting or rejecting it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.repositories.audits import NcFilter
from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.plans import NcStatus, PlanStatus
from supplyesg.services import audits as audit_service
from supplyesg.services import nonconformities, policy_files, programme_views
from supplyesg.services import plans as service
from supplyesg.web.deps import ClockDep, DatabaseDep, PersonDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.programme_forms import (
    ACTION_PARTS,
    PlanForm,
    parse_day,
    placed_action_problems,
)
from supplyesg.web.ui.rendering import _, render

router = APIRouter(prefix="/improvement-plans")

PAGE_SIZE = 50
SearchText = Annotated[str, Query(max_length=100)]
REFUSED_DECISION = "The improvement plan cannot be decided."


@router.get("", name="plan_list")
def plan_list(
    request: Request,
    db: DatabaseDep,
    status: str = "",
    supplier: SearchText = "",
    audit: SearchText = "",
    after: str = "",
) -> Response:
    """Improvement plans, latest first, with the plan deadline of their audit today."""
    shown = {"status": status, "supplier": supplier.strip(), "audit": audit.strip()}
    page = programme_views.list_plans(
        db,
        today(),
        status=status if status in set(PlanStatus) else None,
        supplier_code=shown["supplier"] or None,
        audit_reference=shown["audit"] or None,
        after=int(after) if after.isdecimal() and after.isascii() else None,
        limit=PAGE_SIZE,
    )
    return render(
        request,
        "programme/plans/list.html",
        area="programme",
        lines=page.items,
        shown=shown,
        statuses=list(PlanStatus),
        next_after=page.next_after,
        after=after,
    )


@router.get("/new", name="plan_new")
def new_plan(request: Request, db: DatabaseDep, audit: SearchText = "") -> Response:
    """A plan form with one row per open non-conformity of the audit."""
    return _form_page(request, db, audit.strip(), PlanForm(), NO_ERRORS)


@router.post("/new")
def submit_plan(
    request: Request, db: DatabaseDep, clock: ClockDep, actor: PersonDep, form: PostedForm
) -> Response:
    """Record the supplier's plan, or show the form again with the reasons beside the fields."""
    reference = form.get("audit", "").strip()
    ids = [record.row.id for record in _open_ncs(db, reference)]
    typed = PlanForm.posted(form, ids)
    actions: tuple[Any, ...] = ()
    try:
        submitted_on, actions = typed.actions(ids)
        row = service.submit_plan(db, reference, actions, actor, submitted_on, clock)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        problems = placed_action_problems(error.problems, actions)
        fields = ["submitted_on", *(f"{p}.{i}" for i in ids for p in ACTION_PARTS)]
        errors = FormErrors.from_problems(error.detail, problems, fields)
        return _form_page(request, db, reference, typed, errors)
    message = _("Plan %(id)s submitted for %(reference)s.", id=row.id, reference=reference)
    return _to_plan(row.id, message)


@router.get("/{plan_id}", name="plan_detail")
def plan_detail(request: Request, db: DatabaseDep, plan_id: int) -> Response:
    """One plan: its actions, its audit's deadline, and the decision to take."""
    return _detail_page(request, db, plan_id)


@router.post("/{plan_id}/decision")
def decide_plan(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: PersonDep,
    plan_id: int,
    form: PostedForm,
) -> Response:
    """Accept the plan, or reject it with the reason (the clock keeps running)."""
    decision = form.get("decision", "")
    try:
        if decision not in ("accept", "reject"):
            raise InvalidInputError(
                REFUSED_DECISION, [Problem("decision", "accept or reject", decision)]
            )
        decided_on, problems = parse_day("decided_on", form.get("decided_on", ""), required=False)
        if problems:
            raise InvalidInputError(REFUSED_DECISION, problems)
        service.decide_plan(
            db, plan_id, decision == "accept", form.get("reason", ""), actor, decided_on, clock
        )
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        errors = FormErrors.of(error, ("decision", "reason", "decided_on"))
        return _detail_page(request, db, plan_id, 422, form, errors)
    message = (
        _("Plan %(id)s accepted.", id=plan_id)
        if decision == "accept"
        else _("Plan %(id)s rejected.", id=plan_id)
    )
    return _to_plan(plan_id, message)


def _open_ncs(db: DatabaseDep, reference: str) -> list[nonconformities.NcRecord]:
    """The audit's non-conformities a plan may cover (NotFoundError for an unknown audit)."""
    audit = audit_service.get_audit(db, reference)
    found = nonconformities.list_nonconformities(
        db, NcFilter(audit_id=audit.id, statuses=(NcStatus.OPEN.value,)), today(), limit=500
    )
    return list(found.items)


def _to_plan(plan_id: int, message: str) -> Response:
    return flash(RedirectResponse(f"/improvement-plans/{plan_id}", status_code=303), message)


def _form_page(
    request: Request, db: DatabaseDep, reference: str, typed: PlanForm, errors: FormErrors
) -> Response:
    audit = audit_service.get_audit(db, reference)
    return render(
        request,
        "programme/plans/form.html",
        status_code=422 if errors else 200,
        area="programme",
        audit=audit,
        deadline=audit_service.plan_deadline_of(
            audit, today(), policy_files.policy_for(db, today())
        ),
        ncs=_open_ncs(db, reference),
        form=typed,
        errors=errors,
        today=today(),
    )


def _detail_page(
    request: Request,
    db: DatabaseDep,
    plan_id: int,
    status_code: int = 200,
    form: dict[str, str] | None = None,
    errors: FormErrors = NO_ERRORS,
) -> Response:
    record = service.get_plan(db, plan_id)
    audit = audit_service.get_audit(db, record.audit_reference)
    ncs = nonconformities.list_nonconformities(db, NcFilter(audit_id=audit.id), today(), limit=500)
    return render(
        request,
        "programme/plans/detail.html",
        status_code=status_code,
        area="programme",
        plan=record.plan,
        audit=audit,
        deadline=audit_service.plan_deadline_of(
            audit, today(), policy_files.policy_for(db, today())
        ),
        ncs={r.row.id: r for r in ncs.items},
        form=form or {},
        errors=errors,
        today=today(),
    )
