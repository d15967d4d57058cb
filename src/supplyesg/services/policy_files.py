"""Editions of the programme policy, read from the YAML files under data/policy/.

Each file holds every setting of `domain.policy.Policy`; `policy_for(day)` gives the edition in
force on a day. Without a policy directory (an installed package), the built-in edition, whose
values are the manual's, is the only one.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from supplyesg.domain.errors import DomainError, InvalidInputError, Problem, refuse_if
from supplyesg.domain.policy import Policy, policy_fields, policy_in_force, policy_problems

POLICY_DIRECTORY = Path(__file__).resolve().parents[3] / "data" / "policy"
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
    return parse_policy(loaded, path.name)


def parse_policy(settings: Mapping[object, object], source: str) -> Policy:
    """A policy edition from a mapping of setting names to values."""
    problems = [
        Problem(str(name), "is not a policy setting")
        for name in settings
        if name not in policy_fields()
    ]
    values: dict[str, object] = {}
    for name in policy_fields():
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
def policy_editions(directory: Path = POLICY_DIRECTORY) -> tuple[Policy, ...]:
    """Every edition in the directory (the built-in one when there is no directory)."""
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


def policy_for(day: date, directory: Path = POLICY_DIRECTORY) -> Policy:
    """The policy edition in force on a day."""
    policy = policy_in_force(policy_editions(directory), day)
    if policy is None:
        raise DomainError(
            f"No policy edition is in force on {day}.",
            [Problem("date", "is before the first policy edition took effect", day)],
        )
    return policy


def policy_by_version(version: str, directory: Path = POLICY_DIRECTORY) -> Policy:
    """The policy edition with this version."""
    for policy in policy_editions(directory):
        if policy.version == version:
            return policy
    raise InvalidInputError(
        f"There is no policy edition {version!r}.", [Problem("policy", "unknown edition", version)]
    )
