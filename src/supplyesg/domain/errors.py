"""What can go wrong in the business rules, said in business terms (never HTTP)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is, what the value was and why it is refused."""

    field: str
    reason: str
    value: object = None
    row: int | None = None

    def at_row(self, row: int) -> Problem:
        """The same problem, located on a row of an imported file."""
        return Problem(field=self.field, reason=self.reason, value=self.value, row=row)

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}{self.field}: {self.reason} (value: {self.value!r})"


class DomainError(Exception):
    """A request that the business rules refuse."""

    title = "Request refused"

    def __init__(self, detail: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.problems = tuple(problems)


class InvalidInputError(DomainError):
    """Values that break a rule of the domain; `problems` says which and why."""

    title = "Invalid input"


class NotFoundError(DomainError):
    """A record that does not exist (or that the caller may not see)."""

    title = "Not found"


class ConflictError(DomainError):
    """A request that clashes with what is already recorded (a duplicate key, say)."""

    title = "Conflict"


class ForbiddenError(DomainError):
    """A request that only someone with more rights may make (an administrator, say)."""

    title = "Forbidden"


def refuse_if(problems: Iterable[Problem], detail: str) -> None:
    """Raise InvalidInputError listing every problem, if there is any."""
    found = tuple(problems)
    if found:
        raise InvalidInputError(detail, found)
