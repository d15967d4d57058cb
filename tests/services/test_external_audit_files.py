"""Importing external audit results from CSV or XLSX: all audits of the file, or none."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from programme_builders import ACTOR, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.models import EsgAuditRow, NonConformityRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.services import audits, external_audit_files, tabular

CLOCK = FixedClock.on(date(2026, 12, 7))
HEADER = (
    "reference,supplier,scheme,scheme_reference,audit_firm,started_on,ended_on,rating,score,"
    "recognition,certificate_valid,code_version,severity,description,requirement"
)
GOOD = [
    "EXT-1,SUP-1,amfori BSCI,BSCI-77,Intertek,2026-05-04,2026-05-05,B,,,,,major,"
    "Overtime above 60 hours,LAB-04",
    "EXT-1,SUP-1,amfori BSCI,BSCI-77,Intertek,2026-05-04,2026-05-05,B,,,,,observation,"
    "Notice board out of date,",
    "EXT-2,SUP-1,SMETA,ZC-9,SGS,,2026-06-10,,,,,,,,",
    "EXT-3,SUP-1,EcoVadis,EV-3,EcoVadis,2026-07-01,2026-07-01,,38,,,,,,",
    "EXT-4,SUP-1,SA8000,SA-1,Bureau Veritas,2026-08-01,2026-08-02,,,,no,,,,",
]


def csv_of(*rows: str) -> bytes:
    return "\n".join((HEADER, *rows)).encode()


def imported(db: Database, content: bytes, name: str = "external.csv"):  # type: ignore[no-untyped-def]
    return external_audit_files.import_external_audits(db, content, name, ACTOR, CLOCK)


def count(db: Database, table: type) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_file_records_each_audit_with_its_result_and_nonconformities(db: Database) -> None:
    supplier(db)
    done = imported(db, csv_of(*GOOD))
    assert (done.audits, done.findings, done.nonconformities) == (4, 2, 1)
    levels = {r: audits.get_audit(db, r).risk_level for r in ("EXT-1", "EXT-2", "EXT-3", "EXT-4")}
    # B with a major finding: medium; SMETA without findings: low; EcoVadis 38: medium;
    # a certificate that is not valid: high
    assert levels == {"EXT-1": "medium", "EXT-2": "low", "EXT-3": "medium", "EXT-4": "high"}
    assert audits.get_audit(db, "EXT-2").started_on == date(2026, 6, 10)


def test_an_xlsx_file_is_read_the_same_way(db: Database) -> None:
    supplier(db)
    buffer = io.BytesIO()
    rows = [line.split(",") for line in GOOD[:2]]
    tabular.write_table(buffer, "xlsx", HEADER.split(","), rows, sheet_name="external")
    done = imported(db, buffer.getvalue(), "external.xlsx")
    assert (done.audits, done.findings, done.nonconformities) == (1, 2, 1)


def test_bad_rows_are_listed_by_row_column_value_and_reason_and_nothing_is_written(
    db: Database,
) -> None:
    supplier(db)
    bad = [
        GOOD[0],
        GOOD[1].replace("observation", "severe"),  # row 3
        "EXT-5,NOBODY,amfori BSCI,,Intertek,,2026-05-05,F,,,,,,,",  # row 4
        "EXT-6,SUP-1,RBA,,Intertek,,2026-05-05,,,,,,,,",  # row 5
        "EXT-7,SUP-1,RBA VAP,,Intertek,,2026-13-01,,abc,,,,,,",  # row 6
        "EXT-8,SUP-1,SMETA,,SGS,,2026-06-10,,,,,,minor,,HS-99",  # row 7
        ",SUP-1,SMETA,,SGS,,2026-06-10,,,,,,,,",  # row 8
    ]
    with pytest.raises(InvalidInputError) as refused:
        imported(db, csv_of(*bad))
    found = [(p.row, p.field, p.value) for p in refused.value.problems]
    assert found == [
        (3, "severity", "severe"),
        (4, "supplier", "NOBODY"),
        (4, "rating", "F"),
        (5, "scheme", "RBA"),
        (6, "ended_on", "2026-13-01"),
        (6, "score", "abc"),
        (7, "description", ""),
        (7, "requirement", "HS-99"),
        (8, "reference", ""),
    ]
    reasons = {p.field: p.reason for p in refused.value.problems}
    assert reasons["rating"] == "amfori BSCI rates A, B, C, D, E"
    assert reasons["scheme"].startswith("must be one of smeta, amfori_bsci, rba_vap")
    assert count(db, EsgAuditRow) == 0
    assert count(db, NonConformityRow) == 0


def test_rows_of_one_audit_must_agree(db: Database) -> None:
    supplier(db)
    with pytest.raises(InvalidInputError) as refused:
        imported(db, csv_of(GOOD[0], GOOD[1].replace("Intertek", "SGS")))
    [problem] = refused.value.problems
    assert (problem.row, problem.field, problem.reason) == (
        3,
        "audit_firm",
        "differs from row 2 of the same audit",
    )


def test_a_file_without_the_required_columns_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        imported(db, b"reference,supplier\nEXT-1,SUP-1\n")
    assert [p.field for p in refused.value.problems] == ["scheme", "audit_firm", "ended_on"]
