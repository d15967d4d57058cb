"""Supplier pages: the filtered list, the detail with status and chain, create and edit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.suppliers import SupplierStatus, is_in_audit_scope, status_change_problems
from supplyesg.services import supplier_overview, supply_chain
from supplyesg.services import suppliers as service
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui import supplier_forms
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.listing import FilteredList
from supplyesg.web.ui.rendering import _, label, render
from supplyesg.web.ui.supplier_chain import chain_rows
from supplyesg.web.ui.supplier_forms import SupplierForm, profile_changes

router = APIRouter(prefix="/suppliers")
SUPPLIER_LIST = FilteredList("/suppliers", "suppliers/list.html", "suppliers/_results.html")

PAGE_SIZE = 50
STATUS_VALUES = frozenset(str(status) for status in SupplierStatus)
REFUSED_STATUS = "The status cannot be changed."
REFUSED_LINK = "The link cannot be added."
SearchText = Annotated[str, Query(max_length=100)]


@router.get("", name="supplier_list")
def supplier_list(
    request: Request,
    db: DatabaseDep,
    tier: str = "",
    country: str = "",
    region: str = "",
    category: str = "",
    status: str = "",
    q: SearchText = "",
    after: str = "",
) -> Response:
    """The registry, filtered; htmx asks for the results table alone when filters change."""
    shown = {"tier": tier, "country": country, "region": region, "category": category}
    shown |= {"status": status, "q": q.strip()}
    where = _supplier_filter(shown)
    page = service.list_suppliers(db, where, after or None, PAGE_SIZE)
    return SUPPLIER_LIST.respond(
        request,
        shown,
        after,
        page.next_after,
        {"page": page, "matching": supplier_overview.count_suppliers(db, where)},
        lambda: {
            "area": "suppliers",
            "choices": service.filter_choices(db),
            "tiers": supplier_overview.tiers_in_use(db),
            "statuses": list(SupplierStatus),
        },
    )


@router.get("/new", name="supplier_new")
def new_supplier(request: Request) -> Response:
    """An empty supplier form."""
    return _form_page(request, SupplierForm(), NO_ERRORS, code=None)


@router.post("/new")
def create_supplier(
    request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm
) -> Response:
    """Register the supplier, or show the form again with the reasons beside the fields."""
    typed = SupplierForm.posted(form)
    try:
        row = service.create_supplier(db, typed.profile(), actor)
    except DomainError as error:
        return _form_page(request, typed, FormErrors.of(error, typed.field_names()), code=None)
    return _to_detail(row.code, _("Supplier %(code)s registered.", code=row.code))


@router.get("/{code}", name="supplier_detail")
def supplier_detail(request: Request, db: DatabaseDep, code: str) -> Response:
    """Everything about one supplier."""
    return _detail_page(request, db, code)


@router.get("/{code}/edit", name="supplier_edit")
def edit_supplier(request: Request, db: DatabaseDep, code: str) -> Response:
    """The supplier form filled with its current facts."""
    row = service.get_supplier(db, code)
    return _form_page(request, SupplierForm.of_supplier(row), NO_ERRORS, code=row.code)


@router.post("/{code}/edit")
def update_supplier(request: Request, db: DatabaseDep, code: str, form: PostedForm) -> Response:
    """Save the changed facts, or show the form again with the reasons beside the fields."""
    typed = SupplierForm.posted(form)
    try:
        row = service.update_supplier(db, code, profile_changes(typed.profile()))
    except DomainError as error:
        if not error.problems:
            raise
        return _form_page(request, typed, FormErrors.of(error, typed.field_names()), code=code)
    return _to_detail(row.code, _("Supplier %(code)s saved.", code=row.code))


@router.post("/{code}/status")
def change_status(
    request: Request, db: DatabaseDep, actor: ActorDep, code: str, form: PostedForm
) -> Response:
    """Move the supplier to another status, with the reason kept in its history."""
    target, reason = form.get("status", ""), form.get("reason", "")
    try:
        if target not in STATUS_VALUES:
            raise InvalidInputError(REFUSED_STATUS, [Problem("status", "choose one", target)])
        service.change_status(db, code, SupplierStatus(target), reason, actor)
    except DomainError as error:
        if not error.problems:
            raise
        errors = FormErrors.of(error, ("status", "reason"))
        return _detail_page(request, db, code, 422, status_form=form, status_errors=errors)
    return _to_detail(code, _("Status changed to %(status)s.", status=label(target)))


@router.post("/{code}/links")
def add_link(request: Request, db: DatabaseDep, code: str, form: PostedForm) -> Response:
    """Record that this supplier delivers to the customer picked."""
    customer = form.get("customer", "").strip()
    try:
        if not customer:
            raise InvalidInputError(REFUSED_LINK, [Problem("customer", "choose one", customer)])
        supply_chain.add_link(db, code, customer)
    except NotFoundError:
        service.get_supplier(db, code)  # this supplier unknown: a 404 page, not a form error
        problem = Problem("customer", "no supplier has this code", customer)
        errors = FormErrors.from_problems(REFUSED_LINK, [problem], ("customer",))
        return _detail_page(request, db, code, 422, link_form=form, link_errors=errors)
    except DomainError as error:
        errors = FormErrors.of(error, ("customer",))
        return _detail_page(request, db, code, 422, link_form=form, link_errors=errors)
    message = _("%(code)s now delivers to %(customer)s.", code=code, customer=customer)
    return _to_detail(code, message)


@router.post("/{code}/links/{link_id}/remove")
def remove_link(db: DatabaseDep, code: str, link_id: int) -> Response:
    """Remove a direct link of this supplier."""
    supply_chain.remove_link(db, link_id)
    return _to_detail(code, _("Link removed."))


@router.get("/{code}/customer-options")
def customer_options(
    request: Request, db: DatabaseDep, code: str, customer: SearchText = ""
) -> Response:
    """Suppliers whose code, name or city match what is typed, as choices for a new customer."""
    where = SupplierFilter(text=customer.strip() or None)
    found = [row for row in service.list_suppliers(db, where, None, 20).items if row.code != code]
    return render(request, "suppliers/_customer_options.html", suppliers=found)


def _supplier_filter(shown: dict[str, str]) -> SupplierFilter:
    """The filter the list's fields ask for; a value no choice offers filters nothing."""
    tier = shown["tier"]
    return SupplierFilter(
        tier=int(tier) if tier.isdecimal() and tier.isascii() else None,
        country=shown["country"] or None,
        region=shown["region"] or None,
        category=shown["category"] or None,
        status=shown["status"] if shown["status"] in STATUS_VALUES else None,
        text=shown["q"] or None,
    )


