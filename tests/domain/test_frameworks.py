from __future__ import annotations

import pytest

from supplyesg.domain.frameworks import (
    Area,
    Aspect,
    Coverage,
    DisclosureItem,
    Framework,
    ItemKind,
    Level,
    content_index,
    content_index_problems,
    framework_problems,
)

BOARD = DisclosureItem(
    "MDR-GOVERNANCE", "MDR", ItemKind.MANDATORY_DISCLOSURE, Level.MANDATORY, "Board", "Board says"
)
POLICY = DisclosureItem(
    "A1-GD", "A1", ItemKind.GENERAL_DISCLOSURE, Level.COMPLY_OR_EXPLAIN, "Policy", "Policies"
)
GHG = DisclosureItem(
    "A1.2", "A1", ItemKind.KPI, Level.COMPLY_OR_EXPLAIN, "GHG", "Scope 1 and 2", quantitative=True
)
SCOPE_1 = DisclosureItem(
    "D-MT-1", "D-MT", ItemKind.CLIMATE_DISCLOSURE, Level.MANDATORY, "Scope 1", "S1", True
)

GUIDE = Framework(
    code="test",
    title="Test guide",
    wording="paraphrased",
    areas=(Area("mandatory", "Mandatory"), Area("environmental", "Env"), Area("climate", "C")),
    aspects=(
        Aspect("MDR", "mandatory", "Mandatory"),
        Aspect("A1", "environmental", "Emissions"),
        Aspect("D-MT", "climate", "Metrics"),
    ),
    items=(BOARD, POLICY, GHG, SCOPE_1),
)


def _coverage(claims, with_figures, explanations):  # type: ignore[no-untyped-def]
    entries = content_index(GUIDE, claims, with_figures, explanations)
    return {
        entry.item.code: (entry.coverage, entry.sections, entry.explanation) for entry in entries
    }


def test_the_index_lists_every_item_in_framework_order() -> None:
    entries = content_index(GUIDE, {}, set(), {})
    assert [entry.item.code for entry in entries] == ["MDR-GOVERNANCE", "A1-GD", "A1.2", "D-MT-1"]


@pytest.mark.parametrize(
    ("code", "claims", "with_figures", "explanations", "expected"),
    [
        # a narrative item is answered by the section that claims it
        ("A1-GD", {"A1-GD": ["3.1"]}, set(), {}, (Coverage.ANSWERED, ("3.1",), None)),
        # several sections, each listed once, in the order claimed
        (
            "A1-GD",
            {"A1-GD": ["3.1", "6", "3.1"]},
            set(),
            {},
            (Coverage.ANSWERED, ("3.1", "6"), None),
        ),
        # an answer wins over an explanation
        ("A1-GD", {"A1-GD": ["3.1"]}, set(), {"A1-GD": "n/a"}, (Coverage.ANSWERED, ("3.1",), None)),
        # a comply-or-explain item nobody answers falls back on its explanation
        (
            "A1-GD",
            {},
            set(),
            {"A1-GD": " Not material. "},
            (Coverage.EXPLAINED, (), "Not material."),
        ),
        # a blank explanation explains nothing
        ("A1-GD", {}, set(), {"A1-GD": "  "}, (Coverage.MISSING, (), None)),
        # a quantitative item with figures is answered by its sections
        ("A1.2", {"A1.2": ["3.1", "6"]}, {"A1.2"}, {}, (Coverage.ANSWERED, ("3.1", "6"), None)),
        # a quantitative item without figures is not answered by prose
        ("A1.2", {"A1.2": ["3.1"]}, set(), {}, (Coverage.MISSING, (), None)),
        # ... but may be explained
        (
            "A1.2",
            {"A1.2": ["3.1"]},
            set(),
            {"A1.2": "No meters"},
            (Coverage.EXPLAINED, (), "No meters"),
        ),
        # a mandatory item cannot be explained away
        ("MDR-GOVERNANCE", {}, set(), {"MDR-GOVERNANCE": "later"}, (Coverage.MISSING, (), None)),
        ("MDR-GOVERNANCE", {"MDR-GOVERNANCE": ["1"]}, set(), {}, (Coverage.ANSWERED, ("1",), None)),
        # a mandatory quantitative item needs figures
        ("D-MT-1", {"D-MT-1": ["3.1"]}, set(), {"D-MT-1": "x"}, (Coverage.MISSING, (), None)),
        ("D-MT-1", {"D-MT-1": ["3.1"]}, {"D-MT-1"}, {}, (Coverage.ANSWERED, ("3.1",), None)),
    ],
)
def test_how_each_item_is_covered(  # type: ignore[no-untyped-def]
    code, claims, with_figures, explanations, expected
) -> None:
    assert _coverage(claims, with_figures, explanations)[code] == expected


