"""The words a report is written in: headings, column names, units, dates, by language.

English is the language the report's code is written in, so an English `Words` returns every
text as it is given. Another language reads its words from data/report_words/<language>.yaml,
keyed by the English text (as a message catalogue is), with separate tables for units, the
catalogue's metric names (by code) and the guide's item names (by code). A word the file has
not got is kept in English and remembered in `missing`, so a test can prove none is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.reports.files import DATA_DIR

ENGLISH = "en"
TRADITIONAL_CHINESE = "zh-Hant"
LANGUAGES: tuple[str, ...] = (ENGLISH, TRADITIONAL_CHINESE)
"""The languages a report is written in."""
LANGUAGE_NAMES = {ENGLISH: "English", TRADITIONAL_CHINESE: "繁體中文"}
WORDS_DIR = DATA_DIR / "report_words"
FRAMEWORK_FILE = DATA_DIR / "frameworks" / "hkex_2020.yaml"
METRICS_FILE = DATA_DIR / "metrics" / "hkex_2020.yaml"


@dataclass(frozen=True, slots=True)
class Words:
    """The words of one language; calling it translates an English text (with its fields)."""

    language: str = ENGLISH
    table: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    """Names by code: metrics and ratios of the catalogue, aspects and items of the guide."""
    missing: set[str] = field(default_factory=set, compare=False)

    @property
    def english(self) -> bool:
        """Whether the words are the report's own (English) ones."""
        return self.language == ENGLISH

    def __call__(self, text: str, **fields: Any) -> str:
        """The text in this language, its {fields} filled in."""
        found = text if self.english else self.table.get(text)
        if found is None:
            self.missing.add(text)
            found = text
        return found.format(**fields) if fields else found

    def unit(self, unit: str) -> str:
        """A unit as the language writes it ('tCO2e/vehicle' -> '噸二氧化碳當量/輛')."""
        if self.english or not unit:
            return unit
        return "/".join(self.units.get(part, part) for part in unit.split("/"))

    def name(self, code: str, english: str) -> str:
        """The name of a metric, ratio, aspect or guide item, by its code; None-safe."""
        if self.english:
            return english
        return self.names.get(code, english)

    def has_name(self, code: str) -> bool:
        """Whether the language has its own name for the code."""
        return self.english or code in self.names

    def day(self, day: date) -> str:
        """A date as the language writes it: '1 January 2025', '2025年1月1日'."""
        if self.english:
            return f"{day.day} {day:%B %Y}"
        return f"{day.year}年{day.month}月{day.day}日"

    def year_label(self, year: int) -> str:
        """How a financial year is named: 'FY2025', '2025財政年度'."""
        return f"FY{year}" if self.english else self("FY{year}", year=year)


EN = Words()
"""The report's own words."""


def language_problems(language: str) -> list[Problem]:
    """Why a language is not one the report is written in."""
    if language in LANGUAGES:
        return []
    return [Problem("lang", f"must be one of {', '.join(LANGUAGES)}", language)]


def require_language(language: str) -> None:
    """Refuse a language the report is not written in (a 422 naming the languages there are)."""
    problems = language_problems(language)
    if problems:
        raise InvalidInputError("The report is not written in that language.", problems)


@cache
def words(language: str = ENGLISH) -> Words:
    """The words of a language (read once per process)."""
    require_language(language)
    if language == ENGLISH:
        return EN
    path = WORDS_DIR / f"{language}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInputError(
            f"The file {path.name} cannot be read.",
            [Problem(path.name, str(error).splitlines()[0])],
        ) from error
    names = {**_names_in(FRAMEWORK_FILE, language), **_names_in(METRICS_FILE, language)}
    return Words(
        language,
        _strings(raw, "words"),
        _strings(raw, "units"),
        {**names, **_strings(raw, "names")},
    )


def _names_in(path: Path, language: str) -> dict[str, str]:
    """The names in a language that a data file gives its entries ('zh-Hant: 排放物')."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    lists = (raw.get(key) or () for key in ("aspects", "items", "metrics", "ratios"))
    return {
        str(entry["code"]): str(entry[language])
        for entries in lists
        for entry in entries
        if isinstance(entry, dict) and entry.get(language)
    }


def _strings(raw: Any, key: str) -> dict[str, str]:
    found = raw.get(key) if isinstance(raw, dict) else None
    return {str(k): str(v) for k, v in (found or {}).items()}
