from datetime import date

import pytest

from programme_builders import HIGH, MEDIUM, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.models import AuditEntryRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy
from supplyesg.services import policy_editions, policy_files, portal, rating

TODAY = date(2026, 4, 1)
ACTOR = "esg.manager@example.com"


def settings(**changes: object) -> dict[str, object]:
    """The settings of the shipped edition as a policy file holds them, with some changed."""
    base = policy_files.settings_mapping(Policy())
    return {**base, "version": "2026-04", "effective_from": "2026-04-01", **changes}


def test_an_added_edition_is_in_force_from_its_start_day(db: Database) -> None:
    added = policy_editions.create_edition(
        db, settings(audit_cycle_months=6), "Twice-yearly audits", ACTOR, TODAY
    )
    assert (added.version, added.is_shipped, added.created_by) == ("2026-04", False, ACTOR)
    assert policy_files.policy_for(db, date(2026, 3, 31)).version == "2026-01"
    in_force = policy_files.policy_for(db, date(2026, 4, 1))
    assert (in_force.version, in_force.audit_cycle_months) == ("2026-04", 6)
    assert policy_files.policy_by_version(db, "2026-04") == in_force
    listed = policy_editions.list_editions(db)
    assert [(e.version, e.is_shipped, e.note) for e in listed] == [
        ("2026-01", True, ""),
        ("2026-04", False, "Twice-yearly audits"),
    ]


def test_decimals_are_stored_and_read_back_without_rounding(db: Database) -> None:
    policy_editions.create_edition(
        db, settings(min_esg_weight="0.0125", minor_credit=0.25), "Finer weights", ACTOR, TODAY
    )
    stored = policy_files.policy_by_version(db, "2026-04")
    assert (str(stored.min_esg_weight), str(stored.minor_credit)) == ("0.0125", "0.25")


def test_the_editions_are_read_once_per_session_and_again_after_a_change(db: Database) -> None:
    with db.transaction() as session:
        first = policy_files.policy_editions(session)
        assert policy_files.policy_editions(session) is first
        policy_editions.create_edition(db, settings(), "Cached no more", ACTOR, TODAY)
        assert policy_files.policy_editions(session) is first  # this session read before
        policy_files.forget_editions(session)
        assert [p.version for p in policy_files.policy_editions(session)] == ["2026-01", "2026-04"]


