from decimal import Decimal

from supplyesg.db.session import Database
from supplyesg.domain.targets import ProgressStatus
from supplyesg.reports.publish import report_document
from supplyesg.services import targets
from supplyesg.services.demo import esg_data as esg_demo
from supplyesg.services.demo import targets as demo
from supplyesg.services.ghg import year_account


def test_the_demo_targets_are_measured_from_the_demo_s_fy2023(db: Database) -> None:
    esg_demo.load(db)
    demo.load(db)
    demo.load(db)  # a second load adds nothing
    reports = targets.target_reports(db, 2025)
    assert [r.stored.target.metric for r in reports] == ["ghg_total", "energy_total"]
    ghg = reports[0].progress
    account = year_account(db, 2023, approved_only=True)
    vehicles = account.figures.total("production_volume")
    assert vehicles is not None
    assert ghg.base is not None
    assert ghg.base.computed
    assert ghg.base.value == account.ghg.total_t_co2e / vehicles
    assert ghg.goal == ghg.base.value * Decimal("0.7")
    assert [y.year for y in ghg.years] == [2024, 2025]
    assert all(y.status is not ProgressStatus.NO_FIGURE for y in ghg.years)


def test_the_demo_report_answers_the_target_items_with_them(db: Database) -> None:
    esg_demo.load(db)
    demo.load(db)
    document = report_document(db, "hkex", 2025)
    titles = [t.key for t in document.tables()]
    assert {"targets-emissions", "targets-energy", "targets-climate"} <= set(titles)
    assert "targets-water" not in titles
