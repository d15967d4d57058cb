"""Reporting frameworks and the content index: which part of a report answers each item.

A framework (the HKEX ESG Reporting Guide, say) is a list of disclosure items. A report must
answer every item in one of its sections or explain why it leaves the item out; a mandatory
item cannot be explained away, and a quantitative item only counts as answered when the report
holds figures for it (a paragraph about water is no answer to "water consumed, in m3").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from supplyesg.domain.errors import Problem


class ItemKind(StrEnum):
    """What sort of requirement an item is."""

    MANDATORY_DISCLOSURE = "mandatory_disclosure"
    GENERAL_DISCLOSURE = "general_disclosure"
    KPI = "kpi"
    CLIMATE_DISCLOSURE = "climate_disclosure"


class Level(StrEnum):
    """How strongly the framework asks for an item."""

    MANDATORY = "mandatory"
    COMPLY_OR_EXPLAIN = "comply_or_explain"
    RECOMMENDED = "recommended"


class Coverage(StrEnum):
    """How a report deals with an item."""

    ANSWERED = "answered"
    EXPLAINED = "explained"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Area:
    """A subject area of a framework (environmental, social, ...)."""

    code: str
    title: str


@dataclass(frozen=True, slots=True)
class Aspect:
    """A group of items on one subject (A1 Emissions, B5 Supply chain management, ...)."""

    code: str
    area: str
    title: str


@dataclass(frozen=True, slots=True)
class DisclosureItem:
    """One thing the framework asks a report to disclose."""

    code: str
    aspect: str
    kind: ItemKind
    level: Level
    title: str
    summary: str
    quantitative: bool = False
    unit: str | None = None
    breakdowns: tuple[str, ...] = ()

    @property
    def may_be_explained(self) -> bool:
        """Whether the report may leave the item out if it says why."""
        return self.level is not Level.MANDATORY


@dataclass(frozen=True, slots=True)
class Framework:
    """A reporting framework: its areas, aspects and items, in the framework's order."""

    code: str
    title: str
    wording: str
    areas: tuple[Area, ...]
    aspects: tuple[Aspect, ...]
    items: tuple[DisclosureItem, ...]
    _by_code: dict[str, DisclosureItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {item.code: item for item in self.items})

    def item(self, code: str) -> DisclosureItem | None:
        """The item with this code, if the framework has one."""
        return self._by_code.get(code)

    def items_of(self, aspect: str) -> tuple[DisclosureItem, ...]:
        """The items of one aspect."""
        return tuple(item for item in self.items if item.aspect == aspect)

    def aspects_of(self, area: str) -> tuple[Aspect, ...]:
        """The aspects of one area."""
        return tuple(aspect for aspect in self.aspects if aspect.area == area)


def framework_problems(framework: Framework) -> list[Problem]:
    """What makes a framework definition unusable: duplicate codes, unknown areas or aspects."""
    found: list[Problem] = []
    for kind, codes in (
        ("areas", [a.code for a in framework.areas]),
        ("aspects", [a.code for a in framework.aspects]),
        ("items", [i.code for i in framework.items]),
    ):
        found += [
            Problem(f"{kind}.code", "is used more than once", code)
            for code, count in Counter(codes).items()
            if count > 1
        ]
    areas = {area.code for area in framework.areas}
    found += [
        Problem(f"aspects.{a.code}.area", "is not an area of the framework", a.area)
        for a in framework.aspects
        if a.area not in areas
    ]
    aspects = {aspect.code for aspect in framework.aspects}
    found += [
        Problem(f"items.{i.code}.aspect", "is not an aspect of the framework", i.aspect)
        for i in framework.items
        if i.aspect not in aspects
    ]
    found += [
        Problem(f"items.{i.code}.summary", "is required", i.summary)
        for i in framework.items
        if not i.summary.strip() or not i.title.strip()
    ]
    return found


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One line of a content index: an item and the sections answering it, or why it is left out."""

    item: DisclosureItem
    sections: tuple[str, ...] = ()
    explanation: str | None = None

    @property
    def coverage(self) -> Coverage:
        """Whether the item is answered, explained, or neither."""
        if self.sections:
            return Coverage.ANSWERED
        if self.explanation:
            return Coverage.EXPLAINED
        return Coverage.MISSING


def answering_sections(
    item: DisclosureItem, claims: Sequence[str], has_figures: bool
) -> tuple[str, ...]:
    """The sections that really answer an item: a quantitative item needs figures too."""
    if item.quantitative and not has_figures:
        return ()
    return tuple(dict.fromkeys(claims))


def content_index(
    framework: Framework,
    claims: Mapping[str, Sequence[str]],
    with_figures: Collection[str],
    explanations: Mapping[str, str],
) -> tuple[IndexEntry, ...]:
    """Every item of the framework, in order, with what answers it.

    `claims` maps item codes to the sections that set out to answer them, `with_figures` holds
    the codes the report has figures for, and `explanations` says why an item may be left out.
    An explanation only shows when no section answers the item, and never for a mandatory item.
    """
    entries = []
    for item in framework.items:
        sections = answering_sections(item, claims.get(item.code, ()), item.code in with_figures)
        explanation = explanations.get(item.code, "").strip() or None
        if sections or not item.may_be_explained:
            explanation = None
        entries.append(IndexEntry(item, sections, explanation))
    return tuple(entries)


def content_index_problems(
    framework: Framework,
    claims: Mapping[str, Sequence[str]],
    explanations: Mapping[str, str],
    entries: Iterable[IndexEntry],
) -> list[Problem]:
    """What keeps a content index from being complete, item by item."""
    found = [
        Problem(f"claims.{code}", "is not an item of the framework", code)
        for code in claims
        if framework.item(code) is None
    ]
    found += [
        Problem(f"explanations.{code}", "is not an item of the framework", code)
        for code in explanations
        if framework.item(code) is None
    ]
    for entry in entries:
        if entry.coverage is Coverage.MISSING:
            found.append(Problem(entry.item.code, _missing_reason(entry.item), entry.item.title))
    return found


def _missing_reason(item: DisclosureItem) -> str:
    if not item.may_be_explained:
        return "is mandatory and no section of the report answers it"
    if item.quantitative:
        return "has no figures for the year and no explanation for leaving it out"
    return "is neither answered by a section nor explained"
