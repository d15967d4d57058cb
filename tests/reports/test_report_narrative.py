from __future__ import annotations

from pathlib import Path

import pytest

from supplyesg.domain.errors import InvalidInputError
from supplyesg.reports.document import Bullets, Cell, Column, Paragraph, Row, Table
from supplyesg.reports.narrative import Placed, SectionPlan, environment, load_plan, write_section

TABLE = Table("ghg", "GHG", (Column("A"),), (Row((Cell("x"),)),))


def _write(tmp_path: Path, template: str, **context: object) -> tuple[object, ...]:
    (tmp_path / "s.txt.j2").write_text(template, encoding="utf-8")
    plan = SectionPlan("3.1", "Emissions", "s.txt.j2", ("A1-GD",))
    placed = {"ghg": Placed(TABLE, ("A1.2",)), "empty": Placed(None, ("A1.3",))}
    written = write_section(plan, environment(tmp_path), context, placed)
    return written.section.blocks, written.answers


def test_blank_lines_split_paragraphs_and_lines_join(tmp_path: Path) -> None:
    blocks, _ = _write(tmp_path, "One\nsentence.\n\n\nTwo {{ n }}.\n", n=3)
    assert blocks == (Paragraph("One sentence."), Paragraph("Two 3."))


def test_dash_lines_make_one_list_even_when_a_loop_splits_them(tmp_path: Path) -> None:
    template = "Items:\n{% for x in xs %}\n- {{ x }}\n{% endfor %}\nAfter.\n"
    blocks, _ = _write(tmp_path, template, xs=["a", "b"])
    assert blocks == (Paragraph("Items:"), Bullets(("a", "b")), Paragraph("After."))


def test_a_placement_puts_the_table_and_adds_its_items(tmp_path: Path) -> None:
    blocks, answers = _write(tmp_path, "Text.\n[table ghg]\nMore.\n")
    assert blocks == (Paragraph("Text."), TABLE, Paragraph("More."))
    assert answers == ("A1-GD", "A1.2")


def test_a_table_without_content_is_left_out_with_its_items(tmp_path: Path) -> None:
    blocks, answers = _write(tmp_path, "[table empty]\n")
    assert (blocks, answers) == ((), ("A1-GD",))


def test_an_unknown_placement_names_the_template_and_the_known_keys(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as refused:
        _write(tmp_path, "[table nope]\n")
    problem = refused.value.problems[0]
    assert (problem.field, problem.value) == ("s.txt.j2", "nope")
    assert problem.reason == "there is no table 'nope' (known: ghg, empty)"


def test_an_undefined_name_is_refused_with_the_template(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as refused:
        _write(tmp_path, "{{ missing.value }}\n")
    assert refused.value.problems[0].field == "s.txt.j2"
    assert "'missing' is undefined" in refused.value.problems[0].reason


def test_a_syntax_error_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as refused:
        _write(tmp_path, "fine\n{% if %}\n")
    assert refused.value.problems[0].field == "s.txt.j2, line 2"


def test_templates_run_in_a_sandbox(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        _write(tmp_path, "{{ n.__class__.__mro__ }}\n", n=1)


def test_a_plan_needs_a_title_and_a_template_on_each_row(tmp_path: Path) -> None:
    (tmp_path / "sections.yaml").write_text(
        "sections:\n  - {number: '1', title: A, template: a.j2, answers: [A1-GD]}\n"
        "  - {number: '2', title: B}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError) as refused:
        load_plan(tmp_path)
    assert [(p.row, p.field) for p in refused.value.problems] == [(2, "sections")]


@pytest.mark.parametrize(
    ("statement", "expected_blocks", "expected_answers"),
    [
        ("", (Paragraph("Scope 1: 3."),), ("A1.2",)),
        ("   ", (Paragraph("Scope 1: 3."),), ("A1.2",)),
        (
            "We follow the law.\n\n- Permits held",
            (Paragraph("We follow the law."), Bullets(("Permits held",)), Paragraph("Scope 1: 3.")),
            ("A1.2", "A1-GD"),
        ),
    ],
)
def test_a_section_claims_its_narrative_items_only_with_the_company_text(
    tmp_path: Path,
    statement: str,
    expected_blocks: tuple[object, ...],
    expected_answers: tuple[str, ...],
) -> None:
    (tmp_path / "s.txt.j2").write_text("Scope 1: {{ n }}.\n", encoding="utf-8")
    plan = SectionPlan("3.1", "Emissions", "s.txt.j2", ("A1-GD", "A1.2"), generated=("A1.2",))
    written = write_section(plan, environment(tmp_path), {"n": 3}, {}, statement, {"A1.2"})
    assert written.section.blocks == expected_blocks
    assert written.answers == expected_answers
