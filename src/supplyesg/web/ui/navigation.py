"""The main navigation. Each area appends one NavEntry for its first page, in menu order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NavEntry:
    """A menu item: its label (translated in the template), where it goes, the area it opens."""

    label: str
    url: str
    area: str


NAV: list[NavEntry] = [
    NavEntry("Dashboard", "/", "dashboard"),
    NavEntry("Supplier portal", "/portal", "portal"),
    NavEntry("Suppliers", "/suppliers", "suppliers"),
    NavEntry("Programme", "/programme", "programme"),
    NavEntry("Audits", "/audits", "audits"),
    NavEntry("Ratings", "/ratings", "ratings"),
    NavEntry("ESG data", "/esg-data", "esg_data"),
    NavEntry("Reports", "/reports", "reports"),
    NavEntry("Administration", "/admin", "admin"),
]
