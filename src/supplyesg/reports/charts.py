"""Charts of a report drawn with matplotlib: SVG for HTML and PDF, PNG for Word."""

from __future__ import annotations

import io
import re
from typing import Any, Literal

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import MaxNLocator

from supplyesg.reports.document import Chart, ChartKind

PALETTE = ("#1f5f8b", "#6aa84f", "#e69138", "#8e7cc3", "#c0504d", "#46a1a8", "#999999")
STYLE: Any = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "none",
    "svg.hashsalt": "supplyesg",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def svg(chart: Chart) -> str:
    """The chart as an SVG document (text kept as text)."""
    return _draw(chart, "svg").decode("utf-8")


def png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as a PNG image (for documents that cannot hold SVG)."""
    return _draw(chart, "png", dpi)


CJK_FONTS = ["Noto Sans CJK TC", "Noto Sans CJK HK", "DejaVu Sans"]
"""Fonts of a chart with Chinese words (Debian's fonts-noto-cjk; Latin falls back)."""
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _style(chart: Chart) -> Any:
    """The chart style; a chart with Chinese words is drawn in a CJK font."""
    texts = (chart.title, chart.unit, *chart.categories, *(s.name for s in chart.series))
    if any(_CJK.search(text) for text in texts):
        return {**STYLE, "font.family": CJK_FONTS}
    return STYLE


def _draw(chart: Chart, fmt: Literal["svg", "png"], dpi: int = 100) -> bytes:
    with rc_context(_style(chart)):
        figure = MplFigure(figsize=(6.4, 3.2), layout="constrained")
        axes = figure.add_subplot()
        if chart.kind is ChartKind.PIE:
            _pie(axes, chart)
        else:
            _stacked_bars(axes, chart)
        axes.set_title(chart.title, loc="left", fontsize=10, fontweight="bold")
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {}
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _stacked_bars(axes: Axes, chart: Chart) -> None:
    bottoms = [0.0] * len(chart.categories)
    for colour, series in zip(_colours(len(chart.series)), chart.series, strict=True):
        heights = [float(value) for value in series.values]
        axes.bar(chart.categories, heights, bottom=bottoms, label=series.name, color=colour)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_ylabel(chart.unit)
    if all(v == v.to_integral_value() for series in chart.series for v in series.values):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter("{x:,.0f}")
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))


def _pie(axes: Axes, chart: Chart) -> None:
    values = [float(value) for value in chart.series[0].values]
    axes.pie(
        values,
        labels=None,
        colors=_colours(len(values)),
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": "white"},
    )
    axes.legend(chart.categories, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    axes.set_aspect("equal")


def _colours(count: int) -> list[str]:
    return [PALETTE[n % len(PALETTE)] for n in range(count)]
