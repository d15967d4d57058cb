"""History before the programme started: audits, imports and ratings from 2000-01-01 on."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from programme_builders import HIGH, LOW, MEDIUM, audited, findings, supplier
from supplyesg.db.session import Database
from supplyesg.domain.audits import Verdict
from supplyesg.domain.errors import DomainError
from supplyesg.domain.periods import Quarter
from supplyesg.services import audit_files, audits, rating, supplier_files
from supplyesg.services import suppliers as registry

ACTOR = "importer@example.com"
SUPPLIERS = (
    "code,legal_name,country,region,city,category,tier,key_sub_supplier,annual_spend,"
    "currency,status,supplies_to,contacts,relationship_started_on,relationship_ended_on\n"
    "H-1,H1 Castings Co.,CN,,,castings,1,no,0,CNY,active,,,2015-03-02,\n"
    "H-2,H2 Forgings Co.,CN,,,forgings,1,no,0,CNY,active,,,2016-01-04,\n"
)


def audit_rows(db: Database, reference: str, code: str, ended_on: str, **verdicts: Verdict):
    return [
        {c: "" for c in audit_files.COLUMNS}
        | {
            "reference": reference,
            "supplier": code,
            "code_version": "2026",
            "audit_type": "on_site_announced",
            "auditor": "A. Auditor",
            "started_on": ended_on,
            "ended_on": ended_on,
            "requirement": f.requirement_id,
            "verdict": f.verdict.value,
            "notes": f.notes,
            "status": "completed",
        }
        for f in findings(db, **verdicts)
    ]


def sheet(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=audit_files.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_an_audit_dated_2019_is_recorded_under_the_shipped_edition(db: Database) -> None:
    supplier(db, "OLD")
    row = audited(db, date(2019, 5, 14), "OLD", **MEDIUM)
    assert (row.status, row.risk_level, row.policy_version) == ("completed", "medium", "2026-01")


def test_suppliers_and_audits_of_2016_to_2023_import_and_rate(db: Database) -> None:
    supplier_files.import_file(db, SUPPLIERS.encode(), "suppliers.csv", ACTOR)
    assert registry.get_supplier(db, "H-1").relationship_started_on == date(2015, 3, 2)
    rows = []
    for year in range(2016, 2024):
        verdicts = MEDIUM if year % 2 else LOW
        rows += audit_rows(db, f"H1-{year}", "H-1", f"{year}-06-15", **verdicts)
        rows += audit_rows(db, f"H2-{year}", "H-2", f"{year}-09-20", **HIGH)
    imported = audit_files.import_audits(db, sheet(rows), "audits.csv", ACTOR)
    assert (imported.audits, imported.completed) == (16, 16)
    assert audits.get_audit(db, "H1-2017").risk_level == "medium"
    assert audits.get_audit(db, "H2-2016").policy_version == "2026-01"
    run = rating.rate_quarter(db, Quarter(2016, 4))
    assert (run.policy_version, run.by_score) == ("2026-01", {1: 1, -1: 1})


def test_a_day_before_the_first_edition_is_still_refused_by_name(db: Database) -> None:
    supplier(db, "OLDEST")
    with pytest.raises(DomainError) as refused:
        audited(db, date(1999, 12, 31), "OLDEST", **LOW)
    assert refused.value.problems[0].field == "date"
