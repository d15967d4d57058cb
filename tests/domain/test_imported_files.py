from __future__ import annotations

import pytest

from supplyesg.domain.errors import Problem
from supplyesg.domain.imported_files import (
    cell_problems,
    empty_file_problems,
    header_text_problems,
    text_problems,
)

NO_NAME = "has a value but the header gives this column no name"
MULTI = "only tab and line breaks are allowed"
ONE_LINE = "it must be one line of text"


@pytest.mark.parametrize(
    ("text", "multiline", "expected"),
    [
        ("Chongqing Axle Works", False, []),
        ("重庆车桥厂", False, []),
        ("line one\nline two\ttab\r\n", True, []),
        ("Acme\x00Ltd", False, [("U+0000", ONE_LINE, "Acme\\x00Ltd")]),
        ("Acme\x00Ltd", True, [("U+0000", MULTI, "Acme\\x00Ltd")]),
        ("two\nlines", False, [("U+000A", ONE_LINE, "two\\nlines")]),
        ("tab\there", False, [("U+0009", ONE_LINE, "tab\\there")]),
        ("bell\x07", True, [("U+0007", MULTI, "bell\\x07")]),
        ("delete\x7f", True, [("U+007F", MULTI, "delete\\x7f")]),
        ("c1\x85", True, [("U+0085", MULTI, "c1\\x85")]),
    ],
)
def test_control_characters_are_refused_but_tab_and_newline_in_multi_line_text(
    text: str, multiline: bool, expected: list[tuple[str, str, str]]
) -> None:
    found = text_problems("legal_name", text, multiline=multiline)
    assert [(p.field, p.value) for p in found] == [("legal_name", v) for _, _, v in expected]
    for problem, (name, why, _) in zip(found, expected, strict=True):
        assert problem.reason == f"contains the control character {name}; {why}"


@pytest.mark.parametrize(
    ("columns", "cells", "expected"),
    [
        (("a", "b"), ("1", "2"), []),
        (("a", "b"), ("1",), []),
        (("a", "b"), ("1", "2", ""), []),
        (("a", "b"), ("1", "2", "  "), []),
        (("a", "b"), ("1", "2", "3"), [Problem("column 3", NO_NAME, "3", 7)]),
        (("a", "", "b"), ("1", "x", "3"), [Problem("column 2", NO_NAME, "x", 7)]),
        (
            ("a",),
            ("1", "x", "y"),
            [Problem("column 2", NO_NAME, "x", 7), Problem("column 3", NO_NAME, "y", 7)],
        ),
        (
            ("name", "notes"),
            ("A\x00", "two\nlines"),
            [Problem("name", "contains the control character U+0000; " + MULTI, "A\\x00", 7)],
        ),
    ],
)
def test_every_cell_of_a_data_row_is_under_a_named_column_and_free_of_control_characters(
    columns: tuple[str, ...], cells: tuple[str, ...], expected: list[Problem]
) -> None:
    assert cell_problems(7, columns, cells) == expected


def test_a_column_name_is_one_line() -> None:
    assert [(p.field, p.row) for p in header_text_problems(("code", "na\x00me"))] == [
        ("na\x00me", 1)
    ]


@pytest.mark.parametrize(
    ("data_rows", "expected"),
    [(0, [Problem("file", "has a header but no data rows", row=2)]), (1, []), (5000, [])],
)
def test_a_file_without_data_rows_is_refused(data_rows: int, expected: list[Problem]) -> None:
    assert empty_file_problems(data_rows) == expected
