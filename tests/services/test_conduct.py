import io
from dataclasses import replace

import pytest

from supplyesg.db.session import Database
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import ConflictError, InvalidInputError, NotFoundError
from supplyesg.services import conduct, conduct_files

HEADER = "version,title,effective_from,id,pillar,text,weight,zero_tolerance\n"
ROWS = (
    "2027,Code 2027,2027-01-01,ENV-01,environment,Holds its permits,2,false\n"
    "2027,Code 2027,2027-01-01,LAB-01,Labour and human rights,Employs no child,3,yes\n"
    "2027,Code 2027,2027-01-01,HS-01,health_and_safety,Assesses hazards,1,\n"
    "2027,Code 2027,2027-01-01,ETH-01,ethics_and_governance,Offers no bribe,3,true\n"
)


def test_the_default_code_covers_every_pillar_and_the_zero_tolerance_topics(db: Database) -> None:
    row = conduct.install_default_code(db)
    code = conduct.get_code(db, row.version)
    assert code.version == "2026"
    assert len(code.requirements) == 32
    assert {p: len(code.in_pillar(p)) for p in Pillar} == {
        Pillar.ENVIRONMENT: 8,
        Pillar.LABOUR: 9,
        Pillar.HEALTH_AND_SAFETY: 7,
        Pillar.ETHICS: 8,
    }
    assert [r.id for r in code.requirements if r.zero_tolerance] == [
        "LAB-01",
        "LAB-02",
        "ETH-01",
        "ETH-02",
    ]
    assert conduct.install_default_code(db).id == row.id


def test_a_version_is_stored_once(db: Database) -> None:
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    with pytest.raises(ConflictError) as refused:
        conduct.import_code(db, replace(code, title="Another text"))
    assert refused.value.problems[0].field == "version"


def test_a_sheet_of_requirements_is_imported_with_labels_or_values(db: Database) -> None:
    row = conduct.import_code_file(db, (HEADER + ROWS).encode(), "code.csv")
    code = conduct.get_code(db, "2027")
    assert (row.title, str(row.effective_from)) == ("Code 2027", "2027-01-01")
    assert [(r.id, r.pillar, str(r.weight), r.zero_tolerance) for r in code.requirements] == [
        ("ENV-01", Pillar.ENVIRONMENT, "2", False),
        ("LAB-01", Pillar.LABOUR, "3", True),
        ("HS-01", Pillar.HEALTH_AND_SAFETY, "1", False),
        ("ETH-01", Pillar.ETHICS, "3", True),
    ]


def test_the_code_round_trips_through_xlsx(db: Database) -> None:
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    buffer = io.BytesIO()
    conduct_files.write_code(code, buffer, "xlsx")
    assert conduct_files.read_code(buffer.getvalue(), "code.xlsx") == code


def test_every_bad_row_is_reported_and_nothing_is_written(db: Database) -> None:
    bad = (
        ROWS.replace("ENV-01,environment", "env 1,planet")
        .replace(",3,yes", ",heavy,maybe")
        .replace("Code 2027,2027-01-01,HS-01", "Code 2028,2027-01-01,HS-01")
    )
    with pytest.raises(InvalidInputError) as refused:
        conduct.import_code_file(db, (HEADER + bad).encode(), "code.csv")
    assert sorted((p.row or 0, p.field) for p in refused.value.problems) == [
        (2, "id"),
        (2, "pillar"),
        (3, "weight"),
        (3, "zero_tolerance"),
        (4, "title"),
    ]
    with pytest.raises(NotFoundError):
        conduct.get_code(db, "2027")


def test_a_sheet_without_a_needed_column_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        conduct.import_code_file(db, b"id,text\nENV-01,x\n", "code.csv")
    assert [p.field for p in refused.value.problems] == [
        "version",
        "title",
        "effective_from",
        "pillar",
        "weight",
    ]


def test_a_yaml_code_with_an_unknown_field_is_refused(db: Database) -> None:
    text = (
        b"version: x1\ntitle: T\neffective_from: 2026-01-01\nrequirements:\n"
        b"  - {id: ENV-01, pillar: environment, text: t, colour: red}\n"
    )
    with pytest.raises(InvalidInputError) as refused:
        conduct.import_code_file(db, text, "code.yaml")
    fields = [(p.field, p.row) for p in refused.value.problems]
    assert ("colour", 1) in fields
    assert ("requirements", None) in fields  # three pillars have no requirement


def test_an_unused_version_can_be_removed(db: Database) -> None:
    conduct.import_code_file(db, (HEADER + ROWS).encode(), "code.csv")
    conduct.delete_code(db, "2027")
    assert [c.version for c in conduct.list_codes(db)] == []
