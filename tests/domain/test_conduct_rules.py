from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from supplyesg.domain.conduct import CodeOfConduct, Pillar, Requirement, code_problems

REQUIREMENTS = (
    Requirement("ENV-01", Pillar.ENVIRONMENT, "Holds the permits its processes need", Decimal(2)),
    Requirement("LAB-01", Pillar.LABOUR, "Employs no child", Decimal(3), zero_tolerance=True),
    Requirement("HS-01", Pillar.HEALTH_AND_SAFETY, "Assesses workplace hazards"),
    Requirement("ETH-01", Pillar.ETHICS, "Offers no bribe", Decimal(3), zero_tolerance=True),
)
CODE = CodeOfConduct("2026", "Supplier code of conduct", date(2026, 1, 1), REQUIREMENTS)


def with_requirement(index: int, **changes: object) -> CodeOfConduct:
    requirements = list(REQUIREMENTS)
    requirements[index] = replace(requirements[index], **changes)  # type: ignore[arg-type]
    return replace(CODE, requirements=tuple(requirements))


def test_a_code_with_every_pillar_covered_has_no_problems() -> None:
    assert code_problems(CODE) == []


def test_a_requirement_is_found_by_id_and_pillars_keep_the_codes_order() -> None:
    assert CODE.requirement("LAB-01") == REQUIREMENTS[1]
    assert CODE.requirement("LAB-99") is None
    assert CODE.in_pillar(Pillar.ETHICS) == (REQUIREMENTS[3],)
    assert Pillar.LABOUR.label == "Labour and human rights"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "env-01"}, "id"),
        ({"id": "ENV01"}, "id"),
        ({"id": "ENV-1234"}, "id"),
        ({"text": "  "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"weight": Decimal(0)}, "weight"),
        ({"weight": Decimal("-1")}, "weight"),
        ({"weight": Decimal("100.5")}, "weight"),
        ({"weight": Decimal("Infinity")}, "weight"),
    ],
)
def test_a_broken_requirement_is_reported_on_its_field_and_row(
    changes: dict[str, object], field: str
) -> None:
    problems = code_problems(with_requirement(2, **changes))
    assert [(p.field, p.row) for p in problems] == [(field, 3)]


def test_a_repeated_id_is_reported_on_each_row() -> None:
    problems = code_problems(with_requirement(2, id="ENV-01", pillar=Pillar.ENVIRONMENT))
    assert [(p.field, p.row) for p in problems if p.field == "id"] == [("id", 1), ("id", 3)]


def test_a_pillar_without_requirements_is_refused() -> None:
    problems = code_problems(with_requirement(2, pillar=Pillar.ENVIRONMENT))
    assert [(p.field, p.reason) for p in problems] == [
        ("requirements", "no requirement in pillar Health and safety")
    ]


@pytest.mark.parametrize(("version", "title"), [("", "Code"), ("2026 rev", "Code"), ("2026", "")])
def test_version_and_title_are_required(version: str, title: str) -> None:
    problems = code_problems(replace(CODE, version=version, title=title))
    assert len(problems) == 1
    assert problems[0].field in {"version", "title"}
