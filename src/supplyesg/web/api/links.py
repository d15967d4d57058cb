"""Supply-link endpoints: who delivers to whom."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from supplyesg.services import supply_chain
from supplyesg.web.api.supplier_schemas import Link, LinkCreate
from supplyesg.web.api.types import RecordId
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/links", tags=["supply chain"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=list[Link])
def list_links(
    db: DatabaseDep,
    supplier: Annotated[str, Query(description="Code of a supplier at either end")],
) -> list[Link]:
    """The direct links of a supplier, as sub-supplier or as customer."""
    return [
        Link(id=row.id, sub_supplier=sub.code, customer=customer.code, created_at=row.created_at)
        for row, sub, customer in supply_chain.links_of(db, supplier)
    ]


@router.post("", response_model=Link, status_code=201)
def create_link(body: LinkCreate, db: DatabaseDep) -> Link:
    """Record that a sub-supplier delivers to a customer; refused if it would make a cycle."""
    row = supply_chain.add_link(db, body.sub_supplier, body.customer)
    return Link(
        id=row.id, sub_supplier=body.sub_supplier, customer=body.customer, created_at=row.created_at
    )


@router.delete("/{link_id}", status_code=204)
def delete_link(link_id: RecordId, db: DatabaseDep) -> Response:
    """Remove a supply link."""
    supply_chain.remove_link(db, link_id)
    return Response(status_code=204)
