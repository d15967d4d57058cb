"""The HKEX report's inputs, fetched from the ESG data services for a year and the two before.

Nothing is recalculated here: figures, ratios, emissions with their working, energy, and
intensities come from `services.ghg.year_account_in`; year-on-year changes from
`domain.intensity.change`; B5.1 and B5.2 from `services.supply_chain_kpis`; the warnings from
`services.quality` (its errors, and the values still awaiting approval, which the report
leaves out). Only approved values count, as in a published report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.frameworks import Framework
from supplyesg.domain.ghg.traces import CalculationLine, worked
from supplyesg.domain.intensity import change
from supplyesg.domain.iso_codes import COUNTRY_NAMES
from supplyesg.domain.metrics import Catalogue, Metric, Quantity, Ratio
from supplyesg.domain.organisation import EntityKind
from supplyesg.domain.quality import IssueKind, Severity
from supplyesg.domain.report_workspace import TextKind, TextState
from supplyesg.domain.targets import Accounting, Target, TargetKind
from supplyesg.reports.files import CONTENT_DIR
from supplyesg.reports.frameworks import framework
from supplyesg.reports.hkex.inputs import (
    Denominator,
    EmissionLine,
    Energy,
    EnergyCarrier,
    Entity,
    FactorStep,
    Ghg,
    GhgYear,
    HkexInputs,
    MetricLine,
    PartLine,
    SupplyChainKpis,
    TargetLine,
    TargetYear,
)
from supplyesg.reports.hkex.language import METHOD
from supplyesg.services import esg_data, publishing_checklist, quality, report_workspace, targets
from supplyesg.services.esg_organisation import (
    Organisation,
    financial_years_in,
    organisation_in,
    require_year,
)
from supplyesg.services.ghg import GHG_FIGURES, YearAccount, year_account_in
from supplyesg.services.supply_chain_kpis import SupplyChainKpis as CountedKpis
from supplyesg.services.supply_chain_kpis import supply_chain_kpis_in
from supplyesg.services.units import pretty_unit

YEARS_SHOWN = 3
HKEX = "hkex"
"""The report's key, under which its checklist acknowledgements are stored."""
GHG_TOTAL, ENERGY_TOTAL = "ghg_total", "energy_total"
GROUPS = {
    "emissions": "Air emissions and wastewater",
    "waste": "Waste",
    "energy": "Energy",
    "water": "Water",
    "packaging": "Packaging",
    "employment": "Employment",
    "safety": "Health and safety",
    "training": "Development and training",
    "products": "Product responsibility",
    "anti_corruption": "Anti-corruption",
    "community": "Community investment",
}
"""Table group headings for the catalogue's sections."""
OTHER = "other"
"""The area of the organisation's own metrics, which answer no item of the guide."""


def _group(section: str) -> str:
    if not section:
        return "Organisation's own indicators"
    return GROUPS.get(section, section.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """How the report is set up: the intensity basis and how text names its unit."""

    intensity_basis: str
    per: str


def report_settings(path: Path | None = None) -> ReportSettings:
    """The settings of data/report_content/hkex.yaml."""
    path = path or CONTENT_DIR / "hkex.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInputError(
            f"The file {path.name} cannot be read.",
            [Problem(path.name, str(error).splitlines()[0])],
        ) from error
    if not isinstance(raw, dict) or not raw.get("intensity_basis") or not raw.get("per"):
        raise InvalidInputError(
            f"The file {path.name} is not valid.",
            [Problem("intensity_basis", "and 'per' are both required", path.name)],
        )
    return ReportSettings(str(raw["intensity_basis"]), str(raw["per"]))


