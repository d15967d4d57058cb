"""Deciding what a supplier file changes in the registry, or every reason it cannot.

An import is all or nothing: `plan_import` checks every row against the registry as it
stands (each field rule of `domain.suppliers`, the status moves, the customers named in
`supplies_to`, the supply map staying acyclic) and returns the plan with all its problems.
Suppliers are matched by code: a known code is updated, an unknown one is created.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from supplyesg.domain.errors import Problem
from supplyesg.domain.supplier_rows import SupplierEntry, cell_text
from supplyesg.domain.suppliers import (
    SupplierProfile,
    SupplierStatus,
    profile_problems,
    status_change_problems,
)
from supplyesg.domain.supply_chain import Link, find_cycle, link_problems

MAX_CYCLES_REPORTED = 100


@dataclass(frozen=True, slots=True)
class StoredSupplier:
    """A supplier as the registry holds it."""

    id: int
    profile: SupplierProfile
    status: SupplierStatus


@dataclass(frozen=True, slots=True)
class NewSupplier:
    """A supplier the file adds, with its first status."""

    profile: SupplierProfile
    status: SupplierStatus


@dataclass(frozen=True, slots=True)
class ChangedSupplier:
    """A stored supplier whose facts the file changes."""

    id: int
    profile: SupplierProfile
    contacts_changed: bool


@dataclass(frozen=True, slots=True)
class StatusMove:
    """A stored supplier the file moves to another status."""

    id: int
    previous: SupplierStatus
    target: SupplierStatus


@dataclass(slots=True)
class ImportPlan:
    """What an import writes; `problems` lists why it may not, if it may not."""

    created: list[NewSupplier] = field(default_factory=list)
    changed: list[ChangedSupplier] = field(default_factory=list)
    unchanged: int = 0
    status_moves: list[StatusMove] = field(default_factory=list)
    links_added: list[tuple[str, str]] = field(default_factory=list)
    """(sub_supplier_code, customer_code) pairs to add."""
    links_removed: list[Link] = field(default_factory=list)
    """(sub_supplier_id, customer_id) pairs to remove."""
    problems: list[Problem] = field(default_factory=list)


def plan_import(
    entries: Sequence[SupplierEntry],
    stored: Mapping[str, StoredSupplier],
    ids: Mapping[str, int],
    links: Iterable[Link],
    reason: str,
) -> ImportPlan:
    """The changes the entries make to the registry, with every problem they have.

    `stored` holds the stored suppliers the entries name, `ids` the id of every stored
    supplier by code and `links` every stored link; `reason` is kept with status moves.
    """
    plan = ImportPlan()
    unique = _unique_entries(entries, plan.problems)
    for entry in unique:
        _plan_supplier(entry, stored.get(entry.code), reason, plan)
    _plan_links(unique, ids, list(links), plan)
    return plan


def _unique_entries(
    entries: Sequence[SupplierEntry], problems: list[Problem]
) -> list[SupplierEntry]:
    first_row: dict[str, int] = {}
    unique = []
    for entry in entries:
        if entry.code in first_row:
            problems.append(
                Problem(
                    "code",
                    f"appears more than once in the file (first on row {first_row[entry.code]})",
                    entry.code,
                    entry.row,
                )
            )
        else:
            if entry.code:
                first_row[entry.code] = entry.row
            unique.append(entry)
    return unique


def _plan_supplier(
    entry: SupplierEntry, stored: StoredSupplier | None, reason: str, plan: ImportPlan
) -> None:
    if stored is None:
        profile = SupplierProfile(**entry.fields)  # type: ignore[arg-type]
    else:
        profile = replace(stored.profile, **entry.fields)  # type: ignore[arg-type]
    plan.problems.extend(_in_file(p, entry.row) for p in profile_problems(profile))
    if stored is None:
        plan.created.append(NewSupplier(profile, entry.status or SupplierStatus.PROSPECTIVE))
        return
    target = entry.status if entry.status != stored.status else None
    if profile != stored.profile:
        contacts_changed = profile.contacts != stored.profile.contacts
        plan.changed.append(ChangedSupplier(stored.id, profile, contacts_changed))
    elif target is None:
        plan.unchanged += 1
    if target is not None:
        moves = status_change_problems(stored.status, target, reason)
        plan.problems.extend(_in_file(p, entry.row) for p in moves)
        plan.status_moves.append(StatusMove(stored.id, stored.status, target))


def _in_file(problem: Problem, row: int) -> Problem:
    """The problem located on its row, its value written as the file writes it."""
    return Problem(problem.field, problem.reason, cell_text(problem.value), row)


def _plan_links(
    entries: Sequence[SupplierEntry], ids: Mapping[str, int], links: list[Link], plan: ImportPlan
) -> None:
    """Each entry's `supplies_to` replaces the customers it has as a sub-supplier."""
    nodes = dict(ids)
    for entry in entries:
        nodes.setdefault(entry.code, -len(nodes) - 1)  # new suppliers have no id yet
    codes = {node: code for code, node in nodes.items()}
    replacing = {nodes[e.code] for e in entries if e.supplies_to is not None}
    wanted: dict[Link, int] = {}  # link -> the row asking for it
    for entry in entries:
        for customer_code in entry.supplies_to or ():
            problems = _customer_problems(entry, customer_code, nodes)
            plan.problems.extend(problems)
            if not problems:
                wanted[(nodes[entry.code], nodes[customer_code])] = entry.row
    kept = [link for link in links if link[0] not in replacing]
    plan.problems.extend(_cycle_problems(kept, wanted, codes))
    stored = set(links)
    plan.links_removed = [link for link in links if link[0] in replacing and link not in wanted]
    plan.links_added = [
        (codes[sub], codes[customer]) for sub, customer in wanted if (sub, customer) not in stored
    ]


def _customer_problems(
    entry: SupplierEntry, customer_code: str, nodes: Mapping[str, int]
) -> list[Problem]:
    if customer_code not in nodes:
        return [
            Problem(
                "supplies_to",
                "no supplier has this code, in the file or in the registry",
                customer_code,
                entry.row,
            )
        ]
    found = link_problems(nodes[entry.code], nodes[customer_code], ())
    return [Problem("supplies_to", p.reason, customer_code, entry.row) for p in found]


def _cycle_problems(
    kept: list[Link], wanted: Mapping[Link, int], codes: Mapping[int, str]
) -> list[Problem]:
    """One problem per loop the new links close, on the row of a link in the loop.

    Stored links never loop among themselves, so every loop holds a link of the file;
    leaving that link out, the search goes on for the next loop.
    """
    candidates = dict(wanted)
    problems: list[Problem] = []
    while len(problems) < MAX_CYCLES_REPORTED:
        cycle = find_cycle([*kept, *candidates])
        if cycle is None:
            break
        row, link = min((candidates[link], link) for link in pairwise(cycle) if link in candidates)
        start = cycle.index(link[0])  # read the loop from the row's own supplier
        loop = " -> ".join(codes[node] for node in [*cycle[start:-1], *cycle[: start + 1]])
        problems.append(
            Problem("supplies_to", f"this link would make a cycle: {loop}", codes[link[1]], row)
        )
        del candidates[link]
    return problems
