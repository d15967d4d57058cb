"""Accounts and API tokens (administrators only): create, change, send a password link,
issue and revoke tokens. A token's secret is in the answer that creates it, and nowhere else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictStr

from supplyesg.config import Settings
from supplyesg.db.models import ApiTokenRow, UserRow
from supplyesg.domain.access import Role
from supplyesg.services import accounts, auth
from supplyesg.services.mailer import mailer_for
from supplyesg.web.api.types import MAX_RECORD_ID
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(tags=["users"], responses=PROBLEM_RESPONSES)

UserId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, description="The account's id")]
TokenId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, description="The token's id")]


class UserCreate(BaseModel):
    """A new account; without a password, send it a password link."""

    model_config = ConfigDict(extra="forbid")

    email: StrictStr = Field(max_length=254)
    display_name: StrictStr = Field(max_length=200)
    role: Role
    supplier: StrictStr | None = Field(
        default=None, description="Code of the supplier a supplier user works for"
    )
    password: StrictStr | None = Field(default=None, min_length=1, max_length=256)


class UserUpdate(BaseModel):
    """Changes to an account; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    display_name: StrictStr | None = Field(default=None, max_length=200)
    role: Role | None = None
    supplier: StrictStr | None = None
    is_active: StrictBool | None = None


class User(BaseModel):
    """An account (never its password)."""

    id: int
    email: str
    display_name: str
    role: Role
    supplier: str | None
    is_active: bool
    has_password: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime


class TokenCreate(BaseModel):
    """A new API token for a user, limited to some permissions."""

    model_config = ConfigDict(extra="forbid")

    name: StrictStr = Field(max_length=100, description="What the token is for, e.g. 'ERP sync'")
    scopes: list[StrictStr] | None = Field(
        default=None,
        description="Permissions as 'area:read' or 'area:write'; null: all of the owner's",
    )
    expires_at: AwareDatetime | None = None


class Token(BaseModel):
    """An API token, known by the first characters of its secret."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    name: str
    prefix: str
    scopes: list[str] | None
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class IssuedToken(Token):
    """A token just issued: `token` is shown this once; store it, it cannot be read again."""

    token: str


def _user(row: UserRow, codes: dict[int, str]) -> User:
    return User(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=Role(row.role),
        supplier=codes.get(row.supplier_id) if row.supplier_id else None,
        is_active=row.is_active,
        has_password=row.password_hash is not None,
        locked_until=row.locked_until,
        last_login_at=row.last_login_at,
        created_at=row.created_at,
    )


def _token(row: ApiTokenRow) -> Token:
    scopes = accounts.token_scopes(row)
    return Token(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        prefix=row.prefix,
        scopes=sorted(str(p) for p in scopes) if scopes is not None else None,
        created_at=row.created_at,
        created_by=row.created_by,
        expires_at=row.expires_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


@router.get("/users", response_model=list[User])
def list_users(db: DatabaseDep) -> list[User]:
    """Every account, by e-mail address."""
    rows = accounts.list_users(db)
    codes = accounts.supplier_codes(db, rows)
    return [_user(row, codes) for row in rows]


@router.post("/users", response_model=User, status_code=201)
def create_user(body: UserCreate, db: DatabaseDep, response: Response) -> User:
    """Open an account."""
    new = accounts.NewUser(body.email, body.display_name, body.role, body.supplier, body.password)
    row = accounts.create_user(db, new)
    response.headers["Location"] = f"/api/v1/users/{row.id}"
    return _user(row, accounts.supplier_codes(db, [row]))


@router.get("/users/{user_id}", response_model=User)
def get_user(user_id: UserId, db: DatabaseDep) -> User:
    """One account."""
    row = accounts.get_user(db, user_id)
    return _user(row, accounts.supplier_codes(db, [row]))


@router.patch("/users/{user_id}", response_model=User)
def update_user(user_id: UserId, body: UserUpdate, db: DatabaseDep) -> User:
    """Change an account; a change of role, supplier or activity logs it out everywhere."""
    row = accounts.update_user(
        db,
        user_id,
        display_name=body.display_name,
        role=body.role,
        supplier_code=body.supplier,
        is_active=body.is_active,
    )
    return _user(row, accounts.supplier_codes(db, [row]))


@router.post("/users/{user_id}/password-link", status_code=202)
def send_password_link(user_id: UserId, db: DatabaseDep, request: Request) -> dict[str, bool]:
    """E-mail the user a single-use link to set their password."""
    settings: Settings = request.app.state.settings
    policy = accounts.security_policy(settings)
    sent = auth.send_password_link(db, user_id, mailer_for(settings), settings.public_url, policy)
    return {"sent": sent}


@router.get("/users/{user_id}/tokens", response_model=list[Token])
def list_user_tokens(user_id: UserId, db: DatabaseDep) -> list[Token]:
    """A user's API tokens, newest first."""
    accounts.get_user(db, user_id)
    return [_token(row) for row in accounts.list_tokens(db, user_id)]


@router.post("/users/{user_id}/tokens", response_model=IssuedToken, status_code=201)
def issue_token(
    user_id: UserId, body: TokenCreate, db: DatabaseDep, actor: ActorDep
) -> IssuedToken:
    """Issue an API token acting for the user; its secret is in this answer only."""
    issued = accounts.issue_token(db, user_id, body.name, body.scopes, actor, body.expires_at)
    return IssuedToken(**_token(issued.row).model_dump(), token=issued.secret)


@router.get("/tokens", response_model=list[Token])
def list_tokens(db: DatabaseDep) -> list[Token]:
    """Every API token, newest first."""
    return [_token(row) for row in accounts.list_tokens(db)]


@router.delete("/tokens/{token_id}", response_model=Token)
def revoke_token(token_id: TokenId, db: DatabaseDep) -> Token:
    """Revoke a token: it stops working at once, for good."""
    return _token(accounts.revoke_token(db, token_id))
