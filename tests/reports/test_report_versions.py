"""A report is reviewed, signed off and published; a published version never changes."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from report_data import CHECKER, MAKER, esg_year, programme_year

from checklist_helpers import acknowledge_every_item
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.report_versions import VersionState
from supplyesg.domain.submissions import ReviewAction
from supplyesg.reports import versions
from supplyesg.reports.renderers import RENDERERS
from supplyesg.services import esg_data
from supplyesg.services import report_versions as service
from supplyesg.services.esg_entries import Entry

ANA = Person("ana@example.com", None)
BEN = Person("ben@example.com", None)
CLOCK = FixedClock(datetime(2026, 3, 20, 9, 30, tzinfo=UTC))


@pytest.fixture
def seeded(db: Database) -> Database:
    esg_year(db)
    programme_year(db)
    acknowledge_every_item(db, 2025, CLOCK)
    return db


def _water(db: Database, m3: str) -> None:
    """The approved 2025 water figure corrected: reopened, recorded again, approved."""
    (value,) = esg_data.list_values(db, 2025, "CQ1", "water_consumption").items
    esg_data.review_value(db, value.row.id, ReviewAction.REOPEN, CHECKER, "meter misread")
    row = esg_data.submit_value(db, Entry("CQ1", "water_consumption", "2025", m3, "m3"), MAKER).row
    esg_data.approve_values(db, [row.id], CHECKER)


def test_a_published_version_keeps_its_bytes_after_the_data_changes(seeded: Database) -> None:
    submitted = versions.submit_for_review(seeded, "hkex", 2025, ANA, CLOCK)
    assert (submitted.number, submitted.state) == (1, VersionState.IN_REVIEW)
    assert (submitted.submitted_by, submitted.submitted_on) == (ANA.label, CLOCK.today())
    service.approve(seeded, "hkex", 2025, BEN, CLOCK)
    published = versions.publish(seeded, "hkex", 2025, BEN, CLOCK)
    assert published.state == VersionState.PUBLISHED
    assert published.published_at == CLOCK.now()
    assert sorted((f.format, f.language) for f in published.files) == sorted(
        (name, "en") for name in RENDERERS
    )
    before = {f.format: service.download(seeded, published.id, f.format) for f in published.files}
    for stored in before.values():
        assert hashlib.sha256(stored.content).hexdigest() == stored.sha256

    _water(seeded, "600000")

    for format, stored in before.items():
        assert service.download(seeded, published.id, format).content == stored.content
    changes = versions.changes_since_publication(seeded, published.id)
    water = [c for c in changes if "Water" in c.figure and c.published != c.current]
    assert water, [c.figure for c in changes]
    assert any(c.published is not None and "650,000" in c.published for c in water)
    assert any(c.current is not None and "600,000" in c.current for c in water)


def test_the_published_files_carry_no_draft_mark(seeded: Database) -> None:
    versions.submit_for_review(seeded, "hkex", 2025, ANA, CLOCK)
    service.approve(seeded, "hkex", 2025, BEN, CLOCK)
    published = versions.publish(seeded, "hkex", 2025, BEN, CLOCK)
    pdf = PdfReader(io.BytesIO(service.download(seeded, published.id, "pdf").content))
    assert not any("DRAFT" in (page.extract_text() or "") for page in pdf.pages)
    html = service.download(seeded, published.id, "html").content.decode("utf-8")
    assert "draft-mark" not in html


def test_the_person_who_submitted_cannot_approve(seeded: Database) -> None:
    versions.submit_for_review(seeded, "hkex", 2025, Person("ana@example.com", None), CLOCK)
    with pytest.raises(InvalidInputError) as refused:
        service.approve(seeded, "hkex", 2025, Person("ANA@example.com "), CLOCK)
    assert [p.field for p in refused.value.problems] == ["actor"]
    assert service.versions_of(seeded, "hkex", 2025)[0].state == VersionState.IN_REVIEW


def test_a_rejected_version_goes_back_to_draft_with_its_reason_and_is_submitted_again(
    seeded: Database,
) -> None:
    versions.submit_for_review(seeded, "hkex", 2025, ANA, CLOCK)
    with pytest.raises(InvalidInputError) as refused:
        service.reject(seeded, "hkex", 2025, " ", BEN, CLOCK)
    assert [p.field for p in refused.value.problems] == ["reason"]
    rejected = service.reject(seeded, "hkex", 2025, "Water looks too high", BEN, CLOCK)
    assert (rejected.state, rejected.reason) == (VersionState.DRAFT, "Water looks too high")
    again = versions.submit_for_review(seeded, "hkex", 2025, ANA, CLOCK)
    assert (again.number, again.state) == (1, VersionState.IN_REVIEW)


def test_figures_that_moved_after_the_review_stop_the_publication(seeded: Database) -> None:
    versions.submit_for_review(seeded, "hkex", 2025, ANA, CLOCK)
    service.approve(seeded, "hkex", 2025, BEN, CLOCK)
    _water(seeded, "600000")
    with pytest.raises(InvalidInputError) as refused:
        versions.publish(seeded, "hkex", 2025, BEN, CLOCK)
    assert any("Water" in p.field for p in refused.value.problems)
    assert service.versions_of(seeded, "hkex", 2025)[0].state == VersionState.APPROVED


def test_there_is_nothing_to_approve_or_publish_before_a_submission(seeded: Database) -> None:
    with pytest.raises(NotFoundError):
        service.approve(seeded, "hkex", 2025, BEN, CLOCK)
    with pytest.raises(NotFoundError):
        versions.publish(seeded, "hkex", 2025, BEN, CLOCK)
    with pytest.raises(NotFoundError):
        service.download(seeded, 999, "pdf")