def hkex_inputs(
    db: Database, year: int, settings: ReportSettings | None = None, language: str = "en"
) -> HkexInputs:
    """Everything the HKEX report of a financial year shows, from the services, with the
    company's text in `language` (and which English texts have none in it yet)."""
    settings = settings or report_settings()
    with db.transaction() as session:
        fy = require_year(session, year)
        organisation = organisation_in(session)
        known = financial_years_in(session)
        years = tuple(y for y in range(year, year - YEARS_SHOWN, -1) if y == year or y in known)
        accounts = {
            y: year_account_in(session, y, approved_only=True, normaliser=settings.intensity_basis)
            for y in years
        }
        kpis = _supply_chain(supply_chain_kpis_in(session, fy))
        goals = target_lines(
            targets.target_reports_in(session, year, accounts),
            organisation,
            accounts[year].figures.catalogue,
            settings,
        )
    written = esg_data.explanations(db, year)
    issues = quality.quality_issues(db, year, accounts=accounts)
    warnings = tuple(
        issue.message
        for issue in issues
        if issue.severity is Severity.ERROR or issue.kind is IssueKind.AWAITING_APPROVAL
    )
    texts, to_review = company_text(db, year, language)
    catalogue = accounts[year].figures.catalogue
    top = organisation.entities[accounts[year].figures.entity]
    changes = {r.subject: r.text for r in written if r.kind == esg_data.ExplanationKind.CHANGE}
    omitted = {r.subject: r.text for r in written if r.kind == esg_data.ExplanationKind.OMISSION}
    english = language == "en"
    english_texts = texts if english else company_text(db, year)[0]
    return HkexInputs(
        organisation=top.name,
        year=year,
        period_start=fy.start,
        period_end=fy.end,
        years=years,
        entities=_boundary(organisation),
        metrics=metric_lines(
            catalogue, accounts, year, framework(), changes, settings.intensity_basis
        ),
        ghg=_ghg(accounts, year, organisation, catalogue),
        energy=_energy(accounts, year, catalogue),
        denominator=_denominator(catalogue, accounts, settings),
        supply_chain=kpis,
        explanations={**omitted, **texts[TextKind.OMISSION]}
        if english
        else texts[TextKind.OMISSION],
        statements=texts[TextKind.SECTION],
        data_warnings=warnings,
        sections_to_review=to_review[TextKind.SECTION],
        reasons_to_review=to_review[TextKind.OMISSION],
        quality_issues=issues,
        acknowledgements=publishing_checklist.acknowledgements(db, HKEX, year),
        language=language,
        untranslated_sections=_untranslated(
            english_texts[TextKind.SECTION], texts[TextKind.SECTION]
        ),
        untranslated_reasons=_untranslated(
            {**omitted, **english_texts[TextKind.OMISSION]}, texts[TextKind.OMISSION]
        ),
        targets=goals,
    )


