"""Importing and exporting the supplier registry as CSV and XLSX files."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supplyesg.db.audit_trail import AuditEntryRow
from supplyesg.db.models import SupplierRow, SupplierStatusChangeRow, SupplyLinkRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.suppliers import Contact, SupplierProfile, SupplierStatus
from supplyesg.services import supplier_files, supply_chain, tabular
from supplyesg.services import suppliers as registry
from supplyesg.services.supplier_files import ImportSummary

ACTOR = "importer@example.com"
HEADER = (
    "code,legal_name,country,region,city,category,tier,key_sub_supplier,annual_spend,"
    "currency,status,supplies_to,contacts"
)


def import_text(db: Database, text: str, name: str = "suppliers.csv") -> ImportSummary:
    return supplier_files.import_file(db, text.encode(), name, ACTOR)


def problems_of(db: Database, source: bytes | Path, name: str) -> list[tuple[object, ...]]:
    with pytest.raises(InvalidInputError) as refused:
        supplier_files.import_file(db, source, name, ACTOR)
    return [(p.row, p.field, p.value, p.reason) for p in refused.value.problems]


def count(db: Database, table: type[object]) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def rows_of(source: Path | bytes, fmt: str) -> list[dict[str, str]]:
    return [cells for _row, cells in tabular.read_rows(source, fmt)]


def register(
    db: Database,
    code: str,
    tier: int = 1,
    status: SupplierStatus = SupplierStatus.PROSPECTIVE,
    **fields: object,
) -> None:
    given: dict[str, object] = {
        "legal_name": f"{code} Co. Ltd.",
        "country": "CN",
        "category": "steel",
        **fields,
    }
    profile = SupplierProfile(code=code, tier=tier, **given)  # type: ignore[arg-type]
    registry.create_supplier(db, profile, "tester", status)


# -- round trips -----------------------------------------------------------------------


def test_a_csv_file_imports_and_exports_back_to_the_same_rows(
    db: Database, data_dir: Path, tmp_path: Path
) -> None:
    source = data_dir / "suppliers.csv"
    summary = supplier_files.import_file(db, source, source.name, ACTOR)
    assert summary == ImportSummary(
        created=4,
        updated=0,
        unchanged=0,
        status_changes=0,
        links_added=3,
        links_removed=0,
        encoding="utf-8",
    )
    exported = tmp_path / "out.csv"
    assert supplier_files.export_file(db, exported, "csv") == 4
    assert rows_of(exported, "csv") == rows_of(source, "csv")


def test_an_xlsx_file_imports_and_exports_back_to_the_same_rows(
    db: Database, data_dir: Path, tmp_path: Path
) -> None:
    expected = rows_of(data_dir / "suppliers.csv", "csv")
    workbook = tmp_path / "suppliers.xlsx"
    tabular.write_table(
        workbook, "xlsx", list(expected[0]), [list(row.values()) for row in expected]
    )
    summary = supplier_files.import_file(db, workbook, workbook.name, ACTOR)
    assert (summary.created, summary.links_added) == (4, 3)
    exported = tmp_path / "out.xlsx"
    supplier_files.export_file(db, exported, "xlsx")
    assert rows_of(exported, "xlsx") == expected


def test_imported_values_are_stored_as_typed_facts(db: Database, data_dir: Path) -> None:
    supplier_files.import_file(db, data_dir / "suppliers.csv", "suppliers.csv", ACTOR)
    axle = registry.get_supplier(db, "AX-001")
    assert axle.annual_spend == Decimal("12500000.5")
    assert axle.status == "active"
    assert [(c.name, c.email, c.phone) for c in axle.contacts] == [
        ("Li Wei", "li.wei@hengtong-axle.example", "+86 23 6123 4567"),
        ("Zhang Min", "zhang.min@hengtong-axle.example", ""),
    ]
    forging = registry.get_supplier(db, "FG-220")
    assert (forging.tier, forging.is_key_sub_supplier) == (2, True)
    upstream = supply_chain.chain_of(db, "ST-300", towards_customers=True)
    assert [(m.supplier.code, m.depth) for m in upstream.members] == [
        ("FG-220", 1),
        ("AX-001", 2),
        ("CS-014", 2),
    ]


def test_new_suppliers_get_their_first_status_recorded(db: Database, data_dir: Path) -> None:
    supplier_files.import_file(db, data_dir / "suppliers.csv", "suppliers.csv", ACTOR)
    history = registry.status_history(db, "CS-014")
    assert [(h.from_status, h.to_status, h.reason, h.changed_by) for h in history] == [
        (None, "conditionally_accepted", "registered", ACTOR)
    ]
    # Timestamps written in bulk compare equal to themselves in SQL, like any other row.
    with db.transaction() as session:
        row = session.scalars(select(SupplierRow).where(SupplierRow.code == "CS-014")).one()
        again = select(SupplierRow.code).where(SupplierRow.created_at == row.created_at)
        assert session.scalars(again).all() == [
            "AX-001",
            "CS-014",
            "FG-220",
            "ST-300",
        ]


# -- every problem of a bad file, and nothing written -------------------------------------


STATUSES = "prospective, active, conditionally_accepted, suspended, terminated"
CONTACT_FORM = "each contact must read 'Name <e-mail> (phone)'; e-mail and phone are optional"
SPEND_FORM = "must be a number such as 1250000.50 (up to 18 digits, and 10 after the point)"
CODE_FORM = "must be 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit"


def test_a_file_with_bad_rows_reports_every_problem_and_writes_nothing(
    db: Database, data_dir: Path
) -> None:
    found = problems_of(db, data_dir / "suppliers_bad.csv", "suppliers_bad.csv")
    assert found == [
        (3, "country", "XX", "not an ISO 3166-1 alpha-2 country code"),
        (4, "code", "OK-1", "appears more than once in the file (first on row 2)"),
        (5, "annual_spend", "-5", "must be zero or a positive amount"),
        (6, "annual_spend", "lots", SPEND_FORM),
        (7, "currency", "RMB", "not an ISO 4217 currency code"),
        (8, "supplies_to", "NOBODY-9", "no supplier has this code, in the file or in the registry"),
        (9, "tier", "2.5", "must be a whole number from 1 to 10"),
        (10, "tier", "11", "must be a whole number from 1 to 10"),
        (11, "key_sub_supplier", "maybe", "must be yes or no"),
        (12, "status", "dormant", f"must be one of: {STATUSES}"),
        (13, "contacts", "Li Wei <li.wei@bad-contact.example", CONTACT_FORM),
        (13, "contacts[2].email", "not-an-email", "is not an e-mail address"),
        (
            14,
            "supplies_to",
            "CYC-B",
            "this link would make a cycle: CYC-A -> CYC-B -> CYC-A",
        ),
        (16, "supplies_to", "SELF-1", "a supplier cannot supply itself"),
        (17, "legal_name", "", "is required"),
        (
            18,
            "key_sub_supplier",
            "yes",
            "only a sub-supplier (tier 2 or deeper) can be a key sub-supplier",
        ),
        (19, "code", "BAD CODE!", CODE_FORM),
    ]
    assert count(db, SupplierRow) == 0
    assert count(db, SupplyLinkRow) == 0


def test_missing_and_unknown_columns_are_reported_on_the_header_row(db: Database) -> None:
    text = "code,legal_name,country,category,colour\nA-1,A Co.,CN,steel,red\n"
    assert problems_of(db, text.encode(), "s.csv") == [
        (1, "tier", None, "this required column is missing"),
        (
            1,
            "colour",
            None,
            "is not a column of a supplier file; the columns are: "
            + HEADER.replace(",", ", ")
            + ", relationship_started_on, relationship_ended_on",
        ),
    ]


def test_a_link_closing_a_loop_with_stored_links_is_refused(db: Database) -> None:
    register(db, "T1", tier=1)
    register(db, "T2", tier=2)
    supply_chain.add_link(db, "T2", "T1")
    text = f"{HEADER}\nT1,T1 Co. Ltd.,CN,,,steel,1,no,0,CNY,,T2,\n"
    assert problems_of(db, text.encode(), "loop.csv") == [
        (2, "supplies_to", "T2", "this link would make a cycle: T1 -> T2 -> T1"),
    ]


def test_a_file_that_is_not_a_workbook_is_refused_clearly(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        supplier_files.import_file(db, b"not a zip", "suppliers.xlsx", ACTOR)
    assert refused.value.problems[0].field == "file"
    assert "not an XLSX workbook" in refused.value.problems[0].reason


def test_a_file_of_another_kind_is_refused_by_its_extension(db: Database) -> None:
    assert problems_of(db, b"code\n", "suppliers.txt") == [
        (None, "file", "suppliers.txt", "must end in .csv or .xlsx")
    ]


# -- upsert by code --------------------------------------------------------------------


def test_known_codes_are_updated_and_a_changed_status_is_recorded(db: Database) -> None:
    register(db, "SUP-1", legal_name="Old Name Co.")
    registry.change_status(db, "SUP-1", SupplierStatus.ACTIVE, "onboarded", "tester")
    text = f"{HEADER}\nSUP-1,New Name Co.,CN,,,steel,1,no,10,CNY,suspended,,\n"
    summary = import_text(db, text, "march.csv")
    assert summary == ImportSummary(
        created=0,
        updated=1,
        unchanged=0,
        status_changes=1,
        links_added=0,
        links_removed=0,
        encoding="utf-8",
    )
    row = registry.get_supplier(db, "SUP-1")
    assert (row.legal_name, row.annual_spend, row.status) == (
        "New Name Co.",
        Decimal("10"),
        "suspended",
    )
    latest = registry.status_history(db, "SUP-1")[0]
    assert (latest.from_status, latest.to_status, latest.reason, latest.changed_by) == (
        "active",
        "suspended",
        "imported from march.csv",
        ACTOR,
    )


def test_a_status_move_the_rules_forbid_is_refused(db: Database) -> None:
    register(db, "SUP-1")
    registry.change_status(db, "SUP-1", SupplierStatus.TERMINATED, "closed", "tester")
    text = f"{HEADER}\nSUP-1,SUP-1 Co. Ltd.,CN,,,steel,1,no,0,CNY,active,,\n"
    assert problems_of(db, text.encode(), "s.csv") == [
        (
            2,
            "status",
            "active",
            "cannot move from terminated to active; allowed: prospective",
        )
    ]


def test_columns_left_out_keep_what_is_stored(db: Database) -> None:
    register(db, "SUP-1", contacts=(Contact("Li Wei", "li@x.example"),), currency="EUR")
    summary = import_text(db, "code,legal_name,country,category,tier\nSUP-1,Renamed,CN,steel,1\n")
    assert (summary.updated, summary.status_changes) == (1, 0)
    row = registry.get_supplier(db, "SUP-1")
    assert (row.legal_name, row.currency, row.status) == ("Renamed", "EUR", "prospective")
    assert [(c.name, c.email) for c in row.contacts] == [("Li Wei", "li@x.example")]


def test_an_unchanged_row_is_counted_and_left_alone(db: Database, data_dir: Path) -> None:
    supplier_files.import_file(db, data_dir / "suppliers.csv", "suppliers.csv", ACTOR)
    before = registry.get_supplier(db, "AX-001").updated_at
    summary = supplier_files.import_file(db, data_dir / "suppliers.csv", "again.csv", ACTOR)
    assert summary == ImportSummary(
        created=0,
        updated=0,
        unchanged=4,
        status_changes=0,
        links_added=0,
        links_removed=0,
        encoding="utf-8",
    )
    assert registry.get_supplier(db, "AX-001").updated_at == before


def test_supplies_to_replaces_the_customers_of_the_sub_supplier(db: Database) -> None:
    for code in ("A", "B", "C"):
        register(db, code, tier=1)
    register(db, "S", tier=2)
    kept = supply_chain.add_link(db, "S", "A")
    supply_chain.add_link(db, "S", "B")
    summary = import_text(db, f"{HEADER}\nS,S Co. Ltd.,CN,,,steel,2,no,0,CNY,,A; C,\n")
    assert (summary.links_added, summary.links_removed, summary.unchanged) == (1, 1, 1)
    links = supply_chain.links_of(db, "S")
    assert sorted((sub.code, customer.code) for _, sub, customer in links) == [
        ("S", "A"),
        ("S", "C"),
    ]
    assert {row.id for row, _, _ in links} >= {kept.id}


def test_a_parent_may_be_in_the_registry_or_later_in_the_file(db: Database) -> None:
    register(db, "STORED", tier=1)
    text = (
        f"{HEADER}\n"
        "SUB,Sub Co.,CN,,,steel,2,no,0,CNY,,STORED; LATER,\n"
        "LATER,Later Co.,CN,,,steel,1,no,0,CNY,,,\n"
    )
    assert import_text(db, text).links_added == 2
    assert count(db, SupplierStatusChangeRow) == 3


# -- file details ----------------------------------------------------------------------


DAY_FORMAT = "YYYY-MM-DD, or empty when not known"
STARTED = "the relationship started"


def test_the_relationship_days_are_imported_and_a_bad_day_names_its_row(db: Database) -> None:
    data = f"{HEADER},relationship_started_on,relationship_ended_on\n"
    good = data + "R-1,R Co.,CN,,,steel,1,no,0,CNY,active,,,2015-03-02,2024-06-30\n"
    import_text(db, good)
    row = registry.get_supplier(db, "R-1")
    assert (row.relationship_started_on, row.relationship_ended_on) == (
        date(2015, 3, 2),
        date(2024, 6, 30),
    )
    bad = data + "R-2,R Co.,CN,,,steel,1,no,0,CNY,active,,,2015-13-02,2014-01-01\n"
    assert problems_of(db, bad.encode(), "s.csv") == [
        (
            2,
            "relationship_started_on",
            "2015-13-02",
            "must be a day written YYYY-MM-DD, or empty when not known",
        )
    ]
    backwards = data + "R-3,R Co.,CN,,,steel,1,no,0,CNY,active,,,2015-03-02,2014-01-01\n"
    assert problems_of(db, backwards.encode(), "s.csv") == [
        (
            2,
            "relationship_ended_on",
            "2014-01-01",
            "is before the day the relationship started (2015-03-02)",
        )
    ]


def test_csv_saved_by_excel_in_china_is_read_as_gb18030(db: Database) -> None:
    text = f"{HEADER}\nGB-1,武汉恒通车桥有限公司,CN,湖北,武汉,axles,1,no,0,CNY,,,\n"
    import_text_bytes = text.encode("gb18030")
    supplier_files.import_file(db, import_text_bytes, "gb.csv", ACTOR)
    row = registry.get_supplier(db, "GB-1")
    assert (row.legal_name, row.region, row.city) == ("武汉恒通车桥有限公司", "湖北", "武汉")


def test_blank_rows_are_skipped_and_rows_keep_their_file_numbers(db: Database) -> None:
    text = f"\n{HEADER}\n\n,,,,,,,,,,,,\nA-1,,CN,,,steel,1,no,0,CNY,,,\n"
    assert problems_of(db, text.encode(), "s.csv") == [(5, "legal_name", "", "is required")]


def test_an_export_lists_every_supplier_in_code_order(db: Database) -> None:
    register(db, "B-2", tier=1, annual_spend=Decimal("1250000.5000"))
    register(db, "A-1", tier=2, is_key_sub_supplier=True, contacts=(Contact("Li", "", "1"),))
    supply_chain.add_link(db, "A-1", "B-2")
    target = io.BytesIO()
    assert supplier_files.export_file(db, target, "csv") == 2
    assert target.getvalue().decode("utf-8-sig").splitlines() == [
        f"{HEADER},relationship_started_on,relationship_ended_on",
        "A-1,A-1 Co. Ltd.,CN,,,steel,2,yes,0,CNY,prospective,B-2,Li (1),,",
        "B-2,B-2 Co. Ltd.,CN,,,steel,1,no,1250000.5,CNY,prospective,,,,",
    ]


def test_an_import_leaves_one_summary_in_the_audit_trail(db: Database, data_dir: Path) -> None:
    supplier_files.import_file(db, data_dir / "suppliers.csv", "suppliers.csv", ACTOR)
    supplier_files.import_file(db, data_dir / "suppliers.csv", "again.csv", ACTOR)  # no change
    with db.transaction() as session:
        entries = session.scalars(
            select(AuditEntryRow).where(AuditEntryRow.action == "bulk_import")
        ).all()
        assert [(e.actor, e.table_name, e.after) for e in entries] == [
            (
                ACTOR,
                "supplier",
                {
                    "rows": 4,
                    "source": "suppliers.csv",
                    "created": 4,
                    "updated": 0,
                    "unchanged": 0,
                    "status_changes": 0,
                    "links_added": 3,
                    "links_removed": 0,
                    "encoding": "utf-8",
                },
            )
        ]


# -- formulas (CSV injection) -------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (HOSTILE, f"'{HOSTILE}"),
        ("+86 10 1234", "'+86 10 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Jinan Cab Systems", "Jinan Cab Systems"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_a_csv_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(
    text: str, written: str
) -> None:
    assert tabular.neutralised(text) == written
    assert tabular.restored(written) == text


def test_a_supplier_named_like_a_formula_is_exported_inert_and_imports_back_unchanged(
    db: Database, tmp_path: Path
) -> None:
    register(db, "EVIL-1", legal_name=HOSTILE, category="-steel")
    exported = tmp_path / "out.csv"
    supplier_files.export_file(db, exported, "csv")
    text = exported.read_text(encoding="utf-8-sig")
    assert f"'{HOSTILE}".replace('"', '""') in text
    assert ",-steel" not in text
    assert ",'-steel" in text
    assert [row["legal_name"] for row in rows_of(exported, "csv")] == [HOSTILE]
    summary = supplier_files.import_file(db, exported, exported.name, ACTOR)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)


def test_an_xlsx_export_keeps_a_formula_like_name_as_a_string_cell(
    db: Database, tmp_path: Path
) -> None:
    register(db, "EVIL-1", legal_name=HOSTILE)
    exported = tmp_path / "out.xlsx"
    supplier_files.export_file(db, exported, "xlsx")
    with zipfile.ZipFile(exported) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
        strings = (
            workbook.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in workbook.namelist()
            else ""
        )
    assert "<f>" not in sheet
    assert "HYPERLINK" in strings + sheet
    assert [row["legal_name"] for row in rows_of(exported, "xlsx")] == [HOSTILE]
