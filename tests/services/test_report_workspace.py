"""The report workspace service: writing, confirming and carrying over the company's text."""

from __future__ import annotations

from datetime import date

import pytest

from supplyesg.clock import FixedClock
from supplyesg.db.audit_trail import acting_as
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.report_workspace import TextKind, TextState
from supplyesg.services import audit_trail
from supplyesg.services import report_workspace as workspace
from supplyesg.services.report_workspace import TextAddress, TextRules

RULES = TextRules(
    {TextKind.SECTION: ("board", "energy"), TextKind.OMISSION: ("A2.2",)},
    ("fy", "energy_total"),
)
ANA, BEN = Person("ana@example.com", None), Person("ben@example.com", None)
MARCH = FixedClock.on(date(2026, 3, 2))
APRIL = FixedClock.on(date(2026, 4, 1))


def board(year: int = 2025, language: str = "en") -> TextAddress:
    return TextAddress("hkex", year, TextKind.SECTION, "board", language)


def _refusal(error: pytest.ExceptionInfo[InvalidInputError]) -> list[tuple[str, object]]:
    return [(p.field, p.value) for p in error.value.problems]


def test_a_written_text_is_a_draft_with_its_author_instant_and_business_day(db: Database) -> None:
    row = workspace.write_text(db, board(), "  The board oversees ESG.  ", ANA, RULES, MARCH)
    assert (row.text, row.state, row.author) == ("The board oversees ESG.", "draft", ANA.label)
    assert (row.updated_at, row.updated_on) == (MARCH.now(), date(2026, 3, 2))
    assert row.confirmed_by is None


def test_a_text_in_traditional_chinese_is_kept_beside_the_english(db: Database) -> None:
    workspace.write_text(db, board(), "The board oversees ESG.", ANA, RULES, MARCH)
    workspace.write_text(db, board(language="zh-Hant"), "董事會監督ESG。", ANA, RULES, MARCH)
    texts = workspace.texts_of(db, "hkex", 2025)
    assert [(t.language, t.text) for t in texts] == [
        ("en", "The board oversees ESG."),
        ("zh-Hant", "董事會監督ESG。"),
    ]
    assert [t.language for t in workspace.texts_of(db, "hkex", 2025, "zh-Hant")] == ["zh-Hant"]


def test_an_unknown_section_language_or_placeholder_is_refused(db: Database) -> None:
    nowhere = TextAddress("hkex", 2025, TextKind.SECTION, "nowhere", "fr")
    with pytest.raises(InvalidInputError) as refused:
        workspace.write_text(db, nowhere, "Text", ANA, RULES, MARCH)
    assert _refusal(refused) == [("language", "fr"), ("section", "nowhere")]
    with pytest.raises(InvalidInputError) as refused:
        workspace.write_text(db, board(), "In {{ fy }} we used {{ scope3 }}.", ANA, RULES, MARCH)
    [problem] = refused.value.problems
    assert (problem.field, problem.value) == ("sections.board", "scope3")
    assert "allowed: energy_total, fy" in problem.reason
    assert workspace.texts_of(db, "hkex", 2025) == []


def test_a_text_is_confirmed_by_someone_other_than_its_author(db: Database) -> None:
    workspace.write_text(db, board(), "The board oversees ESG.", ANA, RULES, MARCH)
    with pytest.raises(InvalidInputError) as refused:
        workspace.confirm_text(db, board(), ANA, APRIL)
    assert _refusal(refused) == [("actor", ANA.label)]
    row = workspace.confirm_text(db, board(), BEN, APRIL)
    assert (row.state, row.confirmed_by, row.confirmed_on) == (
        "confirmed",
        BEN.label,
        date(2026, 4, 1),
    )
    with pytest.raises(InvalidInputError):
        workspace.confirm_text(db, board(), Person("cai@example.com"), APRIL)


def test_rewriting_a_confirmed_text_makes_it_a_draft_again(db: Database) -> None:
    workspace.write_text(db, board(), "The board oversees ESG.", ANA, RULES, MARCH)
    workspace.confirm_text(db, board(), BEN, APRIL)
    row = workspace.write_text(db, board(), "The board reviews ESG.", BEN, RULES, APRIL)
    assert (row.state, row.author, row.confirmed_by) == ("draft", BEN.label, None)


def test_confirming_a_text_never_written_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        workspace.confirm_text(db, board(), BEN, APRIL)


def test_opening_a_year_carries_last_years_text_over_for_review(db: Database) -> None:
    workspace.write_text(db, board(2025), "The board oversees ESG.", ANA, RULES, MARCH)
    reason = TextAddress("hkex", 2025, TextKind.OMISSION, "A2.2")
    workspace.write_text(db, reason, "No water meters yet.", ANA, RULES, MARCH)
    workspace.write_text(
        db, TextAddress("hkex", 2026, TextKind.SECTION, "energy"), "New.", BEN, RULES, MARCH
    )
    copied = workspace.open_year(db, "hkex", 2026, BEN, APRIL)
    assert [(r.kind, r.key, r.state, r.author, r.carried_from) for r in copied] == [
        ("omission", "A2.2", "carried_over", ANA.label, 2025),
        ("section", "board", "carried_over", ANA.label, 2025),
    ]
    texts = {r.key: r for r in workspace.texts_of(db, "hkex", 2026)}
    assert texts["energy"].state == "draft"
    assert workspace.open_year(db, "hkex", 2026, BEN, APRIL) == []


def test_a_carried_over_text_is_open_until_edited_or_confirmed(db: Database) -> None:
    workspace.write_text(db, board(2025), "The board oversees ESG.", ANA, RULES, MARCH)
    workspace.open_year(db, "hkex", 2026, BEN, APRIL)
    # Ana wrote it last year: she may not confirm it again, Ben may.
    with pytest.raises(InvalidInputError):
        workspace.confirm_text(db, board(2026), ANA, APRIL)
    assert workspace.confirm_text(db, board(2026), BEN, APRIL).state == TextState.CONFIRMED
    assert workspace.text_at(db, board(2025)) is not None
    assert workspace.text_at(db, board(2025)).state == "draft"  # type: ignore[union-attr]


def test_a_year_cannot_open_from_a_year_with_no_text(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        workspace.open_year(db, "hkex", 2026, BEN, APRIL)
    assert _refusal(refused) == [("year", 2026)]


def test_every_change_is_in_the_audit_trail(db: Database) -> None:
    with acting_as(ANA.label):
        row = workspace.write_text(db, board(), "The board oversees ESG.", ANA, RULES, MARCH)
    with acting_as(BEN.label):
        workspace.confirm_text(db, board(), BEN, APRIL)
    history = audit_trail.history_of(db, "report_text", str(row.id))
    assert [(e.actor, e.action) for e in reversed(history)] == [
        (ANA.label, "create"),
        (BEN.label, "status_change"),
    ]
    assert (history[0].after or {})["state"] == "confirmed"
