"""The registry of output formats: each turns a report's content model into the bytes of a file.

Adding a format is one `register` call; the CLI, the API and the web page list what is here.
Renderer modules are imported on first use (WeasyPrint and matplotlib take a while to load).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.reports.document import Document


@dataclass(frozen=True, slots=True)
class Renderer:
    """One output format: its name, file extension, media type and the module that renders it."""

    name: str
    label: str
    extension: str
    media_type: str
    module: str

    def render(self, document: Document) -> bytes:
        """The document in this format."""
        render: Callable[[Document], bytes] = import_module(self.module).render
        return render(document)

    def filename(self, stem: str) -> str:
        """A file name for a report in this format."""
        return f"{stem}.{self.extension}"


RENDERERS: dict[str, Renderer] = {}


def register(renderer: Renderer) -> Renderer:
    """Make a format available everywhere reports are produced."""
    RENDERERS[renderer.name] = renderer
    return renderer


def renderer(name: str) -> Renderer:
    """The renderer for a format name, or a clear refusal naming the formats there are."""
    found = RENDERERS.get(name.lower())
    if found is None:
        known = ", ".join(RENDERERS)
        raise InvalidInputError(
            f"There is no report format {name!r}.",
            [Problem("format", f"must be one of {known}", name)],
        )
    return found


for _renderer in (
    Renderer("html", "HTML", "html", "text/html; charset=utf-8", "supplyesg.reports.render_html"),
    Renderer("pdf", "PDF", "pdf", "application/pdf", "supplyesg.reports.render_pdf"),
    Renderer(
        "xlsx",
        "Excel workbook",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "supplyesg.reports.render_xlsx",
    ),
    Renderer(
        "docx",
        "Word draft",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "supplyesg.reports.render_docx",
    ),
    Renderer("json", "JSON", "json", "application/json", "supplyesg.reports.render_json"),
):
    register(_renderer)
