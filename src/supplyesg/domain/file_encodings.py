"""Which text encoding an imported CSV file is read in, or that it cannot be told with confidence.

The order, for every CSV import (suppliers, ESG values, audits, scores, codes of conduct):

1. a byte-order mark says it: UTF-8, UTF-16 little-endian or UTF-16 big-endian;
2. a file that is valid UTF-8 throughout is UTF-8;
3. otherwise a detector measures, for each of `CANDIDATES`, how much of the decoded text looks
   like garbage (its "mess", 0 to 1) and how much it reads like a language; the least messy
   candidate is chosen, unless the choice is doubtful (`is_doubtful`): then the file is refused
   and its sender asked to save it as UTF-8.

A wrong guess would store every name of the file as garbage without a word, so a doubt refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from supplyesg.domain.errors import InvalidInputError, Problem

BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
"""The marks that name an encoding, checked in this order (the utf-16 codec reads the mark)."""

CANDIDATES = ("cp950", "gb18030", "cp932", "euc_kr", "cp1252")
"""The encodings Excel saves a CSV in on Windows set to a language, when not UTF-8: Traditional
Chinese (cp950, Microsoft's Big5), Simplified Chinese (GB18030), Japanese (cp932, Microsoft's
Shift-JIS), Korean (EUC-KR) and Western European (cp1252)."""

MAX_MESS = 0.1
"""The most of the decoded text that may look like garbage for an encoding to be trusted."""

MIN_LEAD = 0.02
"""How much less messy the chosen encoding must be than any other candidate that fits..."""

MIN_COHERENCE_LEAD = 0.2
"""...unless its text reads that much more like a language (its letters' frequencies): a
Western file with one accented letter decodes, as messless, into one ideograph in the Asian
candidates too, but only cp1252 gives French."""


@dataclass(frozen=True, slots=True)
class EncodingGuess:
    """A candidate encoding that decodes the file: the share of its text that looks wrong, and
    how much the text reads like a language (0 to 1; 0 where the detector cannot say)."""

    encoding: str
    mess: float
    coherence: float = 0.0


def encoding_by_mark(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of the file names, if it has one."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            return encoding
    return None


def _fitting(guesses: Sequence[EncodingGuess]) -> list[EncodingGuess]:
    """The candidates clean enough to trust, least messy (then most coherent) first."""
    return sorted(
        (g for g in guesses if g.encoding in CANDIDATES and g.mess <= MAX_MESS),
        key=lambda g: (g.mess, -g.coherence),
    )


def is_doubtful(guesses: Sequence[EncodingGuess]) -> bool:
    """Whether no candidate decodes the file cleanly, or another fits it almost as well."""
    fitting = _fitting(guesses)
    if not fitting:
        return True
    best = fitting[0]
    return any(
        rival.encoding != best.encoding
        and rival.mess - best.mess < MIN_LEAD
        and best.coherence - rival.coherence < MIN_COHERENCE_LEAD
        for rival in fitting[1:]
    )


def chosen_encoding(guesses: Sequence[EncodingGuess]) -> str:
    """The candidate encoding that fits best; InvalidInputError (field "file") when doubtful."""
    if is_doubtful(guesses):
        raise InvalidInputError(
            "The file's text encoding could not be determined with confidence; "
            "save it as CSV UTF-8 and import it again.",
            [
                Problem(
                    "file",
                    "its text encoding could not be determined with confidence "
                    "(not UTF-8, nor clearly one of " + ", ".join(CANDIDATES) + "); "
                    "save it as CSV UTF-8",
                )
            ],
        )
    return _fitting(guesses)[0].encoding
