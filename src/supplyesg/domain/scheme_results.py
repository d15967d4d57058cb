"""External audit schemes, the results they publish, and the policy's tables that map them.

A third-party audit arrives with its scheme's own overall result: amfori BSCI rates A to E,
RBA's Validated Audit Process scores 0 to 200 (recognition Platinum, Gold or Silver), an
EcoVadis scorecard scores 0 to 100 (with a medal), SMETA publishes no overall result (only its
findings), and a certification body (SA8000, ISO 14001, ISO 45001) says whether the certificate
is valid. The policy maps each of these to a risk level through a table written as text, one
entry per key: ``A=low; B=low; C=medium`` for grades, ``160=low; 100=medium; 0=high`` for score
bands (each threshold is the lowest score of its band). This module reads and checks those
tables; it knows nothing of the policy itself, so the policy can check its own tables with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from supplyesg.domain.errors import Problem

LEVELS = ("low", "medium", "high")
LEVEL_RANKS = {level: rank for rank, level in enumerate(LEVELS)}


class ResultKind(StrEnum):
    """What a scheme publishes as its overall result."""

    RATING = "rating"
    SCORE = "score"
    FINDINGS = "findings"
    CERTIFICATE = "certificate"


@dataclass(frozen=True, slots=True)
class SchemeRules:
    """What a scheme publishes, and which policy table maps it to a risk level."""

    title: str
    kind: ResultKind
    setting: str | None
    grades: tuple[str, ...] = ()
    top_score: Decimal | None = None
    recognitions: dict[str, Decimal] | None = None
    """Recognitions (medals) the scheme awards, with the least score each needs (0: none)."""


class Scheme(StrEnum):
    """A third-party audit or rating scheme whose results the programme accepts."""

    SMETA = "smeta"
    AMFORI_BSCI = "amfori_bsci"
    RBA_VAP = "rba_vap"
    ECOVADIS = "ecovadis"
    SA8000 = "sa8000"
    ISO_14001 = "iso_14001"
    ISO_45001 = "iso_45001"

    @property
    def rules(self) -> SchemeRules:
        """What the scheme publishes and the policy setting that maps it."""
        return SCHEME_RULES[self]


_CERTIFICATE = ("certificate_risk",)
SCHEME_RULES = {
    # SMETA (Sedex Members Ethical Trade Audit) reports non-compliances, with no overall score.
    Scheme.SMETA: SchemeRules("SMETA", ResultKind.FINDINGS, None),
    # amfori BSCI System Manual: overall audit rating A (very good) to E (unacceptable).
    Scheme.AMFORI_BSCI: SchemeRules(
        "amfori BSCI", ResultKind.RATING, "amfori_bsci_rating_risk", ("A", "B", "C", "D", "E")
    ),
    # RBA VAP Operations Manual: 0-200 points; Platinum 200, Gold 180 and more, Silver 160 and
    # more (each with no open priority finding).
    Scheme.RBA_VAP: SchemeRules(
        "RBA VAP",
        ResultKind.SCORE,
        "rba_vap_score_risk",
        top_score=Decimal(200),
        recognitions={"platinum": Decimal(200), "gold": Decimal(180), "silver": Decimal(160)},
    ),
    # EcoVadis scorecard: 0-100; medals go to a share of rated companies, not to a fixed score.
    Scheme.ECOVADIS: SchemeRules(
        "EcoVadis",
        ResultKind.SCORE,
        "ecovadis_score_risk",
        top_score=Decimal(100),
        recognitions={m: Decimal(0) for m in ("platinum", "gold", "silver", "bronze")},
    ),
    Scheme.SA8000: SchemeRules("SA8000", ResultKind.CERTIFICATE, *_CERTIFICATE),
    Scheme.ISO_14001: SchemeRules("ISO 14001", ResultKind.CERTIFICATE, *_CERTIFICATE),
    Scheme.ISO_45001: SchemeRules("ISO 45001", ResultKind.CERTIFICATE, *_CERTIFICATE),
}

SEVERITIES = ("critical", "major", "minor", "observation")
CERTIFICATE_STATES = ("valid", "not_valid")


# -- the tables --------------------------------------------------------------------------------


def entries(text: str) -> list[tuple[str, str]] | None:
    """The key=level entries of a table, in order; None when it is not of that form."""
    found = []
    for part in text.split(";"):
        if not part.strip():
            continue
        key, equals, level = part.partition("=")
        if not equals or not key.strip() or not level.strip():
            return None
        found.append((key.strip(), level.strip().lower()))
    return found


def key_table_problems(name: str, text: object, keys: tuple[str, ...]) -> list[Problem]:
    """Why a table of keys (grades, severities, certificate states) is refused."""
    if not isinstance(text, str) or (found := entries(text)) is None:
        return [Problem(name, _form(f"{keys[0]}=low"), text)]
    problems = _level_problems(name, found)
    given = [key for key, _ in found]
    for key in given:
        if key not in keys:
            problems.append(Problem(name, f"{key!r} is not one of {', '.join(keys)}", text))
        elif given.count(key) > 1:
            problems.append(Problem(name, f"{key!r} is given twice", text))
    missing = [k for k in keys if k not in given]
    if missing:
        problems.append(Problem(name, f"needs a level for {', '.join(missing)}", text))
    return _unique(problems)


def band_table_problems(name: str, text: object, top: Decimal) -> list[Problem]:
    """Why a table of score bands is refused: thresholds from 0 to the top score, one at 0."""
    if not isinstance(text, str) or (found := entries(text)) is None:
        return [Problem(name, _form("100=low; 0=high"), text)]
    problems = _level_problems(name, found)
    thresholds = []
    for key, _ in found:
        threshold = _decimal(key)
        if threshold is None or not Decimal(0) <= threshold <= top:
            problems.append(Problem(name, f"{key!r} is not a score from 0 to {top}", text))
        elif threshold in thresholds:
            problems.append(Problem(name, f"{key!r} is given twice", text))
        else:
            thresholds.append(threshold)
    if not problems and Decimal(0) not in thresholds:
        problems.append(Problem(name, "needs a band from 0, so that every score has a level", text))
    return problems


def level_of_key(text: str, key: str) -> str:
    """The level a checked table of keys gives a key."""
    return dict(entries(text) or ())[key]


def level_of_score(text: str, score: Decimal) -> tuple[Decimal, str]:
    """The band (its lowest score) and level a checked table of bands gives a score."""
    bands = sorted(((Decimal(k), level) for k, level in entries(text) or ()), reverse=True)
    return next((low, level) for low, level in bands if score >= low)


def _level_problems(name: str, found: list[tuple[str, str]]) -> list[Problem]:
    return [
        Problem(name, f"{level!r} is not a risk level ({', '.join(LEVELS)})", f"{key}={level}")
        for key, level in found
        if level not in LEVELS
    ]


def _form(example: str) -> str:
    return f"must be entries such as '{example}', separated by ';'"


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
