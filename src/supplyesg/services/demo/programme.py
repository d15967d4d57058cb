"""The demo supplier ESG programme: audits, follow-up and ratings over eight quarters.

Every supplier in audit scope gets a history of audits from 2024 to 2026 with findings drawn
for its quality (good, fair or poor), and a follow-up drawn from how suppliers behave. The
first suppliers in code order play each rule path of the manual for sure: medium risk with a
plan in time, rejected then accepted, late or missing; high risk with a full plan, a partial
plan or none (orders terminated); low risk with late non-conformities; a corrected audit; a
supplier never audited; one whose audit lapsed; a draft in progress. The quarters 2024Q4 to
2026Q3 are then rated in order, each right after it ended, as `supplyesg rate` would. The same
seed always gives the same programme.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection

from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditDetails, AuditType, Verdict, audit_result
from supplyesg.domain.conduct import CodeOfConduct
from supplyesg.domain.periods import Quarter, add_months
from supplyesg.domain.policy import Policy
from supplyesg.services import (
    audit_batches,
    audits,
    conduct,
    nonconformities,
    policy_files,
    rating,
)
from supplyesg.services.audit_batches import RecordedAudit
from supplyesg.services.audits import AuditDraft, Correction
from supplyesg.services.demo.programme_story import (
    HORIZON,
    Closure,
    Plan,
    Story,
    auditor_on,
    findings,
    follow,
    random_story,
    random_verdicts,
    terminates,
)
from supplyesg.services.supplier_files import Progress

SEED = 20261121
ACTOR = "demo data"
FIRST_QUARTER, LAST_QUARTER = Quarter(2024, 4), Quarter(2026, 3)
LAST_AUDIT_DAY = date(2026, 9, 30)
SITES = ("Main plant",)
LOW = {"ENV-07": Verdict.MINOR, "HS-06": Verdict.MINOR}
MEDIUM = dict.fromkeys(("ENV-01", "LAB-03", "LAB-04", "HS-01"), Verdict.MAJOR)
HIGH = {"LAB-01": Verdict.CRITICAL, "HS-02": Verdict.MAJOR, "ENV-05": Verdict.MINOR}


ON_TIME = Story()
REJECTED_FIRST = Story(Plan.REJECTED_THEN_ON_TIME)
NO_PLAN = Story(Plan.NONE, Closure.OPEN)
LATE_PLAN = Story(Plan.LATE, Closure.LATE)
PARTIAL_PLAN = Story(Plan.PARTIAL)
CLOSED_LATE = Story(closure=Closure.LATE)
LEFT_OPEN = Story(closure=Closure.OPEN)
UNANNOUNCED = AuditType.ON_SITE_UNANNOUNCED


@dataclass(frozen=True, slots=True)
class Visit:
    """One audit of a scenario: when, how, what was found, what the supplier did after."""

    ended_on: date
    verdicts: dict[str, Verdict]
    story: Story = ON_TIME
    audit_type: AuditType = AuditType.ON_SITE_ANNOUNCED


SCENARIOS: tuple[tuple[Visit, ...], ...] = (
    # medium risk, plan accepted in time: 0
    (Visit(date(2024, 11, 12), LOW), Visit(date(2025, 11, 5), MEDIUM)),
    # medium risk, first plan rejected (the clock runs on), second accepted in time: 0
    (Visit(date(2024, 10, 8), LOW), Visit(date(2025, 10, 2), MEDIUM, REJECTED_FIRST)),
    # medium risk, no plan: 0 until the deadline (2026-08-10), -1 from 2026Q3
    (Visit(date(2025, 3, 20), LOW), Visit(date(2026, 2, 10), MEDIUM, NO_PLAN)),
    # medium risk, plan accepted after the deadline: -1 all the same
    (Visit(date(2024, 6, 18), MEDIUM, LATE_PLAN), Visit(date(2025, 6, 16), LOW)),
    # high risk with a plan covering every non-conformity in time: -1, orders kept
    (Visit(date(2025, 1, 14), LOW), Visit(date(2026, 1, 13), HIGH, ON_TIME, UNANNOUNCED)),
    # high risk, plan leaves one non-conformity out: orders terminated after 3 months
    (Visit(date(2025, 4, 22), HIGH, PARTIAL_PLAN),),
    # high risk, no plan at all: orders terminated
    (Visit(date(2024, 12, 3), HIGH, NO_PLAN),),
    # low risk with closing dates agreed and missed: flagged late, still 1
    (Visit(date(2025, 2, 25), LOW, CLOSED_LATE), Visit(date(2026, 2, 24), LOW, LEFT_OPEN)),
    # never audited: not rated
    (),
    # audited once in 2024, then nothing: audit overdue from 2025Q2 (counted to 2025-06-27)
    (Visit(date(2024, 6, 27), LOW),),
)
CORRECTED, DRAFTED = len(SCENARIOS), len(SCENARIOS) + 1


def load(db: Database, progress: Progress | None = None) -> None:
    """Load the demo programme for the suppliers in audit scope, then rate eight quarters."""
    with _one_transaction(db) as inner:
        code = conduct.get_code(inner, conduct.install_default_code(inner).version)
        in_scope = rating.suppliers_in_scope(inner)
        editions = policy_files.policy_editions(inner)
        visits = _visits(in_scope, code, editions)
        drafts = [
            AuditDraft(supplier_code, code.version, _details(visit), findings(code, visit.verdicts))
            for supplier_code, visit in visits
        ]
        recorded = audit_batches.record_audits(inner, drafts, ACTOR)
        _report(progress, "Programme: audits", 1, 3)
        steps = []
        for (_, visit), audit in zip(visits, recorded, strict=True):
            policy = policy_files.edition_on(editions, audit.ended_on)
            steps += follow(inner, audit, visit.story, policy, ACTOR)
        nonconformities.record_steps(inner, steps, ACTOR)
        _report(progress, "Programme: follow-up", 2, 3)
        if len(in_scope) > DRAFTED:
            _correct(
                inner, code, next(a for a in recorded if a.supplier_code == in_scope[CORRECTED])
            )
            _draft(inner, in_scope[DRAFTED], code)
        _rate_quarters(inner, progress)


@contextmanager
def _one_transaction(db: Database) -> Iterator[Database]:
    """One database transaction for the whole programme: each service step is a savepoint."""
    if isinstance(db.bind, Connection):
        yield db
        return
    with db.engine.connect() as connection, connection.begin():
        yield Database(connection)


def _visits(
    in_scope: list[str], code: CodeOfConduct, editions: tuple[Policy, ...]
) -> list[tuple[str, Visit]]:
    rng = random.Random(SEED)  # noqa: S311 -- a fixed seed, for the same demo every time
    visits: list[tuple[str, Visit]] = []
    for index, supplier_code in enumerate(in_scope):
        if index < len(SCENARIOS):
            chosen: tuple[Visit, ...] = SCENARIOS[index]
        elif index == CORRECTED:
            chosen = (Visit(date(2026, 4, 16), MEDIUM, NO_PLAN, AuditType.DESKTOP_REVIEW),)
        elif index == DRAFTED:
            chosen = (Visit(date(2025, 11, 18), LOW),)
        else:
            chosen = _random_visits(code, rng, editions)
        visits += [(supplier_code, visit) for visit in chosen]
    return visits


def _details(visit: Visit) -> AuditDetails:
    ended_on = visit.ended_on
    started_on = ended_on - timedelta(1)
    return AuditDetails(visit.audit_type, auditor_on(ended_on), started_on, ended_on, SITES)


def _correct(db: Database, code: CodeOfConduct, audit: RecordedAudit) -> None:
    """A medium-risk audit found to be low risk once two findings were re-checked."""
    corrected = {"LAB-03": Verdict.MINOR, "HS-01": Verdict.MINOR}
    reason = "ENV-01, LAB-04 and HS-01: permits and payroll records sent after the review"
    correction = Correction(reason, findings=findings(code, corrected))
    audits.correct_audit(db, audit.reference, correction, ACTOR)


def _draft(db: Database, supplier_code: str, code: CodeOfConduct) -> None:
    """An on-site audit still being written up: a draft with the first pillar judged."""
    visit_days = (date(2026, 11, 10), date(2026, 11, 12))
    details = AuditDetails(
        AuditType.ON_SITE_ANNOUNCED, "Lin Mei", *visit_days, ("Main plant", "Warehouse")
    )
    judged = tuple(f for f in findings(code, LOW) if f.requirement_id.startswith("ENV"))
    audits.create_audit(db, AuditDraft(supplier_code, code.version, details, judged), ACTOR)


def _random_visits(
    code: CodeOfConduct, rng: random.Random, editions: tuple[Policy, ...]
) -> tuple[Visit, ...]:
    kind = rng.choices(("never", "lapsed", "regular"), (6, 8, 86))[0]
    quality = rng.choices(("good", "fair", "poor"), (58, 30, 12))[0]
    if kind == "never":
        return ()
    ended_on = date(2024, 1, 10) + timedelta(rng.randrange(330))
    last = date(2025, 6, 30) if kind == "lapsed" else LAST_AUDIT_DAY
    visits = []
    while ended_on <= last:
        verdicts = random_verdicts(rng, code, quality)
        story = random_story(rng)
        visits.append(Visit(ended_on, verdicts, story, _audit_type(rng, quality)))
        result = audit_result(
            findings(code, verdicts), code, policy_files.edition_on(editions, ended_on)
        )
        found = sum(1 for verdict in verdicts.values() if verdict.is_non_conformity)
        if terminates(result.risk_level, story, found):
            break
        ended_on = add_months(ended_on, 12) + timedelta(rng.randrange(-25, 12))
    return tuple(visits)


def _audit_type(rng: random.Random, quality: str) -> AuditType:
    if quality == "poor":
        return rng.choice((AuditType.ON_SITE_ANNOUNCED, AuditType.ON_SITE_UNANNOUNCED))
    return rng.choices(
        (
            AuditType.SELF_ASSESSMENT,
            AuditType.DESKTOP_REVIEW,
            AuditType.ON_SITE_ANNOUNCED,
            AuditType.ON_SITE_UNANNOUNCED,
        ),
        (45, 30, 20, 5),
    )[0]


def _rate_quarters(db: Database, progress: Progress | None) -> None:
    """Rate each quarter the morning after it ended, enforcing the deadlines first."""
    quarter, done, total = FIRST_QUARTER, 0, 8
    while quarter <= LAST_QUARTER and quarter.last_day < HORIZON:
        morning = datetime.combine(quarter.last_day + timedelta(1), time(9), tzinfo=UTC)
        rating.enforce_plan_deadlines(db, quarter.last_day, ACTOR, at=morning)
        rating.rate_quarter(db, quarter)
        done += 1
        _report(progress, "Programme: ratings", done, total)
        quarter = quarter.following()


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)
