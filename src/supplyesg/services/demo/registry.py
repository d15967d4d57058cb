"""The demo supplier registry: a fictional truck maker's supply base in three tiers.

About 300 first-tier suppliers and 600 sub-suppliers, mostly in China, linked into a supply
map where a sub-supplier may deliver to several customers. The same seed always gives the
same suppliers; they are loaded through the supplier import, like any supplier file.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from supplyesg.db.session import Database
from supplyesg.domain.supplier_rows import COLUMNS
from supplyesg.services import supplier_files
from supplyesg.services.demo.supply_base import (
    CHINESE_SYLLABLES,
    COUNTRY_WEIGHTS,
    CURRENCY,
    FIRST_TIER,
    FOREIGN_NAME_PATTERNS,
    GIVEN_NAMES,
    PHONE_PREFIX,
    PLACES,
    SECOND_TIER,
    SURNAMES,
    THIRD_TIER_COUNTRIES,
    TRADE_WORDS,
    UNITS_PER_CNY,
)
from supplyesg.services.supplier_files import Progress
from supplyesg.services.tabular import Table

SEED = 2026
ACTOR = "demo data"
_STATUSES = {
    1: (("active", 78), ("conditionally_accepted", 8), ("prospective", 6), ("suspended", 4),
        ("terminated", 4)),
    2: (("active", 62), ("prospective", 28), ("conditionally_accepted", 5), ("suspended", 3),
        ("terminated", 2)),
}  # fmt: skip
_KEY_SHARE = {1: 0.0, 2: 0.12, 3: 0.04}


@dataclass(slots=True)
class _Supplier:
    code: str
    tier: int
    category: str
    cells: dict[str, str]
    customers: list[str] = field(default_factory=list)


# The demo's suppliers stood in the registry before its programme history starts.
REGISTERED_ON = date(2024, 1, 1)


def load(db: Database, progress: Progress | None = None) -> None:
    """Load the demo supply base into the registry."""
    rows = supply_base(random.Random(SEED))  # noqa: S311 -- a fixed seed, for the same demo
    numbered = iter(enumerate(rows, start=2))
    supplier_files.import_table(
        db, Table(COLUMNS, numbered), "demo data", ACTOR, progress, REGISTERED_ON
    )


def supply_base(
    rng: random.Random, first_tier: int = 300, sub_suppliers: int = 600, links: int | None = None
) -> list[dict[str, str]]:
    """Rows of a supplier file: the first tier, then tiers 2 and 3 (two thirds in tier 2).

    Each sub-supplier delivers to one customer of a category it can feed, one tier up;
    `links` (default 1.6 per sub-supplier) adds more customers to sub-suppliers at random.
    """
    total = first_tier + sub_suppliers
    width = max(4, len(str(total)))
    codes = (f"SUP-{n:0{width}d}" for n in range(1, total + 1))
    second = round(sub_suppliers * 2 / 3)
    tiers = [
        _tier(rng, codes, 1, first_tier, _first_tier_category),
        _tier(rng, codes, 2, second, _second_tier_category),
        _tier(rng, codes, 3, sub_suppliers - second, _third_tier_category),
    ]
    _link(rng, tiers, round(sub_suppliers * 1.6) if links is None else links)
    return [
        {
            **s.cells,
            **_relationship(s.code, s.cells["status"]),
            "supplies_to": "; ".join(sorted(s.customers)),
        }
        for tier in tiers
        for s in tier
    ]


def _relationship(code: str, status: str) -> dict[str, str]:
    """When the relationship started (2008-2024) and, for a terminated supplier, ended (2024).

    Drawn from the code alone, so the rest of the demo keeps the draws it always had.
    """
    if status == "prospective":
        return {"relationship_started_on": "", "relationship_ended_on": ""}
    rng = random.Random(f"{SEED}:{code}")  # noqa: S311 -- a fixed seed, for the same demo
    started = date(2008, 1, 1) + timedelta(days=rng.randrange(16 * 365))
    ended = (
        date(2024, 1, 15) + timedelta(days=rng.randrange(330)) if status == "terminated" else None
    )
    return {
        "relationship_started_on": started.isoformat(),
        "relationship_ended_on": ended.isoformat() if ended else "",
    }


def _tier(
    rng: random.Random,
    codes: Iterator[str],
    tier: int,
    count: int,
    category_of: Callable[[random.Random], str],
) -> list[_Supplier]:
    suppliers = []
    for _ in range(count):
        code = next(codes)
        category = category_of(rng)
        suppliers.append(_Supplier(code, tier, category, _cells(rng, code, tier, category)))
    return suppliers


def _link(rng: random.Random, tiers: Sequence[list[_Supplier]], links: int) -> None:
    """One customer for every sub-supplier, then extra customers until `links` in all."""
    feeds = [_customers_by_feed(tier) for tier in tiers]
    subs = [s for tier in tiers[1:] for s in tier]
    for sub in subs:
        sub.customers.append(rng.choice(_candidates(sub, tiers, feeds)))
    added = len(subs)
    attempts = 0
    while added < links and attempts < links * 20:
        attempts += 1
        sub = rng.choice(subs)
        customer = rng.choice(_candidates(sub, tiers, feeds))
        if customer not in sub.customers:
            sub.customers.append(customer)
            added += 1


def _customers_by_feed(tier: list[_Supplier]) -> dict[str, list[str]]:
    """For each sub-supplier category, the codes of this tier's suppliers it can feed."""
    fed: dict[str, list[str]] = {}
    for supplier in tier:
        for feed in _feeds_of(supplier):
            fed.setdefault(feed, []).append(supplier.code)
    return fed


