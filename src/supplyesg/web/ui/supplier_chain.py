"""The supply chain of one supplier laid out as an indented tree for the detail page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from supplyesg.services.supply_chain import Chain, ChainMember


@dataclass(frozen=True, slots=True)
class ChainRow:
    """A chain member under the member it is reached through, and any other ways to reach it."""

    member: ChainMember
    also_via: tuple[str, ...] = ()


def chain_rows(chain: Chain, *, towards_customers: bool) -> list[ChainRow]:
    """Members in tree order: each under its nearest neighbour one link closer to the origin.

    A member reached through several suppliers is placed under the first by code; the others
    are listed in `also_via`, so no link is hidden.
    """
    depth = {m.supplier.code: m.depth for m in chain.members}
    depth[chain.origin.code] = 0
    closer: dict[str, list[str]] = defaultdict(list)
    for sub, customer in chain.links:
        near, far = (sub, customer) if towards_customers else (customer, sub)
        if near in depth and far in depth and depth[far] == depth[near] + 1:
            closer[far].append(near)
    children: dict[str, list[str]] = defaultdict(list)
    for code, parents in closer.items():
        children[min(parents)].append(code)
    members = {m.supplier.code: m for m in chain.members}
    rows: list[ChainRow] = []
    pending = sorted(children[chain.origin.code], reverse=True)
    while pending:
        code = pending.pop()
        parents = sorted(closer[code])
        rows.append(ChainRow(members[code], tuple(parents[1:])))
        pending.extend(sorted(children[code], reverse=True))
    placed = {row.member.supplier.code for row in rows}
    rows.extend(ChainRow(m) for m in chain.members if m.supplier.code not in placed)
    return rows
