"""Every importer applies the same file rules (domain.imported_files), and writes nothing.

One table of hostile files runs against each importer: a cell beyond the header, a file with
a header and no data, a NUL byte or another control character in a cell. Each is refused with
the row and column named, and no table of the database changes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from supplyesg.db.models import Base
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import audit_files, conduct, esg_import, scorecard, supplier_files
from supplyesg.services import suppliers as registry

ACTOR = "importer@example.com"

Importer = Callable[[Database, bytes, str], object]

IMPORTERS: dict[str, tuple[Importer, str, str]] = {
    "suppliers": (
        lambda db, data, name: supplier_files.import_file(db, data, name, ACTOR),
        "code,legal_name,country,category,tier",
        "ZZ-1,Zhuzhou Steel,CN,steel,1",
    ),
    "esg values": (
        lambda db, data, name: esg_import.import_values(db, data, name, ACTOR),
        "entity,metric,period,value,unit,source_note",
        "CQ1,electricity_purchased,2025-01,100,kWh,meter",
    ),
    "audits": (
        lambda db, data, name: audit_files.import_audits(db, data, name, ACTOR),
        ",".join((*audit_files.AUDIT_COLUMNS, "requirement", "verdict", "notes")),
        "A-1,SUP-1,2026,on_site_announced,A. Auditor,2026-03-01,2026-03-02,plant,LAB-01,ok,fine",
    ),
    "component scores": (
        lambda db, data, name: scorecard.import_file(db, data, name),
        "supplier_code,quarter,delivery",
        "SUP-1,2026Q1,1",
    ),
    "code of conduct": (
        lambda db, data, name: conduct.import_code_file(db, data, name),
        "version,title,effective_from,id,pillar,text,weight",
        "2027,Code,2027-01-01,LAB-01,labour,No forced labour,5",
    ),
}

HOSTILE_FILES: list[tuple[str, Callable[[str, str], str], list[tuple[int, str]]]] = [
    ("a cell beyond the header", lambda header, row: f"{header}\n{row},surplus\n", [(2, "column")]),
    ("a header and no data", lambda header, row: f"{header}\n", [(2, "file")]),
    ("a header and blank rows", lambda header, row: f"{header}\n,,\n\n", [(2, "file")]),
    (
        "a NUL byte in the first cell",
        lambda header, row: f"{header}\n{row}\n\x00{row}\n",
        [(3, "first")],
    ),
    (
        "a bell in the second cell",
        lambda header, row: f"{header}\n{row}\n" + row.replace(",", ",\x07", 1) + "\n",
        [(3, "second")],
    ),
]


def _counts(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


@pytest.mark.parametrize("importer", list(IMPORTERS))
@pytest.mark.parametrize(
    ("case", "make", "expected"), HOSTILE_FILES, ids=[c for c, _, _ in HOSTILE_FILES]
)
def test_every_importer_refuses_the_same_hostile_files_and_writes_nothing(
    db: Database,
    importer: str,
    case: str,
    make: Callable[[str, str], str],
    expected: list[tuple[int, str]],
) -> None:
    run, header, row = IMPORTERS[importer]
    columns = header.split(",")
    named = {"first": columns[0], "second": columns[1], "column": f"column {len(columns) + 1}"}
    before = _counts(db)
    with pytest.raises(InvalidInputError) as refused:
        run(db, make(header, row).encode(), "file.csv")
    found = [(p.row, p.field) for p in refused.value.problems]
    assert found == [(r, named.get(f, f)) for r, f in expected]
    assert _counts(db) == before


def test_a_line_break_is_refused_in_a_supplier_name(db: Database) -> None:
    run, header, _ = IMPORTERS["suppliers"]
    run(db, f'{header}\nZZ-1,"Zhuzhou Steel",CN,steel,1\n'.encode(), "file.csv")
    with pytest.raises(InvalidInputError) as refused:
        run(db, f'{header}\nZZ-2,"Two\nLines",CN,steel,1\n'.encode(), "file.csv")
    assert [(p.row, p.field, p.reason) for p in refused.value.problems] == [
        (2, "legal_name", "contains the control character U+000A; it must be one line of text")
    ]


def test_supplier_codes_are_one_whatever_their_case(db: Database) -> None:
    run, header, _ = IMPORTERS["suppliers"]
    run(db, f"{header}\nzz-0,Zhuzhou Steel,CN,steel,1\n".encode(), "file.csv")
    summary = supplier_files.import_file(
        db, f"{header}\nZZ-0,Zhuzhou Steel Ltd,CN,steel,1\n".encode(), "again.csv", ACTOR
    )
    assert (summary.created, summary.updated) == (0, 1)
    assert registry.get_supplier(db, "zz-0").legal_name == "Zhuzhou Steel Ltd"
    with pytest.raises(InvalidInputError) as refused:
        run(db, f"{header}\nab-1,A,CN,steel,1\nAB-1,B,CN,steel,1\n".encode(), "twice.csv")
    assert [(p.row, p.field, p.value) for p in refused.value.problems] == [(3, "code", "AB-1")]


def test_a_supplier_registered_in_lower_case_is_stored_in_upper_case(db: Database) -> None:
    row = registry.create_supplier(
        db, SupplierProfile(" sup-7 ", "Seven Ltd", "CN", "steel", 1), ACTOR
    )
    assert row.code == "SUP-7"
    assert registry.get_supplier(db, "Sup-7").id == row.id
