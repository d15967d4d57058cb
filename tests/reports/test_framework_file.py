from __future__ import annotations

from pathlib import Path

import pytest

from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.frameworks import ItemKind, Level
from supplyesg.reports.frameworks import framework, load_framework

# The structure of the HKEX ESG Reporting Guide (2020) and of Part D of the 2025 Code.
GUIDE_ASPECTS = {
    "MDR": ["MDR-GOVERNANCE", "MDR-REPORTING-PRINCIPLES", "MDR-REPORTING-BOUNDARY"],
    "A1": ["A1-GD", "A1.1", "A1.2", "A1.3", "A1.4", "A1.5", "A1.6"],
    "A2": ["A2-GD", "A2.1", "A2.2", "A2.3", "A2.4", "A2.5"],
    "A3": ["A3-GD", "A3.1"],
    "A4": ["A4-GD", "A4.1"],
    "B1": ["B1-GD", "B1.1", "B1.2"],
    "B2": ["B2-GD", "B2.1", "B2.2", "B2.3"],
    "B3": ["B3-GD", "B3.1", "B3.2"],
    "B4": ["B4-GD", "B4.1", "B4.2"],
    "B5": ["B5-GD", "B5.1", "B5.2", "B5.3", "B5.4"],
    "B6": ["B6-GD", "B6.1", "B6.2", "B6.3", "B6.4", "B6.5"],
    "B7": ["B7-GD", "B7.1", "B7.2", "B7.3"],
    "B8": ["B8-GD", "B8.1", "B8.2"],
    "D-GOV": ["D-GOV-1", "D-GOV-2"],
    "D-STR": ["D-STR-1", "D-STR-2", "D-STR-3", "D-STR-4", "D-STR-5"],
    "D-RM": ["D-RM-1"],
    "D-MT": [f"D-MT-{n}" for n in range(1, 13)],
}


def test_the_hkex_file_holds_every_item_of_the_guide_by_aspect_in_order() -> None:
    guide = framework()
    assert {
        a.code: [i.code for i in guide.items_of(a.code)] for a in guide.aspects
    } == GUIDE_ASPECTS
    assert len(guide.items) == 71


def test_the_levels_follow_the_guide() -> None:
    guide = framework()
    mandatory = [item.code for item in guide.items if item.level is Level.MANDATORY]
    assert mandatory == [
        "MDR-GOVERNANCE",
        "MDR-REPORTING-PRINCIPLES",
        "MDR-REPORTING-BOUNDARY",
        "D-MT-1",
        "D-MT-2",
        "D-MT-4",
    ]
    assert guide.item("D-MT-11").level is Level.RECOMMENDED  # type: ignore[union-attr]
    kinds = {item.kind for item in guide.items_of("A1")}
    assert kinds == {ItemKind.GENERAL_DISCLOSURE, ItemKind.KPI}


def test_quantitative_kpis_carry_their_units() -> None:
    guide = framework()
    ghg = guide.item("A1.2")
    assert ghg is not None
    assert ghg.quantitative
    assert ghg.unit == "tCO2e; tCO2e per intensity unit"
    assert ghg.breakdowns == ("Scope 1", "Scope 2", "intensity")
    energy = guide.item("A2.1")
    assert energy is not None
    assert energy.unit == "MWh; MWh per intensity unit"
    assert not guide.item("A1.5").quantitative  # type: ignore[union-attr]


def test_summaries_are_single_spaced_paraphrases() -> None:
    for item in framework().items:
        assert item.summary == " ".join(item.summary.split())
        assert 10 < len(item.summary) < 600, item.code


def test_a_file_with_a_faulty_item_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "code: x\ntitle: X\nareas: [{code: env, title: Env}]\n"
        "aspects: [{code: A1, area: env, title: Emissions}]\n"
        "items:\n"
        "  - {code: A1-GD, aspect: A1, kind: general_disclosure, level: mandatory,"
        " title: T, summary: S}\n"
        "  - {code: A1.1, aspect: A1, kind: kpi, level: sometimes, title: T, summary: S}\n"
        "  - {code: A1.2, aspect: A1, kind: kpi, level: mandatory, summary: S}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError) as refused:
        load_framework(path)
    assert [(p.row, p.field, p.value) for p in refused.value.problems] == [
        (2, "items", "A1.1"),
        (3, "items.title", "A1.2"),
    ]
    assert "'sometimes' is not a valid Level" in refused.value.problems[0].reason


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="cannot be read"):
        load_framework(path)
