"""Evidence files suppliers upload: which kinds are accepted and how large they may be.

A file is accepted when its name ends in an accepted extension AND its first bytes are those
of that kind of file, so a renamed executable or script is refused whatever it is called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from supplyesg.domain.errors import Problem

MAX_NAME_LENGTH = 200
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\\/:*?\"<>|]")


@dataclass(frozen=True, slots=True)
class FileKind:
    """An accepted kind of evidence: its media type and how its content begins."""

    media_type: str
    signatures: tuple[bytes, ...]  # empty: plain text, checked by decoding


ZIP = (b"PK\x03\x04",)
ACCEPTED: dict[str, FileKind] = {
    ".pdf": FileKind("application/pdf", (b"%PDF-",)),
    ".png": FileKind("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    ".xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".docx": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP
    ),
    ".csv": FileKind("text/csv", ()),
    ".txt": FileKind("text/plain", ()),
}
"""Documents, photos and spreadsheets: what evidence of a correction usually is."""


def extension_of(file_name: str) -> str:
    """The lower-case extension of a file name, with its dot ('' when there is none)."""
    stem, dot, extension = file_name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def kind_of(file_name: str) -> FileKind | None:
    """The accepted kind a file name claims, if any."""
    return ACCEPTED.get(extension_of(file_name))


def safe_file_name(file_name: str) -> str:
    """The name as kept and offered for download: no path, no control characters."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("_", base).strip()[:MAX_NAME_LENGTH]


def evidence_problems(file_name: str, head: bytes, size: int, max_bytes: int) -> list[Problem]:
    """Why an uploaded file is refused; empty when it is accepted.

    `head` is the start of the content (a few kilobytes are enough), `size` the whole length.
    """
    name = safe_file_name(file_name)
    kind = kind_of(name)
    if kind is None:
        accepted = ", ".join(sorted(ACCEPTED))
        return [Problem("file", f"must be one of these kinds: {accepted}", name)]
    if size == 0:
        return [Problem("file", "is empty", name)]
    if size > max_bytes:
        limit = max_bytes // (1024 * 1024)
        return [Problem("file", f"is larger than {limit} MB", name)]
    if not _content_matches(kind, head):
        return [Problem("file", f"does not contain what a {extension_of(name)} file holds", name)]
    return []


def _content_matches(kind: FileKind, head: bytes) -> bool:
    if kind.signatures:
        return head.startswith(kind.signatures)
    # Plain text in any encoding (suppliers write GB 18030 as well as UTF-8): no NUL bytes.
    return b"\x00" not in head
