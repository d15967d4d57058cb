"""A reporting year seeded through the services: ESG values (approved) and a supplier programme."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import update

from supplyesg.db.models import SupplierStatusChangeRow
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditDetails, AuditType, Finding, Verdict
from supplyesg.domain.ghg.factors import Factor, FactorKind, Origin
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.domain.training import AssignmentStatus, TrainingFormat, TrainingProgramme
from supplyesg.services import (
    audits,
    conduct,
    emission_factors,
    esg_data,
    esg_organisation,
    suppliers,
    training,
)
from supplyesg.services.audits import AuditDraft
from supplyesg.services.esg_entries import Entry

MAKER, CHECKER, AUDITOR = "maker@example.com", "checker@example.com", "auditor@example.com"

ENTITIES = (
    ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN"),
    ReportingEntity("QT", "Qilin Trucks Co.", EntityKind.SUBSIDIARY, "CN", parent="GRP"),
    ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="QT"),
    ReportingEntity(
        "HK1", "Hong Kong office", EntityKind.SITE, "HK", parent="GRP", grid_region="HK"
    ),
)

# (entity, metric, {year: value}, unit, breakdown)
VALUES: tuple[tuple[str, str, dict[int, str], str, str], ...] = (
    ("CQ1", "electricity_purchased", {2024: "9000", 2025: "8000"}, "MWh", ""),
    ("HK1", "electricity_purchased", {2024: "400", 2025: "420"}, "MWh", ""),
    ("CQ1", "diesel_mobile", {2024: "120000", 2025: "110000"}, "L", ""),
    ("CQ1", "water_consumption", {2024: "700000", 2025: "650000"}, "m3", ""),
    ("CQ1", "hazardous_waste", {2024: "660", 2025: "720"}, "t", ""),
    ("CQ1", "production_volume", {2024: "40000", 2025: "50000"}, "vehicle", ""),
    ("CQ1", "workforce", {2024: "700", 2025: "680"}, "person", "gender=female"),
    ("CQ1", "workforce", {2024: "2300", 2025: "2320"}, "person", "gender=male"),
)

COMPANY_CONTENT = Path(__file__).parent / "company"
"""The content the test company wrote for its report: statements, explanations, engagement."""


def esg_year(db: Database) -> None:
    """FY2024 and FY2025 of a truck maker: energy, water, waste, production, workforce; approved."""
    for entity in ENTITIES:
        esg_organisation.save_entity(db, entity)
    for year in (2024, 2025):
        esg_organisation.add_financial_year(db, date(year, 1, 1))
    emission_factors.set_organisation_factor(
        db,
        Factor(
            id="org.density.diesel",
            kind=FactorKind.DENSITY,
            subject="diesel",
            value=Decimal("0.84"),
            unit="kg/L",
            source="Fuel supplier's delivery notes",
            origin=Origin.ORGANISATION,
        ),
        MAKER,
    )
    ids = [
        esg_data.submit_value(db, Entry(entity, metric, str(year), value, unit, part), MAKER).row.id
        for entity, metric, by_year, unit, part in VALUES
        for year, value in by_year.items()
    ]
    esg_data.approve_values(db, ids, CHECKER)


def _findings(db: Database, verdicts: dict[str, Verdict]) -> tuple[Finding, ...]:
    code = conduct.get_code(db, conduct.install_default_code(db).version)
    return tuple(
        Finding(r.id, verdicts.get(r.id, Verdict.CONFORMING), "noted" if r.id in verdicts else "")
        for r in code.requirements
    )


MEDIUM = {
    "LAB-03": Verdict.MAJOR,
    "LAB-04": Verdict.MAJOR,
    "HS-01": Verdict.MAJOR,
    "ENV-01": Verdict.MAJOR,
}
HIGH = {"LAB-01": Verdict.CRITICAL, "HS-02": Verdict.MAJOR}
LOW = {"ENV-07": Verdict.MINOR}


def programme_year(db: Database) -> None:
    """Four first-tier suppliers in 2025: audits of each risk level, one on site, a training."""
    conduct.install_default_code(db)
    for code, country, region in (
        ("SUP-1", "CN", "Chongqing"),
        ("SUP-2", "CN", "Sichuan"),
        ("SUP-3", "CN", "Chongqing"),
        ("SUP-4", "JP", "Tokyo"),
    ):
        profile = SupplierProfile(
            code=code,
            legal_name=f"{code} Co., Ltd.",
            country=country,
            region=region,
            category="castings",
            tier=1,
        )
        suppliers.create_supplier(db, profile, AUDITOR, SupplierStatus.ACTIVE, date(2024, 6, 1))
    _registered_on(db, datetime(2024, 6, 1, tzinfo=UTC))
    for code, ended, kind, verdicts in (
        ("SUP-1", date(2025, 3, 10), AuditType.DESKTOP_REVIEW, LOW),
        ("SUP-2", date(2025, 5, 20), AuditType.DESKTOP_REVIEW, MEDIUM),
        ("SUP-3", date(2025, 9, 2), AuditType.ON_SITE_ANNOUNCED, HIGH),
    ):
        details = AuditDetails(kind, "A. Auditor", ended, ended, ("Plant 1",))
        draft = AuditDraft(code, "2026", details, _findings(db, verdicts))
        audits.record_audit(db, draft, AUDITOR)
    session = training.create_programme(
        db,
        TrainingProgramme("Working hours and wages", TrainingFormat.WORKSHOP, date(2025, 10, 8)),
        AUDITOR,
    )
    for code in ("SUP-2", "SUP-3"):
        assignment = training.assign(db, session.id, code, AUDITOR)
        training.move(db, assignment.id, AssignmentStatus.ATTENDED, date(2025, 10, 8), AUDITOR)
        if code == "SUP-3":
            training.move(db, assignment.id, AssignmentStatus.COMPLETED, date(2025, 10, 8), AUDITOR)


def _registered_on(db: Database, at: datetime) -> None:
    """Date every registration back, as if the supply base had been registered before the year.

    The registry stamps a registration with the moment it is made; KPI B5.1 counts a supplier
    for a year when it was registered by the year's end.
    """
    with db.transaction() as session:
        session.execute(update(SupplierStatusChangeRow).values(changed_at=at))
