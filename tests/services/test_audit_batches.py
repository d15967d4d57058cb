from dataclasses import replace
from datetime import date

import pytest

from programme_builders import ACTOR, HIGH, LOW, MEDIUM, details, findings, supplier
from supplyesg.db.repositories.audits import AuditFilter, NcFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.services import audit_batches, audits, nonconformities
from supplyesg.services.audits import AuditDraft


def drafts(db: Database) -> list[AuditDraft]:
    return [
        AuditDraft("SUP-1", "2026", details(date(2025, 3, 1)), findings(db, **LOW)),
        AuditDraft("SUP-1", "2026", details(date(2026, 3, 1)), findings(db, **MEDIUM)),
        AuditDraft("SUP-2", "2026", details(date(2026, 4, 1)), findings(db, **HIGH), "H-1"),
    ]


def test_a_batch_is_scored_like_audits_recorded_one_by_one(db: Database) -> None:
    supplier(db)
    supplier(db, "SUP-2")
    recorded = audit_batches.record_audits(db, drafts(db), ACTOR)
    assert [(r.reference, r.risk_level, len(r.nonconformities)) for r in recorded] == [
        ("AUD-2025-00001", "low", 1),
        ("AUD-2026-00001", "medium", 4),
        ("H-1", "high", 2),
    ]
    one_by_one = audits.record_audit(db, replace(drafts(db)[1], reference="ONE"), ACTOR)
    batched = audits.get_audit(db, "AUD-2026-00001")
    for column in ("score", "risk_level", "outcome", "policy_version", "result_reasons"):
        assert getattr(batched, column) == getattr(one_by_one, column), column
    assert (batched.labour_score, batched.nc_count, batched.revision) == (
        one_by_one.labour_score,
        4,
        1,
    )
    assert [f.requirement_id for f in batched.findings] == [
        f.requirement_id for f in one_by_one.findings
    ]
    opened = nonconformities.list_nonconformities(
        db, NcFilter(audit_id=batched.id), date(2026, 11, 21)
    )
    assert [r.row.id for r in opened.items] == [nc_id for nc_id, _ in recorded[1].nonconformities]
    history = nonconformities.nc_history(db, recorded[2].nonconformities[0][0])
    assert [(e.to_status, e.happened_on, e.note) for e in history] == [
        ("open", date(2026, 4, 1), "found by the audit")
    ]


def test_a_batch_with_a_bad_audit_records_nothing(db: Database) -> None:
    supplier(db)
    batch = drafts(db)
    batch[0] = replace(batch[0], reference="H-1")
    with pytest.raises(InvalidInputError) as refused:
        audit_batches.record_audits(db, batch, ACTOR)
    assert sorted(p.field for p in refused.value.problems) == [
        "audits[1].reference",
        "audits[3].reference",
        "audits[3].supplier",
    ]
    assert audits.list_audits(db, AuditFilter()).items == []
