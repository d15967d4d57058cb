"""The HKEX report's inputs in the words of another language: metric names, units, groups.

The figures are the same in every language; only what names them changes. Metric and guide
names come from their data files (`zh-Hant:` beside each title), the other words from
data/report_words/<language>.yaml. A company text that exists only in English (the explanation
of a change of a figure) is not printed in another language: it is listed instead, so the
report never mixes English into the other language's text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from supplyesg.domain.errors import Problem
from supplyesg.reports.hkex.inputs import (
    Denominator,
    EmissionLine,
    Energy,
    Entity,
    Ghg,
    HkexInputs,
    MetricLine,
    PartLine,
    SupplyChainKpis,
    TargetLine,
)
from supplyesg.reports.words import Words

METHOD = (
    "GHG Protocol Corporate Standard, operational control; Scope 2 location-based, and "
    "market-based beside it (GHG Protocol Scope 2 Guidance: contractual instruments at their "
    "factor, the rest at the residual mix, else the location-based factor); "
    "global warming potentials of IPCC {gwp}; factor library {library}."
)
"""The GHG method note (the English one is written by `gather.py` in the same words)."""


def localised(inputs: HkexInputs, w: Words) -> tuple[HkexInputs, list[Problem]]:
    """The inputs named in the words of `w`, and the English-only texts left out."""
    if w.english:
        return inputs, []
    left_out = (
        [
            Problem(
                w.name(line.code, line.name),
                "the explanation of its change is written in English only (not translated yet)",
                line.code,
            )
            for line in inputs.metrics
            if line.note
        ]
        + [
            Problem(line.name, f"has no name in {w.language} (not translated yet)", line.code)
            for line in inputs.metrics
            if not w.has_name(line.code)
        ]
        + [
            Problem(
                target.title,
                "the target's description, owner and steps are written in English only "
                "(not translated yet)",
                f"target/{target.metric}/{target.target_year}",
            )
            for target in inputs.targets
            if target.description or target.owner or target.steps
        ]
    )
    translated = replace(
        inputs,
        metrics=tuple(_line(line, w) for line in inputs.metrics),
        ghg=_ghg(inputs.ghg, w) if inputs.ghg else None,
        energy=_energy(inputs.energy, w) if inputs.energy else None,
        denominator=_denominator(inputs.denominator, w) if inputs.denominator else None,
        supply_chain=_suppliers(inputs.supply_chain, w) if inputs.supply_chain else None,
        entities=tuple(_entity(e, w) for e in inputs.entities),
        targets=tuple(_target(t, w) for t in inputs.targets),
    )
    return translated, left_out


def _line(line: MetricLine, w: Words) -> MetricLine:
    return replace(
        line,
        name=w.name(line.code, line.name),
        unit=w.unit(line.unit),
        intensity_unit=w.unit(line.intensity_unit),
        group=w(line.group),
        parts=tuple(PartLine(_part(p.label, w), p.values) for p in line.parts),
        note="",
    )


def _target(target: TargetLine, w: Words) -> TargetLine:
    """A target named in the words of `w`; the company's English words of it are left out."""
    cleared = replace(target, unit=w.unit(target.unit), description="", owner="", steps="")
    if not w.has_name(target.metric):
        return cleared
    title = w.name(target.metric, target.title)
    if target.per:
        title = w("{title} per {per}", title=title, per=w(target.per))
    elif target.normaliser:
        basis = w.name(target.normaliser, target.normaliser)
        title = w("{title} per unit of {basis}", title=title, basis=basis)
    return replace(cleared, title=title)


def _part(label: str, w: Words) -> str:
    """'Gender: Female' -> '性別：女性'."""
    dimension, _, member = label.partition(": ")
    return f"{w(dimension)}：{w(member)}" if member else w(label)


def _ghg(ghg: Ghg, w: Words) -> Ghg:
    method = w(METHOD, gwp=ghg.gwp_edition, library=ghg.library_version) if ghg.method else ""
    return replace(
        ghg,
        intensity_unit=w.unit(ghg.intensity_unit),
        method=method,
        lines=tuple(_emission(line, w) for line in ghg.lines),
        market_lines=tuple(_emission(line, w) for line in ghg.market_lines),
    )


def _emission(line: EmissionLine, w: Words) -> EmissionLine:
    title = line.source.removesuffix(f", {line.basis}") if line.basis else line.source
    source = w.name(line.metric, title) if line.metric else title
    if line.basis:
        source = f"{source}，{w(line.basis)}"
    factors = tuple(replace(f, title=factor_title(f.title, w)) for f in line.factors)
    return replace(line, source=source, activity_unit=w.unit(line.activity_unit), factors=factors)


_FACTOR_TITLES = (
    (
        re.compile(r"^(?P<gas>CO2|CH4|N2O) from (?P<fuel>.+?)(?P<note> \(.*\))?$"),
        "{gas} from {fuel}",
    ),
    (re.compile(r"^GWP of (?P<gas>.+?)(?P<note> \(.*\))?$"), "GWP of {gas}"),
    (
        re.compile(r"^Net calorific value of (?P<fuel>.+?)(?P<note> \(.*\))?$"),
        "Net calorific value of {fuel}",
    ),
    (re.compile(r"^(?P<grid>.+ grid average) (?P<year>\d{4})$"), "{grid} {year}"),
)
"""How the factor library names its factors, for the names in another language."""


def factor_title(title: str, w: Words) -> str:
    """A factor's name in the words of `w` where its parts are known ('CO2 from gas/diesel oil'
    -> '柴油的二氧化碳排放系數'); otherwise the library's own name (a citation) as written."""
    if title in w.table:
        return w.table[title]
    for pattern, words in _FACTOR_TITLES:
        found = pattern.match(title)
        if found is None or words not in w.table:
            continue
        parts = {k: v for k, v in found.groupdict().items() if k != "note" and v is not None}
        if not all(v.isdigit() or v in w.table for v in parts.values()):
            continue
        named = w.table[words].format(**{k: w.table.get(v, v) for k, v in parts.items()})
        note = (found.groupdict().get("note") or "").strip()
        return f"{named}{_note(note, w)}"
    return title


def _note(note: str, w: Words) -> str:
    if not note:
        return ""
    inner = note[1:-1]
    head, colon, tail = inner.partition(": ")
    return f"（{w.table.get(head, head)}{'：' if colon else ''}{tail}）"


def _energy(energy: Energy, w: Words) -> Energy:
    carriers = tuple(
        replace(c, name=w.name(c.metric, c.name) if c.metric else c.name) for c in energy.carriers
    )
    return replace(energy, carriers=carriers, intensity_unit=w.unit(energy.intensity_unit))


def _denominator(basis: Denominator, w: Words) -> Denominator:
    title = w.name(basis.metric, basis.title) if basis.metric else basis.title
    return replace(basis, title=title, per=w(basis.per), unit=w.unit(basis.unit))


def _suppliers(kpis: SupplyChainKpis, w: Words) -> SupplyChainKpis:
    regions = tuple((_place(region, w), count) for region, count in kpis.by_region)
    return replace(kpis, by_region=regions)


def _place(name: str, w: Words) -> str:
    """A country (and the region the company named within it): 'China, Guangdong'."""
    country, _, region = name.partition(", ")
    shown = w.table.get(country, country)
    return f"{shown}（{region}）" if region else shown


def _entity(entity: Entity, w: Words) -> Entity:
    return replace(entity, kind=w(entity.kind), country=w.table.get(entity.country, entity.country))
