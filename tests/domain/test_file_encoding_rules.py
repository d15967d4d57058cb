"""The order and the doubt in choosing the text encoding of an imported CSV file."""

from __future__ import annotations

import pytest

from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.file_encodings import (
    EncodingGuess,
    chosen_encoding,
    encoding_by_mark,
    is_doubtful,
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xef\xbb\xbfcode", "utf-8-sig"),
        (b"\xff\xfec\x00", "utf-16"),
        (b"\xfe\xff\x00c", "utf-16"),
        (b"code", None),
        (b"\xa5x", None),
        (b"", None),
    ],
)
def test_a_byte_order_mark_names_the_encoding(head: bytes, expected: str | None) -> None:
    assert encoding_by_mark(head) == expected


@pytest.mark.parametrize(
    ("guesses", "expected"),
    [
        ([EncodingGuess("cp950", 0.044)], "cp950"),
        ([EncodingGuess("gb18030", 0.05), EncodingGuess("euc_kr", 0.075)], "gb18030"),
        ([EncodingGuess("cp932", 0.025), EncodingGuess("gb18030", 0.188)], "cp932"),
        ([EncodingGuess("euc_kr", 0.0), EncodingGuess("gb18030", 0.163)], "euc_kr"),
        # One accented letter decodes as one ideograph too, but only cp1252 reads as a language.
        ([EncodingGuess("cp932", 0.0), EncodingGuess("cp1252", 0.0, 0.62)], "cp1252"),
    ],
)
def test_the_least_messy_candidate_is_chosen_when_it_clearly_fits(
    guesses: list[EncodingGuess], expected: str
) -> None:
    assert not is_doubtful(guesses)
    assert chosen_encoding(guesses) == expected


@pytest.mark.parametrize(
    "guesses",
    [
        [],
        [EncodingGuess("cp950", 0.15)],
        [EncodingGuess("cp950", 0.01), EncodingGuess("gb18030", 0.02)],
        [EncodingGuess("cp932", 0.0), EncodingGuess("cp950", 0.0)],
        [EncodingGuess("cp1252", 0.0, 0.3), EncodingGuess("cp932", 0.0, 0.2)],
        [EncodingGuess("koi8_r", 0.0)],
    ],
    ids=["none-decodes", "too-messy", "close-rival", "tie", "coherence-close", "not-a-candidate"],
)
def test_a_doubtful_choice_is_refused_asking_for_utf8(guesses: list[EncodingGuess]) -> None:
    assert is_doubtful(guesses)
    with pytest.raises(InvalidInputError) as refused:
        chosen_encoding(guesses)
    [problem] = refused.value.problems
    assert problem.field == "file"
    assert "could not be determined with confidence" in problem.reason
    assert "save it as CSV UTF-8" in problem.reason
