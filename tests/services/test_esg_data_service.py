import gc
from datetime import date
from decimal import Decimal

import pytest

from esg_builders import CHECKER, MAKER, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.errors import ConflictError, InvalidInputError, NotFoundError
from supplyesg.domain.metrics import Breakdown
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.submissions import ReviewAction, ReviewStatus
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry


def _refusal(error: pytest.ExceptionInfo[InvalidInputError]) -> list[tuple[str, str]]:
    return [(p.field, p.reason) for p in error.value.problems]


def test_the_organisation_is_a_tree_under_its_group(db: Database) -> None:
    organisation(db)
    found = esg_organisation.organisation(db)
    assert found.root == "GRP"
    assert found.children == {"GRP": ("HK1", "QT"), "QT": ("CQ1",)}
    assert found.entities["HK1"].electricity_grid == "HK"
    assert [fy.label for fy in esg_organisation.financial_years(db)] == ["FY2024", "FY2025"]


def test_an_entity_under_an_unknown_parent_is_refused(db: Database) -> None:
    organisation(db)
    with pytest.raises(InvalidInputError) as error:
        esg_organisation.save_entity(
            db, ReportingEntity("X1", "Plant", EntityKind.SITE, "CN", parent="NOPE")
        )
    assert _refusal(error) == [("parent", "is not a known entity")]


def test_an_entity_with_children_cannot_be_removed(db: Database) -> None:
    organisation(db)
    with pytest.raises(ConflictError):
        esg_organisation.remove_entity(db, "QT")
    esg_organisation.remove_entity(db, "CQ1")
    assert "CQ1" not in esg_organisation.organisation(db).entities


def test_financial_years_cannot_overlap(db: Database) -> None:
    organisation(db)
    with pytest.raises(ConflictError, match="already exists"):
        esg_organisation.add_financial_year(db, date(2025, 1, 1))
    with pytest.raises(ConflictError, match="overlap FY2025"):
        esg_organisation.add_financial_year(db, date(2025, 4, 1))


def test_a_value_is_stored_in_the_metric_unit_with_what_was_typed(db: Database) -> None:
    organisation(db)
    value_id = submit(db, "CQ1", "electricity_purchased", "2025-03", "1,250.5", "MWh")
    record = esg_data.get_value(db, value_id)
    row = record.row
    assert (record.entity, row.year, row.slice) == ("CQ1", 2025, "M03")
    assert (row.value, row.unit) == (Decimal("1250500"), "kWh")
    assert (row.entered_value, row.entered_unit) == (Decimal("1250.5"), "MWh")
    assert (row.status, row.submitted_by) == ("submitted", MAKER)


def test_litres_of_electricity_are_refused_with_the_reason(db: Database) -> None:
    organisation(db)
    with pytest.raises(InvalidInputError) as error:
        submit(db, "CQ1", "electricity_purchased", "2025", "100", "L")
    assert _refusal(error) == [
        (
            "unit",
            "L measures a volume, but the value must be an energy in kWh (electricity_purchased)",
        )
    ]


def test_every_problem_of_an_entry_is_listed_at_once(db: Database) -> None:
    organisation(db)
    with pytest.raises(InvalidInputError) as error:
        esg_data.submit_value(
            db, Entry("NOPE", "workforce", "2030", "12.5", "persons", "colour=red"), MAKER
        )
    assert [field for field, _ in _refusal(error)] == ["entity", "period", "value", "breakdown"]


def test_a_year_entered_whole_cannot_take_months_too(db: Database) -> None:
    organisation(db)
    submit(db, "CQ1", "water_consumption", "2025", "1000", "m3")
    with pytest.raises(InvalidInputError) as error:
        submit(db, "CQ1", "water_consumption", "2025-02", "80", "m3")
    assert "already entered by year (FY)" in error.value.problems[0].reason


def test_maker_checker_keeps_every_change_and_locks_approved_values(db: Database) -> None:
    organisation(db)
    value_id = submit(db, "CQ1", "water_consumption", "2025", "1000", "tonnes")
    with pytest.raises(InvalidInputError, match="cannot be approved"):
        esg_data.review_value(db, value_id, ReviewAction.APPROVE, MAKER)
    with pytest.raises(InvalidInputError) as returned_without_comment:
        esg_data.review_value(db, value_id, ReviewAction.RETURN, CHECKER, " ")
    assert _refusal(returned_without_comment)[0][0] == "comment"
    esg_data.review_value(db, value_id, ReviewAction.RETURN, CHECKER, "Meter read twice")
    submit(db, "CQ1", "water_consumption", "2025", "950", "m3")
    approved = esg_data.review_value(db, value_id, ReviewAction.APPROVE, CHECKER)
    assert (approved.row.status, approved.row.reviewed_by) == ("approved", CHECKER)
    with pytest.raises(InvalidInputError, match="cannot be recorded") as locked:
        submit(db, "CQ1", "water_consumption", "2025", "900", "m3")
    assert "locked" in locked.value.problems[0].reason
    esg_data.review_value(db, value_id, ReviewAction.REOPEN, CHECKER, "Utility corrected bill")
    history = [
        (
            h.action,
            h.actor,
            h.before_value,
            h.after_value,
            h.before_status,
            h.after_status,
            h.comment,
        )
        for h in esg_data.value_history(db, value_id)
    ]
    assert history == [
        ("submit", MAKER, None, Decimal("1000"), "", "submitted", ""),
        (
            "return",
            CHECKER,
            Decimal("1000"),
            Decimal("1000"),
            "submitted",
            "returned",
            "Meter read twice",
        ),
        ("submit", MAKER, Decimal("1000"), Decimal("950"), "returned", "submitted", ""),
        ("approve", CHECKER, Decimal("950"), Decimal("950"), "submitted", "approved", ""),
        (
            "reopen",
            CHECKER,
            Decimal("950"),
            Decimal("950"),
            "approved",
            "returned",
            "Utility corrected bill",
        ),
    ]


