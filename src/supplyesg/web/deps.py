"""What route handlers receive: the database and who is acting."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from supplyesg.db.session import Database


def get_database(request: Request) -> Database:
    """The application's database."""
    database: Database = request.app.state.database
    return database


def get_actor(request: Request) -> str:
    """Who is acting, as recorded in histories.

    Until accounts exist every request acts as the anonymous local user.
    """
    return "local user"


DatabaseDep = Annotated[Database, Depends(get_database)]
ActorDep = Annotated[str, Depends(get_actor)]
