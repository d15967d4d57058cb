"""The risk register: inherent-risk tables (shipped defaults and saved overrides) and audits.

The defaults are data/risk/countries.yaml and data/risk/categories.yaml; an entry saved in the
application replaces the shipped one with the same key (or adds a new key) until it is removed.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from supplyesg.db.repositories import risk as repo
from supplyesg.db.repositories.audits import LatestAudit as StoredAudit
from supplyesg.db.repositories.risk import SupplierRiskRow
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditType, RiskLevel
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem, refuse_if
from supplyesg.domain.policy import Policy
from supplyesg.domain.risk import (
    DEFAULT_KEY,
    Assessment,
    FactorKind,
    InherentRiskTables,
    LatestAudit,
    RegisterRow,
    RiskFactor,
    RiskTable,
    factor_problems,
    inherent_risk,
    normalized_key,
    register_row,
)
from supplyesg.services.current_audits import current_audits
from supplyesg.services.policy_files import policy_for
from supplyesg.services.suppliers import now

DEFAULTS_DIRECTORY = Path(__file__).resolve().parents[3] / "data" / "risk"
_FILES = {FactorKind.COUNTRY: "countries.yaml", FactorKind.CATEGORY: "categories.yaml"}


@dataclass(frozen=True, slots=True)
class FactorEntry:
    """An entry of an inherent-risk table as it applies: shipped, saved, or saved over shipped."""

    kind: FactorKind
    factor: RiskFactor
    is_shipped: bool
    is_saved: bool
    changed_by: str | None = None
    changed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One supplier in the risk register, with the day its last on-site audit ended."""

    supplier: SupplierRiskRow
    row: RegisterRow
    last_on_site_on: date | None

    @property
    def latest_audit(self) -> LatestAudit | None:
        """The latest completed audit the register read."""
        return self.row.latest_audit


# -- inherent-risk tables --------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def shipped_table(kind: FactorKind, directory: Path = DEFAULTS_DIRECTORY) -> RiskTable:
    """The default table shipped in the data directory; every key medium if there is none."""
    path = directory / _FILES[kind]
    if not path.is_file():
        unknown = RiskFactor(DEFAULT_KEY, RiskLevel.MEDIUM, "no default table: not assessed yet")
        return RiskTable(kind, unknown, {})
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        default = _factor(kind, DEFAULT_KEY, loaded["default"], path.name)
        entries = {
            normalized_key(kind, str(key)): _factor(kind, str(key), value, path.name)
            for key, value in loaded["entries"].items()
        }
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise InvalidInputError(
            f"The risk table {path.name} cannot be read.", [Problem("file", str(error))]
        ) from error
    return RiskTable(kind, default, entries)


def shipped_source(kind: FactorKind) -> str:
    """Where the shipped defaults of a table come from, as the repository names the file."""
    return f"data/risk/{_FILES[kind]}"


def _factor(kind: FactorKind, key: str, value: Mapping[str, str], source: str) -> RiskFactor:
    key = normalized_key(kind, key)
    rationale = " ".join(str(value["rationale"]).split())
    problems = factor_problems(kind, key, rationale)
    if value["level"] not in set(RiskLevel):
        problems.append(Problem("level", "must be low, medium or high", value["level"]))
    refuse_if([Problem(f"{key}.{p.field}", p.reason, p.value) for p in problems], source)
    return RiskFactor(key, RiskLevel(value["level"]), rationale)


def inherent_tables(session: Session) -> InherentRiskTables:
    """The tables as they apply: the shipped defaults with the saved entries over them."""
    tables = {kind: shipped_table(kind) for kind in FactorKind}
    for saved in repo.overrides(session):
        kind = FactorKind(saved.kind)
        factor = RiskFactor(saved.key, RiskLevel(saved.level), saved.rationale)
        table = tables[kind]
        if saved.key == DEFAULT_KEY:
            tables[kind] = RiskTable(kind, factor, table.entries)
        else:
            tables[kind] = RiskTable(kind, table.default, {**table.entries, saved.key: factor})
    return InherentRiskTables(tables[FactorKind.COUNTRY], tables[FactorKind.CATEGORY])


