"""What every HTML form needs: the posted fields, and the refusal reasons placed by field."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from supplyesg.domain.errors import DomainError, Problem


async def posted_form(request: Request) -> dict[str, str]:
    """The text fields of a posted form (files are left out)."""
    form = await request.form()
    return {name: value for name, value in form.items() if isinstance(value, str)}


PostedForm = Annotated[dict[str, str], Depends(posted_form)]


@dataclass(frozen=True, slots=True)
class FormErrors:
    """Why a form was refused: reasons beside their fields, the rest above the form."""

    summary: str = ""
    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, error: DomainError, fields: Collection[str]) -> FormErrors:
        """Place each problem of the error beside the form field it names, if the form has it."""
        return cls.from_problems(error.detail, error.problems, fields)

    @classmethod
    def from_problems(
        cls, summary: str, problems: Iterable[Problem], fields: Collection[str]
    ) -> FormErrors:
        """Place each problem beside its field, if the form has it, or above the form."""
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            if problem.field in fields:
                by_field.setdefault(problem.field, []).append(problem.reason)
            else:
                general.append(
                    f"{problem.field}: {problem.reason}" if problem.field else problem.reason
                )
        return cls(summary, by_field, general)

    def __bool__(self) -> bool:
        return bool(self.summary or self.by_field or self.general)

    def get(self, name: str) -> list[str]:
        """The reasons given for one field."""
        return self.by_field.get(name, [])


NO_ERRORS = FormErrors()
