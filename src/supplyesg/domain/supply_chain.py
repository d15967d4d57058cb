"""The map of the supply chain: who supplies whom, at any depth.

A link says that a sub-supplier delivers to a customer (a first-tier supplier or another
sub-supplier). One sub-supplier may deliver to several customers, so the map is a directed
graph; it must stay acyclic, or "who is upstream of whom" stops meaning anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from supplyesg.domain.errors import Problem

Link = tuple[int, int]
"""(sub_supplier_id, customer_id): the sub-supplier delivers to the customer."""


def link_problems(
    sub_supplier: int, customer: int, customers_of_customer: Collection[int]
) -> list[Problem]:
    """Why the link sub_supplier -> customer may not be added.

    `customers_of_customer` is every supplier the customer delivers to, at any depth. If the
    new sub-supplier is among them, the link would close a loop.
    """
    if sub_supplier == customer:
        return [Problem("customer", "a supplier cannot supply itself", customer)]
    if sub_supplier in customers_of_customer:
        return [
            Problem(
                "customer",
                "this link would make a cycle: the customer already supplies this sub-supplier",
                customer,
            )
        ]
    return []


def find_cycle(links: Iterable[Link]) -> list[int] | None:
    """A loop of supplier ids in the links (first id repeated at the end), or None if acyclic."""
    customers: dict[int, list[int]] = defaultdict(list)
    for sub, customer in links:
        customers[sub].append(customer)
    state: dict[int, int] = {}  # 1 = on the current path, 2 = fully explored
    for start in list(customers):
        if state.get(start):
            continue
        path = [start]
        iterators = [iter(customers[start])]
        state[start] = 1
        while iterators:
            following = next(iterators[-1], None)
            if following is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(following) == 1:
                return [*path[path.index(following) :], following]
            elif not state.get(following):
                state[following] = 1
                path.append(following)
                iterators.append(iter(customers.get(following, ())))
    return None


def reachable(start: int, neighbours: Mapping[int, Collection[int]]) -> dict[int, int]:
    """Every node reachable from `start` with its shortest depth (start itself excluded)."""
    depth: dict[int, int] = {}
    frontier = [start]
    level = 0
    while frontier:
        level += 1
        following = []
        for node in frontier:
            for neighbour in neighbours.get(node, ()):
                if neighbour != start and neighbour not in depth:
                    depth[neighbour] = level
                    following.append(neighbour)
        frontier = following
    return depth
