"""Who may do what: the roles, the permissions each holds, and which permission a route needs.

Every page and endpoint is checked against the one table below, so an area added later is
covered without code of its own: a route belongs to the area named by its first path segment
(`/api/v1/suppliers/...` and `/suppliers/...` are both "suppliers"); reading needs the
area's read permission and anything else its write permission. A route whose need differs
declares its permission where it is defined. A segment missing from the table is admin-only,
so a forgotten mapping fails closed.

A supplier user sees the supplier portal and nothing else; when they reach for anything
outside it, they are told it does not exist (404), so not even the shape of the internal
application leaks to a supplier.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a person does in the programme."""

    ADMIN = "admin"
    ESG_MANAGER = "esg_manager"
    AUDITOR = "auditor"
    PROCUREMENT = "procurement"
    VIEWER = "viewer"
    SUPPLIER_USER = "supplier_user"


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "Administrator",
    Role.ESG_MANAGER: "ESG manager",
    Role.AUDITOR: "Auditor",
    Role.PROCUREMENT: "Procurement",
    Role.VIEWER: "Viewer",
    Role.SUPPLIER_USER: "Supplier user",
}


class Area(StrEnum):
    """A part of the application that permissions are granted on."""

    PUBLIC = "public"  # login, password reset: no account needed
    ACCOUNT = "account"  # one's own account, notifications, logout
    DASHBOARD = "dashboard"
    SUPPLIERS = "suppliers"  # registry, supply-chain map, imports and exports
    AUDITS = "audits"  # audit programme, audits, findings, non-conformities
    PROGRAMME = "programme"  # improvement plans, ratings, training, scorecards
    ESG_DATA = "esg_data"
    REPORTS = "reports"
    SIGN_OFF = "sign_off"  # approving a report version for publication (the board's sign-off)
    SETTINGS = "settings"  # policy, code of conduct, emission factors, weights
    USERS = "users"  # accounts and API tokens
    AUDIT_TRAIL = "audit_trail"
    PORTAL = "portal"  # the supplier portal


class Action(StrEnum):
    """Reading, or changing anything."""

    READ = "read"
    WRITE = "write"


@dataclass(frozen=True, slots=True, order=True)
class Permission:
    """The right to read or to write one area."""

    area: Area
    action: Action

    def __str__(self) -> str:
        return f"{self.area}:{self.action}"

    @classmethod
    def parse(cls, text: str) -> Permission | None:
        """The permission written as 'area:action', or None if there is no such permission."""
        area, _, action = text.partition(":")
        if area not in Area.__members__.values() or action not in Action.__members__.values():
            return None
        return cls(Area(area), Action(action))


def _grants(spec: str) -> frozenset[Permission]:
    """Permissions from a compact spec: 'suppliers:rw audits:r'."""
    found = set()
    for item in spec.split():
        area, _, actions = item.partition(":")
        if "r" in actions:
            found.add(Permission(Area(area), Action.READ))
        if "w" in actions:
            found.add(Permission(Area(area), Action.WRITE))
    return frozenset(found)


_STAFF = "public:rw account:rw dashboard:r"
_READ_ALL = "suppliers:r audits:r programme:r esg_data:r reports:r settings:r"

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _grants(
        f"{_STAFF} suppliers:rw audits:rw programme:rw esg_data:rw reports:rw settings:rw "
        "users:rw audit_trail:rw sign_off:rw"
    ),
    Role.ESG_MANAGER: _grants(
        f"{_STAFF} suppliers:rw audits:rw programme:rw esg_data:rw reports:rw settings:rw "
        "audit_trail:r"
    ),
    Role.AUDITOR: _grants(f"{_STAFF} {_READ_ALL} audits:w"),
    Role.PROCUREMENT: _grants(f"{_STAFF} {_READ_ALL} suppliers:w"),
    Role.VIEWER: _grants(f"{_STAFF} {_READ_ALL}"),
    Role.SUPPLIER_USER: _grants("public:rw account:rw portal:rw"),
}
"""The one table of who may do what (roles x permissions)."""

