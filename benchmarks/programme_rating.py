"""Rate one quarter with `supplyesg rate` over 100,000 suppliers and 300,000 audits.

Target: under 10 s and under 1 GB of peak memory, on SQLite and on PostgreSQL. The data
(100,000 suppliers with their status history, 300,000 completed audits with their stored
results and plan progress, 1,000,000 findings) are generated here with a fixed seed and
written with bulk inserts into a fresh, migrated database (a temporary SQLite file, or the
PostgreSQL database given, whose programme and supplier tables are emptied first). The
command then runs twice in a child process each, as a user would run it: the first run writes
every rating, the second finds nothing to change. The time is the child's wall time (Python
start-up included); the memory is its peak resident set (`ru_maxrss`).

    .venv/bin/python benchmarks/programme_rating.py [--suppliers N --audits N --findings N]
        [--quarter 2026Q2] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from results import (
    add_database_option,
    analyze,
    bulk_insert,
    database_url,
    empty,
    migrated,
    print_table,
    run_timed,
    save,
    scratch_folder,
    warn_if_busy,
)
from sqlalchemy import select

from supplyesg.db.models import (
    AuditRevisionRow,
    EsgAuditRow,
    FindingRow,
    ImprovementPlanRow,
    NonConformityRow,
    QuarterlyRatingRow,
    SupplierContactRow,
    SupplierRow,
    SupplierStatusChangeRow,
    SupplyLinkRow,
)
from supplyesg.db.session import Database
from supplyesg.domain.audits import OUTCOME_OF, AuditType, RiskLevel, Verdict
from supplyesg.domain.periods import Quarter
from supplyesg.services import conduct

SEED = 2026
SUPPLIERS, AUDITS, FINDINGS = 100_000, 300_000, 1_000_000
TARGET_SECONDS, TARGET_MB = 10.0, 1024
RISKS = [RiskLevel.LOW] * 70 + [RiskLevel.MEDIUM] * 22 + [RiskLevel.HIGH] * 8
FIRST_DAY, LAST_DAY = date(2023, 1, 1), date(2026, 9, 30)
VERDICTS = {
    RiskLevel.LOW: [Verdict.CONFORMING] * 9 + [Verdict.MINOR],
    RiskLevel.MEDIUM: [Verdict.CONFORMING] * 6 + [Verdict.MINOR] * 2 + [Verdict.MAJOR] * 2,
    RiskLevel.HIGH: [Verdict.CONFORMING] * 4 + [Verdict.MAJOR] * 5 + [Verdict.CRITICAL],
}


def supplier_rows(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Suppliers: a third first-tier, the rest tiers 2 and 3, one in five of those key."""
    at = datetime(2024, 1, 1, tzinfo=UTC)
    for number in range(1, count + 1):
        tier = 1 if number % 3 == 0 else rng.choice((2, 3))
        yield {
            "code": f"RAT-{number:06d}",
            "legal_name": f"Rating bench supplier {number}",
            "country": "CN",
            "region": "",
            "city": "",
            "category": "castings",
            "tier": tier,
            "is_key_sub_supplier": tier > 1 and rng.random() < 0.2,
            "annual_spend": Decimal(rng.randrange(10_000, 5_000_000)),
            "currency": "CNY",
            "status": "active",
            "search_text": "",
            "created_at": at,
            "updated_at": at,
        }


def status_rows(supplier_ids: list[int], rng: random.Random) -> Iterator[dict[str, Any]]:
    """Each supplier's registration, and the termination of one in fifty during 2025."""
    registered = datetime(2024, 1, 1, tzinfo=UTC)
    for supplier_id in supplier_ids:
        yield _change(supplier_id, None, "active", registered, "registered")
        if rng.random() < 0.02:
            day = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(365))
            yield _change(supplier_id, "active", "terminated", day, "orders terminated")


def _change(
    supplier_id: int, source: str | None, target: str, at: datetime, reason: str
) -> dict[str, Any]:
    return {
        "supplier_id": supplier_id,
        "from_status": source,
        "to_status": target,
        "changed_by": "bench",
        "changed_at": at,
        "reason": reason,
    }


def audit_rows(
    count: int, supplier_ids: list[int], code_id: int, rng: random.Random
) -> Iterator[dict[str, Any]]:
    """Completed audits over 2023 to 2026 with the result and plan progress they would store."""
    span = (LAST_DAY - FIRST_DAY).days
    at = datetime(2026, 10, 1, tzinfo=UTC)
    types = list(AuditType)
    for number in range(1, count + 1):
        ended = FIRST_DAY + timedelta(days=rng.randrange(span))
        level = rng.choice(RISKS)
        yield {
            "reference": f"RAT-A{number:07d}",
            "supplier_id": rng.choice(supplier_ids),
            "code_id": code_id,
            "audit_type": rng.choice(types).value,
            "auditor": "Bench auditor",
            "started_on": ended - timedelta(days=1),
            "ended_on": ended,
            "sites": [],
            "status": "completed",
            "revision": 1,
            "created_at": at,
            "completed_at": at,
            "score": Decimal(rng.randrange(4000, 10000)) / 100,
            "risk_level": level.value,
            "outcome": OUTCOME_OF[level].value,
            "policy_version": "2026-01",
            "result_reasons": [],
            **_progress(level, ended, rng),
        }


