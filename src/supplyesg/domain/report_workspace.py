"""The report workspace: the company's own text of a report's sections and its reasons for
omission, year by year, and the review each text goes through before it is published.

A text is written (draft), confirmed by someone other than its author (four eyes, as every
statement the board signs is checked), and carried over into the next year as "carried over:
review" until someone edits or confirms it. Text quotes figures only through named
placeholders of the report's content model (`{{ scope1_total }}`, the Jinja2 expression syntax
the narrative templates use), so a figure in the text is the figure of the tables.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from enum import StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.four_eyes import Person, same_person
from supplyesg.domain.imported_files import text_problems as control_problems


class TextKind(StrEnum):
    """What a text of the workspace is: a section's narrative or an item's reason for omission."""

    SECTION = "section"
    OMISSION = "omission"


class TextState(StrEnum):
    """Where a text stands in its review."""

    DRAFT = "draft"
    CARRIED_OVER = "carried_over"
    CONFIRMED = "confirmed"


LANGUAGES: tuple[str, ...] = ("en", "zh-Hant")
"""The languages a text may be written in (the report renders English; Chinese follows)."""

MAX_TEXT = 20_000

FIXED_PLACEHOLDERS: dict[str, str] = {
    "organisation": "The reporting group's name",
    "fy": "The financial year as the report names it (FY2025)",
    "year": "The report year",
    "previous_year": "The year before the report year",
    "period_start": "First day of the reporting period",
    "period_end": "Last day of the reporting period",
    "scope1_total": "Scope 1 emissions of the year, with unit",
    "scope2_total": "Scope 2 emissions of the year, with unit",
    "ghg_total": "Scope 1 and 2 emissions of the year, with unit",
    "ghg_intensity": "Emission intensity of the year, with unit",
    "energy_total": "Energy consumed in the year, with unit",
    "energy_intensity": "Energy intensity of the year, with unit",
    "suppliers_total": "First-tier suppliers at the year end",
    "suppliers_engaged": "Suppliers the engagement practices were applied to",
    "suppliers_audited": "Suppliers audited in the year",
    "suppliers_trained": "Suppliers trained in the year",
    "suppliers_under_plan": "Suppliers working under an improvement plan",
}
"""The placeholders every report year offers, besides one per metric of the catalogue."""

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_STATEMENT = re.compile(r"\{%|\{#")


def placeholders_in(text: str) -> list[str]:
    """The placeholders a text quotes, in order, each once ('{{ x.y }}' is quoted as 'x.y')."""
    found = [match.group(1).strip() for match in _EXPRESSION.finditer(text)]
    return list(dict.fromkeys(found))


def placeholder_problems(where: str, text: str, allowed: Collection[str]) -> list[Problem]:
    """Why a text may not be saved: a placeholder that is not a name the report offers, or
    template code (only `{{ name }}` is allowed: the text is data, not a template)."""
    names = ", ".join(sorted(allowed))
    problems = [
        Problem(where, f"the placeholder {name!r} is unknown; allowed: {names}", name)
        for name in placeholders_in(text)
        if not _NAME.match(name) or name not in allowed
    ]
    if _STATEMENT.search(text):
        problems.append(
            Problem(where, "only {{ name }} placeholders are allowed, no template code", "{%")
        )
    return problems


def text_problems(where: str, text: str, allowed: Collection[str]) -> list[Problem]:
    """Why a text of the workspace may not be saved."""
    if not text.strip():
        return [Problem(where, "the text is required", text)]
    if len(text) > MAX_TEXT:
        return [Problem(where, f"at most {MAX_TEXT} characters", len(text))]
    return control_problems(where, text, multiline=True) + placeholder_problems(
        where, text, allowed
    )


def language_problems(language: str) -> list[Problem]:
    """Why a language is not one texts may be written in."""
    if language in LANGUAGES:
        return []
    return [Problem("language", f"must be one of {', '.join(LANGUAGES)}", language)]


def filled(text: str, values: Mapping[str, str]) -> str:
    """The text with each placeholder replaced by its value; unknown ones are left as written."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return values.get(name, match.group(0))

    return _EXPRESSION.sub(value, text)


def confirm_problems(
    where: str, state: TextState, author: Person | None, actor: Person
) -> list[Problem]:
    """Why `actor` may not confirm a text in `state` written by `author`: it is confirmed
    already, or they wrote it themselves."""
    if state is TextState.CONFIRMED:
        return [Problem(where, "is confirmed already", str(state))]
    if author is not None and same_person(author, actor):
        return [Problem("actor", "whoever wrote a text cannot confirm it", actor.label)]
    return []


def is_open(state: TextState) -> bool:
    """Whether a text still waits for review before the report is published (a text carried
    over from last year may no longer be true)."""
    return state is TextState.CARRIED_OVER


def carried_over_keys(
    previous: Collection[tuple[TextKind, str, str]], current: Collection[tuple[TextKind, str, str]]
) -> list[tuple[TextKind, str, str]]:
    """The texts (kind, key, language) of last year that this year has not got yet, in order:
    opening a year never overwrites what was written for it."""
    have = set(current)
    return [found for found in previous if found not in have]
