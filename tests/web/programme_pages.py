"""Helpers of the programme page tests: a staff client, page text, reasons beside fields."""

from __future__ import annotations

import html
import re
from datetime import date

from fastapi.testclient import TestClient

from planning_builders import findings
from supplyesg.db.models import EsgAuditRow
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditDetails, AuditType, Verdict
from supplyesg.services import audits
from supplyesg.services.audits import AuditDraft

ACTOR = "mei.chen@example.com"


def texts(html: str, css_class: str) -> list[str]:
    """The text of every element whose class attribute starts with css_class, tags stripped."""
    pattern = rf'<(\w+) class="{re.escape(css_class)}(?: [^"]*)?"[^>]*>(.*?)</\1>'
    found = re.findall(pattern, html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", inner).split()) for _tag, inner in found]


def plain(page: str) -> str:
    """The page's text with tags stripped, entities read and spaces collapsed."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def reasons(html: str) -> dict[str, list[str]]:
    """The reasons shown beside each field, by field name."""
    found: dict[str, list[str]] = {}
    for name, reason in re.findall(r'<p class="field-error" id="err-([^"]+)">([^<]+)</p>', html):
        found.setdefault(name, []).append(reason)
    return found


def table_rows(html: str, css_class: str, nth: int = 0) -> list[list[str]]:
    """The cells' text of every body row of the nth table with the class."""
    tables = re.findall(rf'<table class="data {re.escape(css_class)}[" ].*?</table>', html, re.S)
    assert len(tables) > nth, f"no table.{css_class} number {nth} on the page"
    body = re.search(r"<tbody>(.*?)</tbody>", tables[nth], re.S)
    assert body
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    return [[_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def _text(fragment: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))


def record(
    db: Database,
    supplier: str,
    ended_on: date,
    verdicts: dict[str, Verdict],
    reference: str,
    audit_type: AuditType = AuditType.ON_SITE_ANNOUNCED,
) -> EsgAuditRow:
    """A completed audit of the supplier with the verdicts named (conforming otherwise)."""
    details = AuditDetails(audit_type, "A. Auditor", ended_on, ended_on, ("Plant 1",))
    draft = AuditDraft(supplier, "2026", details, findings(db, verdicts), reference)
    return audits.record_audit(db, draft, ACTOR)


def follow(client: TestClient, response_location: str) -> str:
    """The page a redirect leads to."""
    page = client.get(response_location)
    assert page.status_code == 200, page.text
    return page.text
