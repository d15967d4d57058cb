"""Every text the pages and the code mark for translation has its Traditional Chinese."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src/supplyesg/locale/zh_Hant/LC_MESSAGES/messages.po"
KEYWORDS = {"_": None, "gettext": None, "translate": None, "N_": None, "ngettext": (1, 2)}
METHODS = [
    ("src/supplyesg/**.py", "python"),
    ("src/supplyesg/web/templates/**.html", "jinja2"),
]
OPTIONS = {"src/supplyesg/web/templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}}


def _marked_texts() -> set[str]:
    found = extract_from_dir(ROOT, METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True)
    texts: set[str] = set()
    for _file, _line, message, _comments, _context in found:
        first = message[0] if isinstance(message, tuple) else message
        if first:
            texts.add(first)
    return texts


def test_every_marked_text_has_its_traditional_chinese() -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and (m.string if isinstance(m.string, str) else any(m.string))
    }
    missing = sorted(_marked_texts() - translated)
    assert missing == [], f"{len(missing)} texts lack zh-Hant in {CATALOGUE.name}: {missing[:10]}"
