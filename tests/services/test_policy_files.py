from datetime import date
from pathlib import Path

import pytest

from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError, InvalidInputError
from supplyesg.domain.policy import Policy
from supplyesg.services.policy_files import (
    POLICY_DIRECTORY,
    policy_by_version,
    policy_editions,
    policy_for,
    read_policy,
    shipped_editions,
)

SHIPPED = (POLICY_DIRECTORY / "2026-01.yaml").read_text(encoding="utf-8")


def test_the_shipped_edition_holds_the_manuals_values(db: Database) -> None:
    assert read_policy(POLICY_DIRECTORY / "2026-01.yaml") == Policy()
    assert policy_by_version(db, "2026-01") == Policy()


def test_the_edition_in_force_is_picked_by_date(db: Database, tmp_path: Path) -> None:
    (tmp_path / "2024-01.yaml").write_text(SHIPPED.replace('"2026-01"', '"2024-01"'))
    later = SHIPPED.replace('"2026-01"', '"2026-07"').replace("2000-01-01", "2026-07-01")
    (tmp_path / "2026-07.yaml").write_text(
        later.replace("audit_cycle_months: 12", "audit_cycle_months: 6")
    )
    shipped_editions.cache_clear()
    assert policy_for(db, date(2026, 6, 30), tmp_path).version == "2024-01"
    assert policy_for(db, date(2026, 7, 1), tmp_path).audit_cycle_months == 6
    with pytest.raises(DomainError, match="No policy edition is in force on 1999-12-31"):
        policy_for(db, date(1999, 12, 31), tmp_path)


def test_without_a_policy_directory_the_built_in_edition_applies(
    db: Database, tmp_path: Path
) -> None:
    assert shipped_editions(tmp_path / "nowhere") == (Policy(),)
    assert policy_editions(db, tmp_path / "nowhere") == (Policy(),)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("audit_cycle_months: 12", "audit_cycle_months: 0"), "audit_cycle_months"),
        (("audit_cycle_months: 12\n", ""), "audit_cycle_months"),
        (('minor_credit: "0.5"', 'minor_credit: "half"'), "minor_credit"),
        (('minor_credit: "0.5"', "minor_credit: true"), "minor_credit"),
        (("low_risk_score: 1", "low_risk_score: 2"), "low_risk_score"),
        (("effective_from: 2000-01-01", "effective_from: someday"), "effective_from"),
        (("high_risk_plan_months: 3", "high_risk_plan_months: 3\nplan_months: 4"), "plan_months"),
    ],
)
def test_a_broken_policy_file_names_the_setting(
    tmp_path: Path, change: tuple[str, str], field: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SHIPPED.replace(*change))
    with pytest.raises(InvalidInputError) as refused:
        read_policy(path)
    assert [p.field for p in refused.value.problems] == [field]
    assert refused.value.detail == "The policy in bad.yaml is not valid."


def test_a_policy_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(InvalidInputError, match="not a mapping"):
        read_policy(path)