def _untranslated(english: Mapping[str, str], translated: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(key for key, text in english.items() if text.strip() and key not in translated)


def company_text(
    db: Database, year: int, language: str = "en"
) -> tuple[dict[TextKind, dict[str, str]], dict[TextKind, tuple[str, ...]]]:
    """The workspace's texts of the year by kind and key, and those still to review."""
    texts: dict[TextKind, dict[str, str]] = {kind: {} for kind in TextKind}
    to_review: dict[TextKind, list[str]] = {kind: [] for kind in TextKind}
    for row in report_workspace.texts_of(db, "hkex", year, language):
        texts[TextKind(row.kind)][row.key] = row.text
        if row.state == TextState.CARRIED_OVER:
            to_review[TextKind(row.kind)].append(row.key)
    return texts, {kind: tuple(keys) for kind, keys in to_review.items()}


def _boundary(organisation: Organisation) -> tuple[Entity, ...]:
    return tuple(
        Entity(e.code, e.name, str(e.kind), COUNTRY_NAMES.get(e.country, e.country))
        for e in sorted(organisation.entities.values(), key=lambda e: e.code)
        if e.kind is not EntityKind.SITE
    )


def _unit(metric: Metric) -> str:
    """The metric's unit as tables and text show it; things counted are in the plural."""
    unit = pretty_unit(metric.unit)
    return f"{unit}s" if metric.quantity is Quantity.COUNT and unit.isalpha() else unit


def _intensity(account: YearAccount, code: str) -> tuple[Decimal, str] | None:
    found = next((i for i in account.intensities if i.metric == code), None)
    return (found.value, found.unit) if found else None


def _change_pct(values: Mapping[int, Decimal | None], year: int) -> Decimal | None:
    current, previous = values.get(year), values.get(year - 1)
    if current is None or previous is None:
        return None
    relative = change(current, previous)
    return None if relative is None else relative * 100


def _denominator(
    catalogue: Catalogue, accounts: Mapping[int, YearAccount], settings: ReportSettings
) -> Denominator | None:
    basis = catalogue.metric(settings.intensity_basis)
    if basis is None:
        return None
    values = {y: a.figures.total(basis.code) for y, a in accounts.items()}
    return Denominator(basis.title, settings.per, _unit(basis), values, basis.code)


def metric_lines(
    catalogue: Catalogue,
    accounts: Mapping[int, YearAccount],
    year: int,
    guide: Framework,
    notes: Mapping[str, str],
    basis: str = "",
) -> tuple[MetricLine, ...]:
    """A line per metric and ratio with a value in a year shown (the intensity basis has its own
    row), in catalogue order."""
    areas = _areas(catalogue, guide)
    lines = [
        _metric_line(m, accounts, year, areas, catalogue, notes.get(m.code, ""))
        for m in catalogue.metrics
        if m.code != basis and any(a.figures.total(m.code) is not None for a in accounts.values())
    ]
    lines += [
        _ratio_line(r, accounts, year, areas, catalogue)
        for r in catalogue.ratios
        if any(a.figures.ratios[r.code].total is not None for a in accounts.values())
    ]
    return tuple(lines)


def _areas(catalogue: Catalogue, guide: Framework) -> dict[str, str]:
    """The guide area (environmental, social) of each catalogue section, from its KPIs."""
    aspects = {a.code: a.area for a in guide.aspects}
    found: dict[str, str] = {}
    for metric in catalogue.metrics:
        for code in metric.kpis:
            item = guide.item(code)
            if item is not None:
                found.setdefault(metric.section, aspects[item.aspect])
    return found


def _metric_line(
    metric: Metric,
    accounts: Mapping[int, YearAccount],
    year: int,
    areas: Mapping[str, str],
    catalogue: Catalogue,
    note: str,
) -> MetricLine:
    values = {y: a.figures.total(metric.code) for y, a in accounts.items()}
    found = {y: _intensity(a, metric.code) for y, a in accounts.items()}
    units = [i[1] for i in found.values() if i is not None]
    return MetricLine(
        code=metric.code,
        name=metric.title,
        unit=_unit(metric),
        area=areas.get(metric.section, OTHER),
        group=_group(metric.section),
        kpis=metric.kpis,
        values=values,
        intensities={y: i[0] if i else None for y, i in found.items()} if units else {},
        intensity_unit=units[0] if units else "",
        change_pct=_change_pct(values, year),
        places=0 if metric.whole_numbers else 2,
        parts=_parts(metric, accounts, catalogue),
        note=note,
    )


def _parts(
    metric: Metric, accounts: Mapping[int, YearAccount], catalogue: Catalogue
) -> tuple[PartLine, ...]:
    labels: dict[str, dict[int, Decimal | None]] = {}
    for y, account in accounts.items():
        figure = account.figures.figures.get(metric.code)
        for breakdown, value in figure.parts if figure else ():
            dimension = catalogue.dimension(breakdown.dimension)
            member = dimension.member(breakdown.member) if dimension else None
            title = dimension.title if dimension else breakdown.dimension
            label = f"{title}: {member.title if member else breakdown.member}"
            labels.setdefault(label, {})[y] = value
    return tuple(PartLine(label, values) for label, values in labels.items())


def _ratio_line(
    ratio: Ratio,
    accounts: Mapping[int, YearAccount],
    year: int,
    areas: Mapping[str, str],
    catalogue: Catalogue,
) -> MetricLine:
    values = {y: a.figures.ratios[ratio.code].total for y, a in accounts.items()}
    numerator = catalogue.metric(ratio.numerator)
    section = numerator.section if numerator else ""
    return MetricLine(
        code=ratio.code,
        name=ratio.title,
        unit=ratio.unit if ratio.unit == "%" else pretty_unit(ratio.unit),
        area=areas.get(section, OTHER),
        group=_group(section),
        kpis=ratio.kpis,
        values=values,
        change_pct=_change_pct(values, year),
        numerator=ratio.numerator,
    )


def _ghg(
    accounts: Mapping[int, YearAccount], year: int, organisation: Organisation, catalogue: Catalogue
) -> Ghg | None:
    if not accounts[year].ghg.lines:
        return None
    years = []
    for y, account in accounts.items():
        ghg = account.ghg
        if ghg.lines:
            found = _intensity(account, GHG_TOTAL)
            years.append(
                GhgYear(
                    y,
                    ghg.scope1_t_co2e,
                    ghg.scope2_t_co2e,
                    ghg.total_t_co2e,
                    found[0] if found else None,
                    ghg.scope2_market_t_co2e,
                    ghg.scope2_missing,
                )
            )
    found = _intensity(accounts[year], GHG_TOTAL)
    totals = {g.year: g.total_t for g in years}
    summary = accounts[year].ghg
    return Ghg(
        years=tuple(years),
        lines=tuple(_line(line, organisation, catalogue) for line in summary.lines),
        change_pct=_change_pct(totals, year),
        intensity_unit=found[1] if found else "",
        method=METHOD.format(gwp=summary.gwp_edition, library=summary.library_version),
        gaps=tuple(str(gap) for gap in summary.gaps),
        market_lines=tuple(
            _line(line, organisation, catalogue, MARKET_SOURCES.get(line.basis, ""))
            for line in summary.market_lines
        ),
        gwp_edition=str(summary.gwp_edition),
        library_version=str(summary.library_version),
    )


MARKET_SOURCES = {
    "instrument": "contractual instrument",
    "residual_mix": "residual mix",
    "location_fallback": "location-based factor, no residual mix published",
}
"""How a market-based line names the factor it used, after the activity."""


def _line(
    line: CalculationLine, organisation: Organisation, catalogue: Catalogue, basis: str = ""
) -> EmissionLine:
    entity = organisation.entities.get(line.entity)
    metric = catalogue.metric(line.metric)
    source = metric.title if metric else line.metric
    return EmissionLine(
        scope=int(line.scope),
        entity=entity.name if entity else line.entity,
        source=f"{source}, {basis}" if basis else source,
        gas=line.gas,
        activity=line.activity,
        activity_unit=pretty_unit(line.activity_unit),
        factors=tuple(
            FactorStep(f.title or f.factor_id, f.value, f.unit, f.source) for f in line.factors
        ),
        t_co2e=line.t_co2e,
        t_per_unit=worked(Decimal(1), line.factors),
        metric=line.metric,
        note=line.note,
        basis=basis,
    )


def _energy(accounts: Mapping[int, YearAccount], year: int, catalogue: Catalogue) -> Energy | None:
    if not accounts[year].energy.lines:
        return None
    direct = {
        line.metric: line.kind.is_direct for a in accounts.values() for line in a.energy.lines
    }
    by_metric = {y: a.energy.by("metric") for y, a in accounts.items()}
    carriers = tuple(
        EnergyCarrier(
            name=metric.title,
            direct=direct[metric.code],
            mwh={y: by_metric[y].get(metric.code) for y in accounts},
            metric=metric.code,
        )
        for metric in catalogue.metrics
        if metric.code in direct
    )
    totals = {y: a.energy.total_mwh if a.energy.lines else None for y, a in accounts.items()}
    found = {y: _intensity(a, ENERGY_TOTAL) for y, a in accounts.items()}
    return Energy(
        carriers=carriers,
        total_mwh=totals,
        intensity={y: i[0] if i else None for y, i in found.items()},
        intensity_unit=next((i[1] for i in found.values() if i), ""),
        change_pct=_change_pct(totals, year),
    )


def _supply_chain(kpis: CountedKpis) -> SupplyChainKpis:
    regions = tuple((_region(r.country, r.region), r.count) for r in kpis.by_region)
    engaged = kpis.engagement
    return SupplyChainKpis(
        by_region=regions,
        total=kpis.supplier_count,
        engaged=engaged.engaged,
        audited=engaged.audited,
        trained=engaged.trained,
        under_plan=engaged.under_plan,
    )


def _region(country: str, region: str) -> str:
    name = COUNTRY_NAMES.get(country, country)
    return f"{name}, {region}" if region else name


ENERGY_TITLE = "Energy consumed"


def target_lines(
    reports: Iterable[targets.TargetReport],
    organisation: Organisation,
    catalogue: Catalogue,
    settings: ReportSettings,
) -> tuple[TargetLine, ...]:
    """The targets as the report shows them, with the progress `services.targets` measured."""
    return tuple(_target_line(r, organisation, catalogue, settings) for r in reports)


def _target_line(
    report: targets.TargetReport,
    organisation: Organisation,
    catalogue: Catalogue,
    settings: ReportSettings,
) -> TargetLine:
    target, found = report.stored.target, report.progress
    entity = organisation.entities.get(target.entity or organisation.root or "")
    base = found.base
    return TargetLine(
        title=_target_title(target, catalogue, settings),
        unit=report.unit,
        items=target.metric.items,
        boundary=entity.name if entity else target.entity,
        net=target.accounting is Accounting.NET,
        base_year=target.base_year,
        base=base.value if base else None,
        base_source="" if base is None or base.computed else base.source,
        target_year=target.target_year,
        goal=found.goal,
        description=target.description,
        owner=target.owner,
        steps=target.steps,
        reduction_pct=target.reduction_pct,
        metric=str(target.metric),
        per=settings.per if _on_basis(target, settings) else "",
        normaliser=(
            str(target.normaliser or "")
            if target.kind is TargetKind.INTENSITY and not _on_basis(target, settings)
            else ""
        ),
        group_wide=not target.entity or target.entity == organisation.root,
        years=tuple(
            TargetYear(
                year=y.year,
                value=y.value,
                path=y.path,
                change_pct=None if y.change_from_base is None else y.change_from_base * 100,
                status=str(y.status),
                gross=y.gross,
                credits_t_co2e=y.credits_t_co2e,
            )
            for y in found.years
        ),
    )


def _on_basis(target: Target, settings: ReportSettings) -> bool:
    """Whether an intensity target divides by the report's own intensity basis."""
    return target.kind is TargetKind.INTENSITY and target.normaliser == settings.intensity_basis


def _target_title(target: Target, catalogue: Catalogue, settings: ReportSettings) -> str:
    code = str(target.metric)
    metric = catalogue.metric(code)
    title = GHG_FIGURES.get(code) or (ENERGY_TITLE if code == ENERGY_TOTAL else None)
    title = title or (metric.title if metric else code)
    if target.kind is not TargetKind.INTENSITY:
        return title
    if target.normaliser == settings.intensity_basis:
        return f"{title} per {settings.per}"
    normaliser = catalogue.metric(target.normaliser)
    return f"{title} per unit of {normaliser.title.lower() if normaliser else target.normaliser}"
