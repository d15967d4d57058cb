from __future__ import annotations

import pytest

from supplyesg.domain.evidence import evidence_problems, extension_of, safe_file_name

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "head", "size", "reason"),
    [
        ("audit.pdf", b"%PDF-1.7", 1000, None),
        ("Photo.JPG", b"\xff\xd8\xff\xe0", 1000, None),
        ("plan.xlsx", b"PK\x03\x04", 1000, None),
        ("notes.csv", "供应商,整改".encode("gb18030"), 1000, None),
        ("notes.txt", b"MZ\x00\x00", 1000, "does not contain what a .txt file holds"),
        (
            "setup.exe",
            b"MZ",
            1000,
            "must be one of these kinds: .csv, .docx, .jpeg, .jpg, .pdf, .png, .txt, .xlsx",
        ),
        ("noextension", b"%PDF-", 1000, "must be one of these kinds"),
        (".pdf", b"%PDF-", 1000, "must be one of these kinds"),
        ("fake.pdf", b"<html>", 1000, "does not contain what a .pdf file holds"),
        ("image.png", b"GIF89a", 1000, "does not contain what a .png file holds"),
        ("empty.pdf", b"", 0, "is empty"),
        ("big.pdf", b"%PDF-", 20 * MB + 1, "is larger than 20 MB"),
        ("edge.pdf", b"%PDF-", 20 * MB, None),
    ],
)
def test_evidence_must_be_an_accepted_kind_within_the_size_limit(
    name: str, head: bytes, size: int, reason: str | None
) -> None:
    problems = evidence_problems(name, head, size, 20 * MB)
    if reason is None:
        assert problems == []
    else:
        [problem] = problems
        assert problem.field == "file"
        assert problem.reason.startswith(reason)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\li\\report.pdf", "report.pdf"),
        ('a"b<c>.pdf', "a_b_c_.pdf"),
        ("line\nbreak.pdf", "line_break.pdf"),
    ],
)
def test_a_kept_file_name_has_no_path_and_no_control_characters(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


@pytest.mark.parametrize(("name", "extension"), [("a.PDF", ".pdf"), ("a.tar.gz", ".gz"), ("a", "")])
def test_the_extension_is_the_lower_case_last_suffix(name: str, extension: str) -> None:
    assert extension_of(name) == extension