def test_a_quarter_rated_after_the_start_day_records_the_new_edition(db: Database) -> None:
    supplier(db, "MED")
    audited(db, date(2025, 12, 29), "MED", **MEDIUM)  # plan due 2026-06-29
    policy_editions.create_edition(
        db, settings(medium_risk_plan_months=3), "Plans due sooner", ACTOR, TODAY
    )
    first = rating.rate_quarter(db, Quarter(2026, 1))
    second = rating.rate_quarter(db, Quarter(2026, 2))
    assert (first.policy_version, second.policy_version) == ("2026-01", "2026-04")
    assert second.by_score == {-1: 1}  # plan due 2026-03-29 under the new edition: missed
    assert first.by_score == {0: 1}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"effective_from": "31/03/2026"}, "effective_from"),
        ({"audit_cycle_months": True}, "audit_cycle_months"),
        ({"minor_credit": "half"}, "minor_credit"),
        ({"version": "no spaces allowed"}, "version"),
        ({"unknown_setting": 1}, "unknown_setting"),
    ],
)
def test_an_invalid_edition_is_refused_with_the_setting_named(
    db: Database, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        policy_editions.create_edition(db, settings(**changes), "why", ACTOR, TODAY)
    assert [p.field for p in refused.value.problems] == [field]
    assert [p.version for p in policy_files.policy_editions(db)] == ["2026-01"]


def test_an_edition_needs_a_note_saying_why(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        policy_editions.create_edition(db, settings(), "  ", ACTOR, TODAY)
    assert [p.field for p in refused.value.problems] == ["note"]


def test_a_used_version_or_start_day_is_a_conflict(db: Database) -> None:
    policy_editions.create_edition(db, settings(), "first", ACTOR, TODAY)
    with pytest.raises(ConflictError) as same_version:
        policy_editions.create_edition(
            db, settings(effective_from="2026-05-01"), "again", ACTOR, TODAY
        )
    assert [p.field for p in same_version.value.problems] == ["version"]
    with pytest.raises(ConflictError) as same_day:
        policy_editions.create_edition(db, settings(version="2026-04b"), "again", ACTOR, TODAY)
    assert [p.field for p in same_day.value.problems] == ["effective_from"]


def test_a_scheduled_edition_may_be_withdrawn_and_the_trail_keeps_it(db: Database) -> None:
    policy_editions.create_edition(
        db, settings(effective_from="2026-05-01"), "Planned", ACTOR, TODAY
    )
    policy_editions.withdraw_edition(db, "2026-04", TODAY)
    assert [p.version for p in policy_files.policy_editions(db)] == ["2026-01"]
    with db.transaction() as session:
        actions = [
            e.action
            for e in session.query(AuditEntryRow).filter_by(table_name="policy_edition").all()
        ]
    assert actions == ["create", "delete"]


@pytest.mark.parametrize(
    ("version", "error"),
    [("2026-04", ConflictError), ("2026-01", ConflictError), ("nope", NotFoundError)],
)
def test_an_edition_in_force_shipped_or_unknown_cannot_be_withdrawn(
    db: Database, version: str, error: type[Exception]
) -> None:
    policy_editions.create_edition(db, settings(), "In force today", ACTOR, TODAY)
    with pytest.raises(error):
        policy_editions.withdraw_edition(db, version, TODAY)
    assert [p.version for p in policy_files.policy_editions(db)] == ["2026-01", "2026-04"]


def test_an_edition_shows_what_changed_against_the_one_before(db: Database) -> None:
    policy_editions.create_edition(
        db, settings(high_risk_plan_months=2), "Faster plans", ACTOR, TODAY
    )
    detail = policy_editions.edition_detail(db, "2026-04", TODAY)
    assert detail.previous == Policy()
    assert [(c.name, c.before, c.after) for c in detail.changes] == [
        ("high_risk_plan_months", 3, 2)
    ]
    assert (detail.in_force, detail.scheduled) == (True, False)
    shipped = policy_editions.edition_detail(db, "2026-01", TODAY)
    assert (shipped.previous, shipped.changes, shipped.in_force) == (None, [], False)
    assert policy_editions.in_force(db, date(2026, 3, 1)).policy == Policy()


def test_the_supplier_portal_judges_plan_deadlines_by_the_edition_in_force(db: Database) -> None:
    supplier(db, "MED")
    audit = audited(db, date(2025, 12, 29), "MED", **MEDIUM)  # six months: due 2026-06-29
    scope = portal.PortalScope(audit.supplier_id, "MED", "MED Ltd")
    [before] = portal.plans_due(db, scope, TODAY)
    assert before.deadline.due_on == date(2026, 6, 29)
    policy_editions.create_edition(
        db, settings(medium_risk_plan_months=3), "Plans due sooner", ACTOR, TODAY
    )
    [after] = portal.plans_due(db, scope, TODAY)
    assert after.deadline.due_on == date(2026, 3, 29)


# -- historical editions --------------------------------------------------------------------

LATER = date(2026, 12, 8)  # the day the history below is entered
AT_LATER = FixedClock.on(LATER)


def historical(**changes: object) -> dict[str, object]:
    return settings(version="2026-H", effective_from="2026-01-01", **changes)


def test_a_historical_edition_no_judgement_depends_on_is_stored(db: Database) -> None:
    added = policy_editions.add_edition(
        db, historical(audit_cycle_months=6), "Imported history", ACTOR, LATER, AT_LATER
    )
    assert added.rejudgement is None
    assert policy_files.policy_for(db, date(2025, 12, 31)).version == "2026-01"
    assert policy_files.policy_for(db, date(2026, 1, 1)).version == "2026-H"


def test_only_an_administrator_may_add_a_historical_edition(db: Database) -> None:
    with pytest.raises(ForbiddenError):
        policy_editions.add_edition(
            db, historical(), "Imported history", ACTOR, LATER, AT_LATER, may_change_history=False
        )
    future = settings(version="2027-01", effective_from="2027-01-01")
    added = policy_editions.add_edition(
        db, future, "Next year", ACTOR, LATER, AT_LATER, may_change_history=False
    )
    assert added.edition.version == "2027-01"


def test_a_historical_edition_under_stored_ratings_is_refused_with_what_depends(
    db: Database,
) -> None:
    supplier(db, "MED")
    audit = audited(db, date(2025, 10, 15), "MED", **MEDIUM)  # plan due 2026-04-15
    rating.rate_quarter(db, Quarter(2026, 1), clock=AT_LATER)
    with pytest.raises(ConflictError) as refused:
        policy_editions.add_edition(
            db, historical(medium_risk_plan_months=3), "Plans due sooner", ACTOR, LATER, AT_LATER
        )
    assert "from 2026-01-01" in refused.value.detail
    assert [(p.field, p.reason) for p in refused.value.problems] == [
        ("ratings", "1 stored: 1 in 2026Q1")
    ]
    assert audit.ended_on < date(2026, 1, 1)  # its result is not the new edition's to judge
    assert [p.version for p in policy_files.policy_editions(db)] == ["2026-01"]


def test_a_confirmed_historical_edition_rates_the_quarters_again_and_says_what_changed(
    db: Database,
) -> None:
    supplier(db, "MED")
    audited(db, date(2025, 10, 15), "MED", **MEDIUM)  # six months: due 2026-04-15
    rating.rate_quarter(db, Quarter(2026, 1), clock=AT_LATER)  # plan not due yet: 0
    added = policy_editions.add_edition(
        db,
        historical(medium_risk_plan_months=3),  # due 2026-01-15: missed by the quarter's end
        "Plans due sooner",
        "admin@example.com",
        LATER,
        AT_LATER,
        confirm_rejudge=True,
    )
    done = added.rejudgement
    assert done is not None
    assert [str(c) for c in done.changes] == ["MED 2026Q1: 0 -> -1"]
    assert [str(q) for q in done.quarters] == ["2026Q1"]
    [stored] = rating.list_ratings(db, Quarter(2026, 1), rating.RatingFilter()).items
    assert (stored.rating.score, stored.rating.policy_version) == (-1, "2026-H")
    with db.transaction() as session:
        [entry] = session.query(AuditEntryRow).filter_by(action="rejudge").all()
        assert (entry.table_name, entry.record_key) == ("policy_edition", "2026-H")
        assert entry.after is not None
        assert entry.after["confirmed_by"] == "admin@example.com"
        assert (entry.after["period_from"], entry.after["period_to"]) == ("2026-01-01", None)
        assert entry.after["rating_changes"] == ["MED 2026Q1: 0 -> -1"]


def test_a_confirmed_historical_edition_enforces_a_deadline_it_made_earlier(
    db: Database,
) -> None:
    supplier(db, "HI")
    audited(db, date(2026, 1, 5), "HI", **HIGH)  # three months: due 2026-04-05
    rating.enforce_plan_deadlines(db, date(2026, 3, 31), ACTOR, clock=AT_LATER)
    rating.rate_quarter(db, Quarter(2026, 1), clock=AT_LATER)  # high risk: -1
    with pytest.raises(ConflictError) as refused:
        policy_editions.add_edition(
            db, historical(high_risk_plan_months=1), "One month", ACTOR, LATER, AT_LATER
        )
    assert [p.field for p in refused.value.problems] == ["ratings", "audit_results"]
    added = policy_editions.add_edition(
        db,
        historical(high_risk_plan_months=1),  # due 2026-02-05: terminated from 2026-02-06
        "One month",
        ACTOR,
        LATER,
        AT_LATER,
        confirm_rejudge=True,
    )
    done = added.rejudgement
    assert done is not None
    assert done.enforced_as_of == date(2026, 3, 31)
    assert [(t.supplier_code, t.effective_on) for t in done.terminations] == [
        ("HI", date(2026, 2, 6))
    ]
    assert [str(c) for c in done.changes] == ["HI 2026Q1: -1 -> terminated"]


def test_a_termination_the_new_edition_no_longer_calls_for_stands_and_is_named_for_review(
    db: Database,
) -> None:
    supplier(db, "HI")
    audited(db, date(2026, 1, 5), "HI", **HIGH)  # three months: terminated from 2026-04-06
    [done] = rating.enforce_plan_deadlines(db, date(2026, 4, 30), ACTOR, clock=AT_LATER)
    assert done.effective_on == date(2026, 4, 6)
    added = policy_editions.add_edition(
        db,
        historical(high_risk_plan_months=12),  # due 2027-01-05: not missed by today
        "A year for high-risk plans",
        ACTOR,
        LATER,
        AT_LATER,
        confirm_rejudge=True,
    )
    rejudged = added.rejudgement
    assert rejudged is not None
    assert [str(r) for r in rejudged.to_review] == [
        f"HI: terminated from 2026-04-06 ({done.audit_reference}), no longer called for"
    ]
    assert rejudged.terminations == []
    with db.transaction() as session:
        assert rating.repo.terminated_by(session, date(2026, 4, 6)) != set()  # it stands


def test_an_edition_before_the_first_lets_older_history_be_recorded(db: Database) -> None:
    supplier(db, "OLD")
    added = policy_editions.add_edition(
        db,
        settings(version="1995-01", effective_from="1995-01-01"),
        "Rules of the 1990s",
        ACTOR,
        LATER,
        AT_LATER,
    )
    assert added.rejudgement is None  # it covers 1995-01-01 to 1999-12-31: nothing stored then
    audit = audited(db, date(1999, 6, 1), "OLD", **MEDIUM)
    assert audit.policy_version == "1995-01"
    assert policy_files.policy_for(db, date(2000, 1, 1)).version == "2026-01"
