"""A code of conduct as a file: YAML (data/conduct/), or a CSV/XLSX sheet of requirements.

The sheet has one row per requirement with the columns of COLUMNS; the version, title and
effective date are repeated on each row, so one sheet holds the whole code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

import yaml

from supplyesg.domain.conduct import CodeOfConduct, Pillar, Requirement, code_problems
from supplyesg.domain.errors import InvalidInputError, Problem, refuse_if
from supplyesg.services import tabular

DEFAULT_CODE = Path(__file__).resolve().parents[3] / "data" / "conduct" / "default-2026.yaml"
COLUMNS = ("version", "title", "effective_from", "id", "pillar", "text", "weight", "zero_tolerance")
_HEADER = ("version", "title", "effective_from")
_REQUIREMENT_KEYS = frozenset({"id", "pillar", "text", "weight", "zero_tolerance"})
_TRUE, _FALSE = frozenset({"true", "yes", "y", "1", "x"}), frozenset({"false", "no", "n", "0", ""})
REFUSED = "The code of conduct cannot be imported."


def read_code(source: Path | bytes, file_name: str) -> CodeOfConduct:
    """The code of conduct in a .yaml, .csv or .xlsx file; every problem is listed at once."""
    if file_name.lower().endswith((".yaml", ".yml")):
        data = source.read_bytes() if isinstance(source, Path) else source
        return _from_yaml(data)
    table = tabular.read_table(source, tabular.format_of(file_name))
    tabular.require_columns(table, (c for c in COLUMNS if c != "zero_tolerance"), REFUSED)
    return _from_rows(list(table))


def write_code(code: CodeOfConduct, target: Path | BinaryIO, fmt: str) -> None:
    """Write the code as a CSV or XLSX sheet that read_code reads back."""
    rows = (
        (
            code.version,
            code.title,
            code.effective_from.isoformat(),
            r.id,
            r.pillar.value,
            r.text,
            r.weight,
            "true" if r.zero_tolerance else "false",
        )
        for r in code.requirements
    )
    tabular.write_table(target, fmt, COLUMNS, rows, sheet_name="code of conduct")


def _from_yaml(data: bytes) -> CodeOfConduct:
    try:
        loaded = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise InvalidInputError(REFUSED, [Problem("file", f"not YAML: {error}")]) from error
    if not isinstance(loaded, Mapping) or not isinstance(loaded.get("requirements"), list):
        raise InvalidInputError(
            REFUSED, [Problem("file", "must map version, title, effective_from and requirements")]
        )
    problems: list[Problem] = []
    requirements = []
    for row, item in enumerate(loaded["requirements"], start=1):
        if not isinstance(item, Mapping):
            problems.append(Problem("requirements", "each requirement is a mapping", row=row))
            continue
        unknown = [str(k) for k in item if k not in _REQUIREMENT_KEYS]
        problems += [Problem(k, "is not a requirement field", row=row) for k in unknown]
        requirement, found = _requirement({str(k): v for k, v in item.items()}, row)
        problems += found
        requirements.append(requirement)
    code, found = _code(loaded, requirements)
    refuse_if([*problems, *found], REFUSED)
    return code


def _from_rows(rows: list[tuple[int, dict[str, str]]]) -> CodeOfConduct:
    refuse_if([] if rows else [Problem("file", "has no requirement row")], REFUSED)
    first_row, first = rows[0]
    problems = []
    requirements = []
    for row, values in rows:
        for name in _HEADER:
            if values.get(name, "").strip() != first.get(name, "").strip():
                problems.append(Problem(name, f"differs from row {first_row}", values[name], row))
        requirement, found = _requirement(dict(values), row)
        requirements.append(requirement)
        problems += found
    code, found = _code(first, requirements, [row for row, _ in rows])
    refuse_if([*problems, *found], REFUSED)
    return code


def _code(
    header: Mapping[str, object],
    requirements: list[Requirement],
    file_rows: list[int] | None = None,
) -> tuple[CodeOfConduct, list[Problem]]:
    problems = []
    effective_from = _date(header.get("effective_from"))
    if effective_from is None:
        problems.append(Problem("effective_from", "must be a date such as 2026-01-01"))
    code = CodeOfConduct(
        version=str(header.get("version") or "").strip(),
        title=str(header.get("title") or "").strip(),
        effective_from=effective_from or date.min,
        requirements=tuple(requirements),
    )
    for problem in code_problems(code):
        if problem.row is not None and file_rows is not None:
            problem = problem.at_row(file_rows[problem.row - 1])
        if problem.row is None or not _is_parse_echo(problem, problems):
            problems.append(problem)
    return code, problems


def _is_parse_echo(problem: Problem, found: Iterable[Problem]) -> bool:
    return any(p.row == problem.row and p.field == problem.field for p in found)


def _requirement(values: Mapping[str, object], row: int) -> tuple[Requirement, list[Problem]]:
    problems = []
    pillar = _pillar(values.get("pillar"))
    if pillar is None:
        names = ", ".join(p.value for p in Pillar)
        problems.append(Problem("pillar", f"must be one of {names}", values.get("pillar"), row))
    weight = _decimal(values.get("weight", "1"))
    if weight is None:
        problems.append(Problem("weight", "must be a number", values.get("weight"), row))
    zero_tolerance = _flag(values.get("zero_tolerance", ""))
    if zero_tolerance is None:
        reason = "must be true or false"
        problems.append(Problem("zero_tolerance", reason, values.get("zero_tolerance"), row))
    requirement = Requirement(
        id=str(values.get("id") or "").strip(),
        pillar=pillar or Pillar.ENVIRONMENT,
        text=" ".join(str(values.get("text") or "").split()),
        weight=weight if weight is not None else Decimal(1),
        zero_tolerance=bool(zero_tolerance),
    )
    return requirement, problems


def _pillar(value: object) -> Pillar | None:
    text = str(value or "").strip().lower()
    return next((p for p in Pillar if text in (p.value, p.label.lower())), None)


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
