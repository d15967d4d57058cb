"""The supply-chain map: linking sub-suppliers to customers and walking the chain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from supplyesg.db.models import SupplierRow, SupplyLinkRow
from supplyesg.db.repositories import suppliers as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import ConflictError, NotFoundError, Problem, refuse_if
from supplyesg.domain.supply_chain import link_problems
from supplyesg.services.suppliers import now, require


@dataclass(frozen=True, slots=True)
class ChainMember:
    """A supplier in a chain, with how many links away it is."""

    supplier: SupplierRow
    depth: int


@dataclass(frozen=True, slots=True)
class Chain:
    """The suppliers reachable from one supplier in one direction, and the links between them."""

    origin: SupplierRow
    members: Sequence[ChainMember]
    links: Sequence[tuple[str, str]]
    """(sub_supplier_code, customer_code) for every link inside the chain."""


def add_link(db: Database, sub_supplier_code: str, customer_code: str) -> SupplyLinkRow:
    """Record that a sub-supplier delivers to a customer; a link closing a loop is refused."""
    with db.transaction() as session:
        sub = require(session, sub_supplier_code)
        customer = require(session, customer_code)
        if repo.link(session, sub.id, customer.id) is not None:
            raise ConflictError(
                f"{sub.code} already supplies {customer.code}.",
                [Problem("customer", "this link already exists", customer.code)],
            )
        upstream = repo.chain(session, customer.id, towards_customers=True)
        problems = [
            Problem(p.field, p.reason, customer.code)
            for p in link_problems(sub.id, customer.id, upstream)
        ]
        refuse_if(problems, f"{sub.code} cannot be linked to {customer.code}.")
        row = SupplyLinkRow(sub_supplier_id=sub.id, customer_id=customer.id, created_at=now())
        session.add(row)
        session.flush()
        return row


def remove_link(db: Database, link_id: int) -> None:
    """Remove a link."""
    with db.transaction() as session:
        row = repo.link_by_id(session, link_id)
        if row is None:
            raise NotFoundError(f"There is no supply link {link_id}.")
        session.delete(row)


def links_of(db: Database, code: str) -> list[tuple[SupplyLinkRow, SupplierRow, SupplierRow]]:
    """The direct links of a supplier: (link, sub-supplier, customer)."""
    with db.transaction() as session:
        supplier = require(session, code)
        rows = repo.links_of(session, supplier.id)
        ends = repo.by_ids(
            session, {r.sub_supplier_id for r in rows} | {r.customer_id for r in rows}
        )
        return [(r, ends[r.sub_supplier_id], ends[r.customer_id]) for r in rows]


def chain_of(db: Database, code: str, *, towards_customers: bool) -> Chain:
    """Everything a supplier delivers to up to the first tier, or everything beneath it."""
    with db.transaction() as session:
        origin = require(session, code)
        depths = repo.chain(session, origin.id, towards_customers=towards_customers)
        rows = repo.by_ids(session, depths)
        links = repo.links_among(session, {origin.id, *depths})
    rows[origin.id] = origin
    members = sorted(
        (ChainMember(rows[i], depth) for i, depth in depths.items()),
        key=lambda m: (m.depth, m.supplier.code),
    )
    return Chain(
        origin=origin,
        members=members,
        links=[(rows[sub].code, rows[customer].code) for sub, customer in links],
    )
