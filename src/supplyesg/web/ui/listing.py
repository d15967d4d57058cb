"""Filtered list pages: their shareable addresses and the htmx answer (the results alone).

A list page is a form of filters above a `#results` block. When a filter changes, htmx asks for
the same address and swaps in the results partial; a plain request (or a history restore) gets
the whole page. Either way the address shown in the browser carries the filters and position.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from starlette.responses import Response

from supplyesg.web.ui.rendering import is_htmx, render


def chosen(shown: Mapping[str, str]) -> dict[str, str]:
    """The filters that were filled in, in the order the form shows them."""
    return {name: value for name, value in shown.items() if value}


@dataclass(frozen=True)
class FilteredList:
    """A list page: its path, its whole-page template and the results partial htmx swaps in."""

    path: str
    template: str
    results: str

    def url(self, filters: Mapping[str, str], after: object = "") -> str:
        """The page's address for these filters (empty ones left out), from a page position."""
        params = {**filters, "after": str(after)} if after else dict(filters)
        return f"{self.path}?{urlencode(params)}" if params else self.path

    def respond(
        self,
        request: Request,
        shown: Mapping[str, str],
        after: str,
        next_after: object,
        results: Mapping[str, Any],
        page: Callable[[], Mapping[str, Any]],
    ) -> Response:
        """The results partial for htmx, else the whole page (`page()` adds what only it needs).

        `results` is what the partial shows; the filters, the position and the first and next
        page addresses are added here.
        """
        filters = chosen(shown)
        context = {
            **results,
            "filters": filters,
            "after": after,
            "first_url": self.url(filters),
            "next_url": self.url(filters, next_after) if next_after else None,
        }
        if is_htmx(request):
            response = render(request, self.results, **context)
            response.headers["HX-Push-Url"] = self.url(filters, after)
            return response
        return render(request, self.template, shown=shown, **page(), **context)
