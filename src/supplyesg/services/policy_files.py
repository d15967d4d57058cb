"""Editions of the programme policy: the shipped YAML files under data/policy/, then the
editions added in the database (table `policy_edition`), read by the same rule.

Each file holds every setting of `domain.policy.Policy`; a stored edition holds the same mapping
as JSON text. `policy_for(source, day)` gives the edition in force on a day, where the source is
an open session or a database. The editions are read once per session (kept in `session.info`),
so rating every supplier or importing many audits in one transaction reads them once; adding or
withdrawing an edition forgets them (`forget_editions`). Without a policy directory (an installed
package), the built-in edition, whose values are the manual's, is the only shipped one.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from supplyesg.db.models import PolicyEditionRow
from supplyesg.db.repositories import policy as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem, refuse_if
from supplyesg.domain.policy import (
    LATER_FIELDS,
    Policy,
    policy_fields,
    policy_in_force,
    policy_problems,
)

EditionSource = Session | Database
"""Where editions are read: an open session, or a database (read in a transaction of its own)."""

POLICY_DIRECTORY = Path(__file__).resolve().parents[3] / "data" / "policy"
_CACHE_KEY = "supplyesg.policy_editions"
_DECIMALS = frozenset(
    {
        "low_risk_min_score",
        "medium_risk_min_score",
        "minor_credit",
        "major_credit",
        "min_esg_weight",
    }
)


def read_policy(path: Path) -> Policy:
    """The policy edition in a YAML file; every setting must be given and valid."""
    return parse_policy(read_settings(path), path.name)


def read_settings(path: Path) -> Mapping[Any, object]:
    """The mapping of settings in a YAML policy file, not checked yet."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InvalidInputError(
            f"The policy file {path.name} cannot be read.", [Problem("file", str(error))]
        ) from error
    if not isinstance(loaded, Mapping):
        raise InvalidInputError(
            f"The policy file {path.name} is not a mapping of settings.",
            [Problem("file", "must map each setting to its value")],
        )
    return loaded


def parse_policy(settings: Mapping[Any, object], source: str) -> Policy:
    """A policy edition from a mapping of setting names to values."""
    problems = [
        Problem(str(name), "is not a policy setting")
        for name in settings
        if name not in policy_fields()
    ]
    values: dict[str, object] = {}
    for name in policy_fields():
        if name not in settings and name in LATER_FIELDS:
            continue  # added after the first editions: the default applies
        if name not in settings:
            problems.append(Problem(name, "is missing"))
            continue
        value, problem = _typed(name, settings[name])
        if problem is not None:
            problems.append(problem)
        values[name] = value
    refuse_if(problems, f"The policy in {source} is not valid.")
    policy = Policy(**values)  # type: ignore[arg-type]
    refuse_if(policy_problems(policy), f"The policy in {source} is not valid.")
    return policy


def _typed(name: str, raw: object) -> tuple[object, Problem | None]:
    if name == "version":
        return str(raw), None
    if name == "effective_from":
        if isinstance(raw, date):
            return raw, None
        try:
            return date.fromisoformat(str(raw)), None
        except ValueError:
            return raw, Problem(name, "must be a date such as 2026-01-01", raw)
    if name in _DECIMALS:
        try:
            if isinstance(raw, bool):
                raise InvalidOperation
            return Decimal(str(raw)), None
        except InvalidOperation:
            return raw, Problem(name, "must be a decimal number", raw)
    return raw, None


@functools.lru_cache(maxsize=8)
def shipped_editions(directory: Path = POLICY_DIRECTORY) -> tuple[Policy, ...]:
    """Every edition shipped in the directory (the built-in one when there is no directory)."""
    if not directory.is_dir():
        return (Policy(),)
    editions = tuple(read_policy(path) for path in sorted(directory.glob("*.yaml")))
    versions = [p.version for p in editions]
    duplicates = sorted({v for v in versions if versions.count(v) > 1})
    refuse_if(
        [Problem("version", "used by more than one policy file", v) for v in duplicates],
        "The policy editions clash.",
    )
    return editions or (Policy(),)


def policy_editions(
    source: EditionSource, directory: Path = POLICY_DIRECTORY
) -> tuple[Policy, ...]:
    """Every edition: the shipped ones, then those stored in the database, by start date."""
    if isinstance(source, Database):
        with source.transaction() as session:
            return policy_editions(session, directory)
    cached: dict[Path, tuple[Policy, ...]] = source.info.setdefault(_CACHE_KEY, {})
    if directory not in cached:
        stored = tuple(stored_edition(row) for row in repo.editions(source))
        cached[directory] = tuple(
            sorted(shipped_editions(directory) + stored, key=lambda p: p.effective_from)
        )
    return cached[directory]


def forget_editions(session: Session) -> None:
    """Read the editions again on next use (after one was added or withdrawn)."""
    session.info.pop(_CACHE_KEY, None)


def policy_for(source: EditionSource, day: date, directory: Path = POLICY_DIRECTORY) -> Policy:
    """The policy edition in force on a day."""
    return edition_on(policy_editions(source, directory), day)


def edition_on(editions: tuple[Policy, ...], day: date) -> Policy:
    """The edition of these in force on a day (read them once, pick many times)."""
    policy = policy_in_force(editions, day)
    if policy is None:
        raise DomainError(
            f"No policy edition is in force on {day}.",
            [Problem("date", "is before the first policy edition took effect", day)],
        )
    return policy


def shipped_policy_for(day: date, directory: Path = POLICY_DIRECTORY) -> Policy:
    """The shipped edition in force on a day, for callers with no database at hand."""
    return policy_in_force(shipped_editions(directory), day) or min(
        shipped_editions(directory), key=lambda p: p.effective_from
    )


def policy_by_version(
    source: EditionSource, version: str, directory: Path = POLICY_DIRECTORY
) -> Policy:
    """The policy edition with this version."""
    for policy in policy_editions(source, directory):
        if policy.version == version:
            return policy
    raise InvalidInputError(
        f"There is no policy edition {version!r}.", [Problem("policy", "unknown edition", version)]
    )


def stored_settings(policy: Policy) -> str:
    """The settings of an edition besides version and start date, as a stored row keeps them."""
    return json.dumps(
        {
            name: _plain(getattr(policy, name))
            for name in policy_fields()
            if name not in ("version", "effective_from")
        }
    )


def settings_mapping(policy: Policy) -> dict[str, object]:
    """Every setting of an edition as a policy file writes it (decimals and dates as text)."""
    return {name: _plain(getattr(policy, name)) for name in policy_fields()}


def stored_edition(row: PolicyEditionRow) -> Policy:
    """The edition a stored row holds, checked by the same rule as a policy file."""
    try:
        settings = json.loads(row.settings)
    except ValueError as error:
        raise InvalidInputError(
            f"The stored policy edition {row.version} cannot be read.",
            [Problem("settings", str(error))],
        ) from error
    if not isinstance(settings, Mapping):
        settings = {}
    source = f"edition {row.version}"
    return parse_policy(
        {**settings, "version": row.version, "effective_from": row.effective_from}, source
    )


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value
