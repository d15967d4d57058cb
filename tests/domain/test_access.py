from __future__ import annotations

import pytest

from supplyesg.domain.access import (
    ADMIN_ONLY,
    ALL_PERMISSIONS,
    Action,
    Area,
    Permission,
    Role,
    area_of,
    hides_refusals,
    is_allowed,
    permissions_of,
    required_permission,
    token_ceiling,
    token_permissions,
)

READ = Action.READ
WRITE = Action.WRITE


@pytest.mark.parametrize(
    ("path", "method", "needed"),
    [
        ("/api/v1/suppliers", "GET", Permission(Area.SUPPLIERS, READ)),
        ("/api/v1/suppliers", "POST", Permission(Area.SUPPLIERS, WRITE)),
        ("/api/v1/suppliers/{code}", "DELETE", Permission(Area.SUPPLIERS, WRITE)),
        ("/api/v1/suppliers/{code}", "HEAD", Permission(Area.SUPPLIERS, READ)),
        ("/suppliers/{code}", "GET", Permission(Area.SUPPLIERS, READ)),
        ("/suppliers/new", "GET", Permission(Area.SUPPLIERS, WRITE)),
        ("/suppliers/{code}/edit", "GET", Permission(Area.SUPPLIERS, WRITE)),
        ("/audits/{audit_id}/findings", "POST", Permission(Area.AUDITS, WRITE)),
        ("/api/v1/audit-trail", "GET", Permission(Area.AUDIT_TRAIL, READ)),
        ("/portal/plans/{plan_id}", "POST", Permission(Area.PORTAL, WRITE)),
        ("/", "GET", Permission(Area.DASHBOARD, READ)),
        ("/login", "POST", Permission(Area.PUBLIC, WRITE)),
        ("/api/v1/somewhere-unmapped", "GET", ADMIN_ONLY),
        ("/unmapped/{id}", "GET", ADMIN_ONLY),
    ],
)
def test_a_route_needs_its_areas_read_or_write_permission(
    path: str, method: str, needed: Permission
) -> None:
    assert required_permission(path, method) == needed


@pytest.mark.parametrize(
    ("path", "area"),
    [
        ("/api/v1", Area.DASHBOARD),
        ("/api/v1/", Area.DASHBOARD),
        ("/api/v1x/suppliers", None),
        ("/api/v1/users/{user_id}/tokens", Area.USERS),
        ("/password-reset/{secret}", Area.PUBLIC),
    ],
)
def test_the_area_is_the_first_segment_after_the_api_prefix(path: str, area: Area | None) -> None:
    assert area_of(path) == area


@pytest.mark.parametrize(
    ("role", "granted", "refused"),
    [
        (Role.ADMIN, ["users:write", "audit_trail:read", "suppliers:write"], ["portal:read"]),
        (
            Role.ESG_MANAGER,
            ["programme:write", "settings:write", "audit_trail:read"],
            ["users:read", "portal:read"],
        ),
        (
            Role.AUDITOR,
            ["audits:write", "suppliers:read"],
            ["suppliers:write", "programme:write", "users:read"],
        ),
        (Role.PROCUREMENT, ["suppliers:write", "audits:read"], ["audits:write", "reports:write"]),
        (
            Role.VIEWER,
            ["suppliers:read", "reports:read", "dashboard:read"],
            ["suppliers:write", "audits:write", "esg_data:write", "audit_trail:read"],
        ),
        (
            Role.SUPPLIER_USER,
            ["portal:read", "portal:write", "account:write"],
            ["suppliers:read", "dashboard:read", "audits:read", "users:read"],
        ),
    ],
)
def test_each_role_holds_exactly_its_permissions(
    role: Role, granted: list[str], refused: list[str]
) -> None:
    held = permissions_of(role)
    for text in granted:
        assert Permission.parse(text) in held, text
    for text in refused:
        assert Permission.parse(text) not in held, text


def test_everyone_may_use_public_pages_without_holding_a_permission() -> None:
    assert is_allowed(frozenset(), Permission(Area.PUBLIC, WRITE))
    assert not is_allowed(frozenset(), Permission(Area.ACCOUNT, READ))


def test_only_supplier_users_are_told_not_found_instead_of_forbidden() -> None:
    assert [role for role in Role if hides_refusals(role)] == [Role.SUPPLIER_USER]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("suppliers:read", Permission(Area.SUPPLIERS, READ)),
        ("audit_trail:write", Permission(Area.AUDIT_TRAIL, WRITE)),
        ("suppliers", None),
        ("suppliers:delete", None),
        ("nowhere:read", None),
        ("", None),
    ],
)
def test_a_permission_is_written_area_colon_action(text: str, parsed: Permission | None) -> None:
    assert Permission.parse(text) == parsed
    if parsed is not None:
        assert str(parsed) == text


def test_a_token_never_exceeds_its_owners_role() -> None:
    scopes = frozenset({Permission(Area.SUPPLIERS, READ), Permission(Area.USERS, WRITE)})
    assert token_permissions(Role.VIEWER, scopes) == {
        Permission(Area.SUPPLIERS, READ),
        Permission(Area.ACCOUNT, READ),
    }
    assert token_permissions(Role.VIEWER, None) == permissions_of(Role.VIEWER)


def test_a_supplier_users_token_works_the_portal_and_reads_its_account_only() -> None:
    portal = {Permission(Area.PORTAL, READ), Permission(Area.PORTAL, WRITE)}
    assert token_permissions(Role.SUPPLIER_USER, None) == portal | {Permission(Area.ACCOUNT, READ)}
    scopes = frozenset({Permission(Area.PORTAL, READ), Permission(Area.ACCOUNT, WRITE)})
    assert token_permissions(Role.SUPPLIER_USER, scopes) == {
        Permission(Area.PORTAL, READ),
        Permission(Area.ACCOUNT, READ),
    }
    assert token_ceiling(Role.SUPPLIER_USER) == portal
    assert token_ceiling(Role.AUDITOR) == permissions_of(Role.AUDITOR)


def test_tokens_may_be_scoped_to_every_permission_but_public_ones() -> None:
    assert len(ALL_PERMISSIONS) == 2 * (len(Area) - 1)
    assert all(p.area is not Area.PUBLIC for p in ALL_PERMISSIONS)
