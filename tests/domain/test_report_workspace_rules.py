"""The report workspace's rules: placeholders, review states, who may confirm, carry-over."""

from __future__ import annotations

import pytest

from supplyesg.domain.four_eyes import Person
from supplyesg.domain.report_workspace import (
    TextKind,
    TextState,
    carried_over_keys,
    confirm_problems,
    filled,
    is_open,
    language_problems,
    placeholder_problems,
    placeholders_in,
    text_problems,
)

ALLOWED = {"scope1_total", "fy", "water_consumption"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No figures here.", []),
        ("In {{ fy }} we emitted {{scope1_total}}.", ["fy", "scope1_total"]),
        ("{{ fy }} and again {{ fy }}", ["fy"]),
        ("{{ ghg.total.with_unit }}", ["ghg.total.with_unit"]),
    ],
)
def test_the_placeholders_a_text_quotes_are_listed_once_in_order(
    text: str, expected: list[str]
) -> None:
    assert placeholders_in(text) == expected


def test_a_known_placeholder_passes() -> None:
    assert (
        placeholder_problems("sections.emissions", "We emitted {{ scope1_total }}.", ALLOWED) == []
    )


def test_an_unknown_placeholder_names_the_section_the_placeholder_and_the_names_allowed() -> None:
    [problem] = placeholder_problems("sections.emissions", "We emitted {{ scope3 }}.", ALLOWED)
    assert problem.field == "sections.emissions"
    assert problem.value == "scope3"
    assert problem.reason == (
        "the placeholder 'scope3' is unknown; allowed: fy, scope1_total, water_consumption"
    )


@pytest.mark.parametrize("text", ["{{ fy | upper }}", "{{ fy.__class__ }}", "{{ }}"])
def test_an_expression_that_is_not_a_bare_name_is_refused(text: str) -> None:
    [problem] = placeholder_problems("sections.board", text, ALLOWED)
    assert "is unknown" in problem.reason


@pytest.mark.parametrize("text", ["{% for x in y %}x{% endfor %}", "Hello {# note #}"])
def test_template_code_is_refused(text: str) -> None:
    problems = placeholder_problems("sections.board", text, ALLOWED)
    assert [p.reason for p in problems] == [
        "only {{ name }} placeholders are allowed, no template code"
    ]


def test_a_control_character_is_refused_line_breaks_are_not() -> None:
    assert text_problems("sections.board", "One.\n\n- two\r\n", ALLOWED) == []
    [problem] = text_problems("sections.board", "One\x00", ALLOWED)
    assert "U+0000" in problem.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [("   ", "the text is required"), ("x" * 20_001, "at most 20000 characters")],
)
def test_an_empty_or_overlong_text_is_refused(text: str, reason: str) -> None:
    assert [p.reason for p in text_problems("sections.board", text, ALLOWED)] == [reason]


@pytest.mark.parametrize(("language", "allowed"), [("en", True), ("zh-Hant", True), ("fr", False)])
def test_texts_are_written_in_english_or_traditional_chinese(language: str, allowed: bool) -> None:
    assert (language_problems(language) == []) is allowed


def test_placeholders_are_filled_with_their_values_and_unknown_ones_left_as_written() -> None:
    text = "In {{ fy }} we emitted {{ scope1_total }}; {{ other }} stays."
    values = {"fy": "FY2025", "scope1_total": "1,234.50 tCO2e"}
    assert filled(text, values) == "In FY2025 we emitted 1,234.50 tCO2e; {{ other }} stays."


ANA, BEN = Person("ana@example.com", 1), Person("ben@example.com", 2)


@pytest.mark.parametrize(
    ("state", "author", "actor", "reason"),
    [
        (TextState.DRAFT, ANA, BEN, None),
        (TextState.CARRIED_OVER, ANA, BEN, None),
        (TextState.DRAFT, ANA, ANA, "whoever wrote a text cannot confirm it"),
        (TextState.CARRIED_OVER, ANA, Person("ana@example.com (API token 'x')", 1), "x"),
        (TextState.CARRIED_OVER, Person("ana@example.com"), Person("ANA@example.com "), "x"),
        (TextState.CARRIED_OVER, Person("ana@example.com"), BEN, None),
        (TextState.CONFIRMED, ANA, BEN, "is confirmed already"),
    ],
)
def test_who_may_confirm_a_text(
    state: TextState, author: Person, actor: Person, reason: str | None
) -> None:
    problems = confirm_problems("sections.board", state, author, actor)
    if reason is None:
        assert problems == []
    elif reason == "x":
        assert [p.field for p in problems] == ["actor"]
    else:
        assert [p.reason for p in problems] == [reason]


@pytest.mark.parametrize(
    ("state", "open_"),
    [(TextState.DRAFT, False), (TextState.CARRIED_OVER, True), (TextState.CONFIRMED, False)],
)
def test_only_a_carried_over_text_waits_for_review(state: TextState, open_: bool) -> None:
    assert is_open(state) is open_


def test_opening_a_year_copies_only_what_it_has_not_got() -> None:
    previous = [
        (TextKind.SECTION, "board", "en"),
        (TextKind.SECTION, "energy", "en"),
        (TextKind.OMISSION, "A2.2", "en"),
        (TextKind.SECTION, "board", "zh-Hant"),
    ]
    current = [(TextKind.SECTION, "energy", "en")]
    assert carried_over_keys(previous, current) == [
        (TextKind.SECTION, "board", "en"),
        (TextKind.OMISSION, "A2.2", "en"),
        (TextKind.SECTION, "board", "zh-Hant"),
    ]
