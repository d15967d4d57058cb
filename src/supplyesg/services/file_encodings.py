"""The text encoding of a CSV file, found in the order `domain.file_encodings` lays down.

This module reads the bytes and asks charset-normalizer how each candidate decodes them; the
domain decides which one counts, or that the file is refused.
"""

from __future__ import annotations

import codecs
from typing import IO

from charset_normalizer import from_bytes

from supplyesg.domain.file_encodings import (
    CANDIDATES,
    EncodingGuess,
    chosen_encoding,
    encoding_by_mark,
)

_CHUNK = 1 << 20
SAMPLE_BYTES = 1 << 20
"""How much of a file that is not UTF-8 the detector reads (up to its last line break)."""


def csv_encoding(binary: IO[bytes]) -> str:
    """The codec to read a CSV in; the file is left where it was. InvalidInputError if doubtful."""
    start = binary.tell()
    try:
        encoding = encoding_by_mark(binary.read(4))
        if encoding is None:
            binary.seek(start)
            encoding = "utf-8" if _is_utf8(binary) else None
        if encoding is None:
            binary.seek(start)
            encoding = chosen_encoding(guesses(_sample(binary)))
    finally:
        binary.seek(start)
    return encoding


def guesses(sample: bytes) -> list[EncodingGuess]:
    """Each candidate encoding that decodes the sample, with how messy its text looks."""
    return [
        EncodingGuess(match.encoding, match.chaos, match.coherence)
        for match in from_bytes(sample, cp_isolation=list(CANDIDATES))
    ]


def _is_utf8(binary: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := binary.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sample(binary: IO[bytes]) -> bytes:
    """The start of the file, cut after a line break so that no character is cut in two
    (a line feed byte is never part of a character in the candidate encodings)."""
    sample = binary.read(SAMPLE_BYTES)
    if binary.read(1):
        cut = sample.rfind(b"\n")
        sample = sample[: cut + 1] if cut > 0 else sample
    return sample