def list_factors(db: Database, kind: FactorKind) -> list[FactorEntry]:
    """Every entry of a table as it applies, the default first, then by key."""
    shipped = shipped_table(kind)
    with db.transaction() as session:
        saved = {row.key: row for row in repo.overrides(session, str(kind))}
    entries = {DEFAULT_KEY: FactorEntry(kind, shipped.default, True, False)}
    entries.update((k, FactorEntry(kind, f, True, False)) for k, f in shipped.entries.items())
    for key, row in saved.items():
        factor = RiskFactor(key, RiskLevel(row.level), row.rationale)
        entries[key] = FactorEntry(
            kind, factor, key in entries, True, row.changed_by, row.changed_at
        )
    return sorted(entries.values(), key=lambda e: (e.factor.key != DEFAULT_KEY, e.factor.key))


def set_factor(
    db: Database, kind: FactorKind, key: str, level: RiskLevel, rationale: str, actor: str
) -> FactorEntry:
    """Save the level of a country or category (or of the default, key '*')."""
    key = normalized_key(kind, key)
    rationale = rationale.strip()
    refuse_if(factor_problems(kind, key, rationale), "The risk table entry cannot be saved.")
    shipped = shipped_table(kind)
    with db.transaction() as session:
        row = repo.save_override(session, str(kind), key, str(level), rationale, actor, now())
    is_shipped = key == DEFAULT_KEY or key in shipped.entries
    factor = RiskFactor(key, level, rationale)
    return FactorEntry(kind, factor, is_shipped, True, row.changed_by, row.changed_at)


def remove_factor(db: Database, kind: FactorKind, key: str) -> None:
    """Forget a saved entry, so that the shipped one (or the default) applies again."""
    key = normalized_key(kind, key)
    with db.transaction() as session:
        if not repo.remove_override(session, str(kind), key):
            raise NotFoundError(f"No {kind} entry {key!r} has been saved.")


# -- the register ----------------------------------------------------------------------------


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large result is built.

    A register of 100,000 suppliers allocates about a million small objects, none of them in
    a reference cycle; the collector's repeated full passes over them would cost as much CPU
    as the work itself. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def register_entries(
    session: Session, as_of: date, policy: Policy, code: str | None = None
) -> list[RegisterEntry]:
    """The register rows of every supplier (or of one), from set-based queries.

    Inherent risk depends only on the country and category, so it is assessed once per pair.
    """
    with cycle_collection_paused():
        return _register_entries(session, as_of, policy, code)


def _register_entries(
    session: Session, as_of: date, policy: Policy, code: str | None
) -> list[RegisterEntry]:
    suppliers = repo.suppliers(session, code)
    if not suppliers:
        return []
    audits = current_audits(session, as_of, policy, suppliers[0].id if code is not None else None)
    tables = inherent_tables(session)
    inherent: dict[tuple[str, str], Assessment] = {}
    entries = []
    for supplier in suppliers:
        pair = (supplier.country, supplier.category)
        if pair not in inherent:
            inherent[pair] = inherent_risk(*pair, tables.countries, tables.categories)
        found = audits.get(supplier.id)
        latest = None if found is None or found.audit is None else _latest(found.audit)
        row = register_row(supplier.code, inherent[pair], latest, as_of, policy)
        entries.append(RegisterEntry(supplier, row, found.last_on_site_on if found else None))
    return entries


_LEVELS = {str(level): level for level in RiskLevel}
_ON_SITE = frozenset(str(t) for t in AuditType if t.is_on_site)


def _latest(found: StoredAudit) -> LatestAudit:
    level = _LEVELS[found.risk_level]
    return LatestAudit(
        found.ended_on,
        level,
        found.audit_type in _ON_SITE,
        found.reference,
        found.last_audited_on or found.ended_on,
    )


def risk_register(db: Database, as_of: date, level: RiskLevel | None = None) -> list[RegisterEntry]:
    """Every supplier's inherent, latest-audit and resulting risk (of one level, if given)."""
    policy = policy_for(db, as_of)
    with db.transaction() as session:
        entries = register_entries(session, as_of, policy)
    if level is None:
        return entries
    return [e for e in entries if e.row.resulting.level is level]


def supplier_risk(db: Database, code: str, as_of: date) -> RegisterEntry:
    """One supplier's register row as of a day."""
    with db.transaction() as session:
        entries = register_entries(session, as_of, policy_for(session, as_of), code)
    if not entries:
        raise NotFoundError(f"There is no supplier with code {code!r}.")
    return entries[0]


def high_risk_codes(entries: Sequence[RegisterEntry]) -> list[str]:
    """The codes of the high-risk suppliers of a register."""
    return [e.supplier.code for e in entries if e.row.resulting.level is RiskLevel.HIGH]
