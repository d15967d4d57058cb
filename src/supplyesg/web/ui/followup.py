"""Non-conformity pages: the list with overdue flags, and each one's follow-up to closure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.repositories.audits import NcFilter
from supplyesg.domain.errors import DomainError, NotFoundError
from supplyesg.domain.plans import NcStatus, nc_move_problems
from supplyesg.services import audits as audit_service
from supplyesg.services import nonconformities as service
from supplyesg.services import suppliers as supplier_service
from supplyesg.web.api.types import record_id_of
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.listing import FilteredList
from supplyesg.web.ui.programme_forms import lines_of, parse_day
from supplyesg.web.ui.rendering import _, render

router = APIRouter(prefix="/non-conformities")
NC_LIST = FilteredList(
    "/non-conformities", "programme/ncs/list.html", "programme/ncs/_results.html"
)

PAGE_SIZE = 50
SearchText = Annotated[str, Query(max_length=100)]
REFUSED = "The non-conformity cannot be updated."
STEP_FIELDS = {
    "closing-date": ("due_on", "owner", "on"),
    "start": ("on",),
    "evidence": ("evidence", "on"),
    "verification": ("decision", "note", "on"),
}


@router.get("", name="nc_list")
def nc_list(
    request: Request,
    db: DatabaseDep,
    supplier: SearchText = "",
    audit: SearchText = "",
    status: str = "",
    overdue: str = "",
    after: str = "",
) -> Response:
    """Non-conformities in the order found, filtered, each flagged overdue or not today."""
    shown = {"supplier": supplier.strip(), "audit": audit.strip(), "status": status}
    shown["overdue"] = "on" if overdue else ""
    where, unknown = _nc_filter(db, shown)
    page = (
        service.NcPage((), None)
        if unknown
        else service.list_nonconformities(
            db,
            where,
            today(),
            only_overdue=bool(overdue),
            after_id=record_id_of(after),
            limit=PAGE_SIZE,
        )
    )
    return NC_LIST.respond(
        request,
        shown,
        after,
        page.next_after,
        {"ncs": page.items, "unknown": unknown},
        lambda: {"area": "programme", "statuses": list(NcStatus)},
    )


@router.get("/{nc_id}", name="nc_detail")
def nc_detail(request: Request, db: DatabaseDep, nc_id: int) -> Response:
    """One non-conformity, its history and the next steps it may take."""
    return _detail_page(request, db, nc_id)


@router.post("/{nc_id}/closing-date")
def agree_closing_date(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    nc_id: int,
    form: PostedForm,
) -> Response:
    """Record the closing date agreed with the supplier and the owner of the correction."""
    try:
        due_on, problems = parse_day("due_on", form.get("due_on", ""))
        on, found = parse_day("on", form.get("on", ""), required=False)
        if due_on is None or found:
            raise DomainError(REFUSED, [*problems, *found])
        service.agree_closing_date(db, nc_id, due_on, form.get("owner", ""), actor, on, clock=clock)
    except DomainError as error:
        return _refused(request, db, nc_id, "closing-date", form, error)
    return _to_detail(nc_id, _("Closing date agreed."))


@router.post("/{nc_id}/start")
def start_work(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    nc_id: int,
    form: PostedForm,
) -> Response:
    """The supplier has started correcting it."""

    def start(on: date | None) -> None:
        service.start_work(db, nc_id, actor, on, clock=clock)

    return _step(request, db, nc_id, "start", form, start, _("Work started."))


@router.post("/{nc_id}/evidence")
def submit_evidence(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    nc_id: int,
    form: PostedForm,
) -> Response:
    """The supplier's evidence of the correction, to be verified."""

    def submit(on: date | None) -> None:
        service.submit_evidence(
            db, nc_id, lines_of(form.get("evidence", "")), actor, on, clock=clock
        )

    message = _("Evidence recorded: awaiting verification.")
    return _step(request, db, nc_id, "evidence", form, submit, message)


@router.post("/{nc_id}/verification")
def verify(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    nc_id: int,
    form: PostedForm,
) -> Response:
    """The auditor closes it, or sends it back saying why."""
    accepted = form.get("decision") == "close"

    def decide(on: date | None) -> None:
        service.verify(db, nc_id, accepted, form.get("note", ""), actor, on, clock=clock)

    message = _("Verified and closed.") if accepted else _("Sent back: work continues.")
    return _step(request, db, nc_id, "verification", form, decide, message)


def _step(
    request: Request,
    db: DatabaseDep,
    nc_id: int,
    step: str,
    form: dict[str, str],
    action: Callable[[date | None], None],
    message: str,
) -> Response:
    """Take a step on the day the form gives (empty: today); or show why it cannot be taken."""
    try:
        on, problems = parse_day("on", form.get("on", ""), required=False)
        if problems:
            raise DomainError(REFUSED, problems)
        action(on)
    except DomainError as error:
        return _refused(request, db, nc_id, step, form, error)
    return _to_detail(nc_id, message)


def _nc_filter(db: DatabaseDep, shown: dict[str, str]) -> tuple[NcFilter, bool]:
    """The filter the fields ask for, and whether a supplier or audit typed is unknown."""
    try:
        supplier_id = (
            supplier_service.get_supplier(db, shown["supplier"]).id if shown["supplier"] else None
        )
        audit_id = audit_service.get_audit(db, shown["audit"]).id if shown["audit"] else None
    except NotFoundError:
        return NcFilter(), True
    statuses = (shown["status"],) if shown["status"] in set(NcStatus) else ()
    return NcFilter(supplier_id=supplier_id, audit_id=audit_id, statuses=statuses), False


def _to_detail(nc_id: int, message: str) -> Response:
    return flash(RedirectResponse(f"/non-conformities/{nc_id}", status_code=303), message)


def _refused(
    request: Request,
    db: DatabaseDep,
    nc_id: int,
    step: str,
    form: dict[str, str],
    error: DomainError,
) -> Response:
    if isinstance(error, NotFoundError):
        raise error
    errors = FormErrors.of(error, STEP_FIELDS[step])
    return _detail_page(request, db, nc_id, 422, step=step, form=form, errors=errors)


def _detail_page(
    request: Request,
    db: DatabaseDep,
    nc_id: int,
    status_code: int = 200,
    step: str = "",
    form: dict[str, str] | None = None,
    errors: FormErrors = NO_ERRORS,
) -> Response:
    record = service.get_nonconformity(db, nc_id, today())
    current = NcStatus(record.row.status)
    return render(
        request,
        "programme/ncs/detail.html",
        status_code=status_code,
        area="programme",
        record=record,
        audit=audit_service.get_audit(db, record.audit_reference),
        history=service.nc_history(db, nc_id),
        may={target: not nc_move_problems(current, target) for target in NcStatus},
        step=step,
        form=form or {},
        errors=errors,
        today=today(),
    )
