"""The supplier code of conduct: versioned requirements grouped in four pillars.

Audits are scored against one version of the code. Each requirement has a weight in its pillar's
score and may be zero-tolerance (child labour, forced labour, bribery...): breaching it is a
critical finding whatever the rest of the audit says (manual sections 4 to 6 and 9).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.errors import Problem

REQUIREMENT_ID = re.compile(r"^[A-Z][A-Z0-9]{0,9}-[0-9]{1,3}$")
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
MAX_TEXT = 2000
MAX_WEIGHT = Decimal(100)


class Pillar(StrEnum):
    """The four groups of requirements of the code of conduct."""

    ENVIRONMENT = "environment"
    LABOUR = "labour_and_human_rights"
    HEALTH_AND_SAFETY = "health_and_safety"
    ETHICS = "ethics_and_governance"

    @property
    def label(self) -> str:
        """The pillar's name as people write it."""
        return _LABELS[self]


_LABELS = {
    Pillar.ENVIRONMENT: "Environment",
    Pillar.LABOUR: "Labour and human rights",
    Pillar.HEALTH_AND_SAFETY: "Health and safety",
    Pillar.ETHICS: "Ethics and governance",
}


@dataclass(frozen=True, slots=True)
class Requirement:
    """One thing the code asks of a supplier, e.g. LAB-01 'no child labour'."""

    id: str
    pillar: Pillar
    text: str
    weight: Decimal = Decimal(1)
    zero_tolerance: bool = False


@dataclass(frozen=True, slots=True)
class CodeOfConduct:
    """One version of the code of conduct."""

    version: str
    title: str
    effective_from: date
    requirements: tuple[Requirement, ...]

    def requirement(self, requirement_id: str) -> Requirement | None:
        """The requirement with this id, if the code has it."""
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def in_pillar(self, pillar: Pillar) -> tuple[Requirement, ...]:
        """The requirements of one pillar, in the code's order."""
        return tuple(r for r in self.requirements if r.pillar == pillar)


def code_problems(code: CodeOfConduct) -> list[Problem]:
    """Every rule the code breaks; empty when audits can be scored against it."""
    problems = []
    if not VERSION_PATTERN.fullmatch(code.version):
        problems.append(
            Problem("version", "must be 1 to 40 letters, digits, '.', '_' or '-'", code.version)
        )
    if not code.title.strip() or len(code.title) > 200:
        problems.append(Problem("title", "is required, up to 200 characters", code.title))
    for row, requirement in enumerate(code.requirements, start=1):
        problems += [p.at_row(row) for p in requirement_problems(requirement)]
    counts = Counter(r.id for r in code.requirements)
    for row, requirement in enumerate(code.requirements, start=1):
        if counts[requirement.id] > 1:
            problems.append(Problem("id", "appears more than once", requirement.id, row))
    for pillar in Pillar:
        if not code.in_pillar(pillar):
            problems.append(Problem("requirements", f"no requirement in pillar {pillar.label}"))
    return problems


def requirement_problems(requirement: Requirement) -> list[Problem]:
    """Every rule one requirement breaks."""
    problems = []
    if not REQUIREMENT_ID.fullmatch(requirement.id):
        problems.append(
            Problem("id", "must look like ENV-01 (capitals, a dash, 1-3 digits)", requirement.id)
        )
    if not requirement.text.strip() or len(requirement.text) > MAX_TEXT:
        problems.append(
            Problem("text", f"is required, up to {MAX_TEXT} characters", requirement.text)
        )
    weight = requirement.weight
    if not weight.is_finite() or not Decimal(0) < weight <= MAX_WEIGHT:
        problems.append(Problem("weight", f"must be above 0 and at most {MAX_WEIGHT}", weight))
    return problems


def version_in_force(versions: Iterable[tuple[str, date]], on: date) -> str | None:
    """The version of the code (given as version and start day) that applies to a day: the
    latest started on or before it, or the first one for a day before any started."""
    listed = sorted(versions, key=lambda v: (v[1], v[0]))
    started = [version for version, start in listed if start <= on]
    if started:
        return started[-1]
    return listed[0][0] if listed else None