def test_approving_several_values_is_all_or_nothing(db: Database) -> None:
    organisation(db)
    first = submit(db, "CQ1", "water_consumption", "2025", "1000", "m3")
    second = submit(db, "HK1", "water_consumption", "2025", "10", "m3")
    esg_data.review_value(db, second, ReviewAction.RETURN, CHECKER, "Wrong office")
    with pytest.raises(InvalidInputError, match="none was") as error:
        esg_data.approve_values(db, [first, second], CHECKER)
    assert [p.field for p in error.value.problems] == [f"values[{second}].status"]
    assert esg_data.get_value(db, first).row.status == "submitted"
    assert esg_data.approve_values(db, [first], CHECKER) == 1


def test_an_unknown_value_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        esg_data.review_value(db, 999_999, ReviewAction.APPROVE, CHECKER)


def test_months_and_sites_roll_up_into_the_group_figures(db: Database) -> None:
    organisation(db)
    for month in range(1, 13):
        submit(db, "CQ1", "electricity_purchased", f"2025-{month:02d}", "100000", "kWh")
    submit(db, "HK1", "electricity_purchased", "2025", "48", "MWh")
    submit(db, "CQ1", "workforce", "2025", "900", "persons", "gender=male")
    submit(db, "CQ1", "workforce", "2025", "100", "persons", "gender=female")
    submit(db, "CQ1", "employees_left", "2025", "45", "persons", "gender=male")
    submit(db, "CQ1", "employees_left", "2025", "5", "persons", "gender=female")
    figures = esg_data.year_figures(db, 2025)
    assert figures.total("electricity_purchased") == Decimal("1248000")
    assert figures.total("workforce") == Decimal("1000")
    turnover = figures.ratios["turnover_rate"]
    assert turnover.total == Decimal("5")
    assert turnover.by("gender") == (("female", Decimal("5")), ("male", Decimal("5")))
    assert figures.figures["workforce"].part(Breakdown("gender", "male")) == Decimal("900")
    assert esg_data.year_figures(db, 2025, approved_only=True).total("workforce") is None


def test_values_are_listed_page_by_page(db: Database) -> None:
    organisation(db)
    ids = [
        submit(db, "CQ1", "electricity_purchased", f"2025-{m:02d}", "1", "kWh") for m in (1, 2, 3)
    ]
    first = esg_data.list_values(db, year=2025, entity="CQ1", limit=2)
    assert [r.row.id for r in first.items] == ids[:2]
    rest = esg_data.list_values(db, year=2025, after_id=first.next_after)
    assert ([r.row.id for r in rest.items], rest.next_after) == (ids[2:], None)
    assert esg_data.list_values(db, status=ReviewStatus.APPROVED).items == []


def test_explanations_are_kept_per_year_and_subject(db: Database) -> None:
    organisation(db)
    esg_data.explain(db, 2025, esg_data.ExplanationKind.OMISSION, "A2.5", "Trucks ship bare", MAKER)
    esg_data.explain(db, 2025, esg_data.ExplanationKind.OMISSION, "A2.5", "Not material", MAKER)
    with pytest.raises(InvalidInputError):
        esg_data.explain(db, 2025, esg_data.ExplanationKind.CHANGE, "Z9.9", "?", MAKER)
    assert [(e.subject, e.text) for e in esg_data.explanations(db, 2025)] == [
        ("A2.5", "Not material")
    ]


def test_a_converted_value_is_kept_to_the_ten_decimals_storage_holds(db: Database) -> None:
    organisation(db)
    value_id = submit(db, "CQ1", "electricity_purchased", "2025", "1", "GJ")
    row = esg_data.get_value(db, value_id).row
    assert (row.value, row.entered_value) == (Decimal("277.7777777778"), Decimal("1"))
    with pytest.raises(InvalidInputError) as error:
        submit(db, "CQ1", "water_consumption", "2025", "1.00000000001", "m3")
    assert _refusal(error) == [("value", "has more than 10 decimal places")]


def test_collection_is_paused_inside_and_left_as_it_was_after() -> None:
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        with esg_data.collection_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with esg_data.collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()
