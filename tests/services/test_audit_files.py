import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from programme_builders import ACTOR, HIGH, MEDIUM, audited, findings, supplier
from supplyesg.db.repositories.audits import AuditFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.services import audit_files, audits, tabular


def sheet(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=audit_files.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def exported(db: Database) -> list[dict[str, str]]:
    buffer = io.BytesIO()
    audit_files.export_audits(db, buffer, "xlsx")
    return [values for _, values in tabular.read_table(buffer.getvalue(), "xlsx")]


def test_an_export_has_one_row_per_finding_with_the_stored_result(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **MEDIUM)
    rows = exported(db)
    assert len(rows) == 32
    labour = next(r for r in rows if r["requirement"] == "LAB-03")
    assert labour == {
        "reference": "A-1",
        "supplier": "SUP-1",
        "code_version": "2026",
        "audit_type": "on_site_announced",
        "auditor": "A. Auditor",
        "started_on": "2026-03-10",
        "ended_on": "2026-03-10",
        "sites": "Plant 1",
        "requirement": "LAB-03",
        "verdict": "major",
        "notes": "noted",
        "evidence": "",
        "status": "completed",
        "revision": "1",
        "score": "84.21",
        "risk_level": "medium",
        "outcome": "conditionally_accepted",
        "policy_version": "2026-01",
    }


def test_an_exported_sheet_imports_back_to_the_same_results(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **MEDIUM)
    audited(db, date(2026, 4, 10), reference="A-2", **HIGH)
    rows = [{**r, "reference": r["reference"] + "-copy"} for r in exported(db)]
    result = audit_files.import_audits(db, sheet(rows), "audits.csv", ACTOR)
    assert (result.audits, result.findings, result.completed) == (2, 64, 2)
    copy = audits.get_audit(db, "A-1-copy")
    assert (copy.score, copy.risk_level, copy.nc_count) == (Decimal("84.21"), "medium", 4)
    assert audits.get_audit(db, "A-2-copy").risk_level == "high"


def test_a_draft_can_be_imported_partial(db: Database) -> None:
    supplier(db)
    row = {c: "" for c in audit_files.COLUMNS} | {
        "reference": "D-1",
        "supplier": "SUP-1",
        "code_version": "2026",
        "audit_type": "self assessment",
        "auditor": "Supplier QA",
        "started_on": "2026-05-01",
        "ended_on": "2026-05-02",
        "requirement": "ENV-01",
        "verdict": "Conforming",
        "status": "draft",
    }
    result = audit_files.import_audits(db, sheet([row]), "audits.csv", ACTOR)
    assert (result.audits, result.completed) == (1, 0)
    draft = audits.get_audit(db, "D-1")
    assert (draft.status, draft.audit_type, len(draft.findings)) == ("draft", "self_assessment", 1)


def test_every_bad_row_is_reported_by_file_row_and_nothing_is_written(db: Database) -> None:
    supplier(db)
    good = [
        {c: "" for c in audit_files.COLUMNS}
        | {
            "reference": "A-9",
            "supplier": "SUP-1",
            "code_version": "2026",
            "audit_type": "desktop_review",
            "auditor": "A. Auditor",
            "started_on": "2026-05-01",
            "ended_on": "2026-05-01",
            "requirement": f.requirement_id,
            "verdict": f.verdict.value,
        }
        for f in findings(db)
    ]
    bad = [dict(r) for r in good]
    bad[0]["verdict"] = "fine"  # file row 2
    bad[1]["ended_on"] = "2026-05-02"  # row 3 disagrees with row 2
    bad[2].update(verdict="critical", notes="no meters")  # row 4: ENV-03 is not zero-tolerance
    bad[3]["verdict"] = "major"  # row 5: a non-conformity needs notes
    other = {**good[0], "reference": "B-1", "supplier": "NOPE"}  # row 34
    with pytest.raises(InvalidInputError) as refused:
        audit_files.import_audits(db, sheet([*bad, other]), "audits.csv", ACTOR)
    assert sorted((p.row or 0, p.field) for p in refused.value.problems) == [
        (2, "verdict"),
        (3, "ended_on"),
        (4, "verdict"),
        (5, "notes"),
        (34, "findings"),  # one finding only: every requirement needs a verdict
        (34, "supplier"),
    ]
    assert audits.list_audits(db, AuditFilter()).items == []


def test_a_sheet_without_the_audit_columns_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        audit_files.import_audits(
            db, b"reference,requirement,verdict\nA,ENV-01,conforming\n", "a.csv", ACTOR
        )
    assert [p.field for p in refused.value.problems][:2] == ["supplier", "code_version"]
