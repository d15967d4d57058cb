"""CSV files saved in the encodings Excel uses around Asia are read as their authors wrote them."""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from sqlalchemy import func, select

from supplyesg.db.models import SupplierRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.services import supplier_files, tabular
from supplyesg.services import suppliers as registry

ACTOR = "importer@example.com"
HEADER = "code,legal_name,country,region,city,category,tier,currency"

FILES = [
    ("TW-1,台灣精密鑄造股份有限公司,TW,臺中市,大雅區,castings,1,TWD", "cp950", "cp950"),
    ("GB-1,武汉恒通车桥有限公司,CN,湖北,武汉,axles,1,CNY", "gb18030", "gb18030"),
    ("JP-1,株式会社東京精密鋳造,JP,東京都,大田区,castings,1,JPY", "shift_jis", "cp932"),
    ("JP-2,トヨタ紡織株式会社,JP,愛知県,刈谷市,textiles,1,JPY", "cp932", "cp932"),
    ("KR-1,현대위아 주식회사,KR,경상남도,창원시,axles,1,KRW", "euc_kr", "euc_kr"),
    ("FR-1,Fonderie Générale de Bretagne,FR,Bretagne,Quimper,castings,1,EUR", "cp1252", "cp1252"),
    ("TW-2,臺灣精密鑄造股份有限公司,TW,臺中市,大雅區,castings,1,TWD", "utf-16", "utf-16"),
    ("TW-3,台灣精密鑄造股份有限公司,TW,臺中市,大雅區,castings,1,TWD", "utf-8-sig", "utf-8-sig"),
    ("TW-4,台灣精密鑄造股份有限公司,TW,臺中市,大雅區,castings,1,TWD", "utf-8", "utf-8"),
]


@pytest.mark.parametrize(("row", "saved_as", "read_as"), FILES, ids=[f[1] for f in FILES])
def test_a_csv_is_decoded_in_the_encoding_it_was_saved_in_and_the_import_names_it(
    db: Database, row: str, saved_as: str, read_as: str
) -> None:
    data = f"{HEADER}\r\n{row}\r\n".encode(saved_as)
    summary = supplier_files.import_file(db, data, "suppliers.csv", ACTOR)
    assert (summary.created, summary.encoding) == (1, read_as)
    code, legal_name, _country, region, city = row.split(",")[:5]
    supplier = registry.get_supplier(db, code)
    assert (supplier.legal_name, supplier.region, supplier.city) == (legal_name, region, city)


def test_utf16_big_endian_with_its_mark_is_read() -> None:
    data = f"{HEADER}\nTW-1,台灣精密鑄造股份有限公司,TW,,,castings,1,TWD\n".encode("utf-16-be")
    table = tabular.read_table(b"\xfe\xff" + data, "csv")
    assert table.encoding == "utf-16"
    assert [cells["legal_name"] for _, cells in table] == ["台灣精密鑄造股份有限公司"]


def test_an_xlsx_import_names_no_text_encoding(db: Database) -> None:
    workbook = BytesIO()
    tabular.write_table(
        workbook, "xlsx", HEADER.split(","), [["TW-1", "台灣精密", "TW", "", "", "x", "1", "TWD"]]
    )
    summary = supplier_files.import_file(db, workbook.getvalue(), "suppliers.xlsx", ACTOR)
    assert (summary.created, summary.encoding) == (1, None)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_file_of_random_bytes_is_refused_and_nothing_is_written(db: Database, seed: int) -> None:
    noise = random.Random(seed).randbytes(4000)
    with pytest.raises(InvalidInputError) as refused:
        supplier_files.import_file(db, f"{HEADER}\n".encode() + noise, "suppliers.csv", ACTOR)
    [problem] = refused.value.problems
    assert problem.field == "file"
    assert "could not be determined with confidence" in problem.reason
    assert "save it as CSV UTF-8" in problem.reason
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(SupplierRow)) == 0