def _feeds_of(supplier: _Supplier) -> Sequence[str]:
    if supplier.tier == 1:
        return FIRST_TIER[supplier.category][1]
    return SECOND_TIER.get(supplier.category, ())


def _candidates(
    sub: _Supplier, tiers: Sequence[list[_Supplier]], feeds: Sequence[dict[str, list[str]]]
) -> list[str]:
    fitting = feeds[sub.tier - 2].get(sub.category)
    return fitting or [s.code for s in tiers[sub.tier - 2]]


# -- categories ----------------------------------------------------------------------------


_FIRST_TIER_NAMES = list(FIRST_TIER)
_FIRST_TIER_WEIGHTS = [weight for weight, _feeds in FIRST_TIER.values()]
_SECOND_TIER_NAMES = list(SECOND_TIER)
_RAW_MATERIALS = sorted({feed for feeds in SECOND_TIER.values() for feed in feeds})


def _first_tier_category(rng: random.Random) -> str:
    return rng.choices(_FIRST_TIER_NAMES, weights=_FIRST_TIER_WEIGHTS)[0]


def _second_tier_category(rng: random.Random) -> str:
    return rng.choice(_SECOND_TIER_NAMES)


def _third_tier_category(rng: random.Random) -> str:
    return rng.choice(_RAW_MATERIALS)


# -- one supplier --------------------------------------------------------------------------


def _cells(rng: random.Random, code: str, tier: int, category: str) -> dict[str, str]:
    country = _country(rng, tier, category)
    region, cities = rng.choice(PLACES[country])
    city = rng.choice(cities)
    name, domain = _company(rng, country, city, category)
    currency = CURRENCY[country] if rng.random() < 0.8 else "CNY"
    spend = _spend(rng, currency) if tier == 1 else "0"
    statuses = _STATUSES[min(tier, 2)]
    return {
        "code": code,
        "legal_name": name,
        "country": country,
        "region": region,
        "city": city,
        "category": category,
        "tier": str(tier),
        "key_sub_supplier": "yes" if rng.random() < _KEY_SHARE[tier] else "no",
        "annual_spend": spend,
        "currency": currency if tier == 1 else CURRENCY[country],
        "status": rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0],
        "contacts": "; ".join(_contacts(rng, country, domain, tier)),
    }


def _country(rng: random.Random, tier: int, category: str) -> str:
    if tier == 3 and category in THIRD_TIER_COUNTRIES:
        return rng.choice(THIRD_TIER_COUNTRIES[category])
    countries = list(COUNTRY_WEIGHTS)
    return rng.choices(countries, weights=[COUNTRY_WEIGHTS[c] for c in countries])[0]


def _company(rng: random.Random, country: str, city: str, category: str) -> tuple[str, str]:
    """A legal name and an e-mail domain (under .example) for a company."""
    trade, trade_de = TRADE_WORDS.get(category, (category.title(), category.title()))
    if country == "CN":
        brand = "".join(rng.sample(CHINESE_SYLLABLES, 2)).capitalize()
        form = rng.choice(("Co., Ltd.", "Industrial Co., Ltd.", "Group Co., Ltd."))
        name = f"{city} {brand} {trade} {form}"
    else:
        family = rng.choice(SURNAMES.get(country, SURNAMES["US"]))
        brand = family if "{family}" in FOREIGN_NAME_PATTERNS[country] else city
        name = FOREIGN_NAME_PATTERNS[country].format(
            family=family, trade=trade, trade_de=trade_de, place=city
        )
    return name, f"{_ascii(f'{brand}-{trade.split()[-1]}')}.example"


def _spend(rng: random.Random, currency: str) -> str:
    """A year's spend with a first-tier supplier: CNY 1 to 200 million, mostly 5 to 40."""
    cny = min(max(rng.lognormvariate(16.6, 1.0), 1_000_000), 200_000_000)
    amount = cny * UNITS_PER_CNY[currency]
    return f"{round(amount, -3):.0f}" if amount > 100_000 else f"{amount:.2f}"


def _contacts(rng: random.Random, country: str, domain: str, tier: int) -> list[str]:
    count = rng.choices((0, 1, 2), weights=(1, 6, 3) if tier == 1 else (3, 6, 1))[0]
    people = []
    for _ in range(count):
        surnames = SURNAMES.get(country, SURNAMES["US"])
        given_names = GIVEN_NAMES.get(country, GIVEN_NAMES["US"])
        family, given = rng.choice(surnames), rng.choice(given_names)
        name = f"{family} {given}" if country in ("CN", "KR") else f"{given} {family}"
        digits = f"{rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        mailbox = _ascii(f"{given}.{family}").replace("-", "")
        people.append(f"{name} <{mailbox}@{domain}> ({PHONE_PREFIX[country]} {digits})")
    return people


def _ascii(text: str) -> str:
    """Lower-case ASCII letters, digits, '.' and '-' of a text (García -> garcia)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in plain if ch.isalnum() or ch in ".-")