def test_a_complete_index_has_no_problems() -> None:
    claims = {"MDR-GOVERNANCE": ["1"], "A1-GD": ["3.1"], "A1.2": ["6"], "D-MT-1": ["6"]}
    entries = content_index(GUIDE, claims, {"A1.2", "D-MT-1"}, {})
    assert content_index_problems(GUIDE, claims, {}, entries) == []


def test_each_gap_and_each_unknown_code_is_a_problem() -> None:
    claims = {"A1-GD": ["3.1"], "Z9.9": ["2"]}
    explanations = {"MDR-GOVERNANCE": "later", "Q1": "?"}
    entries = content_index(GUIDE, claims, set(), explanations)
    problems = content_index_problems(GUIDE, claims, explanations, entries)
    assert [(p.field, p.reason) for p in problems] == [
        ("claims.Z9.9", "is not an item of the framework"),
        ("explanations.Q1", "is not an item of the framework"),
        ("MDR-GOVERNANCE", "is mandatory and no section of the report answers it"),
        ("A1.2", "has no figures for the year and no explanation for leaving it out"),
        ("D-MT-1", "is mandatory and no section of the report answers it"),
    ]


@pytest.mark.parametrize(
    ("level", "may_be_explained"),
    [(Level.MANDATORY, False), (Level.COMPLY_OR_EXPLAIN, True), (Level.RECOMMENDED, True)],
)
def test_only_non_mandatory_items_may_be_explained(level: Level, may_be_explained: bool) -> None:
    item = DisclosureItem("X", "A1", ItemKind.KPI, level, "X", "x")
    assert item.may_be_explained is may_be_explained


def test_a_framework_finds_items_by_code_and_aspect() -> None:
    assert GUIDE.item("A1.2") is GHG
    assert GUIDE.item("A9.9") is None
    assert GUIDE.items_of("A1") == (POLICY, GHG)
    assert [a.code for a in GUIDE.aspects_of("climate")] == ["D-MT"]


def test_a_consistent_framework_has_no_problems() -> None:
    assert framework_problems(GUIDE) == []


def test_duplicates_and_dangling_references_are_framework_problems() -> None:
    broken = Framework(
        code="broken",
        title="Broken",
        wording="",
        areas=(Area("env", "Env"),),
        aspects=(Aspect("A1", "env", "Emissions"), Aspect("B1", "social", "Employment")),
        items=(
            POLICY,
            POLICY,
            DisclosureItem("B9.1", "B9", ItemKind.KPI, Level.COMPLY_OR_EXPLAIN, "T", "S"),
            DisclosureItem("A1.9", "A1", ItemKind.KPI, Level.COMPLY_OR_EXPLAIN, "T", " "),
        ),
    )
    assert [(p.field, p.reason, p.value) for p in framework_problems(broken)] == [
        ("items.code", "is used more than once", "A1-GD"),
        ("aspects.B1.area", "is not an area of the framework", "social"),
        ("items.B9.1.aspect", "is not an aspect of the framework", "B9"),
        ("items.A1.9.summary", "is required", " "),
    ]