def _to_detail(code: str, message: str) -> Response:
    return flash(RedirectResponse(f"/suppliers/{code}", status_code=303), message)


def _form_page(
    request: Request, typed: SupplierForm, errors: FormErrors, code: str | None
) -> Response:
    return render(
        request,
        "suppliers/form.html",
        status_code=422 if errors else 200,
        area="suppliers",
        form=typed,
        errors=errors,
        code=code,
        countries=supplier_forms.COUNTRIES,
        common_currencies=supplier_forms.COMMON_CURRENCIES,
        other_currencies=supplier_forms.OTHER_CURRENCIES,
    )


def _detail_page(
    request: Request,
    db: DatabaseDep,
    code: str,
    status_code: int = 200,
    status_form: dict[str, str] | None = None,
    status_errors: FormErrors = NO_ERRORS,
    link_form: dict[str, str] | None = None,
    link_errors: FormErrors = NO_ERRORS,
) -> Response:
    supplier = service.get_supplier(db, code)
    current = SupplierStatus(supplier.status)
    upstream = supply_chain.chain_of(db, code, towards_customers=True)
    downstream = supply_chain.chain_of(db, code, towards_customers=False)
    links = supply_chain.links_of(db, code)
    return render(
        request,
        "suppliers/detail.html",
        status_code=status_code,
        area="suppliers",
        supplier=supplier,
        in_audit_scope=is_in_audit_scope(supplier.tier, supplier.is_key_sub_supplier),
        history=service.status_history(db, code),
        status_targets=_status_targets(current),
        customers_chain=chain_rows(upstream, towards_customers=True),
        sub_suppliers_chain=chain_rows(downstream, towards_customers=False),
        direct_customers=[(link, c) for link, sub, c in links if sub.id == supplier.id],
        direct_sub_suppliers=[(link, sub) for link, sub, c in links if c.id == supplier.id],
        status_form=status_form or {},
        status_errors=status_errors,
        link_form=link_form or {},
        link_errors=link_errors,
    )


def _status_targets(current: SupplierStatus) -> list[SupplierStatus]:
    """The statuses the supplier may move to, as the domain allows."""
    return [
        target
        for target in SupplierStatus
        if not any(p.field == "status" for p in status_change_problems(current, target, ""))
    ]
