"""PDF of a report: the HTML page with print rules (A4, running title, page numbers)."""

from __future__ import annotations

from weasyprint import HTML

from supplyesg.reports.document import Document
from supplyesg.reports.render_html import TEMPLATES, page


def render(document: Document) -> bytes:
    """The report as a PDF file."""
    pdf: bytes = HTML(string=page(document, for_print=True), base_url=str(TEMPLATES)).write_pdf()
    return pdf
