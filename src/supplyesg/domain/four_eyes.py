"""Four eyes: the person who made something is not the person who checks it.

A person is known by their account wherever there is one. A user who submits an ESG value
through an API token and approves it from a browser session is one person with two labels
("ana@example.com (API token 'erp')" and "ana@example.com"), so labels are compared only when
one side has no account (a command run by an operating-system user, say).
"""

from __future__ import annotations

from dataclasses import dataclass

from supplyesg.domain.errors import Problem


@dataclass(frozen=True, slots=True)
class Person:
    """Who did something: the label histories show and, when known, the account behind it."""

    label: str
    account_id: int | None = None

    def __str__(self) -> str:
        return self.label


def person(actor: Person | str) -> Person:
    """An actor as a person: a bare label (a command-line user, a demo step) has no account."""
    return actor if isinstance(actor, Person) else Person(actor)


def same_person(one: Person, other: Person) -> bool:
    """Whether two actors are the same person: by account when both have one, else by label."""
    if one.account_id is not None and other.account_id is not None:
        return one.account_id == other.account_id
    return one.label.strip().casefold() == other.label.strip().casefold()


def four_eyes_problems(
    maker: Person | None, checker: Person, action: str, thing: str
) -> list[Problem]:
    """Why `checker` may not `action` ("approve") the `thing` ("a value") that `maker` submitted:
    one problem when they are the same person; none otherwise, or when no maker is recorded."""
    if maker is None or not same_person(maker, checker):
        return []
    return [Problem("actor", f"the person who submitted {thing} cannot {action} it", checker.label)]