AREA_OF_SEGMENT: dict[str, Area] = {
    "": Area.DASHBOARD,
    "dashboard": Area.DASHBOARD,
    "login": Area.PUBLIC,
    "password-reset": Area.PUBLIC,
    "language": Area.PUBLIC,
    "health": Area.PUBLIC,
    "logout": Area.ACCOUNT,
    "account": Area.ACCOUNT,
    "me": Area.ACCOUNT,
    "notifications": Area.ACCOUNT,
    "suppliers": Area.SUPPLIERS,
    "links": Area.SUPPLIERS,
    "supply-chain": Area.SUPPLIERS,
    "supplier-files": Area.SUPPLIERS,
    "imports": Area.SUPPLIERS,
    "exports": Area.SUPPLIERS,
    "audits": Area.AUDITS,
    "audit-programme": Area.AUDITS,
    "findings": Area.AUDITS,
    "non-conformities": Area.AUDITS,
    "evidence-files": Area.AUDITS,
    "programme": Area.AUDITS,
    "risk": Area.AUDITS,
    "plans": Area.PROGRAMME,
    "improvement-plans": Area.PROGRAMME,
    "ratings": Area.PROGRAMME,
    "scorecards": Area.PROGRAMME,
    "training": Area.PROGRAMME,
    "events": Area.PROGRAMME,
    "esg-data": Area.ESG_DATA,
    "metrics": Area.ESG_DATA,
    "data": Area.ESG_DATA,
    "submissions": Area.ESG_DATA,
    "sites": Area.ESG_DATA,
    "plants": Area.ESG_DATA,
    "ghg": Area.ESG_DATA,
    "targets": Area.ESG_DATA,
    "reports": Area.REPORTS,
    "feedback": Area.REPORTS,  # the readers' form itself is declared public where it is defined
    "settings": Area.SETTINGS,
    "policy": Area.SETTINGS,
    "code-of-conduct": Area.SETTINGS,
    "emission-factors": Area.SETTINGS,
    "factors": Area.SETTINGS,
    "scorecard-weights": Area.SETTINGS,
    "users": Area.USERS,
    "tokens": Area.USERS,
    "admin": Area.USERS,
    "webhooks": Area.USERS,  # subscriptions and their secrets: administrators only
    "audit-trail": Area.AUDIT_TRAIL,
    "portal": Area.PORTAL,
}
"""The area of each first path segment (after /api/v1); a segment not listed is admin-only."""

API_PREFIX = "/api/v1"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_SEGMENTS = frozenset({"new", "edit"})
"""Pages that only show a form to change something need the right to change it."""

ADMIN_ONLY = Permission(Area.USERS, Action.WRITE)


def permissions_of(role: Role) -> frozenset[Permission]:
    """Everything a role may do."""
    return ROLE_PERMISSIONS[role]


def area_of(path_template: str) -> Area | None:
    """The area a route belongs to, from its path template; None if the table lacks it."""
    path = path_template.removeprefix(API_PREFIX) if is_api(path_template) else path_template
    segment = path.strip("/").split("/", 1)[0]
    return AREA_OF_SEGMENT.get(segment)


def is_api(path: str) -> bool:
    """Whether a path belongs to the JSON API."""
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def required_permission(path: str, method: str, route_path: str | None = None) -> Permission:
    """The permission a request needs by default: its area's read or write.

    `path` may be the route's template or the requested path (the first segment is literal in
    every route); `route_path`, the route's own template, tells form pages apart from pages
    that merely show something (`/suppliers/{code}` where the code is "new").
    """
    area = area_of(path)
    if area is None:
        return ADMIN_ONLY
    last = (route_path or path).rstrip("/").rsplit("/", 1)[-1]
    reads = method.upper() in SAFE_METHODS and last not in FORM_SEGMENTS
    return Permission(area, Action.READ if reads else Action.WRITE)


def is_allowed(granted: frozenset[Permission], needed: Permission) -> bool:
    """Whether the granted permissions include the one needed (public areas need nothing)."""
    return needed.area is Area.PUBLIC or needed in granted


def hides_refusals(role: Role) -> bool:
    """Whether a refused request is answered as 'not found' rather than 'forbidden'.

    Supplier users must not learn what exists outside their portal.
    """
    return role is Role.SUPPLIER_USER


def needs_supplier(role: Role) -> bool:
    """Whether an account with this role must be tied to one supplier."""
    return role is Role.SUPPLIER_USER


OWN_ACCOUNT = Permission(Area.ACCOUNT, Action.READ)
"""What every token may do: read its own account (`GET /api/v1/me`)."""


def token_ceiling(role: Role) -> frozenset[Permission]:
    """The most an API token of a role may be issued for.

    A supplier user's token lives in the supplier's own systems (an ERP, a consultant's
    tool): it works the portal and nothing else, not even the account beyond reading it.
    """
    if role is Role.SUPPLIER_USER:
        return _grants("portal:rw")
    return permissions_of(role)


def token_permissions(role: Role, scopes: frozenset[Permission] | None) -> frozenset[Permission]:
    """What an API token may do: its scopes, never more than its owner's role allows.

    Every token may read its own account (`GET /api/v1/me`), so an integration can check
    who it acts for.
    """
    ceiling = token_ceiling(role) | {OWN_ACCOUNT}
    if scopes is None:
        return ceiling
    return ceiling & (scopes | {OWN_ACCOUNT})


ALL_PERMISSIONS: tuple[Permission, ...] = tuple(
    sorted(Permission(area, action) for area in Area for action in Action if area != Area.PUBLIC)
)
"""Every permission a token may be scoped to."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is making a request, and what they may do in it."""

    user_id: int
    email: str
    display_name: str
    role: Role
    permissions: frozenset[Permission]
    supplier_id: int | None = None
    token_name: str | None = None  # set when the request carries an API token

    @property
    def actor(self) -> str:
        """How the audit trail and histories name this principal."""
        if self.token_name is None:
            return self.email
        return f"{self.email} (API token {self.token_name!r})"

    def may(self, permission: Permission) -> bool:
        """Whether this principal holds the permission."""
        return is_allowed(self.permissions, permission)

    def __str__(self) -> str:
        return self.display_name