def _progress(level: RiskLevel, ended: date, rng: random.Random) -> dict[str, Any]:
    """Plan progress: most plans in time, some late, some never (every path of the rating)."""
    count = 0 if level == RiskLevel.LOW else rng.randrange(1, 6)
    months = {RiskLevel.MEDIUM: 6, RiskLevel.HIGH: 3}.get(level, 0)
    accepted: date | None = None
    if count and rng.random() < 0.9:
        accepted = ended + timedelta(days=rng.randrange(20, 30 * months + 30))
    return {
        "nc_count": count,
        "first_plan_accepted_on": accepted,
        "all_ncs_covered_on": accepted if accepted and rng.random() < 0.97 else None,
        "all_ncs_closed_on": None,
        "termination_recorded_at": None,
    }


def finding_rows(
    count: int, audits: list[tuple[int, str]], requirements: list[str], rng: random.Random
) -> Iterator[dict[str, Any]]:
    """Findings spread over the audits, verdicts drawn for each audit's risk level."""
    per_audit, extra = divmod(count, len(audits))
    for index, (audit_id, level) in enumerate(audits):
        chosen = rng.sample(requirements, per_audit + (1 if index < extra else 0))
        for position, requirement in enumerate(chosen):
            verdict = rng.choice(VERDICTS[RiskLevel(level)])
            yield {
                "audit_id": audit_id,
                "position": position,
                "requirement_id": requirement,
                "verdict": verdict.value,
                "notes": "" if verdict == Verdict.CONFORMING else "seen during the audit",
                "evidence": [],
            }


def load(db: Database, options: argparse.Namespace) -> None:
    """Empty the tables the rating reads, then fill them with generated rows."""
    rng = random.Random(SEED)
    code = conduct.install_default_code(db)
    requirements = [r.requirement_id for r in code.requirements]
    with db.transaction() as session:
        empty(
            session,
            (
                QuarterlyRatingRow, ImprovementPlanRow, NonConformityRow, AuditRevisionRow,
                FindingRow, EsgAuditRow, SupplyLinkRow, SupplierStatusChangeRow,
                SupplierContactRow, SupplierRow,
            ),
        )  # fmt: skip
        bulk_insert(session, SupplierRow, supplier_rows(options.suppliers, rng))
        ids = list(session.scalars(select(SupplierRow.id).order_by(SupplierRow.id)))
        bulk_insert(session, SupplierStatusChangeRow, status_rows(ids, rng))
        bulk_insert(session, EsgAuditRow, audit_rows(options.audits, ids, code.id, rng))
        audits = [
            (a, level)
            for a, level in session.execute(select(EsgAuditRow.id, EsgAuditRow.risk_level))
        ]
        bulk_insert(session, FindingRow, finding_rows(options.findings, audits, requirements, rng))
    analyze(db)  # before anyone rates a quarter


def rate(url: str, quarter: str) -> tuple[float, float, str]:
    """Run `supplyesg rate` in a child process: wall seconds, peak MB, its last line."""
    command = [str(Path(sys.executable).parent / "supplyesg"), "rate", "--quarter", quarter]
    run = run_timed(command, {**os.environ, "SUPPLYESG_DATABASE_URL": url, "COLUMNS": "120"})
    said = run.output.strip().splitlines()[-1]
    return run.seconds, run.peak_mb, f"{said} (CPU {run.cpu_seconds:.1f} s)"


def main() -> int:
    options = _options()
    with scratch_folder() as folder:
        url = database_url(folder, "rating", options.database_url)
        db = migrated(url)
        print(
            f"Loading {options.suppliers:,} suppliers, {options.audits:,} audits and "
            f"{options.findings:,} findings ({db.dialect})..."
        )
        started = time.perf_counter()
        load(db, options)
        print(f"Loaded in {time.perf_counter() - started:.1f} s.")
        db.engine.dispose()
        runs = [rate(url, options.quarter) for _ in range(2)]
    return _report(db.dialect, options, runs)


def _report(dialect: str, options: argparse.Namespace, runs: list[tuple[float, float, str]]) -> int:
    ok = all(s < TARGET_SECONDS and mb < TARGET_MB for s, mb, _ in runs)
    rows = [
        [
            name,
            f"{s:.2f} s",
            f"{mb:.0f} MB",
            "ok" if s < TARGET_SECONDS and mb < TARGET_MB else "MISSED",
            said,
        ]
        for name, (s, mb, said) in zip(("first run", "second run"), runs, strict=True)
    ]
    print()
    print_table(["supplyesg rate", "wall", "peak memory", "target", "output"], rows)
    warn_if_busy()
    measured = {
        "database": dialect,
        "suppliers": options.suppliers,
        "audits": options.audits,
        "findings": options.findings,
        "quarter": options.quarter,
        "runs": [
            {"seconds": round(s, 2), "peak_mb": round(mb), "output": said} for s, mb, said in runs
        ],
        "target_seconds": TARGET_SECONDS,
        "target_mb": TARGET_MB,
    }
    print(f"\nSaved to {save(f'programme_rating_{dialect}', measured)}")
    return 0 if ok else 1


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=SUPPLIERS)
    parser.add_argument("--audits", type=int, default=AUDITS)
    parser.add_argument("--findings", type=int, default=FINDINGS)
    parser.add_argument("--quarter", default=str(Quarter(2026, 2)))
    add_database_option(parser)
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
