"""HTML of a report: a whole page to download or print, or the body to show in the web app."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from supplyesg.reports import charts
from supplyesg.reports.document import Block, Bullets, Chart, Document, Paragraph, Table
from supplyesg.reports.words import words

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(block_kind=block_kind, chart_svg=chart_svg)
    return environment


def block_kind(block: Block) -> str:
    """The template's name for a kind of block."""
    kinds: dict[type, str] = {Paragraph: "paragraph", Bullets: "bullets", Table: "table"}
    return kinds.get(type(block), "chart")


def chart_svg(chart: Chart) -> str:
    """The chart as base64 SVG, for an <img> data URL (no clash between the charts' ids)."""
    return base64.b64encode(charts.svg(chart).encode("utf-8")).decode("ascii")


def page(document: Document, for_print: bool = False) -> str:
    """The report as a standalone HTML page; `for_print` adds the paged-media rules."""
    template = _environment().get_template("document.html.j2")
    return template.render(doc=document, for_print=for_print, w=words(document.language))


def body(document: Document) -> str:
    """The report's article element, for a page of the web app."""
    template = _environment().get_template("body.html.j2")
    return template.render(doc=document, w=words(document.language))


def render(document: Document) -> bytes:
    """The report as an HTML file."""
    return page(document).encode("utf-8")


def stylesheet() -> str:
    """The report's screen stylesheet, for pages that show a report inside the web app."""
    rules = [
        (TEMPLATES / name).read_text(encoding="utf-8") for name in ("report.css", "zh-Hant.css")
    ]
    return "\n".join(rules)
