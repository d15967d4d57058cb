"""Every code the pages show through the `label` filter has its words in the catalogue."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil

import supplyesg.domain
from supplyesg.web.ui.code_labels import CODE_LABELS
from supplyesg.web.ui.rendering import label


def _domain_codes() -> set[enum.StrEnum]:
    found: set[enum.StrEnum] = set()
    for info in pkgutil.walk_packages(supplyesg.domain.__path__, "supplyesg.domain."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, enum.StrEnum)
                and value.__module__ == module.__name__
            ):
                found.update(value)
    return found


def test_every_domain_code_is_listed_for_translation() -> None:
    codes = _domain_codes()
    assert len(codes) > 100
    missing = sorted({label(code) for code in codes} - set(CODE_LABELS))
    assert not missing, f"add to web/ui/code_labels.py: {missing}"


def test_a_label_is_the_code_in_words() -> None:
    assert label("plan_submitted") == "Plan submitted"
    assert "Plan submitted" in CODE_LABELS
