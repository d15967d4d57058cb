"""Who the caller is: the account and the permissions a request acts with."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from supplyesg.domain.access import Role
from supplyesg.web.deps import CurrentUserDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(tags=["account"], responses=PROBLEM_RESPONSES)


class Me(BaseModel):
    """The caller's account and what this request may do."""

    id: int
    email: str
    display_name: str
    role: Role
    supplier_id: int | None
    token: str | None
    permissions: list[str]


@router.get("/me", response_model=Me)
def me(user: CurrentUserDep) -> Me:
    """The account a request acts for, and its permissions (narrowed by the token's scopes)."""
    return Me(
        id=user.user_id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        supplier_id=user.supplier_id,
        token=user.token_name,
        permissions=sorted(str(p) for p in user.permissions),
    )
