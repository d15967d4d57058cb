"""Supplier endpoints: registry CRUD, status changes and the chain in both directions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.domain.suppliers import CODE_PATTERN, SupplierStatus
from supplyesg.services import suppliers as service
from supplyesg.services import supply_chain
from supplyesg.web.api.supplier_schemas import (
    Chain,
    ChainMember,
    StatusChange,
    StatusChangeRequest,
    Supplier,
    SupplierCreate,
    SupplierList,
    SupplierUpdate,
)
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/suppliers", tags=["suppliers"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=SupplierList)
def list_suppliers(
    request: Request,
    db: DatabaseDep,
    tier: Annotated[int | None, Query(ge=1, le=10)] = None,
    country: str | None = None,
    region: str | None = None,
    category: str | None = None,
    status: SupplierStatus | None = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Text in code, name or city")
    ] = None,
    after: Annotated[
        str | None,
        Query(
            pattern=CODE_PATTERN.pattern,
            description="Continue after this supplier code (the previous page's next_cursor)",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> SupplierList:
    """Suppliers in code order, filtered, one page at a time (keyset pagination)."""
    where = SupplierFilter(tier, country, region, category, status, q)
    page = service.list_suppliers(db, where, after, limit)
    cursor = page.next_after
    next_url = str(request.url.include_query_params(after=cursor)) if cursor else None
    return SupplierList(
        items=[Supplier.model_validate(row) for row in page.items],
        next=next_url,
        next_cursor=cursor,
    )


@router.post("", response_model=Supplier, status_code=201)
def create_supplier(
    body: SupplierCreate, db: DatabaseDep, actor: ActorDep, response: Response
) -> Supplier:
    """Register a supplier."""
    row = service.create_supplier(db, body.profile(), actor, body.status)
    response.headers["Location"] = f"/api/v1/suppliers/{row.code}"
    return Supplier.model_validate(row)


@router.get("/{code}", response_model=Supplier)
def get_supplier(code: str, db: DatabaseDep) -> Supplier:
    """One supplier."""
    return Supplier.model_validate(service.get_supplier(db, code))


@router.patch("/{code}", response_model=Supplier)
def update_supplier(code: str, body: SupplierUpdate, db: DatabaseDep) -> Supplier:
    """Change some facts of a supplier."""
    return Supplier.model_validate(service.update_supplier(db, code, body.changes()))


@router.delete("/{code}", status_code=204)
def delete_supplier(code: str, db: DatabaseDep) -> Response:
    """Remove a supplier and its supply links."""
    service.delete_supplier(db, code)
    return Response(status_code=204)


@router.post("/{code}/status", response_model=Supplier)
def change_status(
    code: str, body: StatusChangeRequest, db: DatabaseDep, actor: ActorDep, clock: ClockDep
) -> Supplier:
    """Move a supplier to another status; the reason is required and kept, and the change
    takes effect on `effective_on` (today unless given; not before the latest change)."""
    row = service.change_status(
        db, code, body.status, body.reason, actor, body.effective_on, clock=clock
    )
    return Supplier.model_validate(row)


@router.get("/{code}/status-history", response_model=list[StatusChange])
def status_history(code: str, db: DatabaseDep) -> list[StatusChange]:
    """Every status change of a supplier, newest first."""
    return [StatusChange.model_validate(row) for row in service.status_history(db, code)]


@router.get("/{code}/customers", response_model=Chain)
def customers_chain(code: str, db: DatabaseDep) -> Chain:
    """Everyone the supplier delivers to, at any depth, up to the first tier."""
    return _chain(db, code, towards_customers=True)


@router.get("/{code}/sub-suppliers", response_model=Chain)
def sub_suppliers_chain(code: str, db: DatabaseDep) -> Chain:
    """Every sub-supplier beneath the supplier, at any depth."""
    return _chain(db, code, towards_customers=False)


def _chain(db: DatabaseDep, code: str, *, towards_customers: bool) -> Chain:
    found = supply_chain.chain_of(db, code, towards_customers=towards_customers)
    return Chain(
        supplier=found.origin.code,
        direction="customers" if towards_customers else "sub-suppliers",
        members=[
            ChainMember(
                code=m.supplier.code,
                legal_name=m.supplier.legal_name,
                tier=m.supplier.tier,
                country=m.supplier.country,
                status=SupplierStatus(m.supplier.status),
                depth=m.depth,
            )
            for m in found.members
        ],
        links=list(found.links),
    )
